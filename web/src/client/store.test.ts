import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, settle, until } from './fakes';
import { unreadCount } from './messages';
import { chatSummaries } from './selectors';
import { MemoryStorage } from './storage';
import { ChatStore, expiredNotice, signedOutNotice, suspendedNotice, TOKEN_KEY } from './store';
import type { Chat, User } from './types';

interface World {
  server: FakeServer;
  store: ChatStore;
  storage: MemoryStorage;
  me: User;
  bob: User;
  chat: Chat;
}

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

function makeStore(server: FakeServer, storage: MemoryStorage, pageSize = 5): ChatStore {
  const store = new ChatStore({ api: server, realtime: server, storage, readDelayMs: 0, retryDelayMs: 0, pageSize });
  stores.push(store);
  return store;
}

/** A signed-in client; `seed` runs on the server before the client starts. */
async function world(pageSize = 5, seed?: (server: FakeServer, chat: Chat, bob: User) => void): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  seed?.(server, chat, bob);
  const storage = new MemoryStorage();
  const store = makeStore(server, storage, pageSize);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  return { server, store, storage, me, bob, chat };
}

function items(w: World) {
  return w.store.getState().messages[w.chat.id]?.items ?? [];
}

function contents(w: World): string[] {
  return items(w).map((m) => m.content);
}

function sentContents(w: World): string[] {
  return w.server.requests
    .filter(([e]) => e === 'message')
    .map(([, p]) => (p as { content: string }).content);
}

