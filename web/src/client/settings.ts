// The person's own settings, pure: the documents the server keeps for them (one global, one per
// chat with that chat's overrides), read defensively; the defaults, which the client defines
// (an absent key is the default); the preferences in force (defaults filled in); the chat's
// background and sound after its overrides; and RFC 7396 merge patches: applied, and made as the
// difference between two documents, so a change sends only what changed (a key removed is sent
// as null). Used by settings-actions.ts (store.settings) and the UI; no React.
import { isHexColour } from './contrast';

export const THEMES = ['system', 'light', 'dark', 'high-contrast', 'custom'] as const;
export type Theme = (typeof THEMES)[number];
/** What a custom theme is built on. */
export const BASES = ['system', 'light', 'dark'] as const;
export type Base = (typeof BASES)[number];
export const FONT_SIZES = ['xs', 's', 'm', 'l', 'xl'] as const;
export type FontSize = (typeof FONT_SIZES)[number];
export const DENSITIES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITIES)[number];
export const TIME_FORMATS = ['auto', '12h', '24h'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];
export const SOUND_KINDS = ['message', 'mention', 'call'] as const;
export type SoundKind = (typeof SOUND_KINDS)[number];
/** A chat's sound or a kind's: a sound's name, or 'none'. */
export const NO_SOUND = 'none';
/** The chat colour scheme made of the person's own four colours. */
export const CUSTOM_SCHEME = 'custom';
export const BLUR_MAX = 20;
export const DIM_MAX = 80;
export const VOLUME_MAX = 100;

/** A preset's, a scheme's or a sound's name as the server takes it. */
const IDENTIFIER = /^[a-z0-9-]{1,32}$/;

export function isIdentifier(v: unknown): v is string {
  return typeof v === 'string' && IDENTIFIER.test(v);
}

export type Background =
  | { kind: 'none' }
  | { kind: 'preset'; preset: string }
  /** An image the person uploaded, blurred (px) and dimmed (percent). */
  | { kind: 'image'; fileId: string; blur: number; dim: number };

/** A custom chat colour scheme: the person's bubbles and others', each with its text. */
export interface Bubbles {
  own: string;
  ownText: string;
  other: string;
  otherText: string;
}

/** The global document's settings as stored: every key optional, absent = the default. */
export interface GlobalSettings {
  appearance?: {
    theme?: Theme;
    accent?: string;
    customBase?: Base;
    scheme?: string;
    bubbles?: Bubbles;
    fontSize?: FontSize;
    density?: Density;
    background?: Background;
  };
  chats?: { enterToSend?: boolean; timeFormat?: TimeFormat };
  sounds?: { muted?: boolean; volume?: number; message?: string; mention?: string; call?: string };
  language?: { locale?: string };
}

/** A chat's overrides. */
export interface ChatSettings {
  background?: Background;
  sounds?: { message?: string; muted?: boolean };
}

/** A settings document as the server keeps it (version 0 and {} when never written). */
export interface SettingsDocument<S> {
  /** null for the global one. */
  chatId: string | null;
  version: number;
  settings: S;
  updatedAt: number | null;
}

/** The global settings in force: the stored ones with the defaults for what is absent. */
export interface Preferences {
  theme: Theme;
  accent: string;
  customBase: Base;
  scheme: string;
  bubbles: Bubbles | null;
  fontSize: FontSize;
  density: Density;
  background: Background;
  enterToSend: boolean;
  timeFormat: TimeFormat;
  sounds: { muted: boolean; volume: number; message: string; mention: string; call: string };
  locale: string;
}

export const DEFAULT_SCHEME = 'classic';
export const DEFAULT_ACCENT = '#3f5bd9';

export const DEFAULTS: Preferences = {
  theme: 'system',
  accent: DEFAULT_ACCENT,
  customBase: 'system',
  scheme: DEFAULT_SCHEME,
  bubbles: null,
  fontSize: 'm',
  density: 'comfortable',
  background: { kind: 'none' },
  enterToSend: true,
  timeFormat: 'auto',
  sounds: { muted: false, volume: 70, message: 'chime', mention: 'ding', call: 'ring' },
  locale: 'auto',
};

// ------------------------------------------------------------------------------------------
// Reading what the server (or storage) says

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(list: readonly T[], v: unknown): T | undefined {
  return list.includes(v as T) ? (v as T) : undefined;
}

