import { describe, expect, it } from 'vitest';

import {
  addPending,
  applyStatus,
  contiguousSeq,
  markReadUpTo,
  maxStatus,
  mergeMessages,
  pendingId,
  unreadCount,
} from './messages';
import type { ChatMessage, MessageStatus, ViewMessage } from './types';

function msg(seq: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    chatId: 'c1',
    senderId: 'alice',
    content: `message ${seq}`,
    status: 'SENT',
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq,
    clientMessageId: null,
    ...over,
  };
}

function pending(cid: string, content = 'hi'): ViewMessage {
  return { ...msg(0, { id: pendingId(cid), clientMessageId: cid, content, senderId: 'me' }), pending: true };
}

const seqs = (l: ViewMessage[]) => l.map((m) => m.seq);

describe('mergeMessages', () => {
  it('merges a history page and live messages without duplicates', () => {
    const history = [msg(1), msg(2), msg(3)];
    let list = mergeMessages([], history);
    list = mergeMessages(list, [msg(3)]); // the live copy of one already in history
    list = mergeMessages(list, [msg(4)]);
    list = mergeMessages(list, [msg(2), msg(3), msg(4), msg(5)]); // a catch-up page overlapping
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(list.map((m) => m.id)).size).toBe(5);
  });

  it('sorts messages that arrive out of order by seq', () => {
    let list = mergeMessages([], [msg(5)]);
    list = mergeMessages(list, [msg(2)]);
    list = mergeMessages(list, [msg(4), msg(1)]);
    list = mergeMessages(list, [msg(3)]);
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
  });

  it('prepends an older page', () => {
    const list = mergeMessages(mergeMessages([], [msg(51), msg(52)]), [msg(49), msg(50)]);
    expect(seqs(list)).toEqual([49, 50, 51, 52]);
  });

  it('replaces a pending message by its stored copy, matched by clientMessageId', () => {
    let list = mergeMessages([], [msg(1)]);
    list = addPending(list, pending('c-1', 'hello'));
    expect(list.at(-1)?.pending).toBe(true);
    const stored = msg(2, { id: 'srv-2', senderId: 'me', content: 'hello', clientMessageId: 'c-1' });
    list = mergeMessages(list, [stored]);
    expect(list.map((m) => m.id)).toEqual(['m1', 'srv-2']);
    expect(list[1]?.pending).toBeFalsy();
    // The acknowledgement and the live event both carry it: still one.
    list = mergeMessages(list, [stored, { ...stored }]);
    expect(list.map((m) => m.id)).toEqual(['m1', 'srv-2']);
  });

  it('keeps pending messages after stored ones, in the order written', () => {
    let list = addPending([], pending('a', 'first'));
    list = addPending(list, { ...pending('b', 'second'), createdAt: '2030-01-01T00:00:00.000Z' });
    list = mergeMessages(list, [msg(1), msg(2)]);
    expect(list.map((m) => m.content)).toEqual(['message 1', 'message 2', 'first', 'second']);
  });

  it('never downgrades the status when an older copy arrives', () => {
    let list = mergeMessages([], [msg(1, { status: 'READ' })]);
    list = mergeMessages(list, [msg(1, { status: 'SENT' })]);
    expect(list[0]?.status).toBe('READ');
  });

  it('takes pin changes from the newer copy', () => {
    let list = mergeMessages([], [msg(1)]);
    list = mergeMessages(list, [msg(1, { isPinned: true, pinnedAt: '2025-01-01T00:00:00.000Z' })]);
    expect(list[0]?.isPinned).toBe(true);
  });
});

describe('status updates', () => {
  it('goes SENT -> DELIVERED -> READ and never back', () => {
    const order: MessageStatus[] = ['DELIVERED', 'SENT', 'READ', 'DELIVERED', 'SENT'];
    let list: ViewMessage[] = mergeMessages([], [msg(1)]);
    const seen: MessageStatus[] = [];
    for (const s of order) {
      list = applyStatus(list, 'm1', s);
      seen.push(list[0]!.status);
    }
    expect(seen).toEqual(['DELIVERED', 'DELIVERED', 'READ', 'READ', 'READ']);
  });

  it('returns the same list when nothing changes', () => {
    const list = mergeMessages([], [msg(1, { status: 'READ' })]);
    expect(applyStatus(list, 'm1', 'DELIVERED')).toBe(list);
    expect(applyStatus(list, 'unknown', 'READ')).toBe(list);
  });

  it('maxStatus picks the higher', () => {
    expect(maxStatus('SENT', 'READ')).toBe('READ');
    expect(maxStatus('READ', 'DELIVERED')).toBe('READ');
  });
});

describe('unread counts', () => {
  const list = mergeMessages(
    [],
    [msg(1), msg(2, { senderId: 'me' }), msg(3), msg(4, { status: 'READ' }), msg(5, { status: 'DELIVERED' })],
  );

  it('counts messages from others that are not read', () => {
    expect(unreadCount(list, 'me')).toBe(3);
    expect(unreadCount(addPending(list, pending('x')), 'me')).toBe(3);
  });

  it('drops to zero once read up to the newest seq, and only up to seq', () => {
    expect(unreadCount(markReadUpTo(list, 'me', 3), 'me')).toBe(1);
    expect(unreadCount(markReadUpTo(list, 'me', 5), 'me')).toBe(0);
    // Own messages are not marked read by one's own reading.
    expect(markReadUpTo(list, 'me', 5).find((m) => m.seq === 2)?.status).toBe('SENT');
  });
});

describe('contiguousSeq', () => {
  it('stops at the first gap', () => {
    const list = mergeMessages([], [msg(1), msg(2), msg(3), msg(5)]);
    expect(contiguousSeq(list, 0)).toBe(3);
    expect(contiguousSeq(list, 3)).toBe(3);
    expect(contiguousSeq(mergeMessages(list, [msg(4)]), 3)).toBe(5);
  });
});
