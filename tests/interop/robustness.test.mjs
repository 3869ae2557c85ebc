// Bad input closes the offending connection and nothing else: malformed Engine.IO / Socket.IO
// packets, oversized WebSocket messages and polling bodies, and garbage HTTP. A bystander
// client connected throughout keeps working, and fresh clients can still connect.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  Clients,
  RawPolling,
  ask,
  nextEvent,
  openEngineWs,
  openSocketIoWs,
  startInterop,
  withTimeout,
} from './helpers.mjs';

const MAX_PAYLOAD = 2000;

let server;
let bystander;
const clients = new Clients(); // per test
const keep = new Clients(); // the bystander
const raws = [];

before(async () => {
  server = await startInterop({ args: ['--max_payload_bytes', String(MAX_PAYLOAD)] });
  bystander = await keep.connect(server.url, { transports: ['websocket'], name: 'bystander' });
});
afterEach(async () => {
  clients.closeAll();
  for (const r of raws.splice(0)) r.terminate();
  // Whatever the test did, the bystander is still connected and served.
  assert.equal(bystander.connected, true, 'the bystander was disconnected');
  assert.equal(await ask(bystander, 'echo', 'bystander ok'), 'bystander ok');
});
after(async () => {
  keep.closeAll();
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});

// A fresh official client connects and echoes.
async function freshEcho(transports) {
  const socket = await clients.connect(server.url, { transports, name: 'fresh' });
  assert.deepEqual(await ask(socket, 'echo', { still: 'serving ✓' }), { still: 'serving ✓' });
  socket.disconnect();
}