describe('history and live messages', () => {
  it('shows the newest page, then live messages, without duplicates', async () => {
    const w = await world(5, (server, chat, bob) => {
      for (let i = 1; i <= 3; i++) server.store(chat.id, bob.id, `old ${i}`);
    });
    w.store.openChat(w.chat.id);
    await until(() => items(w).length === 3, 'history');
    const [live] = w.server.store(w.chat.id, w.bob.id, 'live');
    w.server.push({ type: 'message', message: live });
    w.server.push({ type: 'message', message: { ...live } });
    expect(contents(w)).toEqual(['old 1', 'old 2', 'old 3', 'live']);
  });

  it('fills a gap in live seqs with a catch-up', async () => {
    const w = await world();
    w.store.openChat(w.chat.id);
    await until(() => w.store.getState().messages[w.chat.id]?.loaded === true, 'loaded');
    const [m1] = w.server.store(w.chat.id, w.bob.id, 'one');
    w.server.store(w.chat.id, w.bob.id, 'two'); // its live event is lost
    const [m3] = w.server.store(w.chat.id, w.bob.id, 'three');
    w.server.push({ type: 'message', message: m3 });
    w.server.push({ type: 'message', message: m1 });
    await until(() => items(w).length === 3, 'catch-up');
    expect(contents(w)).toEqual(['one', 'two', 'three']);
    expect(w.store.getState().messages[w.chat.id]?.syncedSeq).toBe(3);
  });

  it('catches up after a reconnect, page by page, with no gaps or duplicates', async () => {
    const w = await world(5, (server, chat, bob) => server.store(chat.id, bob.id, 'before'));
    w.store.openChat(w.chat.id);
    await until(() => items(w).length === 1, 'history');
    w.server.drop();
    expect(w.store.getState().connection).toBe('reconnecting');
    for (let i = 1; i <= 12; i++) w.server.store(w.chat.id, w.bob.id, `missed ${i}`);
    w.server.restore();
    // A live event racing the catch-up is merged, not duplicated.
    w.server.push({ type: 'message', message: w.server.stored.at(-1)! });
    await until(() => items(w).length === 13, 'caught up');
    expect(contents(w)).toEqual(['before', ...Array.from({ length: 12 }, (_, i) => `missed ${i + 1}`)]);
    expect(items(w).map((m) => m.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('loads older pages before the oldest held message', async () => {
    const w = await world(5, (server, chat, bob) => {
      for (let i = 1; i <= 12; i++) server.store(chat.id, bob.id, `m${i}`);
    });
    w.store.openChat(w.chat.id);
    await until(() => items(w).length === 5, 'newest page');
    expect(contents(w)[0]).toBe('m8');
    await w.store.loadOlder(w.chat.id);
    await w.store.loadOlder(w.chat.id);
    expect(items(w).map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(w.store.getState().messages[w.chat.id]?.hasOlder).toBe(false);
  });

  it('learns about a chat someone else started from its first message', async () => {
    const w = await world();
    const carol = w.server.addUser('Carol', true);
    const chat = w.server.addChat(carol.id, w.me.id);
    const [m] = w.server.store(chat.id, carol.id, 'hello there');
    w.server.push({ type: 'message', message: m });
    await until(() => w.store.getState().chats[chat.id] !== undefined, 'chat known');
    const summary = chatSummaries(w.store.getState()).find((s) => s.chat.id === chat.id);
    expect(summary?.title).toBe('Carol');
    expect(summary?.last?.content).toBe('hello there');
    await until(() => chatSummaries(w.store.getState()).find((s) => s.chat.id === chat.id)?.unread === 1, 'unread');
  });
});

describe('statuses and read receipts', () => {
  it('raises statuses from events and never lowers them', async () => {
    const w = await world();
    w.store.send(w.chat.id, 'hi');
    await until(() => items(w)[0]?.pending !== true, 'acknowledged');
    const id = items(w)[0]!.id;
    const ev = (status: 'SENT' | 'DELIVERED' | 'READ') => ({
      type: 'status' as const,
      event: { messageId: id, chatId: w.chat.id, status, userId: w.bob.id, timestamp: '' },
    });
    w.server.push(ev('DELIVERED'));
    expect(items(w)[0]?.status).toBe('DELIVERED');
    w.server.push(ev('READ'));
    w.server.push(ev('DELIVERED'));
    w.server.push(ev('SENT'));
    expect(items(w)[0]?.status).toBe('READ');
  });

  it('counts unread messages and sends chat:read once they are seen', async () => {
    const w = await world(5, (server, chat, bob) => {
      for (let i = 1; i <= 3; i++) server.store(chat.id, bob.id, `m${i}`);
    });
    w.store.openChat(w.chat.id);
    await until(() => items(w).length === 3, 'history');
    expect(chatSummaries(w.store.getState())[0]?.unread).toBe(3);
    w.store.markSeen(w.chat.id, 2);
    expect(unreadCount(items(w), w.me.id)).toBe(1);
    w.store.markSeen(w.chat.id, 3);
    w.store.markSeen(w.chat.id, 3); // nothing left to read: no second request
    await until(() => w.server.stored.every((m) => m.status === 'READ'), 'server read');
    const reads = w.server.requests.filter(([e]) => e === 'chat:read').map(([, p]) => p);
    expect(reads).toEqual([{ chatId: w.chat.id, seq: 3 }]);
    expect(chatSummaries(w.store.getState())[0]?.unread).toBe(0);
  });

  it('sends read receipts made while offline after reconnecting', async () => {
    const w = await world(5, (server, chat, bob) => server.store(chat.id, bob.id, 'm1'));
    w.store.openChat(w.chat.id);
    await until(() => items(w).length === 1, 'history');
    w.server.drop();
    w.store.markSeen(w.chat.id, 1);
    await settle();
    expect(w.server.stored[0]?.status).toBe('SENT');
    w.server.restore();
    await until(() => w.server.stored[0]?.status === 'READ', 'read after reconnect');
  });
});

describe('resync after a reconnect', () => {
  it('joins and catches up at most four chats at once, then sends the offline queue', async () => {
    const w = await world(5, (server, _chat, bob) => {
      for (let i = 0; i < 9; i++) server.addChat(server.userList[0]!.id, server.addUser(`Friend ${i}`).id);
      server.store(server.chatList[0]!.id, bob.id, 'before');
    });
    const chats = w.server.chatList.map((c) => c.id);
    expect(chats).toHaveLength(10);
    await settle(20); // the first connect's resync
    w.server.drop();
    for (const [i, chatId] of chats.entries()) {
      const other = w.server.chatList[i]!.participants[1]!;
      w.server.store(chatId, other, `missed in ${i}`);
    }
    w.store.send(w.chat.id, 'written offline');
    const joinsBefore = w.server.requests.filter(([e]) => e === 'chat:join').length;
    const joins = () => w.server.requests.filter(([e]) => e === 'chat:join').slice(joinsBefore);

    const gate: Array<() => void> = [];
    w.server.joinGate = gate;
    w.server.restore();
    await until(() => gate.length === 4, 'four joins');
    await settle();
    expect(joins()).toHaveLength(4);
    let most = 0;
    while (joins().length < chats.length || gate.length > 0) {
      most = Math.max(most, gate.length);
      expect(sentContents(w)).toEqual([]); // the queue waits for every chat
      gate.shift()!();
      await settle();
    }
    expect(most).toBe(4);
    expect(new Set(joins().map(([, p]) => (p as { chatId: string }).chatId))).toEqual(new Set(chats));
    await until(() => w.store.outboxItems().length === 0, 'outbox flushed');
    const events = w.server.requests.map(([e]) => e);
    expect(events.lastIndexOf('chat:join')).toBeLessThan(events.indexOf('message'));
    for (const [i, chatId] of chats.entries()) {
      const held = w.store.getState().messages[chatId]?.items.map((m) => m.content) ?? [];
      expect(held).toContain(`missed in ${i}`);
    }
  });
});

describe('offline queue', () => {
  it('keeps messages written while disconnected and sends them in order on reconnect', async () => {
    const w = await world();
    w.store.openChat(w.chat.id);
    w.server.drop();
    w.store.send(w.chat.id, 'first');
    w.store.send(w.chat.id, 'second');
    w.store.send(w.chat.id, 'third');
    expect(items(w).map((m) => [m.content, m.pending])).toEqual([
      ['first', true],
      ['second', true],
      ['third', true],
    ]);
    expect(w.store.outboxItems().map((i) => i.content)).toEqual(['first', 'second', 'third']);
    expect(sentContents(w)).toEqual([]);
    w.server.restore();
    await until(() => w.store.outboxItems().length === 0, 'outbox flushed');
    expect(sentContents(w)).toEqual(['first', 'second', 'third']);
    expect(w.server.stored.map((m) => [m.content, m.seq])).toEqual([
      ['first', 1],
      ['second', 2],
      ['third', 3],
    ]);
    expect(items(w).map((m) => [m.content, m.pending ?? false, m.seq])).toEqual([
      ['first', false, 1],
      ['second', false, 2],
      ['third', false, 3],
    ]);
  });

  it('retries a message whose acknowledgement was lost with the same clientMessageId, stored once', async () => {
    const w = await world();
    w.store.openChat(w.chat.id);
    w.server.loseAcks = 1;
    w.store.send(w.chat.id, 'once');
    await until(() => w.store.outboxItems().length === 0, 'acknowledged on retry');
    const attempts = w.server.requests.filter(([e]) => e === 'message').map(([, p]) => p as { clientMessageId: string });
    expect(attempts.length).toBe(2);
    expect(attempts[0]?.clientMessageId).toBe(attempts[1]?.clientMessageId);
    expect(w.server.stored.length).toBe(1);
    // The live copy arriving too changes nothing.
    w.server.push({ type: 'message', message: w.server.stored[0]! });
    expect(contents(w)).toEqual(['once']);
    expect(items(w)[0]?.pending).toBeFalsy();
  });

  it('retries after a connection lost mid-send, and the stored copy replaces the pending one', async () => {
    const w = await world();
    w.store.openChat(w.chat.id);
    w.server.loseAcks = 1;
    w.server.drop();
    w.store.send(w.chat.id, 'a');
    w.server.restore();
    await until(() => sentContents(w).length >= 1, 'first attempt');
    w.server.drop(); // the acknowledgement was lost with the connection
    w.server.restore();
    await until(() => w.store.outboxItems().length === 0, 'flushed');
    expect(w.server.stored.map((m) => m.content)).toEqual(['a']);
    expect(contents(w)).toEqual(['a']);
  });

  it('keeps the outbox across a reload of the page', async () => {
    const w = await world();
    w.server.drop();
    w.store.send(w.chat.id, 'survives');
    w.server.reachable = false;
    w.store.destroy();
    const again = makeStore(w.server, w.storage);
    w.server.token = null;
    await again.init();
    expect(again.getState().messages[w.chat.id]?.items.map((m) => [m.content, m.pending])).toEqual([
      ['survives', true],
    ]);
    w.server.restore();
    await until(() => again.outboxItems().length === 0, 'sent after reload');
    expect(w.server.stored.map((m) => m.content)).toEqual(['survives']);
  });

  it('marks a message the server refuses as failed instead of retrying forever', async () => {
    const w = await world();
    w.store.send('no-such-chat', 'lost');
    await until(() => w.store.outboxItems().length === 0, 'given up');
    const m = w.store.getState().messages['no-such-chat']?.items[0];
    expect(m?.failed).toBeTruthy();
  });
});

describe('authentication', () => {
  it('sends a revoked or expired token back to the login page with a message', async () => {
    const w = await world();
    w.server.push({ type: 'auth_failed', message: 'Invalid token' });
    expect(w.store.getState().auth).toMatchObject({ status: 'anonymous', notice: expiredNotice() });
    expect(w.storage.getItem(TOKEN_KEY)).toBeNull();
    // A reload of the login page still says why.
    const again = makeStore(w.server, w.storage);
    await again.init();
    expect(again.getState().auth).toMatchObject({ status: 'anonymous', notice: expiredNotice() });
    again.dismissNotice();
    await again.init();
    expect(again.getState().auth.notice).toBeNull();
  });

  it('goes to the login page with a notice when the server ends the session', async () => {
    const w = await world();
    w.server.push({ type: 'session_revoked', message: 'You were signed out' });
    expect(w.store.getState().auth).toMatchObject({ status: 'anonymous', notice: signedOutNotice() });
    expect(w.storage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('says the account is suspended when the server ends the session for that reason', async () => {
    const w = await world();
    w.server.push({ type: 'session_revoked', message: 'Your account is suspended', reason: 'suspended' });
    expect(w.store.getState().auth).toMatchObject({ status: 'anonymous', notice: suspendedNotice() });
    expect(suspendedNotice()).toContain('Your account is suspended');
    expect(w.storage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('checks a saved token at start and drops it when the server refuses it', async () => {
    const server = new FakeServer();
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'token-nobody');
    storage.setItem('parley.user', JSON.stringify({ id: 'nobody', name: 'N', email: 'n@example.com' }));
    const store = makeStore(server, storage);
    await store.init();
    await until(() => store.getState().auth.status === 'anonymous', 'expired');
    expect(store.getState().auth.notice).toBe(expiredNotice());
  });

  it('logout forgets the token and the outbox', async () => {
    const w = await world();
    w.server.drop();
    w.store.send(w.chat.id, 'draft');
    await w.store.logout();
    expect(w.store.getState().auth.status).toBe('anonymous');
    expect(w.store.getState().auth.notice).toBeNull();
    expect(w.storage.getItem(TOKEN_KEY)).toBeNull();
    expect(w.storage.getItem(`parley.outbox.${w.me.id}`)).toBeNull();
  });
});

describe('presence', () => {
  it('keeps the newest user list and newer presence when answers come back out of order', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.usersGate = gate;
    w.store.refreshDirectory(); // answered late, with the list as it was
    const dave = w.server.addUser('Dave', true);
    w.server.addChat(w.me.id, dave.id); // a contact now
    w.store.refreshDirectory(); // answered first, with Dave
    await until(() => gate.length === 2, 'both requests');
    gate[1]!();
    await until(() => w.store.getState().users[dave.id] !== undefined, 'Dave listed');
    w.server.push({ type: 'presence', event: { userId: w.bob.id, isOnline: true } });
    gate[0]!();
    await settle();
    expect(w.store.getState().users[dave.id]).toBeDefined();
    expect(w.store.getState().users[w.bob.id]?.isOnline).toBe(true);
  });

  it('watches the presence of people it shows beyond its contacts, again after a reconnect', async () => {
    const w = await world();
    const stranger = w.server.addUser('Stranger', true);
    await until(() => w.store.getState().users[w.bob.id] !== undefined, 'contacts');
    expect(w.store.getState().users[stranger.id]).toBeUndefined(); // not a contact
    w.store.watchPresence([{ ...stranger, isOnline: false }]);
    await until(() => w.store.getState().users[stranger.id]?.isOnline === true, 'presence from the subscription');
    const subscribed = () => w.server.requests.filter(([e]) => e === 'presence:subscribe');
    expect(subscribed().at(-1)?.[1]).toEqual({ userIds: [stranger.id] });
    // A new connection hears only contacts until it subscribes again.
    const before = subscribed().length;
    w.server.drop();
    w.server.restore();
    await until(() => subscribed().length > before, 'subscribed again');
    expect(subscribed().at(-1)?.[1]).toEqual({ userIds: [stranger.id] });
    w.store.unwatchPresence([stranger.id]);
    await until(() => w.server.requests.some(([e]) => e === 'presence:unsubscribe'), 'unsubscribed');
  });

  it('follows users:update, with lastSeen when going offline', async () => {
    const w = await world();
    await until(() => w.store.getState().users[w.bob.id] !== undefined, 'users');
    w.server.push({ type: 'presence', event: { userId: w.bob.id, isOnline: true } });
    expect(w.store.getState().users[w.bob.id]?.isOnline).toBe(true);
    w.server.push({ type: 'presence', event: { userId: w.bob.id, isOnline: false, lastSeen: 1234 } });
    expect(w.store.getState().users[w.bob.id]).toMatchObject({ isOnline: false, lastSeen: 1234 });
  });
});
