// The few client routes, in the address bar so reload and back work: /login, /register, / (the
// chat list), /chat/<id> (with /thread/<rootId>: a thread's panel open beside it),
// /join/<token> (an invite link), /moderation (the moderation page; ?chatId=<id>: a group's
// reports), /settings/<section> (the person's settings; /settings/data?chat=<id>: the data
// export with that chat chosen), and the pages of the links Parley emails,
// /verify-email?token=<token> and /unsubscribe?token=<token>. parley serves index.html for all
// of them (not for /chats/<id>, which is a REST route).
import { useEffect, useState } from 'react';

import type { KeyValueStorage } from '../client/storage';

export type Route =
  | { name: 'login' }
  | { name: 'register' }
  | { name: 'home' }
  /** thread: the root of the thread whose panel is open beside the chat. */
  | { name: 'chat'; chatId: string; thread?: string }
  | { name: 'join'; token: string }
  /** The moderation page: the queue, the audit log, the staff; chatId: one group's. */
  | { name: 'moderation'; chatId?: string }
  /** The person's settings, at one of their sections; chatId: the data section's export with that chat chosen. */
  | { name: 'settings'; section: SettingsSection; chatId?: string }
  /** The link that verifies the user's email address. */
  | { name: 'verify-email'; token: string }
  /** A digest's link that stops email digests (after asking). */
  | { name: 'unsubscribe'; token: string };

/** The sections of the settings page, in its order. */
export const SETTINGS_SECTIONS = ['appearance', 'chats', 'templates', 'notifications', 'privacy', 'data', 'language'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** A path segment decoded; a malformed escape is kept as it is. */
function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The route of an address's path and query ("/verify-email?token=…"). */
export function parseRoute(address: string): Route {
  const q = address.indexOf('?');
  const path = q < 0 ? address : address.slice(0, q);
  const query = q < 0 ? '' : address.slice(q + 1);
  if (path === '/verify-email' || path === '/unsubscribe') {
    const token = new URLSearchParams(query).get('token') ?? '';
    return { name: path === '/unsubscribe' ? 'unsubscribe' : 'verify-email', token };
  }
  if (path === '/moderation' || path === '/moderation/') {
    const chatId = new URLSearchParams(query).get('chatId');
    return chatId ? { name: 'moderation', chatId } : { name: 'moderation' };
  }
  const settings = /^\/settings(?:\/([\w-]+))?\/?$/.exec(path);
  if (settings) {
    const section = SETTINGS_SECTIONS.find((s) => s === settings[1]) ?? 'appearance';
    const chatId = section === 'data' ? new URLSearchParams(query).get('chat') : null;
    return chatId ? { name: 'settings', section, chatId } : { name: 'settings', section };
  }
  if (path === '/login') return { name: 'login' };
  if (path === '/register') return { name: 'register' };
  const chat = /^\/chat\/([^/]+)(?:\/thread\/([^/]+))?$/.exec(path);
  if (chat?.[1]) return chat[2] ? { name: 'chat', chatId: segment(chat[1]), thread: segment(chat[2]) } : { name: 'chat', chatId: segment(chat[1]) };
  const join = /^\/join\/([^/]+)\/?$/.exec(path);
  if (join?.[1]) return { name: 'join', token: segment(join[1]) };
  return { name: 'home' };
}

export function routePath(r: Route): string {
  switch (r.name) {
    case 'login':
      return '/login';
    case 'register':
      return '/register';
    case 'home':
      return '/';
    case 'chat':
      return `/chat/${encodeURIComponent(r.chatId)}${r.thread ? `/thread/${encodeURIComponent(r.thread)}` : ''}`;
    case 'join':
      return `/join/${encodeURIComponent(r.token)}`;
    case 'moderation':
      return r.chatId ? `/moderation?${new URLSearchParams({ chatId: r.chatId }).toString()}` : '/moderation';
    case 'settings':
      return `/settings/${r.section}${r.section === 'data' && r.chatId ? `?${new URLSearchParams({ chat: r.chatId }).toString()}` : ''}`;
    case 'verify-email':
    case 'unsubscribe':
      return `/${r.name}?${new URLSearchParams({ token: r.token }).toString()}`;
  }
}

// An invite link opened signed out: its token waits in the tab's session storage while the
// person signs in or registers, and the page they land on afterwards is the link's.

const INVITE_KEY = 'parley.pendingInvite';

function tabStorage(): KeyValueStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Keeps the invite link's token for after signing in. */
export function rememberInvite(token: string, storage = tabStorage()): void {
  try {
    storage?.setItem(INVITE_KEY, token);
  } catch {
    // Storage refused (private mode): the person opens the link again after signing in.
  }
}

/** The token of an invite link opened signed out, if any. */
export function pendingInvite(storage = tabStorage()): string | null {
  try {
    return storage?.getItem(INVITE_KEY) || null;
  } catch {
    return null;
  }
}

/** Where signing in leads: the invite link opened signed out (forgotten now), else the chats. */
export function routeAfterSignIn(storage = tabStorage()): Route {
  const token = pendingInvite(storage);
  if (!token) return { name: 'home' };
  try {
    storage?.removeItem(INVITE_KEY);
  } catch {
    // Kept: the next sign-in in this tab comes back to the link, which is harmless.
  }
  return { name: 'join', token };
}

/**
 * Leaves the sign-in or registration page for where signing in leads (routeAfterSignIn), if the
 * page shown is still one of those: the form and the app shell may both ask, once is enough.
 */
export function afterSignIn(): void {
  const here = parseRoute(window.location.pathname).name;
  if (here === 'login' || here === 'register') navigate(routeAfterSignIn(), true);
}

const listeners = new Set<() => void>();

/** The page's path and query, as routes are written. */
function here(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(r: Route, replace = false): void {
  const path = routePath(r);
  if (path === here()) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of [...listeners]) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(here()));
  useEffect(() => {
    const update = () => setRoute(parseRoute(here()));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
