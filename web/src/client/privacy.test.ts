// Privacy settings in the state layer: the pure rules (a change applied, its request body, the
// exceptions kept apart, what changes who sees the user's presence, the server's answer read
// defensively) and store.privacy against the fake server: loading, each change shown at once and
// sent in order, a refusal putting back what the server has with the reason in words,
// privacy:updated from another device, and the user list read again when who sees the user's
// last seen changed (reciprocity hides others' presence too).
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import { applyChange, audienceChanged, patchOf, privacyErrorText, readSettings, withExceptions, withoutException } from './privacy';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, PrivacySettings, User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const person = (id: string): User => ({ id, name: id.toUpperCase(), email: '' });
const base: PrivacySettings = { readReceipts: true, typing: true, lastSeen: 'everybody', always: [], never: [] };

describe('privacy rules', () => {
  it('applies a change, keeping someone in both lists in never only', () => {
    const s = applyChange(base, { readReceipts: false, always: [person('a'), person('b')], never: [person('b')] });
    expect(s).toEqual({ readReceipts: false, typing: true, lastSeen: 'everybody', always: [person('a')], never: [person('b')] });
    expect(applyChange(s, { lastSeen: 'nobody' }).always).toEqual([person('a')]);
  });

  it('sends what a change sets, the lists as ids', () => {
    expect(patchOf({ typing: false })).toEqual({ typing: false });
    expect(patchOf({ lastSeen: 'contacts', never: [person('a'), person('b')] })).toEqual({ lastSeen: 'contacts', never: ['a', 'b'] });
    expect(patchOf({ always: [] })).toEqual({ always: [] });
  });

  it('adds people to one list and takes them out of the other; removes one', () => {
    const s = { ...base, always: [person('a')], never: [person('b'), person('c')] };
    expect(withExceptions(s, 'always', [person('b'), person('d'), person('d')])).toEqual({
      always: [person('a'), person('b'), person('d')],
      never: [person('c')],
    });
    expect(withExceptions(s, 'always', [person('a')])).toBeNull();
    expect(withExceptions(s, 'never', [person('d')])).toEqual({ never: [person('b'), person('c'), person('d')] });
    expect(withoutException(s, 'never', 'b')).toEqual({ never: [person('c')] });
    expect(withoutException(s, 'always', 'b')).toBeNull();
  });

  it('tells when who sees the last seen changed, whatever the order of the lists', () => {
    const s = { ...base, always: [person('a'), person('b')] };
    expect(audienceChanged(s, { ...s, readReceipts: false, typing: false })).toBe(false);
    expect(audienceChanged(s, { ...s, always: [person('b'), person('a')] })).toBe(false);
    expect(audienceChanged(s, { ...s, lastSeen: 'nobody' })).toBe(true);
    expect(audienceChanged(s, { ...s, never: [person('c')] })).toBe(true);
    expect(audienceChanged(s, { ...s, always: [person('a')] })).toBe(true);
  });

  it('reads the server\'s answer with the defaults for what is missing', () => {
    expect(readSettings({})).toEqual(base);
    expect(readSettings({ readReceipts: false, lastSeen: 'someday', always: [{ id: 'a', name: 'A' }, 7], never: null })).toEqual({
      ...base,
      readReceipts: false,
      always: [{ id: 'a', name: 'A', email: '' }],
    });
  });

  it('says a refusal in the server\'s words', () => {
    expect(privacyErrorText(new ApiError(404, 'not_found', 'User not found'))).toBe('Not saved: User not found');
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  carol: User;
  chat: Chat;
}

async function world(): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().users[bob.id] !== undefined, 'users loaded');
  return { server, store, me, bob, carol, chat };
}

const view = (w: World) => w.store.privacy.view.get();

async function loaded(w: World): Promise<void> {
  await w.store.privacy.load();
  expect(view(w).settings).not.toBeNull();
}

describe('store.privacy', () => {
  it('loads the settings when asked', async () => {
    const w = await world();
    expect(view(w).settings).toBeNull();
    const loading = w.store.privacy.load();
    expect(view(w).loading).toBe(true);
    await loading;
    expect(view(w)).toMatchObject({ settings: base, loading: false, loadError: null, save: 'idle' });
  });

  it('shows a change at once, sends it, and says when it is saved', async () => {
    const w = await world();
    await loaded(w);
    w.server.privacy.patchGate = [];
    w.store.privacy.setReadReceipts(false);
    expect(view(w).settings?.readReceipts).toBe(false);
    expect(view(w).save).toBe('saving');
    await until(() => w.server.privacy.patchGate!.length === 1, 'PATCH sent');
    w.server.privacy.patchGate.shift()!();
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.privacy.patches).toEqual([{ readReceipts: false }]);
    expect(w.server.privacy.of(w.me.id).readReceipts).toBe(false);
    expect(view(w).settings?.readReceipts).toBe(false);
  });

  it('sends changes one at a time, in order, each shown on top of those before it', async () => {
    const w = await world();
    await loaded(w);
    const gate: Array<() => void> = [];
    w.server.privacy.patchGate = gate;
    w.store.privacy.setTyping(false);
    w.store.privacy.addExceptions('never', [w.bob]);
    w.store.privacy.setLastSeen('contacts');
    expect(view(w).settings).toMatchObject({ typing: false, lastSeen: 'contacts', never: [w.bob] });
    await settle();
    expect(w.server.privacy.patches).toHaveLength(1); // the next waits for its answer
    while (w.server.privacy.patches.length < 3 || gate.length > 0) {
      await until(() => gate.length > 0, 'a PATCH waiting');
      gate.shift()!();
      await settle();
    }
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.privacy.patches).toEqual([{ typing: false }, { never: [w.bob.id] }, { lastSeen: 'contacts' }]);
    expect(view(w).settings).toMatchObject({ typing: false, lastSeen: 'contacts', never: [{ id: w.bob.id, name: 'Bob' }] });
  });

  it('puts back what the server has when it refuses, with the reason, and drops what was built on it', async () => {
    const w = await world();
    await loaded(w);
    w.server.privacy.failPatches = [new ApiError(400, 'invalid_input', 'lastSeen must be everybody, contacts or nobody')];
    const gate: Array<() => void> = [];
    w.server.privacy.patchGate = gate;
    w.store.privacy.setLastSeen('nobody');
    w.store.privacy.setTyping(false);
    expect(view(w).settings).toMatchObject({ lastSeen: 'nobody', typing: false });
    await until(() => gate.length === 1, 'PATCH sent');
    w.server.privacy.patchGate = null;
    gate.shift()!(); // the first PATCH goes on, and fails
    await until(() => view(w).save === 'failed', 'failed');
    expect(view(w).error).toBe('Not saved: lastSeen must be everybody, contacts or nobody');
    expect(view(w).settings).toEqual(base);
    expect(w.server.privacy.patches).toHaveLength(1);
    // The next change works again, and clears the error.
    w.store.privacy.setTyping(false);
    expect(view(w).error).toBeNull();
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.privacy.of(w.me.id).typing).toBe(false);
  });

  it('says when a person picked is not a user', async () => {
    const w = await world();
    await loaded(w);
    w.store.privacy.addExceptions('always', [person('nobody-here')]);
    await until(() => view(w).save === 'failed', 'failed');
    expect(view(w).error).toBe('Not saved: User not found');
    expect(view(w).settings?.always).toEqual([]);
  });

  it('refuses at once a list longer than the server takes', async () => {
    const w = await world();
    await loaded(w);
    const many = Array.from({ length: 1001 }, (_, i) => person(`p${i}`));
    expect(w.store.privacy.addExceptions('never', many)).toBe(false);
    expect(view(w).error).toBe('Not saved: a list holds at most 1,000 people.');
    expect(w.server.privacy.patches).toEqual([]);
  });

  it('reads the user list again on privacy:updated when the settings were never loaded here', async () => {
    const w = await world();
    const calls = w.server.usersCalls;
    await w.server.privacy.patch(w.me.id, { typing: false });
    await until(() => w.server.usersCalls === calls + 1, 'users read again');
    expect(view(w).settings?.typing).toBe(false);
  });

  it('follows privacy:updated from another device', async () => {
    const w = await world();
    await loaded(w);
    w.server.push({ type: 'privacy', settings: { ...base, typing: false, always: [{ id: w.carol.id, name: 'Carol', email: '' }] } });
    expect(view(w).settings).toMatchObject({ typing: false, always: [{ id: w.carol.id }] });
  });

  it('reads the user list again when who sees the last seen changes, not for the other settings', async () => {
    const w = await world();
    await loaded(w);
    expect(w.store.getState().users[w.bob.id]?.isOnline).toBe(true);
    let calls = w.server.usersCalls;
    w.store.privacy.setTyping(false);
    await until(() => view(w).save === 'saved', 'saved');
    await settle();
    expect(w.server.usersCalls).toBe(calls);

    // Nobody sees Me's presence: by reciprocity Me sees nobody's. The answer and the event
    // both say so: the list is read once.
    w.store.privacy.setLastSeen('nobody');
    await until(() => w.store.getState().users[w.bob.id]?.isOnline === false, 'Bob hidden');
    expect(w.store.getState().users[w.bob.id]?.lastSeen).toBeNull();
    await settle();
    expect(w.server.usersCalls).toBe(calls + 1);

    // An exception for Bob shows him again; Carol stays hidden.
    calls = w.server.usersCalls;
    w.store.privacy.addExceptions('always', [w.bob]);
    await until(() => w.store.getState().users[w.bob.id]?.isOnline === true, 'Bob shown');
    expect(w.store.getState().users[w.carol.id]?.isOnline).toBe(false);
    expect(w.server.usersCalls).toBe(calls + 1);

    // Another device's change is heard the same way.
    w.server.privacy.patch(w.me.id, { lastSeen: 'everybody', always: [] });
    await until(() => w.store.getState().users[w.carol.id]?.isOnline === true, 'Carol shown');
  });

  it('loads again after a reconnect once loaded, and forgets it all at logout', async () => {
    const w = await world();
    await loaded(w);
    w.server.drop();
    await w.server.privacy.patch(w.me.id, { readReceipts: false }); // missed: not connected
    w.server.restore();
    await until(() => view(w).settings?.readReceipts === false, 'read again');
    await w.store.logout();
    expect(view(w).settings).toBeNull();
  });
});
