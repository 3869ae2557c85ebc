// @vitest-environment happy-dom
// The message box in edit mode: the banner with the original text, Enter saves through the
// store (the bubble's text changes at once), Esc cancels and the draft comes back, and the Up
// key in the empty box asks for the user's last editable message.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { Composer, type Editing } from './Composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const [mine] = server.store(chat.id, me.id, 'first try');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  await until(() => store.getState().connection === 'connected', 'connected');
  store.setDraft(chat.id, 'a draft');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const onEditEnd = vi.fn();
  const onEditLast = vi.fn(() => true);
  const render = (editing: Editing | null) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          <Composer chatId={chat.id} autoFocus={false} editing={editing} onEditEnd={onEditEnd} onEditLast={onEditLast} />
        </StoreProvider>,
      );
    });
  const box = () => el.querySelector('textarea')!;
  const key = (k: string) =>
    act(async () => {
      box().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const type = (text: string) =>
    act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      setter.call(box(), text);
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
  return { server, store, chat, mine: mine!, el, render, box, key, type, onEditEnd, onEditLast };
}

it('edits: the original in the banner, its text in the box, Enter saves at once', async () => {
  const t = await setup();
  await t.render({ id: t.mine.id, content: 'first try' });
  expect(t.el.querySelector('[data-testid="editing-banner"]')?.textContent).toContain('Editing message');
  expect(t.el.querySelector('[data-testid="editing-original"]')?.textContent).toBe('first try');
  expect(t.box().value).toBe('first try');
  await t.type('second try');
  await t.key('Enter');
  expect(t.store.slices.messages.find(t.chat.id, t.mine.id)?.content).toBe('second try');
  expect(t.onEditEnd).toHaveBeenCalledTimes(1);
  // The draft was not touched by the edit.
  expect(t.store.slices.drafts.entry(t.chat.id)).toBe('a draft');
  await until(() => t.server.stored.find((m) => m.id === t.mine.id)?.content === 'second try', 'saved');
  await t.render(null);
  expect(t.box().value).toBe('a draft');
});

it('Esc cancels editing; Up in the empty box asks for the last editable message', async () => {
  const t = await setup();
  await t.render({ id: t.mine.id, content: 'first try' });
  await t.key('Escape');
  expect(t.onEditEnd).toHaveBeenCalledTimes(1);
  await t.render(null);
  expect(t.box().value).toBe('a draft');
  // Not empty: Up moves the caret, nothing else.
  await t.key('ArrowUp');
  expect(t.onEditLast).not.toHaveBeenCalled();
  await t.type('');
  await t.key('ArrowUp');
  expect(t.onEditLast).toHaveBeenCalledTimes(1);
});
