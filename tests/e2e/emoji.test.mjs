// Custom emoji, end to end: the server's set (its admins, --server_admins) and a group's (its
// admins); uploads checked (shortcode, type, size) and kept as a WebP of at most 128 px; the
// image served for <img> tags; emoji:updated to who may use the set; :shortcode: reactions
// where the emoji is usable only; removal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertOkAck, assertRestError, get, openChat, post, registerUser, request, uniqueEmail, useParley } from './helpers.mjs';
import { png } from '../support/png.mjs';

const ADMIN = uniqueEmail('admin');
const { server, clients } = useParley({ args: ['--server_admins', ` ${ADMIN.toUpperCase()} , other@x.test`, '--max_custom_emoji', '3'] });


const upload = (user, shortcode, image, chatId) =>
  post(server, chatId ? `/api/v1/chats/${chatId}/emoji` : '/api/v1/emoji', { shortcode, image: image.toString('base64') }, user.token);

describe('custom emoji', () => {
  test("the server's admins manage its set; everyone sees it and hears of changes", async () => {
    const [admin, user] = await Promise.all([registerUser(server, { email: ADMIN }), registerUser(server)]);
    const U = await clients.connect(user.token);
    assertRestError(await upload(user, 'party', png(64, 64)), 403, 'forbidden');
    const heard = U.next('emoji:updated', (e) => e.chatId === null);
    const added = await upload(admin, 'party', png(300, 150));
    assert.equal(added.status, 201, added.text);
    assert.equal(added.json.shortcode, 'party');
    assert.equal(added.json.chatId, null);
    assert.equal(added.json.url, `/api/v1/emoji/${added.json.id}/image`);
    await heard;

    const list = await get(server, '/api/v1/emoji', user.token);
    assert.equal(list.status, 200);
    assert.equal(list.json.canManage, false);
    assert.deepEqual(list.json.emoji.map((e) => e.shortcode), ['party']);
    assert.equal((await get(server, '/api/v1/emoji', admin.token)).json.canManage, true);

    // The image, without a token (an <img>), cacheable for good: a WebP.
    const image = await request(server, 'GET', added.json.url);
    assert.equal(image.status, 200);
    assert.equal(image.headers['content-type'], 'image/webp');
    assert.match(image.headers['cache-control'], /immutable/);
    assert.equal(image.text.slice(0, 4), 'RIFF');
    assert.equal(image.text.slice(8, 12), 'WEBP');
    assertRestError(await request(server, 'GET', '/api/v1/emoji/00000000-0000-4000-8000-000000000000/image'), 404, 'not_found');
  });

  test('uploads are checked: shortcode, type, size, base64, a taken name', async () => {
    const admin = await registerUser(server, { email: uniqueEmail('x') });
    const owner = await registerUser(server);
    const O = await clients.connect(owner.token);
    const group = await O.ask('group:create', { title: 'Checks', memberIds: [admin.id] });
    assertOkAck(group);
    const chatId = group.chat.id;
    for (const bad of ['a', 'Party', 'par ty', ':x:', 'x'.repeat(33)]) {
      assertRestError(await upload(owner, bad, png(8, 8), chatId), 400, 'invalid_input', bad);
    }
    assertRestError(await upload(owner, 'svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), chatId), 400, 'invalid_input');
    assertRestError(await upload(owner, 'broken', Buffer.concat([png(8, 8).subarray(0, 30), Buffer.alloc(40)]), chatId), 400, 'invalid_input');
    assertRestError(await upload(owner, 'huge', png(5000, 4), chatId), 400, 'invalid_input');
    const big = Buffer.concat([png(8, 8), Buffer.alloc(256 * 1024)]);
    assertRestError(await upload(owner, 'big', big, chatId), 413, 'payload_too_large');
    assertRestError(await post(server, `/api/v1/chats/${chatId}/emoji`, { shortcode: 'b64', image: '***' }, owner.token), 400, 'invalid_input');
    assertRestError(await post(server, `/api/v1/chats/${chatId}/emoji`, { shortcode: 'nope' }, owner.token), 400, 'invalid_input');
    assert.equal((await upload(owner, 'one', png(16, 16), chatId)).status, 201);
    assertRestError(await upload(owner, 'one', png(16, 16), chatId), 409, 'conflict');
    assert.equal((await upload(owner, 'two', png(16, 16), chatId)).status, 201);
    assert.equal((await upload(owner, 'three', png(16, 16), chatId)).status, 201);
    assertRestError(await upload(owner, 'four', png(16, 16), chatId), 409, 'emoji_limit');
    // The server keeps serving.
    assert.equal((await get(server, `/api/v1/chats/${chatId}/emoji`, owner.token)).json.emoji.length, 3);
  });

  test("a group's admins manage its set for its members; reactions take an emoji where it is usable", async () => {
    // (:party: is the server's, from the first test.)
    const [owner, member, stranger] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const [O, M] = await Promise.all([owner, member].map((u) => clients.connect(u.token, { features: ['inbox'] })));
    const added = M.next('chat:added', (c) => c.title === 'Book club');
    const created = await O.ask('group:create', { title: 'Book club', memberIds: [member.id] });
    assertOkAck(created);
    const chatId = created.chat.id;
    // The member's instance puts them in the group's room when it hears of the group.
    await added;
    assertRestError(await upload(member, 'book', png(32, 32), chatId), 403, 'forbidden');
    assertRestError(await get(server, `/api/v1/chats/${chatId}/emoji`, stranger.token), 403, 'forbidden');
    const heard = M.next('emoji:updated', (e) => e.chatId === chatId);
    assert.equal((await upload(owner, 'book', png(32, 32), chatId)).status, 201);
    await heard;
    const set = await get(server, `/api/v1/chats/${chatId}/emoji`, member.token);
    assert.deepEqual(set.json.emoji.map((e) => e.shortcode), ['book']);
    assert.equal(set.json.canManage, false);

    const sent = await M.ask('message', { chatId, content: 'chapter one' });
    const book = await M.ask('message:react', { messageId: sent.id, emoji: ':book:' });
    assertOkAck(book);
    const party = await O.ask('message:react', { messageId: sent.id, emoji: ':party:' });
    assertOkAck(party);
    assert.deepEqual(party.reactions.map((r) => r.emoji), [':book:', ':party:']);
    // Not usable elsewhere, and an unknown one nowhere.
    const chat = await openChat(server, owner, stranger);
    const other = await O.ask('message', { chatId: chat.id, content: 'hi' });
    assert.equal((await O.ask('message:react', { messageId: other.id, emoji: ':book:' })).code, 'invalid_input');
    assert.equal((await O.ask('message:react', { messageId: other.id, emoji: ':nope:' })).code, 'invalid_input');
    assertOkAck(await O.ask('message:react', { messageId: other.id, emoji: ':party:' }));

    // Removed: the reaction stays, can be taken back, and not put on again.
    const gone = await request(server, 'DELETE', `/api/v1/chats/${chatId}/emoji/book`, { token: owner.token });
    assert.equal(gone.status, 204);
    assertRestError(await request(server, 'DELETE', `/api/v1/chats/${chatId}/emoji/book`, { token: owner.token }), 404, 'not_found');
    const off = await M.ask('message:react', { messageId: sent.id, emoji: ':book:' });
    assertOkAck(off);
    assert.equal(off.added, false);
    assert.equal((await M.ask('message:react', { messageId: sent.id, emoji: ':book:' })).code, 'invalid_input');
  });

  test("removing from the server's set takes its image away", async () => {
    const admin = await loginAdmin();
    const added = await upload(admin, 'wave', png(20, 20));
    assert.equal(added.status, 201, added.text);
    const removed = await request(server, 'DELETE', '/api/v1/emoji/wave', { token: admin.token });
    assert.equal(removed.status, 204);
    assertRestError(await request(server, 'GET', added.json.url), 404, 'not_found');
    assert.deepEqual((await get(server, '/api/v1/emoji', admin.token)).json.emoji.map((e) => e.shortcode), ['party']);
  });
});

async function loginAdmin() {
  const res = await post(server, '/auth/login', { email: ADMIN, password: 'correct horse battery' });
  assert.equal(res.status, 200, res.text);
  return { token: res.json.accessToken, id: res.json.user.id };
}
