// Entry point: one ChatStore for the page, wired to the server this page came from.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { StoreProvider } from './app/store-context';
import { HttpChatApi } from './client/api';
import { SocketRealtime } from './client/realtime';
import { browserStorage } from './client/storage';
import { ChatStore } from './client/store';
import './index.css';

const store = new ChatStore({
  api: new HttpChatApi(),
  realtime: new SocketRealtime(),
  storage: browserStorage(),
  isBrowserOnline: () => navigator.onLine,
});
void store.init();
window.addEventListener('online', () => void store.flushOutbox());

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
