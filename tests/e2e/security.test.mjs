// Attacks on the running server: requests that once stopped the process, malformed HTTP,
// sessions that outlived logout, tokens in URLs, CORS with "*", and the connection limits.
// Every test ends by checking that the server still serves.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';
import WebSocket from 'ws';

import {
  Client, TIMEOUT_MS, get, post, registerUser, startOne, useParley, withTimeout,
} from './helpers.mjs';

// Sends `bytes` on a fresh TCP connection, half-closes it and resolves with everything the
// server sent before closing: {text, status} (status: of the first response line, or 0).
function rawExchange(url, bytes, { halfClose = true } = {}) {
  const { hostname, port } = new URL(url);
  return withTimeout(new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : 0 });
    });
  }), TIMEOUT_MS, 'the server to answer and close');
}

async function assertServing(server, what) {
  const res = await get(server, '/health');
  assert.equal(res.status, 200, `after ${what} the server no longer answers /health`);
}

const chunkedTrailer = (valueBytes) => Buffer.concat([
  Buffer.from('POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: '),
  Buffer.alloc(valueBytes, 'a'),
  Buffer.from('\r\n\r\n'),
]);

describe('requests that must not stop the server', () => {
  const { server } = useParley();

  test('a 65,535-byte chunked trailer gets 431 and the process lives on', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await rawExchange(server.url, chunkedTrailer(65535));
      assert.equal(res.status, 431, res.text.slice(0, 200));
      assert.match(res.text, /"error":"header_too_large"/);
    }
    await assertServing(server, 'the trailer request');
  });

  test('a small trailer is read and dropped, never merged into the header', async () => {
    const body = 'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\nAuthorization: Bearer x\r\n\r\n';
    const res = await rawExchange(server.url, body);
    assert.equal(res.status, 400, res.text.slice(0, 300));
    assert.match(res.text, /invalid_input/);
  });

  const malformed = {
    'a NUL in the request line': 'GET /hea\0lth HTTP/1.1\r\nHost: x\r\n\r\n',
    'a negative chunk size': 'POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabcde\r\n0\r\n\r\n',
    'a chunk size that is not hex': 'POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n',
    'Content-Length and chunked': 'POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n',
    'two equal Content-Length headers': 'POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nabcde',
    'two different Content-Length headers': 'POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef',
    'a Content-Length list': 'POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nabcde',
    'a header line without a colon': 'GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n',
  };
  for (const [what, bytes] of Object.entries(malformed)) {
    test(`${what}: 400 before the connection closes`, async () => {
      const res = await rawExchange(server.url, Buffer.from(bytes, 'latin1'));
      assert.equal(res.status, 400, `${what}: ${res.text.slice(0, 200)}`);
      assert.match(res.text, /"error":"bad_request"/);
    });
  }

  test('pipelined requests are answered in order', async () => {
    const res = await rawExchange(server.url,
      'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const statuses = [...res.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    assert.deepEqual(statuses, [200, 404]);
  });

  test('the refusals are counted on /metrics', async () => {
    const text = (await get(server, '/metrics')).text;
    assert.match(text, /^parley_malformed_requests_total [1-9]\d*$/m);
  });
});

describe('headers larger than Beast can hold, with max_header_bytes raised', () => {
  let server;
  before(async () => { server = await startOne({ args: ['--max_header_bytes', '200000'] }); });
  after(async () => { await server?.stop(); });

  test('a 70,000-byte header field gets 431 and the process lives on', async () => {
    const bytes = `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70000)}\r\n\r\n`;
    const res = await rawExchange(server.url, bytes);
    assert.equal(res.status, 431, res.text.slice(0, 200));
    await assertServing(server, 'the large header');
  });

  test('two 60,000-byte fields within the limit are served', async () => {
    const bytes = `GET /health HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(60000)}\r\nX-B: ${'b'.repeat(60000)}\r\n` +
      'Connection: close\r\n\r\n';
    const res = await rawExchange(server.url, bytes);
    assert.equal(res.status, 200, res.text.slice(0, 200));
  });

  test('trailers add up against the header limit', async () => {
    const fields = Array.from({ length: 5 }, (_, i) => `X-T${i}: ${'a'.repeat(60000)}\r\n`).join('');
    const bytes = `POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${fields}\r\n`;
    const res = await rawExchange(server.url, bytes);
    assert.equal(res.status, 431, res.text.slice(0, 200));
    await assertServing(server, 'the large trailer');
  });
});

