// Builds the web client into dist/, which parley serves at / (its --web_root). Unit tests of
// the protocol and state layer (and the service worker's pure parts) run under Vitest in Node;
// the browser tests live in browser/.
// The service worker (pwa/) is written with the release's files in it.
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import { serviceWorker } from './pwa/plugin';

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    serviceWorker({ template: 'pwa/service-worker.js', publicDir: 'public', notices: 'pwa/push-notices.js' }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    // The common-password list is the server's own file (src/features/auth/password.ts).
    fs: { allow: ['.', '../server/chat/common_passwords.txt'] },
    // `npm run dev` against a parley on port 3000.
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'pwa/**/*.test.js'],
    environment: 'node',
    pool: 'threads',
    maxWorkers: 1,
    // A guard against a test that hangs, not a measure of speed: the suite shares two cores with
    // the server's tests, and a render of a long history under that load has taken over 7 s.
    testTimeout: 30_000,
  },
});
