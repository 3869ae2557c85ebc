// @vitest-environment happy-dom
// The keyboard shortcuts' help: every shortcut of the table under its section, keys as the
// platform writes them (Ctrl, ⌘, ⌥) and in words for screen readers, sending as the person's
// setting has it (following a change), the way to that setting, Esc closing it, and Spanish.
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { setLocale } from '../../i18n';
import { SCOPES, SHORTCUTS } from '../../shared/shortcuts';
import { StoreProvider } from '../../app/store-context';
import { ShortcutsDialog } from './ShortcutsDialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  setLocale('en');
  window.history.replaceState(null, '', '/');
});

/** Renders `dialog` with `store` in an element of its own. */
async function renderDialog(store: ChatStore, dialog: ReactNode, list: (() => void)[]) {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  list.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => root.render(<StoreProvider store={store}>{dialog}</StoreProvider>));
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  return { el, click };
}

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), settingsApi: server.settings });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.settings.view.get().loaded, 'settings loaded');
  return store;
}

/** The keys shown on a shortcut's line, chord by chord ("Ctrl K"), and what a screen reader hears. */
function keysOf(el: HTMLElement, id: string) {
  const row = el.querySelector(`[data-shortcut="${id}"]`);
  if (!row) throw new Error(`no line for ${id}`);
  const chords = [...row.querySelectorAll('[data-chord]')];
  return {
    shown: chords.map((c) => [...c.querySelectorAll('kbd kbd')].map((k) => k.textContent).join(' ')),
    spoken: chords.map((c) => c.querySelector('.sr-only')?.textContent),
    hidden: chords.every((c) => c.querySelector(':scope > kbd')?.getAttribute('aria-hidden') === 'true'),
  };
}

it('lists every shortcut of the table under its section, with its description', async () => {
  const store = await setup();
  let closed = 0;
  const { el } = await renderDialog(store, <ShortcutsDialog onClose={() => closed++} platform="other" />, cleanups);
  const dialog = el.querySelector('dialog')!;
  expect(dialog.getAttribute('data-testid')).toBe('shortcuts-dialog');
  expect(dialog.querySelector(`#${CSS.escape(dialog.getAttribute('aria-labelledby')!)}`)?.textContent).toBe('Keyboard shortcuts');
  for (const scope of SCOPES) {
    const section = el.querySelector(`[data-testid="shortcuts-${scope}"]`)!;
    const ids = [...section.querySelectorAll('[data-shortcut]')].map((r) => r.getAttribute('data-shortcut'));
    expect(ids).toEqual(SHORTCUTS.filter((s) => s.scope === scope).map((s) => s.id));
  }
  expect(el.querySelector('[data-shortcut="help"] dt')?.textContent).toBe('Show these shortcuts');
  expect(el.querySelector('[data-shortcut="reply"] dt')?.textContent).toBe('Reply');
  expect(el.querySelector('[data-testid="shortcuts-global"] h3')?.textContent).toBe('Anywhere');
  expect(closed).toBe(0);
});

it('writes the keys as the platform does, and says them in words', async () => {
  const store = await setup();
  const other = await renderDialog(store, <ShortcutsDialog onClose={() => {}} platform="other" />, cleanups);
  expect(keysOf(other.el, 'switcher').shown).toEqual(['Ctrl K']);
  expect(keysOf(other.el, 'switcher').spoken).toEqual(['Control + K']);
  expect(keysOf(other.el, 'switcher').hidden).toBe(true);
  expect(keysOf(other.el, 'nextUnread').shown).toEqual(['Alt Shift ↓']);
  expect(keysOf(other.el, 'nextUnread').spoken).toEqual(['Alt + Shift + Down arrow']);
  expect(keysOf(other.el, 'help').shown).toEqual(['?']);
  expect(keysOf(other.el, 'messageMove').shown).toEqual(['↑', '↓']);
  expect(other.el.querySelector('[data-shortcut="messageMove"] dd')?.textContent).toContain('or');
  cleanups.pop()!();

  const apple = await renderDialog(store, <ShortcutsDialog onClose={() => {}} platform="apple" />, cleanups);
  expect(keysOf(apple.el, 'switcher').shown).toEqual(['⌘ K']);
  expect(keysOf(apple.el, 'switcher').spoken).toEqual(['Command + K']);
  expect(keysOf(apple.el, 'searchAll').shown).toEqual(['⇧ ⌘ F']);
  expect(keysOf(apple.el, 'previousChat').shown).toEqual(['⌥ ↑']);
});

it('shows sending as the person set it, follows a change, and leads to the setting', async () => {
  const store = await setup();
  let closed = 0;
  const { el, click } = await renderDialog(store, <ShortcutsDialog onClose={() => closed++} platform="other" />, cleanups);
  expect(keysOf(el, 'send').shown).toEqual(['Enter', 'Ctrl Enter']);
  expect(keysOf(el, 'newLine').shown).toEqual(['Shift Enter']);
  const note = () => el.querySelector('[data-testid="shortcuts-send-setting"]')?.textContent ?? '';
  expect(note()).toMatch(/^Enter sends/);

  await act(async () => store.settings.set(['chats', 'enterToSend'], false));
  expect(keysOf(el, 'send').shown).toEqual(['Ctrl Enter']);
  expect(keysOf(el, 'newLine').shown).toEqual(['Enter', 'Shift Enter']);
  expect(note()).toMatch(/^Enter adds a line/);

  await click(el.querySelector('[data-testid="shortcuts-send-setting"] button'));
  expect(closed).toBe(1);
  expect(window.location.pathname).toBe('/settings/chats');
});

it('closes with Esc (the dialog’s cancel)', async () => {
  const store = await setup();
  let closed = 0;
  const { el } = await renderDialog(store, <ShortcutsDialog onClose={() => closed++} platform="other" />, cleanups);
  await act(async () => {
    el.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
  });
  expect(closed).toBe(1);
});

it('speaks Spanish', async () => {
  setLocale('es');
  const store = await setup();
  const { el } = await renderDialog(store, <ShortcutsDialog onClose={() => {}} platform="other" />, cleanups);
  expect(el.querySelector('h2')?.textContent).toBe('Atajos de teclado');
  expect(keysOf(el, 'newLine').shown).toEqual(['Mayús Intro']);
  expect(keysOf(el, 'searchAll').spoken).toEqual(['Control + Mayúsculas + F']);
  expect(el.querySelector('[data-shortcut="reply"] dt')?.textContent).toBe('Responder');
});
