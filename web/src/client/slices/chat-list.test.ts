// The chat list slice keeps a chat's summary (the same object) until what its line shows
// changes, and the order array until the order changes: that is what lets the list and its
// lines render only when they must (src/app/renders.test.tsx checks the components).
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../fakes';
import { chatSummaries } from '../selectors';
import { MemoryStorage } from '../storage';
import { ChatStore } from '../store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

async function world() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const carol = server.addUser('Carol');
  const withBob = server.addChat(me.id, bob.id);
  const withCarol = server.addChat(me.id, carol.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.slices.chatList.get().order.length === 2, 'chats listed');
  await until(() => store.slices.users.user(carol.id) !== undefined, 'users loaded');
  const list = store.slices.chatList;
  const deliver = async (chatId: string, from: string, text: string) => {
    const [m] = server.store(chatId, from, text);
    server.push({ type: 'message', message: m });
    await until(() => store.slices.messages.find(chatId, m.id) !== undefined, 'message held');
    return m;
  };
  return { server, store, list, me, bob, carol, withBob, withCarol, deliver };
}

it('a message in one chat changes only that chat summary', async () => {
  const w = await world();
  const before = w.list.get();
  const m = await w.deliver(w.withBob.id, w.bob.id, 'hi');
  const after = w.list.get();
  expect(after.summaries[w.withCarol.id]).toBe(before.summaries[w.withCarol.id]);
  expect(after.summaries[w.withBob.id]).not.toBe(before.summaries[w.withBob.id]);
  expect(after.summaries[w.withBob.id]?.last?.id).toBe(m.id);
  expect(after.summaries[w.withBob.id]?.unread).toBe(1);
});

it('keeps the order array until the order changes', async () => {
  const w = await world();
  await w.deliver(w.withBob.id, w.bob.id, 'first');
  const order = w.list.get().order;
  expect(order[0]).toBe(w.withBob.id);
  await w.deliver(w.withBob.id, w.bob.id, 'second'); // already on top
  expect(w.list.get().order).toBe(order);
  await w.deliver(w.withCarol.id, w.carol.id, 'news'); // moves up
  expect(w.list.get().order).toEqual([w.withCarol.id, w.withBob.id]);
});

it('a presence change renews the summary of that person only', async () => {
  const w = await world();
  const before = w.list.get();
  w.server.push({ type: 'presence', event: { userId: w.carol.id, isOnline: true } });
  const after = w.list.get();
  expect(after.summaries[w.withBob.id]).toBe(before.summaries[w.withBob.id]);
  expect(after.summaries[w.withCarol.id]?.peer?.isOnline).toBe(true);
  expect(after.order).toBe(before.order);
});

it('says what chatSummaries says of the whole state', async () => {
  const w = await world();
  await w.deliver(w.withCarol.id, w.carol.id, 'one');
  await w.deliver(w.withBob.id, w.bob.id, 'two');
  w.store.markSeen(w.withBob.id, 1);
  expect(w.list.list()).toEqual(chatSummaries(w.store.getState()));
});
