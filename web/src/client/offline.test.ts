// Starting without the server: the chats, messages and people the last page held come back
// from the offline snapshot (offline-cache.ts, offline-keeper.ts), the outbox too, and the
// server's answers take over once it is back.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, until } from './fakes';
import { MemoryOfflineCache, type OfflineCache } from './offline-cache';
import { withNewestPage, EMPTY_MESSAGES } from './state';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { ChatMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

function makeStore(server: FakeServer, storage: MemoryStorage, cache: OfflineCache): ChatStore {
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage,
    offlineCache: cache,
    readDelayMs: 0,
    retryDelayMs: 0,
    pageSize: 3,
  });
  stores.push(store);
  return store;
}

async function signedIn() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  for (const text of ['one', 'two', 'three', 'four']) server.store(chat.id, bob.id, text);
  const storage = new MemoryStorage();
  const cache = new MemoryOfflineCache();
  const store = makeStore(server, storage, cache);
  await store.login(me.email, 'password');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  await until(() => store.getState().connection === 'connected', 'connected');
  return { server, me, bob, chat, storage, cache, store };
}

/** Waits until the snapshot written for `userId` satisfies `test`. */
async function written(cache: OfflineCache, userId: string, test: (s: Awaited<ReturnType<OfflineCache['load']>>) => boolean) {
  for (let i = 0; i < 100; i++) {
    if (test(await cache.load(userId))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the snapshot was not written');
}

describe('offline start', () => {
  it('shows the cached chats, people and messages when the server is down, and sends the queue when it is back', async () => {
    const w = await signedIn();
    await written(w.cache, w.me.id, (s) => (s?.messages[w.chat.id]?.items.length ?? 0) === 3);
    w.store.destroy();

    w.server.reachable = false;
    w.server.restDown = true;
    w.server.token = null;
    const again = makeStore(w.server, w.storage, w.cache);
    await again.init();
    await until(() => again.getState().messages[w.chat.id]?.loaded === true, 'restored');
    const st = again.getState();
    expect(st.ready).toBe(true);
    expect(Object.keys(st.chats)).toEqual([w.chat.id]);
    expect(st.users[w.bob.id]?.name).toBe('Bob');
    expect(st.messages[w.chat.id]?.items.map((m) => m.content)).toEqual(['two', 'three', 'four']);
    expect(st.messages[w.chat.id]?.hasOlder).toBe(true);
    // Marked as the snapshot's: the chat view waits for the catch-up (or for the server to be
    // found unreachable) before deciding where the chat opens.
    expect(st.messages[w.chat.id]?.cached).toBe(true);
    expect(st.connection).not.toBe('connected');

    again.send(w.chat.id, 'written offline');
    w.server.store(w.chat.id, w.bob.id, 'meanwhile');
    w.server.restDown = false;
    w.server.reachable = true;
    w.server.restore();
    await until(() => again.outboxItems().length === 0, 'sent once back');
    await until(() => again.getState().messages[w.chat.id]?.items.some((m) => m.content === 'meanwhile') === true, 'caught up');
    expect(again.getState().messages[w.chat.id]?.items.map((m) => m.content)).toEqual([
      'two',
      'three',
      'four',
      'meanwhile',
      'written offline',
    ]);
    await until(() => again.getState().messages[w.chat.id]?.cached === false, 'current once caught up');
  });

  it('brings back outbox items the synchronous storage lost', async () => {
    const w = await signedIn();
    w.server.drop();
    w.server.reachable = false;
    w.store.send(w.chat.id, 'queued');
    await written(w.cache, w.me.id, (s) => s?.outbox.length === 1);
    w.store.destroy();
    w.storage.removeItem(`parley.outbox.${w.me.id}`);

    w.server.token = null;
    const again = makeStore(w.server, w.storage, w.cache);
    await again.init();
    await until(() => again.outboxItems().length === 1, 'outbox restored');
    expect(again.getState().messages[w.chat.id]?.items.filter((m) => m.pending).map((m) => m.content)).toEqual(['queued']);
    w.server.reachable = true;
    w.server.restore();
    await until(() => again.outboxItems().length === 0, 'sent');
    expect(w.server.stored.filter((m) => m.content === 'queued')).toHaveLength(1);
  });

  it('forgets the snapshot on logout', async () => {
    const w = await signedIn();
    await written(w.cache, w.me.id, (s) => s !== null);
    await w.store.logout();
    expect(await w.cache.load(w.me.id)).toBeNull();
  });

  it('drops cached messages that do not join up with the newest page', () => {
    const msg = (seq: number): ChatMessage => ({
      id: `m${seq}`,
      chatId: 'c',
      senderId: 'u',
      content: `#${seq}`,
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
    });
    const cached = withNewestPage(EMPTY_MESSAGES, [msg(1), msg(2)], 2);
    const joined = withNewestPage(cached, [msg(3), msg(4)], 2);
    expect(joined.items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const apart = withNewestPage(cached, [msg(9), msg(10)], 2);
    expect(apart.items.map((m) => m.seq)).toEqual([9, 10]);
    expect(apart.syncedSeq).toBe(10);
    expect(apart.hasOlder).toBe(true);
  });
});
