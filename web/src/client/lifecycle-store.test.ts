// Editing and deleting through the store against the fake server (message-lifecycle.ts): the
// optimistic edit and its rollback, the events others' changes bring, the chat list's line
// following them, and the change feed read after a reconnect, page by page, from the
// changeSeq held (also the one the offline snapshot kept).
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, until } from './fakes';
import { DELETED_TEXT } from './lifecycle';
import { MemoryOfflineCache, type OfflineCache } from './offline-cache';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, ChatMessage, User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

interface World {
  server: FakeServer;
  store: ChatStore;
  storage: MemoryStorage;
  me: User;
  bob: User;
  chat: Chat;
  sent: ChatMessage[];
}

function makeStore(server: FakeServer, cache?: OfflineCache, storage = new MemoryStorage()): ChatStore {
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage,
    readDelayMs: 0,
    retryDelayMs: 0,
    pageSize: 5,
    ...(cache ? { offlineCache: cache } : {}),
  });
  stores.push(store);
  return store;
}

/** Me and Bob with four messages, two each (Me's first), loaded; `older` of Bob's before them. */
async function world(cache?: OfflineCache, older = 0): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  for (let i = 1; i <= older; i++) server.store(chat.id, bob.id, `older ${i}`);
  const sent = [
    server.store(chat.id, me.id, 'mine 1')[0],
    server.store(chat.id, bob.id, 'his 1')[0],
    server.store(chat.id, me.id, 'mine 2')[0],
    server.store(chat.id, bob.id, 'his 2')[0],
  ];
  const storage = new MemoryStorage();
  const store = makeStore(server, cache, storage);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  return { server, store, storage, me, bob, chat, sent };
}

const items = (w: World) => w.store.getState().messages[w.chat.id]?.items ?? [];
const contents = (w: World) => items(w).map((m) => m.content);
const held = (w: World, id: string) => items(w).find((m) => m.id === id);
const preview = (w: World) => w.store.slices.chatList.summary(w.chat.id)?.last?.content;
const changeSeq = (w: World) => w.store.getState().messages[w.chat.id]?.changeSeq;

describe('editing', () => {
  it('shows the new text at once, then the server\'s copy', async () => {
    const w = await world();
    const id = w.sent[2]!.id;
    const done = w.store.lifecycle.edit(w.chat.id, id, '  mine 2, fixed  ');
    expect(held(w, id)).toMatchObject({ content: 'mine 2, fixed', editCount: 1 });
    expect(preview(w)).toBe('his 2');
    expect(await done).toBe(true);
    expect(w.server.requests.at(-1)).toEqual(['message:edit', { messageId: id, content: 'mine 2, fixed' }]);
    expect(held(w, id)?.editedAt).toBe(w.server.stored.find((m) => m.id === id)?.editedAt);
    expect(await w.store.lifecycle.versions(id)).toEqual([
      { content: 'mine 2', at: w.sent[2]!.createdAt },
      { content: 'mine 2, fixed', at: held(w, id)?.editedAt },
    ]);
  });

  it('puts the text back and says why when the server refuses', async () => {
    const w = await world();
    const id = w.sent[1]!.id; // Bob's: the server refuses
    const done = w.store.lifecycle.edit(w.chat.id, id, 'not mine');
    expect(held(w, id)?.content).toBe('not mine');
    expect(await done).toBe(false);
    expect(held(w, id)?.content).toBe('his 1');
    expect(held(w, id)?.editCount).toBeUndefined();
    expect(w.store.getState().toast?.text).toBe('Could not edit the message: Only its sender can edit a message');
  });

  it('sends nothing for the same text or an empty one', async () => {
    const w = await world();
    const before = w.server.requests.length;
    expect(await w.store.lifecycle.edit(w.chat.id, w.sent[0]!.id, 'mine 1')).toBe(false);
    expect(await w.store.lifecycle.edit(w.chat.id, w.sent[0]!.id, '   ')).toBe(false);
    expect(w.server.requests.length).toBe(before);
  });

  it('fails at once while disconnected, and the text goes back', async () => {
    const w = await world();
    w.server.drop();
    expect(await w.store.lifecycle.edit(w.chat.id, w.sent[0]!.id, 'offline')).toBe(false);
    expect(held(w, w.sent[0]!.id)?.content).toBe('mine 1');
  });
});

