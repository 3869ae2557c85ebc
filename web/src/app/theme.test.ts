// @vitest-environment happy-dom
// The appearance on <html>: the theme's attributes and variables set, those a new appearance
// does not set taken away, the root font size a share of the browser's; the appearance kept for
// the next load and applied from there; a chat's background painted and cleared.
import { afterEach, describe, expect, it } from 'vitest';

import { DEFAULTS } from '../client/settings';
import { HIGH_CONTRAST_DARK, LIGHT } from '../shared/palette';
import { applyBackdrop } from './chat-backdrop';
import { applyAppearance, applyCachedAppearance, APPEARANCE_KEY } from './theme';

const root = () => document.documentElement;

afterEach(() => {
  applyAppearance(DEFAULTS, false);
  localStorage.clear();
});

describe('the appearance on <html>', () => {
  it('sets the theme, the ground, the font size and the density', () => {
    applyAppearance({ ...DEFAULTS, theme: 'high-contrast', fontSize: 'xl', density: 'compact' }, true);
    expect(root().dataset.theme).toBe('high-contrast');
    expect(root().dataset.base).toBe('dark');
    expect(root().dataset.fontSize).toBe('xl');
    expect(root().dataset.density).toBe('compact');
    expect(root().style.fontSize).toBe('125%');
    expect(root().style.colorScheme).toBe('dark');
    expect(root().style.getPropertyValue('--p-panel')).toBe(HIGH_CONTRAST_DARK.panel);
  });

  it('takes away what the next appearance does not set', () => {
    applyAppearance({ ...DEFAULTS, theme: 'dark', scheme: 'ocean' }, false);
    expect(root().dataset.scheme).toBe('ocean');
    expect(root().style.getPropertyValue('--p-own-muted')).not.toBe('');
    applyAppearance(DEFAULTS, false);
    expect(root().dataset.scheme).toBeUndefined();
    expect(root().style.getPropertyValue('--p-own-muted')).toBe('');
    expect(root().style.getPropertyValue('--p-panel')).toBe(LIGHT.panel);
    expect(root().dataset.theme).toBe('system');
  });

  it('applies the appearance kept from the last visit', () => {
    localStorage.setItem(
      APPEARANCE_KEY,
      JSON.stringify({ prefs: { ...DEFAULTS, theme: 'light', fontSize: 's' }, attrs: {}, fontSize: '93.75%', light: {}, dark: {} }),
    );
    applyCachedAppearance();
    expect(root().dataset.theme).toBe('light');
    expect(root().style.fontSize).toBe('93.75%');
    // Nothing usable kept: nothing changes.
    localStorage.setItem(APPEARANCE_KEY, '{not json');
    applyCachedAppearance();
    expect(root().dataset.theme).toBe('light');
  });
});

describe('a chat\'s background', () => {
  it('paints a preset or a picture, and clears it', () => {
    applyBackdrop({ kind: 'preset', preset: 'dots' }, 'dark', null);
    expect(root().dataset.backdrop).toBe('preset');
    expect(root().style.getPropertyValue('--p-backdrop-image')).toContain('data:image/svg+xml');
    applyBackdrop({ kind: 'image', fileId: 'f', blur: 4, dim: 30 }, 'light', null);
    // The picture's link is not there yet: the usual ground meanwhile.
    expect(root().dataset.backdrop).toBeUndefined();
    expect(root().style.getPropertyValue('--p-backdrop-image')).toBe('');
    applyBackdrop({ kind: 'image', fileId: 'f', blur: 4, dim: 30 }, 'light', '/files/f.jpg');
    expect(root().dataset.backdrop).toBe('image');
    expect(root().style.getPropertyValue('--p-backdrop-blur')).toBe('4px');
    applyBackdrop(null, 'light', null);
    expect(root().dataset.backdrop).toBeUndefined();
    expect(root().style.getPropertyValue('--p-backdrop-photo')).toBe('');
  });
});
