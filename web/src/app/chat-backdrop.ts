// The background of the chat on screen: its own (store.settings' chat overrides) or else the
// person's global one, set on <html> as data-backdrop ('preset' or 'image') and the variables
// themes.css paints the message list with (shared/backgrounds.ts), in the light or dark version
// of the ground in force. A picture's signed link is asked for while it is shown (and renewed
// before it expires); until it is there the chat's usual ground shows.
import { useEffect, useSyncExternalStore } from 'react';

import { chatBackground, type Background } from '../client/settings';
import { backgroundPaint } from '../shared/backgrounds';
import { useChatSettings, useChatStore, useFileLink, usePreferences } from './store-context';

const DARK_QUERY = '(prefers-color-scheme: dark)';

let set: string[] = [];

/** Paints `bg` on <html> (null: nothing). */
export function applyBackdrop(bg: Background | null, base: 'light' | 'dark', imageUrl: string | null, root: HTMLElement = document.documentElement): void {
  const paint = bg ? backgroundPaint(bg, base, imageUrl) : null;
  for (const name of set) root.style.removeProperty(`--p-${name}`);
  set = [];
  if (!paint) {
    root.removeAttribute('data-backdrop');
    return;
  }
  for (const [name, value] of Object.entries(paint.vars)) root.style.setProperty(`--p-${name}`, value);
  set = Object.keys(paint.vars);
  root.setAttribute('data-backdrop', paint.kind);
}

function subscribeBase(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-base'] });
  const media = window.matchMedia?.(DARK_QUERY);
  media?.addEventListener?.('change', listener);
  return () => {
    observer.disconnect();
    media?.removeEventListener?.('change', listener);
  };
}

/** The ground in force, as theme.ts set it on <html> (data-base). */
function currentBase(): 'light' | 'dark' {
  const b = document.documentElement.getAttribute('data-base');
  if (b === 'light' || b === 'dark') return b;
  return window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Keeps <html> painted with `chatId`'s background (null: no chat on screen). */
export function useChatBackdrop(chatId: string | null): void {
  const store = useChatStore();
  const prefs = usePreferences();
  const chat = useChatSettings(chatId ?? '');
  const bg = chatId ? chatBackground(prefs, chat) : null;
  const fileId = bg?.kind === 'image' ? bg.fileId : '';
  const link = useFileLink(fileId)?.link;
  const url = link ? (link.displayUrl ?? link.url) : null;
  const base = useSyncExternalStore(subscribeBase, currentBase);

  useEffect(() => {
    if (!fileId) return;
    return store.files.links.want([fileId]);
  }, [store, fileId]);

  const key = bg ? JSON.stringify(bg) : '';
  useEffect(() => {
    applyBackdrop(key ? (JSON.parse(key) as Background) : null, base, url);
  }, [key, base, url]);

  useEffect(() => () => applyBackdrop(null, 'light', null), []);
}
