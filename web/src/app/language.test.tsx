// @vitest-environment happy-dom
// The interface's language and the messages' own direction. A message in Hebrew or Arabic, a
// name in them, lays itself out right to left in a left-to-right interface: the bubble's text,
// the chat list's preview and name, the message box and the header's name take their direction
// from their own text (dir="auto"), and a name inside a sentence is isolated (<bdi>), so the
// sentence around it keeps its order. Changing the language renders the words again in place:
// the message box keeps what is typed.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { ChatListItem } from '../features/chats/ChatListItem';
import { ChatView } from '../features/chat-view/ChatView';
import { FakeServer, until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import { setLocale } from '../i18n';
import { StoreProvider } from './store-context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  act(() => setLocale('en'));
});

const Nothing = () => null;
const NOW = new Date();
const HEBREW = 'שלום, מה שלומך היום?';
const ARABIC = 'مرحبا، كيف حالك اليوم؟';

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const adi = server.addUser('עדי', true);
  const chat = server.addChat(me.id, adi.id);
  server.store(chat.id, adi.id, 'Hello there');
  server.store(chat.id, adi.id, HEBREW);
  server.store(chat.id, me.id, ARABIC);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.messages.entry(chat.id)?.loaded === true && store.slices.chatList.get().summaries[chat.id] !== undefined, 'chat loaded');
  store.openChat(chat.id);

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
        <ChatView chatId={chat.id} PinnedBar={Nothing} ForwardDialog={Nothing} GroupInfo={Nothing} MessageInfo={Nothing} />
      </StoreProvider>,
    );
  });
  return { el, store, chat };
}

const bodyOf = (el: HTMLElement, text: string) =>
  [...el.querySelectorAll<HTMLElement>('[data-testid="message-body"]')].find((b) => b.textContent?.includes(text));

it('lets messages, previews, names and the message box take their own direction', async () => {
  const { el } = await setup();
  for (const text of [HEBREW, ARABIC, 'Hello there']) {
    const body = bodyOf(el, text);
    expect(body, text).toBeDefined();
    expect(body?.getAttribute('dir')).toBe('auto');
  }
  const preview = el.querySelector('[data-testid="chat-preview"]');
  expect(preview?.getAttribute('dir')).toBe('auto');
  expect(preview?.textContent).toBe(`You: ${ARABIC}`);
  // "You:" is isolated: the line takes the message's own direction.
  expect(preview?.querySelector('bdi')?.textContent).toBe('You:');
  expect(el.querySelector('[data-testid="chat-title"]')?.getAttribute('dir')).toBe('auto');
  const box = el.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]');
  expect(box?.getAttribute('dir')).toBe('auto');
  // The list line's name is its own element, in its own direction.
  const name = [...el.querySelectorAll('a span[dir="auto"]')].find((s) => s.textContent?.startsWith('עדי'));
  expect(name).toBeDefined();
});

it('isolates a name inside a sentence', async () => {
  const { el } = await setup();
  const bubble = bodyOf(el, HEBREW)?.closest('li');
  // Reply to the Hebrew message: "Replying to עדי", the name in <bdi>.
  bubble?.querySelector<HTMLElement>('[data-bubble]')?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, clientX: 10, clientY: 10 }));
  await act(async () => undefined);
  const reply = [...document.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((b) => b.textContent === 'Reply');
  await act(async () => reply?.click());
  const preview = el.querySelector('[data-testid="reply-preview"]');
  expect(preview?.getAttribute('aria-label')).toBe('Replying to עדי');
  expect(preview?.querySelector('bdi')?.textContent).toBe('עדי');
  expect(preview?.textContent).toContain('Replying to עדי');
});

it('speaks Spanish once chosen, without losing what is typed', async () => {
  const { el, store, chat } = await setup();
  const box = () => el.querySelector<HTMLTextAreaElement>('textarea');
  expect(box()?.placeholder).toBe('Write a message…');
  store.setDraft(chat.id, 'hola');
  act(() => {
    const input = box()!;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(input, 'hola');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const before = box();
  act(() => setLocale('es'));
  expect(document.documentElement.lang).toBe('es');
  expect(box()).toBe(before);
  expect(box()?.getAttribute('aria-label')).toBe('Mensaje');
  expect(box()?.placeholder).toBe('Escribe un mensaje…');
  expect(box()?.value).toBe('hola');
  expect(el.querySelector('[data-testid="peer-presence"]')?.textContent).toBe('en línea');
  // The day separator in Spanish ("1 de enero de 2025": the fake server's messages are old).
  expect(el.querySelector('[data-day]')?.getAttribute('data-day')).toMatch(/^(Hoy|Ayer|\d{1,2} de \p{L}+( de \d{4})?)$/u);
  act(() => setLocale('en'));
  expect(box()?.getAttribute('aria-label')).toBe('Message');
});
