// The fake server's settings documents (fakes.ts), as Parley keeps them: per user a global
// document and one per chat they are in, each with its version (0 and {} until written);
// GET /api/v1/me/settings (the global one and the chats' that have a version), PATCH of either
// with an RFC 7396 merge patch (null: the defaults) and an optional version (409 when it is not
// the stored one), the merged document checked as the server checks it (unknown keys, each
// value's rule, a scheme's text under 4.5:1 on its bubble, 16 KiB at most: 400 invalid_input or
// 413, naming the setting), settings:updated pushed to the client after every change of its
// user's (its own included). A test can make the next changes fail or wait, and change a
// document "on another device". Used only by the unit tests, through FakeServer.settings, passed
// to the store as its settingsApi.
import { contrast, isHexColour, ratioText, MIN_CONTRAST } from './contrast';
import { ApiError } from './errors';
import { isIdentifier, mergePatch, BASES, BLUR_MAX, DENSITIES, DIM_MAX, FONT_SIZES, THEMES, TIME_FORMATS, VOLUME_MAX } from './settings';
import type { SettingsApi } from './settings-api';
import { MAX_SETTINGS_BYTES, type AllSettingsWire, type SettingsDocumentWire, type SettingsPatchBody } from './settings-wire';
import type { Chat, RealtimeEvent, User } from './types';

export interface FakeSettingsHost {
  readonly userList: User[];
  readonly chatList: Chat[];
  readonly restDown: boolean;
  readonly connected: boolean;
  readonly token: string | null;
  push(e: RealtimeEvent): void;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_input', message);
}

/** Each key of `o` is one of `keys`, else the refusal names the first that is not. */
function onlyKeys(o: Json, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw invalid(`${where ? `${where}.` : ''}${k}: is not a setting`);
}

function check(cond: boolean, path: string, rule: string): void {
  if (!cond) throw invalid(`${path}: ${rule}`);
}

function checkBackground(v: unknown, path: string): void {
  check(isObject(v), path, 'must be an object');
  const b = v as Json;
  if (b.kind === 'none') onlyKeys(b, ['kind'], path);
  else if (b.kind === 'preset') {
    onlyKeys(b, ['kind', 'preset'], path);
    check(isIdentifier(b.preset), `${path}.preset`, 'must be a preset name');
  } else if (b.kind === 'image') {
    onlyKeys(b, ['kind', 'fileId', 'blur', 'dim'], path);
    check(typeof b.fileId === 'string' && b.fileId !== '', `${path}.fileId`, 'must be a file id');
    check(Number.isInteger(b.blur) && (b.blur as number) >= 0 && (b.blur as number) <= BLUR_MAX, `${path}.blur`, `must be 0 to ${BLUR_MAX}`);
    check(Number.isInteger(b.dim) && (b.dim as number) >= 0 && (b.dim as number) <= DIM_MAX, `${path}.dim`, `must be 0 to ${DIM_MAX}`);
  } else throw invalid(`${path}.kind: must be none, preset or image`);
}

function oneOf(list: readonly unknown[], v: unknown, path: string): void {
  if (v !== undefined) check(list.includes(v), path, `must be one of ${list.join(', ')}`);
}

function sound(v: unknown, path: string): void {
  if (v !== undefined) check(isIdentifier(v), path, 'must be a sound name or none');
}

