import { describe, expect, it } from 'vitest';

import { neighbourChat } from './selectors';

describe('neighbourChat', () => {
  const order = ['a', 'b', 'c', 'd'];

  it('moves one chat down or up the list, stopping at its ends', () => {
    expect(neighbourChat(order, 'b', 1)).toBe('c');
    expect(neighbourChat(order, 'b', -1)).toBe('a');
    expect(neighbourChat(order, 'd', 1)).toBeNull();
    expect(neighbourChat(order, 'a', -1)).toBeNull();
  });

  it('starts at the first (down) or the last (up) chat when none is open, or the open one is not listed', () => {
    expect(neighbourChat(order, null, 1)).toBe('a');
    expect(neighbourChat(order, null, -1)).toBe('d');
    expect(neighbourChat(order, 'x', 1)).toBe('a');
    expect(neighbourChat([], null, 1)).toBeNull();
  });

  it('finds the nearest chat with unread messages in that direction, going round the list', () => {
    const unread = (id: string) => id === 'a' || id === 'd';
    expect(neighbourChat(order, 'b', 1, unread)).toBe('d');
    expect(neighbourChat(order, 'b', -1, unread)).toBe('a');
    expect(neighbourChat(order, 'd', 1, unread)).toBe('a');
    expect(neighbourChat(order, 'a', -1, unread)).toBe('d');
    expect(neighbourChat(order, null, 1, unread)).toBe('a');
    expect(neighbourChat(order, null, -1, unread)).toBe('d');
  });

  it('skips the open chat and finds nothing when no other chat has unread messages', () => {
    expect(neighbourChat(order, 'a', 1, (id) => id === 'a')).toBeNull();
    expect(neighbourChat(order, 'b', 1, () => false)).toBeNull();
  });
});
