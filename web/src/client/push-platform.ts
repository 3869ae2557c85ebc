// The browser's side of Web Push for push-subscription.ts: the push manager of Parley's service
// worker once it is active (registered by src/app/service-worker.ts after the page loads; none
// in development, where there is no worker: then push is not available), and the device's
// notification setting (notification-setting.ts). null where the browser has no service workers
// or no Push API.
import { desktopNotificationsOn } from './notification-setting';
import type { PushManagerLike, PushPlatform } from './push-subscription';

/** How long to wait for a registered service worker to be active before saying push cannot work. */
const READY_TIMEOUT_MS = 10000;

export function browserPushPlatform(): PushPlatform | null {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof PushManager === 'undefined') return null;
  const container = navigator.serviceWorker;
  return {
    userAgent: navigator.userAgent,
    wanted: () => desktopNotificationsOn(),
    manager: async () => {
      // No registration: no worker here (development, a private mode) or not registered yet.
      const registration = await container.getRegistration().catch(() => undefined);
      if (!registration) return null;
      if (registration.active) return registration.pushManager ?? null;
      return new Promise<PushManagerLike | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), READY_TIMEOUT_MS);
        container.ready.then(
          (ready) => {
            clearTimeout(timer);
            resolve(ready.pushManager ?? null);
          },
          () => {
            clearTimeout(timer);
            resolve(null);
          },
        );
      });
    },
  };
}
