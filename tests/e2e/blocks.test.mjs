// Blocking, end to end: GET/PUT/DELETE /api/v1/me/blocks, user:block, user:unblock, blocks:list
// and blocks:updated to the blocker's other devices; a block stops every way into the private
// chat, both ways (sends, forwards, edits, reactions with `blocked`; typing never forwarded), stops
// the blocked person adding the blocker to groups, and hides each one's presence from the other,
// also across the instances of a cluster; unblocking restores it all.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import { assertErrorAck, assertOkAck, assertRestError, get, openChat, registerUser, request, useParley } from './helpers.mjs';

const { server, clients } = useParley();

const blockRest = (user, other, method = 'PUT') =>
  request(server, method, `/api/v1/me/blocks/${other}`, { token: user.token });
async function block(user, other) {
  const res = await blockRest(user, other.id);
  assert.equal(res.status, 200, res.text);
  return res.json;
}
async function unblock(user, other) {
  const res = await blockRest(user, other.id, 'DELETE');
  assert.equal(res.status, 200, res.text);
  return res.json;
}

describe('the list of blocks', () => {
  test('blocking and unblocking, by REST and Socket.IO, reach the other devices; the latest first', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server, { name: 'Bea' }), registerUser(server)]);
    const other = await clients.connect(a.token);
    assert.deepEqual((await get(server, '/api/v1/me/blocks', a.token)).json, { blocks: [] });

    const heard = other.next('blocks:updated', (e) => e.userId === b.id);
    const after = await block(a, b);
    assert.deepEqual(after.blocks.map((x) => [x.user.id, x.user.name]), [[b.id, 'Bea']]);
    assert.match(after.blocks[0].blockedAt, /^\d{4}-\d{2}-\d{2}T/);
    const event = await heard;
    assert.equal(event.blocked, true);
    assert.equal(typeof event.at, 'string');

    const viaSocket = await other.ask('user:block', { userId: c.id });
    assertOkAck(viaSocket, 'user:block');
    assert.deepEqual(viaSocket.blocks.map((x) => x.user.id), [c.id, b.id], 'the latest first');
    // Twice is no error and announces nothing new.
    assert.equal((await blockRest(a, b.id)).status, 200);
    const listed = await other.ask('blocks:list', {});
    assertOkAck(listed, 'blocks:list');
    assert.deepEqual(listed.blocks.map((x) => x.user.id), [c.id, b.id]);

    const unheard = other.next('blocks:updated', (e) => e.userId === c.id && e.blocked === false);
    assertOkAck(await other.ask('user:unblock', { userId: c.id }), 'user:unblock');
    await unheard;
    assert.deepEqual((await unblock(a, b)).blocks, []);
    assert.equal(other.received('blocks:updated', (e) => e.userId === b.id && e.blocked).length, 1);
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const a = await registerUser(server);
    assertRestError(await blockRest(a, a.id), 400, 'invalid_input');
    assertRestError(await blockRest(a, 'not-an-id'), 400, 'invalid_input');
    assertRestError(await blockRest(a, randomUUID()), 404, 'not_found');
    const A = await clients.connect(a.token);
    assertErrorAck(await A.ask('user:block', { userId: 42 }), 'invalid_input');
    assertErrorAck(await A.ask('user:block', {}), 'invalid_input');
    assertErrorAck(await A.ask('user:unblock', { userId: randomUUID() }), 'not_found');
    assertRestError(await request(server, 'GET', '/api/v1/me/blocks'), 401, 'unauthorized');
    assert.deepEqual((await get(server, '/api/v1/me/blocks', a.token)).json, { blocks: [] });
  });
});

