// The themes' colours, pure: each theme is the set of semantic variables index.css declares
// (--p-app, --p-panel, ... without the prefix), so a theme is applied by setting them on <html>.
// Light and dark are index.css's own (palette.test.ts holds them equal); high contrast is near
// black and white with strong lines, text at 7:1 or more (WCAG AAA) and a bold focus colour,
// on a light or a dark ground; a custom theme is light or dark built around the person's
// accent: its shades and tints generated, its lightness moved until text in it reads at 4.5:1
// on every ground it is used on, and its own text (on buttons) white or near-black, whichever
// reads.
import { accentWithText, contrast, mix, readableText, MIN_CONTRAST } from '../client/contrast';

export type Base = 'light' | 'dark';
export type Palette = Readonly<Record<PaletteKey, string>>;

export const PALETTE_KEYS = [
  'app',
  'panel',
  'panel-2',
  'hover',
  'active',
  'line',
  'fg',
  'muted',
  'accent',
  'accent-strong',
  'accent-soft',
  'on-accent',
  'own',
  'own-fg',
  'other',
  'other-fg',
  'chat-bg',
  'read',
  'tick',
  'online',
  'warn',
  'danger',
  'danger-soft',
  'focus',
  'mark',
  'mark-fg',
  'mention',
  'mention-fg',
  'mention-me',
  'mention-me-fg',
  'mention-tint',
  'mention-bar',
  'shadow',
] as const;
export type PaletteKey = (typeof PALETTE_KEYS)[number];

export const LIGHT: Palette = {
  app: '#eef1f6',
  panel: '#ffffff',
  'panel-2': '#f5f7fa',
  hover: '#eef2f7',
  active: '#e6ebff',
  line: '#e2e7ee',
  fg: '#18202b',
  muted: '#566074',
  accent: '#3f5bd9',
  'accent-strong': '#3249bf',
  'accent-soft': '#e8ecff',
  'on-accent': '#ffffff',
  own: '#dfe7ff',
  'own-fg': '#14203a',
  other: '#ffffff',
  'other-fg': '#18202b',
  'chat-bg': '#f1f3f8',
  read: '#08705f',
  tick: '#5b6678',
  online: '#15803d',
  warn: '#9a5b00',
  danger: '#c22f42',
  'danger-soft': '#fdecee',
  focus: '#3f5bd9',
  mark: '#ffe07a',
  'mark-fg': '#1d1700',
  mention: 'color-mix(in srgb, var(--p-accent) 16%, transparent)',
  'mention-fg': '#3249bf',
  'mention-me': '#ffd391',
  'mention-me-fg': '#5c3300',
  'mention-tint': '#fff5e0',
  'mention-bar': '#d97706',
  shadow: '0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.08)',
};

export const DARK: Palette = {
  app: '#0b0e13',
  panel: '#12161c',
  'panel-2': '#171c23',
  hover: '#1c222b',
  active: '#222c48',
  line: '#242b35',
  fg: '#e7eaf0',
  muted: '#a6b0c2',
  accent: '#8b9fff',
  'accent-strong': '#94a6ff',
  'accent-soft': '#1f2846',
  'on-accent': '#0b0e13',
  own: '#2a3868',
  'own-fg': '#eef1ff',
  other: '#1c222b',
  'other-fg': '#e7eaf0',
  'chat-bg': '#0e1217',
  read: '#4fd6c4',
  tick: '#a9b4d4',
  online: '#3ccf7c',
  warn: '#e3a73c',
  danger: '#f27083',
  'danger-soft': '#3a1a20',
  focus: '#93a5ff',
  mark: '#806200',
  'mark-fg': '#fff6d8',
  mention: 'color-mix(in srgb, var(--p-accent) 24%, transparent)',
  'mention-fg': '#d3dbff',
  'mention-me': '#7a4a0a',
  'mention-me-fg': '#fff0d6',
  'mention-tint': '#2e2616',
  'mention-bar': '#f59e0b',
  shadow: '0 1px 2px rgb(0 0 0 / 0.4)',
};

/** High contrast on white: black text, dark lines, a deep blue accent, a black focus ring. */
export const HIGH_CONTRAST_LIGHT: Palette = {
  app: '#ffffff',
  panel: '#ffffff',
  'panel-2': '#f2f2f2',
  hover: '#e8e8e8',
  active: '#dce6ff',
  line: '#3d3d3d',
  fg: '#000000',
  muted: '#2b2b2b',
  accent: '#0033a6',
  'accent-strong': '#00247a',
  'accent-soft': '#e3eaff',
  'on-accent': '#ffffff',
  own: '#e3eaff',
  'own-fg': '#000000',
  other: '#ffffff',
  'other-fg': '#000000',
  'chat-bg': '#ffffff',
  read: '#005447',
  tick: '#2b2b2b',
  online: '#005c26',
  warn: '#6b3800',
  danger: '#99001a',
  'danger-soft': '#ffe8eb',
  focus: '#000000',
  mark: '#ffe600',
  'mark-fg': '#000000',
  mention: '#d5e0ff',
  'mention-fg': '#001f66',
  'mention-me': '#ffcc4d',
  'mention-me-fg': '#000000',
  'mention-tint': '#fff4d6',
  'mention-bar': '#8a4b00',
  shadow: 'none',
};

