// Colours as WCAG 2 measures them, pure: '#rrggbb' read and written, relative luminance, the
// contrast ratio of two colours (the server's formula for the chat colour schemes it accepts),
// mixing, HSL, and the corrections a settings page offers: a text colour moved towards black or
// white, or a background's lightness moved, until a pair reaches the ratio asked for. Used by the
// settings (a custom scheme checked before it is sent, its "Fix") and by the themes' palettes.

/** An sRGB colour, each channel 0..255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** WCAG 2 AA for normal text: the least contrast a scheme's text may have on its bubble. */
export const MIN_CONTRAST = 4.5;

const HEX = /^#[0-9a-f]{6}$/i;

/** Whether `v` is a colour as the settings keep them: '#rrggbb'. */
export function isHexColour(v: unknown): v is string {
  return typeof v === 'string' && HEX.test(v);
}

/** '#rrggbb' (or '#rgb') as channels; null when it is neither. */
export function parseHex(hex: string): Rgb | null {
  let h = hex.trim();
  if (/^#[0-9a-f]{3}$/i.test(h)) h = `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}`;
  if (!HEX.test(h)) return null;
  const n = Number.parseInt(h.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

function channelHex(c: number): string {
  return Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0');
}

export function toHex({ r, g, b }: Rgb): string {
  return `#${channelHex(r)}${channelHex(g)}${channelHex(b)}`;
}

function rgbOf(c: string | Rgb): Rgb {
  if (typeof c !== 'string') return c;
  const rgb = parseHex(c);
  if (!rgb) throw new Error(`not a colour: ${c}`);
  return rgb;
}

function linear(channel: number): number {
  const s = channel / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function luminance(c: string | Rgb): number {
  const { r, g, b } = rgbOf(c);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio, 1 to 21, whichever colour is lighter. */
export function contrast(a: string | Rgb, b: string | Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** A ratio as the settings say it: "2.3:1", rounded down so that "4.5:1" always passes. */
export function ratioText(ratio: number): string {
  return `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;
}

/** `a` and `b` mixed: `t` 0 is `a`, 1 is `b` (in sRGB, as CSS color-mix does by default). */
export function mix(a: string, b: string, t: number): string {
  const x = rgbOf(a);
  const y = rgbOf(b);
  return toHex({ r: x.r + (y.r - x.r) * t, g: x.g + (y.g - x.g) * t, b: x.b + (y.b - x.b) * t });
}

/** Hue 0..360, saturation and lightness 0..1. */
export interface Hsl {
  h: number;
  s: number;
  l: number;
}

export function toHsl(c: string | Rgb): Hsl {
  const { r, g, b } = rgbOf(c);
  const rr = r / 255;
  const gg = g / 255;
  const bb = b / 255;
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === rr) h = ((gg - bb) / d) % 6;
  else if (max === gg) h = (bb - rr) / d + 2;
  else h = (rr - gg) / d + 4;
  h *= 60;
  if (h < 0) h += 360;
  return { h, s, l };
}

export function fromHsl({ h, s, l }: Hsl): string {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hh = (((h % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((hh % 2) - 1));
  const [r1, g1, b1] =
    hh < 1 ? [c, x, 0] : hh < 2 ? [x, c, 0] : hh < 3 ? [0, c, x] : hh < 4 ? [0, x, c] : hh < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return toHex({ r: (r1 + m) * 255, g: (g1 + m) * 255, b: (b1 + m) * 255 });
}

/** The same colour at another lightness (0..1), its hue and saturation kept. */
export function withLightness(c: string, l: number): string {
  return fromHsl({ ...toHsl(c), l: Math.min(1, Math.max(0, l)) });
}

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string, dark = '#111418', light = '#ffffff'): string {
  return contrast(light, background) >= contrast(dark, background) ? light : dark;
}

/**
 * `colour` moved towards `target` just far enough to reach `ratio` against `against` (the least
 * step found by bisection, so the colour changes as little as it can), or null when even
 * `target` itself does not reach it.
 */
function towards(colour: string, target: string, against: string, ratio: number): string | null {
  if (contrast(colour, against) >= ratio) return colour;
  if (contrast(target, against) < ratio) return null;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 24; i++) {
    const t = (lo + hi) / 2;
    if (contrast(mix(colour, target, t), against) >= ratio) hi = t;
    else lo = t;
  }
  // Rounding to whole channels may fall just short: step on until it holds.
  let t = hi;
  let out = mix(colour, target, t);
  while (contrast(out, against) < ratio && t < 1) {
    t = Math.min(1, t + 1 / 256);
    out = mix(colour, target, t);
  }
  return out;
}

/**
 * A text colour close to `text` that reaches `ratio` on `background`: darkened on a light
 * background, lightened on a dark one (the other way if that one cannot reach it), else black
 * or white.
 */
export function readableText(text: string, background: string, ratio = MIN_CONTRAST): string {
  if (contrast(text, background) >= ratio) return text.toLowerCase();
  const darkBg = luminance(background) < 0.18;
  const first = darkBg ? '#ffffff' : '#000000';
  const second = darkBg ? '#000000' : '#ffffff';
  return towards(text, first, background, ratio) ?? towards(text, second, background, ratio) ?? textOn(background, '#000000');
}

/**
 * A background close to `background` on which `text` reaches `ratio`: its lightness moved away
 * from the text's, or null when no lightness of it does (then the text must change).
 */
export function readableBackground(background: string, text: string, ratio = MIN_CONTRAST): string | null {
  if (contrast(text, background) >= ratio) return background.toLowerCase();
  const lighter = luminance(text) < 0.18;
  return towards(background, lighter ? '#ffffff' : '#000000', text, ratio);
}

/**
 * An accent colour close to `accent` whose own text (white or near-black, `on`) reaches
 * `ratio` on it: the lightness moved until one of the two does.
 */
export function accentWithText(accent: string, ratio = MIN_CONTRAST): { accent: string; on: string } {
  const onOf = (c: string) => textOn(c, '#0b0e13', '#ffffff');
  const on = onOf(accent);
  if (contrast(on, accent) >= ratio) return { accent: accent.toLowerCase(), on };
  // Darker for white text, or lighter for dark text: whichever needs the smaller change.
  const darker = towards(accent, '#000000', '#ffffff', ratio);
  const lighter = towards(accent, '#ffffff', '#0b0e13', ratio);
  const dist = (c: string | null) => (c ? Math.abs(toHsl(c).l - toHsl(accent).l) : Infinity);
  if (dist(darker) <= dist(lighter) && darker) return { accent: darker, on: '#ffffff' };
  if (lighter) return { accent: lighter, on: '#0b0e13' };
  return { accent: '#3f5bd9', on: '#ffffff' };
}
