// The rules of editing and deleting as the client offers them, and the pure transitions of a
// chat's messages for edits, deletions, hidden messages and change pages (lifecycle.ts), with
// the list rule that keeps a deletion and the later edit whatever order copies come in
// (messages.ts).
import { describe, expect, it } from 'vitest';

import {
  DELETED_TEXT,
  DELETE_WINDOW_MS,
  EDIT_WINDOW_MS,
  applyServerWindows,
  canDeleteForEveryone,
  canDeleteForMe,
  canEdit,
  deleteChoices,
  lastEditable,
  shownMessages,
  textState,
  withChangePage,
  withDeleted,
  withHidden,
  withLocalEdit,
  withoutLocalEdit,
} from './lifecycle';
import { lastMessage, mergeMessages, unreadCount } from './messages';
import { EMPTY_MESSAGES, type ChatMessagesState } from './state';
import type { ViewMessage } from './types';

const T0 = Date.UTC(2025, 0, 1, 12, 0);
const HOUR = 3600 * 1000;

function msg(seq: number, senderId: string, extra: Partial<ViewMessage> = {}): ViewMessage {
  return {
    id: `m${seq}`,
    chatId: 'c',
    senderId,
    content: `text ${seq}`,
    status: 'SENT',
    createdAt: new Date(T0 + seq * 60000).toISOString(),
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

function state(items: ViewMessage[], changeSeq = 0): ChatMessagesState {
  return { ...EMPTY_MESSAGES, items, loaded: true, syncedSeq: items.length, changeSeq };
}

describe('who may edit', () => {
  const now = T0 + HOUR;

  it('the sender, a text message the server has, within 48 hours', () => {
    expect(canEdit(msg(1, 'me'), 'me', now)).toBe(true);
    expect(canEdit(msg(1, 'bob'), 'me', now)).toBe(false);
    expect(canEdit(msg(1, 'me'), 'me', T0 + 60000 + EDIT_WINDOW_MS + 1)).toBe(false);
    expect(canEdit(msg(1, 'me'), 'me', T0 + 60000 + EDIT_WINDOW_MS)).toBe(true);
  });

  it('not a pending, refused, system, deleted or hidden message', () => {
    for (const extra of [
      { pending: true },
      { failed: 'too long' },
      { kind: 'system' as const },
      { deleted: true },
      { hidden: true },
    ]) {
      expect(canEdit(msg(1, 'me', extra), 'me', now), JSON.stringify(extra)).toBe(false);
    }
  });

  it('the Up key edits the newest of the user\'s own messages that still can be', () => {
    const items = [msg(1, 'me'), msg(2, 'me'), msg(3, 'bob'), msg(4, 'me', { deleted: true }), msg(5, 'me', { pending: true, seq: 0 })];
    expect(lastEditable(items, 'me', now)?.id).toBe('m2');
    expect(lastEditable([msg(1, 'bob')], 'me', now)).toBeUndefined();
    // Too old: nothing to edit.
    expect(lastEditable(items, 'me', T0 + 3 * EDIT_WINDOW_MS)).toBeUndefined();
  });

  it('a group\'s own window shortens the server\'s, and the server\'s own windows count once told', () => {
    const sent = T0 + 60000;
    expect(canEdit(msg(1, 'me'), 'me', sent + 59_000, 60)).toBe(true);
    expect(canEdit(msg(1, 'me'), 'me', sent + 61_000, 60)).toBe(false);
    expect(canEdit(msg(1, 'me'), 'me', sent + 61_000, 0)).toBe(true);
    try {
      applyServerWindows({ editWindowMs: 10_000, deleteWindowMs: 0 });
      expect(canEdit(msg(1, 'me'), 'me', sent + 11_000)).toBe(false);
      expect(canEdit(msg(1, 'me'), 'me', sent + 11_000, 3600)).toBe(false);  // never longer than the server's
      expect(canDeleteForEveryone(msg(1, 'me'), { me: 'me', now: sent + 100 * EDIT_WINDOW_MS })).toBe(true);  // 0: no limit
      applyServerWindows({ editWindowMs: 0, deleteWindowMs: DELETE_WINDOW_MS });
      expect(canEdit(msg(1, 'me'), 'me', sent + 100 * EDIT_WINDOW_MS)).toBe(true);
      expect(canEdit(msg(1, 'me'), 'me', sent + 61_000, 60)).toBe(false);
    } finally {
      applyServerWindows({ editWindowMs: EDIT_WINDOW_MS, deleteWindowMs: DELETE_WINDOW_MS });
    }
  });
});

describe('who may delete', () => {
  const now = T0 + HOUR;
  const late = T0 + 49 * HOUR;

  it('for everyone: the sender within 48 hours; in a group, admins and the owner any message', () => {
    expect(canDeleteForEveryone(msg(1, 'me'), { me: 'me', now })).toBe(true);
    expect(canDeleteForEveryone(msg(1, 'me'), { me: 'me', now: late })).toBe(false);
    expect(canDeleteForEveryone(msg(1, 'bob'), { me: 'me', now })).toBe(false);
    expect(canDeleteForEveryone(msg(1, 'bob'), { me: 'me', now, role: 'member' })).toBe(false);
    expect(canDeleteForEveryone(msg(1, 'bob'), { me: 'me', now: late, role: 'admin' })).toBe(true);
    expect(canDeleteForEveryone(msg(1, 'bob'), { me: 'me', now: late, role: 'owner' })).toBe(true);
    expect(canDeleteForEveryone(msg(1, 'bob', { kind: 'system' }), { me: 'me', now, role: 'owner' })).toBe(false);
    expect(canDeleteForEveryone(msg(1, 'me', { deleted: true }), { me: 'me', now })).toBe(false);
  });

  it('for oneself: any stored message but a system line, a tombstone too', () => {
    expect(canDeleteForMe(msg(1, 'bob'))).toBe(true);
    expect(canDeleteForMe(msg(1, 'bob', { deleted: true }))).toBe(true);
    expect(canDeleteForMe(msg(1, 'bob', { kind: 'system' }))).toBe(false);
    expect(canDeleteForMe(msg(1, 'me', { pending: true }))).toBe(false);
    expect(canDeleteForMe(msg(1, 'me', { hidden: true }))).toBe(false);
  });

  it('a selection: for everyone only when every message allows it, at most 100', () => {
    const ctx = { me: 'me', now };
    expect(deleteChoices([msg(1, 'me'), msg(2, 'me')], ctx)).toEqual({ forMe: true, forEveryone: true });
    expect(deleteChoices([msg(1, 'me'), msg(2, 'bob')], ctx)).toEqual({ forMe: true, forEveryone: false });
    expect(deleteChoices([msg(1, 'me'), msg(2, 'bob')], { ...ctx, role: 'admin' })).toEqual({ forMe: true, forEveryone: true });
    const many = Array.from({ length: 101 }, (_, i) => msg(i + 1, 'me'));
    expect(deleteChoices(many, ctx)).toEqual({ forMe: false, forEveryone: false });
    expect(deleteChoices(many.slice(0, 100), ctx)).toEqual({ forMe: true, forEveryone: true });
    expect(deleteChoices([], ctx)).toEqual({ forMe: false, forEveryone: false });
  });
});

describe('applying changes to a chat\'s messages', () => {
  it('message:deleted: tombstones, pins gone; the changeSeq follows only the next change', () => {
    const st = state([msg(1, 'bob', { isPinned: true, pinnedAt: 'x', pinnedBy: 'bob' }), msg(2, 'bob'), msg(3, 'me')], 4);
    const next = withDeleted(st, { chatId: 'c', messageIds: ['m1', 'm2'], deletedBy: 'bob', deletedAt: 'at', changeSeq: 6 });
    expect(next.items.map((m) => [m.content, m.deleted ?? false, m.isPinned])).toEqual([
      [DELETED_TEXT, true, false],
      [DELETED_TEXT, true, false],
      ['text 3', false, false],
    ]);
    expect(next.changeSeq).toBe(6);
    // Changes were missed (4 + 1 is not 7): the feed reads them on the next reconnect.
    const missed = withDeleted(st, { chatId: 'c', messageIds: ['m2'], deletedBy: 'bob', deletedAt: 'at', changeSeq: 7 });
    expect(missed.changeSeq).toBe(4);
    expect(missed.items[1]?.deleted).toBe(true);
  });

  it('message:hidden: kept with its seq, not shown, not in the chat list nor the unread count', () => {
    const st = withHidden(state([msg(1, 'bob'), msg(2, 'bob')]), ['m2']);
    expect(st.items.map((m) => m.seq)).toEqual([1, 2]);
    expect(st.items[1]).toMatchObject({ hidden: true, content: DELETED_TEXT });
    expect(shownMessages(st.items).map((m) => m.id)).toEqual(['m1']);
    expect(lastMessage(st.items)?.id).toBe('m1');
    expect(unreadCount(st.items, 'me')).toBe(1);
    // Nothing hidden: the same array (React compares by reference).
    const plain = [msg(1, 'bob')];
    expect(shownMessages(plain)).toBe(plain);
  });

  it('a change page: held messages replaced, others not added, hidden ones hidden, changeSeq = until', () => {
    const st = state([msg(2, 'bob'), msg(3, 'bob'), msg(4, 'me')], 3);
    const next = withChangePage(st, {
      messages: [msg(1, 'bob', { content: 'not held' }), msg(3, 'bob', { content: 'edited', editedAt: 'at', editCount: 1 })],
      hidden: ['m4'],
      until: 9,
      more: false,
    });
    expect(next.items.map((m) => m.content)).toEqual(['text 2', 'edited', DELETED_TEXT]);
    expect(next.items[2]?.hidden).toBe(true);
    expect(next.changeSeq).toBe(9);
  });

  it('an older copy undoes no deletion, hiding or edit; a newer edit replaces', () => {
    const edited = msg(1, 'bob', { content: 'second', editedAt: 'at', editCount: 2 });
    expect(mergeMessages([edited], [msg(1, 'bob', { content: 'first', editCount: 1 })])[0]?.content).toBe('second');
    expect(mergeMessages([edited], [msg(1, 'bob', { content: 'third', editCount: 3 })])[0]?.content).toBe('third');
    const gone = msg(1, 'bob', { content: DELETED_TEXT, deleted: true, deletedAt: 'at', deletedBy: 'bob' });
    expect(mergeMessages([gone], [msg(1, 'bob')])[0]).toMatchObject({ deleted: true, content: DELETED_TEXT });
    const hidden = msg(1, 'bob', { content: DELETED_TEXT, hidden: true });
    // The sender's edit of a message the user hid (message:edited, the feed) stays hidden.
    expect(mergeMessages([hidden], [edited])[0]).toMatchObject({ hidden: true, content: DELETED_TEXT });
  });

  it('a local edit shows at once and goes back if refused, unless the message changed meanwhile', () => {
    const m = msg(1, 'me');
    const before = textState(m);
    const local = withLocalEdit(m, 'new', 'at');
    expect(local).toMatchObject({ content: 'new', editedAt: 'at', editCount: 1 });
    const back = withoutLocalEdit(local, textState(local), before);
    expect(back.content).toBe('text 1');
    expect('editedAt' in back || 'editCount' in back).toBe(false);
    const deleted = { ...local, deleted: true, content: DELETED_TEXT };
    expect(withoutLocalEdit(deleted, textState(local), before)).toBe(deleted);
  });
});
