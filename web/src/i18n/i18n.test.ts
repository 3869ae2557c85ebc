import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';

import { en } from './en';
import { es } from './es';
import { formatNumber, labelled, labels, locale, onLocaleChange, resolveLocale, setLocale, t, tx } from './index';

afterEach(() => setLocale('en'));

/** Spanish strings that are the English ones on purpose: the same word in both. */
const SAME_IN_SPANISH = new Set([
  'settings.section.chats',
  'settings.preview.sender',
  'settings.background.px',
  'settings.sound.pop',
  'settings.sound.marimba',
  'chat.history.original',
  'moderation.category.spam',
  'moderation.chatId',
  'chats.title',
  'exports.chats.legend',
  'exports.format.json',
  'exports.format.csv',
  'exports.item.chats_one',
  'exports.item.chats_other',
  'chats.threads.chat',
  'files.bytes_one',
  'files.bytes_other',
  'files.serverError',
  'search.chats',
  'switcher.esc',
  'switcher.chats',
  'switcher.chatCount_one',
  'switcher.chatCount_other',
  'keys.key.ctrl',
  'keys.key.alt',
  'keys.key.escape',
  'keys.say.ctrl',
  'keys.say.escape',
]);

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
    expect(t('common.members', { count: 12000 })).toBe('12.000 miembros');
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

  it('has no English left in Spanish but the words both languages share', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    const same = keys.filter((k) => en[k] === es[k] && /\p{L}{2}/u.test(en[k].replace(/\{\w+\}/g, '')));
    expect(same.filter((k) => !SAME_IN_SPANISH.has(k))).toEqual([]);
  });

  it('has both plural forms of every plural string', () => {
    for (const k of Object.keys(en)) {
      const m = /^(.*)_(one|other)$/.exec(k);
      if (m) expect(Object.keys(en), k).toContain(`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`);
    }
  });

  it('tells those who listen that the language changed, once per change', () => {
    const heard: string[] = [];
    const stop = onLocaleChange(() => heard.push(locale()));
    setLocale('es');
    setLocale('es');
    setLocale('en');
    stop();
    setLocale('es');
    expect(heard).toEqual(['es', 'en']);
  });

  it('puts React nodes in a string’s places: a name isolated in <bdi>', () => {
    const html = renderToStaticMarkup(createElement('p', null, tx('chat.replyingTo', { name: createElement('bdi', null, 'עדי') })));
    expect(html).toBe('<p>Replying to <bdi>עדי</bdi></p>');
    setLocale('es');
    expect(renderToStaticMarkup(createElement('p', null, tx('chat.replyingTo', { name: createElement('bdi', null, 'Ana') })))).toBe(
      '<p>Respondiendo a <bdi>Ana</bdi></p>',
    );
  });

  it('reads tables of labels in the language in force', () => {
    const table = labels({ open: 'moderation.status.open' });
    const item = labelled({ value: 'spam' }, { label: 'moderation.category.spam', hint: 'moderation.category.spam.hint' });
    expect(table.open).toBe('Open');
    expect(item).toMatchObject({ value: 'spam', label: 'Spam' });
    setLocale('es');
    expect(table.open).toBe('Abierta');
    expect(item.hint).toBe('Publicidad no deseada, estafas o el mismo mensaje una y otra vez');
  });

  it('writes numbers as the language does', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    setLocale('es');
    expect(formatNumber(1234567)).toBe('1.234.567');
  });
});
