// @vitest-environment happy-dom
// Reporting in the chat view against the fake server: "Report…" in the menu of someone else's
// message opens the report dialog (a radio group with its legend, the comment's counter, "Also
// block Bob"); sending without a reason is refused in words; a report sent closes the dialog with
// "Report sent. Moderators will review it." and, asked to, blocks Bob; a refusal stays in the
// dialog in the server's words; the contact info reports the person; a group's info panel reports
// the group.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { ApiError } from '../../client/errors';
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
/** A stand-in for the group's info panel: its "Report group…" only. */
const GroupInfo = ({ onReport }: { chatId: string; onClose: () => void; onReport?: () => void }) => (
  <button type="button" onClick={onReport}>
    Report group…
  </button>
);

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  server.store(chat.id, me.id, 'Hello Bob');
  const [bobs] = server.store(chat.id, bob.id, 'Buy cheap watches');
  const group = server.addGroup('Team', [bob.id, me.id]);
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
  const show = async (chatId: string) => {
    await act(async () => {
      store.openChat(chatId);
      root.render(
        <StoreProvider store={store}>
          <ChatView chatId={chatId} PinnedBar={Nothing} ForwardDialog={Nothing} GroupInfo={GroupInfo} MessageInfo={Nothing} />
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
  const button = (name: string, within: ParentNode = document) =>
    [...within.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
  const dialog = () => q('[data-testid="report-dialog"]');
  /** Opens the menu of the message whose text is `text` (a right click). */
  const menuOf = async (text: string) => {
    const bubble = [...el.querySelectorAll('[data-bubble]')].find((b) => b.textContent?.includes(text));
    await act(async () => {
      bubble!.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 10, clientY: 10 }));
    });
    return q('[role="menu"]')!;
  };
  const items = (menu: Element) => [...menu.querySelectorAll('[role="menuitem"]')].map((e) => e.textContent?.trim());
  return { server, store, me, bob, chat, bobs: bobs!, group, el, show, wait, click, q, button, dialog, menuOf, items };
}

it('reports someone else\'s message from its menu, with a comment, and also blocks its sender', async () => {
  const t = await setup();
  await t.show(t.chat.id);
  await t.wait(() => t.el.textContent?.includes('Buy cheap watches') === true, 'messages');
  expect(t.items(await t.menuOf('Hello Bob'))).not.toContain('Report…'); // one's own
  await act(async () => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  const menu = await t.menuOf('Buy cheap watches');
  expect(t.items(menu).slice(-2)).toEqual(['Report…', 'Block sender']);
  await t.click([...menu.querySelectorAll('[role="menuitem"]')].find((e) => e.textContent?.trim() === 'Report…'));

  const d = t.dialog()!;
  expect(d.textContent).toContain('Report message');
  const fieldset = d.querySelector('fieldset')!;
  expect(fieldset.querySelector('legend')?.textContent).toBe('Why are you reporting this message?');
  expect([...fieldset.querySelectorAll('input[type="radio"]')].map((r) => r.closest('label')?.querySelector('span span')?.textContent)).toEqual([
    'Spam',
    'Harassment',
    'Violence',
    'Sexual content',
    'Illegal',
    'Other',
  ]);
  // Sent without a reason: said, nothing sent.
  await t.click(t.button('Submit', d));
  expect(d.querySelector('[data-testid="report-error"]')?.textContent).toBe('Choose why you are reporting this.');
  expect(t.server.moderation.reports).toHaveLength(0);

  await t.click(d.querySelector('input[value="spam"]'));
  expect(d.querySelector('[data-testid="report-error"]')).toBeNull();
  const box = d.querySelector('textarea')!;
  await act(async () => {
    const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    set.call(box, 'Again and again 🙄');
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const counter = d.querySelector(`#${CSS.escape(box.getAttribute('aria-describedby')!)}`)!;
  expect(counter.textContent).toBe('Characters used: 17 / 1000');
  const blockBox = [...d.querySelectorAll('label')].find((l) => l.textContent === 'Also block Bob')!.querySelector('input')!;
  await t.click(blockBox);
  await t.click(t.button('Submit', d));
  await t.wait(() => t.dialog() === null, 'dialog closed');

  expect(t.store.getState().toast?.text).toBe('Report sent. Moderators will review it.');
  expect(t.server.moderation.reports[0]).toMatchObject({ kind: 'message', targetId: t.bobs.id, category: 'spam', comment: 'Again and again 🙄' });
  expect(t.server.blocks.has(t.me.id, t.bob.id)).toBe(true);
  await t.wait(() => t.q('[data-testid="blocked-bar"]') !== null, 'blocked bar');
});

it('keeps a refusal in the dialog, in the server\'s words', async () => {
  const t = await setup();
  t.server.moderation.failReports = [new ApiError(429, 'rate_limited', 'Too many reports; try again in a minute')];
  await t.show(t.chat.id);
  await t.wait(() => t.el.textContent?.includes('Buy cheap watches') === true, 'messages');
  const menu = await t.menuOf('Buy cheap watches');
  await t.click([...menu.querySelectorAll('[role="menuitem"]')].find((e) => e.textContent?.trim() === 'Report…'));
  const d = t.dialog()!;
  await t.click(d.querySelector('input[value="harassment"]'));
  await t.click(t.button('Submit', d));
  await t.wait(() => d.querySelector('[data-testid="report-error"]') !== null, 'refused');
  expect(d.querySelector('[data-testid="report-error"]')?.textContent).toBe('Could not send the report: Too many reports; try again in a minute');
  expect(d.querySelector('[data-testid="report-error"]')?.getAttribute('role')).toBe('alert');
  expect(t.dialog()).not.toBeNull();
  // Sent again, it goes.
  await t.click(t.button('Submit', d));
  await t.wait(() => t.dialog() === null, 'sent');
  expect(t.server.moderation.reports).toHaveLength(1);
  expect(t.server.blocks.has(t.me.id, t.bob.id)).toBe(false);
});

it('reports the person from the contact info, and a group from its info panel', async () => {
  const t = await setup();
  await t.show(t.chat.id);
  await t.wait(() => t.el.textContent?.includes('Buy cheap watches') === true, 'messages');
  await t.click(t.button('Contact info'));
  const info = t.q('[data-testid="person-info"]')!;
  await t.click(t.button('Report Bob…', info));
  let d = t.dialog()!;
  expect(d.textContent).toContain('Report Bob');
  expect(d.querySelector('legend')?.textContent).toBe('Why are you reporting Bob?');
  await t.click(d.querySelector('input[value="other"]'));
  await t.click(t.button('Submit', d));
  await t.wait(() => t.dialog() === null, 'sent');
  expect(t.server.moderation.reports.at(-1)).toMatchObject({ kind: 'user', targetId: t.bob.id, category: 'other', comment: '' });
  await t.click(t.button('Close', info));

  await t.show(t.group.id);
  await t.click(t.button('Group info'));
  await t.click(t.button('Report group…'));
  d = t.dialog()!;
  expect(d.textContent).toContain('Report group');
  expect(d.textContent).not.toContain('Also block');
  await t.click(d.querySelector('input[value="illegal"]'));
  await t.click(t.button('Submit', d));
  await t.wait(() => t.dialog() === null, 'sent');
  expect(t.server.moderation.reports.at(-1)).toMatchObject({ kind: 'group', targetId: t.group.id, category: 'illegal' });
});
