// Chat backgrounds, pure: the presets (solid colours, soft gradients, subtle patterns drawn as
// SVG data URIs), each with a light and a dark version close to the chat's usual ground so that
// what is written straight on it (the day, "This is the beginning…") keeps reading, and what a
// background sets on the message list: a colour, an image layer and its size, or for a picture
// the person uploaded its address, blur and dimming. Bubbles stay opaque over any of them.
import type { Background } from '../client/settings';
import type { Base } from './palette';

export type BackgroundStyle = 'solid' | 'gradient' | 'pattern';

interface Paint {
  color: string;
  /** A CSS image (gradient or url()); none for a solid colour. */
  image?: string;
  /** background-size of a pattern's tile. */
  size?: string;
}

export interface BackgroundPreset {
  id: string;
  style: BackgroundStyle;
  light: Paint;
  dark: Paint;
}

/** An SVG tile as a CSS url() (its colours in it: a pattern is drawn for one ground). */
function svg(body: string, size: number): string {
  const doc = `<svg xmlns='http://www.w3.org/2000/svg' width='${size}' height='${size}' viewBox='0 0 ${size} ${size}'>${body}</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(doc).replace(/'/g, '%27')}")`;
}

function dots(color: string): string {
  return svg(`<circle cx='4' cy='4' r='1.4' fill='${color}'/><circle cx='16' cy='16' r='1.4' fill='${color}'/>`, 24);
}

function grid(color: string): string {
  return svg(`<path d='M32 0H0V32' fill='none' stroke='${color}' stroke-width='1'/>`, 32);
}

function waves(color: string): string {
  return svg(`<path d='M0 20c10 0 10-8 20-8s10 8 20 8 10-8 20-8' fill='none' stroke='${color}' stroke-width='1.5'/>`, 40);
}

function diagonal(color: string): string {
  return svg(`<path d='M-4 4l8-8M0 24L24 0M20 28l8-8' stroke='${color}' stroke-width='1.2'/>`, 24);
}

function bubblesPattern(color: string): string {
  return svg(
    `<g fill='none' stroke='${color}' stroke-width='1.3'><path d='M10 14h14a4 4 0 0 1 4 4v6a4 4 0 0 1-4 4h-9l-5 4v-4a4 4 0 0 1-4-4v-6a4 4 0 0 1 4-4z'/><path d='M40 44h12a4 4 0 0 1 4 4v5a4 4 0 0 1-4 4h-2v4l-5-4h-5a4 4 0 0 1-4-4v-5a4 4 0 0 1 4-4z'/></g>`,
    64,
  );
}

export const BACKGROUNDS: readonly BackgroundPreset[] = [
  { id: 'mist', style: 'solid', light: { color: '#e6ebf3' }, dark: { color: '#141a22' } },
  { id: 'sand', style: 'solid', light: { color: '#f2ece1' }, dark: { color: '#1d1915' } },
  { id: 'sage', style: 'solid', light: { color: '#e3eee5' }, dark: { color: '#121b15' } },
  { id: 'blush', style: 'solid', light: { color: '#f5e8ec' }, dark: { color: '#1f151a' } },
  {
    id: 'dawn',
    style: 'gradient',
    light: { color: '#f6ebf0', image: 'linear-gradient(160deg, #fde8da 0%, #f3e6f4 50%, #e3e6fb 100%)' },
    dark: { color: '#1a1624', image: 'linear-gradient(160deg, #261a24 0%, #1d1829 50%, #141a2c 100%)' },
  },
  {
    id: 'ocean',
    style: 'gradient',
    light: { color: '#e2eff8', image: 'linear-gradient(180deg, #e0f2fb 0%, #e4eafb 100%)' },
    dark: { color: '#0f1c28', image: 'linear-gradient(180deg, #0c2230 0%, #111a2c 100%)' },
  },
  {
    id: 'meadow',
    style: 'gradient',
    light: { color: '#eaf2e4', image: 'linear-gradient(200deg, #e5f3e6 0%, #f3f1df 100%)' },
    dark: { color: '#131d16', image: 'linear-gradient(200deg, #10211a 0%, #1b1c12 100%)' },
  },
  {
    id: 'dots',
    style: 'pattern',
    light: { color: '#f1f3f8', image: dots('#cfd6e4'), size: '24px 24px' },
    dark: { color: '#0e1217', image: dots('#252d3a'), size: '24px 24px' },
  },
  {
    id: 'grid',
    style: 'pattern',
    light: { color: '#f1f3f8', image: grid('#dde2ec'), size: '32px 32px' },
    dark: { color: '#0e1217', image: grid('#1c232d'), size: '32px 32px' },
  },
  {
    id: 'waves',
    style: 'pattern',
    light: { color: '#eef3f8', image: waves('#d3dde9'), size: '40px 40px' },
    dark: { color: '#0e1318', image: waves('#1f2a36'), size: '40px 40px' },
  },
  {
    id: 'lines',
    style: 'pattern',
    light: { color: '#f3f2f7', image: diagonal('#e0deea'), size: '24px 24px' },
    dark: { color: '#101016', image: diagonal('#20202b'), size: '24px 24px' },
  },
  {
    id: 'chatter',
    style: 'pattern',
    light: { color: '#eff2f7', image: bubblesPattern('#d2d9e6'), size: '64px 64px' },
    dark: { color: '#0e1217', image: bubblesPattern('#222a36'), size: '64px 64px' },
  },
];

export function backgroundPreset(id: string): BackgroundPreset | undefined {
  return BACKGROUNDS.find((b) => b.id === id);
}

/** What a background sets on the message list (without the --p- prefix), null for none. */
export interface BackgroundPaint {
  /** 'preset' or 'image': the kind, for CSS. */
  kind: 'preset' | 'image';
  vars: Record<string, string>;
}

/**
 * The variables of a background on a ground: a preset's colour, image and tile size; a picture's
 * address (null while its link is not there: the chat's usual ground until then), blur (px) and
 * dimming (0..1). null: the chat's usual ground.
 */
export function backgroundPaint(bg: Background, base: Base, imageUrl: string | null): BackgroundPaint | null {
  if (bg.kind === 'preset') {
    const preset = backgroundPreset(bg.preset);
    if (!preset) return null;
    const p = preset[base];
    return {
      kind: 'preset',
      vars: { 'backdrop-color': p.color, 'backdrop-image': p.image ?? 'none', 'backdrop-size': p.size ?? 'cover' },
    };
  }
  if (bg.kind === 'image') {
    if (!imageUrl) return null;
    return {
      kind: 'image',
      vars: {
        'backdrop-photo': `url(${JSON.stringify(imageUrl)})`,
        'backdrop-blur': `${bg.blur}px`,
        'backdrop-dim': String(bg.dim / 100),
      },
    };
  }
  return null;
}
