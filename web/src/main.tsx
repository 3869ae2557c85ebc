// Entry point: one ChatStore for the page, wired to the server this page came from, keeping
// what it shows in IndexedDB for a start without the server, with this browser's Web Push and
// the page's visibility and focus (which chat is being read), and its time zone (for Do not
// disturb's quiet hours), and the person's settings, scheduled messages, templates and data
// exports; and the service worker.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { navigate } from './app/router';
import { registerServiceWorker } from './app/service-worker';
import { applyCachedAppearance } from './app/theme';
import { StoreProvider } from './app/store-context';
import { HttpChatApi } from './client/api';
import { deviceTimeZone } from './client/dnd';
import { documentFocus } from './client/focus-report';
import { HttpNotificationsApi } from './client/notifications-api';
import { HttpSettingsApi } from './client/settings-api';
import { HttpScheduledApi } from './client/scheduled-api';
import { HttpTemplatesApi } from './client/templates-api';
import { HttpExportsApi } from './client/exports-api';
import { browserPushPlatform } from './client/push-platform';
import { browserOfflineCache } from './client/offline-cache';
import { SocketRealtime } from './client/realtime';
import { browserStorage } from './client/storage';
import { ChatStore } from './client/store';
import './index.css';

// The person's last theme and font size, before anything renders (index.html applied them
// already where it could).
applyCachedAppearance();

const store = new ChatStore({
  api: new HttpChatApi(),
  realtime: new SocketRealtime(),
  storage: browserStorage(),
  isBrowserOnline: () => navigator.onLine,
  offlineCache: browserOfflineCache(),
  notificationsApi: new HttpNotificationsApi(),
  push: browserPushPlatform(),
  page: documentFocus(document, window),
  timeZone: deviceTimeZone,
  settingsApi: new HttpSettingsApi(),
  scheduledApi: new HttpScheduledApi(),
  templatesApi: new HttpTemplatesApi(),
  exportsApi: new HttpExportsApi(),
});
void store.init();
window.addEventListener('online', () => void store.flushOutbox());
registerServiceWorker((chatId) => navigate(chatId ? { name: 'chat', chatId } : { name: 'home' }));

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
