// The person's settings in the client's state (store.settings): the global document and each
// chat's overrides, as the server keeps them (settings.ts says what they hold). Rules:
//  - shown = what the server last confirmed, with the changes not yet confirmed on top (each a
//    value set at a path, in order), so a change shows at once and another device's change to
//    other settings is never undone by ours;
//  - changes are saved by themselves: at once, or (slider-like controls) a moment after the
//    last one (`debounceMs`); one PATCH per document at a time, carrying every change made
//    meanwhile as one merge patch of what those changes set (a value removed: null);
//  - every answer and every settings:updated is applied by version: an older or equal version
//    than the one held is dropped (the person's own change comes back both ways);
//  - a refusal (400: the setting and the rule in words, 413: too large) drops the changes it
//    carried, shows what the server has and says why, naming the setting (`refused`); a change
//    that cannot reach the server waits and goes when the connection is back;
//  - read on every connect (an event may have been missed), and kept per user in storage, so a
//    start without the server (and the theme before the first paint) has the last ones;
//  - the end of a session forgets what was on its way.
// No React; single-threaded, like the slices.
import { ApiError, errorMessage } from './errors';
import type { Realtime } from './realtime';
import {
  preferences,
  readChatSettings,
  readDocument,
  readGlobalSettings,
  refusedPath,
  sameSettings,
  setAt,
  getAt,
  DEFAULTS,
  type ChatSettings,
  type GlobalSettings,
  type Preferences,
  type SettingsDocument,
  type SettingsPath,
} from './settings';
import type { SettingsApi } from './settings-api';
import { MAX_SETTINGS_BYTES } from './settings-wire';
import type { Slices } from './slices';
import { KeyedSlice, Slice } from './slices/slice';
import type { KeyValueStorage } from './storage';
import type { UploadTransport } from './tus-transport';
import type { RealtimeEvent } from './types';

export type SaveState = 'idle' | 'saving' | 'saved' | 'waiting' | 'failed';

export interface SettingsState {
  /** The global settings as shown: the server's with the changes on their way. */
  global: GlobalSettings;
  /** The server's answer (or this device's copy of it) is here. */
  loaded: boolean;
  /** Reading them failed (retry with load()). */
  loadError: string | null;
  /** 'saving' while changes are on their way, 'waiting' for the connection, 'saved' once all were taken. */
  save: SaveState;
  /** Why the last change was not saved. */
  error: string | null;
  /** The last refusal: which document (null: the global one), the setting it names, its words. */
  refused: { chatId: string | null; path: string | null; message: string } | null;
}

const INITIAL: SettingsState = { global: {}, loaded: false, loadError: null, save: 'idle', error: null, refused: null };

/** A value set at a path (undefined: removed, back to the default). */
interface Change {
  path: SettingsPath;
  value: unknown;
}

/** One document: what the server confirmed, the changes on their way and those still to send. */
interface Doc<S extends object> {
  chatId: string | null;
  confirmed: SettingsDocument<S>;
  /** Restored from storage, not read from the server yet: any version the server has wins. */
  cached: boolean;
  sending: Change[];
  pending: Change[];
  timer: ReturnType<typeof setTimeout> | null;
}

