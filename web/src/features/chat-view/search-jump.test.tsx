// @vitest-environment happy-dom
// The chat view showing a search's result: one far back in the history is loaded (around it),
// flashed, and its words marked in its bubble while the highlight is
// set; the marks go with it. A message edited since shows no marks; a thread-only reply opens
// its thread.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import type { SearchHighlight } from '../../client/search';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ChatView } from './ChatView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  window.history.replaceState(null, '', '/');
});

const Nothing = () => null;

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const [target] = server.store(chat.id, bob.id, 'We redeployed the server 👍');
  for (let i = 1; i <= 200; i++) server.store(chat.id, me.id, `filler ${i}`);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.messages.entry(chat.id)?.loaded === true, 'chat loaded');
  store.openChat(chat.id);

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (highlight: SearchHighlight | null, threadId: string | null = null) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          <ChatView
            chatId={chat.id}
            threadId={threadId}
            highlight={highlight}
            onSearch={() => undefined}
            PinnedBar={Nothing}
            ForwardDialog={Nothing}
            GroupInfo={Nothing}
            MessageInfo={Nothing}
          />
        </StoreProvider>,
      );
    });
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const bubble = (id: string) => el.querySelector<HTMLElement>(`#message-${CSS.escape(id)}`);
  return { server, store, me, bob, chat, target: target!, el, render, wait, bubble };
}

it('loads the history around a result far back, flashes it and marks its words', async () => {
  const t = await setup();
  const highlight: SearchHighlight = {
    chatId: t.chat.id,
    messageId: t.target.id,
    content: t.target.content,
    ranges: [{ start: 5, end: 11 }],
    nonce: 1,
  };
  await t.render(highlight);
  await t.wait(() => t.bubble(t.target.id)?.querySelector('mark') !== null && t.bubble(t.target.id) !== null, 'the result shown');
  const li = t.bubble(t.target.id)!;
  expect(li.getAttribute('data-highlighted')).toBe('true');
  expect([...li.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['deploy']);
  expect(li.querySelector('[data-testid="message-text"]')?.textContent).toBe('We redeployed the server 👍');
  expect(li.querySelector('[data-bubble]')?.classList.contains('flash')).toBe(true);
  // Only that bubble has marks.
  expect(t.el.querySelectorAll('mark').length).toBe(1);
  // The search closed (or changed): the marks go, the message stays.
  await t.render(null);
  expect(t.bubble(t.target.id)?.querySelector('mark')).toBeNull();
  expect(t.bubble(t.target.id)?.hasAttribute('data-highlighted')).toBe(false);
});

it('shows no marks on a message edited since the search', async () => {
  const t = await setup();
  await t.render({ chatId: t.chat.id, messageId: t.target.id, content: 'an older text', ranges: [{ start: 0, end: 2 }], nonce: 1 });
  await t.wait(() => t.bubble(t.target.id) !== null, 'the result shown');
  expect(t.bubble(t.target.id)?.querySelector('mark')).toBeNull();
});

it('opens the thread of a thread-only reply', async () => {
  const t = await setup();
  const reply = t.server.storeLinked(t.chat.id, t.bob.id, 'deploy in the thread', { threadRootId: t.target.id });
  window.history.replaceState(null, '', `/chat/${t.chat.id}`);
  await t.render({ chatId: t.chat.id, messageId: reply.id, content: reply.content, ranges: [{ start: 0, end: 6 }], nonce: 1 });
  await t.wait(() => window.location.pathname.endsWith(`/thread/${t.target.id}`), 'the thread opened');
  // Its panel marks the reply once it shows.
  await t.render({ chatId: t.chat.id, messageId: reply.id, content: reply.content, ranges: [{ start: 0, end: 6 }], nonce: 1 }, t.target.id);
  await t.wait(() => t.el.querySelector(`#thread-message-${CSS.escape(reply.id)} mark`) !== null, 'marked in the thread');
  expect(t.el.querySelector(`#thread-message-${CSS.escape(reply.id)} mark`)?.textContent).toBe('deploy');
});
