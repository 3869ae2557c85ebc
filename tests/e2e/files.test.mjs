// Files, end to end: resumable uploads by the tus 1.0.0 protocol (creation, offsets, resume,
// termination, limits), the files they become (type by content, thumbnails), messages that carry
// them, signed download links (members only, Range, safe headers), and their removal with the
// last message that holds them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, get, openChat, post, registerUser, request, startOne, useParley,
} from './helpers.mjs';
import { png } from '../support/png.mjs';

const MAX = 20_000_000;
const { server, clients } = useParley({ args: ['--max_upload_bytes', String(MAX), '--max_uploads_in_flight', '3'] });


const b64 = (s) => Buffer.from(s).toString('base64');
const TUS = { 'tus-resumable': '1.0.0' };

async function create(srv, user, length, { name = 'file.bin', type = 'application/octet-stream', kind } = {}) {
  const meta = [`filename ${b64(name)}`, `filetype ${b64(type)}`, ...(kind ? [`kind ${b64(kind)}`] : [])].join(',');
  return request(srv, 'POST', '/api/v1/uploads', {
    token: user.token, headers: { ...TUS, 'upload-length': String(length), 'upload-metadata': meta },
  });
}

function patch(srv, user, location, offset, bytes, { timeoutMs } = {}) {
  return request(srv, 'PATCH', location, {
    token: user.token, raw: bytes, timeoutMs,
    headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
  });
}

const head = (srv, user, location) => request(srv, 'HEAD', location, { token: user.token, headers: TUS });

// Uploads `bytes` in one creation and one PATCH; returns the file id.
async function upload(srv, user, bytes, opts) {
  const created = await create(srv, user, bytes.length, opts);
  assert.equal(created.status, 201, created.text);
  const done = await patch(srv, user, created.headers.location, 0, bytes, { timeoutMs: 30000 });
  assert.equal(done.status, 204, done.text);
  assert.equal(done.headers['upload-offset'], String(bytes.length));
  return created.headers.location.split('/').pop();
}

