// Parley's service worker: the app shell (the page, its scripts, styles and icons) from a cache
// named after the release, so that the app opens when the server cannot be reached; the chats
// and the outbox it then shows come from IndexedDB (src/client/offline-cache.ts). The build
// (pwa/plugin.ts) writes the release and the shell's files in place of the two names below.
//
// - Pages (navigations): the network first, so a new release is seen at once; when the server
//   does not answer (or answers 5xx), the cached page, which opens any client route.
// - The shell's files and everything under /assets/ (content-hashed, never changing): the
//   cache first; assets loaded later (the registration form's dictionaries) are added to it.
// - Nothing else is touched: the REST API and Socket.IO always go to the network.
// A new release is a new sw.js (parley serves it with no-cache): it installs its own cache,
// takes over at once and deletes the caches of older releases.
//
// Web Push: a push message (JSON: a new message {chatId, messageId, title, body?, at, count?,
// mention?}, no body when the person chose no previews; a reaction to their message; the summary
// after Do not disturb) becomes a notification as pwa/push-notices.js says: one per chat, the
// next replacing it and counting on, silently within a burst unless it mentions the person; the
// summary its own. A click closes it and has an open Parley window open the chat (a message
// {type: 'open-chat', chatId}), then focuses it where the browser lets it, or opens a window on
// the chat (the summary: its first chat, else the app).
/* global self, caches, fetch, URL, Response, setTimeout, clearTimeout, Date */
const RELEASE = '__PARLEY_RELEASE__';
const SHELL = __PARLEY_SHELL__;
const CACHE = `parley-shell-${RELEASE}`;
const PAGE = '/index.html';
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('parley-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, or a rejection after NAVIGATION_TIMEOUT_MS (a server that hangs). */
function network(request) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), NAVIGATION_TIMEOUT_MS);
    fetch(request).then(
      (res) => {
        clearTimeout(timer);
        resolve(res);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

async function page(request) {
  try {
    const res = await network(request);
    if (res.status < 500) return res;
    const cached = await caches.match(PAGE, { cacheName: CACHE });
    return cached ?? res;
  } catch (err) {
    const cached = await caches.match(PAGE, { cacheName: CACHE });
    if (cached) return cached;
    throw err;
  }
}

async function shellFile(request, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok && url.pathname.startsWith('/assets/')) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    event.respondWith(shellFile(request, url));
  }
});

/** A push message's JSON; anything malformed reads as {}. */
function readPayload(data) {
  let payload = {};
  try {
    payload = data ? data.json() : {};
  } catch {
    payload = {};
  }
  return payload !== null && typeof payload === 'object' ? payload : {};
}

// The pushes' notices, pure (pwa/push-notices.js, put here by the build): pushNotice,
// replacedTag, clickedChat.
/* __PARLEY_PUSH_NOTICES__ */

async function showPush(data) {
  const payload = readPayload(data);
  const tag = replacedTag(payload);
  const showing = tag ? await self.registration.getNotifications({ tag }).catch(() => []) : [];
  const before = showing.length > 0 ? (showing[showing.length - 1].data ?? {}) : null;
  const notice = pushNotice(payload, before, Date.now());
  await self.registration.showNotification(notice.title, notice.options);
}

/** Pushes are shown one after another, so each counts on from the one before it. */
let pushes = Promise.resolve();

/** How long one push may take to show before the next goes on without it. */
const PUSH_SHOW_MS = 5000;

self.addEventListener('push', (event) => {
  const data = event.data;
  // In turn, but a push whose notice never settles does not hold back the ones after it.
  const bounded = () =>
    Promise.race([showPush(data), new Promise((resolve) => setTimeout(resolve, PUSH_SHOW_MS))]);
  pushes = pushes.then(bounded).catch(() => undefined);
  event.waitUntil(pushes);
});

/**
 * Opens `chatId` ('': the app itself) where the person is: a Parley window already open (the
 * focused one, else a visible one, else any) is told first ({type: 'open-chat', chatId}) and
 * then brought forward where the browser allows it; a refused focus leaves it told. With no
 * window open, a new one on the chat.
 */
async function openChat(chatId) {
  const path = chatId ? `/chat/${encodeURIComponent(chatId)}` : '/';
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const ours = windows.filter((w) => new URL(w.url).origin === self.location.origin);
  const open = ours.find((w) => w.focused) ?? ours.find((w) => w.visibilityState === 'visible') ?? ours[0];
  if (open) {
    open.postMessage({ type: 'open-chat', chatId });
    await open.focus().catch(() => undefined);
    return;
  }
  await self.clients.openWindow(path).catch(() => null);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openChat(clickedChat(event.notification.data)));
});
