// The person's settings in the state layer: the pure rules (documents read defensively, the
// defaults, a chat's background and sound, merge patches applied and made) and store.settings
// against the fake server: loaded after signing in and on every reconnect, each change shown at
// once and saved by itself (slider-like ones after a pause, many changes in one PATCH), answers
// and settings:updated applied by version, a refusal putting back what the server has and
// naming the setting, a change made offline saved once back, another device's change followed
// without undoing ours, the last settings kept on the device for the next start.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import {
  chatBackground,
  diffPatch,
  mergePatch,
  preferences,
  readChatSettings,
  readGlobalSettings,
  refusedPath,
  setAt,
  soundFor,
  DEFAULTS,
} from './settings';
import { changesOf, patchOf } from './settings-actions';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  vi.useRealTimers();
});

describe('settings rules', () => {
  it('reads a document, leaving out what is unknown or wrong', () => {
    expect(readGlobalSettings(null)).toEqual({});
    expect(readGlobalSettings({ appearance: 'dark' })).toEqual({});
    expect(
      readGlobalSettings({
        appearance: {
          theme: 'dark',
          accent: '#AABBCC',
          fontSize: 'xxl',
          scheme: 'Ocean!',
          bubbles: { own: '#000000', ownText: '#ffffff', other: '#ffffff' },
          background: { kind: 'image', fileId: 'f1', blur: 30, dim: 40 },
        },
        chats: { enterToSend: 'yes', timeFormat: '24h' },
        sounds: { volume: 101, message: 'pop', mention: 'none' },
        language: { locale: 'es' },
        extra: 1,
      }),
    ).toEqual({
      appearance: { theme: 'dark', accent: '#aabbcc', background: { kind: 'image', fileId: 'f1', blur: 0, dim: 40 } },
      chats: { timeFormat: '24h' },
      sounds: { message: 'pop', mention: 'none' },
      language: { locale: 'es' },
    });
    expect(readChatSettings({ background: { kind: 'preset', preset: 'dots' }, sounds: { muted: true, message: 7 } })).toEqual({
      background: { kind: 'preset', preset: 'dots' },
      sounds: { muted: true },
    });
  });

  it('fills in the defaults', () => {
    expect(preferences({})).toEqual(DEFAULTS);
    const p = preferences({ appearance: { theme: 'high-contrast' }, sounds: { muted: true } });
    expect(p.theme).toBe('high-contrast');
    expect(p.fontSize).toBe('m');
    expect(p.sounds).toEqual({ ...DEFAULTS.sounds, muted: true });
  });

  it('gives a chat its own background and sound, else the global ones', () => {
    const prefs = preferences({ appearance: { background: { kind: 'preset', preset: 'dawn' } }, sounds: { volume: 40, message: 'pop' } });
    expect(chatBackground(prefs, undefined)).toEqual({ kind: 'preset', preset: 'dawn' });
    expect(chatBackground(prefs, { background: { kind: 'none' } })).toEqual({ kind: 'none' });
    expect(soundFor(prefs, 'message')).toEqual({ name: 'pop', volume: 40 });
    expect(soundFor(prefs, 'mention')).toEqual({ name: 'ding', volume: 40 });
    expect(soundFor(prefs, 'message', { sounds: { message: 'marimba' } })).toEqual({ name: 'marimba', volume: 40 });
    expect(soundFor(prefs, 'mention', { sounds: { message: 'marimba' } })).toEqual({ name: 'ding', volume: 40 });
    expect(soundFor(prefs, 'message', { sounds: { muted: true } })).toBeNull();
    expect(soundFor(prefs, 'mention', { sounds: { muted: true } })).toBeNull();
    expect(soundFor(prefs, 'call', { sounds: { muted: true } })).toEqual({ name: 'ring', volume: 40 });
    expect(soundFor(prefs, 'message', { sounds: { message: 'none' } })).toBeNull();
    expect(soundFor(preferences({ sounds: { muted: true } }), 'call')).toBeNull();
    expect(soundFor(preferences({ sounds: { volume: 0 } }), 'message')).toBeNull();
  });

  it('applies and makes RFC 7396 merge patches', () => {
    // The RFC's own example.
    expect(
      mergePatch(
        { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' },
        { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] },
      ),
    ).toEqual({ title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'This will be unchanged', phoneNumber: '+01-123-456-7890' });
    expect(mergePatch({ a: 1 }, null)).toBeNull();
    const from = { appearance: { theme: 'dark', background: { kind: 'image', fileId: 'f', blur: 2, dim: 10 } }, sounds: { muted: true } };
    const to = { appearance: { theme: 'dark', background: { kind: 'preset', preset: 'dots' } } };
    const patch = diffPatch(from, to);
    expect(patch).toEqual({ appearance: { background: { kind: 'preset', preset: 'dots', fileId: null, blur: null, dim: null } }, sounds: null });
    expect(mergePatch(from, patch)).toEqual(to);
    expect(diffPatch(to, to)).toBeNull();
  });

  it('sets and removes values at a path, dropping what is left empty', () => {
    expect(setAt({}, ['appearance', 'theme'], 'dark')).toEqual({ appearance: { theme: 'dark' } });
    expect(setAt({ appearance: { theme: 'dark' }, sounds: { muted: true } }, ['appearance', 'theme'], undefined)).toEqual({ sounds: { muted: true } });
  });

  it('turns a change into the patch that sets it, a whole value replacing the one there', () => {
    expect(changesOf({ appearance: { theme: 'dark', background: { kind: 'none' } }, sounds: null })).toEqual([
      { path: ['appearance', 'theme'], value: 'dark' },
      { path: ['appearance', 'background'], value: { kind: 'none' } },
      { path: ['sounds'], value: undefined },
    ]);
    const base = { appearance: { background: { kind: 'image', fileId: 'f', blur: 3, dim: 20 } } };
    expect(
      patchOf(base, [
        { path: ['appearance', 'background'], value: { kind: 'preset', preset: 'dots' } },
        { path: ['appearance', 'fontSize'], value: 'l' },
        { path: ['sounds', 'volume'], value: undefined },
      ]),
    ).toEqual({ appearance: { background: { kind: 'preset', preset: 'dots', fileId: null, blur: null, dim: null }, fontSize: 'l' }, sounds: { volume: null } });
    // A removal that empties its object removes the object.
    expect(patchOf({ sounds: { message: 'pop', muted: true }, background: { kind: 'none' } }, [
      { path: ['sounds', 'message'], value: undefined },
      { path: ['sounds', 'muted'], value: undefined },
    ])).toEqual({ sounds: null });
  });

  it('reads the setting a refusal names', () => {
    expect(refusedPath('appearance.bubbles: the text on your bubbles has a contrast of 2.3:1; at least 4.5:1 is needed')).toBe('appearance.bubbles');
    expect(refusedPath('Not allowed')).toBeNull();
  });
});