describe('what a block stops', () => {
  test('neither sends into their private chat, by any way; the blocked one learns only that they cannot', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const side = await openChat(server, b, c);
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const earlier = await B.ask('message', { chatId: chat.id, content: 'before' });
    assert.equal(earlier.content, 'before');
    const elsewhere = await B.ask('message', { chatId: side.id, content: 'to Cal' });
    await block(a, b);

    const refused = await B.ask('message', { chatId: chat.id, content: 'hello?' });
    assertErrorAck(refused, 'blocked');
    assert.equal(refused.message, 'You cannot send messages to this person');
    const own = await A.ask('message', { chatId: chat.id, content: 'and me?' });
    assertErrorAck(own, 'blocked');
    assert.match(own.message, /unblock/);
    assertErrorAck(await B.ask('message:forward', { messageId: elsewhere.id, toChatId: chat.id }), 'blocked');
    assertErrorAck(await B.ask('message:edit', { messageId: earlier.id, content: 'changed' }), 'blocked');
    assertErrorAck(await B.ask('message:react', { messageId: earlier.id, emoji: '👍' }), 'blocked');
    const edited = await request(server, 'PATCH', `/api/v1/messages/${earlier.id}`, { token: b.token, body: { content: 'x' } });
    assertRestError(edited, 403, 'blocked');

    // Nothing of it was stored; the history stays readable; other chats are untouched.
    const history = await get(server, `/api/v1/chats/${chat.id}/messages`, b.token);
    assert.equal(history.status, 200);
    assert.deepEqual(history.json.map((m) => m.content), ['before']);
    assert.equal((await B.ask('message', { chatId: side.id, content: 'still' })).content, 'still');

    await unblock(a, b);
    const again = await B.ask('message', { chatId: chat.id, content: 'friends again' });
    assert.equal(again.content, 'friends again');
    await A.next('message', (m) => m.id === again.id);
  });

  test('typing in the private chat is acknowledged and never forwarded, either way', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const group = await A.ask('group:create', { title: 'Both', memberIds: [b.id] });
    assertOkAck(group, 'group:create');
    await block(b, a);
    assertOkAck(await A.ask('typing:start', { chatId: chat.id }));
    // In the group, Ann's typing still goes: once Bea hears it, she would have heard the other.
    assertOkAck(await A.ask('typing:start', { chatId: group.chat.id }));
    await B.next('typing', (e) => e.chatId === group.chat.id && e.userIds.includes(a.id));
    assert.deepEqual(B.received('typing', (e) => e.chatId === chat.id && e.userIds.includes(a.id)), []);
  });

  test('the blocked one cannot add the blocker to a group; anyone else can, and both still talk there', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const C = await clients.connect(c.token, { features: ['inbox'] });
    await block(a, b);
    const created = await B.ask('group:create', { title: 'With Ann', memberIds: [a.id, c.id] });
    assertErrorAck(created, 'blocked');
    assert.equal(created.message, 'One of these people cannot be added to groups by you');
    const restCreated = await request(server, 'POST', '/api/v1/groups', {
      token: b.token, body: { title: 'With Ann', memberIds: [a.id] },
    });
    assertRestError(restCreated, 403, 'blocked');
    const group = await B.ask('group:create', { title: 'Without Ann', memberIds: [c.id] });
    assertOkAck(group, 'group:create');
    assertErrorAck(await B.ask('group:add', { chatId: group.chat.id, userIds: [a.id] }), 'blocked');
    assertOkAck(await C.ask('group:add', { chatId: group.chat.id, userIds: [a.id] }), 'group:add by Cal');
    const sent = await B.ask('message', { chatId: group.chat.id, content: 'hi all' });
    assert.equal(sent.content, 'hi all');
  });
});

describe('presence and blocks', () => {
  // Every answer about `subject`'s presence that `viewer` may get.
  async function seen(viewer, V, subject) {
    const presence = (await V.ask('user:get-presence', { userId: subject.id })).presence;
    const subscribed = (await V.ask('presence:subscribe', { userIds: [subject.id] })).presence[0];
    const online = (await V.ask('user:get-online')).users.includes(subject.id);
    const users = await get(server, '/api/v1/users', viewer.token);
    const listed = (Array.isArray(users.json) ? users.json : users.json.users).find((u) => u.id === subject.id);
    return { presence, subscribed, online, listed };
  }
  function assertHidden(view, what) {
    assert.equal(view.presence.status, 'offline', what);
    assert.equal(view.presence.lastSeen, null, what);
    assert.equal(view.subscribed.isOnline, false, what);
    assert.equal(view.online, false, what);
    assert.notEqual(view.listed.isOnline, true, what);
    assert.equal(view.listed.lastSeen ?? null, null, what);
  }

  test('neither sees the other online, on either instance, until unblocked', async () => {
    // In a cluster the two are on different instances: the block is made on Ann's.
    const [first, second] = [server.url, server.url];
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    await openChat(server, a, b);
    const B = await clients.connect(b.token, { url: second });
    const A = await clients.connect(a.token, { url: first });
    await B.next('users:update', (u) => u.userId === a.id && u.isOnline === true);
    const hidden = B.next('users:update', (u) => u.userId === a.id && u.isOnline === false && u.lastSeen === null);
    await block(a, b);
    await hidden;
    assertHidden(await seen(b, B, a), 'Ann seen by Bea');
    assertHidden(await seen(a, A, b), 'Bea seen by Ann');

    // Ann comes and goes: Bea's instance knows and tells her nothing.
    const A2 = await clients.connect(a.token, { url: second });
    A.close();
    A2.close();
    const calGone = B.next('users:update', (u) => u.userId === c.id && u.isOnline === false);
    (await clients.connect(c.token, { url: second })).close();
    await calGone;
    const revealing = (u) => u.userId === a.id && (u.isOnline !== false || u.lastSeen !== null);
    const afterBlock = B.received('users:update').findIndex((u) => u.userId === a.id && u.lastSeen === null);
    assert.deepEqual(B.received('users:update').slice(afterBlock).filter(revealing), [], 'Bea heard Ann');

    // Unblocked: Bea hears Ann again.
    const A3 = await clients.connect(a.token, { url: first });
    const back = B.next('users:update', (u) => u.userId === a.id && u.isOnline === true);
    await unblock(a, b);
    await back;
    assert.equal((await seen(b, B, a)).online, true);
    A3.close();
  });
});