export interface SettingsHost {
  /** null: this client keeps no settings (the defaults apply). */
  readonly api: SettingsApi | null;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session'>;
  readonly storage: KeyValueStorage;
  /** How a background picture is uploaded (the files' tus uploads); none: pictures cannot be chosen. */
  readonly uploads: UploadTransport | null;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

export interface ChangeOptions {
  /** Wait this long after the last change before saving (a slider being dragged). */
  debounceMs?: number;
}

/** Paths whose value is one whole (a background, the four colours of a scheme): replaced, never merged. */
const WHOLE: readonly string[] = ['appearance.background', 'appearance.bubbles', 'background'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function storageKey(userId: string): string {
  return `parley.settings.${userId}`;
}

function emptyDoc<S extends object>(chatId: string | null): SettingsDocument<S> {
  return { chatId, version: 0, settings: {} as S, updatedAt: null };
}

/** The changes a partial settings object makes: its leaves, and whole values where WHOLE says. */
export function changesOf(patch: Record<string, unknown>, base: SettingsPath = []): Change[] {
  const out: Change[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = [...base, key];
    if (isObject(value) && !WHOLE.includes(path.join('.'))) out.push(...changesOf(value, path));
    else out.push({ path, value: value === null ? undefined : value });
  }
  return out;
}

/** The merge patch that sets each change on the server's document (as the server had `base`). */
export function patchOf(base: object, changes: readonly Change[]): Record<string, unknown> {
  let patch: Record<string, unknown> = {};
  const target = apply(base, changes);
  for (const { path: at, value } of changes) {
    let path = at;
    let v: unknown;
    if (value === undefined) {
      // A removal that empties the objects around it removes them too (no {} left behind).
      const emptied = path.findIndex((_, i) => getAt(target, path.slice(0, i + 1)) === undefined && getAt(base, path.slice(0, i + 1)) !== undefined);
      if (emptied >= 0) path = path.slice(0, emptied + 1);
      v = null;
    } else if (isObject(value)) {
      // A whole value replaces the one there: its keys the new one lacks are removed.
      const before = getAt(base, path);
      v = { ...(isObject(before) ? Object.fromEntries(Object.keys(before).map((k) => [k, null])) : {}), ...value };
    } else v = value;
    patch = setPatch(patch, path, v);
  }
  return patch;
}

function setPatch(patch: Record<string, unknown>, path: SettingsPath, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return patch;
  const here = patch[key];
  return { ...patch, [key]: rest.length === 0 ? value : setPatch(isObject(here) ? here : {}, rest, value) };
}

function apply<S extends object>(settings: S, changes: readonly Change[]): S {
  return changes.reduce<S>((s, c) => setAt(s, c.path, c.value), settings);
}

/** A refusal in words, naming the setting when the server does. */
export function settingsErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 413) return `Not saved: your settings would pass ${MAX_SETTINGS_BYTES / 1024} KiB. Remove a chat's background or sound, or reset a section.`;
    if (err.status === 403) return 'Not saved: you are no longer in that chat.';
    if (err.isNetwork) return 'Not saved yet: waiting for the connection.';
  }
  // The setting the server names is for programs ("appearance.bubbles: …"); the rule is for people.
  const message = errorMessage(err);
  const path = refusedPath(message);
  return `Not saved: ${path ? message.trim().slice(path.length).replace(/^\s*:\s*/, '') : message}`;
}

export class SettingsActions {
  readonly view = new Slice<SettingsState>(INITIAL);
  /** The global settings in force (the defaults filled in); the same object until they change. */
  readonly preferences = new Slice<Preferences>(DEFAULTS);
  /** Each chat's overrides as shown, by chat (only chats that have any). */
  readonly chats = new KeyedSlice<ChatSettings>();

  private readonly host: SettingsHost;
  private readonly unsubscribe: () => void;
  private global: Doc<GlobalSettings> = this.newDoc<GlobalSettings>(null);
  private readonly chatDocs = new Map<string, Doc<ChatSettings>>();
  private userId: string | null = null;

