import { describe, expect, it } from 'vitest';

import { msg } from './test-messages';
import { unreadLabel, unreadMark } from './unread';


describe('unreadMark', () => {
  it('is the first message from others not read yet, with how many follow', () => {
    const items = [
      msg(1, 'bob', 'READ'),
      msg(2, 'me', 'DELIVERED'),
      msg(3, 'bob', 'DELIVERED'),
      msg(4, 'me', 'SENT'),
      msg(5, 'bob', 'SENT'),
      msg(6, 'me', 'SENT', { id: 'local:x', seq: 0, pending: true }),
    ];
    expect(unreadMark(items, 'me')).toEqual({ id: 'm3', count: 2 });
  });

  it('is null when everything from others is read', () => {
    expect(unreadMark([msg(1, 'bob', 'READ'), msg(2, 'me', 'SENT')], 'me')).toBeNull();
    expect(unreadMark([], 'me')).toBeNull();
  });
});

describe('unreadLabel', () => {
  it('counts in words', () => {
    expect(unreadLabel(1)).toBe('1 unread message');
    expect(unreadLabel(12)).toBe('12 unread messages');
  });
});
