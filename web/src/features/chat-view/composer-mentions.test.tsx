// @vitest-environment happy-dom
// The message box's "@" suggestions: "@Be" lists the group's people whose names start a word
// with it, the box is the list's combobox (expanded, controlling the list, its active option);
// the arrow keys move, Enter picks ("@Name " in the text) and the message then carries the
// mention; Escape closes the list without cancelling anything; a click picks; "@all" is offered
// to the owner only; an edit keeps the mentions still in its text.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { GroupRole } from '../../client/types';
import { Composer, type Editing } from './Composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup(role: GroupRole = 'member') {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const ben = server.addUser('Ben Ortiz');
  const bea = server.addUser('Bea Lind');
  const ann = server.addUser('Ann');
  const group = server.addGroup('Design', [me.id, ben.id, bea.id, ann.id], { role });
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[group.id]?.loaded === true, 'chat loaded');
  await until(() => store.slices.users.get()[ann.id] !== undefined, 'people known');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (editing: Editing | null = null) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          <Composer chatId={group.id} autoFocus={false} editing={editing} onEditEnd={() => undefined} />
        </StoreProvider>,
      );
    });
  const box = () => el.querySelector('textarea')!;
  const list = () => el.querySelector('[role="listbox"]');
  /** An option's text without its avatar's initials (aria-hidden). */
  const said = (o: Element | null) =>
    o ? [...o.children].filter((c) => c.getAttribute('aria-hidden') !== 'true').map((c) => c.textContent).join('') : undefined;
  const options = () => [...el.querySelectorAll('[role="option"]')].map(said);
  const active = () => said(el.querySelector('[role="option"][aria-selected="true"]'));
  const key = (k: string) =>
    act(async () => {
      box().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const type = (text: string) =>
    act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      setter.call(box(), text);
      box().setSelectionRange(text.length, text.length);
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
  const sent = () => server.requests.filter(([e]) => e === 'message').map(([, p]) => p as Record<string, unknown>);
  await render();
  return { server, store, group, ben, bea, ann, el, render, box, list, options, active, key, type, sent };
}

it('suggests the people "@Be" names, moves with the arrows, picks with Enter and sends the mention', async () => {
  const t = await setup();
  expect(t.box().getAttribute('role')).toBe('combobox');
  expect(t.box().getAttribute('aria-expanded')).toBe('false');
  await t.type('hi @Be');
  expect(t.options()).toEqual(['Bea Lind', 'Ben Ortiz']);
  expect(t.box().getAttribute('aria-expanded')).toBe('true');
  expect(t.box().getAttribute('aria-controls')).toBe(t.list()!.id);
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.el.querySelector('[role="option"]')!.id);
  expect(t.active()).toBe('Bea Lind');

  await t.key('ArrowDown');
  expect(t.active()).toBe('Ben Ortiz');
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.el.querySelectorAll('[role="option"]')[1]!.id);
  await t.key('Enter');
  expect(t.box().value).toBe('hi @Ben Ortiz ');
  expect(t.list()).toBeNull();
  expect(t.box().getAttribute('aria-expanded')).toBe('false');
  expect(t.sent()).toEqual([]); // Enter picked, it did not send

  await t.type('hi @Ben Ortiz look');
  await t.key('Enter');
  await until(() => t.sent().length === 1, 'sent');
  expect(t.sent()[0]).toMatchObject({ content: 'hi @Ben Ortiz look', mentions: [t.ben.id] });
  expect('mentionsAll' in t.sent()[0]!).toBe(false);
});

it('closes with Escape until another "@", and sends no mention whose name left the text', async () => {
  const t = await setup();
  await t.type('@A');
  expect(t.options()).toEqual(['Ann']);
  await t.key('Escape');
  expect(t.list()).toBeNull();
  await t.type('@An');
  expect(t.list()).toBeNull();
  await t.type('@An @B');
  expect(t.options()).toEqual(['Bea Lind', 'Ben Ortiz']);
  await t.key('Tab');
  expect(t.box().value).toBe('@An @Bea Lind ');
  await t.type('@An and more');
  await t.key('Enter');
  await until(() => t.sent().length === 1, 'sent');
  expect('mentions' in t.sent()[0]!).toBe(false);
});

it('picks with a click, and recognises a name typed in full', async () => {
  const t = await setup();
  await t.type('@ann');
  const option = t.el.querySelector<HTMLElement>('[role="option"]')!;
  await act(async () => {
    option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    option.click();
  });
  expect(t.box().value).toBe('@Ann ');
  await t.type('@Ann and @bea lind, see');
  await t.key('Enter');
  await until(() => t.sent().length === 1, 'sent');
  expect(t.sent()[0]).toMatchObject({ mentions: [t.ann.id, t.bea.id] });
});

it('offers @all to the group’s owner, who then mentions everyone; never to a member', async () => {
  const member = await setup('member');
  await member.type('@a');
  expect(member.options()).toEqual(['Ann']);
  await member.type('@all hello');
  await member.key('Enter');
  await until(() => member.sent().length === 1, 'sent');
  expect('mentionsAll' in member.sent()[0]!).toBe(false);

  const owner = await setup('owner');
  await owner.type('@a');
  expect(owner.options()).toEqual(['Ann', '@all — Everyone in this group']);
  await owner.type('@al');
  expect(owner.options()).toEqual(['@all — Everyone in this group']);
  await owner.key('Enter');
  expect(owner.box().value).toBe('@all ');
  await owner.type('@all hello');
  await owner.key('Enter');
  await until(() => owner.sent().length === 1, 'sent');
  expect(owner.sent()[0]).toMatchObject({ mentionsAll: true });
});

it('keeps, when saving an edit, the mentions still in its text', async () => {
  const t = await setup();
  t.store.send(t.group.id, '@Ann and @Ben Ortiz', { mentions: [t.ann.id, t.ben.id] });
  await until(() => t.store.getState().messages[t.group.id]!.items.at(-1)?.pending !== true, 'stored');
  const m = t.store.getState().messages[t.group.id]!.items.at(-1)!;
  await t.render({ id: m.id, content: m.content });
  await t.type('@Ben Ortiz only');
  await t.key('Enter');
  await until(() => t.server.requests.some(([e]) => e === 'message:edit'), 'edited');
  const edit = t.server.requests.find(([e]) => e === 'message:edit')![1];
  expect(edit).toMatchObject({ content: '@Ben Ortiz only', mentions: [t.ben.id] });
  expect(t.store.findMessage(t.group.id, m.id)?.mentions).toEqual([t.ben.id]);
});
