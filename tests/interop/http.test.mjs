// The built-in HTTP endpoints: /healthz and the Prometheus /metrics, whose gauges follow the
// connected clients.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ask, upgraded, useInterop, withTimeout } from './helpers.mjs';

const { server, clients } = useInterop();

async function get(path) {
  const res = await withTimeout(fetch(`${server.url}${path}`), 5000, `GET ${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

// name{labels} value lines of a Prometheus text exposition, as a Map.
function parseMetrics(text) {
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    samples.set(m[1], Number(m[2]));
  }
  return samples;
}

async function metrics() {
  const { status, type, body } = await get('/metrics');
  assert.equal(status, 200);
  assert.match(type, /^text\/plain/);
  return { body, samples: parseMetrics(body) };
}

test('GET /healthz returns 200 {status: "ok"}', async () => {
  const { status, type, body } = await get('/healthz');
  assert.equal(status, 200);
  assert.match(type, /application\/json/);
  assert.deepEqual(JSON.parse(body), { status: 'ok' });
});

test('GET /metrics is Prometheus text with the connection gauges', async () => {
  const { body, samples } = await metrics();
  assert.match(body, /^# HELP parley_open_connections /m);
  assert.match(body, /^# TYPE parley_open_connections gauge$/m);
  assert.match(body, /^# TYPE parley_engineio_sessions gauge$/m);
  for (const name of [
    'parley_open_connections',
    'parley_engineio_sessions{transport="polling"}',
    'parley_engineio_sessions{transport="websocket"}',
    'parley_socketio_sockets',
    'parley_http_requests_total',
  ]) {
    assert.ok(samples.has(name), `missing ${name}`);
    assert.ok(Number.isFinite(samples.get(name)) && samples.get(name) >= 0, `${name} = ${samples.get(name)}`);
  }
  // This very request is an open connection.
  assert.ok(samples.get('parley_open_connections') >= 1);
});

test('the websocket session gauge counts connected WebSocket clients', async () => {
  const a = await clients.connect(server.url, { transports: ['websocket'], name: 'm1' });
  const b = await clients.connect(server.url, { transports: ['polling', 'websocket'], name: 'm2' });
  await upgraded(b);
  const c = await clients.connect(server.url, { transports: ['polling'], name: 'm3' });
  for (const s of [a, b, c]) assert.equal(await ask(s, 'echo', 1), 1);

  const { samples } = await metrics();
  assert.ok(samples.get('parley_engineio_sessions{transport="websocket"}') >= 2,
    `websocket sessions: ${samples.get('parley_engineio_sessions{transport="websocket"}')}`);
  assert.ok(samples.get('parley_engineio_sessions{transport="polling"}') >= 1,
    `polling sessions: ${samples.get('parley_engineio_sessions{transport="polling"}')}`);
  assert.ok(samples.get('parley_socketio_sockets') >= 3, `sockets: ${samples.get('parley_socketio_sockets')}`);
  assert.ok(samples.get('parley_open_connections') >= 3, `connections: ${samples.get('parley_open_connections')}`);
});

test('unknown API paths and missing files get 404; wrong methods 405', async () => {
  assert.equal((await get('/api/no-such-endpoint')).status, 404);
  assert.equal((await get('/no-such-file.js')).status, 404);
  const res = await withTimeout(fetch(`${server.url}/healthz`, { method: 'POST', body: '{}' }), 5000, 'POST /healthz');
  await res.arrayBuffer();
  assert.equal(res.status, 405);
});