/** High contrast on black: white text, light lines, a yellow accent and focus ring. */
export const HIGH_CONTRAST_DARK: Palette = {
  app: '#000000',
  panel: '#000000',
  'panel-2': '#0d0d0d',
  hover: '#262626',
  active: '#00315c',
  line: '#c4c4c4',
  fg: '#ffffff',
  muted: '#e6e6e6',
  accent: '#ffd60a',
  'accent-strong': '#ffe14d',
  'accent-soft': '#2e2600',
  'on-accent': '#000000',
  own: '#0a2a4d',
  'own-fg': '#ffffff',
  other: '#141414',
  'other-fg': '#ffffff',
  'chat-bg': '#000000',
  read: '#63f2d8',
  tick: '#e6e6e6',
  online: '#6bff9a',
  warn: '#ffc94d',
  danger: '#ff99a3',
  'danger-soft': '#3d0009',
  focus: '#ffd60a',
  mark: '#ffd60a',
  'mark-fg': '#000000',
  mention: '#473b00',
  'mention-fg': '#ffffff',
  'mention-me': '#ffb000',
  'mention-me-fg': '#000000',
  'mention-tint': '#261d00',
  'mention-bar': '#ffb000',
  shadow: 'none',
};

/** `c` moved just far enough towards `target` to read at `ratio` on every one of `grounds`. */
function readableOnAll(c: string, grounds: readonly string[], ratio = MIN_CONTRAST): string {
  let out = c;
  // Each step can only move it further the same way, so the grounds are met in a few rounds.
  for (let round = 0; round < 4; round++) for (const g of grounds) out = readableText(out, g, ratio);
  return out;
}

/**
 * A light or dark theme around `accent`: the grounds lightly tinted with it, the accent's
 * shades, its soft and active tints, the person's bubbles in its tint, mention chips; every text
 * colour checked against the grounds it is used on.
 */
export function customPalette(accentIn: string, base: Base): Palette {
  const from = base === 'light' ? LIGHT : DARK;
  const tint = (c: string, t: number) => mix(c, accentIn, t);
  const grounds = {
    app: tint(from.app, base === 'light' ? 0.05 : 0.04),
    panel: from.panel,
    'panel-2': tint(from['panel-2'], 0.03),
    hover: tint(from.hover, 0.06),
    'chat-bg': tint(from['chat-bg'], base === 'light' ? 0.05 : 0.04),
  };
  const soft = tint(from.panel, base === 'light' ? 0.12 : 0.16);
  const active = tint(from.panel, base === 'light' ? 0.16 : 0.22);
  // The accent as text on every ground, then its own text on it (white on a light theme's
  // darkened accent, near-black on a dark theme's lightened one).
  const groundList = [...Object.values(grounds), soft, active];
  let accent = readableOnAll(accentIn, groundList);
  let on = base === 'light' ? '#ffffff' : '#0b0e13';
  if (contrast(accent, on) < MIN_CONTRAST) ({ accent, on } = accentWithText(accent));
  const strong = base === 'light' ? mix(accent, '#000000', 0.15) : mix(accent, '#ffffff', 0.12);
  const own = tint(from.panel, base === 'light' ? 0.18 : 0.32);
  const ownFg = readableText(base === 'light' ? mix(from['own-fg'], accent, 0.2) : mix(from['own-fg'], accent, 0.1), own, 7);
  const chip = tint(from.other, base === 'light' ? 0.16 : 0.24);
  // The chip is opaque: its text need only read on it, on whichever bubble it sits.
  const mentionFg = readableText(base === 'light' ? strong : mix(accent, '#ffffff', 0.5), chip);
  const focus = readableOnAll(accent, [grounds.panel, grounds.app], 3);
  return {
    ...from,
    ...grounds,
    active,
    accent,
    'accent-strong': strong,
    'accent-soft': soft,
    'on-accent': on,
    own,
    'own-fg': ownFg,
    mention: chip,
    'mention-fg': mentionFg,
    focus,
    muted: readableOnAll(from.muted, [...Object.values(grounds), active, soft]),
    tick: readableOnAll(from.tick, [own, from.other]),
  };
}

export type ThemeName = 'light' | 'dark' | 'high-contrast' | 'custom';

/** The palette of a theme on a ground (the custom one around `accent`). */
export function paletteOf(theme: ThemeName, base: Base, accent: string): Palette {
  switch (theme) {
    case 'light':
      return LIGHT;
    case 'dark':
      return DARK;
    case 'high-contrast':
      return base === 'light' ? HIGH_CONTRAST_LIGHT : HIGH_CONTRAST_DARK;
    case 'custom':
      return customPalette(accent, base);
  }
}
