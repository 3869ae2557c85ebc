// Offline start: the client is an installable web app whose service worker keeps the app shell,
// and whose chats, messages and outbox are kept in IndexedDB. A reload while the server is down
// shows the app with its chats (not the browser's error page); what is typed then waits, and
// goes out once the server is back. A new release replaces the old shell on the next visit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DIST,
  launchBrowser,
  message,
  newPage,
  offlineSnapshots,
  openChat,
  pageErrors,
  register,
  screenshot,
  send,
  startChat,
  startParley,
  waitUntil,
} from './helpers.mjs';

/** What the server answers for `pathname`, from the page (through its service worker). */
async function head(page, pathname) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { cache: 'no-store' });
    return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control') };
  }, pathname);
}

const shellCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('parley-shell-')));

describe('offline start', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let chatUrl;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    await register(alice, server.url, 'Alice');
    await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatUrl = alice.url();
    await send(alice, 'before the outage');
    await openChat(bob, 'Alice');
    await send(bob, 'reply before the outage');
    await message(alice, 'reply before the outage').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('installable: a manifest with icons, and a service worker that controls the page', async () => {
    const manifestHref = await alice.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(manifestHref, '/manifest.webmanifest');
    const manifest = await alice.evaluate(async (href) => (await fetch(href)).json(), manifestHref);
    assert.equal(manifest.name, 'Parley');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
    for (const want of ['192x192 any', '512x512 any', '512x512 maskable']) assert.ok(sizes.includes(want), want);
    for (const icon of manifest.icons) {
      const r = await head(alice, icon.src);
      assert.equal(r.status, 200, icon.src);
      assert.equal(r.type, icon.type, icon.src);
    }
    assert.deepEqual(await head(alice, '/manifest.webmanifest'), {
      status: 200,
      type: 'application/manifest+json',
      cache: 'no-cache',
    });
    assert.deepEqual(await head(alice, '/sw.js'), { status: 200, type: 'text/javascript; charset=utf-8', cache: 'no-cache' });

    await alice.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js'));
    const kept = await shellCaches(alice);
    assert.equal(kept.length, 1, 'one shell cache, named after the release');
  });

  test('a reload with the server down shows the cached chats; what is typed goes out after the restart', async () => {
    // The snapshot holds the conversation (it is written a moment after each change).
    await waitUntil(async () => (await offlineSnapshots(alice)).includes('reply before the outage'), 'the offline snapshot');
    const { port, dataDir, args } = server;
    await server.stop();
    await bob.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();

    await alice.goto(chatUrl);
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();
    await message(alice, 'before the outage').waitFor();
    await message(alice, 'reply before the outage').waitFor();
    await alice.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Bob\b/ }).waitFor();
    assert.notEqual(await alice.locator('[data-connection]').getAttribute('data-connection'), 'connected');

    await send(alice, 'typed with the server down');
    await message(alice, 'typed with the server down').and(alice.locator('[data-status="PENDING"]')).waitFor();
    await screenshot(alice, 'offline-01-reloaded-with-server-down.png');

    // Another reload still shows it waiting: the outbox is kept too.
    await alice.reload();
    await message(alice, 'typed with the server down').and(alice.locator('[data-status="PENDING"]')).waitFor();

    server = await startParley({ dataDir, port, args });
    await alice.locator('[data-connection="connected"]').waitFor({ timeout: 20000 });
    await message(bob, 'typed with the server down').waitFor({ timeout: 20000 });
    await message(alice, 'typed with the server down').and(alice.locator('[data-status="READ"]')).waitFor();
    const texts = await alice.locator('li[data-message-id] [data-testid="message-text"]').allInnerTexts();
    assert.deepEqual(texts, ['before the outage', 'reply before the outage', 'typed with the server down']);
    await screenshot(alice, 'offline-02-sent-after-restart.png');
  });

  test('a new release replaces the old shell cache on the next visit', async () => {
    const before = await shellCaches(alice);
    assert.equal(before.length, 1);
    // The same client under another release: only the release in sw.js differs.
    const next = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-release-'));
    fs.cpSync(DIST, next, { recursive: true });
    const sw = path.join(next, 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const RELEASE = '[^']*'/, "const RELEASE = 'next-release'"));
    const { port, dataDir, args } = server;
    await server.stop();
    server = await startParley({ dataDir, port, args, webRoot: next });
    try {
      await alice.reload();
      await alice.locator('[data-connection="connected"]').waitFor({ timeout: 20000 });
      // The new worker installs (downloading the shell) and activates: slower on a loaded machine.
      await waitUntil(async () => {
        const keys = await shellCaches(alice);
        return keys.length === 1 && keys[0] === 'parley-shell-next-release';
      }, 'the old cache replaced by the new release', 30000);
    } finally {
      const { port: p, dataDir: d, args: a } = server;
      await server.stop();
      server = await startParley({ dataDir: d, port: p, args: a });
      fs.rmSync(next, { recursive: true, force: true });
    }
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