  constructor(host: SettingsHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** A session started: this user's last settings from storage, until the server's come. */
  start(userId: string): void {
    this.reset();
    this.userId = userId;
    const saved = this.restore(userId);
    if (!saved) return;
    this.global = { ...this.newDoc<GlobalSettings>(null), confirmed: saved.global, cached: true };
    for (const d of saved.chats) if (d.chatId) this.chatDocs.set(d.chatId, { ...this.newDoc<ChatSettings>(d.chatId), confirmed: d, cached: true });
    this.view.set({ ...INITIAL, loaded: true });
    this.show();
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    for (const d of [this.global, ...this.chatDocs.values()]) if (d.timer !== null) clearTimeout(d.timer);
    this.global = this.newDoc<GlobalSettings>(null);
    this.chatDocs.clear();
    this.userId = null;
    this.view.set(INITIAL);
    this.preferences.set(DEFAULTS);
    this.chats.set({});
  }

  destroy(): void {
    this.reset();
    this.unsubscribe();
    this.view.clearListeners();
    this.preferences.clearListeners();
    this.chats.clearListeners();
  }

  /** The global settings as shown. */
  settings(): GlobalSettings {
    return this.view.get().global;
  }

  /** A chat's overrides as shown ({} when it has none). */
  chat(chatId: string): ChatSettings {
    return this.chats.entry(chatId) ?? {};
  }

  /** Reads every document from the server (the changes on their way stay on top). */
  async load(): Promise<void> {
    const api = this.host.api;
    if (!api || this.userId === null) return;
    const s = this.host.session();
    this.patchView({ loadError: null });
    try {
      const answer = await api.all(this.host.slices.session.token());
      // An older answer than what is held is dropped document by document (by version).
      if (s !== this.host.session()) return;
      const global = readDocument(answer?.global, readGlobalSettings);
      if (global) this.confirm(this.global, global, true);
      const listed = new Set<string>();
      for (const raw of Array.isArray(answer?.chats) ? answer.chats : []) {
        const doc = readDocument(raw, readChatSettings);
        if (!doc?.chatId) continue;
        listed.add(doc.chatId);
        this.confirm(this.chatDoc(doc.chatId), doc, true);
      }
      // Overrides this device remembers that the server no longer lists (a chat left, reset).
      for (const d of this.chatDocs.values()) {
        if (!listed.has(d.chatId!) && d.sending.length === 0) this.confirm(d, emptyDoc(d.chatId), true);
      }
      this.patchView({ loaded: true });
      this.show();
      this.keep();
      this.flushAll();
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patchView({ loadError: errorMessage(err) });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Changes

  /**
   * Changes the global settings: `patch` is a part of the document whose leaves are set (null:
   * back to the default; a background or a scheme's colours replaced whole). Shown at once,
   * saved by itself.
   */
  changeSettings(patch: Record<string, unknown>, options: ChangeOptions = {}): void {
    this.changeDoc(this.global, changesOf(patch), options);
  }

  /** Sets one global setting (undefined: back to the default). */
  set(path: SettingsPath, value: unknown, options: ChangeOptions = {}): void {
    this.changeDoc(this.global, [{ path, value }], options);
  }

  /** Changes a chat's overrides, as changeSettings does the global ones (null: the global setting again). */
  changeChatSettings(chatId: string, patch: Record<string, unknown>, options: ChangeOptions = {}): void {
    this.changeDoc(this.chatDoc(chatId), changesOf(patch), options);
  }

  /** Sets one of a chat's overrides (undefined: the global setting again). */
  setChat(chatId: string, path: SettingsPath, value: unknown, options: ChangeOptions = {}): void {
    this.changeDoc(this.chatDoc(chatId), [{ path, value }], options);
  }

  /** Forgets the last refusal (the person acted on it). */
  clearError(): void {
    const v = this.view.get();
    if (v.error !== null || v.refused !== null) this.patchView({ error: null, refused: null, save: v.save === 'failed' ? 'idle' : v.save });
  }

  /** Saves what waits for a debounce now (a slider let go, the page left). */
  flushAll(): void {
    for (const d of [this.global, ...this.chatDocs.values()]) {
      if (d.timer !== null) clearTimeout(d.timer);
      d.timer = null;
      void this.flush(d);
    }
  }

  private changeDoc<S extends object>(doc: Doc<S>, changes: Change[], options: ChangeOptions): void {
    if (this.userId === null || changes.length === 0) return;
    doc.pending.push(...changes);
    this.patchView({ save: 'saving', error: null, refused: null });
    this.show();
    if (doc.timer !== null) clearTimeout(doc.timer);
    doc.timer = null;
    if (options.debounceMs && options.debounceMs > 0) {
      doc.timer = setTimeout(() => {
        doc.timer = null;
        void this.flush(doc);
      }, options.debounceMs);
    } else {
      void this.flush(doc);
    }
  }

  private async flush<S extends object>(doc: Doc<S>): Promise<void> {
    const api = this.host.api;
    if (!api || doc.sending.length > 0 || doc.pending.length === 0 || doc.timer !== null) return;
    const s = this.host.session();
    const batch = doc.pending;
    doc.pending = [];
    doc.sending = batch;
    const body = { settings: patchOf(doc.confirmed.settings, batch) };
    try {
      const answer = await api.change(this.host.slices.session.token(), doc.chatId, body);
      if (s !== this.host.session()) return;
      doc.sending = [];
      const read = readDocument(answer, doc.chatId === null ? readGlobalSettings : readChatSettings) as SettingsDocument<S> | null;
      if (read) this.confirm(doc, read, false);
      this.show();
      this.keep();
    } catch (err) {
      if (s !== this.host.session()) return;
      doc.sending = [];
      this.failed(doc, batch, err, s);
      return;
    }
    if (doc.pending.length > 0) void this.flush(doc);
    else if (!this.busy()) this.patchView({ save: 'saved' });
  }

  private failed<S extends object>(doc: Doc<S>, batch: Change[], err: unknown, s: number): void {
    if (err instanceof ApiError && err.isNetwork) {
      // Kept, to go when the connection is back.
      doc.pending = [...batch, ...doc.pending];
      this.patchView({ save: 'waiting', error: null });
      return;
    }
    this.host.handleError(err, s, false);
    if (s !== this.host.session()) return;
    if (err instanceof ApiError && err.status === 409) {
      // Another device wrote first: read it again, and send these on top.
      doc.pending = [...batch, ...doc.pending];
      void this.load();
      return;
    }
    const message = settingsErrorText(err);
    const raw = err instanceof ApiError ? err.message : '';
    this.patchView({ save: 'failed', error: message, refused: { chatId: doc.chatId, path: refusedPath(raw), message: raw || message } });
    this.show();
    if (doc.pending.length > 0) void this.flush(doc);
  }

  // ------------------------------------------------------------------------------------------
  // The server's documents

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated' || this.userId === null) return;
    if (e.type === 'connected') {
      void this.load();
      return;
    }
    if (e.type !== 'settings') return;
    const chatId = typeof (e.document as { chatId?: unknown })?.chatId === 'string' ? (e.document as { chatId: string }).chatId : null;
    if (chatId === null) {
      const doc = readDocument(e.document, readGlobalSettings);
      if (doc) this.confirm(this.global, doc, false);
    } else {
      const doc = readDocument(e.document, readChatSettings);
      if (doc) this.confirm(this.chatDoc(chatId), doc, false);
    }
    this.show();
    this.keep();
  }

  /** The server's document, taken when newer than the one held (a load's also when the one held came from storage). */
  private confirm<S extends object>(doc: Doc<S>, next: SettingsDocument<S>, loaded: boolean): void {
    if (next.version > doc.confirmed.version || (loaded && doc.cached)) doc.confirmed = next;
    if (loaded) doc.cached = false;
  }

  private chatDoc(chatId: string): Doc<ChatSettings> {
    let d = this.chatDocs.get(chatId);
    if (!d) {
      d = this.newDoc<ChatSettings>(chatId);
      this.chatDocs.set(chatId, d);
    }
    return d;
  }

  private newDoc<S extends object>(chatId: string | null): Doc<S> {
    return { chatId, confirmed: emptyDoc<S>(chatId), cached: false, sending: [], pending: [], timer: null };
  }

  private busy(): boolean {
    return [this.global, ...this.chatDocs.values()].some((d) => d.sending.length > 0 || d.pending.length > 0);
  }

  /** What is shown: each document's confirmed settings with its changes on top. */
  private show(): void {
    const shownOf = <S extends object>(d: Doc<S>): S => apply(apply(d.confirmed.settings, d.sending), d.pending);
    const global = shownOf(this.global);
    const v = this.view.get();
    if (!sameSettings(global, v.global)) this.patchView({ global });
    const prefs = preferences(this.view.get().global);
    if (!sameSettings(prefs, this.preferences.get())) this.preferences.set(prefs);
    const chats: Record<string, ChatSettings> = {};
    for (const [id, d] of this.chatDocs) {
      const shown = shownOf(d);
      if (Object.keys(shown).length === 0) continue;
      const held = this.chats.entry(id);
      chats[id] = held && sameSettings(held, shown) ? held : shown;
    }
    const before = this.chats.get();
    const same = Object.keys(before).length === Object.keys(chats).length && Object.entries(chats).every(([k, c]) => before[k] === c);
    if (!same) this.chats.set(chats);
  }

  private patchView(patch: Partial<SettingsState>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }

  // ------------------------------------------------------------------------------------------
  // This device's copy

  private keep(): void {
    if (this.userId === null) return;
    const chats = [...this.chatDocs.values()].filter((d) => d.confirmed.version > 0).map((d) => d.confirmed);
    try {
      this.host.storage.setItem(storageKey(this.userId), JSON.stringify({ global: this.global.confirmed, chats }));
    } catch {
      // Storage full or refused: the server's copy is read again next time.
    }
  }

  private restore(userId: string): { global: SettingsDocument<GlobalSettings>; chats: SettingsDocument<ChatSettings>[] } | null {
    try {
      const text = this.host.storage.getItem(storageKey(userId));
      if (!text) return null;
      const data = JSON.parse(text) as { global?: unknown; chats?: unknown };
      const global = readDocument(data.global, readGlobalSettings);
      if (!global) return null;
      const chats = (Array.isArray(data.chats) ? data.chats : [])
        .map((c) => readDocument(c, readChatSettings))
        .filter((c): c is SettingsDocument<ChatSettings> => c !== null && c.chatId !== null);
      return { global, chats };
    } catch {
      return null;
    }
  }

  /**
   * Uploads a picture for a background (the files' uploads; the server keeps it while a setting
   * names it); resolves to its file id, or throws the refusal (ApiError). `progress` hears the
   * share sent, 0..1.
   */
  uploadPicture(file: Blob, name: string, progress: (share: number) => void = () => {}): Promise<string> {
    const transport = this.host.uploads;
    const me = this.host.slices.session.me();
    if (!transport || !me) return Promise.reject(new ApiError(0, 'unavailable', 'Pictures cannot be uploaded here.'));
    const s = this.host.session();
    return new Promise<string>((resolve, reject) => {
      const task = transport.create(
        { file, name, type: file.type || 'application/octet-stream', token: this.host.slices.session.token(), userId: me.id },
        {
          progress: (sent, total) => progress(total > 0 ? sent / total : 0),
          success: (fileId) => resolve(fileId),
          error: (err) => {
            if (s === this.host.session()) this.host.handleError(err, s, false);
            reject(err);
          },
        },
      );
      task.start();
    });
  }

  /** Forgets this device's copy of a user's settings (logging out). */
  forget(userId: string): void {
    try {
      this.host.storage.removeItem(storageKey(userId));
    } catch {
      // Nothing kept.
    }
  }
}
