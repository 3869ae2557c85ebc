// @vitest-environment happy-dom
// A chat list line marks a chat that notifies of nothing now: muted (until a time, or always)
// or set to nothing shows a bell struck through, its name saying so and its unread count
// greyed; at "mentions", or once the mute ran out, the line is as any other.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { DEFAULT_SETTINGS } from '../../client/notifications';
import { MUTED_FOREVER } from '../../client/notifications-wire';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ChatListItem } from './ChatListItem';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const NOW = new Date(Date.UTC(2025, 0, 1, 12, 0, 0));

it('shows a muted chat with a bell struck through, said in its name, its count greyed', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  server.store(chat.id, bob.id, 'hello');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null && store.slices.chatList.get().summaries[chat.id]?.unread === 1, 'loaded');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(
      <StoreProvider store={store}>
        <ul>
          <ChatListItem chatId={chat.id} me={me.id} active={false} now={NOW} connected onOpen={() => undefined} />
        </ul>
      </StoreProvider>,
    );
  });
  const icon = () => el.querySelector('[data-testid="chat-muted-icon"]');
  const name = () => el.querySelector('a')?.textContent ?? '';
  const badge = () => el.querySelector('[data-testid="unread-badge"]')?.className ?? '';
  const set = (chats: Array<{ level: 'all' | 'mentions' | 'nothing'; mutedUntil: number | null }>) =>
    act(async () =>
      server.notifications.changeElsewhere(me.id, { ...DEFAULT_SETTINGS, chats: chats.map((c) => ({ chatId: chat.id, ...c })) }),
    );

  expect(icon()).toBeNull();
  expect(badge()).toContain('bg-accent');

  await set([{ level: 'all', mutedUntil: MUTED_FOREVER }]);
  expect(icon()?.getAttribute('aria-hidden')).toBe('true');
  expect(name()).toContain('Bob, online, muted');
  expect(badge()).toContain('bg-muted');

  await set([{ level: 'all', mutedUntil: NOW.getTime() + 3600 * 1000 }]);
  expect(name()).toMatch(/Bob, online, muted until \S/);

  await set([{ level: 'nothing', mutedUntil: null }]);
  expect(icon()).not.toBeNull();
  expect(name()).toContain('Bob, online, notifications off');

  await set([{ level: 'mentions', mutedUntil: NOW.getTime() - 1 }]);
  expect(icon()).toBeNull();
  expect(badge()).toContain('bg-accent');
});

it('shows an @ badge for the unread messages that mention the user, with the count past one, said in words', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const ann = server.addUser('Ann', true);
  const group = server.addGroup('Design', [me.id, ann.id]);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.chatList.get().summaries[group.id] !== undefined, 'listed');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(
      <StoreProvider store={store}>
        <ul>
          <ChatListItem chatId={group.id} me={me.id} active={false} now={NOW} connected onOpen={() => undefined} />
        </ul>
      </StoreProvider>,
    );
  });
  const mentionBadge = () => el.querySelector('[data-testid="mention-badge"]');
  const name = () => el.querySelector('a')?.textContent ?? '';
  const post = (content: string, mentions?: string[]) =>
    act(async () => {
      const [m] = server.store(group.id, ann.id, content);
      if (mentions) server.mention(m, { mentions });
      server.push({ type: 'message', message: { ...m } });
    });

  await post('hello all');
  expect(mentionBadge()).toBeNull();
  expect(name()).not.toContain('mention');

  await post('@Me look', [me.id]);
  expect(mentionBadge()?.textContent).toBe('@');
  expect(name()).toContain(', 1 unread mention');

  await post('@Me again', [me.id]);
  expect(mentionBadge()?.textContent).toBe('@2');
  expect(name()).toContain(', 2 unread mentions');
  expect(name()).toContain(', 3 unread');
});
