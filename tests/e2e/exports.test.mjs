// Exports end to end: a person asks for an export of their chats, follows its progress over
// Socket.IO, and downloads the file by its signed link; the JSON holds what they can read with
// edits, reactions and tombstones, the CSV reads back with a standard parser, and nobody else
// can see, download or remove it. In the cluster shape each request may go to either instance.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parse } from 'csv-parse/sync';

import { assertOkAck, assertRestError, get, inboxPair, post, registerUser, request, useParley } from './helpers.mjs';

const { server, clients } = useParley();

const EXPORT_KEYS = ['id', 'format', 'state', 'done', 'total', 'size', 'chatIds', 'from', 'to', 'error', 'createdAt',
  'finishedAt', 'expiresAt', 'url'];

// Asks for an export and waits until its owner's socket hears that it is done; its record.
async function exported(user, socket, body) {
  const res = await post(server, '/api/v1/exports', body, user.token);
  assert.equal(res.status, 202, res.text);
  const id = res.json.export.id;
  await socket.next('export:progress', (e) => e.id === id && e.state === 'done', 15000);
  const done = await get(server, `/api/v1/exports/${id}`, user.token);
  assert.equal(done.status, 200, done.text);
  return done.json.export;
}

describe('exports', () => {
  test('an export runs in the background, reports progress, and its signed link downloads the file', async () => {
    const { a, b, A, B, chatId } = await inboxPair(server, clients, ['Ana', 'Ben']);
    const hello = await A.ask('message', { chatId, content: 'hello, Ben' });
    const reply = await B.ask('message', { chatId, content: 'hi Ana', replyToId: hello.id });
    const gone = await A.ask('message', { chatId, content: 'a typo' });
    assertOkAck(await A.ask('message:edit', { messageId: hello.id, content: 'hello, Ben!' }));
    assertOkAck(await B.ask('message:react', { messageId: hello.id, emoji: '👍' }));
    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [gone.id] }));
    const mine = await B.ask('message', { chatId, content: 'only for me to forget' });
    assertOkAck(await B.ask('message:delete', { chatId, messageIds: [mine.id], scope: 'me' }));

    const created = await post(server, '/api/v1/exports', { chatIds: [chatId] }, b.token);
    assert.equal(created.status, 202, created.text);
    const e = created.json.export;
    assert.deepEqual(Object.keys(e).sort(), [...EXPORT_KEYS].sort());
    assert.equal(e.format, 'json');
    assert.deepEqual(e.chatIds, [chatId]);
    assert.equal(e.url, null);
    const progress = await B.next('export:progress', (x) => x.id === e.id && x.state === 'done', 15000);
    assert.equal(progress.url, null, 'events carry no link');
    assert.ok(progress.size > 0);

    const done = (await get(server, `/api/v1/exports/${e.id}`, b.token)).json.export;
    assert.equal(done.state, 'done');
    assert.ok(done.expiresAt > done.finishedAt);
    assert.match(done.url, /^\/api\/v1\/exports\/[0-9a-f-]+\/download\?expires=\d+&user=[0-9a-f-]+&sig=[0-9a-f]{64}$/);
    const file = await get(server, done.url);  // no token: the link is the permission
    assert.equal(file.status, 200, file.text);
    assert.equal(file.headers['content-type'], 'application/json');
    assert.match(file.headers['content-disposition'], /^attachment; filename="parley-export-\d{4}-\d{2}-\d{2}\.json"/);
    assert.equal(Number(file.headers['content-length']), done.size);

    const doc = JSON.parse(file.text);
    assert.equal(doc.format, 'parley-export');
    assert.equal(doc.version, 1);
    assert.equal(doc.exportedBy.id, b.id);
    assert.equal(doc.chats.length, 1);
    const [chat] = doc.chats;
    assert.deepEqual(chat.participants.map((p) => p.name).sort(), ['Ana', 'Ben']);
    const byId = new Map(chat.messages.map((m) => [m.id, m]));
    assert.equal(byId.get(hello.id).content, 'hello, Ben!');
    assert.deepEqual(byId.get(hello.id).edited.versions.map((v) => v.content), ['hello, Ben']);
    assert.deepEqual(byId.get(hello.id).reactions, [{ emoji: '👍', count: 1, users: [b.id] }]);
    assert.equal(byId.get(reply.id).replyToId, hello.id);
    assert.ok(byId.get(gone.id).deleted, 'a deletion is a tombstone');
    assert.equal(byId.get(gone.id).content, '');
    assert.ok(!byId.has(mine.id), 'what Ben deleted for himself is not in his export');

    // The link is for Ben's export only: changed, it opens nothing; others neither see nor remove it.
    assertRestError(await get(server, done.url.replace(/sig=[0-9a-f]{8}/, 'sig=00000000')), 403, 'forbidden');
    assertRestError(await get(server, done.url.replace(/expires=\d+/, `expires=${Date.now() + 86400000}`)), 403, 'forbidden');
    assertRestError(await get(server, `/api/v1/exports/${e.id}`, a.token), 404, 'not_found');
    assertRestError(await request(server, 'DELETE', `/api/v1/exports/${e.id}`, { token: a.token }), 404, 'not_found');
    assert.deepEqual((await get(server, '/api/v1/exports', a.token)).json.exports, []);
    assert.deepEqual((await get(server, '/api/v1/exports', b.token)).json.exports.map((x) => x.id), [e.id]);

    // Removed: the record and the file go.
    assert.equal((await request(server, 'DELETE', `/api/v1/exports/${e.id}`, { token: b.token })).status, 204);
    assertRestError(await get(server, `/api/v1/exports/${e.id}`, b.token), 404, 'not_found');
    assertRestError(await get(server, done.url), 404, 'not_found');
  });

  test('the CSV file reads back with a standard parser, one row per message in the time asked', async () => {
    const { a, A, chatId } = await inboxPair(server, clients, ['Cleo', 'Dan']);
    const texts = ['plain', 'with, a comma', 'with "quotes"', 'two\nlines', 'Привет, мир', '你好', 'مرحبا', '🎉'];
    for (const content of texts) await A.ask('message', { chatId, content });
    const done = await exported(a, A, { chatIds: [chatId], format: 'csv', byteOrderMark: true });
    const file = await get(server, done.url);
    assert.equal(file.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(file.text.startsWith('\ufeff'), 'a byte-order mark for spreadsheets');
    const rows = parse(file.text, { bom: true, columns: true });
    assert.deepEqual(rows.map((r) => r.text), texts);
    assert.ok(rows.every((r) => r.chat_id === chatId && r.sender_name === 'Cleo' && r.kind === 'text'));
    assert.deepEqual(rows.map((r) => Number(r.seq)), texts.map((_, i) => i + 1));

    // A time range: nothing sent after its end.
    const empty = await exported(a, A, { chatIds: [chatId], format: 'csv', to: 1 });
    assert.deepEqual(parse((await get(server, empty.url)).text, { columns: true }), []);
  });

  test('only chats the person is in, and what a request must be', async () => {
    const [eve] = await Promise.all([registerUser(server)]);
    const { a, chatId } = await inboxPair(server, clients);
    assertRestError(await post(server, '/api/v1/exports', { chatIds: [chatId] }, eve.token), 403, 'forbidden');
    assertRestError(await post(server, '/api/v1/exports', { format: 'pdfx' }, a.token), 400, 'invalid_input');
    assertRestError(await post(server, '/api/v1/exports', { format: 7 }, a.token), 400, 'invalid_input');
    assertRestError(await post(server, '/api/v1/exports', { chatIds: chatId }, a.token), 400, 'invalid_input');
    assertRestError(await post(server, '/api/v1/exports', { chatIds: ['not-an-id'] }, a.token), 400, 'invalid_input');
    assertRestError(await post(server, '/api/v1/exports', { from: 10, to: 5 }, a.token), 400, 'invalid_input');
    assertRestError(await request(server, 'POST', '/api/v1/exports', { raw: '{"chatIds": [', token: a.token }), 400, 'invalid_input');
    assertRestError(await post(server, '/api/v1/exports', {}), 401, 'unauthorized');
    assertRestError(await get(server, '/api/v1/exports/not-an-id', a.token), 404, 'not_found');
    assertRestError(await get(server, '/api/v1/exports/00000000-0000-4000-8000-000000000000/download?expires=1&user=x&sig=y'), 403, 'forbidden');
    assertRestError(await get(server, '/api/v1/exports/00000000-0000-4000-8000-000000000000/download'), 403, 'forbidden');
    const all = await post(server, '/api/v1/exports', {}, eve.token);
    assert.equal(all.status, 202, all.text);
    assert.deepEqual(all.json.export.chatIds, []);
  });
});
