// Chat colour schemes, pure: the presets (each a light and a dark set of bubbles, every text at
// 4.5:1 or more on its bubble: schemes.test.ts), the person's custom one, and what a scheme
// sets: the bubbles' variables (--p-own, --p-own-fg, --p-other, --p-other-fg, the tint of a
// message that mentions the person) and, inside each bubble, the colours of what is drawn on it
// (the time, ticks, sender names, a reply's block, mention chips), derived from the bubble's own
// colours so that they read on it whatever the person chose. The classic scheme is the theme's
// own bubbles. A fix for an unreadable custom choice: the text moved towards black or white
// until it reads.
import { contrast, mix, readableText, MIN_CONTRAST } from '../client/contrast';
import type { Bubbles } from '../client/settings';
import type { Base, Palette } from './palette';

export interface SchemePreset {
  id: string;
  light: Bubbles;
  dark: Bubbles;
}

/** The presets, in the order the settings list them; 'classic' is the theme's own. */
export const SCHEMES: readonly SchemePreset[] = [
  {
    id: 'classic',
    light: { own: '#dfe7ff', ownText: '#14203a', other: '#ffffff', otherText: '#18202b' },
    dark: { own: '#2a3868', ownText: '#eef1ff', other: '#1c222b', otherText: '#e7eaf0' },
  },
  {
    id: 'ocean',
    light: { own: '#cdeefb', ownText: '#06324a', other: '#ffffff', otherText: '#10283a' },
    dark: { own: '#0d4a66', ownText: '#e6f7ff', other: '#16232c', otherText: '#e2edf3' },
  },
  {
    id: 'forest',
    light: { own: '#d3f0d9', ownText: '#0d3318', other: '#ffffff', otherText: '#1a2b1e' },
    dark: { own: '#1f4d2e', ownText: '#e8f8ec', other: '#18221b', otherText: '#e3ede5' },
  },
  {
    id: 'sunset',
    light: { own: '#ffe0cc', ownText: '#4a1d00', other: '#fffaf5', otherText: '#2b1d14' },
    dark: { own: '#6b3318', ownText: '#fff0e6', other: '#261c17', otherText: '#f2e8e1' },
  },
  {
    id: 'berry',
    light: { own: '#f2dcf7', ownText: '#3d0f4a', other: '#ffffff', otherText: '#2a1b2e' },
    dark: { own: '#55245f', ownText: '#fbeefe', other: '#221a24', otherText: '#efe6f1' },
  },
  {
    id: 'graphite',
    light: { own: '#2f3640', ownText: '#ffffff', other: '#ffffff', otherText: '#1c2128' },
    dark: { own: '#e4e7eb', ownText: '#15191e', other: '#1f242b', otherText: '#e9ecef' },
  },
];

export const CLASSIC = SCHEMES[0]!;

export function schemePreset(id: string): SchemePreset | undefined {
  return SCHEMES.find((s) => s.id === id);
}

/** The bubbles of a scheme on a ground: a preset's, the custom colours, the classic ones for anything else. */
export function schemeBubbles(scheme: string, custom: Bubbles | null, base: Base): Bubbles {
  if (scheme === 'custom' && custom) return custom;
  const preset = schemePreset(scheme) ?? CLASSIC;
  return preset[base];
}

/** The lower contrast of the two pairs, and which it is. */
export function weakestPair(b: Bubbles): { which: 'own' | 'other'; ratio: number } {
  const own = contrast(b.own, b.ownText);
  const other = contrast(b.other, b.otherText);
  return own <= other ? { which: 'own', ratio: own } : { which: 'other', ratio: other };
}

/** Whether every text reads on its bubble. */
export function readable(b: Bubbles): boolean {
  return weakestPair(b).ratio >= MIN_CONTRAST;
}

/** An unreadable custom scheme made readable: each text moved (as little as it takes) until it reaches 4.5:1. */
export function fixBubbles(b: Bubbles): Bubbles {
  return {
    own: b.own,
    ownText: readableText(b.ownText, b.own),
    other: b.other,
    otherText: readableText(b.otherText, b.other),
  };
}

/** `c` readable on each of `grounds` (at `ratio`). */
function onAll(c: string, grounds: readonly string[], ratio = MIN_CONTRAST): string {
  let out = c;
  for (let round = 0; round < 4; round++) for (const g of grounds) out = readableText(out, g, ratio);
  return out;
}

/** The colours drawn inside one bubble, from its ground and text. */
function inside(prefix: 'own' | 'other', bg: string, fg: string, theme: Palette, extra: readonly string[] = []): Record<string, string> {
  const panel = mix(bg, fg, 0.08);
  const grounds = [bg, panel, ...extra];
  const chip = mix(bg, theme.accent.startsWith('#') ? theme.accent : fg, 0.18);
  return {
    [`${prefix}-panel`]: panel,
    [`${prefix}-hover`]: mix(bg, fg, 0.14),
    [`${prefix}-line`]: mix(bg, fg, 0.3),
    [`${prefix}-muted`]: onAll(mix(fg, bg, 0.3), grounds),
    [`${prefix}-accent`]: onAll(theme.accent.startsWith('#') ? theme.accent : fg, grounds),
    [`${prefix}-accent-soft`]: mix(bg, fg, 0.12),
    [`${prefix}-tick`]: onAll(mix(fg, bg, 0.25), [bg]),
    // The read badge is drawn in this colour with the bubble's panel colour on it.
    [`${prefix}-read`]: onAll(theme.read, [panel]),
    [`${prefix}-mention`]: chip,
    [`${prefix}-mention-fg`]: onAll(fg, [chip]),
  };
}

/**
 * The variables a scheme sets (without the --p- prefix), or null for the theme's own bubbles
 * (the classic scheme: nothing to set). `theme` is the palette in force, whose accent and read
 * colours are adapted to the bubbles.
 */
export function schemeVariables(bubbles: Bubbles, theme: Palette): Record<string, string> {
  // A message that mentions the person: the other bubble tinted towards the mention bar, only
  // as far as its text still reads on it.
  let tint = bubbles.other;
  for (const t of [0.14, 0.1, 0.06, 0.03]) {
    const candidate = mix(bubbles.other, theme['mention-bar'], t);
    if (contrast(candidate, bubbles.otherText) >= MIN_CONTRAST) {
      tint = candidate;
      break;
    }
  }
  return {
    own: bubbles.own,
    'own-fg': bubbles.ownText,
    other: bubbles.other,
    'other-fg': bubbles.otherText,
    'mention-tint': tint,
    ...inside('own', bubbles.own, bubbles.ownText, theme),
    ...inside('other', bubbles.other, bubbles.otherText, theme, [tint]),
  };
}

/** The variables inside a bubble: what schemeVariables calls `own-muted` is `muted` there. */
export const INSIDE_KEYS = ['panel', 'hover', 'line', 'muted', 'accent', 'accent-soft', 'tick', 'read', 'mention', 'mention-fg'] as const;