// A raw Socket.IO connection that has proven it works (an echo round trip).
async function healthyRaw() {
  const { socket } = await openSocketIoWs(server.wsUrl);
  raws.push(socket);
  assert.match(await socket.next(), /^42\["welcome","[^"]+"\]$/);
  socket.send('420["echo","ping"]');
  assert.equal(await socket.next(), '430["ping"]');
  return socket;
}

// Sends `data` and expects the server to close the connection without answering.
async function assertClosedBy(socket, data, opts) {
  socket.send(data, opts);
  const replies = [];
  for (;;) {
    try {
      replies.push(await socket.next(5000));
    } catch {
      break;
    }
  }
  const info = await socket.waitClosed(5000);
  assert.deepEqual(replies, [], 'no reply to the bad packet');
  return info;
}

const MALFORMED = [
  ['unknown Socket.IO packet type', '4abc'],
  ['event payload that is an object', '42{}'],
  ['truncated JSON', '42["echo","unterminated'],
  ['invalid JSON', '42["echo",nope]'],
  ['event without a name', '42[]'],
  ['event name that is not a string', '42[1,"x"]'],
  ['Socket.IO type out of range', '47["echo"]'],
  ['acknowledgement without an id', '43["x"]'],
  ['placeholder without an attachment', '451-["echo",{"_placeholder":true,"num":3}]'],
  ['attachment count that is not a number', '45x-["echo"]'],
  ['number beyond the range of a double', '42["echo",1e400]'],
  ['JSON nested beyond the depth limit', `42["echo",${'['.repeat(100)}${']'.repeat(100)}]`],
  ['unknown Engine.IO packet type', 'x'],
  ['empty text frame', ''],
  ['Engine.IO open packet from the client', '0{}'],
];

describe('malformed packets over WebSocket', () => {
  for (const [what, data] of MALFORMED) {
    test(`${what} (${JSON.stringify(data.length > 30 ? `${data.slice(0, 30)}…` : data)}) closes the connection`, async () => {
      const socket = await healthyRaw();
      await assertClosedBy(socket, data);
      await freshEcho(['websocket']);
    });
  }

  test('invalid UTF-8 in a text frame closes the connection', async () => {
    const socket = await healthyRaw();
    const bad = Buffer.concat([Buffer.from('42["echo","'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"]')]);
    const info = await assertClosedBy(socket, bad, { binary: false });
    assert.ok([1007, 1006, 1000].includes(info.code), `close code ${info.code}`);
    await freshEcho(['websocket']);
  });

  test('a binary frame nobody asked for closes the connection', async () => {
    const socket = await healthyRaw();
    await assertClosedBy(socket, Buffer.from([1, 2, 3]), { binary: true });
    await freshEcho(['websocket']);
  });

  test('text where an attachment is expected closes the connection', async () => {
    const socket = await healthyRaw();
    socket.send('451-["echo",{"_placeholder":true,"num":0}]');
    await assertClosedBy(socket, '42["echo","not an attachment"]');
    await freshEcho(['polling']);
  });

  test('a malformed packet before CONNECT closes the connection', async () => {
    const { socket } = await openEngineWs(server.wsUrl);
    raws.push(socket);
    await assertClosedBy(socket, '4abc');
    await freshEcho(['websocket']);
  });
});

describe('malformed packets over long-polling', () => {
  test('a malformed Socket.IO packet in a POST ends the session', async () => {
    const polling = new RawPolling(server.url);
    await polling.handshake();
    assert.equal((await polling.post('40{"token":"let-me-in"}')).status, 200);
    const [connect] = await polling.take(1);
    assert.match(connect, /^40\{"sid":/);
    assert.equal((await polling.post('42{}')).status, 200);
    // The session is closed: the queued welcome is dropped or delivered, then the close packet,
    // and after that the sid is unknown.
    let closed = false;
    for (let i = 0; i < 3 && !closed; i++) {
      const { status, text } = await polling.get();
      if (status === 400) {
        assert.deepEqual(JSON.parse(text), { code: 1, message: 'Session ID unknown' });
        closed = true;
      } else {
        assert.equal(status, 200);
        if (text.split('\x1e').includes('1')) closed = true;
      }
    }
    assert.ok(closed, 'the session was closed');
    await freshEcho(['polling']);
  });

  test('a malformed Engine.IO payload gets 400 and ends the session', async () => {
    const polling = new RawPolling(server.url);
    await polling.handshake();
    const res = await polling.post('\x1e\x1e');
    assert.equal(res.status, 400);
    const { status } = await polling.get();
    assert.equal(status, 400);
    await freshEcho(['polling']);
  });
});

describe('size limits', () => {
  test(`a WebSocket message over max_payload_bytes (${MAX_PAYLOAD}) closes that connection only`, async () => {
    // Just under the limit is fine.
    const ok = await healthyRaw();
    const fits = 'y'.repeat(MAX_PAYLOAD - 40);
    ok.send(`421["echo","${fits}"]`);
    assert.equal(await ok.next(), `431["${fits}"]`);

    const socket = await healthyRaw();
    const info = await assertClosedBy(socket, `42["echo","${'x'.repeat(MAX_PAYLOAD + 1000)}"]`);
    assert.ok([1009, 1006].includes(info.code), `close code ${info.code}`);

    // The other raw connection is unaffected.
    ok.send('422["echo","still fine"]');
    assert.equal(await ok.next(), '432["still fine"]');
    await freshEcho(['websocket']);
  });

  test('an oversized message from the official client disconnects it, not others', async () => {
    const big = await clients.connect(server.url, { transports: ['websocket'], name: 'big' });
    const reason = nextEvent(big, 'disconnect');
    big.emit('echo', 'z'.repeat(MAX_PAYLOAD * 2));
    assert.equal(await reason, 'transport close');
    await freshEcho(['websocket']);
  });

  // A polling session connected to "/" that has echoed once.
  async function pollingSession() {
    const polling = new RawPolling(server.url);
    await polling.handshake();
    assert.equal((await polling.post('40{"token":"let-me-in"}')).status, 200);
    const [connect, welcome] = await polling.take(2);
    assert.match(connect, /^40\{"sid":/);
    assert.match(welcome, /^42\["welcome",/);
    return polling;
  }

  // POSTs and resolves with {status, body}, or {error} when the connection fails instead.
  async function tryPost(polling, body) {
    try {
      const res = await polling.post(body);
      return { status: res.status, body: await res.text() };
    } catch (err) {
      return { error: `${err.message} (${err.cause?.code ?? err.cause?.message ?? 'no cause'})` };
    }
  }

  test('a polling POST body just over max_payload_bytes gets 413', async () => {
    const polling = await pollingSession();
    // Just under the limit: accepted and answered.
    const fits = 'a'.repeat(MAX_PAYLOAD - 20);
    assert.equal((await polling.post(`421["echo","${fits}"]`)).status, 200);
    assert.deepEqual(await polling.take(1), [`431["${fits}"]`]);

    const result = await tryPost(polling, `421["echo","${'b'.repeat(MAX_PAYLOAD + 1000)}"]`);
    assert.equal(result.status, 413, `expected 413, got ${JSON.stringify(result).slice(0, 200)}`);
    await freshEcho(['polling']);
  });

  test('a polling POST body over 1 MiB (and over max_payload_bytes) gets 413', async () => {
    const polling = await pollingSession();
    const result = await tryPost(polling, `421["echo","${'c'.repeat(1536 * 1024)}"]`);
    assert.equal(result.status, 413, `expected 413, got ${JSON.stringify(result).slice(0, 200)}`);
    await freshEcho(['polling']);
  });
});

describe('max_payload_bytes above 1 MiB', () => {
  let big;
  const bigClients = new Clients();
  before(async () => {
    big = await startInterop({ args: ['--max_payload_bytes', String(3 * 1024 * 1024)] });
  });
  after(async () => {
    bigClients.closeAll();
    assert.deepEqual(await big.stop(), { code: 0, signal: null });
  });

  test('a 1.5 MiB message within max_payload_bytes is accepted over WebSocket', async () => {
    const socket = await bigClients.connect(big.url, { transports: ['websocket'] });
    const text = 'w'.repeat(1536 * 1024);
    assert.equal(await ask(socket, 'echo', text), text);
  });

  test('a 1.5 MiB POST within max_payload_bytes is accepted over long-polling', async () => {
    const polling = new RawPolling(big.url);
    const open = await polling.handshake();
    assert.equal(open.maxPayload, 3 * 1024 * 1024);
    assert.equal((await polling.post('40{"token":"let-me-in"}')).status, 200);
    await polling.take(2);
    const text = 'p'.repeat(1536 * 1024);
    let status;
    try {
      status = (await polling.post(`421["echo","${text}"]`)).status;
    } catch (err) {
      status = `connection failed: ${err.message} (${err.cause?.code ?? err.cause?.message})`;
    }
    assert.equal(status, 200, 'POST of a 1.5 MiB payload with maxPayload 3 MiB');
    assert.deepEqual(await polling.take(1), [`431["${text}"]`]);
  });
});

test('garbage instead of HTTP closes that TCP connection; the server keeps serving', async () => {
  const sock = net.connect(server.port, '127.0.0.1');
  await withTimeout(new Promise((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  }), 5000, 'TCP connect');
  let received = '';
  sock.setEncoding('latin1');
  sock.on('data', (d) => {
    received += d;
  });
  sock.on('error', () => {});
  const ended = new Promise((resolve) => sock.once('close', resolve));
  sock.write('\x00\x01\x02 NOT HTTP AT ALL \xff\r\n\r\n');
  await withTimeout(ended, 5000, 'the server to close the connection');
  assert.ok(!received.startsWith('HTTP/1.1 200'), `unexpected success: ${received.slice(0, 40)}`);
  await freshEcho(['websocket']);
  await freshEcho(['polling']);
});
