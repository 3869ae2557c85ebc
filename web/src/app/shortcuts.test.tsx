// @vitest-environment happy-dom
// The app's shortcuts on the document: `?` opens the help but not while typing in a field (nor
// inside a dialog, nor during a composition), whichever key types "?"; Ctrl+K from a field too;
// Alt+Down and Alt+Up move through the chat list's order, with Shift to the chats with unread
// messages; Ctrl+F searches the open chat and leaves the browser its own find elsewhere.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { FakeServer, until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import { useAppShortcuts, type AppShortcuts } from './shortcuts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
beforeEach(() => {
  Object.defineProperty(navigator, 'platform', { value: 'Win32', configurable: true });
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  document.body.replaceChildren();
});

interface Heard {
  help: number;
  switcher: number;
  search: (string | null)[];
}

function Harness({ store, chatId, actions }: { store: ChatStore; chatId: string | null; actions: AppShortcuts }) {
  useAppShortcuts(store, true, chatId, actions);
  return <textarea />;
}

async function setup(chatIndex: number | null = 0) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const others = ['Ann', 'Bob', 'Cy'].map((n) => server.addUser(n, true));
  const chats = others.map((o) => server.addChat(me.id, o.id));
  // Bob's chat has a message Me has not read.
  server.store(chats[1]!.id, others[1]!.id, 'unread one');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.chatList.get().order.length === 3, 'the chats listed');
  await until(() => (store.slices.chatList.get().summaries[chats[1]!.id]?.unread ?? 0) > 0, 'the unread message');
  const order = store.slices.chatList.get().order;
  const heard: Heard = { help: 0, switcher: 0, search: [] };
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  const chatId = chatIndex === null ? null : order[chatIndex]!;
  cleanups.push(() => act(() => root.unmount()));
  const actions: AppShortcuts = {
    help: () => heard.help++,
    switcher: () => heard.switcher++,
    search: (scope) => heard.search.push(scope),
  };
  await act(async () => root.render(<Harness store={store} chatId={chatId} actions={actions} />));
  return { heard, order, unreadChat: chats[1]!.id, box: el.querySelector('textarea')! };
}

/** A keydown on `target` as the browser sends it; whether it was left to the browser. */
function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): boolean {
  return target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}

it('"?" opens the help from the page, whichever key types it, but not while typing or composing', async () => {
  const { heard, box } = await setup();
  expect(press(document.body, '?', { code: 'Slash', shiftKey: true })).toBe(false);
  // French AZERTY (Shift+,) and German QWERTZ (Shift+ß).
  press(document.body, '?', { code: 'KeyM', shiftKey: true });
  press(document.body, '?', { code: 'Minus', shiftKey: true });
  expect(heard.help).toBe(3);
  // US "/" without Shift is not it.
  press(document.body, '/', { code: 'Slash' });
  // Typed in the message box, it is text.
  expect(press(box, '?', { code: 'Slash', shiftKey: true })).toBe(true);
  press(document.body, '?', { shiftKey: true, isComposing: true });
  expect(heard.help).toBe(3);
});

it('leaves an open dialog its keys', async () => {
  const { heard } = await setup();
  const dialog = document.createElement('dialog');
  dialog.setAttribute('open', '');
  const inside = document.createElement('button');
  dialog.append(inside);
  document.body.append(dialog);
  press(inside, '?', { shiftKey: true });
  press(inside, 'k', { ctrlKey: true });
  expect(heard).toMatchObject({ help: 0, switcher: 0 });
});

it('Ctrl+K opens the switcher, from the message box too; Cmd+K is not it off Apple systems', async () => {
  const { heard, box } = await setup();
  expect(press(box, 'k', { code: 'KeyK', ctrlKey: true })).toBe(false);
  press(box, 'k', { metaKey: true });
  expect(heard.switcher).toBe(1);
});

it('Alt+Down and Alt+Up move to the next and previous chat of the list', async () => {
  const { order, box } = await setup(1);
  expect(press(box, 'ArrowDown', { altKey: true })).toBe(false);
  expect(window.location.pathname).toBe(`/chat/${encodeURIComponent(order[2]!)}`);
  press(box, 'ArrowUp', { altKey: true });
  expect(window.location.pathname).toBe(`/chat/${encodeURIComponent(order[0]!)}`);
});

it('Alt+Shift+Down goes to the next chat with unread messages, round the end of the list', async () => {
  const { unreadChat, order, box } = await setup(2);
  expect(order.indexOf(unreadChat)).toBeLessThan(2);
  press(box, 'ArrowDown', { altKey: true, shiftKey: true });
  expect(window.location.pathname).toBe(`/chat/${encodeURIComponent(unreadChat)}`);
});

it('Alt+Up at the top of the list leaves the key alone', async () => {
  const { box } = await setup(0);
  expect(press(box, 'ArrowUp', { altKey: true })).toBe(true);
  expect(window.location.pathname).toBe('/');
});

it('Ctrl+F searches the open chat, Ctrl+Shift+F every chat; pressed in the search, Ctrl+F is the browser’s', async () => {
  const { heard, order, box } = await setup(0);
  expect(press(box, 'f', { ctrlKey: true })).toBe(false);
  expect(press(box, 'F', { ctrlKey: true, shiftKey: true })).toBe(false);
  expect(heard.search).toEqual([order[0], null]);
  const panel = document.createElement('section');
  panel.setAttribute('data-browser-find', '');
  const input = document.createElement('input');
  panel.append(input);
  document.body.append(panel);
  expect(press(input, 'f', { ctrlKey: true })).toBe(true);
  expect(heard.search).toHaveLength(2);
});

it('with no chat open, Ctrl+F is the browser’s own find', async () => {
  const { heard } = await setup(null);
  expect(press(document.body, 'f', { ctrlKey: true })).toBe(true);
  expect(heard.search).toEqual([]);
});
