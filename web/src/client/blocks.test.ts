// Blocking in the state layer: the pure rules (the server's list read defensively, the private
// chat with someone blocked, which group messages fold away, the words) and store.blocks against
// the fake server: the list loaded on connect, block and unblock showing the server's answer,
// a refusal thrown with the list unchanged, blocks:updated from another device, a reload after a
// reconnect, logout forgetting it; and a message into a private chat where either blocked the
// other failing for good with the server's words (not retried).
import { afterEach, describe, expect, it } from 'vitest';

import { blockedIds, blockedNotice, blockedPeer, blockErrorText, blockQuestion, isFolded, readBlocks, withBlocked, withoutBlocked } from './blocks';
import { ApiError, isBlocked, RequestError } from './errors';
import { BLOCKED_TEXT, BLOCKER_TEXT } from './fake-blocks';
import { FakeServer, settle, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { BlockedUser, Chat, User, ViewMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const person = (id: string): User => ({ id, name: id.toUpperCase(), email: `${id}@example.com` });
const entry = (id: string, at = '2025-01-01T12:00:00.000Z'): BlockedUser => ({ user: person(id), blockedAt: at });

function msg(id: string, senderId: string, extra: Partial<ViewMessage> = {}): ViewMessage {
  return {
    id,
    chatId: 'g',
    senderId,
    content: 'hi',
    status: 'SENT',
    createdAt: '2025-01-01T12:00:00.000Z',
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq: 1,
    clientMessageId: null,
    ...extra,
  };
}

describe('block rules', () => {
  it('reads the server\'s list defensively, keeping its order and each person once', () => {
    expect(readBlocks({ blocks: [entry('b'), entry('a')] })).toEqual([entry('b'), entry('a')]);
    expect(readBlocks([{ user: { id: 'a' } }, { user: { id: 'a', name: 'Again' } }, { user: {} }, 7, null])).toEqual([
      { user: { id: 'a', name: '', email: '' }, blockedAt: '' },
    ]);
    expect(readBlocks(null)).toEqual([]);
    expect(readBlocks({ blocks: 'no' })).toEqual([]);
  });

  it('adds (latest first) and takes out people, and knows their ids', () => {
    const list = withBlocked([entry('a')], person('b'), '2025-01-02T00:00:00.000Z');
    expect(list.map((b) => b.user.id)).toEqual(['b', 'a']);
    expect(withBlocked(list, person('a'), 'x').map((b) => b.user.id)).toEqual(['a', 'b']);
    expect(withoutBlocked(list, 'b')).toEqual([entry('a')]);
    expect([...blockedIds(list)].sort()).toEqual(['a', 'b']);
  });

  it('finds the blocked person of a private chat, never of a group', () => {
    const chat: Chat = { id: 'c', participants: ['me', 'b'], createdAt: '', updatedAt: '' };
    expect(blockedPeer(chat, 'me', new Set(['b']))).toBe('b');
    expect(blockedPeer(chat, 'me', new Set(['x']))).toBeNull();
    expect(blockedPeer({ ...chat, kind: 'group' }, 'me', new Set(['b']))).toBeNull();
    expect(blockedPeer(undefined, 'me', new Set(['b']))).toBeNull();
  });

  it('folds a group\'s messages from blocked people unless shown, never system lines or private chats', () => {
    const blocked = new Set(['b']);
    expect(isFolded(msg('1', 'b'), true, blocked, new Set())).toBe(true);
    expect(isFolded(msg('1', 'b'), true, blocked, new Set(['1']))).toBe(false);
    expect(isFolded(msg('1', 'c'), true, blocked, new Set())).toBe(false);
    expect(isFolded(msg('1', 'b', { kind: 'system' }), true, blocked, new Set())).toBe(false);
    expect(isFolded(msg('1', 'b'), false, blocked, new Set())).toBe(false);
  });

  it('says it in words', () => {
    expect(blockQuestion('Alice')).toBe('Block Alice? They will not be able to message you or see when you are online.');
    expect(blockedNotice('Alice')).toBe('You blocked Alice.');
    expect(blockErrorText(new ApiError(404, 'not_found', 'User not found'), true)).toBe('Could not block: User not found');
    expect(isBlocked(new RequestError('blocked', BLOCKED_TEXT))).toBe(true);
    expect(isBlocked(new ApiError(403, 'blocked', BLOCKED_TEXT))).toBe(true);
    expect(isBlocked(new RequestError('forbidden', 'no'))).toBe(false);
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  carol: User;
  chat: Chat;
}

async function world(seed?: (server: FakeServer, me: User, bob: User) => void): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const chat = server.addChat(me.id, bob.id);
  seed?.(server, me, bob);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.blocks.list() !== null, 'blocks loaded');
  return { server, store, me, bob, carol, chat };
}

const view = (w: World) => w.store.blocks.view.get();
const ids = (w: World) => (view(w).blocks ?? []).map((b) => b.user.id);

describe('store.blocks', () => {
  it('loads the list once connected after signing in', async () => {
    const w = await world((server, me, bob) => void server.blocks.set(me.id, bob.id, true));
    expect(ids(w)).toEqual([w.bob.id]);
    expect(view(w).blocks?.[0]?.user).toEqual({ id: w.bob.id, name: 'Bob', email: 'bob@example.com' });
    expect(w.store.blocks.isBlocked(w.bob.id)).toBe(true);
    expect(w.store.blocks.isBlocked(w.carol.id)).toBe(false);
    expect(view(w).loading).toBe(false);
  });

  it('blocks and unblocks, showing the server\'s answer, the latest first', async () => {
    const w = await world();
    expect(ids(w)).toEqual([]);
    const gate: Array<() => void> = [];
    w.server.blocks.changeGate = gate;
    const blocking = w.store.blocks.block(w.bob.id);
    expect(view(w).changing).toEqual({ [w.bob.id]: true });
    expect(w.store.blocks.isBlocked(w.bob.id)).toBe(false); // the server decides
    await until(() => gate.length === 1, 'PUT sent');
    w.server.blocks.changeGate = null;
    gate.shift()!();
    await blocking;
    expect(view(w).changing).toEqual({});
    expect(w.store.blocks.isBlocked(w.bob.id)).toBe(true);
    await w.store.blocks.block(w.carol.id);
    expect(ids(w)).toEqual([w.carol.id, w.bob.id]);
    await w.store.blocks.unblock(w.bob.id);
    expect(ids(w)).toEqual([w.carol.id]);
    expect(w.server.blocks.changes).toEqual([
      [w.bob.id, true],
      [w.carol.id, true],
      [w.bob.id, false],
    ]);
    expect(w.server.blocks.has(w.me.id, w.carol.id)).toBe(true);
    expect(w.server.blocks.has(w.me.id, w.bob.id)).toBe(false);
  });

  it('throws a refusal and keeps the list as it was', async () => {
    const w = await world();
    w.server.blocks.failChanges = [new ApiError(400, 'invalid_input', 'You cannot block yourself')];
    await expect(w.store.blocks.block(w.me.id)).rejects.toThrow('You cannot block yourself');
    await expect(w.store.blocks.block('no-such-user')).rejects.toThrow('User not found');
    expect(ids(w)).toEqual([]);
    expect(view(w).changing).toEqual({});
    expect(w.store.getState().toast).toBeNull(); // the UI says it where it was asked
  });

  it('follows blocks:updated from another device: shown at once, then read again', async () => {
    const w = await world();
    const lists = w.server.blocks.lists;
    await w.server.blocks.set(w.me.id, w.carol.id, true);
    expect(ids(w)).toEqual([w.carol.id]); // at once, with the person as the user list knows them
    expect(view(w).blocks?.[0]?.user.name).toBe('Carol');
    await until(() => w.server.blocks.lists > lists, 'read again');
    await w.server.blocks.set(w.me.id, w.carol.id, false);
    expect(ids(w)).toEqual([]);
    await settle();
    expect(ids(w)).toEqual([]);
  });

  it('reads the list again after a reconnect, and forgets it at logout', async () => {
    const w = await world();
    w.server.drop();
    await w.server.blocks.set(w.me.id, w.bob.id, true); // missed: not connected
    expect(ids(w)).toEqual([]);
    w.server.restore();
    await until(() => ids(w).length === 1, 'read again');
    await w.store.logout();
    expect(view(w).blocks).toBeNull();
    expect(w.store.blocks.isBlocked(w.bob.id)).toBe(false);
  });

  it('drops a list read before a change answered after it', async () => {
    const w = await world();
    w.server.drop(); // no events: only the answers count
    const gate: Array<() => void> = [];
    w.server.blocks.listGate = gate;
    const loading = w.store.blocks.load(); // reads the empty list, answered late
    await until(() => gate.length === 1, 'GET sent');
    w.server.blocks.listGate = null;
    await w.store.blocks.block(w.bob.id);
    expect(ids(w)).toEqual([w.bob.id]);
    gate.shift()!();
    await loading;
    expect(ids(w)).toEqual([w.bob.id]);
    expect(view(w).loading).toBe(false);
  });
});

describe('sending where a block stands', () => {
  function failed(w: World) {
    return (w.store.getState().messages[w.chat.id]?.items ?? []).filter((m) => m.failed !== undefined);
  }

  it('a message to someone who blocked the user fails for good, with the server\'s words', async () => {
    const w = await world((server, me, bob) => void server.blocks.set(bob.id, me.id, true));
    w.store.send(w.chat.id, 'Hello?');
    await until(() => w.store.outboxItems().length === 0, 'given up');
    expect(failed(w).map((m) => [m.content, m.failed])).toEqual([['Hello?', BLOCKED_TEXT]]);
    expect(w.store.getState().toast?.text).toBe(`Message not sent: ${BLOCKED_TEXT}`);
    // Not sent again on reconnect.
    const sent = w.server.requests.filter(([e]) => e === 'message').length;
    w.server.drop();
    w.server.restore();
    await until(() => w.store.getState().connection === 'connected', 'connected again');
    await settle();
    expect(w.server.requests.filter(([e]) => e === 'message').length).toBe(sent);
    expect(w.server.stored).toEqual([]);

    // Once unblocked, Retry sends it.
    await w.server.blocks.set(w.bob.id, w.me.id, false);
    w.store.retry(w.chat.id, failed(w)[0]!.id);
    await until(() => w.server.stored.length === 1, 'sent');
    await until(() => failed(w).length === 0 && w.store.outboxItems().length === 0, 'acknowledged');
  });

  it('the blocker\'s own message is refused with the words for their side', async () => {
    const w = await world();
    await w.store.blocks.block(w.bob.id);
    w.store.send(w.chat.id, 'Still there?');
    await until(() => failed(w).length === 1, 'refused');
    expect(failed(w)[0]?.failed).toBe(BLOCKER_TEXT);
  });
});
