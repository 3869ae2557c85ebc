// @vitest-environment happy-dom
// The pages of emailed links are the app's for anyone: signed out, /verify-email and
// /unsubscribe stay where they are (every other page goes to the sign-in page); signed in,
// they show in place of the chats, and "Open Parley" leads to the chats.
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

async function open(address: string, signedIn: boolean) {
  window.history.replaceState(null, '', address);
  const server = new FakeServer();
  const ben = server.addUser('Ben', true);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  if (signedIn) await store.login(ben.email, 'password');
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
    store.destroy();
  });
  await act(async () => root.render(<StoreProvider store={store}>{<App />}</StoreProvider>));
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  return { server, ben, el, store, wait };
}

it('shows the verify page signed out, without going to the sign-in page', async () => {
  const t = await open('/verify-email?token=forged', false);
  await t.wait(() => t.el.querySelector('[data-testid="verify-email"]')?.getAttribute('data-state') === 'failed', 'answered');
  expect(window.location.pathname + window.location.search).toBe('/verify-email?token=forged');
  expect(t.server.notifications.linkCalls).toEqual([['verify', 'forged']]);
});

it('shows the unsubscribe page signed in, and its link opens the chats', async () => {
  const t = await open('/unsubscribe?token=abc', true);
  await until(() => t.el.querySelector('[data-testid="unsubscribe"]') !== null, 'the page');
  expect(t.el.querySelector('h1')?.textContent).toBe('Stop email digests?');
  await act(async () => t.el.querySelector<HTMLAnchorElement>('[data-testid="open-parley"]')!.click());
  await t.wait(() => t.el.querySelector('[data-testid="unsubscribe"]') === null, 'left');
  expect(window.location.pathname).toBe('/');
  expect(t.server.notifications.linkCalls).toEqual([]);
});

it('sends any other page to the sign-in page when signed out', async () => {
  const t = await open('/chat/c1', false);
  await t.wait(() => window.location.pathname === '/login', 'the sign-in page');
});
