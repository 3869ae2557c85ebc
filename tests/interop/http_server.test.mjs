// The HTTP layer itself: static files with SPA fallback, content types, cache headers and
// ETags, CORS, header limits, keep-alive, and graceful shutdown closing WebSockets with a
// close frame.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { openSocketIoWs, startInterop } from './helpers.mjs';

let server;
let webRoot;

before(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(webRoot, 'assets', 'app-3f2a.js'), 'console.log("app")');
  fs.writeFileSync(path.join(webRoot, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startInterop({
    args: ['--web_root', webRoot, '--cors_origins', 'http://allowed.example', '--max_header_bytes', '4096'],
  });
});
after(async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  fs.rmSync(webRoot, { recursive: true, force: true });
});

test('static files have their content types and cache headers', async () => {
  const index = await fetch(`${server.url}/`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.equal(await index.text(), '<!doctype html><title>app</title>');

  const js = await fetch(`${server.url}/assets/app-3f2a.js`);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(js.headers.get('x-content-type-options'), 'nosniff');

  const svg = await fetch(`${server.url}/logo.svg`);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
});

test('client routes fall back to index.html; missing files are 404', async () => {
  const route = await fetch(`${server.url}/chats/some-id`);
  assert.equal(route.status, 200);
  assert.equal(await route.text(), '<!doctype html><title>app</title>');
  const missing = await fetch(`${server.url}/assets/missing.js`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error, 'not_found');
  const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd.txt`);
  assert.equal(traversal.status, 404);
});

test('an unchanged file answers 304 to its ETag, and HEAD has no body', async () => {
  const first = await fetch(`${server.url}/logo.svg`);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(`${server.url}/logo.svg`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const head = await fetch(`${server.url}/logo.svg`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String('<svg xmlns="http://www.w3.org/2000/svg"/>'.length));
});

test('CORS answers listed origins only', async () => {
  const allowed = await fetch(`${server.url}/healthz`, { headers: { origin: 'http://allowed.example' } });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://allowed.example');
  assert.equal(allowed.headers.get('vary'), 'Origin');
  const other = await fetch(`${server.url}/healthz`, { headers: { origin: 'http://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${server.url}/socket.io/`, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://allowed.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type');
  assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
});

// Sends raw HTTP and resolves with everything the server wrote until it closed.
function rawHttp(text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.end(text));
    let out = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => (out += d));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

test('oversized headers get 431 and garbage gets the connection closed', async () => {
  const big = await rawHttp(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`);
  assert.match(big, /^HTTP\/1\.1 431/);
  const garbage = await rawHttp('NOT HTTP AT ALL\r\n\r\n');
  assert.doesNotMatch(garbage, /200 OK/);
  const ok = await fetch(`${server.url}/healthz`);
  assert.equal(ok.status, 200);
});

test('keep-alive serves several requests on one connection', async () => {
  const out = await rawHttp(
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  );
  assert.equal(out.match(/HTTP\/1\.1 200/g)?.length, 2);
});

test('shutdown closes WebSockets with a going-away close frame', async () => {
  const other = await startInterop();
  const { socket } = await openSocketIoWs(other.wsUrl);
  const closed = socket.waitClosed(10_000);
  const exit = await other.stop();
  assert.deepEqual(exit, { code: 0, signal: null });
  const info = await closed;
  assert.equal(info.code, 1001);
});
