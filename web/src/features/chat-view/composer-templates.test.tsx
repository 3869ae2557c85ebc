// @vitest-environment happy-dom
// The message box's templates: "/tha" lists the matching ones (shortcut first), the box is the
// list's combobox; the arrow keys move, Enter or Tab inserts the text with its variables filled
// in and counts a use (nothing is sent); Escape closes it and Enter then sends as typed; with
// nothing matching Enter sends; a click inserts; a group's canned responses are marked; Ctrl+/
// opens the list with a "/" put at the caret. Quick replies show while the newest message is
// someone else's and the box is empty: a tap sends at once, the pencil puts the text in the box.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { Composer } from './Composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup({ group = false } = {}) {
  const server = new FakeServer();
  const me = server.addUser('Ann Lee', true);
  const bob = server.addUser('Bob Stone');
  const cal = server.addUser('Cal');
  const chat = group ? server.addGroup('Sales', [me.id, bob.id, cal.id]) : server.addChat(me.id, bob.id);
  const tpl = server.templates;
  const thanks = tpl.seed(me, null, { title: 'Thanks', shortcut: 'thanks', content: 'Thank you, {first_name}!' });
  const that = tpl.seed(me, null, { title: 'That works', content: 'That works for me.' });
  const other = tpl.seed(me, null, { title: 'Meeting', content: 'Let us meet at three' });
  const canned = group ? tpl.seed(null, chat.id, { title: 'Pricing', shortcut: 'price', content: 'See our prices, {name}' }) : null;
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, templatesApi: tpl });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  store.openChat(chat.id);
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  await until(() => store.slices.users.get()[bob.id] !== undefined, 'people known');

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
        <Composer chatId={chat.id} autoFocus={false} />
      </StoreProvider>,
    );
  });
  await until(() => store.templates.suggested.entry(chat.id) !== undefined, 'suggestions read');
  const box = () => el.querySelector('textarea')!;
  const list = () => el.querySelector('[data-testid="template-picker"]');
  const options = () => [...el.querySelectorAll('[role="option"]')].map((o) => o.querySelector('span span')?.textContent);
  const active = () => el.querySelector('[role="option"][aria-selected="true"] span span')?.textContent;
  const key = (k: string, init: KeyboardEventInit = {}) =>
    act(async () => {
      box().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
    });
  const type = (text: string) =>
    act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      setter.call(box(), text);
      box().setSelectionRange(text.length, text.length);
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
  const sent = () => server.requests.filter(([e]) => e === 'message').map(([, p]) => (p as { content: string }).content);
  /** Bob (or `from`) writes in the chat, live. */
  const incoming = (content: string, from = bob.id) =>
    act(async () => {
      const [m] = server.store(chat.id, from, content);
      server.push({ type: 'message', message: { ...m! } });
      await new Promise((r) => setTimeout(r, 0));
    });
  const settle = (cond: () => boolean, what: string) =>
    act(async () => {
      await until(cond, what);
    });
  return { server, store, chat, me, bob, cal, thanks, that, other, canned, el, box, list, options, active, key, type, sent, incoming, settle };
}

it('lists the templates "/tha" matches, moves with the arrows, inserts with Enter and counts the use', async () => {
  const t = await setup();
  await t.type('/tha');
  expect(t.options()).toEqual(['Thanks', 'That works']);
  expect(t.box().getAttribute('aria-expanded')).toBe('true');
  expect(t.box().getAttribute('aria-controls')).toBe(t.list()!.id);
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.el.querySelector('[role="option"]')!.id);
  expect(t.list()!.getAttribute('aria-label')).toBe('Templates');
  // Each shows the text it would insert.
  expect(t.el.querySelector('[role="option"]')!.textContent).toContain('Thank you, Bob!');

  await t.key('ArrowDown');
  expect(t.active()).toBe('That works');
  await t.key('ArrowUp');
  expect(t.active()).toBe('Thanks');
  await t.key('Enter');
  expect(t.box().value).toBe('Thank you, Bob!');
  expect(t.list()).toBeNull();
  expect(t.box().getAttribute('aria-expanded')).toBe('false');
  expect(t.sent()).toEqual([]);
  await t.settle(() => t.server.templates.calls.includes(`POST use ${t.thanks.id} ${t.chat.id}`), 'use counted');

  await t.key('Enter');
  await until(() => t.sent().length === 1, 'sent');
  expect(t.sent()).toEqual(['Thank you, Bob!']);
});

