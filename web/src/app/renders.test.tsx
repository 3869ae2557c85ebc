// @vitest-environment happy-dom
// What an incoming message renders, in the real sidebar and chat view: only the components
// that show it. Each component below is counted by wrapping its module (vi.mock) so that
// every run of its body is counted, whether its parent rendered it or a slice it reads changed.
//  - A message in a chat that is not open renders that chat's line in the chat list, and
//    nothing else: not the sidebar, not the list (its order did not change), not the other
//    lines, not the open chat's view, not the composer.
//  - A message in the open chat renders the chat view, its message list and its line, and
//    the list (the chat moved to the top), but not the composer nor the sidebar.
//  - Typing (the draft is kept in the store) renders the composer only; a draft set for a chat
//    that is not open renders that chat's line only.
import { act, type ComponentType, type MemoExoticComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';

import { FakeServer, until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import { ChatView } from '../features/chat-view/ChatView';
import { Sidebar } from '../features/chats/Sidebar';
import { StoreProvider } from './store-context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const counting = vi.hoisted(() => {
  const renders = new Map<string, number>();
  const bump = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);
  /** A function component that counts its renders under `name(props)`, then renders `body`. */
  const wrap =
    <P,>(name: (p: P) => string, body: (p: P) => unknown) =>
    (props: P) => {
      bump(name(props));
      return body(props);
    };
  return { renders, wrap };
});

// Plain components: the wrapper runs the original body as its own (same hooks, same order).
function countedFunction<P>(name: string, Component: ComponentType<P>) {
  return counting.wrap<P>(() => name, Component as (p: P) => unknown);
}

// Memoised components: the wrapper is memoised the same way (same comparison of props)
// around the original inner body.
async function countedMemo<P>(name: (p: P) => string, Component: MemoExoticComponent<ComponentType<P>>) {
  const { memo } = await import('react');
  const inner = Component.type as (p: P) => unknown;
  const compare = (Component as { compare?: ((a: P, b: P) => boolean) | null }).compare ?? undefined;
  return memo(counting.wrap<P>(name, inner) as ComponentType<P>, compare);
}

vi.mock('../features/chats/Sidebar', async (original) => {
  const m = await original<typeof import('../features/chats/Sidebar')>();
  return { ...m, Sidebar: countedFunction('Sidebar', m.Sidebar) };
});
vi.mock('../features/chats/ChatList', async (original) => {
  const m = await original<typeof import('../features/chats/ChatList')>();
  return { ...m, ChatList: countedFunction('ChatList', m.ChatList) };
});
vi.mock('../features/chats/ChatListItem', async (original) => {
  const m = await original<typeof import('../features/chats/ChatListItem')>();
  return { ...m, ChatListItem: await countedMemo((p: { chatId: string }) => `item:${p.chatId}`, m.ChatListItem) };
});
vi.mock('../features/chat-view/ChatView', async (original) => {
  const m = await original<typeof import('../features/chat-view/ChatView')>();
  return { ...m, ChatView: countedFunction('ChatView', m.ChatView) };
});
vi.mock('../features/chat-view/MessageList', async (original) => {
  const m = await original<typeof import('../features/chat-view/MessageList')>();
  return { ...m, MessageList: countedFunction('MessageList', m.MessageList) };
});
vi.mock('../features/chat-view/Composer', async (original) => {
  const m = await original<typeof import('../features/chat-view/Composer')>();
  return { ...m, Composer: await countedMemo(() => 'Composer', m.Composer) };
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const Nothing = () => null;

async function setUp() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const carol = server.addUser('Carol');
  const open = server.addChat(me.id, bob.id);
  const other = server.addChat(me.id, carol.id);
  server.store(open.id, bob.id, 'earlier, in the open chat');
  server.store(other.id, carol.id, 'later, in the other chat'); // the other chat is on top
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.messages.entry(open.id)?.loaded === true, 'open chat loaded');
  await until(() => store.slices.messages.entry(other.id)?.loaded === true, 'other chat loaded');
  await until(() => store.slices.users.user(carol.id) !== undefined, 'users loaded');
  store.openChat(open.id);

  const el = document.createElement('div');
  document.body.append(el);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(el);
    root.render(
      <StoreProvider store={store}>
        <Sidebar activeChatId={open.id} ConnectionIndicator={Nothing} UserDirectory={Nothing} AccountMenu={Nothing} NewGroupDialog={Nothing} ThreadsList={Nothing} />
        <ChatView chatId={open.id} PinnedBar={Nothing} ForwardDialog={Nothing} GroupInfo={Nothing} MessageInfo={Nothing} />
      </StoreProvider>,
    );
  });
  cleanups.push(() => {
    act(() => root?.unmount());
    el.remove();
  });

  /** Delivers a live message and returns what rendered meanwhile: component → renders. */
  const deliver = async (chatId: string, from: string, text: string) => {
    counting.renders.clear();
    const [m] = server.store(chatId, from, text);
    await act(async () => server.push({ type: 'message', message: m }));
    return Object.fromEntries(counting.renders);
  };
  const preview = (chatId: string) =>
    el.querySelector(`[data-chat-id="${chatId}"] [data-testid="chat-preview"]`)?.textContent;
  return { store, open, other, bob, carol, el, deliver, preview };
}

