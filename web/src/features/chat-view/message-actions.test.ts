import { describe, expect, it } from 'vitest';

import { DELETED_TEXT, EDIT_WINDOW_MS } from '../../client/lifecycle';
import type { ViewMessage } from '../../client/types';
import { keyedAction, menuActions, type MenuActionContext } from './message-actions';
import { msg } from './test-messages';

/** A minute after message 1 was sent (test-messages: seq n at 12:0n). */
const NOW = Date.UTC(2025, 0, 1, 12, 2);

/** What a stored text message offers first. */
const ANSWER = ['Reply', 'Reply in thread'];

describe('menuActions', () => {
  const names = (m: ViewMessage, ctx: Partial<MenuActionContext> = {}) =>
    menuActions(m, { own: m.senderId === 'me', me: 'me', now: NOW, ...ctx }).map((a) => a.label);

  it('lists what applies to the message, in order', () => {
    expect(names(msg(1, 'bob', 'READ'))).toEqual([...ANSWER, 'Copy text', 'Forward', 'Pin', 'Select', 'Delete']);
    expect(names(msg(1, 'bob', 'READ', { isPinned: true }))).toEqual([...ANSWER, 'Copy text', 'Forward', 'Unpin', 'Select', 'Delete']);
    // Not stored yet: nothing that needs the server's copy.
    expect(names(msg(0, 'me', 'SENT', { pending: true }))).toEqual(['Copy text']);
    expect(names(msg(0, 'me', 'SENT', { failed: 'too long' }))).toEqual(['Copy text']);
  });

  it('"Edit" on the user\'s own text messages within the window; "Edit history" once edited', () => {
    expect(names(msg(1, 'me', 'READ'))).toEqual([...ANSWER, 'Copy text', 'Edit', 'Forward', 'Pin', 'Select', 'Delete']);
    expect(names(msg(1, 'me', 'READ'), { now: NOW + EDIT_WINDOW_MS })).not.toContain('Edit');
    expect(names(msg(1, 'me', 'READ'), { left: true })).toEqual(['Copy text', 'Forward', 'Pin', 'Select']);
    expect(names(msg(1, 'bob', 'READ', { editCount: 2, editedAt: 'x' }))).toEqual([
      ...ANSWER,
      'Copy text',
      'Edit history',
      'Forward',
      'Pin',
      'Select',
      'Delete',
    ]);
    expect(names(msg(1, 'me', 'READ', { kind: 'system' }))).toEqual(['Copy text']);
  });

  it('a tombstone offers only "Delete" (for oneself)', () => {
    expect(names(msg(1, 'bob', 'READ', { deleted: true, content: DELETED_TEXT, editCount: 1 }))).toEqual(['Delete']);
    expect(names(msg(1, 'me', 'READ', { deleted: true, content: DELETED_TEXT }))).toEqual(['Delete']);
  });

  it('replies: "Quote selected text" with a selection in the message, "Open thread" on a root, none in a thread', () => {
    expect(names(msg(1, 'bob', 'READ'), { quote: 'a part' }).slice(0, 3)).toEqual(['Reply', 'Quote selected text', 'Reply in thread']);
    expect(names(msg(1, 'bob', 'READ', { thread: { replyCount: 2, lastReplyAt: null, participants: [] } }))).toContain('Open thread');
    expect(names(msg(1, 'bob', 'READ', { threadRootId: 'root' }))).not.toContain('Reply in thread');
    expect(names(msg(1, 'bob', 'READ'), { inThread: true }).slice(0, 2)).toEqual(['Reply', 'Copy text']);
  });

  it('"Report…" and "Block sender" last on others\' stored messages where they are offered; "Unblock sender" once blocked', () => {
    const all = [...ANSWER, 'Copy text', 'Forward', 'Pin', 'Select', 'Delete'];
    expect(names(msg(1, 'bob', 'READ'), { senderBlocked: false })).toEqual([...all, 'Report…', 'Block sender']);
    expect(names(msg(1, 'bob', 'READ'), { senderBlocked: true })).toEqual([...all, 'Report…', 'Unblock sender']);
    expect(names(msg(1, 'me', 'READ'), { senderBlocked: false })).not.toContain('Block sender');
    expect(names(msg(1, 'me', 'READ'), { senderBlocked: false })).not.toContain('Report…');
    expect(names(msg(0, 'bob', 'SENT', { pending: true }), { senderBlocked: false })).not.toContain('Report…');
    expect(names(msg(1, 'bob', 'READ', { kind: 'system' }), { senderBlocked: false })).toEqual(['Copy text']);
    expect(names(msg(1, 'bob', 'READ', { deleted: true, content: DELETED_TEXT }), { senderBlocked: false })).toEqual(['Delete']);
  });
});

describe('keyedAction', () => {
  const key = (k: string, init: { ctrlKey?: boolean; shiftKey?: boolean; code?: string } = {}) => ({
    key: k,
    code: init.code ?? '',
    ctrlKey: init.ctrlKey ?? false,
    altKey: false,
    shiftKey: init.shiftKey ?? false,
    metaKey: false,
  });
  const offered = (m: ViewMessage, ctx: Partial<MenuActionContext> = {}) => menuActions(m, { own: m.senderId === 'me', me: 'me', now: NOW, ...ctx });

  it('R replies, E edits and T opens the thread, when the menu offers them', () => {
    const mine = offered(msg(1, 'me', 'READ'));
    expect(keyedAction(key('r'), mine, 'other')).toBe('reply');
    expect(keyedAction(key('e'), mine, 'other')).toBe('edit');
    expect(keyedAction(key('t'), mine, 'other')).toBe('thread');
    // Someone else's message: no Edit; a message left: no Reply.
    expect(keyedAction(key('e'), offered(msg(1, 'bob', 'READ')), 'other')).toBeNull();
    expect(keyedAction(key('r'), offered(msg(1, 'bob', 'READ'), { left: true }), 'other')).toBeNull();
    // A thread's panel offers no thread of its own.
    expect(keyedAction(key('t'), offered(msg(1, 'bob', 'READ'), { inThread: true }), 'other')).toBeNull();
  });

  it('takes the letter printed on the key, and no chord', () => {
    const theirs = offered(msg(1, 'bob', 'READ'));
    expect(keyedAction(key('к', { code: 'KeyR' }), theirs, 'other')).toBe('reply');
    expect(keyedAction(key('r', { ctrlKey: true }), theirs, 'other')).toBeNull();
    expect(keyedAction(key('R', { shiftKey: true }), theirs, 'other')).toBeNull();
    expect(keyedAction(key('x'), theirs, 'other')).toBeNull();
  });
});