async function world(options: { storage?: MemoryStorage } = {}) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  const storage = options.storage ?? new MemoryStorage();
  const store = new ChatStore({ api: server, realtime: server, storage, settingsApi: server.settings });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.settings.view.get().loaded, 'settings loaded');
  return { server, me, bob, chat, store, storage };
}

describe('store.settings', () => {
  it('loads the settings after signing in, and the chats\' overrides', async () => {
    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const chat = server.addChat(me.id, server.addUser('Bob').id);
    server.settings.changeElsewhere(me.id, null, { appearance: { theme: 'dark', fontSize: 'l' } });
    server.settings.changeElsewhere(me.id, chat.id, { background: { kind: 'preset', preset: 'dots' } });
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), settingsApi: server.settings });
    stores.push(store);
    expect(store.settings.preferences.get()).toBe(DEFAULTS);
    await store.login(me.email, 'password');
    await until(() => store.settings.view.get().loaded, 'loaded');
    expect(store.settings.preferences.get()).toMatchObject({ theme: 'dark', fontSize: 'l', density: 'comfortable' });
    expect(store.settings.chat(chat.id)).toEqual({ background: { kind: 'preset', preset: 'dots' } });
  });

  it('shows a change at once and saves it, saying so', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.settings.changeGate = gate;
    w.store.settings.changeSettings({ appearance: { theme: 'high-contrast' } });
    expect(w.store.settings.preferences.get().theme).toBe('high-contrast');
    expect(w.store.settings.view.get().save).toBe('saving');
    await until(() => gate.length === 1, 'the change sent');
    gate.shift()!();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.server.settings.changes).toEqual([[null, { settings: { appearance: { theme: 'high-contrast' } } }]]);
    expect(w.server.settings.of(w.me.id)).toMatchObject({ version: 1, settings: { appearance: { theme: 'high-contrast' } } });
  });

  it('sends the changes made while one is on its way together, in one PATCH', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.settings.changeGate = gate;
    w.store.settings.set(['appearance', 'theme'], 'dark');
    await until(() => gate.length === 1, 'first sent');
    w.store.settings.set(['appearance', 'fontSize'], 'xl');
    w.store.settings.set(['appearance', 'density'], 'compact');
    w.store.settings.set(['appearance', 'fontSize'], 'l');
    expect(w.store.settings.preferences.get()).toMatchObject({ theme: 'dark', fontSize: 'l', density: 'compact' });
    gate.shift()!();
    await until(() => gate.length === 1, 'second sent');
    gate.shift()!();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.server.settings.changes.map(([, b]) => b.settings)).toEqual([
      { appearance: { theme: 'dark' } },
      { appearance: { fontSize: 'l', density: 'compact' } },
    ]);
    expect(w.server.settings.of(w.me.id).settings).toEqual({ appearance: { theme: 'dark', fontSize: 'l', density: 'compact' } });
  });

  it('waits for a pause before saving a slider\'s changes', async () => {
    const w = await world();
    vi.useFakeTimers();
    for (const volume of [60, 50, 40, 30]) {
      w.store.settings.set(['sounds', 'volume'], volume, { debounceMs: 400 });
      vi.advanceTimersByTime(100);
    }
    expect(w.store.settings.preferences.get().sounds.volume).toBe(30);
    expect(w.server.settings.changes).toEqual([]);
    vi.advanceTimersByTime(400);
    vi.useRealTimers();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.server.settings.changes).toEqual([[null, { settings: { sounds: { volume: 30 } } }]]);
  });

  it('applies settings:updated by version: newer taken, older and equal dropped', async () => {
    const w = await world();
    w.server.settings.changeElsewhere(w.me.id, null, { appearance: { theme: 'dark' } });
    await until(() => w.store.settings.preferences.get().theme === 'dark', 'another device\'s change');
    // The same version again, and an older one: nothing changes.
    w.server.push({ type: 'settings', document: { chatId: null, version: 1, settings: { appearance: { theme: 'light' } }, updatedAt: 1 } });
    w.server.push({ type: 'settings', document: { chatId: null, version: 0, settings: {}, updatedAt: null } });
    expect(w.store.settings.preferences.get().theme).toBe('dark');
    w.server.push({ type: 'settings', document: { chatId: null, version: 2, settings: { appearance: { theme: 'light' } }, updatedAt: 2 } });
    expect(w.store.settings.preferences.get().theme).toBe('light');
    // Junk is dropped.
    w.server.push({ type: 'settings', document: { version: 'x' } });
    expect(w.store.settings.preferences.get().theme).toBe('light');
  });

  it('does not undo another device\'s change with its own on its way', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.settings.changeGate = gate;
    w.store.settings.set(['sounds', 'volume'], 20);
    await until(() => gate.length === 1, 'sent');
    // Meanwhile another device changes the theme.
    w.server.settings.changeElsewhere(w.me.id, null, { appearance: { theme: 'dark' } });
    expect(w.store.settings.preferences.get()).toMatchObject({ theme: 'dark', sounds: { volume: 20 } });
    gate.shift()!();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.store.settings.preferences.get()).toMatchObject({ theme: 'dark', sounds: { volume: 20 } });
    expect(w.server.settings.of(w.me.id).settings).toEqual({ appearance: { theme: 'dark' }, sounds: { volume: 20 } });
  });

  it('puts back what the server has when it refuses, naming the setting', async () => {
    const w = await world();
    w.store.settings.changeSettings({ appearance: { scheme: 'ocean' } });
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    w.store.settings.changeSettings({ appearance: { scheme: 'custom', bubbles: { own: '#777777', ownText: '#888888', other: '#ffffff', otherText: '#000000' } } });
    expect(w.store.settings.preferences.get().scheme).toBe('custom');
    await until(() => w.store.settings.view.get().save === 'failed', 'refused');
    const v = w.store.settings.view.get();
    expect(v.refused).toEqual({
      chatId: null,
      path: 'appearance.bubbles',
      message: 'appearance.bubbles: the text on your bubbles has a contrast of 1.2:1 with them; at least 4.5:1 is needed to read it',
    });
    expect(v.error).toBe('Not saved: the text on your bubbles has a contrast of 1.2:1 with them; at least 4.5:1 is needed to read it');
    expect(w.store.settings.preferences.get()).toMatchObject({ scheme: 'ocean', bubbles: null });
    // A fixed choice goes through and clears the refusal.
    w.store.settings.changeSettings({ appearance: { scheme: 'custom', bubbles: { own: '#777777', ownText: '#000000', other: '#ffffff', otherText: '#000000' } } });
    expect(w.store.settings.view.get().refused).toBeNull();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.store.settings.preferences.get().bubbles).toEqual({ own: '#777777', ownText: '#000000', other: '#ffffff', otherText: '#000000' });
  });

  it('says a document too large in words', async () => {
    const w = await world();
    w.server.settings.failChanges = [new ApiError(413, 'payload_too_large', 'too large')];
    w.store.settings.set(['appearance', 'theme'], 'dark');
    await until(() => w.store.settings.view.get().save === 'failed', 'refused');
    expect(w.store.settings.view.get().error).toMatch(/would pass 16 KiB/);
    expect(w.store.settings.preferences.get().theme).toBe('system');
  });

  it('keeps a change made without the network, and saves it when the connection is back', async () => {
    const w = await world();
    w.server.drop();
    w.server.restDown = true;
    w.store.settings.set(['appearance', 'fontSize'], 'xl');
    await until(() => w.store.settings.view.get().save === 'waiting', 'waiting');
    expect(w.store.settings.preferences.get().fontSize).toBe('xl');
    w.server.restDown = false;
    w.server.restore();
    await until(() => w.store.settings.view.get().save === 'saved', 'saved once back');
    expect(w.server.settings.of(w.me.id).settings).toEqual({ appearance: { fontSize: 'xl' } });
  });

  it('reads the settings again on a reconnect, for the event it may have missed', async () => {
    const w = await world();
    w.server.drop();
    w.server.settings.changeElsewhere(w.me.id, null, { chats: { enterToSend: false } });
    expect(w.store.settings.preferences.get().enterToSend).toBe(true);
    const loads = w.server.settings.loads;
    w.server.restore();
    await until(() => w.store.settings.preferences.get().enterToSend === false, 'read again');
    expect(w.server.settings.loads).toBe(loads + 1);
  });

  it('changes a chat\'s overrides, and clears them back to the global setting', async () => {
    const w = await world();
    let heard = 0;
    w.store.settings.chats.subscribeEntry(w.chat.id, () => heard++);
    w.store.settings.changeChatSettings(w.chat.id, { background: { kind: 'preset', preset: 'mint' }, sounds: { message: 'pop' } });
    expect(w.store.settings.chat(w.chat.id)).toEqual({ background: { kind: 'preset', preset: 'mint' }, sounds: { message: 'pop' } });
    expect(heard).toBe(1);
    await until(() => w.store.settings.view.get().save === 'saved', 'saved');
    expect(w.server.settings.of(w.me.id, w.chat.id)).toMatchObject({ version: 1, settings: { background: { kind: 'preset', preset: 'mint' }, sounds: { message: 'pop' } } });
    w.store.settings.setChat(w.chat.id, ['background'], undefined);
    await until(() => w.store.settings.view.get().save === 'saved' && w.server.settings.of(w.me.id, w.chat.id).version === 2, 'cleared');
    expect(w.server.settings.changes.at(-1)).toEqual([w.chat.id, { settings: { background: null } }]);
    expect(w.store.settings.chat(w.chat.id)).toEqual({ sounds: { message: 'pop' } });
    // A chat the person is not in: refused, put back.
    const theirs = w.server.addChat(w.bob.id, w.server.addUser('Carol').id);
    w.store.settings.setChat(theirs.id, ['sounds', 'muted'], true);
    await until(() => w.store.settings.view.get().save === 'failed', 'refused');
    expect(w.store.settings.view.get().error).toBe('Not saved: you are no longer in that chat.');
    expect(w.store.settings.chat(theirs.id)).toEqual({});
  });

  it('keeps the last settings on the device for a start without the server, and forgets them at logout', async () => {
    const storage = new MemoryStorage();
    const w = await world({ storage });
    w.store.settings.changeSettings({ appearance: { theme: 'dark' } });
    w.store.settings.changeChatSettings(w.chat.id, { sounds: { muted: true } });
    await until(() => w.store.settings.view.get().save === 'saved' && w.server.settings.of(w.me.id, w.chat.id).version === 1, 'saved');
    w.store.destroy();

    // The next start, with the server down: the settings are there at once.
    w.server.restDown = true;
    w.server.reachable = false;
    const again = new ChatStore({ api: w.server, realtime: w.server, storage, settingsApi: w.server.settings });
    stores.push(again);
    await again.init();
    expect(again.settings.preferences.get().theme).toBe('dark');
    expect(again.settings.chat(w.chat.id)).toEqual({ sounds: { muted: true } });

    w.server.restDown = false;
    await again.logout();
    expect(storage.getItem(`parley.settings.${w.me.id}`)).toBeNull();
    expect(again.settings.preferences.get()).toBe(DEFAULTS);
  });

  it('drops what was on its way when the session ends', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.settings.changeGate = gate;
    w.store.settings.set(['appearance', 'theme'], 'dark');
    await until(() => gate.length === 1, 'sent');
    await w.store.logout();
    gate.shift()!();
    await settle();
    expect(w.store.settings.preferences.get()).toBe(DEFAULTS);
    expect(w.store.settings.view.get().save).toBe('idle');
  });
});
