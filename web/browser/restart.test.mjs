// Reconnection in a real browser: the server stops and starts again mid-conversation (same port,
// same data), and a browser loses its network for a while. Nothing may be lost or shown twice,
// and what was typed while disconnected is sent exactly once after reconnecting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  message,
  messageTexts,
  newPage,
  pageErrors,
  openChat,
  register,
  restAs,
  screenshot,
  send,
  startChat,
  startParley,
} from './helpers.mjs';

function countOf(list, text) {
  return list.filter((t) => t === text).length;
}

describe('reconnecting', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let chatId;

  before(async () => {
    // Short heartbeats, so a browser whose network silently vanished is noticed quickly.
    server = await startParley({ args: ['--ping_interval_ms', '1000', '--ping_timeout_ms', '1000'] });
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    await register(alice, server.url, 'Alice');
    await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());
    await send(alice, 'first from Alice');
    await openChat(bob, 'Alice');
    await message(bob, 'first from Alice').waitFor();
    await send(bob, 'first from Bob');
    await message(alice, 'first from Bob').waitFor();
    await message(alice, 'first from Alice').and(alice.locator('[data-status="READ"]')).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The server's history of the chat, as Alice sees it over REST. */
  async function history() {
    const r = await restAs(alice, server.url, `/api/v1/chats/${encodeURIComponent(chatId)}/messages?limit=200`);
    assert.equal(r.status, 200);
    return r.body;
  }

  async function assertExactlyOnce(texts) {
    const stored = await history();
    const contents = stored.map((m) => m.content);
    assert.deepEqual(
      stored.map((m) => m.seq),
      stored.map((_, i) => i + 1),
      'seqs 1..n without gaps',
    );
    for (const page of [alice, bob]) {
      const shown = await messageTexts(page);
      assert.deepEqual(shown, contents, 'each page shows exactly the stored history, in order');
    }
    for (const t of texts) assert.equal(countOf(contents, t), 1, `"${t}" stored once`);
  }

  test('the server restarts mid-conversation: nothing lost, nothing doubled', async () => {
    const { port, dataDir, args } = server;
    const down = await server.stop();
    assert.equal(down.code, 0, 'clean exit on SIGTERM');
    for (const page of [alice, bob]) {
      await page.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();
    }

    // Written while the server is down: shown at once, waiting to send.
    await send(alice, 'typed while the server was down');
    await send(alice, 'and a second one');
    await send(bob, 'Bob typed offline too');
    await message(alice, 'typed while the server was down').and(alice.locator('[data-status="PENDING"]')).waitFor();
    await alice.getByTestId('offline-note').filter({ hasText: '2 messages waiting to send' }).waitFor();
    await screenshot(alice, '11-offline-queued.png');

    server = await startParley({ dataDir, port, args });
    for (const page of [alice, bob]) await page.locator('[data-connection="connected"]').waitFor({ timeout: 20000 });

    await message(bob, 'typed while the server was down').waitFor();
    await message(bob, 'and a second one').waitFor();
    await message(alice, 'Bob typed offline too').waitFor();
    // Both have the chat open: the queued messages end up read.
    await message(alice, 'and a second one').and(alice.locator('[data-status="READ"]')).waitFor();
    await message(bob, 'Bob typed offline too').and(bob.locator('[data-status="READ"]')).waitFor();

    // Alice's two were sent in the order written.
    const stored = (await history()).map((m) => m.content);
    assert.ok(stored.indexOf('typed while the server was down') < stored.indexOf('and a second one'));
    await assertExactlyOnce(['typed while the server was down', 'and a second one', 'Bob typed offline too']);

    // The conversation goes on.
    await send(bob, 'after the restart');
    await message(alice, 'after the restart').waitFor();
    await message(bob, 'after the restart').and(bob.locator('[data-status="READ"]')).waitFor();

    await alice.reload();
    await message(alice, 'after the restart').waitFor();
    await assertExactlyOnce(['after the restart', 'first from Alice', 'first from Bob']);
  });

  test('a browser that loses its network catches up once it is back', async () => {
    await alice.context().setOffline(true);
    await alice.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor({ timeout: 20000 });
    const missed = ['missed one', 'missed two', 'missed three'];
    for (const t of missed) await send(bob, t);
    await send(alice, 'sent from the tunnel');
    await alice.context().setOffline(false);
    await alice.locator('[data-connection="connected"]').waitFor({ timeout: 20000 });
    for (const t of missed) await message(alice, t).waitFor();
    await message(bob, 'sent from the tunnel').waitFor();
    await message(bob, 'missed three').and(bob.locator('[data-status="READ"]')).waitFor();
    await assertExactlyOnce([...missed, 'sent from the tunnel']);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
