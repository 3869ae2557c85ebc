// @vitest-environment happy-dom
// The chat header's notification menu against the fake server: a menu button whose name says
// the chat's setting; the menu's radio items (All messages, Mentions only, Nothing) and mutes
// (1 hour, 8 hours, 1 week, Always; Unmute while muted) saved at once; the keyboard (focus on
// the chosen level, arrows, Escape back to the button); a refusal said in a toast.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { ApiError } from '../../client/errors';
import { FakeServer, until } from '../../client/fakes';
import { MUTED_FOREVER } from '../../client/notifications-wire';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ChatNotificationsMenu } from './ChatNotificationsMenu';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');

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
        <ChatNotificationsMenu chatId={chat.id} title="Bob" />
      </StoreProvider>,
    );
  });
  const button = () => el.querySelector<HTMLButtonElement>('[data-testid="chat-notifications-button"]')!;
  const menu = () => el.querySelector<HTMLElement>('[role="menu"]');
  const item = (name: string) =>
    [...(menu()?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])].find((e) => e.textContent?.trim() === name) ?? null;
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  const key = (k: string) =>
    act(async () => {
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    });
  const saved = () => until(() => store.notifications.view.get().save !== 'saving', 'saved');
  return { server, store, chat, me, el, button, menu, item, click, key, saved };
}

it('is a menu button named for the chat\'s setting, with the levels as radio items', async () => {
  const t = await setup();
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat');
  expect(t.button().getAttribute('aria-haspopup')).toBe('menu');
  expect(t.button().getAttribute('aria-expanded')).toBe('false');
  await t.click(t.button());
  expect(t.button().getAttribute('aria-expanded')).toBe('true');
  expect(t.menu()?.getAttribute('aria-label')).toBe('Notifications for Bob');
  const radios = [...t.menu()!.querySelectorAll('[role="menuitemradio"]')].map((e) => [e.textContent, e.getAttribute('aria-checked')]);
  expect(radios).toEqual([
    ['All messages', 'true'],
    ['Mentions only', 'false'],
    ['Nothing', 'false'],
  ]);
  expect([...t.menu()!.querySelectorAll('[role="menuitem"]')].map((e) => e.textContent)).toEqual(['For 1 hour', 'For 8 hours', 'For 1 week', 'Always']);
  expect(document.activeElement).toBe(t.item('All messages'));
  await t.key('ArrowDown');
  expect(document.activeElement).toBe(t.item('Mentions only'));
  await t.key('End');
  expect(document.activeElement).toBe(t.item('Always'));
  await t.key('ArrowDown');
  expect(document.activeElement).toBe(t.item('All messages'));
  await t.key('Escape');
  expect(t.menu()).toBeNull();
  expect(document.activeElement).toBe(t.button());
});

it('sets the level, saved at once, the button saying so', async () => {
  const t = await setup();
  await t.click(t.button());
  await t.click(t.item('Mentions only'));
  expect(t.menu()).toBeNull();
  expect(document.activeElement).toBe(t.button());
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat: Mentions only');
  await t.saved();
  expect(t.server.notifications.of(t.me.id).chats).toEqual([{ chatId: t.chat.id, level: 'mentions', mutedUntil: null }]);
  await t.click(t.button());
  expect(t.item('Mentions only')?.getAttribute('aria-checked')).toBe('true');
  expect(document.activeElement).toBe(t.item('Mentions only'));
  await t.click(t.item('Nothing'));
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat: Notifications off');
});

it('mutes for a while or always, and unmutes', async () => {
  const t = await setup();
  const before = Date.now();
  await t.click(t.button());
  expect(t.item('Unmute')).toBeNull();
  await t.click(t.item('For 8 hours'));
  await t.saved();
  const until8 = t.server.notifications.of(t.me.id).chats[0]?.mutedUntil ?? 0;
  expect(until8).toBeGreaterThanOrEqual(before + 8 * 3600 * 1000);
  expect(until8).toBeLessThanOrEqual(Date.now() + 8 * 3600 * 1000);
  expect(t.button().getAttribute('aria-label')).toMatch(/^Notifications for this chat: Muted until /);

  await t.click(t.button());
  expect(t.el.querySelector('[data-testid="chat-muted-until"]')?.textContent).toMatch(/^Muted until /);
  await t.click(t.item('Always'));
  await t.saved();
  expect(t.server.notifications.of(t.me.id).chats[0]?.mutedUntil).toBe(MUTED_FOREVER);
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat: Muted');

  await t.click(t.button());
  await t.click(t.item('Unmute'));
  await t.saved();
  expect(t.server.notifications.of(t.me.id).chats).toEqual([]);
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat');
});

it('is not shown without the user\'s notification settings (a server without them)', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const chat = server.addChat(me.id, server.addUser('Bob', true).id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
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
        <ChatNotificationsMenu chatId={chat.id} title="Bob" />
      </StoreProvider>,
    );
  });
  expect(el.innerHTML).toBe('');
});

it('says a refusal in a toast, the setting put back', async () => {
  const t = await setup();
  t.server.notifications.failChanges = [new ApiError(403, 'forbidden', 'You are not a member of this chat')];
  await t.click(t.button());
  await t.click(t.item('For 1 week'));
  await until(() => t.store.getState().toast !== null, 'a toast');
  expect(t.store.getState().toast?.text).toBe('Not saved: You are not a member of this chat');
  await act(async () => undefined);
  expect(t.button().getAttribute('aria-label')).toBe('Notifications for this chat');
});
