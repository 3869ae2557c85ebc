// Binary payloads both ways: "binary-echo" comes back as "binary-back" with the same arguments,
// and "echo" acknowledges with them; over WebSocket (binary frames) and long-polling (base64).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { RawPolling, SEPARATOR, TOKEN, askAll, record, useInterop } from './helpers.mjs';

const { server, clients } = useInterop();

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function randomBytes(n, seed) {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// Every Buffer/Uint8Array/ArrayBuffer in a value, as a Buffer, so received values (Buffers in
// Node) compare with what was sent.
function asBuffers(v) {
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(asBuffers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asBuffers(x)]));
  return v;
}

function assertBinaryEqual(actual, expected, what) {
  assert.ok(Buffer.isBuffer(actual), `${what}: expected a Buffer, got ${Object.prototype.toString.call(actual)}`);
  assert.equal(actual.length, expected.length, `${what}: length`);
  assert.ok(actual.equals(expected), `${what}: bytes differ`);
}

for (const transports of [['websocket'], ['polling']]) {
  describe(`binary over ${transports[0]}`, () => {
    test('binary-echo returns identical bytes as binary-back', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'bin' });
      const back = record(socket, 'binary-back');
      socket.emit('binary-echo', ALL_BYTES);
      const [received, ...rest] = await back.next();
      assert.deepEqual(rest, []);
      assertBinaryEqual(received, ALL_BYTES, 'all 256 byte values');
    });

    test('Uint8Array, ArrayBuffer, empty and large payloads', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'bin-kinds' });
      const back = record(socket, 'binary-back');
      const u8 = new Uint8Array([0, 1, 2, 0xfe, 0xff]);
      const ab = new Uint8Array([9, 8, 7, 6]).buffer;
      const large = randomBytes(400_000, 7);
      socket.emit('binary-echo', u8);
      socket.emit('binary-echo', ab);
      socket.emit('binary-echo', Buffer.alloc(0));
      socket.emit('binary-echo', large);
      // Per-connection order is kept.
      assertBinaryEqual((await back.next())[0], Buffer.from(u8), 'Uint8Array');
      assertBinaryEqual((await back.next())[0], Buffer.from(ab), 'ArrayBuffer');
      assertBinaryEqual((await back.next())[0], Buffer.alloc(0), 'empty');
      assertBinaryEqual((await back.next())[0], large, '400 KB');
    });

    test('binary mixed with JSON keeps structure and bytes', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'bin-mixed' });
      const back = record(socket, 'binary-back');
      const a = randomBytes(1000, 1);
      const b = randomBytes(17, 2);
      const c = randomBytes(3, 3);
      const args = [
        'text first ✓',
        { file: a, meta: { name: 'ünïcode.bin', size: a.length, parts: [b, 3, { deeper: c }] } },
        42,
        [c, null, true],
      ];
      socket.emit('binary-echo', ...args);
      const received = await back.next();
      assert.deepEqual(received, asBuffers(args));
      assertBinaryEqual(received[1].file, a, 'nested file');
      assertBinaryEqual(received[1].meta.parts[0], b, 'array element');
      assertBinaryEqual(received[1].meta.parts[2].deeper, c, 'deeper object');
      assertBinaryEqual(received[3][0], c, 'last argument');
    });

    test('echo acknowledges with binary arguments', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'bin-ack' });
      const a = randomBytes(64, 11);
      const b = randomBytes(100_000, 12);
      const args = [a, { nested: b, label: 'ack ✓' }, 'plain'];
      const reply = await askAll(socket, 'echo', ...args);
      assert.deepEqual(reply, asBuffers(args));
      assertBinaryEqual(reply[0], a, 'first argument');
      assertBinaryEqual(reply[1].nested, b, 'nested argument');
    });

    test('binary answers from the client reach the caller', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'bin-answer' });
      const answer = randomBytes(300, 21);
      socket.on('question', (q, cb) => cb({ bytes: answer, q }));
      const reply = await askAll(socket, 'ask', 'send bytes');
      assert.equal(reply.length, 1);
      assertBinaryEqual(reply[0].bytes, answer, 'binary ack from the client');
      assert.equal(reply[0].q, 'send bytes');
    });
  });
}

describe('binary on the long-polling wire', () => {
  test('attachments travel as "b" + base64 packets', async () => {
    const polling = new RawPolling(server.url);
    await polling.handshake();
    assert.equal((await polling.post(`40${JSON.stringify({ token: TOKEN, name: 'raw' })}`)).status, 200);
    const [connect, welcome] = await polling.take(2);
    assert.match(connect, /^40\{"sid":"[^"]+"\}$/);
    assert.match(welcome, /^42\["welcome","[^"]+"\]$/);

    const bytes = Buffer.from([0, 1, 2, 3, 250, 255]);
    const placeholder = '{"_placeholder":true,"num":0}';
    const res = await polling.post([`451-["binary-echo",${placeholder},"x"]`, `b${bytes.toString('base64')}`].join(SEPARATOR));
    assert.equal(res.status, 200);
    const [event, attachment] = await polling.take(2);
    assert.equal(event, `451-["binary-back",${placeholder},"x"]`);
    assert.equal(attachment, `b${bytes.toString('base64')}`);

    // Binary acknowledgement: BINARY_EVENT with ack id 7 -> BINARY_ACK 7.
    const res2 = await polling.post([`451-7["echo",{"k":${placeholder}}]`, `b${ALL_BYTES.toString('base64')}`].join(SEPARATOR));
    assert.equal(res2.status, 200);
    const [ack, ackAttachment] = await polling.take(2);
    assert.equal(ack, `461-7[{"k":${placeholder}}]`);
    assert.equal(ackAttachment, `b${ALL_BYTES.toString('base64')}`);

    assert.equal((await polling.post('1')).status, 200);
  });
});
