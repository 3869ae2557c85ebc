// Groups end to end: a five-member group in which every permission rule is tried by a member
// who has the right and one who has not, over Socket.IO and REST; system messages in the
// timeline; removal cutting a member off at once; the owner handing over when leaving; the
// prototype-era private chats unchanged beside groups.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, fetchAllMessages, registerUser, request, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

// Five users: owner, admin-to-be, and three members; each with one inbox socket.
async function cast() {
  const users = await Promise.all([0, 1, 2, 3, 4].map(() => registerUser(server)));
  const sockets = await Promise.all(users.map((u) => clients.connect(u.token, { features: ['inbox'] })));
  return { users, sockets };
}

async function createGroup(socket, title, memberIds) {
  const ack = await socket.ask('group:create', { title, memberIds });
  assertOkAck(ack, 'group:create');
  return ack.chat;
}

const systemTypes = (messages) => messages.filter((m) => m.kind === 'system').map((m) => m.system.type);

describe('groups', () => {
  test('create: the group, its roles, chat:added to every member, the "created" line', async () => {
    const { users, sockets } = await cast();
    const [o, ...rest] = users;
    const group = await createGroup(sockets[0], 'Climbing 🧗', rest.map((u) => u.id));
    assert.equal(group.kind, 'group');
    assert.equal(group.title, 'Climbing 🧗');
    assert.equal(group.role, 'owner');
    assert.equal(group.memberCount, 5);
    assert.deepEqual(group.participants, users.map((u) => u.id));
    assert.equal(group.settings.sendMessages, 'everyone');
    assert.equal(group.settings.editInfo, 'admins');
    for (const s of sockets) {
      const added = await s.next('chat:added', (c) => c.id === group.id);
      assert.equal(added.title, 'Climbing 🧗');
    }
    const created = await sockets[3].next('message', (m) => m.chatId === group.id && m.kind === 'system');
    assert.equal(created.system.type, 'created');
    assert.equal(created.system.actorId, o.id);
    assert.equal(created.seq, 1);
    assert.match(created.content, /created the group/);

    // Listed with the chats, over REST and Socket.IO, with the caller's role.
    const listed = await request(server, 'GET', '/api/v1/chats', { token: users[2].token });
    assert.equal(listed.status, 200);
    const mine = listed.json.find((c) => c.id === group.id);
    assert.ok(mine, 'the group is in GET /api/v1/chats');
    assert.equal(mine.kind, 'group');
    assert.equal(mine.memberCount, 5);
    assert.equal(mine.role, 'member');
    assert.equal(typeof mine.lastReadSeq, 'number');
    const ownersList = await request(server, 'GET', '/api/v1/chats', { token: o.token });
    assert.equal(ownersList.json.find((c) => c.id === group.id).role, 'owner');
    const one = await request(server, 'GET', `/api/v1/chats/${group.id}`, { token: users[2].token });
    assert.equal(one.json.role, 'member');

    // Bad input.
    assertErrorAck(await sockets[0].ask('group:create', { title: '', memberIds: [] }), 'invalid_input');
    assertErrorAck(await sockets[0].ask('group:create', { title: 'x'.repeat(129), memberIds: [] }), 'payload_too_large');
    assertErrorAck(await sockets[0].ask('group:create', { title: 'T', memberIds: ['nope'] }), 'invalid_input');
    assertErrorAck(await sockets[0].ask('group:create', { title: 'T', memberIds: 'nope' }), 'invalid_input');
    assertErrorAck(await sockets[0].ask('group:create', { title: 'T', memberIds: [crypto.randomUUID()] }), 'not_found');
    const invalid = await request(server, 'POST', '/api/v1/groups', {
      token: o.token,
      headers: { 'content-type': 'application/json' },
      raw: Buffer.concat([Buffer.from('{"title":"T'), Buffer.from([0xff]), Buffer.from('","memberIds":[]}')]),
    });
    assertRestError(invalid, 400, 'invalid_input');
  });

  test('every permission rule: one member with the right, one without', async () => {
    const { users, sockets } = await cast();
    const [owner, admin, m1, m2, m3] = users;
    const [O, A, M1, M2] = sockets;
    const group = await createGroup(O, 'Rules', [admin.id, m1.id, m2.id, m3.id]);
    const chatId = group.id;

    // Roles: a member may not promote; the owner may.
    assertErrorAck(await M1.ask('group:role', { chatId, userId: m2.id, role: 'admin' }), 'forbidden');
    assertOkAck(await O.ask('group:role', { chatId, userId: admin.id, role: 'admin' }), 'promote');
    assertErrorAck(await A.ask('group:role', { chatId, userId: owner.id, role: 'member' }), 'forbidden');
    assertErrorAck(await O.ask('group:role', { chatId, userId: m1.id, role: 'owner' }), 'invalid_input');

    // Info: admins only by default.
    assertErrorAck(await M1.ask('group:update', { chatId, title: 'Mine' }), 'forbidden');
    const renamed = await A.ask('group:update', { chatId, title: 'Renamed', description: 'About us' });
    assertOkAck(renamed, 'group:update');
    assert.equal(renamed.chat.title, 'Renamed');
    const updated = await M2.next('chat:updated', (c) => c.id === chatId && c.title === 'Renamed');
    assert.equal(updated.description, 'About us');

    // Settings: admins only.
    assertErrorAck(await M1.ask('group:settings', { chatId, addMembers: 'admins' }), 'forbidden');
    assertErrorAck(await A.ask('group:settings', { chatId, addMembers: 'nobody' }), 'invalid_input');
    assertErrorAck(await A.ask('group:settings', { chatId, slowModeSeconds: -1 }), 'invalid_input');
    assertOkAck(await A.ask('group:settings', { chatId, addMembers: 'admins', pinMessages: 'admins' }), 'settings');

    // Adding members: admins only now.
    const [x, y] = await Promise.all([registerUser(server), registerUser(server)]);
    assertErrorAck(await M1.ask('group:add', { chatId, userIds: [x.id] }), 'forbidden');
    const X = await clients.connect(x.token, { features: ['inbox'] });
    const add = await A.ask('group:add', { chatId, userIds: [x.id] });
    assertOkAck(add, 'group:add');
    assert.equal(add.chat.memberCount, 6);
    await X.next('chat:added', (c) => c.id === chatId);

    // Pinning: admins only now.
    const msg = await M1.ask('message', { chatId, content: 'pin this' });
    assert.equal(msg.chatId, chatId);
    assertErrorAck(await M2.ask('message:pin', { messageId: msg.id }), 'forbidden');
    assertOkAck(await A.ask('message:pin', { messageId: msg.id }), 'pin');

    // Sending: an announcement group lets only admins and the owner send.
    assertOkAck(await O.ask('group:settings', { chatId, sendMessages: 'admins' }), 'announcement');
    assertErrorAck(await M1.ask('message', { chatId, content: 'may I?' }), 'forbidden');
    const news = await A.ask('message', { chatId, content: 'news' });
    assert.equal(news.content, 'news');

    // Removing: members may not; admins may not remove the owner; admins remove members.
    assertErrorAck(await M1.ask('group:remove', { chatId, userId: m2.id }), 'forbidden');
    assertErrorAck(await A.ask('group:remove', { chatId, userId: owner.id }), 'forbidden');
    assertErrorAck(await A.ask('group:remove', { chatId, userId: y.id }), 'not_found');
    const cut = await A.ask('group:remove', { chatId, userId: m3.id });
    assertOkAck(cut, 'group:remove');
    assert.equal(cut.chat.memberCount, 5);

    // Ownership: only the owner transfers it.
    assertErrorAck(await A.ask('group:owner', { chatId, userId: m1.id }), 'forbidden');
    const moved = await O.ask('group:owner', { chatId, userId: admin.id });
    assertOkAck(moved, 'group:owner');
    const members = await O.ask('group:members', { chatId });
    assertOkAck(members, 'group:members');
    const roles = Object.fromEntries(members.members.map((m) => [m.id, m.role]));
    assert.equal(roles[admin.id], 'owner');
    assert.equal(roles[owner.id], 'admin');
    assert.equal(roles[m1.id], 'member');
    assert.ok(members.members.every((m) => typeof m.name === 'string' && !('passwordHash' in m)));

    // Outsiders can do nothing.
    const outsider = await clients.connect(y.token);
    assertErrorAck(await outsider.ask('group:members', { chatId }), 'forbidden');
    assertErrorAck(await outsider.ask('message', { chatId, content: 'hi' }), 'forbidden');
    assertErrorAck(await outsider.ask('group:leave', { chatId }), 'forbidden');

    const history = await fetchAllMessages(server, chatId, owner.token);
    assert.deepEqual(systemTypes(history), [
      'created', 'role_changed', 'title_changed', 'description_changed', 'settings_changed', 'member_added',
      'settings_changed', 'member_removed', 'owner_changed',
    ]);
  });

  test('removal takes effect at once: chat:removed, no more reads or writes, no more messages', async () => {
    const { users, sockets } = await cast();
    const [, b, c] = users;
    const [O, B, C] = sockets;
    const group = await createGroup(O, 'Cut', [b.id, c.id]);
    const chatId = group.id;
    for (const s of [O, B, C]) assertOkAck(await s.ask('chat:join', { chatId }), 'chat:join');

    const removed = await O.ask('group:remove', { chatId, userId: c.id });
    assertOkAck(removed, 'group:remove');
    assert.equal(removed.chat.memberCount, 2);
    await C.next('chat:removed', (e) => e.chatId === chatId);

    assertErrorAck(await C.ask('message', { chatId, content: 'still here?' }), 'forbidden');
    assertErrorAck(await C.ask('chat:history', { chatId }), 'forbidden');
    const rest = await request(server, 'GET', `/api/v1/chats/${chatId}/messages`, { token: c.token });
    assertRestError(rest, 403, 'forbidden');
    const list = await request(server, 'GET', '/api/v1/chats', { token: c.token });
    assert.ok(!list.json.some((x) => x.id === chatId), 'the group left the removed member\'s list');

    // A message after the removal reaches the members and not the removed member's socket.
    const after = await B.ask('message', { chatId, content: 'after removal' });
    await O.next('message', (m) => m.id === after.id);
    const ping = await O.ask('message', { chatId, content: 'sentinel' });
    await B.next('message', (m) => m.id === ping.id);
    assert.ok(!C.received('message').some((m) => m.id === after.id || m.id === ping.id), 'no message after removal');
  });

  test('an owner who leaves hands over; the last member ends the group; REST routes', async () => {
    const { users } = await cast();
    const [o, a, m] = users;
    const created = await request(server, 'POST', '/api/v1/groups', {
      token: o.token, body: { title: 'Hand over', memberIds: [a.id, m.id] },
    });
    assert.equal(created.status, 201);
    const chatId = created.json.id;
    assert.equal(created.json.role, 'owner');

    let res = await request(server, 'PUT', `/api/v1/chats/${chatId}/members/${a.id}/role`, {
      token: m.token, body: { role: 'admin' },
    });
    assertRestError(res, 403, 'forbidden');
    res = await request(server, 'PUT', `/api/v1/chats/${chatId}/members/${a.id}/role`, {
      token: o.token, body: { role: 'admin' },
    });
    assert.equal(res.status, 200);
    res = await request(server, 'PATCH', `/api/v1/chats/${chatId}/settings`, {
      token: o.token, body: { historyVisible: false, slowModeSeconds: 10 },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.settings.historyVisible, false);
    res = await request(server, 'PATCH', `/api/v1/chats/${chatId}`, { token: m.token, body: { title: 'No' } });
    assertRestError(res, 403, 'forbidden');

    res = await request(server, 'POST', `/api/v1/chats/${chatId}/leave`, { token: o.token });
    assert.equal(res.status, 204);
    res = await request(server, 'GET', `/api/v1/chats/${chatId}/members?limit=1`, { token: m.token });
    assert.equal(res.status, 200);
    assert.equal(res.json.members.length, 1);
    assert.equal(res.json.members[0].id, a.id, 'the longest-serving admin');
    assert.equal(res.json.members[0].role, 'owner');
    assert.equal(typeof res.json.nextAfter, 'number');
    res = await request(server, 'GET', `/api/v1/chats/${chatId}/members?after=${res.json.nextAfter}`, { token: m.token });
    assert.deepEqual(res.json.members.map((x) => x.id), [m.id]);
    assert.equal(res.json.nextAfter, null);

    res = await request(server, 'DELETE', `/api/v1/chats/${chatId}/members/${a.id}`, { token: a.token });
    assert.equal(res.status, 200, 'one\'s own id leaves');
    res = await request(server, 'GET', `/api/v1/chats/${chatId}/members`, { token: m.token });
    assert.deepEqual(res.json.members.map((x) => [x.id, x.role]), [[m.id, 'owner']]);
    res = await request(server, 'POST', `/api/v1/chats/${chatId}/leave`, { token: m.token });
    assert.equal(res.status, 204);
    res = await request(server, 'GET', `/api/v1/chats/${chatId}`, { token: m.token });
    assertRestError(res, 403, 'forbidden');
  });

  test('statuses from watermarks: a message is READ exactly when the last member reads it; receipts', async () => {
    const { users, sockets } = await cast();
    const [o, b, c] = users;
    const [O, B, C] = sockets;
    const group = await createGroup(O, 'Ticks', [b.id, c.id]);
    const chatId = group.id;
    const sent = await O.ask('message', { chatId, content: 'tick tock' });
    await B.next('message', (m) => m.id === sent.id);
    await C.next('message', (m) => m.id === sent.id);
    const statusOf = async () => (await fetchAllMessages(server, chatId, o.token)).find((m) => m.id === sent.id).status;
    assert.equal(await statusOf(), 'SENT');

    assertOkAck(await B.ask('chat:delivered', { chatId, seq: sent.seq }), 'chat:delivered');
    assert.equal(await statusOf(), 'SENT', 'one member\'s devices have not got it');
    assertOkAck(await C.ask('chat:delivered', { chatId, seq: sent.seq }), 'chat:delivered');
    const delivered = await O.next('chat:receipts', (e) => e.chatId === chatId && e.deliveredSeq >= sent.seq);
    assert.equal(delivered.readSeq < sent.seq, true);
    assert.equal(await statusOf(), 'DELIVERED');

    assertOkAck(await B.ask('chat:read', { chatId, seq: sent.seq }), 'chat:read');
    assert.equal(await statusOf(), 'DELIVERED', 'one member has not read it');
    // Each member's own read watermark comes with the chat: what their unread count starts from.
    const readSeqOf = async (u) => (await request(server, 'GET', `/api/v1/chats/${chatId}`, { token: u.token })).json.lastReadSeq;
    assert.equal(await readSeqOf(b), sent.seq);
    assert.equal((await readSeqOf(c)) < sent.seq, true);
    assertOkAck(await C.ask('message:read', { messageId: sent.id }), 'message:read');
    await O.next('chat:receipts', (e) => e.chatId === chatId && e.readSeq >= sent.seq);
    assert.equal(await statusOf(), 'READ');

    const receipts = await request(server, 'GET', `/api/v1/chats/${chatId}/messages/${sent.id}/receipts`, { token: o.token });
    assert.equal(receipts.status, 200);
    const byId = Object.fromEntries(receipts.json.members.map((m) => [m.id, m]));
    assert.equal(byId[b.id].read, true);
    assert.equal(typeof byId[c.id].readAt, 'string');
    assert.equal(typeof byId[c.id].deliveredAt, 'string');
    const viaSocket = await B.ask('message:receipts', { messageId: sent.id });
    assertOkAck(viaSocket, 'message:receipts');
    assert.equal(viaSocket.members.length, 3);
    const wrongChat = await request(server, 'GET', `/api/v1/chats/${crypto.randomUUID()}/messages/${sent.id}/receipts`, { token: o.token });
    assertRestError(wrongChat, 404, 'not_found');
    assertErrorAck(await B.ask('chat:delivered', { chatId, seq: -1 }), 'invalid_input');

    // Slow mode: a member waits, an admin does not.
    assertOkAck(await O.ask('group:settings', { chatId, slowModeSeconds: 60 }), 'slow mode');
    const first = await B.ask('message', { chatId, content: 'first' });
    assert.equal(first.content, 'first');
    assertErrorAck(await B.ask('message', { chatId, content: 'second' }), 'rate_limited');
    const owner = await O.ask('message', { chatId, content: 'owner' });
    assert.equal(owner.content, 'owner');
  });

  test('a message sent the moment a group exists reaches every member at once (in the cluster: on either instance)', async () => {
    // A member's devices on another instance join the group's room through the cluster; the
    // first messages must not pass them by while that instance subscribes to the room.
    const { users, sockets } = await cast();
    const [O, B, C] = sockets;
    for (let i = 0; i < 20; i++) {
      const group = await createGroup(O, `At once ${i}`, [users[1].id, users[2].id]);
      const sent = await O.ask('message', { chatId: group.id, content: `first ${i}` });
      assert.equal(sent.chatId, group.id);
      const [atB, atC] = await Promise.all([B, C].map((s) => s.next('message', (m) => m.id === sent.id)));
      assert.equal(atB.content, `first ${i}`);
      assert.equal(atC.content, `first ${i}`);
    }
  });

  test('private chats keep the contract beside groups', async () => {
    const { users, sockets } = await cast();
    const [a, b] = users;
    await createGroup(sockets[0], 'Beside', [b.id]);
    const { chatId } = await sockets[0].ask('chat:get', { recipientId: b.id });
    const chat = await request(server, 'GET', `/chats/${chatId}`, { token: a.token });
    assert.equal(chat.status, 200);
    assert.deepEqual(chat.json.participants.sort(), [a.id, b.id].sort());
    assert.equal(chat.json.kind, 'private');
    assertErrorAck(await sockets[0].ask('group:add', { chatId, userIds: [users[2].id] }), 'invalid_input');
    const m = await sockets[0].ask('message', { chatId, content: 'private' });
    assert.equal(m.kind, undefined, 'text messages carry no kind');
  });
  test('a member past the first page of participants hears the group on an inbox socket', async () => {
    // The 120th member is not among the participants a group lists (the first 100): its
    // inbox-only device still hears messages, receipts, changes, and joins of later members.
    const owner = await registerUser(server);
    const members = [];
    for (let i = 0; i < 6; i++) members.push(...await Promise.all(Array.from({ length: 20 }, () => registerUser(server))));
    const last = members[members.length - 1];
    const res = await request(server, 'POST', '/api/v1/groups', {
      token: owner.token, body: { title: 'Big', memberIds: members.map((m) => m.id) },
    });
    assert.equal(res.status, 201, res.text);
    const chatId = res.json.id;
    assert.equal(res.json.memberCount, 121);
    assert.equal(res.json.participantsTruncated, true);
    assert.ok(!res.json.participants.includes(last.id));

    const L = await clients.connect(last.token, { features: ['inbox'] });
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const sent = await O.ask('message', { chatId, content: 'to all 120' });
    assert.equal(sent.chatId, chatId);
    const heard = await L.next('message', (m) => m.id === sent.id);
    assert.equal(heard.content, 'to all 120');

    const renamed = await O.ask('group:update', { chatId, title: 'Bigger' });
    assertOkAck(renamed, 'group:update');
    await L.next('chat:updated', (c) => c.id === chatId && c.title === 'Bigger');

    // Added later: the new member's inbox device hears the group from then on.
    const late = await registerUser(server);
    const Late = await clients.connect(late.token, { features: ['inbox'] });
    assertOkAck(await O.ask('group:add', { chatId, userIds: [late.id] }), 'group:add');
    await Late.next('chat:added', (c) => c.id === chatId);
    const next = await O.ask('message', { chatId, content: 'welcome' });
    await Late.next('message', (m) => m.id === next.id);
    await L.next('message', (m) => m.id === next.id);

    // Removed: it hears nothing more.
    assertOkAck(await O.ask('group:remove', { chatId, userId: last.id }), 'group:remove');
    await L.next('chat:removed', (c) => c.chatId === chatId);
    const after = await O.ask('message', { chatId, content: 'after removal' });
    await Late.next('message', (m) => m.id === after.id);
    assert.ok(!L.received('message').some((m) => m.id === after.id), 'no message after removal');
  });
});
