// The WCAG 2 colour math: luminance and contrast as the standard defines them (the values of
// its examples and of well-known pairs), mixing and HSL round trips, and the corrections the
// settings offer, which reach the ratio asked for and change the colour as little as they can.
import { describe, expect, it } from 'vitest';

import {
  accentWithText,
  contrast,
  fromHsl,
  isHexColour,
  luminance,
  mix,
  parseHex,
  ratioText,
  readableBackground,
  readableText,
  textOn,
  toHex,
  toHsl,
  withLightness,
  MIN_CONTRAST,
} from './contrast';

describe('WCAG contrast', () => {
  it('reads and writes #rrggbb', () => {
    expect(parseHex('#3f5bd9')).toEqual({ r: 0x3f, g: 0x5b, b: 0xd9 });
    expect(parseHex('#FFF')).toEqual({ r: 255, g: 255, b: 255 });
    expect(parseHex('3f5bd9')).toBeNull();
    expect(parseHex('#3f5bd')).toBeNull();
    expect(toHex({ r: 63, g: 91, b: 217 })).toBe('#3f5bd9');
    expect(toHex({ r: 300, g: -4, b: 0.4 })).toBe('#ff0000');
    expect(isHexColour('#a1b2c3')).toBe(true);
    expect(isHexColour('#abc')).toBe(false);
    expect(isHexColour('red')).toBe(false);
  });

  it('measures luminance and contrast as WCAG 2 does', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(contrast('#777777', '#777777')).toBe(1);
    // The classic edge: #767676 is the lightest grey that passes on white, #777777 fails.
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(MIN_CONTRAST);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ff0000', '#ffffff')).toBeCloseTo(4, 1);
  });

  it('says a ratio rounded down', () => {
    expect(ratioText(21)).toBe('21.0:1');
    expect(ratioText(4.4999)).toBe('4.4:1');
    expect(ratioText(2.38)).toBe('2.3:1');
  });

  it('mixes and converts to HSL and back', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#102030', '#102030', 0.3)).toBe('#102030');
    for (const c of ['#3f5bd9', '#12a150', '#ffcc00', '#000000', '#ffffff', '#7f7f7f', '#c22f42']) {
      expect(fromHsl(toHsl(c))).toBe(c);
    }
    expect(toHsl('#ff0000')).toEqual({ h: 0, s: 1, l: 0.5 });
    expect(withLightness('#ff0000', 0.25)).toBe('#800000');
  });

  it('picks white or near-black text for a background', () => {
    expect(textOn('#ffffff')).toBe('#111418');
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn('#3f5bd9')).toBe('#ffffff');
    expect(textOn('#ffd54f')).toBe('#111418');
  });

  it('corrects a text colour just enough to read on its background', () => {
    const pairs: Array<[string, string]> = [
      ['#dddddd', '#ffffff'],
      ['#6b8cff', '#dfe7ff'],
      ['#444444', '#222222'],
      ['#ff0000', '#ff3333'],
      ['#808080', '#808080'],
      ['#ffffff', '#ffff00'],
    ];
    for (const [text, bg] of pairs) {
      const fixed = readableText(text, bg);
      expect(contrast(fixed, bg), `${text} on ${bg} → ${fixed}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    // Already readable: unchanged.
    expect(readableText('#111111', '#ffffff')).toBe('#111111');
    // Close to where it was: a grey on white becomes the grey that just passes.
    const grey = readableText('#999999', '#ffffff');
    expect(contrast(grey, '#ffffff')).toBeLessThan(4.7);
  });

  it('moves a background\'s lightness when that can make the text readable', () => {
    const bg = readableBackground('#8899ff', '#ffffff');
    expect(bg).not.toBeNull();
    expect(contrast('#ffffff', bg!)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(toHsl(bg!).h).toBeCloseTo(toHsl('#8899ff').h, -1);
    // Mid-grey text: no background of any lightness... still has black or white behind it.
    expect(readableBackground('#ffffff', '#ffffff')).not.toBeNull();
  });

  it('gives a custom accent a text colour that reads on it, moving its lightness if needed', () => {
    for (const accent of ['#3f5bd9', '#ffd500', '#00c2a8', '#ff6a00', '#808080', '#7a7aff', '#000000', '#ffffff']) {
      const { accent: a, on } = accentWithText(accent);
      expect(contrast(a, on), `${accent} → ${a} with ${on}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    expect(accentWithText('#3f5bd9')).toEqual({ accent: '#3f5bd9', on: '#ffffff' });
  });
});
