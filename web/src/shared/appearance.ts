// What the person's appearance settings make of the page, pure: the ground (light or dark: the
// system's for the system theme, the chosen one for a custom theme), the attributes <html> gets
// (data-theme, data-base, data-font-size, data-density, and data-scheme when a chat colour
// scheme sets the bubbles) and the semantic colour variables (--p-*) of the theme and the
// scheme. app/theme.ts applies it; the settings page previews with it.
import type { Preferences } from '../client/settings';
import { paletteOf, type Base, type Palette } from './palette';
import { schemeBubbles, schemeVariables } from './schemes';

export type AppearancePrefs = Pick<Preferences, 'theme' | 'accent' | 'customBase' | 'scheme' | 'bubbles' | 'fontSize' | 'density'>;

export interface Appearance {
  base: Base;
  /** Attribute name → value, on <html>. */
  attrs: Record<string, string>;
  /** Variable name without --p- → value. */
  vars: Record<string, string>;
}

/** The root font size of each step, as a share of the browser's own (so its setting and zoom still count). */
export const FONT_SCALE: Readonly<Record<Preferences['fontSize'], string>> = {
  xs: '87.5%',
  s: '93.75%',
  m: '100%',
  l: '112.5%',
  xl: '125%',
};

/** The ground a theme is drawn on. */
export function baseOf(p: Pick<Preferences, 'theme' | 'customBase'>, systemDark: boolean): Base {
  const system: Base = systemDark ? 'dark' : 'light';
  switch (p.theme) {
    case 'light':
    case 'dark':
      return p.theme;
    case 'custom':
      return p.customBase === 'system' ? system : p.customBase;
    default:
      return system;
  }
}

/** The palette of the theme in force. */
export function themePalette(p: Pick<Preferences, 'theme' | 'customBase' | 'accent'>, systemDark: boolean): Palette {
  const base = baseOf(p, systemDark);
  const theme = p.theme === 'system' ? base : p.theme;
  return paletteOf(theme, base, p.accent);
}

export function appearanceOf(p: AppearancePrefs, systemDark: boolean): Appearance {
  const base = baseOf(p, systemDark);
  const palette = themePalette(p, systemDark);
  const vars: Record<string, string> = { ...palette };
  const attrs: Record<string, string> = {
    'data-theme': p.theme,
    'data-base': base,
    'data-font-size': p.fontSize,
    'data-density': p.density,
  };
  // High contrast keeps its own bubbles; the classic scheme is the theme's own.
  if (p.theme !== 'high-contrast' && p.scheme !== 'classic' && !(p.scheme === 'custom' && !p.bubbles)) {
    Object.assign(vars, schemeVariables(schemeBubbles(p.scheme, p.bubbles, base), palette));
    attrs['data-scheme'] = p.scheme;
  }
  return { base, attrs, vars };
}
