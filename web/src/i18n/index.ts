// The client's strings (core.ts) and what components use of them: useT() and useLocale(), which
// render a component again when the language changes, and tx(), a string with React nodes in
// some of its places (a name in <bdi>, a link, bold text).
import { createElement, Fragment, useSyncExternalStore, type ReactNode } from 'react';

import { formatNumber, locale, onLocaleChange, t, template, type MessageKey, type PluralKey } from './core';

export * from './core';

/** t, for components: they render again when the language changes. */
export function useT(): typeof t {
  useSyncExternalStore(onLocaleChange, locale, locale);
  return t;
}

/** The language in force, for components that format dates and numbers. */
export function useLocale(): string {
  return useSyncExternalStore(onLocaleChange, locale, locale);
}

/**
 * The string of `key` with React nodes in its {placeholders}: tx('chat.replyingTo', { name:
 * <bdi>{name}</bdi> }). Strings and numbers are filled as t() fills them; `count` picks the
 * plural form.
 */
export function tx(key: MessageKey | PluralKey, params: Record<string, ReactNode>): ReactNode {
  const parts = template(key, params.count).split(/\{(\w+)\}/g);
  const nodes = parts.map((part, i) => {
    if (i % 2 === 0) return part;
    const v = params[part];
    if (v === undefined) return `{${part}}`;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
  return createElement(Fragment, null, ...nodes.map((n, i) => (typeof n === 'string' ? n : createElement(Fragment, { key: i }, n))));
}
