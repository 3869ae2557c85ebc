// Registers the service worker (pwa/service-worker.js, written into dist/ by the build), which
// keeps the app shell so the app opens while the server is down and shows push notifications;
// a click on one comes back here to open its chat, and reading a chat closes its notifications. Not in development: Vite's
// dev server has no sw.js, and a worker there would serve stale modules.
/** `onOpenChat` gets the chat a click on a notification opens ('': the app itself, the chat list). */
export function registerServiceWorker(onOpenChat: (chatId: string) => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // A click on a push notification: the worker names the chat to open in this window (and
  // focuses it, where the browser lets it).
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent<unknown>) => {
    const data = e.data as { type?: unknown; chatId?: unknown } | null;
    if (data?.type === 'open-chat' && typeof data.chatId === 'string') onOpenChat(data.chatId);
  });
  const register = () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then((registration) => {
        // A returning visit: look for a new release now. The browser's own check after a
        // navigation waits until the worker has been idle for a moment, which a busy page may
        // put off for long.
        if (registration.active) void registration.update().catch(() => undefined);
      })
      .catch(() => {
        // Not allowed here (an insecure origin, a private mode): the app works without it.
      });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** Closes the service worker's notifications of a chat (the user is reading it now). */
export function closeChatNotifications(chatId: string): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistration()
    .then((registration) => registration?.getNotifications({ tag: `chat:${chatId}` }))
    .then((list) => {
      for (const n of list ?? []) n.close();
    })
    .catch(() => {
      // No worker, or notifications not allowed: nothing is showing.
    });
}
