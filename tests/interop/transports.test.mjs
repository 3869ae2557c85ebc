// The official socket.io-client over each transport: WebSocket only, long-polling only, and
// long-polling upgraded to WebSocket; acknowledged echoes of JSON, UTF-8 text and nested objects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ask, askAll, connected, nextEvent, upgraded, useInterop } from './helpers.mjs';

const { server, clients } = useInterop();

const UTF8_SAMPLES = [
  'héllo wörld',
  'Привет, мир',
  '你好，世界',
  'こんにちは',
  'مرحبا بالعالم',
  '🌍🚀 emoji with surrogate pairs 👩‍👩‍👧‍👦',
  'e\u0301 combining, \u2028 line separator, \u00a0 nbsp, \ufeff bom',
  'tab\tnew\nline "quotes" \\ backslash </script>',
  'ℕ ⊆ ℤ ⊂ ℚ ⊂ ℝ, ∀x∈ℝ: ⌈x⌉ = −⌊−x⌋',
];

const NESTED = {
  id: 42,
  name: 'nested',
  ratio: 0.1,
  negative: -17.25,
  big: Number.MAX_SAFE_INTEGER,
  flags: [true, false, null],
  empty: { obj: {}, arr: [], str: '' },
  list: [1, [2, [3, [4, [5, { six: [6] }]]]]],
  'ключ ünïcödé 🔑': { 'vålue': ['ä', { ö: 'ü' }] },
  deep: { a: { b: { c: { d: { e: { f: { g: { h: 'bottom' } } } } } } } },
};

const MODES = [
  { label: 'WebSocket only', transports: ['websocket'], expected: 'websocket' },
  { label: 'long-polling only', transports: ['polling'], expected: 'polling' },
  { label: 'long-polling upgraded to WebSocket', transports: ['polling', 'websocket'], expected: 'websocket' },
];

for (const mode of MODES) {
  describe(`transport: ${mode.label}`, () => {
    // Connects and, for the upgrade mode, waits until the upgrade has happened. connectedOver is
    // the transport the Engine.IO session was opened with.
    async function open(name) {
      const socket = clients.create(server.url, { transports: mode.transports, name });
      const upgrades = [];
      let connectedOver = null;
      socket.io.engine.on('open', () => {
        connectedOver = socket.io.engine.transport.name;
      });
      socket.io.engine.on('upgrade', (t) => upgrades.push(t.name));
      await connected(socket);
      if (mode.transports.length > 1) await upgraded(socket);
      return { socket, upgrades, connectedOver };
    }

    test('connects over the expected transport', async () => {
      const { socket, upgrades, connectedOver } = await open('transport-check');
      assert.equal(socket.connected, true);
      assert.equal(typeof socket.id, 'string');
      assert.ok(socket.id.length > 0);
      if (mode.transports.length > 1) {
        assert.equal(connectedOver, 'polling', 'the upgrade mode opens on long-polling');
        assert.deepEqual(upgrades, ['websocket'], 'exactly one upgrade, to websocket');
      } else {
        assert.equal(connectedOver, mode.expected);
        assert.deepEqual(upgrades, []);
      }
      // A round trip after the upgrade still works and the transport stays where it is.
      assert.equal(await ask(socket, 'echo', 'after connect'), 'after connect');
      assert.equal(socket.io.engine.transport.name, mode.expected);
    });

    test('echo with ack returns every argument', async () => {
      const { socket } = await open('echo');
      const args = [1, 'two', { three: [3] }, null, true, -0.5];
      assert.deepEqual(await askAll(socket, 'echo', ...args), args);
      // An event without arguments acknowledges with none.
      assert.deepEqual(await askAll(socket, 'echo'), []);
    });

    test('round-trips non-ASCII UTF-8 text', async () => {
      const { socket } = await open('utf8');
      for (const sample of UTF8_SAMPLES) {
        assert.equal(await ask(socket, 'echo', sample), sample);
      }
      const all = UTF8_SAMPLES.join(' | ');
      assert.deepEqual(await askAll(socket, 'echo', ...UTF8_SAMPLES, all), [...UTF8_SAMPLES, all]);
      // A large multi-byte message (about 300 KB of UTF-8) survives framing intact.
      const large = '€😀ü'.repeat(30000);
      assert.equal(await ask(socket, 'echo', large), large);
    });

    test('round-trips nested objects', async () => {
      const { socket } = await open('nested');
      assert.deepEqual(await ask(socket, 'echo', NESTED), NESTED);
      const several = [NESTED, [NESTED, { inner: NESTED }], { list: [NESTED.list] }];
      assert.deepEqual(await askAll(socket, 'echo', ...several), several);
    });

    test('concurrent acknowledgements are matched to their requests', async () => {
      const { socket } = await open('concurrent');
      const requests = Array.from({ length: 50 }, (_, i) => ({ i, text: `message ${i} ✓` }));
      const replies = await Promise.all(requests.map((r) => ask(socket, 'echo', r)));
      assert.deepEqual(replies, requests);
    });

    test('the server can disconnect the client (bye)', async () => {
      const { socket } = await open('bye');
      const reason = nextEvent(socket, 'disconnect');
      socket.emit('bye');
      assert.equal(await reason, 'io server disconnect');
      assert.equal(socket.connected, false);
      // A server-side disconnect is final: the client does not try to reconnect.
      assert.equal(socket.active, false);
    });
  });
}