it('a message in a chat that is not open renders its chat list line only', async () => {
  const w = await setUp();
  expect(w.store.slices.chatList.get().order).toEqual([w.other.id, w.open.id]);
  for (let i = 1; i <= 3; i++) {
    const rendered = await w.deliver(w.other.id, w.carol.id, `news ${i}`);
    expect(w.preview(w.other.id)).toBe(`news ${i}`);
    expect(rendered).toEqual({ [`item:${w.other.id}`]: 1 });
  }
});

it('a message in the open chat renders the chat view, not the composer or the sidebar', async () => {
  const w = await setUp();
  const rendered = await w.deliver(w.open.id, w.bob.id, 'hello');
  expect(w.el.textContent).toContain('hello');
  expect(w.preview(w.open.id)).toBe('hello');
  expect(rendered.ChatView).toBeGreaterThanOrEqual(1);
  expect(rendered.MessageList).toBeGreaterThanOrEqual(1);
  expect(rendered[`item:${w.open.id}`]).toBeGreaterThanOrEqual(1);
  expect(rendered.ChatList).toBe(1); // the open chat moved to the top of the list
  expect(rendered.Composer).toBeUndefined();
  expect(rendered.Sidebar).toBeUndefined();
  expect(rendered[`item:${w.other.id}`]).toBeUndefined();
  expect(w.store.slices.chatList.get().order).toEqual([w.open.id, w.other.id]);

  // Once on top, further messages leave the order, and so the list, alone.
  const again = await w.deliver(w.open.id, w.bob.id, 'hello again');
  expect(again.ChatList).toBeUndefined();
  expect(again.Composer).toBeUndefined();
  expect(again.Sidebar).toBeUndefined();
});

it('typing renders the composer only; a draft elsewhere renders that chat line only', async () => {
  const w = await setUp();
  const box = w.el.querySelector<HTMLTextAreaElement>('textarea');
  expect(box).not.toBeNull();
  counting.renders.clear();
  await act(async () => {
    // What React's onChange hears from a keystroke.
    const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    set?.call(box, 'half a');
    box?.dispatchEvent(new Event('input', { bubbles: true }));
  });
  expect(w.store.slices.drafts.entry(w.open.id)).toBe('half a');
  expect([...counting.renders.keys()]).toEqual(['Composer']);

  counting.renders.clear();
  await act(async () => w.store.setDraft(w.other.id, 'for Carol'));
  expect(Object.fromEntries(counting.renders)).toEqual({ [`item:${w.other.id}`]: 1 });
  expect(w.preview(w.other.id)).toBe('Draft: for Carol');
});