/** The global document as the server checks it (throws its refusal). */
export function checkGlobal(doc: Json): void {
  onlyKeys(doc, ['appearance', 'chats', 'sounds', 'language'], '');
  if (doc.appearance !== undefined) {
    check(isObject(doc.appearance), 'appearance', 'must be an object');
    const a = doc.appearance as Json;
    onlyKeys(a, ['theme', 'accent', 'customBase', 'scheme', 'bubbles', 'fontSize', 'density', 'background'], 'appearance');
    oneOf(THEMES, a.theme, 'appearance.theme');
    if (a.accent !== undefined) check(isHexColour(a.accent), 'appearance.accent', 'must be a colour as #rrggbb');
    oneOf(BASES, a.customBase, 'appearance.customBase');
    if (a.scheme !== undefined) check(isIdentifier(a.scheme), 'appearance.scheme', 'must be a scheme name or custom');
    if (a.bubbles !== undefined) {
      check(isObject(a.bubbles), 'appearance.bubbles', 'must be an object');
      const b = a.bubbles as Json;
      onlyKeys(b, ['own', 'ownText', 'other', 'otherText'], 'appearance.bubbles');
      for (const k of ['own', 'ownText', 'other', 'otherText']) check(isHexColour(b[k]), `appearance.bubbles.${k}`, 'must be a colour as #rrggbb');
      for (const [bg, fg, whose] of [['own', 'ownText', 'your'], ['other', 'otherText', "others'"]] as const) {
        const ratio = contrast(b[bg] as string, b[fg] as string);
        check(ratio >= MIN_CONTRAST, 'appearance.bubbles', `the text on ${whose} bubbles has a contrast of ${ratioText(ratio)} with them; at least ${MIN_CONTRAST}:1 is needed to read it`);
      }
    }
    oneOf(FONT_SIZES, a.fontSize, 'appearance.fontSize');
    oneOf(DENSITIES, a.density, 'appearance.density');
    if (a.background !== undefined) checkBackground(a.background, 'appearance.background');
  }
  if (doc.chats !== undefined) {
    check(isObject(doc.chats), 'chats', 'must be an object');
    const c = doc.chats as Json;
    onlyKeys(c, ['enterToSend', 'timeFormat'], 'chats');
    if (c.enterToSend !== undefined) check(typeof c.enterToSend === 'boolean', 'chats.enterToSend', 'must be true or false');
    oneOf(TIME_FORMATS, c.timeFormat, 'chats.timeFormat');
  }
  if (doc.sounds !== undefined) {
    check(isObject(doc.sounds), 'sounds', 'must be an object');
    const s = doc.sounds as Json;
    onlyKeys(s, ['muted', 'volume', 'message', 'mention', 'call'], 'sounds');
    if (s.muted !== undefined) check(typeof s.muted === 'boolean', 'sounds.muted', 'must be true or false');
    if (s.volume !== undefined) check(Number.isInteger(s.volume) && (s.volume as number) >= 0 && (s.volume as number) <= VOLUME_MAX, 'sounds.volume', `must be 0 to ${VOLUME_MAX}`);
    sound(s.message, 'sounds.message');
    sound(s.mention, 'sounds.mention');
    sound(s.call, 'sounds.call');
  }
  if (doc.language !== undefined) {
    check(isObject(doc.language), 'language', 'must be an object');
    const l = doc.language as Json;
    onlyKeys(l, ['locale'], 'language');
    if (l.locale !== undefined) check(typeof l.locale === 'string' && (l.locale === 'auto' || /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(l.locale)), 'language.locale', 'must be auto or a language tag');
  }
}

/** A chat's document as the server checks it. */
export function checkChat(doc: Json): void {
  onlyKeys(doc, ['background', 'sounds'], '');
  if (doc.background !== undefined) checkBackground(doc.background, 'background');
  if (doc.sounds !== undefined) {
    check(isObject(doc.sounds), 'sounds', 'must be an object');
    const s = doc.sounds as Json;
    onlyKeys(s, ['message', 'muted'], 'sounds');
    sound(s.message, 'sounds.message');
    if (s.muted !== undefined) check(typeof s.muted === 'boolean', 'sounds.muted', 'must be true or false');
  }
}

interface Stored {
  version: number;
  settings: Json;
  updatedAt: number | null;
}

