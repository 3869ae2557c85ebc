// A settings document kept by the server, changed optimistically in order (server-settings.ts),
// against a server whose every answer the test gives by hand: each change shown at once on top
// of those before it and sent one at a time, a load overtaken by newer news dropped, a refusal
// putting back what the server has (and dropping what was built on it), the end of the session
// dropping what is on its way, the document's event applied under the changes still on their
// way, and reading again on a (re)connect.
import { describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { settle } from './fakes';
import { DEFAULT_SETTINGS } from './notifications';
import type { NotificationSettings } from './notifications-wire';
import {
  ServerSettings,
  type ServerSettingsHost,
  type ServerSettingsOptions,
  type SettingsServer,
} from './server-settings';
import { SessionSlice } from './slices/session';
import { MemoryStorage } from './storage';
import type { RealtimeEvent } from './types';

type Doc = NotificationSettings;
type Change = Partial<Pick<Doc, 'push' | 'previews' | 'sound'>>;

const DOC: Doc = DEFAULT_SETTINGS;

/** A request the server has not answered yet: the test answers it, or refuses it. */
interface Call {
  what: 'get' | 'send';
  change: Change | null;
  answer(doc: Doc): void;
  fail(err: unknown): void;
}

function world(options: Partial<ServerSettingsOptions<Doc, Change>> = {}) {
  const listeners = new Set<(e: RealtimeEvent) => void>();
  const calls: Call[] = [];
  const errors: unknown[] = [];
  const refused: Change[] = [];
  const confirmed: Array<{ before: Doc | null; after: Doc; pushed: boolean }> = [];
  const shownNull: number[] = [];
  const session = new SessionSlice(new MemoryStorage());
  session.signIn('token-me', { id: 'me', name: 'Me', email: 'me@example.com' });
  let s = 1;
  const host: ServerSettingsHost = {
    realtime: {
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    slices: { session },
    session: () => s,
    handleError: (err) => errors.push(err),
  };
  const server: SettingsServer<Doc, Change> = {
    get: () => new Promise((resolve, reject) => calls.push({ what: 'get', change: null, answer: resolve, fail: reject })),
    send: (_token, change) =>
      new Promise((resolve, reject) => calls.push({ what: 'send', change, answer: (doc) => resolve(() => doc), fail: reject })),
  };
  const settings = new ServerSettings<Doc, Change>(host, {
    server,
    apply: (doc, change) => ({ ...doc, ...change }),
    fromEvent: (e) => (e.type === 'notifications' ? e.settings : null),
    readOnConnect: 'always',
    errorText: (err) => `Not saved: ${err instanceof Error ? err.message : String(err)}`,
    onConfirmed: (before, after, pushed) => confirmed.push({ before, after, pushed }),
    onShown: (shown) => {
      if (shown === null) shownNull.push(s);
    },
    onRefused: (_err, change) => refused.push(change),
    ...options,
  });
  const emit = (e: RealtimeEvent) => {
    for (const l of [...listeners]) l(e);
  };
  /** The oldest call not answered yet, which must be `what`. */
  const next = (what: Call['what']): Call => {
    const call = calls.shift();
    if (call?.what !== what) throw new Error(`expected a ${what}, got ${call?.what ?? 'nothing'}`);
    return call;
  };
  const loaded = async (doc: Doc = DOC) => {
    const loading = settings.load();
    next('get').answer(doc);
    await loading;
  };
  const endSession = () => {
    s++;
    settings.reset();
    session.signOut(null);
  };
  const view = () => settings.view.get();
  return { settings, calls, errors, refused, confirmed, shownNull, session, emit, next, loaded, endSession, view };
}

describe('ServerSettings', () => {
  it('loads the document, and says why when it cannot', async () => {
    const w = world();
    expect(w.view()).toEqual({ settings: null, loading: false, loadError: null, save: 'idle', error: null });
    const failing = w.settings.load();
    expect(w.view().loading).toBe(true);
    w.next('get').fail(new ApiError(0, 'network', 'Network error'));
    await failing;
    expect(w.view()).toMatchObject({ settings: null, loading: false, loadError: 'Network error' });
    expect(w.errors).toHaveLength(1);

    await w.loaded();
    expect(w.view()).toEqual({ settings: DOC, loading: false, loadError: null, save: 'idle', error: null });
    expect(w.confirmed).toEqual([{ before: null, after: DOC, pushed: false }]);
  });

  it('shows each change at once on top of those before it, and sends them one at a time, in order', async () => {
    const w = world();
    await w.loaded();
    w.settings.change({ push: false });
    w.settings.change({ sound: false });
    w.settings.change({ push: true, previews: false });
    expect(w.view()).toMatchObject({ settings: { push: true, previews: false, sound: false }, save: 'saving', error: null });
    expect(w.calls.map((c) => c.change)).toEqual([{ push: false }]); // the next waits for its answer

    // Each answer is the server's document, shown with the changes still on their way on top.
    w.next('send').answer({ ...DOC, push: false, chats: [{ chatId: 'a', level: 'nothing', mutedUntil: null }] });
    await settle();
    expect(w.view().settings).toEqual({ ...DOC, push: true, previews: false, sound: false, chats: [{ chatId: 'a', level: 'nothing', mutedUntil: null }] });
    expect(w.calls.map((c) => c.change)).toEqual([{ sound: false }]);
    w.next('send').answer({ ...DOC, push: false, sound: false });
    await settle();
    expect(w.view().save).toBe('saving');
    w.next('send').answer({ ...DOC, previews: false, sound: false });
    await settle();
    expect(w.view()).toMatchObject({ settings: { ...DOC, previews: false, sound: false }, save: 'saved' });
    expect(w.calls).toEqual([]);
  });

  it('changes nothing before the document is loaded', () => {
    const w = world();
    w.settings.change({ push: false });
    expect(w.view().settings).toBeNull();
    expect(w.calls).toEqual([]);
  });

  it('drops a load that newer news overtook: an event, or a change\'s answer', async () => {
    const w = world();
    const overtaken = w.settings.load();
    w.emit({ type: 'notifications', settings: { ...DOC, sound: false } });
    w.next('get').answer(DOC); // older than the event
    await overtaken;
    expect(w.view()).toMatchObject({ settings: { sound: false }, loading: false });

    const load = w.settings.load(false);
    w.settings.change({ push: false });
    const get = w.next('get');
    w.next('send').answer({ ...DOC, sound: false, push: false });
    await settle();
    get.answer({ ...DOC, sound: false }); // asked before the change was answered
    await load;
    expect(w.view()).toMatchObject({ settings: { sound: false, push: false }, loading: false, save: 'saved' });

    // A load asked after the news is the server's newest word.
    await w.loaded({ ...DOC, previews: false });
    expect(w.view().settings).toEqual({ ...DOC, previews: false });
  });

  it('puts back what the server has when a change is refused, drops what was built on it, and reads again', async () => {
    const w = world();
    await w.loaded();
    w.settings.change({ push: false });
    w.settings.change({ sound: false });
    w.next('send').fail(new ApiError(400, 'invalid_input', 'push must be true or false'));
    await settle();
    expect(w.view()).toMatchObject({ settings: DOC, save: 'failed', error: 'Not saved: push must be true or false' });
    expect(w.refused).toEqual([{ push: false }]);
    expect(w.errors).toHaveLength(1);
    // The server may have changed meanwhile: it is read again; the change built on it never went.
    w.next('get').answer({ ...DOC, previews: false });
    await settle();
    expect(w.view()).toMatchObject({ settings: { ...DOC, previews: false }, save: 'failed', loading: false });
    expect(w.calls).toEqual([]);

    // Not reached at all: nothing to read again. The next change works, and clears the error.
    w.settings.change({ sound: false });
    expect(w.view()).toMatchObject({ save: 'saving', error: null });
    w.next('send').fail(new ApiError(0, 'network', 'Network error'));
    await settle();
    expect(w.view()).toMatchObject({ settings: { ...DOC, previews: false }, save: 'failed', error: 'Not saved: Network error' });
    expect(w.calls).toEqual([]);
    w.settings.change({ sound: false });
    w.next('send').answer({ ...DOC, previews: false, sound: false });
    await settle();
    expect(w.view()).toMatchObject({ settings: { sound: false }, save: 'saved', error: null });
  });

  it('says a change was not saved without sending it', async () => {
    const w = world();
    await w.loaded();
    w.settings.notSaved('Not saved: too many.');
    expect(w.view()).toMatchObject({ settings: DOC, save: 'failed', error: 'Not saved: too many.' });
    expect(w.calls).toEqual([]);
  });

  it('forgets it all at the end of the session, and drops what is on its way when it answers', async () => {
    const w = world();
    await w.loaded();
    w.settings.change({ push: false });
    w.settings.change({ sound: false });
    const load = w.settings.load(false);
    const send = w.next('send');
    const get = w.next('get');
    w.endSession();
    expect(w.view()).toEqual({ settings: null, loading: false, loadError: null, save: 'idle', error: null });
    expect(w.shownNull).toHaveLength(1);

    send.answer({ ...DOC, push: false });
    get.answer({ ...DOC, push: false });
    await load;
    await settle();
    expect(w.view().settings).toBeNull();
    expect(w.calls).toEqual([]); // the change queued behind was never sent

    // A new session starts afresh.
    w.session.signIn('token-me', { id: 'me', name: 'Me', email: 'me@example.com' });
    await w.loaded();
    w.settings.change({ previews: false });
    expect(w.next('send').change).toEqual({ previews: false });
  });

  it('applies the document its event carries, under the changes on their way', async () => {
    const w = world();
    await w.loaded();
    w.settings.change({ push: false });
    w.emit({ type: 'notifications', settings: { ...DOC, sound: false } });
    expect(w.view()).toMatchObject({ settings: { push: false, sound: false }, save: 'saving' });
    expect(w.confirmed.at(-1)).toEqual({ before: DOC, after: { ...DOC, sound: false }, pushed: true });

    // Other events are not this document's; nothing is heard while signed out.
    w.emit({ type: 'privacy', settings: { readReceipts: false, typing: true, lastSeen: 'everybody', always: [], never: [] } });
    expect(w.confirmed).toHaveLength(2);
    w.session.signOut(null);
    w.emit({ type: 'notifications', settings: { ...DOC, previews: false } });
    expect(w.view().settings?.previews).toBe(true);
  });

  it('reads again on every connect when asked to, signing in included', async () => {
    const w = world();
    w.emit({ type: 'connected' });
    w.next('get').answer({ ...DOC, sound: false });
    await settle();
    expect(w.view().settings?.sound).toBe(false);
    w.settings.change({ push: false });
    w.emit({ type: 'connected' });
    expect(w.calls.map((c) => c.what)).toEqual(['send', 'get']);
  });

  it('reads again on a reconnect only once loaded and with nothing on its way, when asked so', async () => {
    const w = world({ readOnConnect: 'once-loaded' });
    w.emit({ type: 'connected' });
    expect(w.calls).toEqual([]);
    await w.loaded();
    w.settings.change({ push: false });
    w.emit({ type: 'connected' }); // the answer on its way brings the server's document
    expect(w.calls.map((c) => c.what)).toEqual(['send']);
    w.next('send').answer({ ...DOC, push: false });
    await settle();
    w.emit({ type: 'connected' });
    expect(w.calls.map((c) => c.what)).toEqual(['get']);
  });

  it('reads and sends nothing without a server', async () => {
    const w = world({ server: null });
    await w.settings.load();
    w.emit({ type: 'connected' });
    w.settings.change({ push: false });
    expect(w.view()).toMatchObject({ settings: null, loading: false });
    expect(w.calls).toEqual([]);
  });
});