it('replaces only the "/word" in the middle of a text; Tab inserts too; a click inserts', async () => {
  const t = await setup();
  await t.type('Hi! /mee');
  expect(t.options()).toEqual(['Meeting']);
  await t.key('Tab');
  expect(t.box().value).toBe('Hi! Let us meet at three');

  await t.type('Again /wor');
  expect(t.options()).toEqual(['That works']);
  await act(async () => {
    t.el.querySelector<HTMLElement>('[role="option"]')!.click();
  });
  expect(t.box().value).toBe('Again That works for me.');
});

it('closes with Escape (Enter then sends as typed), and sends when nothing matches', async () => {
  const t = await setup();
  await t.type('/thanks');
  expect(t.options()).toEqual(['Thanks']);
  await t.key('Escape');
  expect(t.list()).toBeNull();
  await t.key('Enter');
  await until(() => t.sent().length === 1, 'sent');
  expect(t.sent()).toEqual(['/thanks']);

  await t.type('/shrug');
  expect(t.list()).toBeNull();
  await t.key('Enter');
  await until(() => t.sent().length === 2, 'sent again');
  expect(t.sent()[1]).toBe('/shrug');
  // Not after a letter: a path, a link.
  await t.type('and/tha');
  expect(t.list()).toBeNull();
});

it('opens the whole list with Ctrl+/, a "/" put at the caret', async () => {
  const t = await setup();
  await t.type('Sure');
  await t.key('/', { ctrlKey: true, code: 'Slash' });
  expect(t.box().value).toBe('Sure /');
  // In the server's order (none used yet: by title).
  expect(t.options()).toEqual(['Meeting', 'Thanks', 'That works']);
  await t.key('ArrowDown');
  await t.key('Enter');
  expect(t.box().value).toBe('Sure Thank you, Bob!');
});

it('says where to make templates when Ctrl+/ finds none, and leaves the text alone', async () => {
  const t = await setup();
  t.server.templates.all.clear();
  await act(async () => {
    await t.store.templates.load();
    await t.store.templates.loadSuggested(t.chat.id);
  });
  await t.type('Sure');
  await t.key('/', { ctrlKey: true, code: 'Slash' });
  expect(t.box().value).toBe('Sure');
  expect(t.list()).toBeNull();
  expect(t.store.slices.toast.get()?.text).toBe('No templates yet. Make one in Settings › Templates.');
});

it('marks a group\'s canned responses, with {name} the sender of the latest message', async () => {
  const t = await setup({ group: true });
  await t.incoming('Hello', t.cal.id);
  await t.type('/pri');
  expect(t.options()).toEqual(['Pricing']);
  expect(t.el.querySelector('[role="option"]')!.textContent).toContain('Group');
  await t.key('Enter');
  expect(t.box().value).toBe('See our prices, Cal');
});

it('offers quick replies while the newest message is someone else\'s and the box is empty: a tap sends, the pencil edits', async () => {
  const t = await setup();
  const quick = () => t.el.querySelector('[data-testid="quick-replies"]');
  expect(quick()).toBeNull();
  // Used before: it becomes a quick reply; Bob writes.
  await t.type('/thanks');
  await t.key('Enter');
  await t.settle(() => t.store.templates.quick.entry(t.chat.id)?.length === 1, 'quick replies read');
  await t.type('');
  expect(quick()).toBeNull();
  await t.incoming('Here is the file');
  expect(quick()).not.toBeNull();
  expect(quick()!.getAttribute('aria-label')).toBe('Quick replies');
  const send = t.el.querySelector<HTMLButtonElement>('[data-testid="quick-reply-send"]')!;
  expect(send.textContent).toBe('Thanks');
  expect(send.getAttribute('aria-label')).toBe('Send quick reply: Thanks');
  const edit = () => t.el.querySelector<HTMLButtonElement>('[data-testid="quick-reply-edit"]')!;
  expect(edit().getAttribute('aria-label')).toBe('Edit before sending: Thanks');

  // Text in the box hides them.
  await t.type('x');
  expect(quick()).toBeNull();
  await t.type('');

  await act(async () => {
    edit().click();
  });
  expect(t.box().value).toBe('Thank you, Bob!');
  expect(t.sent()).toEqual([]);
  await t.type('');

  await act(async () => {
    t.el.querySelector<HTMLButtonElement>('[data-testid="quick-reply-send"]')!.click();
  });
  await until(() => t.sent().length === 1, 'sent');
  expect(t.sent()).toEqual(['Thank you, Bob!']);
  // The newest message is the user's own now.
  await t.settle(() => quick() === null, 'chips gone');
  await t.settle(() => t.server.templates.calls.filter((c) => c.startsWith('POST use')).length === 3, 'each use counted');
});