function intIn(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

function soundName(v: unknown): string | undefined {
  return isIdentifier(v) ? v : undefined;
}

/** Only what is there and valid; undefined when nothing is. */
function compact<T extends object>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function readBackground(v: unknown): Background | undefined {
  if (!isObject(v)) return undefined;
  if (v.kind === 'none') return { kind: 'none' };
  if (v.kind === 'preset' && isIdentifier(v.preset)) return { kind: 'preset', preset: v.preset };
  if (v.kind === 'image' && typeof v.fileId === 'string' && v.fileId !== '') {
    return { kind: 'image', fileId: v.fileId, blur: intIn(v.blur, 0, BLUR_MAX) ?? 0, dim: intIn(v.dim, 0, DIM_MAX) ?? 0 };
  }
  return undefined;
}

export function readBubbles(v: unknown): Bubbles | undefined {
  if (!isObject(v)) return undefined;
  const { own, ownText, other, otherText } = v;
  if (!isHexColour(own) || !isHexColour(ownText) || !isHexColour(other) || !isHexColour(otherText)) return undefined;
  return { own: own.toLowerCase(), ownText: ownText.toLowerCase(), other: other.toLowerCase(), otherText: otherText.toLowerCase() };
}

/** The global settings, with what is unknown or wrong left out (the defaults apply there). */
export function readGlobalSettings(v: unknown): GlobalSettings {
  if (!isObject(v)) return {};
  const a = isObject(v.appearance) ? v.appearance : {};
  const c = isObject(v.chats) ? v.chats : {};
  const s = isObject(v.sounds) ? v.sounds : {};
  const l = isObject(v.language) ? v.language : {};
  return (
    compact({
      appearance: compact({
        theme: oneOf(THEMES, a.theme),
        accent: isHexColour(a.accent) ? a.accent.toLowerCase() : undefined,
        customBase: oneOf(BASES, a.customBase),
        scheme: isIdentifier(a.scheme) ? a.scheme : undefined,
        bubbles: readBubbles(a.bubbles),
        fontSize: oneOf(FONT_SIZES, a.fontSize),
        density: oneOf(DENSITIES, a.density),
        background: readBackground(a.background),
      }),
      chats: compact({
        enterToSend: typeof c.enterToSend === 'boolean' ? c.enterToSend : undefined,
        timeFormat: oneOf(TIME_FORMATS, c.timeFormat),
      }),
      sounds: compact({
        muted: typeof s.muted === 'boolean' ? s.muted : undefined,
        volume: intIn(s.volume, 0, VOLUME_MAX),
        message: soundName(s.message),
        mention: soundName(s.mention),
        call: soundName(s.call),
      }),
      language: compact({ locale: typeof l.locale === 'string' && l.locale !== '' && l.locale.length <= 35 ? l.locale : undefined }),
    }) ?? {}
  );
}

/** A chat's overrides, with what is unknown or wrong left out. */
export function readChatSettings(v: unknown): ChatSettings {
  if (!isObject(v)) return {};
  const s = isObject(v.sounds) ? v.sounds : {};
  return (
    compact({
      background: readBackground(v.background),
      sounds: compact({ message: soundName(s.message), muted: typeof s.muted === 'boolean' ? s.muted : undefined }),
    }) ?? {}
  );
}

/** A document as the server sends it; null when it is not one. */
export function readDocument<S>(v: unknown, read: (s: unknown) => S): SettingsDocument<S> | null {
  if (!isObject(v)) return null;
  const chatId = typeof v.chatId === 'string' ? v.chatId : null;
  const version = typeof v.version === 'number' && Number.isInteger(v.version) && v.version >= 0 ? v.version : null;
  if (version === null) return null;
  return {
    chatId,
    version,
    settings: read(v.settings),
    updatedAt: typeof v.updatedAt === 'number' ? v.updatedAt : null,
  };
}

// ------------------------------------------------------------------------------------------
// What is in force

/** The global settings with the defaults filled in. */
export function preferences(s: GlobalSettings): Preferences {
  const a = s.appearance ?? {};
  const sounds = s.sounds ?? {};
  return {
    theme: a.theme ?? DEFAULTS.theme,
    accent: a.accent ?? DEFAULTS.accent,
    customBase: a.customBase ?? DEFAULTS.customBase,
    scheme: a.scheme ?? DEFAULTS.scheme,
    bubbles: a.bubbles ?? null,
    fontSize: a.fontSize ?? DEFAULTS.fontSize,
    density: a.density ?? DEFAULTS.density,
    background: a.background ?? DEFAULTS.background,
    enterToSend: s.chats?.enterToSend ?? DEFAULTS.enterToSend,
    timeFormat: s.chats?.timeFormat ?? DEFAULTS.timeFormat,
    sounds: {
      muted: sounds.muted ?? DEFAULTS.sounds.muted,
      volume: sounds.volume ?? DEFAULTS.sounds.volume,
      message: sounds.message ?? DEFAULTS.sounds.message,
      mention: sounds.mention ?? DEFAULTS.sounds.mention,
      call: sounds.call ?? DEFAULTS.sounds.call,
    },
    locale: s.language?.locale ?? DEFAULTS.locale,
  };
}

/** A chat's background: its own, else the global one. */
export function chatBackground(prefs: Preferences, chat: ChatSettings | undefined): Background {
  return chat?.background ?? prefs.background;
}

/** A sound to play: its name and volume (1..100). */
export interface SoundChoice {
  name: string;
  volume: number;
}

/**
 * The sound of a `kind` of alert in a chat, or null for silence: all sounds muted, the chat's
 * muted (its messages and mentions), the kind's sound (or the chat's own for its messages)
 * 'none', or the volume at 0.
 */
export function soundFor(prefs: Preferences, kind: SoundKind, chat?: ChatSettings): SoundChoice | null {
  if (prefs.sounds.muted || prefs.sounds.volume <= 0) return null;
  if (kind !== 'call' && chat?.sounds?.muted) return null;
  const name = kind === 'message' && chat?.sounds?.message ? chat.sounds.message : prefs.sounds[kind];
  if (name === NO_SOUND) return null;
  return { name, volume: prefs.sounds.volume };
}

// ------------------------------------------------------------------------------------------
// Paths and merge patches (RFC 7396)

export type SettingsPath = readonly string[];

/** A merge patch: an object whose null values remove keys (or null: back to the defaults). */
export type MergePatch = Json | null;

/** The value at `path` (undefined when absent). */
export function getAt(doc: unknown, path: SettingsPath): unknown {
  let v: unknown = doc;
  for (const key of path) {
    if (!isObject(v)) return undefined;
    v = v[key];
  }
  return v;
}

/**
 * `doc` with `value` at `path` (undefined: removed, and the objects it leaves empty with it).
 * A new object along the path; the rest is shared.
 */
export function setAt<T extends object>(doc: T, path: SettingsPath, value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return (isObject(value) ? value : {}) as T;
  const here = doc as Json;
  const next: Json = { ...here };
  const child = rest.length === 0 ? value : setAt(isObject(here[key]) ? here[key] : {}, rest, value);
  if (child === undefined || (rest.length > 0 && isObject(child) && Object.keys(child).length === 0)) delete next[key];
  else next[key] = child;
  return next as T;
}

/** RFC 7396: `patch` applied to `target`. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** Whether two documents say the same. */
export function sameSettings(a: unknown, b: unknown): boolean {
  return sameJson(a, b);
}

/**
 * The merge patch that turns `from` into `to` (keys gone from `to` as null, objects compared key
 * by key, anything else replaced whole), or null when they are the same.
 */
export function diffPatch(from: unknown, to: unknown): Json | null {
  const a = isObject(from) ? from : {};
  const b = isObject(to) ? to : {};
  const out: Json = {};
  for (const key of Object.keys(a)) if (!(key in b)) out[key] = null;
  for (const [key, value] of Object.entries(b)) {
    const before = a[key];
    if (sameJson(before, value)) continue;
    if (isObject(value) && isObject(before)) {
      const inner = diffPatch(before, value);
      if (inner) out[key] = inner;
    } else {
      out[key] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The setting a refusal names ("appearance.bubbles: the text…" → appearance.bubbles), if it names one. */
export function refusedPath(message: string): string | null {
  const m = /^([a-zA-Z][\w]*(?:\.[a-zA-Z][\w]*)*)\s*:/.exec(message.trim());
  return m ? m[1]! : null;
}
