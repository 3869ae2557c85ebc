// @vitest-environment happy-dom
// Blocking in the chat view against the fake server: a private chat's contact info blocks the
// other person after asking ("Block Bob?"), the message box gives way to "You blocked Bob." with
// Unblock, which brings it back; in a group, a blocked person's messages are folded into
// "Message from a blocked user — Show", and Show unfolds one for this view.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
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
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const chat = server.addChat(me.id, bob.id);
  server.store(chat.id, bob.id, 'Hi there');
  const group = server.addGroup('Team', [carol.id, me.id, bob.id]);
  server.store(group.id, bob.id, 'From Bob');
  const [carols] = server.store(group.id, carol.id, 'From Carol');
  server.store(group.id, bob.id, 'Bob again');
  server.storeLinked(group.id, bob.id, 'Bob in the thread', { threadRootId: carols!.id });
  server.storeLinked(group.id, me.id, 'Me in the thread', { threadRootId: carols!.id });
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.blocks.list() !== null, 'blocks loaded');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const show = async (chatId: string, threadId: string | null = null) => {
    await act(async () => {
      store.openChat(chatId);
      root.render(
        <StoreProvider store={store}>
          <ChatView chatId={chatId} threadId={threadId} PinnedBar={Nothing} ForwardDialog={Nothing} GroupInfo={Nothing} MessageInfo={Nothing} />
        </StoreProvider>,
      );
    });
  };
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const click = (e: Element | null | undefined) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel) ?? document.querySelector<E>(sel);
  const button = (name: string) => [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
  return { server, store, me, bob, carol, chat, group, thread: carols!, el, show, wait, click, q, button };
}

it('blocks from the contact info after asking, shows the bar instead of the message box, and unblocks', async () => {
  const t = await setup();
  await t.show(t.chat.id);
  await t.wait(() => t.q('textarea') !== null, 'message box');
  await t.click(t.button('Contact info'));
  const info = t.q('[data-testid="person-info"]')!;
  expect(info.textContent).toContain('bob@example.com');
  await t.click([...info.querySelectorAll('button')].find((b) => b.textContent === 'Block Bob'));

  const ask = t.q('[data-testid="block-dialog"]')!;
  expect(ask.getAttribute('role')).toBe('alertdialog');
  expect(ask.textContent).toContain('Block Bob?');
  expect(ask.textContent).toContain('They will not be able to message you or see when you are online.');
  await t.click([...ask.querySelectorAll('button')].find((b) => b.textContent === 'Block'));
  await t.wait(() => t.q('[data-testid="block-dialog"]') === null, 'dialog closed');
  expect(t.server.blocks.has(t.me.id, t.bob.id)).toBe(true);
  expect(info.textContent).toContain('You blocked Bob.');
  await t.click(t.button('Close'));

  await t.wait(() => t.q('[data-testid="blocked-bar"]') !== null, 'blocked bar');
  expect(t.q('[data-testid="blocked-bar"]')!.textContent).toBe('You blocked Bob.Unblock');
  expect(t.q('[data-testid="blocked-bar"]')!.getAttribute('role')).toBe('note');
  expect(t.q('textarea')).toBeNull();

  await t.click(t.q('[data-testid="blocked-bar"] button'));
  await t.wait(() => t.q('textarea') !== null, 'message box back');
  expect(t.q('[data-testid="blocked-bar"]')).toBeNull();
  expect(t.server.blocks.has(t.me.id, t.bob.id)).toBe(false);
});

it('folds a blocked person\'s messages in a group; Show unfolds one', async () => {
  const t = await setup();
  await act(async () => {
    await t.store.blocks.block(t.bob.id);
  });
  await t.show(t.group.id);
  const folded = () => [...t.el.querySelectorAll('[data-testid="folded-message"]')];
  const texts = () => [...t.el.querySelectorAll('[data-testid="message-text"]')].map((e) => e.textContent);
  await t.wait(() => folded().length === 2, 'folded');
  expect(texts()).toEqual(['From Carol']);
  expect(folded()[0]!.textContent).toBe('Message from a blocked user—Show');
  const showButton = folded()[0]!.querySelector('button')!;
  expect(showButton.getAttribute('aria-label')).toBe('Show message from a blocked user');
  await t.click(showButton);
  expect(texts()).toEqual(['From Bob', 'From Carol']);
  expect(folded()).toHaveLength(1);

  // Unblocked: nothing folded.
  await act(async () => {
    await t.store.blocks.unblock(t.bob.id);
  });
  expect(folded()).toHaveLength(0);
  expect(texts()).toEqual(['From Bob', 'From Carol', 'Bob again']);
});

it('folds them in a thread\'s panel too, and offers to block or unblock a sender there', async () => {
  const t = await setup();
  await act(async () => {
    await t.store.blocks.block(t.bob.id);
  });
  await t.show(t.group.id, t.thread.id);
  const panel = () => t.el.querySelector('[data-testid="thread-panel"]');
  await t.wait(() => panel()?.textContent?.includes('Me in the thread') === true, 'thread loaded');
  const folded = () => [...panel()!.querySelectorAll('[data-testid="folded-message"]')];
  expect(folded()).toHaveLength(1);
  expect(folded()[0]!.id.startsWith('thread-message-')).toBe(true);
  expect(panel()!.textContent).not.toContain('Bob in the thread');
  await t.click(folded()[0]!.querySelector('button'));
  expect(folded()).toHaveLength(0);
  expect(panel()!.textContent).toContain('Bob in the thread');
});
