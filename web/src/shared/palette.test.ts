// The themes' colours: light and dark are index.css's (so the page without JavaScript and with
// it look the same), every text colour reads on the grounds it is used on (4.5:1; 7:1 in high
// contrast), and a custom theme around any accent keeps those promises: the accent as text on
// every ground, its own text on it, the person's bubbles.
/// <reference types="node" />
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { contrast, MIN_CONTRAST } from '../client/contrast';
import {
  customPalette,
  paletteOf,
  DARK,
  HIGH_CONTRAST_DARK,
  HIGH_CONTRAST_LIGHT,
  LIGHT,
  PALETTE_KEYS,
  type Palette,
} from './palette';

/** index.css's variables, the light ones (outside any media query) and the dark ones. */
function cssPalettes(): { light: Record<string, string>; dark: Record<string, string> } {
  const css = fs.readFileSync(new URL('../index.css', import.meta.url), 'utf8');
  const read = (block: string) =>
    Object.fromEntries([...block.matchAll(/--p-([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.replace(/\s+/g, ' ').trim()]));
  const light = /:root\s*\{([^}]*)\}/.exec(css)![1]!;
  const dark = /@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)![1]!;
  return { light: read(light), dark: read(dark) };
}

const TEXT_ON: Array<[string, string[]]> = [
  ['fg', ['app', 'panel', 'panel-2', 'hover', 'active', 'chat-bg', 'accent-soft']],
  ['muted', ['app', 'panel', 'panel-2', 'hover', 'chat-bg']],
  ['accent', ['panel', 'panel-2', 'app', 'accent-soft']],
  ['on-accent', ['accent', 'accent-strong']],
  ['own-fg', ['own']],
  ['other-fg', ['other']],
  ['danger', ['panel', 'danger-soft']],
  ['mark-fg', ['mark']],
  ['mention-me-fg', ['mention-me']],
  ['other-fg', ['mention-tint']],
];

function checkText(p: Palette, ratio: number, name: string): void {
  for (const [fg, grounds] of TEXT_ON) {
    for (const g of grounds) {
      const bg = p[g as keyof Palette];
      if (!bg.startsWith('#')) continue;
      expect(contrast(p[fg as keyof Palette], bg), `${name}: ${fg} on ${g}`).toBeGreaterThanOrEqual(ratio);
    }
  }
}

describe('theme palettes', () => {
  it('has index.css\'s light and dark colours', () => {
    const css = cssPalettes();
    const asCss = (p: Palette) => Object.fromEntries(PALETTE_KEYS.map((k) => [k, p[k].replace(/\s+/g, ' ')]));
    expect(asCss(LIGHT)).toEqual(css.light);
    expect(asCss(DARK)).toEqual(css.dark);
  });

  it('keeps text readable in light and dark', () => {
    checkText(LIGHT, MIN_CONTRAST, 'light');
    checkText(DARK, MIN_CONTRAST, 'dark');
  });

  it('keeps text at 7:1 in high contrast, with strong lines and focus', () => {
    for (const [name, p] of [['hc-light', HIGH_CONTRAST_LIGHT], ['hc-dark', HIGH_CONTRAST_DARK]] as const) {
      checkText(p, 7, name);
      expect(contrast(p.line, p.panel), `${name}: lines`).toBeGreaterThanOrEqual(3);
      expect(contrast(p.focus, p.panel), `${name}: focus`).toBeGreaterThanOrEqual(7);
      expect(contrast(p['mention-fg'], p.mention), `${name}: mention chips`).toBeGreaterThanOrEqual(7);
      expect(contrast(p.panel, p.read), `${name}: read badge`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    expect(paletteOf('high-contrast', 'dark', '#000000')).toBe(HIGH_CONTRAST_DARK);
  });

  it('builds a readable custom theme around any accent, on either ground', () => {
    const accents = ['#3f5bd9', '#ffd500', '#00c2a8', '#ff6a00', '#808080', '#e91e63', '#000000', '#ffffff', '#7cfc00', '#1a237e'];
    for (const accent of accents) {
      for (const base of ['light', 'dark'] as const) {
        const p = customPalette(accent, base);
        const name = `custom ${accent} on ${base}`;
        checkText(p, MIN_CONTRAST, name);
        expect(contrast(p.accent, p.active), `${name}: accent on active`).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(contrast(p['mention-fg'], p.mention), `${name}: mention chip`).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(contrast(p.focus, p.panel), `${name}: focus ring`).toBeGreaterThanOrEqual(3);
        expect(contrast(p.tick, p.own), `${name}: ticks`).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }
    }
    // An accent that reads already stays as chosen.
    expect(customPalette('#3f5bd9', 'light').accent).toBe('#3f5bd9');
  });
});
