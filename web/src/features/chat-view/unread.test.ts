import { describe, expect, it } from 'vitest';

import type { MessageStatus, ViewMessage } from '../../client/types';
import { unreadLabel, unreadMark } from './unread';

function msg(seq: number, senderId: string, status: MessageStatus, extra: Partial<ViewMessage> = {}): ViewMessage {
  return {
    id: `m${seq}`,
    chatId: 'c',
    senderId,
    content: `text ${seq}`,
    status,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq,
    clientMessageId: null,
    ...extra,
  };
}

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
