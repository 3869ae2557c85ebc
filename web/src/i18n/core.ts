// The client's strings in one place: catalogues per language (en/, es/), each split by area of
// the client with keys prefixed by the area ("settings.theme.dark"). English is the source;
// every other language must have every key (its catalogues are typed from the English ones,
// so a missing string fails the build). This file has no React: the client layer takes t() from
// here; components take useT() and tx() from index.ts.
//
// t('chats.unread', { count: 3 }) picks the plural form by the language's rules
// (Intl.PluralRules: "chats.unread_one", "chats.unread_other", ...; `_other` when the form is
// missing) and fills {placeholders}. useT() re-renders a component when the language changes.
// The language is the person's setting (settings.language.locale), or the browser's
// (navigator.languages) when they chose "auto"; dates and numbers follow it through locale()
// (formatLocale(): with the browser's region when it speaks the same language, "en-GB" for "en").
// The choice is kept on the device (localStorage "parley.locale") so that a reload starts in it,
// before the person's settings arrive. The client layer (no React) takes t() and onLocaleChange().
import { en, type MessageKey } from './en';
import { es } from './es';

export type { MessageKey } from './en';
export type Catalogue = Record<MessageKey, string>;

export interface LanguageInfo {
  code: string;
  /** The language's name in itself ("Español"), as a picker lists it. */
  name: string;
  dir: 'ltr' | 'rtl';
}

const catalogues: Record<string, Catalogue> = { en, es };

/** The languages the interface is translated into. */
export const LANGUAGES: readonly LanguageInfo[] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
];

export type Params = Record<string, string | number>;

let current = 'en';
let chosen = 'auto';
/** formatLocale()'s answer for `current`, found when first asked. */
let regional: string | null = null;
const listeners = new Set<() => void>();

/** Where the device keeps the last choice, so that the first paint is already in it. */
const STORAGE_KEY = 'parley.locale';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function supported(tag: string): string | null {
  const lower = tag.toLowerCase();
  if (catalogues[lower]) return lower;
  const base = lower.split('-')[0] ?? '';
  return catalogues[base] ? base : null;
}

/** The language for a setting: itself when translated, else the browser's first translated one, else English. */
export function resolveLocale(setting: string | undefined, browser: readonly string[] = browserLanguages()): string {
  if (setting && setting !== 'auto') {
    const s = supported(setting);
    if (s) return s;
  }
  for (const tag of browser) {
    const s = supported(tag);
    if (s) return s;
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function apply(setting: string | undefined): boolean {
  chosen = setting ?? 'auto';
  const next = resolveLocale(setting);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
    document.documentElement.dir = LANGUAGES.find((l) => l.code === next)?.dir ?? 'ltr';
  }
  if (next === current) return false;
  current = next;
  regional = null;
  return true;
}

/** Applies the person's language setting ('auto' or undefined: the browser's). */
export function setLocale(setting: string | undefined): void {
  const s = storage();
  try {
    if (setting && setting !== 'auto') s?.setItem(STORAGE_KEY, setting);
    else s?.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or refused: the choice holds for this page only.
  }
  if (!apply(setting)) return;
  for (const l of listeners) l();
}

// The page starts in the language chosen last on this device, or the browser's.
apply(storage()?.getItem(STORAGE_KEY) ?? undefined);

/** The language in force ("en", "es"): for Intl formats. */
export function locale(): string {
  return current;
}

/**
 * The locale for Intl formats of dates and numbers: the browser's own tag when it is the
 * interface's language with a region ("en-GB", "es-MX": their clocks and day orders), else the
 * interface's language.
 */
export function formatLocale(): string {
  if (regional === null) {
    regional = browserLanguages().find((tag) => tag.toLowerCase().split('-')[0] === current && tag.includes('-')) ?? current;
    try {
      regional = Intl.DateTimeFormat.supportedLocalesOf([regional])[0] ?? current;
    } catch {
      regional = current;
    }
  }
  return regional;
}

/** What the person chose ('auto' or a code). */
export function chosenLocale(): string {
  return chosen;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralForm(n: number): string {
  let rules = pluralRules.get(current);
  if (!rules) {
    rules = new Intl.PluralRules(current);
    pluralRules.set(current, rules);
  }
  return rules.select(n);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(): Intl.NumberFormat {
  const tag = formatLocale();
  let f = numberFormats.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag);
    numberFormats.set(tag, f);
  }
  return f;
}

/** A number as the interface's language writes it ("1,200", "1.200"). */
export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

function fill(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? numberFormat().format(v) : v;
  });
}

/**
 * The string of `key` in the language in force. With a numeric `count`, the plural form
 * `${key}_${form}` is used where the catalogue has it (keys of plural strings are given without
 * the suffix).
 */
export function t(key: MessageKey | PluralKey, params?: Params): string {
  return fill(template(key, params?.count), params);
}

/** The unfilled string of `key` (its plural form for `count`), as t() picks it. */
export function template(key: MessageKey | PluralKey, count?: unknown): string {
  const cat = catalogues[current] ?? en;
  if (typeof count === 'number') {
    const form = `${key}_${pluralForm(count)}`;
    const text = (cat as Record<string, string>)[form] ?? (cat as Record<string, string>)[`${key}_other`];
    if (text !== undefined) return text;
  }
  return (cat as Record<string, string>)[key] ?? (en as Record<string, string>)[key] ?? key;
}

/**
 * A table of labels read in the language in force: each property is a getter of its key's
 * string (STATUS_LABEL.open is t('moderation.status.open') whenever it is read).
 */
export function labels<K extends string>(keys: Readonly<Record<K, MessageKey>>): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(keys) as K[]) Object.defineProperty(out, k, { enumerable: true, get: () => t(keys[k]) });
  return out;
}

/** `item` with more fields read in the language in force, like labels(): { value, label, hint }. */
export function labelled<const T extends object, F extends string>(item: T, keys: Readonly<Record<F, MessageKey>>): T & Readonly<Record<F, string>> {
  const out = { ...item } as T & Record<F, string>;
  for (const k of Object.keys(keys) as F[]) Object.defineProperty(out, k, { enumerable: true, get: () => t(keys[k]) });
  return out;
}

/** A plural string's key without its `_one` / `_other` suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer P}_other` ? P : never) : never;

/** Calls `listener` after each change of the language; returns its removal. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
