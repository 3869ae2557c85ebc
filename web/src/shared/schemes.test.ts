// Chat colour schemes, backgrounds and the appearance they make: every preset's text reads on
// its bubbles (4.5:1) in light and dark; what a scheme draws inside bubbles reads there too,
// for presets and for custom colours; an unreadable custom choice is fixed with as little
// change as it takes; the ground follows the theme (the system's, or a custom theme's own);
// background presets exist for both grounds and a picture waits for its link; the sounds'
// recipes are sound and each play is told to the page.
import { describe, expect, it, vi } from 'vitest';

import { contrast, MIN_CONTRAST } from '../client/contrast';
import { DEFAULTS, type Bubbles } from '../client/settings';
import { appearanceOf, baseOf } from './appearance';
import { backgroundPaint, BACKGROUNDS } from './backgrounds';
import { DARK, LIGHT, HIGH_CONTRAST_DARK, customPalette } from './palette';
import { fixBubbles, readable, schemeBubbles, schemeVariables, weakestPair, CLASSIC, SCHEMES } from './schemes';
import { duration, playSound, RECIPES, SOUND_EVENT, SOUND_NAMES, SOUNDS_FOR } from './sounds';

function checkInside(b: Bubbles, vars: Record<string, string>, name: string): void {
  for (const side of ['own', 'other'] as const) {
    const bg = side === 'own' ? b.own : b.other;
    const panel = vars[`${side}-panel`]!;
    for (const key of ['muted', 'accent']) {
      expect(contrast(vars[`${side}-${key}`]!, bg), `${name}: ${side} ${key} on its bubble`).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrast(vars[`${side}-${key}`]!, panel), `${name}: ${side} ${key} on a reply's block`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    expect(contrast(side === 'own' ? b.ownText : b.otherText, panel), `${name}: ${side} text on a reply's block`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrast(vars[`${side}-tick`]!, bg), `${name}: ${side} ticks`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrast(vars[`${side}-read`]!, panel), `${name}: ${side} read badge`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrast(vars[`${side}-mention-fg`]!, vars[`${side}-mention`]!), `${name}: ${side} mention chip`).toBeGreaterThanOrEqual(MIN_CONTRAST);
  }
  expect(contrast(b.otherText, vars['mention-tint']!), `${name}: a mention's tint`).toBeGreaterThanOrEqual(MIN_CONTRAST);
  expect(contrast(vars['other-muted']!, vars['mention-tint']!), `${name}: time on a mention's tint`).toBeGreaterThanOrEqual(MIN_CONTRAST);
}

describe('chat colour schemes', () => {
  it('has presets whose text reads on their bubbles, light and dark', () => {
    expect(SCHEMES.length).toBeGreaterThanOrEqual(5);
    expect(new Set(SCHEMES.map((s) => s.id)).size).toBe(SCHEMES.length);
    for (const s of SCHEMES) {
      for (const base of ['light', 'dark'] as const) {
        const b = s[base];
        expect(contrast(b.own, b.ownText), `${s.id} ${base}: own`).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(contrast(b.other, b.otherText), `${s.id} ${base}: other`).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(readable(b)).toBe(true);
      }
    }
    // The classic scheme is the themes' own bubbles.
    expect(CLASSIC.light).toEqual({ own: LIGHT.own, ownText: LIGHT['own-fg'], other: LIGHT.other, otherText: LIGHT['other-fg'] });
    expect(CLASSIC.dark).toEqual({ own: DARK.own, ownText: DARK['own-fg'], other: DARK.other, otherText: DARK['other-fg'] });
  });

  it('draws what is inside bubbles in colours that read on them', () => {
    for (const s of SCHEMES) {
      checkInside(s.light, schemeVariables(s.light, LIGHT), `${s.id} light`);
      checkInside(s.dark, schemeVariables(s.dark, DARK), `${s.id} dark`);
      checkInside(s.dark, schemeVariables(s.dark, customPalette('#ff6a00', 'dark')), `${s.id} on a custom theme`);
    }
    const odd: Bubbles = { own: '#ffeb3b', ownText: '#3a2f00', other: '#212121', otherText: '#f5f5f5' };
    checkInside(odd, schemeVariables(odd, LIGHT), 'yellow and black');
  });

  it('fixes an unreadable custom scheme by moving its text as little as it takes', () => {
    const bad: Bubbles = { own: '#3f5bd9', ownText: '#ffffff', other: '#ffffff', otherText: '#cccccc' };
    expect(readable(bad)).toBe(false);
    expect(weakestPair(bad).which).toBe('other');
    const fixed = fixBubbles(bad);
    expect(readable(fixed)).toBe(true);
    expect(fixed.own).toBe(bad.own);
    expect(fixed.ownText).toBe(bad.ownText);
    expect(fixed.other).toBe(bad.other);
    expect(contrast(fixed.otherText, fixed.other)).toBeLessThan(4.8);
    // Already readable: unchanged.
    expect(fixBubbles(CLASSIC.light)).toEqual(CLASSIC.light);
  });

  it('picks the bubbles of a scheme on a ground', () => {
    const mine: Bubbles = { own: '#000000', ownText: '#ffffff', other: '#ffffff', otherText: '#000000' };
    expect(schemeBubbles('ocean', null, 'dark')).toBe(SCHEMES.find((s) => s.id === 'ocean')!.dark);
    expect(schemeBubbles('custom', mine, 'light')).toBe(mine);
    expect(schemeBubbles('custom', null, 'light')).toBe(CLASSIC.light);
    expect(schemeBubbles('from-a-newer-client', null, 'light')).toBe(CLASSIC.light);
  });
});

describe('appearance', () => {
  it('draws on the system\'s ground, or the theme\'s own', () => {
    expect(baseOf({ theme: 'system', customBase: 'system' }, true)).toBe('dark');
    expect(baseOf({ theme: 'light', customBase: 'system' }, true)).toBe('light');
    expect(baseOf({ theme: 'high-contrast', customBase: 'light' }, false)).toBe('light');
    expect(baseOf({ theme: 'custom', customBase: 'dark' }, false)).toBe('dark');
    expect(baseOf({ theme: 'custom', customBase: 'system' }, true)).toBe('dark');
  });

  it('sets the attributes and variables of the theme and the scheme', () => {
    const a = appearanceOf(DEFAULTS, false);
    expect(a.attrs).toEqual({ 'data-theme': 'system', 'data-base': 'light', 'data-font-size': 'm', 'data-density': 'comfortable' });
    expect(a.vars.panel).toBe(LIGHT.panel);
    const hc = appearanceOf({ ...DEFAULTS, theme: 'high-contrast', scheme: 'ocean', fontSize: 'xl' }, true);
    expect(hc.vars.own).toBe(HIGH_CONTRAST_DARK.own);
    expect(hc.attrs['data-scheme']).toBeUndefined();
    expect(hc.attrs['data-font-size']).toBe('xl');
    const ocean = appearanceOf({ ...DEFAULTS, theme: 'dark', scheme: 'ocean' }, false);
    expect(ocean.attrs['data-scheme']).toBe('ocean');
    expect(ocean.vars.own).toBe(SCHEMES.find((s) => s.id === 'ocean')!.dark.own);
    expect(ocean.vars['own-muted']).toBeDefined();
    // Custom chosen but no colours yet: the classic bubbles.
    expect(appearanceOf({ ...DEFAULTS, scheme: 'custom' }, false).attrs['data-scheme']).toBeUndefined();
  });
});

describe('backgrounds', () => {
  it('has presets of each style for both grounds', () => {
    expect(new Set(BACKGROUNDS.map((b) => b.style))).toEqual(new Set(['solid', 'gradient', 'pattern']));
    expect(new Set(BACKGROUNDS.map((b) => b.id)).size).toBe(BACKGROUNDS.length);
    for (const b of BACKGROUNDS) {
      for (const base of ['light', 'dark'] as const) {
        const paint = backgroundPaint({ kind: 'preset', preset: b.id }, base, null);
        expect(paint?.kind).toBe('preset');
        // What is written straight on it (on the panel's colour) and the ground itself differ from the text.
        const text = base === 'light' ? LIGHT.fg : DARK.fg;
        expect(contrast(text, b[base].color), `${b.id} ${base}`).toBeGreaterThanOrEqual(7);
      }
    }
  });

  it('paints a picture once its link is there, blurred and dimmed', () => {
    const bg = { kind: 'image', fileId: 'f1', blur: 6, dim: 40 } as const;
    expect(backgroundPaint(bg, 'light', null)).toBeNull();
    expect(backgroundPaint(bg, 'light', 'https://x.test/f1?sig="a"')).toEqual({
      kind: 'image',
      vars: { 'backdrop-photo': 'url("https://x.test/f1?sig=\\"a\\"")', 'backdrop-blur': '6px', 'backdrop-dim': '0.4' },
    });
    expect(backgroundPaint({ kind: 'none' }, 'dark', null)).toBeNull();
    expect(backgroundPaint({ kind: 'preset', preset: 'unknown' }, 'dark', null)).toBeNull();
  });
});

describe('sounds', () => {
  it('has a recipe for each sound, short ones for alerts and a ring for calls', () => {
    for (const name of SOUND_NAMES) {
      expect(RECIPES[name].length).toBeGreaterThan(0);
      for (const t of RECIPES[name]) {
        expect(t.freq).toBeGreaterThan(20);
        expect(t.gain).toBeGreaterThan(0);
        expect(t.gain).toBeLessThanOrEqual(1);
      }
    }
    for (const name of SOUNDS_FOR.message) expect(duration(name)).toBeLessThan(2);
    expect(SOUNDS_FOR.call).toContain('ring');
    expect(SOUNDS_FOR.message).not.toContain('ring');
  });

  it('tells the page of each sound it plays', () => {
    const heard: unknown[] = [];
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    target.addEventListener(SOUND_EVENT, (e) => heard.push((e as CustomEvent).detail));
    playSound('pop', 55.4);
    playSound('marimba', 130);
    vi.unstubAllGlobals();
    expect(heard).toEqual([
      { name: 'pop', volume: 55 },
      { name: 'marimba', volume: 100 },
    ]);
  });
});