describe('logout ends the session everywhere', () => {
  const { server, clients } = useParley();

  test('open sockets of the session get session:revoked and are disconnected, other sessions stay', async () => {
    const user = await registerUser(server);
    const login = await post(server, '/auth/login', { email: user.email, password: user.password });
    assert.ok(login.status === 200 || login.status === 201, `login: ${login.status}`);
    const other = login.json.accessToken;
    // Two sockets of the session (on both instances of a cluster) and one of another session.
    const first = await clients.connect(user.token);
    const second = await clients.connect(user.token);
    const kept = await clients.connect(other);
    const disconnects = [first, second].map((c) => withTimeout(
      new Promise((resolve) => c.socket.on('disconnect', resolve)), TIMEOUT_MS, 'disconnect'));

    const res = await post(server, '/auth/logout', undefined, user.token);
    assert.ok(res.status === 200 || res.status === 204, `logout: ${res.status} ${res.text}`);
    for (const c of [first, second]) {
      const notice = await c.next('session:revoked');
      assert.equal(notice.reason, 'logged_out');
      assert.equal(typeof notice.message, 'string');
    }
    assert.deepEqual(await Promise.all(disconnects), ['io server disconnect', 'io server disconnect']);

    // The token is dead for REST and for new sockets; the other session still works.
    assert.equal((await get(server, '/chats', user.token)).status, 401);
    await assert.rejects(Client.connect(server, user.token), /Invalid token/);
    const ack = await kept.ask('user:get-online');
    assert.equal(ack.status, 'ok');
    assert.ok(kept.connectedNow);
  });
});

describe('where the Socket.IO token may come from', () => {
  const { server, clients } = useParley();

  test('a token in the query string is refused', async () => {
    const user = await registerUser(server);
    const c = new Client(server, undefined, { query: { token: user.token } });
    try {
      await assert.rejects(c.connected(), /No token provided/);
    } finally {
      c.close();
    }
  });

  test('the Authorization header is accepted', async () => {
    const user = await registerUser(server);
    const c = await clients.connect(undefined, { extraHeaders: { Authorization: `Bearer ${user.token}` } });
    assert.equal(c.id, user.id);
  });
});

describe('CORS with "*"', () => {
  let server;
  before(async () => { server = await startOne({ args: ['--cors_origins', '*'] }); });
  after(async () => { await server?.stop(); });

  test('answers the wildcard without credentials', async () => {
    const res = await get(server, '/health', undefined, { headers: { Origin: 'https://evil.example' } });
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
  });
});

// A server of its own for each group of limits, so that one group's connections (which the
// server may not have seen close yet) never count against another's.
function useOne(args) {
  const handle = {};
  before(async () => { handle.server = await startOne({ args }); });
  after(async () => { await handle.server?.stop(); });
  return handle;
}

// A connection the server has accepted and answered once, kept alive. ask() sends one more
// request on it and resolves with the response text (the server answers with Content-Length).
function openKeptAlive(url) {
  const { port } = new URL(url);
  let buffered = '';
  let waiting = null;
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.setEncoding('latin1');
  socket.on('data', (d) => {
    buffered += d;
    const end = buffered.indexOf('\r\n\r\n');
    const length = /content-length: (\d+)/i.exec(buffered.slice(0, end));
    if (end < 0 || !length || buffered.length < end + 4 + Number(length[1]) || !waiting) return;
    const text = buffered.slice(0, end + 4 + Number(length[1]));
    buffered = buffered.slice(text.length);
    const w = waiting;
    waiting = null;
    w(text);
  });
  const conn = {
    socket,
    ask(path) {
      const p = new Promise((resolve) => { waiting = resolve; });
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      return withTimeout(p, TIMEOUT_MS, `a response to ${path}`);
    },
  };
  return withTimeout(new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => conn.ask('/health').then(() => resolve(conn), reject));
  }), TIMEOUT_MS, 'a kept-alive connection');
}