describe('what others change', () => {
  it('message:edited replaces the text; the chat list follows', async () => {
    const w = await world();
    const m = w.server.lifecycle.edit(w.bob.id, w.sent[3]!.id, 'his 2, edited');
    w.server.push({ type: 'edited', message: m });
    expect(held(w, m.id)).toMatchObject({ content: 'his 2, edited', editCount: 1 });
    expect(preview(w)).toBe('his 2, edited');
  });

  it('message:deleted leaves tombstones; the chat list says so', async () => {
    const w = await world();
    const e = w.server.lifecycle.deleteForEveryone(w.bob.id, w.chat.id, [w.sent[3]!.id]);
    w.server.push({ type: 'deleted', event: e });
    expect(held(w, w.sent[3]!.id)).toMatchObject({ deleted: true, content: DELETED_TEXT, deletedBy: w.bob.id });
    expect(preview(w)).toBe(DELETED_TEXT);
    expect(w.store.slices.chatList.summary(w.chat.id)?.last?.deleted).toBe(true);
    // The next change after the one held: the changeSeq follows it.
    expect(changeSeq(w)).toBe(1);
  });

  it('message:hidden takes a message out of view, on every device of the user', async () => {
    const w = await world();
    const e = w.server.lifecycle.hide(w.me.id, w.chat.id, [w.sent[3]!.id]);
    w.server.push({ type: 'hidden', event: e });
    expect(held(w, w.sent[3]!.id)).toMatchObject({ hidden: true, seq: 4 });
    expect(preview(w)).toBe('mine 2');
  });

  it('deleting for oneself and for everyone from this device', async () => {
    const w = await world();
    await w.store.lifecycle.remove(w.chat.id, [w.sent[1]!.id], 'me');
    expect(held(w, w.sent[1]!.id)?.hidden).toBe(true);
    await w.store.lifecycle.remove(w.chat.id, [w.sent[0]!.id, w.sent[2]!.id], 'everyone');
    expect(items(w).filter((m) => m.deleted).map((m) => m.id)).toEqual([w.sent[0]!.id, w.sent[2]!.id]);
    // Bob's message for everyone: refused, nothing changes.
    await expect(w.store.lifecycle.remove(w.chat.id, [w.sent[3]!.id], 'everyone')).rejects.toThrow('Only its sender');
    expect(held(w, w.sent[3]!.id)?.deleted).toBeUndefined();
  });
});

describe('the change feed', () => {
  it('after a reconnect, shows what changed while away, page by page, without reloading', async () => {
    const w = await world(undefined, 450);
    w.server.drop();
    // While away: Bob edits 450 older messages (not held), then one held, and deletes one; Me
    // hides one on another device, and edits one twice.
    for (const m of w.server.stored.filter((x) => x.content.startsWith('older'))) w.server.lifecycle.edit(w.bob.id, m.id, `${m.content}, edited`);
    w.server.lifecycle.edit(w.bob.id, w.sent[1]!.id, 'his 1, edited');
    w.server.lifecycle.deleteForEveryone(w.bob.id, w.chat.id, [w.sent[3]!.id]);
    w.server.lifecycle.hide(w.me.id, w.chat.id, [w.sent[2]!.id]);
    w.server.lifecycle.edit(w.me.id, w.sent[0]!.id, 'mine 1, take 1');
    w.server.lifecycle.edit(w.me.id, w.sent[0]!.id, 'mine 1, take 2');
    const requestsBefore = w.server.requests.length;
    w.server.restore();
    await until(() => changeSeq(w) === 455, 'the feed read');
    expect(contents(w)).toEqual(['older 450, edited', 'mine 1, take 2', 'his 1, edited', DELETED_TEXT, DELETED_TEXT]);
    expect(items(w).map((m) => [m.deleted ?? false, m.hidden ?? false])).toEqual([
      [false, false],
      [false, false],
      [false, false],
      [false, true],
      [true, false],
    ]);
    const feed = w.server.requests.slice(requestsBefore).filter(([e]) => e === 'chat:changes');
    expect(feed.map(([, p]) => (p as { since: number }).since)).toEqual([0, 200, 400]);
  });

  it('reads nothing when the chat\'s changeSeq has not moved', async () => {
    const w = await world();
    w.server.drop();
    w.server.restore();
    await until(() => w.server.requests.filter(([e]) => e === 'chat:join').length >= 2, 'rejoined');
    await until(() => w.store.getState().chats[w.chat.id] !== undefined, 'listed');
    expect(w.server.requests.some(([e]) => e === 'chat:changes')).toBe(false);
  });

  it('from the changeSeq the offline snapshot kept', async () => {
    const cache = new MemoryOfflineCache();
    const w = await world(cache);
    w.server.push({ type: 'deleted', event: w.server.lifecycle.deleteForEveryone(w.me.id, w.chat.id, [w.sent[0]!.id]) });
    expect(changeSeq(w)).toBe(1);
    // The snapshot is written a moment after the change.
    for (let i = 0; i < 100 && (await cache.load(w.me.id))?.messages[w.chat.id]?.changeSeq !== 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await cache.load(w.me.id))?.messages[w.chat.id]?.changeSeq).toBe(1);
    w.store.destroy();

    // A reload with the server down: the snapshot, as current as change 1.
    w.server.reachable = false;
    w.server.restDown = true;
    w.server.token = null;
    const again = makeStore(w.server, cache, w.storage);
    await again.init();
    await until(() => again.getState().messages[w.chat.id]?.loaded === true, 'restored');
    expect(again.getState().messages[w.chat.id]?.changeSeq).toBe(1);

    // Meanwhile Bob edits one message and deletes another; the server comes back.
    w.server.lifecycle.edit(w.bob.id, w.sent[1]!.id, 'his 1, edited');
    w.server.lifecycle.deleteForEveryone(w.bob.id, w.chat.id, [w.sent[3]!.id]);
    const before = w.server.requests.length;
    w.server.restDown = false;
    w.server.reachable = true;
    w.server.restore();
    await until(() => again.getState().messages[w.chat.id]?.changeSeq === 3, 'the feed read');
    expect(again.getState().messages[w.chat.id]?.items.map((m) => m.content)).toEqual([
      DELETED_TEXT,
      'his 1, edited',
      'mine 2',
      DELETED_TEXT,
    ]);
    const feed = w.server.requests.slice(before).filter(([e]) => e === 'chat:changes');
    expect(feed.map(([, p]) => (p as { since: number }).since)).toEqual([1]);
  });
});
