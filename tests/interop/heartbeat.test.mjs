// The Engine.IO heartbeat with a short interval: the server pings every 400 ms and drops a
// client that has not answered within 800 ms; clients that answer stay connected. The timeout
// leaves room for a loaded machine: a client that answers must never be dropped.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { RawPolling, ask, openSocketIoWs, useInterop, withTimeout } from './helpers.mjs';

const PING_INTERVAL = 400;
const PING_TIMEOUT = 800;
const LATE = PING_INTERVAL + PING_TIMEOUT + 3000;

const { server, clients } = useInterop({
  args: ['--ping_interval_ms', String(PING_INTERVAL), '--ping_timeout_ms', String(PING_TIMEOUT)],
});
const raws = [];

afterEach(() => {
  for (const r of raws.splice(0)) r.terminate();
});

describe('raw WebSocket client', () => {
  test('a client that never answers pings is closed after about pingInterval + pingTimeout', async () => {
    const { socket, open } = await openSocketIoWs(server.wsUrl, { autoPong: false });
    raws.push(socket);
    const openedAt = performance.now();
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);

    const received = [];
    for (;;) {
      let msg;
      try {
        msg = await socket.next(LATE);
      } catch {
        break; // closed
      }
      received.push(msg);
    }
    const { at } = await socket.waitClosed(LATE);
    const elapsed = at - openedAt;
    assert.ok(received.includes('2'), `the server pinged before closing (got ${JSON.stringify(received)})`);
    assert.equal(received.filter((m) => m === '2').length, 1, 'one unanswered ping, then the close');
    assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 100, `closed after ${elapsed.toFixed(0)} ms: too early`);
    assert.ok(elapsed < LATE, `closed after ${elapsed.toFixed(0)} ms: too late`);
  });

  test('a client that answers pings stays connected across several of them', async () => {
    const { socket } = await openSocketIoWs(server.wsUrl, { autoPong: true });
    raws.push(socket);
    const openedAt = performance.now();
    const pings = new Promise((resolve) => {
      socket.onPing = (n) => n === 4 && resolve();
    });
    await withTimeout(Promise.race([pings, socket.closed.then(() => Promise.reject(new Error('closed')))]), 10000,
      '4 pings');
    const elapsed = performance.now() - openedAt;
    assert.ok(elapsed > PING_INTERVAL + PING_TIMEOUT, 'the pings spanned more than one timeout period');
    assert.equal(socket.isOpen, true);
    assert.equal(socket.closeInfo, null);
    // Still a working Socket.IO connection.
    assert.match(await socket.next(), /^42\["welcome","[^"]+"\]$/);
    socket.send('421["echo","alive ✓"]');
    assert.equal(await socket.next(), '431["alive ✓"]');
  });
});

describe('raw long-polling client', () => {
  test('an unanswered ping ends the session: ping, then close packet, then 400', async () => {
    const polling = new RawPolling(server.url);
    const started = performance.now();
    await polling.handshake();
    const first = await polling.get();
    assert.deepEqual([first.status, first.text], [200, '2']);
    const second = await polling.get(); // parked until the timeout closes the session
    const elapsed = performance.now() - started;
    assert.deepEqual([second.status, second.text], [200, '1']);
    assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 100, `closed after ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < LATE, `closed after ${elapsed.toFixed(0)} ms`);
    const third = await polling.get();
    assert.equal(third.status, 400);
    assert.deepEqual(JSON.parse(third.text), { code: 1, message: 'Session ID unknown' });
  });

  test('answered pings keep the session', async () => {
    const polling = new RawPolling(server.url);
    await polling.handshake();
    for (let i = 0; i < 3; i++) {
      const { status, text } = await polling.get();
      assert.deepEqual([status, text], [200, '2'], `ping ${i + 1}`);
      assert.equal((await polling.post('3')).status, 200);
    }
    assert.equal((await polling.post('1')).status, 200);
  });
});

for (const transports of [['websocket'], ['polling']]) {
  test(`socket.io-client over ${transports[0]} answers pings and stays connected`, async () => {
    const socket = await clients.connect(server.url, { transports, name: 'pinged' });
    const disconnects = [];
    socket.on('disconnect', (reason) => disconnects.push(reason));
    let seen = 0;
    await withTimeout(new Promise((resolve) => {
      socket.io.engine.on('ping', () => ++seen === 3 && resolve());
    }), 10000, '3 pings');
    assert.deepEqual(disconnects, []);
    assert.equal(socket.connected, true);
    assert.equal(await ask(socket, 'echo', 'after pings'), 'after pings');
  });
}
