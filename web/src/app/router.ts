// The few client routes, in the address bar so reload and back work: /login, /register, / (the
// chat list) and /chat/<id>. parley serves index.html for all of them (not for /chats/<id>,
// which is a REST route).
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'login' }
  | { name: 'register' }
  | { name: 'home' }
  | { name: 'chat'; chatId: string };

export function parseRoute(path: string): Route {
  if (path === '/login') return { name: 'login' };
  if (path === '/register') return { name: 'register' };
  const m = /^\/chat\/([^/]+)$/.exec(path);
  if (m?.[1]) return { name: 'chat', chatId: decodeURIComponent(m[1]) };
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
      return `/chat/${encodeURIComponent(r.chatId)}`;
  }
}

const listeners = new Set<() => void>();

export function navigate(r: Route, replace = false): void {
  const path = routePath(r);
  if (path === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of [...listeners]) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
