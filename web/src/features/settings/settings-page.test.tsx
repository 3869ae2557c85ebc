// @vitest-environment happy-dom
// The settings page and a chat's dialog against the fake server: a theme chosen applies to the
// page at once and is saved ("Saved"), the tabs move with the arrow keys and the address follows,
// an unreadable custom scheme is refused by the server with the contrast in words and "Fix"
// makes it readable and saved, the sounds' choices are saved and their play buttons play them,
// and a chat's own background and sound are set and cleared back to the default.
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';

import { render } from './render';
import { FakeServer, until } from '../../client/fakes';
import { contrast } from '../../client/contrast';
import type { GlobalSettings } from '../../client/settings';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { SOUND_EVENT } from '../../shared/sounds';
import { ChatCustomizeDialog } from './ChatCustomizeDialog';
import { SettingsPage } from './SettingsPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const Nothing = () => null;

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), settingsApi: server.settings });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.settings.view.get().loaded, 'settings loaded');
  return { server, store, me, chat };
}

/** Waits, rendering what comes, until `cond` holds (real time: saving waits for a pause). */
async function waitFor(cond: () => boolean, what: string, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await act(async () => new Promise((r) => setTimeout(r, 10)));
  }
}

/** Sets an input's value as a person would (React hears the input event). */
async function type(el: HTMLInputElement | HTMLSelectElement, value: string) {
  await act(async () => {
    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

it('applies a theme at once, saves it and says so', async () => {
  const t = await setup();
  const { q, click } = await render(t.store, <SettingsPage section="appearance" NotificationsSettings={Nothing} PrivacySettings={Nothing} TemplatesSettings={Nothing} DataSettings={Nothing} />, cleanups);
  const status = () => q('[data-testid="settings-status"]')?.textContent ?? '';
  expect(status()).toBe('Changes are saved as you make them.');
  const dark = q<HTMLInputElement>('[data-testid="theme-choices"] input[value="dark"]')!;
  expect(q<HTMLInputElement>('[data-testid="theme-choices"] input[value="system"]')!.checked).toBe(true);
  // A fieldset with its legend: the radios are a named group.
  expect(q('[data-testid="theme-choices"]')!.tagName).toBe('FIELDSET');
  expect(q('[data-testid="theme-choices"] legend')!.textContent).toBe('Theme');
  await click(dark);
  expect(dark.checked).toBe(true);
  expect(t.store.settings.preferences.get().theme).toBe('dark');
  await waitFor(() => status() === 'Saved', 'saved');
  expect(t.server.settings.of(t.me.id).settings).toEqual({ appearance: { theme: 'dark' } });

  await click(q('[data-testid="font-size-choices"] input[value="xl"]'));
  await click(q('[data-testid="density-choices"] input[value="compact"]'));
  await waitFor(() => status() === 'Saved' && t.server.settings.of(t.me.id).version === 3, 'saved');
  expect(t.server.settings.of(t.me.id).settings).toEqual({ appearance: { theme: 'dark', fontSize: 'xl', density: 'compact' } });
  await click(q('[data-testid="appearance-reset"]'));
  await waitFor(() => t.server.settings.of(t.me.id).version === 4, 'reset');
  expect(t.server.settings.of(t.me.id).settings).toEqual({});
});

it('moves between sections with the arrow keys, the address following', async () => {
  const t = await setup();
  window.history.replaceState(null, '', '/settings/appearance');
  const { q } = await render(t.store, <SettingsPage section="appearance" NotificationsSettings={Nothing} PrivacySettings={Nothing} TemplatesSettings={Nothing} DataSettings={Nothing} />, cleanups);
  const tabs = [...document.querySelectorAll<HTMLElement>('[role="tab"]')].map((e) => e.textContent);
  expect(tabs).toEqual(['Appearance', 'Chats', 'Templates', 'Notifications', 'Privacy', 'Your data', 'Language']);
  const first = q('[data-testid="settings-tab-appearance"]')!;
  expect(first.getAttribute('aria-selected')).toBe('true');
  await act(async () => {
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
  });
  expect(window.location.pathname).toBe('/settings/chats');
  await act(async () => {
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
  });
  expect(window.location.pathname).toBe('/settings/language');
});

it('refuses an unreadable custom scheme with the server\'s words, and Fix makes it readable', async () => {
  const t = await setup();
  const { q, click } = await render(t.store, <SettingsPage section="appearance" NotificationsSettings={Nothing} PrivacySettings={Nothing} TemplatesSettings={Nothing} DataSettings={Nothing} />, cleanups);
  await click(q('[data-testid="scheme-choices"] input[value="custom"]'));
  await waitFor(() => q('[data-testid="scheme-editor"]') !== null, 'the editor');
  await waitFor(() => (t.server.settings.of(t.me.id).settings as GlobalSettings).appearance !== undefined, 'custom saved');
  await type(q<HTMLInputElement>('[data-testid="colour-own"]')!, '#777777');
  await type(q<HTMLInputElement>('[data-testid="colour-own-text"]')!, '#888888');
  // Said at once, before the server answers.
  expect(q('[data-testid="contrast-own"]')!.textContent).toContain('contrast 1.2:1');
  expect(q('[data-testid="contrast-own"]')!.getAttribute('data-ok')).toBe('false');
  expect(q('[data-testid="scheme-fix"]')).not.toBeNull();
  await waitFor(() => q('[data-testid="scheme-refused"]') !== null, 'refused');
  expect(q('[data-testid="scheme-refused"]')!.getAttribute('role')).toBe('alert');
  expect(q('[data-testid="scheme-refused"]')!.textContent).toBe('Not saved: the text on your bubbles has a contrast of 1.2:1 with them; at least 4.5:1 is needed to read it');
  // The preview keeps the colours chosen; the store what the server has.
  expect(q<HTMLElement>('[data-testid="preview-own"]')!.parentElement!.style.getPropertyValue('--p-own')).toBe('#777777');
  expect(t.store.settings.preferences.get().bubbles?.ownText).not.toBe('#888888');

  await click(q('[data-testid="scheme-fix"]'));
  await waitFor(() => q('[data-testid="scheme-refused"]') === null && t.store.settings.view.get().save === 'saved', 'fixed and saved');
  const saved = t.server.settings.of(t.me.id).settings as { appearance: { bubbles: { own: string; ownText: string } } };
  expect(saved.appearance.bubbles.own).toBe('#777777');
  expect(contrast(saved.appearance.bubbles.own, saved.appearance.bubbles.ownText)).toBeGreaterThanOrEqual(4.5);
  expect(q('[data-testid="contrast-own"]')!.getAttribute('data-ok')).toBe('true');
});

it('saves the sounds chosen and plays them from their buttons', async () => {
  const t = await setup();
  const heard: unknown[] = [];
  const listen = (e: Event) => heard.push((e as CustomEvent).detail);
  window.addEventListener(SOUND_EVENT, listen);
  cleanups.push(() => window.removeEventListener(SOUND_EVENT, listen));
  const { q, click } = await render(t.store, <SettingsPage section="notifications" NotificationsSettings={Nothing} PrivacySettings={Nothing} TemplatesSettings={Nothing} DataSettings={Nothing} />, cleanups);
  await type(q<HTMLSelectElement>('[data-testid="sound-mention"]')!, 'marimba');
  await click(q('[data-testid="sound-mention-play"]'));
  expect(q('[data-testid="sound-mention-play"]')!.getAttribute('aria-label')).toBe('Play Marimba');
  await type(q<HTMLInputElement>('[data-testid="sounds-volume"]')!, '35');
  await click(q('[data-testid="sound-message-play"]'));
  expect(heard).toEqual([
    { name: 'marimba', volume: 70 },
    { name: 'chime', volume: 35 },
  ]);
  await waitFor(() => (t.server.settings.of(t.me.id).settings as GlobalSettings).sounds?.volume === 35, 'the volume saved after a pause');
  expect(t.server.settings.of(t.me.id).settings).toEqual({ sounds: { mention: 'marimba', volume: 35 } });
  await type(q<HTMLSelectElement>('[data-testid="sound-call"]')!, 'none');
  expect(q<HTMLButtonElement>('[data-testid="sound-call-play"]')!.disabled).toBe(true);
});

it('gives a chat its own background and sound, and takes them back to the default', async () => {
  const t = await setup();
  const { q, click } = await render(t.store, <ChatCustomizeDialog chatId={t.chat.id} title="Bob" onClose={() => undefined} />, cleanups);
  const choices = () => [...document.querySelectorAll<HTMLInputElement>('[data-testid="chat-background-choices"] input')];
  expect(choices()[0]!.value).toBe('default');
  expect(choices()[0]!.checked).toBe(true);
  await click(q('[data-testid="chat-background-choices"] input[value="preset:waves"]'));
  await type(q<HTMLSelectElement>('[data-testid="chat-sound"]')!, 'pop');
  await click(q('[data-testid="chat-sound-muted"]'));
  await waitFor(() => t.server.settings.of(t.me.id, t.chat.id).version === 3, 'saved');
  expect(t.server.settings.of(t.me.id, t.chat.id).settings).toEqual({
    background: { kind: 'preset', preset: 'waves' },
    sounds: { message: 'pop', muted: true },
  });
  expect(q('[data-testid="chat-customize-status"]')!.textContent).toBe('Saved');

  await click(q('[data-testid="chat-background-choices"] input[value="default"]'));
  await type(q<HTMLSelectElement>('[data-testid="chat-sound"]')!, '');
  await click(q('[data-testid="chat-sound-muted"]'));
  await waitFor(() => t.server.settings.of(t.me.id, t.chat.id).version === 6, 'cleared');
  expect(t.server.settings.of(t.me.id, t.chat.id).settings).toEqual({});
  expect(t.store.settings.chat(t.chat.id)).toEqual({});
});