describe('limits: TCP connections per address and the header deadline', () => {
  const one = useOne(['--max_connections_per_address', '6', '--header_timeout_ms', '400']);

  test('a header sent too slowly is cut off', async () => {
    const { port } = new URL(one.server.url);
    const received = await withTimeout(new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\n'));
      const chunks = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    }), TIMEOUT_MS, 'the server to close a connection with an unfinished header');
    assert.equal(received, '');
  });

  test('the connection over the limit gets 503; the refusals are on /metrics', async () => {
    const open = [];
    try {
      for (let i = 0; i < 6; i++) open.push(await openKeptAlive(one.server.url));
      const res = await rawExchange(one.server.url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(res.status, 503, res.text.slice(0, 200));
      assert.match(res.text, /too_many_connections/);
      const metrics = await open[0].ask('/metrics');
      assert.match(metrics, /^parley_refused_total\{limit="connections_per_address"\} [1-9]\d*$/m);
      assert.match(metrics, /^parley_header_timeouts_total [1-9]\d*$/m);
    } finally {
      for (const c of open) c.socket.destroy();
    }
  });
});

describe('limits: long-polling and unauthenticated sessions per address', () => {
  const one = useOne(['--max_polling_per_address', '2', '--max_unauthenticated_per_address', '3']);

  test('the handshakes over the limits get 503', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await get(one.server, '/socket.io/?EIO=4&transport=polling'));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 503]);
    assert.match(results[2].text, /Too many connections/);

    // The two polling sessions have not authenticated either: one WebSocket more fits.
    const { port } = new URL(one.server.url);
    const openWs = () => withTimeout(new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      ws.once('message', () => resolve({ ws, ok: true }));  // the Engine.IO open packet
      ws.once('unexpected-response', (_req, res) => resolve({ ws, ok: false, status: res.statusCode }));
      ws.once('error', () => {});
    }), TIMEOUT_MS, 'a WebSocket handshake');
    const open = [];
    try {
      const a = await openWs();
      open.push(a.ws);
      assert.equal(a.ok, true);
      const b = await openWs();
      open.push(b.ws);
      assert.deepEqual([b.ok, b.status], [false, 503]);
    } finally {
      for (const ws of open) ws.terminate();
    }
    const metrics = (await get(one.server, '/metrics')).text;
    assert.match(metrics, /^parley_refused_total\{limit="polling_per_address"\} [1-9]\d*$/m);
    assert.match(metrics, /^parley_refused_total\{limit="unauthenticated_per_address"\} [1-9]\d*$/m);
  });
});

describe('limits: Socket.IO connections per user', () => {
  const one = useOne(['--max_sockets_per_user', '2']);

  test('the connection over the limit gets CONNECT_ERROR with a reason; other users are not affected', async () => {
    const user = await registerUser(one.server);
    const sockets = [];
    try {
      for (let i = 0; i < 2; i++) sockets.push(await Client.connect(one.server, user.token));
      const third = new Client(one.server, user.token);
      sockets.push(third);
      const err = await withTimeout(new Promise((resolve) => third.socket.once('connect_error', resolve)),
        TIMEOUT_MS, 'connect_error');
      assert.equal(err.message, 'Too many connections');
      assert.equal(err.data?.reason, 'too_many_connections');
      const other = await registerUser(one.server);
      sockets.push(await Client.connect(one.server, other.token));
      const metrics = (await get(one.server, '/metrics')).text;
      assert.match(metrics, /^parley_refused_total\{limit="sockets_per_user"\} [1-9]\d*$/m);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
