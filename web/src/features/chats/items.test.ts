// The chat list renders an item again only when what it shows changed: after a message in one
// chat, the other chats' items compare equal (ChatListItem's memo), that chat's does not.
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../../client/fakes';
import { chatSummaries } from '../../client/selectors';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { sameItem } from './ChatListItem';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

it('a message in one chat changes only that chat list item', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const carol = server.addUser('Carol');
  const withBob = server.addChat(me.id, bob.id);
  const withCarol = server.addChat(me.id, carol.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => Object.keys(store.getState().chats).length === 2, 'chats loaded');

  const now = new Date();
  const props = (summary: ReturnType<typeof chatSummaries>[number]) => ({
    summary, me: me.id, active: false, now, connected: true, onOpen: () => undefined,
  });
  const onOpen = () => undefined;
  const byChat = () => new Map(chatSummaries(store.getState()).map((s) => [s.chat.id, { ...props(s), onOpen }]));
  const before = byChat();

  const [m] = server.store(withBob.id, bob.id, 'hi');
  server.push({ type: 'message', message: m });
  await until(() => store.getState().messages[withBob.id]?.items.some((x) => x.id === m.id) === true, 'message');
  const after = byChat();

  expect(sameItem(before.get(withCarol.id)!, after.get(withCarol.id)!)).toBe(true);
  expect(sameItem(before.get(withBob.id)!, after.get(withBob.id)!)).toBe(false);
  expect(after.get(withBob.id)!.summary.last?.id).toBe(m.id);
});