// A GET of a same-origin path without a token; resolves with {status, headers, body: Buffer}.
function fetchRaw(srv, path, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(new URL(path, srv.url), { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

describe('tus uploads', () => {
  test('OPTIONS announces the protocol, its extensions and the size limit', async () => {
    const res = await request(server, 'OPTIONS', '/api/v1/uploads');
    assert.equal(res.status, 204);
    assert.equal(res.headers['tus-version'], '1.0.0');
    assert.match(res.headers['tus-extension'], /creation/);
    assert.match(res.headers['tus-extension'], /termination/);
    assert.equal(res.headers['tus-max-size'], String(MAX));
  });

  test('an upload takes its bytes at the offset the server holds, in pieces, and becomes a file', async () => {
    const alice = await registerUser(server);
    const image = png(700, 400);
    const created = await create(server, alice, image.length, { name: 'photo.png', type: 'image/png' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.headers.location, /^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);
    assert.ok(Date.parse(created.headers['upload-expires']) > Date.now());
    const loc = created.headers.location;

    let h = await head(server, alice, loc);
    assert.equal(h.status, 200);
    assert.equal(h.headers['upload-offset'], '0');
    assert.equal(h.headers['upload-length'], String(image.length));
    assert.equal(h.headers['cache-control'], 'no-store');

    const half = Math.floor(image.length / 2);
    const first = await patch(server, alice, loc, 0, image.subarray(0, half));
    assert.equal(first.status, 204, first.text);
    assert.equal(first.headers['upload-offset'], String(half));
    // The same piece again, at an offset the server has passed: refused.
    assertRestError(await patch(server, alice, loc, 0, image.subarray(0, half)), 409, 'offset_mismatch');
    // Someone else's upload does not exist for them.
    const bob = await registerUser(server);
    assert.equal((await head(server, bob, loc)).status, 404);
    assert.equal((await patch(server, bob, loc, half, image.subarray(half))).status, 404);

    h = await head(server, alice, loc);
    assert.equal(h.headers['upload-offset'], String(half));
    const last = await patch(server, alice, loc, half, image.subarray(half));
    assert.equal(last.status, 204, last.text);
    assert.equal(last.headers['upload-offset'], String(image.length));
    // Finished: the upload is gone, the file is there.
    assert.equal((await head(server, alice, loc)).status, 404);
    const id = loc.split('/').pop();
    const file = await get(server, `/api/v1/files/${id}`, alice.token);
    assert.equal(file.status, 200, file.text);
    assert.equal(file.json.file.id, id);
    assert.equal(file.json.file.kind, 'image');
    assert.equal(file.json.file.mime, 'image/png');
    assert.equal(file.json.file.name, 'photo.png');
    assert.equal(file.json.file.width, 700);
    assert.equal(file.json.file.height, 400);
    assert.equal(file.json.file.thumbnail, true);
    assert.equal(typeof file.json.file.placeholder, 'string');
    // Not sent yet: only its owner may read it.
    assertRestError(await get(server, `/api/v1/files/${id}`, bob.token), 403, 'forbidden');
  });

  test('limits are checked when the upload is created, before any byte is sent', async () => {
    const user = await registerUser(server);
    assertRestError(await create(server, user, MAX + 1), 413, 'file_too_large');
    assertRestError(await create(server, user, 0), 400, 'invalid_input');
    assertRestError(await create(server, user, 10, { name: '' }), 400, 'invalid_input');
    const noToken = await request(server, 'POST', '/api/v1/uploads', { headers: { ...TUS, 'upload-length': '10' } });
    assert.equal(noToken.status, 401);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await create(server, user, 10));
    open.forEach((r) => assert.equal(r.status, 201, r.text));
    assertRestError(await create(server, user, 10), 429, 'too_many_uploads');
    // Termination frees a place.
    const del = await request(server, 'DELETE', open[0].headers.location, { token: user.token, headers: TUS });
    assert.equal(del.status, 204);
    assert.equal((await head(server, user, open[0].headers.location)).status, 404);
    assert.equal((await create(server, user, 10)).status, 201);
    // A body longer than the upload is refused.
    assertRestError(await patch(server, user, open[1].headers.location, 0, Buffer.alloc(11)), 413, 'payload_too_large');
  });
});

describe('files in messages', () => {
  test('a message carries files; its chat reads them through signed links; others cannot', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const chat = await openChat(server, alice, bob);
    const [A, B] = await Promise.all([clients.connect(alice.token), clients.connect(bob.token)]);
    await B.ask('chat:join', { chatId: chat.id });
    const image = png(2000, 1500);
    const doc = Buffer.from('%PDF-1.4\n% not much of a document\n');
    const imageId = await upload(server, alice, image, { name: 'big.png', type: 'image/png' });
    const docId = await upload(server, alice, doc, { name: 'notes.txt', type: 'text/plain' });

    // Bob cannot attach Alice's files, nor can anyone attach a file twice or unknown ids.
    assertErrorAck(await B.ask('message', { chatId: chat.id, content: '', attachments: [imageId] }), 'not_found');
    assertErrorAck(await A.ask('message', { chatId: chat.id, content: '', attachments: [imageId, imageId] }), 'invalid_input');
    assertErrorAck(await A.ask('message', { chatId: chat.id, content: '' }), 'invalid_input');

    const heard = B.next('message', (m) => m.attachments !== undefined);
    const ack = await A.ask('message', { chatId: chat.id, content: '', attachments: [imageId, docId] });
    assert.ok(ack.id, JSON.stringify(ack));
    assert.equal(ack.caption, '');
    assert.equal(ack.content, '📎 2 files');
    const m = await heard;
    assert.deepEqual(m.attachments.map((a) => a.id), [imageId, docId]);
    assert.equal(m.attachments[0].kind, 'image');
    assert.equal(m.attachments[0].display, true);  // larger than 1280 px
    assert.equal(m.attachments[1].kind, 'file');
    const history = await get(server, `/api/v1/chats/${chat.id}/messages`, bob.token);
    assert.deepEqual(history.json.at(-1).attachments.map((a) => a.id), [imageId, docId]);

    // Links: Bob's work without a token; Carol gets none.
    const links = await post(server, '/api/v1/files/links', { ids: [imageId, docId] }, bob.token);
    assert.equal(links.status, 200, links.text);
    assert.deepEqual(links.json.denied, []);
    const img = links.json.links.find((l) => l.id === imageId);
    assert.ok(img.thumbnailUrl && img.displayUrl && img.downloadUrl);
    assert.ok(img.expiresAt > Date.now());
    const original = await fetchRaw(server, img.url);
    assert.equal(original.status, 200);
    assert.equal(sha(original.body), sha(image));
    assert.equal(original.headers['content-type'], 'image/png');
    assert.equal(original.headers['x-content-type-options'], 'nosniff');
    assert.match(original.headers['content-security-policy'], /sandbox/);
    assert.match(original.headers['content-disposition'], /^inline; filename="big.png"/);
    const thumb = await fetchRaw(server, img.thumbnailUrl);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers['content-type'], 'image/webp');
    assert.ok(thumb.body.length < original.body.length);
    // Ranges, for seeking in videos and resumed downloads.
    const part = await fetchRaw(server, img.url, { range: 'bytes=10-19' });
    assert.equal(part.status, 206);
    assert.deepEqual(part.body, image.subarray(10, 20));
    // A document is never shown in place.
    const d = await fetchRaw(server, links.json.links.find((l) => l.id === docId).url);
    assert.equal(d.status, 200);
    assert.match(d.headers['content-disposition'], /^attachment/);
    assert.equal(d.headers['content-type'], 'application/octet-stream');
    // A link changed in any part is refused.
    const forged = img.url.replace(/sig=([0-9a-f])/, (_, c) => `sig=${c === '0' ? '1' : '0'}`);
    assert.equal((await fetchRaw(server, forged)).status, 403);
    assert.equal((await fetchRaw(server, img.url.replace(/expires=(\d+)/, (_, e) => `expires=${Number(e) + 1000}`))).status, 403);
    assert.equal((await fetchRaw(server, img.url.replace(/\/original\?/, '/display?'))).status, 403);

    const denied = await post(server, '/api/v1/files/links', { ids: [imageId] }, carol.token);
    assert.deepEqual(denied.json.links, []);
    assert.deepEqual(denied.json.denied, [imageId]);
    assertRestError(await get(server, `/api/v1/files/${imageId}`, carol.token), 403, 'forbidden');

    // Deleting the message for everyone removes its files.
    assertOkAck(await A.ask('message:delete', { chatId: chat.id, messageIds: [ack.id] }));
    assertRestError(await get(server, `/api/v1/files/${imageId}`, alice.token), 404, 'not_found');
    assert.equal((await fetchRaw(server, img.url)).status, 404);
  });

  test('content that contradicts its name is a document, served so that it can never run', async () => {
    const alice = await registerUser(server);
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const id = await upload(server, alice, html, { name: 'cute.png', type: 'image/png' });
    const file = await get(server, `/api/v1/files/${id}`, alice.token);
    assert.equal(file.json.file.kind, 'file');
    const links = await post(server, '/api/v1/files/links', { ids: [id] }, alice.token);
    const res = await fetchRaw(server, links.json.links[0].url);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/octet-stream');
    assert.match(res.headers['content-disposition'], /^attachment/);
    assert.match(res.headers['content-security-policy'], /default-src 'none'/);
  });
});

test('an upload resumes after the server is killed mid-way and after a dropped connection', async () => {
  let srv = await startOne({ args: ['--max_upload_bytes', String(MAX)] });
  try {
    const alice = await registerUser(srv);
    const bytes = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    const created = await create(srv, alice, bytes.length, { name: 'data.bin' });
    const loc = created.headers.location;
    const first = 9 * 1024 * 1024;
    assert.equal((await patch(srv, alice, loc, 0, bytes.subarray(0, first), { timeoutMs: 30000 })).status, 204);

    await srv.kill();
    srv = await startOne({ dataDir: srv.dataDir, args: ['--max_upload_bytes', String(MAX)] });
    let h = await head(srv, alice, loc);
    assert.equal(h.status, 200, h.text);
    assert.equal(h.headers['upload-offset'], String(first));

    // A PATCH cut off after some bytes: what arrived is kept. The client closes its side (FIN)
    // once the bytes are written, so they all reach the server before the end; a reset could
    // have the server's kernel drop what it had not read yet.
    await new Promise((resolve) => {
      const req = http.request(new URL(loc, srv.url), {
        method: 'PATCH', agent: false,
        headers: { ...TUS, authorization: `Bearer ${alice.token}`, 'upload-offset': String(first),
          'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length - first) },
      });
      req.on('error', resolve);
      req.on('close', resolve);
      req.on('response', (res) => { res.resume(); res.on('end', resolve); });
      req.write(bytes.subarray(first, first + 1024 * 1024), () => req.socket.end());
    });
    let offset = first;
    for (let i = 0; i < 50 && offset === first; i++) {
      h = await head(srv, alice, loc);
      offset = Number(h.headers['upload-offset']);
    }
    assert.ok(offset > first, `the cut PATCH kept nothing (offset ${offset})`);
    const done = await patch(srv, alice, loc, offset, bytes.subarray(offset), { timeoutMs: 30000 });
    assert.equal(done.status, 204, done.text);
    const id = loc.split('/').pop();
    const links = await post(srv, '/api/v1/files/links', { ids: [id] }, alice.token);
    const res = await fetchRaw(srv, links.json.links[0].url);
    assert.equal(res.body.length, bytes.length);
    assert.equal(sha(res.body), sha(bytes));
  } finally {
    await srv.stop();
  }
});
