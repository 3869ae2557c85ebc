// Registers the service worker (pwa/service-worker.js, written into dist/ by the build), which
// keeps the app shell so the app opens while the server is down. Not in development: Vite's
// dev server has no sw.js, and a worker there would serve stale modules.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Not allowed here (an insecure origin, a private mode): the app works without it.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