export class FakeSettings implements SettingsApi {
  private readonly host: FakeSettingsHost;
  /** By "user" or "user/chat". */
  private readonly docs = new Map<string, Stored>();
  /** Change bodies received, in order: [chatId or null, body]. */
  readonly changes: Array<[string | null, SettingsPatchBody]> = [];
  /** GET /api/v1/me/settings calls. */
  loads = 0;
  /** The next changes fail with these errors (one each), then they work again. */
  failChanges: ApiError[] = [];
  /** While set, each change answers only when the test calls its entry. */
  changeGate: Array<() => void> | null = null;
  /** While set, each GET answers only when the test calls its entry. */
  loadGate: Array<() => void> | null = null;
  /** Whether settings:updated is pushed to the client (false: lost on the way). */
  events = true;
  private clock = Date.UTC(2025, 0, 1, 12, 0, 0);

  constructor(host: FakeSettingsHost) {
    this.host = host;
  }

  /** A user's document as stored (the global one with chatId null). */
  of(userId: string, chatId: string | null = null): SettingsDocumentWire {
    const d = this.docs.get(key(userId, chatId)) ?? { version: 0, settings: {}, updatedAt: null };
    return { chatId, version: d.version, settings: structuredClone(d.settings), updatedAt: d.updatedAt };
  }

  /** A change made on another device of `userId`: applied, and told to the client if it is them. */
  changeElsewhere(userId: string, chatId: string | null, patch: Json | null): SettingsDocumentWire {
    return this.apply(userId, chatId, { settings: patch });
  }

  async all(token: string): Promise<AllSettingsWire> {
    const me = this.userOf(token);
    this.loads++;
    const gate = this.loadGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const chats = this.host.chatList
      .filter((c) => c.participants.includes(me.id))
      .map((c) => this.of(me.id, c.id))
      .filter((d) => d.version > 0);
    return { global: this.of(me.id), chats };
  }

  async chat(token: string, chatId: string): Promise<SettingsDocumentWire> {
    const me = this.userOf(token);
    this.member(me.id, chatId);
    return this.of(me.id, chatId);
  }

  async change(token: string, chatId: string | null, body: SettingsPatchBody): Promise<SettingsDocumentWire> {
    const me = this.userOf(token);
    this.changes.push([chatId, structuredClone(body)]);
    const gate = this.changeGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const failure = this.failChanges.shift();
    if (failure) throw failure;
    if (chatId !== null) this.member(me.id, chatId);
    return this.apply(me.id, chatId, body);
  }

  private apply(userId: string, chatId: string | null, body: SettingsPatchBody): SettingsDocumentWire {
    const k = key(userId, chatId);
    const held = this.docs.get(k) ?? { version: 0, settings: {}, updatedAt: null };
    if (body.version !== undefined && body.version !== held.version) {
      throw new ApiError(409, 'conflict', `The settings changed meanwhile (version ${held.version})`);
    }
    if (body.settings !== null && !isObject(body.settings)) throw invalid('settings: must be an object or null');
    const next = body.settings === null ? {} : pruned(mergePatch(held.settings, body.settings) as Json);
    if (chatId === null) checkGlobal(next);
    else checkChat(next);
    if (JSON.stringify(next).length > MAX_SETTINGS_BYTES) throw new ApiError(413, 'payload_too_large', 'settings: the document would pass 16 KiB');
    this.clock += 1000;
    this.docs.set(k, { version: held.version + 1, settings: next, updatedAt: this.clock });
    const doc = this.of(userId, chatId);
    if (this.events && this.host.connected && this.host.token === `token-${userId}`) this.host.push({ type: 'settings', document: structuredClone(doc) });
    return doc;
  }

  private member(userId: string, chatId: string): void {
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
    if (!chat.participants.includes(userId)) throw new ApiError(403, 'forbidden', 'You are not a member of this chat');
  }

  private userOf(token: string): User {
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }
}

/** Parley keeps no empty objects: a merge that leaves one removes it. */
function pruned(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const w = isObject(v) ? pruned(v) : v;
    if (!(isObject(w) && Object.keys(w).length === 0)) out[k] = w;
  }
  return out;
}

function key(userId: string, chatId: string | null): string {
  return chatId === null ? userId : `${userId}/${chatId}`;
}
