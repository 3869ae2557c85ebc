// @vitest-environment happy-dom
// The templates feature's views against the fake server: Settings › Templates (the empty
// state's words, a template created with the form: what is wrong said beside its field, the
// categories offered, variables put at the caret, the live preview, the shortcut taken refused
// in the server's words; the list by category; edit with only the change sent; delete asked
// first) and a group's canned responses (members read them; admins add them; nothing for a
// member while there are none).
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { Chat } from '../../client/types';
import { CannedResponses } from './CannedResponses';
import { TemplatesSection } from './TemplatesSection';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Ann Lee', true);
  const bob = server.addUser('Bob Stone');
  const group = server.addGroup('Sales', [bob.id, me.id], { role: 'member' });
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, templatesApi: server.templates });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.templates.list() !== null, 'templates loaded');
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (node: ReactNode) =>
    act(async () => {
      root.render(<StoreProvider store={store}>{node}</StoreProvider>);
    });
  const q = <E extends Element = HTMLElement>(sel: string) => document.querySelector<E>(sel);
  const all = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
  const fill = (e: Element | null, value: string) =>
    act(async () => {
      if (!e) throw new Error('no field');
      const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(e, value);
      e.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 100 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  return { server, store, me, bob, group, render, q, all, click, fill, wait };
}

const titles = (all: (sel: string) => HTMLElement[]) => all('[data-testid="template-title"]').map((e) => e.textContent);

describe('Settings › Templates', () => {
  it('says how templates work while there are none, and creates one with the form', async () => {
    const w = await setup();
    await w.render(<TemplatesSection />);
    expect(w.q('[data-testid="template-set-empty"]')?.textContent).toMatch(/type \/thanks in any message box/);
    expect(w.q('[data-testid="templates-section"]')?.textContent).toContain('Ctrl+/');

    await w.click(w.q('[data-testid="template-new"]'));
    expect(document.activeElement).toBe(w.q('[data-testid="template-title"]'));
    // Nothing written: the title and the text say so, focus on the first.
    await w.click(w.q('[data-testid="template-submit"]'));
    expect(w.q('[data-testid="template-problem-title"]')?.textContent).toBe('Give the template a title.');
    expect(w.q('[data-testid="template-problem-content"]')?.textContent).toBe('Write the template’s text.');
    expect(w.q('[data-testid="template-title"]')?.getAttribute('aria-invalid')).toBe('true');
    expect(w.server.templates.calls.filter((c) => c.startsWith('POST'))).toEqual([]);

    await w.fill(w.q('[data-testid="template-title"]'), 'Thanks');
    expect(w.q('[data-testid="template-problem-title"]')).toBeNull();
    await w.fill(w.q('[data-testid="template-shortcut"]'), 'Thanks');
    expect(w.q<HTMLInputElement>('[data-testid="template-shortcut"]')!.value).toBe('thanks');
    await w.fill(w.q('[data-testid="template-category"]'), 'Replies');
    await w.fill(w.q('[data-testid="template-content"]'), 'Thank you, !');
    // A variable goes where the caret is.
    w.q<HTMLTextAreaElement>('[data-testid="template-content"]')!.setSelectionRange(11, 11);
    await w.click(w.q('[data-variable="first_name"]'));
    expect(w.q<HTMLTextAreaElement>('[data-testid="template-content"]')!.value).toBe('Thank you, {first_name}!');
    expect(w.q('[data-variable="first_name"]')?.getAttribute('aria-label')).toBe('Insert {first_name}: Their first name');
    expect(w.q('[data-testid="template-preview-text"]')?.textContent).toBe('Thank you, Alex!');

    await w.click(w.q('[data-testid="template-submit"]'));
    await w.wait(() => w.q('[data-testid="template-form"]') === null, 'form closed');
    expect(titles(w.all)).toEqual(['Thanks']);
    expect(w.q('[data-testid="template-shortcut-tag"]')?.textContent).toBe('/thanks');
    expect(w.q('[data-category="Replies"] h4')?.textContent).toBe('Replies');
    expect(w.q('[role="status"].sr-only')?.textContent).toBe('“Thanks” saved.');
    expect([...w.server.templates.all.values()].map((h) => h.tpl)).toMatchObject([{ title: 'Thanks', shortcut: 'thanks', category: 'Replies', content: 'Thank you, {first_name}!' }]);
  });

  it('offers the categories used, refuses a shortcut taken in the server\'s words, edits and deletes after asking', async () => {
    const w = await setup();
    const hi = w.server.templates.seed(w.me, null, { title: 'Hi', content: 'Hello {name}', category: 'Greetings', shortcut: 'hi' });
    w.server.templates.seed(w.me, null, { title: 'Bye', content: 'Bye', category: '' });
    await w.store.templates.load();
    await w.render(<TemplatesSection />);
    await w.wait(() => titles(w.all).length === 2, 'listed');
    // By category: named ones first, those with none last ("No category").
    expect(w.all('[data-category] h4').map((e) => e.textContent)).toEqual(['Greetings', 'No category']);

    await w.click(w.q('[data-testid="template-new"]'));
    expect(w.all('datalist option').map((o) => o.getAttribute('value'))).toEqual(['Greetings']);
    await w.fill(w.q('[data-testid="template-title"]'), 'Hey');
    await w.fill(w.q('[data-testid="template-shortcut"]'), 'hi');
    await w.fill(w.q('[data-testid="template-content"]'), 'Hey');
    await w.click(w.q('[data-testid="template-submit"]'));
    // Known to be taken here already.
    expect(w.q('[data-testid="template-problem-shortcut"]')?.textContent).toBe('There is a /hi already.');
    // Esc with changes made does nothing; Cancel leaves.
    await act(async () => {
      w.q('[data-testid="template-title"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(w.q('[data-testid="template-form"]')).not.toBeNull();
    await w.click(w.all('[data-testid="template-form"] button').find((b) => b.textContent === 'Cancel')!);

    // Esc closes it while nothing was changed.
    await w.click(w.q('button[aria-label="Edit “Hi”"]'));
    await act(async () => {
      w.q('[data-testid="template-title"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(w.q('[data-testid="template-form"]')).toBeNull();
    await w.click(w.q('button[aria-label="Edit “Hi”"]'));
    expect(w.q<HTMLInputElement>('[data-testid="template-title"]')!.value).toBe('Hi');
    expect(w.q<HTMLInputElement>('[data-testid="template-shortcut"]')!.value).toBe('hi');
    await w.fill(w.q('[data-testid="template-content"]'), 'Hello there, {first_name}');
    await w.click(w.q('[data-testid="template-submit"]'));
    await w.wait(() => w.q('[data-testid="template-form"]') === null, 'form closed');
    expect(w.server.templates.all.get(hi.id)?.tpl).toMatchObject({ content: 'Hello there, {first_name}', version: 2 });
    // Focus back on the button that opened the form.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Edit “Hi”');

    await w.click(w.q('button[aria-label="Delete “Hi”"]'));
    const ask = w.q('[data-testid="template-delete-dialog"]')!;
    expect(ask.getAttribute('role')).toBe('alertdialog');
    expect(ask.textContent).toContain('“Hi” will be deleted.');
    await w.click(w.q('[data-testid="template-delete-confirm"]'));
    await w.wait(() => titles(w.all).length === 1, 'deleted');
    expect(w.server.templates.all.has(hi.id)).toBe(false);
  });

  it('shows the server\'s refusal above the buttons', async () => {
    const w = await setup();
    w.server.templates.maxPerSet = 0;
    await w.render(<TemplatesSection />);
    await w.click(w.q('[data-testid="template-new"]'));
    await w.fill(w.q('[data-testid="template-title"]'), 'One');
    await w.fill(w.q('[data-testid="template-content"]'), 'Text');
    await w.click(w.q('[data-testid="template-submit"]'));
    await w.wait(() => w.q('[data-testid="template-error"]') !== null, 'refused');
    expect(w.q('[data-testid="template-error"]')?.textContent).toBe('There can be at most 200 templates here. Delete one to add another.');
  });
});

describe('a group\'s canned responses', () => {
  const panel = (chat: Chat) => <CannedResponses chat={chat} />;

  it('shows nothing to a member while there are none, then lists them read-only', async () => {
    const w = await setup();
    await w.render(panel(w.group));
    await w.wait(() => w.store.templates.canned.entry(w.group.id) !== undefined, 'read');
    expect(w.q('[data-testid="canned-responses"]')).toBeNull();

    w.server.templates.seed(null, w.group.id, { title: 'Pricing', content: 'See our prices', shortcut: 'price', category: 'Sales' });
    w.server.templates.announce(w.group.id);
    await w.wait(() => w.q('[data-testid="canned-responses"]') !== null, 'listed');
    expect(titles(w.all)).toEqual(['Pricing']);
    expect(w.q('[data-testid="canned-responses"]')?.textContent).toContain('Type / in the message box to use one.');
    expect(w.q('[data-testid="template-new"]')).toBeNull();
    expect(w.q('button[aria-label="Edit “Pricing”"]')).toBeNull();
  });

  it('lets an admin add one with the same form', async () => {
    const w = await setup();
    w.server.templates.managers.add(w.me.id);
    await w.render(panel(w.group));
    await w.wait(() => w.q('[data-testid="canned-responses"]') !== null, 'shown');
    expect(w.q('[data-testid="template-set-empty"]')?.textContent).toBe('No canned responses yet.');
    expect(w.q('[data-testid="template-new"]')?.textContent).toBe('New canned response');
    await w.click(w.q('[data-testid="template-new"]'));
    await w.fill(w.q('[data-testid="template-title"]'), 'Welcome');
    await w.fill(w.q('[data-testid="template-content"]'), 'Welcome to Sales, {name}!');
    await w.click(w.q('[data-testid="template-submit"]'));
    await w.wait(() => titles(w.all).length === 1, 'added');
    expect([...w.server.templates.all.values()].map((h) => [h.tpl.chatId, h.tpl.title])).toEqual([[w.group.id, 'Welcome']]);
  });
});
