import { afterEach, describe, expect, it } from 'vitest';

import { en } from './en';
import { es } from './es';
import { resolveLocale, setLocale, t } from './index';

afterEach(() => setLocale('en'));

describe('i18n', () => {
  it('resolves a setting, then the browser languages, then English', () => {
    expect(resolveLocale('es', ['en-US'])).toBe('es');
    expect(resolveLocale('es-MX', [])).toBe('es');
    expect(resolveLocale('auto', ['fr-FR', 'es-ES'])).toBe('es');
    expect(resolveLocale('de', ['fr'])).toBe('en');
  });

  it('translates with plural forms and placeholders', () => {
    setLocale('en');
    expect(t('common.members', { count: 1 })).toBe('1 member');
    expect(t('common.members', { count: 1200 })).toBe('1,200 members');
    setLocale('es');
    expect(t('common.cancel')).toBe('Cancelar');
    expect(t('common.members', { count: 1 })).toBe('1 miembro');
    expect(t('common.members', { count: 3 })).toBe('3 miembros');
  });

  it('has every English string in Spanish, with the same placeholders', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    expect(Object.keys(es).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(es[k]), k).toEqual(names(en[k]));
      expect(es[k].trim(), k).not.toBe('');
    }
  });
});
