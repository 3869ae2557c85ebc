// @vitest-environment happy-dom
// The chat switcher against the fake server and its fake search: the recent chats with nothing
// typed, the chats held filtered at once and the server's people merged in after a pause (one
// request for the last text), the typed part marked, the sections, the live region, Up/Down
// (wrapping) and Enter over the options (aria-activedescendant), a person opening the private
// chat, a group with its member count, a network failure retried, a rate limit, and Esc.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { ApiError } from '../../client/errors';
import { FakeSearch, networkError } from '../../client/fake-search';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ChatSwitcher } from './ChatSwitcher';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  window.history.replaceState(null, '', '/');
});

async function setup({ active = false } = {}) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const quentin = server.addUser('Quentin Marlowe');
  const zelda = server.addUser('Zelda Okonkwo');
  const oskar = server.addUser('Oskar Okafor');
  const withQuentin = server.addChat(me.id, quentin.id);
  const withOskar = server.addChat(me.id, oskar.id);
  const harbor = server.addGroup('Harbor watch', [me.id, quentin.id, zelda.id]);
  server.store(withQuentin.id, quentin.id, 'See you at the pier');
  server.store(harbor.id, zelda.id, 'Fog tonight');
  server.store(withOskar.id, oskar.id, 'Okay!');
  const search = new FakeSearch(server);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), searchApi: search });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.slices.chatList.get().order.length === 3 && store.slices.users.user(oskar.id) !== undefined, 'chats');

  let closed = 0;
  const opener = document.createElement('button');
  opener.textContent = 'Find or start a chat';
  document.body.append(opener);
  opener.focus();
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
    opener.remove();
  });
  const render = (show: boolean) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          {show && <ChatSwitcher activeChatId={active ? withOskar.id : null} onClose={() => closed++} />}
        </StoreProvider>,
      );
    });
  await render(true);
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  const all = (sel: string) => [...el.querySelectorAll<HTMLElement>(sel)];
  const wait = async (cond: () => boolean, what: string, tries = 300) => {
    const deadline = Date.now() + tries * 20;
    for (let i = 0; (i < tries || Date.now() < deadline) && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const box = () => q<HTMLInputElement>('[role="combobox"]')!;
  // Several texts are typed in one turn of the event loop, so no pause (debounce) falls between them.
  const type = (...texts: string[]) =>
    act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (const text of texts) {
        setter.call(box(), text);
        box().dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
  const key = (k: string, target: Element = box()) =>
    act(async () => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const click = (e: Element | null | undefined) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  const status = () => q('[data-testid="switcher-status"]')?.textContent ?? '';
  const options = () => all('[role="option"]');
  const names = (section: string) =>
    all(`[data-testid="switcher-section-${section}"] [data-testid="switcher-name"]`).map((n) => n.textContent);
  const marks = () => options().map((o) => [...o.querySelectorAll('mark')].map((m) => m.textContent).join('|'));
  return {
    server, store, search, me, quentin, zelda, oskar, withQuentin, withOskar, harbor, el, opener,
    q, all, wait, box, type, key, click, status, options, names, marks, render,
    closed: () => closed,
  };
}

it('opens focused on the box with the recent chats, the open one left out', async () => {
  const t = await setup({ active: true });
  expect(document.activeElement).toBe(t.box());
  expect(t.box().getAttribute('aria-label')).toBe('Find a chat or a person');
  expect(t.box().getAttribute('aria-autocomplete')).toBe('list');
  expect(t.q('dialog')?.getAttribute('aria-labelledby')).toBeTruthy();
  expect(t.names('recent-chats')).toEqual(['Harbor watch', 'Quentin Marlowe']);
  expect(t.status()).toBe('2 recent chats.');
  expect(t.q('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
  // The first option is active until the keys move.
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.options()[0]!.id);
  expect(t.box().getAttribute('aria-expanded')).toBe('true');
  expect(t.box().getAttribute('aria-controls')).toBe(t.q('[role="listbox"]')!.id);
  // A group says its members.
  expect(t.options()[0]!.textContent).toContain('3 members');
  expect(t.search.chatQueries).toEqual([]);
});

it('filters the chats held at once, then merges the server’s people', async () => {
  const t = await setup();
  t.search.hold = true;
  await t.type('o', 'ok');
  // At once, before the server: the chat with Oskar (a word starting with "ok"), marked.
  expect(t.names('chats')).toEqual(['Oskar Okafor']);
  expect(t.marks()).toEqual(['Ok']);
  expect(t.q('[data-testid="switcher-searching"]')).not.toBeNull();
  expect(t.status()).toBe('1 chat, searching for more…');
  await t.wait(() => t.search.chatQueries.length === 1, 'the server asked');
  // One request, for the last text only.
  expect(t.search.chatQueries).toEqual(['ok']);
  t.search.release();
  await t.wait(() => t.names('people').length === 1, 'people');
  // Oskar, who has a chat, shows as that chat; Zelda as someone to start a chat with.
  expect(t.names('chats')).toEqual(['Oskar Okafor']);
  expect(t.names('people')).toEqual(['Zelda Okonkwo']);
  expect(t.options()[1]!.textContent).toContain('Start a chat');
  expect(t.marks()).toEqual(['Ok', 'Ok']);
  expect(t.status()).toBe('1 chat and 1 person.');
  expect(t.q('[data-testid="switcher-searching"]')).toBeNull();
});

it('moves with Up and Down (wrapping) and opens a person’s new private chat with Enter', async () => {
  const t = await setup();
  await t.type('okon');
  expect(t.status()).toBe('Searching…');
  await t.wait(() => t.names('people').length === 1, 'Zelda');
  expect(t.names('chats')).toEqual([]);
  expect(t.q('[data-testid="switcher-section-people"] mark')?.textContent).toBe('Okon');
  // Shorter: the chat with Oskar Okafor and, from the server, Zelda again.
  await t.type('o');
  await t.wait(() => t.options().length === 2, 'two options');
  expect(t.options().map((o) => o.getAttribute('aria-selected'))).toEqual(['true', 'false']);
  await t.key('ArrowDown');
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.options()[1]!.id);
  await t.key('ArrowDown'); // wraps to the first
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.options()[0]!.id);
  await t.key('ArrowUp'); // and back to the last
  const last = t.options()[1]!;
  expect(last.getAttribute('aria-selected')).toBe('true');
  expect(last.textContent).toContain('Zelda Okonkwo');
  await t.key('Enter');
  await t.wait(() => t.closed() === 1, 'closed');
  const chat = t.server.chatList.find((c) => c.participants.includes(t.zelda.id) && c.kind !== 'group');
  expect(chat).toBeDefined();
  expect(window.location.pathname).toBe(`/chat/${encodeURIComponent(chat!.id)}`);
  expect(t.store.slices.chats.get().active).toBe(chat!.id);
});

it('opens a group by a click, with the typed part marked', async () => {
  const t = await setup();
  await t.type('harb');
  expect(t.names('chats')).toEqual(['Harbor watch']);
  expect(t.marks()).toEqual(['Harb']);
  expect(t.options()[0]!.textContent).toContain('3 members');
  await t.click(t.options()[0]);
  expect(t.closed()).toBe(1);
  expect(window.location.pathname).toBe(`/chat/${encodeURIComponent(t.harbor.id)}`);
});

it('matches accents and case both ways, and says when nothing matches', async () => {
  const t = await setup();
  await t.type('MÁRL');
  expect(t.names('chats')).toEqual(['Quentin Marlowe']);
  expect(t.marks()).toEqual(['Marl']);
  await t.type('zzz');
  await t.wait(() => t.q('[data-testid="switcher-empty"]') !== null, 'nothing found');
  expect(t.q('[data-testid="switcher-empty"]')?.textContent).toBe('No chats or people match “zzz”.');
  expect(t.status()).toBe('No chats or people found.');
  expect(t.box().getAttribute('aria-expanded')).toBe('false');
  expect(t.box().getAttribute('aria-activedescendant')).toBeNull();
  await t.type('?!');
  expect(t.q('[data-testid="switcher-empty"]')?.textContent).toBe('Type a letter or a digit of a name.');
});

it('offers a retry after a network failure, and asks the person to slow down when rate limited', async () => {
  const t = await setup();
  t.search.fail = networkError();
  await t.type('okon');
  await t.wait(() => t.q('[data-testid="switcher-failed"]') !== null, 'the failure');
  expect(t.q('[data-testid="switcher-failed"]')?.getAttribute('role')).toBe('alert');
  expect(t.q('[data-testid="switcher-failed"]')?.textContent).toContain('Cannot reach the server.');
  t.search.fail = null;
  await t.click(t.q('[data-testid="switcher-retry"]'));
  await t.wait(() => t.names('people').length === 1, 'Zelda after the retry');
  expect(t.q('[data-testid="switcher-failed"]')).toBeNull();

  t.search.fail = new ApiError(429, 'rate_limited', 'Too many searches');
  await t.type('harb');
  await t.wait(() => t.q('[data-testid="switcher-rate-limited"]') !== null, 'the rate limit');
  expect(t.q('[data-testid="switcher-rate-limited"]')?.textContent).toContain('Slow down a moment');
  // What is held still shows.
  expect(t.names('chats')).toEqual(['Harbor watch']);
  // Asked again by itself a moment later.
  t.search.fail = null;
  const asked = t.search.chatQueries.length;
  await t.wait(() => t.search.chatQueries.length > asked && t.q('[data-testid="switcher-rate-limited"]') === null, 'the retry', 600);
});

it('closes with Esc and gives focus back', async () => {
  const t = await setup();
  await t.key('Escape');
  expect(t.closed()).toBe(1);
  await t.render(false);
  expect(document.activeElement).toBe(t.opener);
});
