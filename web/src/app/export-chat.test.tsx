// @vitest-environment happy-dom
// "Export chat…" in a chat's menu (the header's notification menu), in the real app: it opens
// Settings › Your data (/settings/data?chat=<id>) with that chat chosen for the export, and
// the export started there takes that chat only. A client without exports does not offer it.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import { App } from './App';
import { StoreProvider } from './store-context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  window.history.replaceState(null, '', '/');
});

async function openChat(exports: boolean) {
  const server = new FakeServer();
  const me = server.addUser('Ann', true);
  const bob = server.addUser('Bob', true);
  const cal = server.addUser('Cal');
  const chat = server.addChat(me.id, bob.id);
  server.addChat(me.id, cal.id);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    notificationsApi: server.notifications,
    ...(exports ? { exportsApi: server.exports } : {}),
  });
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'notification settings');
  window.history.replaceState(null, '', `/chat/${chat.id}`);
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
    store.destroy();
  });
  await act(async () => root.render(<StoreProvider store={store}>{<App />}</StoreProvider>));
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
  await wait(() => q('[data-testid="chat-notifications-button"]') !== null, 'the chat menu');
  return { server, store, chat, q, wait, click };
}

it('opens Settings › Your data with the chat chosen, and exports that chat', async () => {
  const t = await openChat(true);
  await t.click(t.q('[data-testid="chat-notifications-button"]'));
  const item = t.q('[data-testid="chat-export"]');
  expect(item?.getAttribute('role')).toBe('menuitem');
  expect(item?.textContent).toBe('Export chat…');
  await t.click(item);
  await t.wait(() => t.q('[data-testid="export-form"]') !== null, 'the export form');
  expect(window.location.pathname + window.location.search).toBe(`/settings/data?chat=${encodeURIComponent(t.chat.id)}`);
  expect(t.q('[data-testid="settings-tab-data"]')?.getAttribute('aria-selected')).toBe('true');
  expect(t.q('[data-testid="settings-tab-data"]')?.textContent).toBe('Your data');
  expect(t.q<HTMLInputElement>('[data-testid="export-chosen-chats"]')?.checked).toBe(true);
  const chosen = [...document.querySelectorAll<HTMLInputElement>('[data-testid="export-chat"]')].filter((c) => c.checked).map((c) => c.value);
  expect(chosen).toEqual([t.chat.id]);

  await t.click(t.q('[data-testid="export-start"]'));
  await t.wait(() => t.q('[data-testid="export-item"]') !== null, 'listed');
  expect(t.server.exports.bodies).toEqual([{ format: 'json', chatIds: [t.chat.id] }]);
  expect(t.q('[data-testid="export-title"]')?.textContent).toBe('JSON · Bob');
});

it('is not offered by a client without exports', async () => {
  const t = await openChat(false);
  await t.click(t.q('[data-testid="chat-notifications-button"]'));
  expect(t.q('[role="menu"]')).not.toBeNull();
  expect(t.q('[data-testid="chat-export"]')).toBeNull();
});
