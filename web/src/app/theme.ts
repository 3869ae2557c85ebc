// The person's appearance on the page: the theme, the chat colour scheme, the font size and
// the density (shared/appearance.ts says what they set) applied to <html>, again whenever the
// settings change (on any device: store.settings) and, for the system theme or a custom one on
// the system's ground, when the system switches between light and dark. The last appearance is
// kept in localStorage, and applied by index.html's first script and again by main.tsx before
// the first render, so a reload does not flash the default theme. Also the language and the
// time format, which follow the same settings. Without a theme set, index.css's defaults (the
// system's light or dark) are what shows.
import { useEffect } from 'react';

import { setLocale } from '../i18n';
import type { Preferences } from '../client/settings';
import { appearanceOf, FONT_SCALE, type AppearancePrefs } from '../shared/appearance';
import { setTimeFormat } from '../shared/format';
import { useChatStore } from './store-context';

/** Where the last appearance is kept (index.html's inline script reads it too). */
export const APPEARANCE_KEY = 'parley.appearance';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** What index.html's script applies: the attributes, the root's font size, and the variables for each ground. */
interface Cached {
  prefs: AppearancePrefs;
  /** Without data-base, which the script sets. */
  attrs: Record<string, string>;
  fontSize: string;
  light: Record<string, string>;
  dark: Record<string, string>;
  /** Set: this ground whatever the system's; absent: the system's. */
  base?: 'light' | 'dark';
}

/** The attributes and variables this module set, to take away what a new appearance does not set. */
let applied: { attrs: string[]; vars: string[] } = { attrs: [], vars: [] };

function systemDark(): boolean {
  return typeof window !== 'undefined' && (window.matchMedia?.(DARK_QUERY).matches ?? false);
}

/** Applies an appearance to <html>. */
export function applyAppearance(p: AppearancePrefs, dark = systemDark(), root: HTMLElement = document.documentElement): void {
  const a = appearanceOf(p, dark);
  for (const name of applied.attrs) if (!(name in a.attrs)) root.removeAttribute(name);
  for (const name of applied.vars) if (!(name in a.vars)) root.style.removeProperty(`--p-${name}`);
  for (const [name, value] of Object.entries(a.attrs)) root.setAttribute(name, value);
  for (const [name, value] of Object.entries(a.vars)) root.style.setProperty(`--p-${name}`, value);
  root.style.fontSize = FONT_SCALE[p.fontSize];
  root.style.colorScheme = a.base;
  applied = { attrs: Object.keys(a.attrs), vars: Object.keys(a.vars) };
  const meta = document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]');
  for (const m of meta) m.content = a.vars.app ?? m.content;
}

function prefsOf(p: Preferences): AppearancePrefs {
  return { theme: p.theme, accent: p.accent, customBase: p.customBase, scheme: p.scheme, bubbles: p.bubbles, fontSize: p.fontSize, density: p.density };
}

function keep(p: AppearancePrefs): void {
  try {
    const light = appearanceOf(p, false);
    const dark = appearanceOf(p, true);
    const fixed = light.base === dark.base ? light.base : undefined;
    const { 'data-base': _base, ...attrs } = light.attrs;
    const cached: Cached = {
      prefs: p,
      attrs,
      fontSize: FONT_SCALE[p.fontSize],
      light: { ...light.vars },
      dark: { ...dark.vars },
      ...(fixed ? { base: fixed } : {}),
    };
    window.localStorage.setItem(APPEARANCE_KEY, JSON.stringify(cached));
  } catch {
    // Storage refused: the next load starts with the defaults, then the person's.
  }
}

/** The appearance kept from the last visit, applied (main.tsx, before the first render). */
export function applyCachedAppearance(): void {
  try {
    const text = window.localStorage.getItem(APPEARANCE_KEY);
    if (!text) return;
    const cached = JSON.parse(text) as Partial<Cached>;
    if (cached.prefs) applyAppearance(cached.prefs);
  } catch {
    // Nothing usable kept.
  }
}

/** Follows the person's settings: appearance, language and time format (for the signed-in app and its sign-in pages alike). */
export function useAppearance(): void {
  const store = useChatStore();
  useEffect(() => {
    const slice = store.settings.preferences;
    const media = window.matchMedia?.(DARK_QUERY);
    let last: Preferences | null = null;
    const update = (force = false) => {
      const p = slice.get();
      if (!force && p === last) return;
      last = p;
      const prefs = prefsOf(p);
      applyAppearance(prefs);
      keep(prefs);
      setLocale(p.locale);
      setTimeFormat(p.timeFormat);
    };
    update(true);
    const off = slice.subscribe(() => update());
    const onSystem = () => update(true);
    media?.addEventListener?.('change', onSystem);
    return () => {
      off();
      media?.removeEventListener?.('change', onSystem);
    };
  }, [store]);
}
