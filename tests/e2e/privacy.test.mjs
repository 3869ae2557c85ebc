// Privacy settings, end to end: GET/PATCH /api/v1/me/privacy and privacy:updated; a hidden
// last seen and online status never reach who may not see them (users:update, user:get-presence,
// users:list, presence:subscribe, user:get-online, the REST user lists, group members), both
// ways; read receipts off keep private chats at DELIVERED for the sender (for good) and count as
// not read in groups; typing off is never forwarded; in a cluster, a change on one instance
// reaches the sockets of the other.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import { assertErrorAck, assertOkAck, assertRestError, get, openChat, registerUser, request, useParley } from './helpers.mjs';

const { server, clients } = useParley();

const patch = (user, body) => request(server, 'PATCH', '/api/v1/me/privacy', { token: user.token, body });
async function setPrivacy(user, body) {
  const res = await patch(user, body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}
const updatesAbout = (client, user) => client.received('users:update', (u) => u.userId === user.user.id);

// Everything `viewer` can ask about `subject`'s presence, by REST and Socket.IO.
async function everyView(viewer, V, subject) {
  const id = subject.user.id;
  const [users, v1users, directory, contacts] = await Promise.all([
    get(server, '/api/users', viewer.token),
    get(server, '/api/v1/users', viewer.token),
    get(server, `/api/v1/directory?search=${encodeURIComponent(subject.user.name)}`, viewer.token),
    get(server, '/api/v1/contacts', viewer.token),
  ]);
  const listed = (json) => (Array.isArray(json) ? json : json.users ?? json.contacts ?? []).find((u) => u.id === id);
  const presence = await V.ask('user:get-presence', { userId: id });
  const subscribed = await V.ask('presence:subscribe', { userIds: [id] });
  const online = await V.ask('user:get-online');
  const list = await V.ask('users:list');
  return {
    rest: [listed(users.json), listed(v1users.json), listed(directory.json), listed(contacts.json)].filter(Boolean),
    presence: presence.presence,
    subscribed: subscribed.presence[0],
    online: online.users.includes(id),
    list: list.users.find((u) => u.id === id),
  };
}

function assertHidden(view, what) {
  assert.ok(view.rest.length >= 2, `${what}: listed`);
  for (const u of view.rest) {
    assert.equal(u.lastSeen ?? null, null, `${what}: REST lastSeen ${JSON.stringify(u)}`);
    assert.notEqual(u.isOnline, true, `${what}: REST isOnline`);
  }
  assert.equal(view.presence.status, 'offline', what);
  assert.equal(view.presence.lastSeen, null, what);
  assert.equal(view.subscribed.isOnline, false, what);
  assert.equal(view.subscribed.lastSeen, null, what);
  assert.equal(view.online, false, what);
  assert.equal(view.list.isOnline, false, what);
  assert.equal(view.list.lastSeen ?? null, null, what);
}

describe('privacy settings', () => {
  test('they start at the defaults, change by the fields given, and reach the other devices', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server, { name: 'Bea' })]);
    const other = await clients.connect(a.token);
    const start = await get(server, '/api/v1/me/privacy', a.token);
    assert.equal(start.status, 200);
    assert.deepEqual(start.json, { readReceipts: true, typing: true, lastSeen: 'everybody', always: [], never: [] });

    const heard = other.next('privacy:updated', (p) => p.lastSeen === 'contacts');
    const changed = await setPrivacy(a, { lastSeen: 'contacts', never: [b.user.id] });
    assert.equal(changed.readReceipts, true);
    assert.equal(changed.lastSeen, 'contacts');
    assert.deepEqual(changed.never.map((u) => [u.id, u.name]), [[b.user.id, 'Bea']]);
    assert.deepEqual(await heard, changed);

    // Naming Bea in "always" moves her there.
    const moved = await setPrivacy(a, { always: [b.user.id] });
    assert.deepEqual(moved.never, []);
    assert.deepEqual(moved.always.map((u) => u.id), [b.user.id]);
    assert.equal(moved.lastSeen, 'contacts');
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const a = await registerUser(server);
    assertRestError(await patch(a, { lastSeen: 'friends' }), 400, 'invalid_input');
    assertRestError(await patch(a, { readReceipts: 'no' }), 400, 'invalid_input');
    assertRestError(await patch(a, { always: 'everyone' }), 400, 'invalid_input');
    assertRestError(await patch(a, { never: ['not-a-user-id'] }), 400, 'invalid_input');
    assertRestError(await patch(a, { never: [randomUUID()] }), 404, 'not_found');
    assertRestError(await patch(a, { always: Array.from({ length: 1001 }, () => randomUUID()) }), 400, 'invalid_input');
    assertRestError(await request(server, 'PATCH', '/api/v1/me/privacy', { body: { typing: false } }), 401, 'unauthorized');
    const now = await get(server, '/api/v1/me/privacy', a.token);
    assert.deepEqual(now.json, { readReceipts: true, typing: true, lastSeen: 'everybody', always: [], never: [] });
  });

  test('a hidden last seen and online status reach nobody, in no answer and no update, both ways', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    await openChat(server, a, b);
    // Bea's socket declares nothing: the contract's everyone's presence, less Ann's.
    const B = await clients.connect(b.token);
    // The change reaches Bea's instance (in a cluster, a moment after the answer): she hears
    // Ann hidden.
    const applied = B.next('users:update', (u) => u.userId === a.user.id && u.lastSeen === null);
    await setPrivacy(a, { lastSeen: 'nobody' });
    await applied;
    const A = await clients.connect(a.token);
    const A2 = await clients.connect(a.token, { features: ['inbox', 'scoped-presence'] });
    A2.close();
    // Cal comes and goes after Ann: once Bea has heard Cal, she would have heard Ann before.
    const calSeen = B.next('users:update', (u) => u.userId === c.user.id && u.isOnline === false);
    (await clients.connect(c.token)).close();
    await calSeen;
    const revealing = (u) => u.isOnline !== false || u.lastSeen !== null;
    assert.deepEqual(updatesAbout(B, a).filter(revealing), [], 'Bea heard Ann come online');
    assertHidden(await everyView(b, B, a), 'Ann seen by Bea');
    // Both ways: Ann does not see Bea's either.
    assertHidden(await everyView(a, A, b), 'Bea seen by Ann');

    A.close();
    const calAgain = B.next('users:update', (u) => u.userId === c.user.id && u.isOnline === false);
    (await clients.connect(c.token)).close();
    await calAgain;
    assert.deepEqual(updatesAbout(B, a).filter(revealing), [], 'Bea heard Ann go');
    assertHidden(await everyView(b, B, a), 'Ann gone, seen by Bea');
  });

  test('the people one chats with, and the exceptions', async () => {
    const [a, friend, stranger, blocked] = await Promise.all([1, 2, 3, 4].map(() => registerUser(server)));
    await Promise.all([openChat(server, a, friend), openChat(server, a, blocked)]);
    const [F, S, X] = await Promise.all([friend, stranger, blocked].map((u) => clients.connect(u.token)));
    const A = await clients.connect(a.token);
    await Promise.all([F, S, X].map((C) => C.next('users:update', (u) => u.userId === a.user.id && u.isOnline)));
    // Who may no longer see Ann hears so (in a cluster: once their instance knows).
    const hiddenFrom = [S, X].map((C) => C.next('users:update', (u) => u.userId === a.user.id && u.lastSeen === null));
    await setPrivacy(a, { lastSeen: 'contacts', never: [blocked.user.id] });
    await Promise.all(hiddenFrom);
    const seen = await everyView(friend, F, a);
    assert.equal(seen.presence.status, 'online');
    assert.equal(seen.online, true);
    assertHidden(await everyView(stranger, S, a), 'a stranger');
    assertHidden(await everyView(blocked, X, a), 'a contact in never');
    const shared = S.next('users:update', (u) => u.userId === a.user.id && u.isOnline === true);
    await setPrivacy(a, { always: [stranger.user.id] });
    await shared;
    assert.equal((await everyView(stranger, S, a)).presence.status, 'online');
    A.close();
  });

  test('hiding and sharing again tell who watches at once', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const B = await clients.connect(b.token);
    const A = await clients.connect(a.token);
    await B.next('users:update', (u) => u.userId === a.user.id && u.isOnline === true);
    const hidden = B.next('users:update', (u) => u.userId === a.user.id && u.isOnline === false);
    await setPrivacy(a, { lastSeen: 'nobody' });
    assert.equal((await hidden).lastSeen, null);
    const back = B.next('users:update', (u) => u.userId === a.user.id && u.isOnline === true);
    await setPrivacy(a, { lastSeen: 'everybody' });
    await back;
    A.close();
  });

  test('group members show no hidden last seen', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    (await clients.connect(a.token)).close(); // a last seen
    const B = await clients.connect(b.token);
    const group = await B.ask('group:create', { title: 'G', memberIds: [a.user.id, c.user.id] });
    assertOkAck(group);
    const before = await B.ask('group:members', { chatId: group.chat.id });
    assert.equal(typeof before.members.find((m) => m.id === a.user.id).lastSeen, 'number');
    const applied = B.next('users:update', (u) => u.userId === a.user.id && u.lastSeen === null);
    await setPrivacy(a, { lastSeen: 'nobody' });
    await applied; // (in a cluster: Bea's instance knows)
    const after = await B.ask('group:members', { chatId: group.chat.id });
    assert.equal(after.members.find((m) => m.id === a.user.id).lastSeen ?? null, null);
  });
});

describe('read receipts off', () => {
  test('a private chat stays at DELIVERED for the sender, for good; the reader sees what they read', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    await setPrivacy(b, { readReceipts: false });
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const sent = await A.ask('message', { chatId: chat.id, content: 'read me' });
    await B.next('message', (m) => m.id === sent.id);
    assertOkAck(await B.ask('chat:read', { chatId: chat.id, seq: sent.seq }));
    // Something after the read: a reply, which Ann hears after any status of the read.
    const reply = await B.ask('message', { chatId: chat.id, content: 'ok' });
    await A.next('message', (m) => m.id === reply.id);
    await A.barrier();
    assert.deepEqual(A.received('message:status', (s) => s.status === 'READ'), []);
    const hers = await get(server, `/api/v1/chats/${chat.id}/messages`, a.token);
    assert.equal(hers.json.find((m) => m.id === sent.id).status, 'DELIVERED');
    const his = await get(server, `/api/v1/chats/${chat.id}/messages`, b.token);
    assert.equal(his.json.find((m) => m.id === sent.id).status, 'READ');
    // The change feed says the same to each (an edit puts the message there).
    assertOkAck(await A.ask('message:edit', { messageId: sent.id, content: 'read me!' }));
    const feedA = await A.ask('chat:changes', { chatId: chat.id, since: 0 });
    assert.equal(feedA.messages.find((m) => m.id === sent.id)?.status, 'DELIVERED');
    const feedB = await B.ask('chat:changes', { chatId: chat.id, since: 0 });
    assert.equal(feedB.messages.find((m) => m.id === sent.id)?.status, 'READ');

    // Receipts on again: the quiet read stays quiet; the next one shows.
    await setPrivacy(b, { readReceipts: true });
    const next = await A.ask('message', { chatId: chat.id, content: 'and this' });
    await B.next('message', (m) => m.id === next.id);
    const readShown = A.next('message:status', (s) => s.messageId === next.id && s.status === 'READ');
    assertOkAck(await B.ask('chat:read', { chatId: chat.id, seq: next.seq }));
    await readShown;
    const later = await get(server, `/api/v1/chats/${chat.id}/messages`, a.token);
    assert.equal(later.json.find((m) => m.id === sent.id).status, 'DELIVERED');
    assert.equal(later.json.find((m) => m.id === next.id).status, 'READ');
  });

  test('who turns them off sees no read receipts in private chats either', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    await setPrivacy(a, { readReceipts: false });
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const sent = await A.ask('message', { chatId: chat.id, content: 'hi' });
    await B.next('message', (m) => m.id === sent.id);
    assertOkAck(await B.ask('chat:read', { chatId: chat.id, seq: sent.seq }));
    const reply = await B.ask('message', { chatId: chat.id, content: 'hey' });
    await A.next('message', (m) => m.id === reply.id);
    await A.barrier();
    assert.deepEqual(A.received('message:status', (s) => s.status === 'READ'), []);
    const hers = await get(server, `/api/v1/chats/${chat.id}/messages`, a.token);
    assert.equal(hers.json.find((m) => m.id === sent.id).status, 'DELIVERED');
    // Nor in the change feed (an edit puts the message there).
    assertOkAck(await A.ask('message:edit', { messageId: sent.id, content: 'hi!' }));
    const changes = await A.ask('chat:changes', { chatId: chat.id, since: 0 });
    assertOkAck(changes);
    const changed = changes.messages.find((m) => m.id === sent.id);
    assert.equal(changed?.content, 'hi!');
    assert.equal(changed.status, 'DELIVERED');
    // Bea, who read it, sees it read in the feed too.
    const hisChanges = await B.ask('chat:changes', { chatId: chat.id, since: 0 });
    assert.equal(hisChanges.messages.find((m) => m.id === sent.id)?.status, 'READ');
  });

  test('in a group, a member with receipts off counts as not having read', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    await setPrivacy(c, { readReceipts: false });
    const [A, B, C] = await Promise.all([a, b, c].map((u) => clients.connect(u.token, { features: ['inbox'] })));
    const created = await A.ask('group:create', { title: 'Readers', memberIds: [b.user.id, c.user.id] });
    assertOkAck(created);
    const chatId = created.chat.id;
    const sent = await A.ask('message', { chatId, content: 'chapter one' });
    await Promise.all([B, C].map((X) => X.next('message', (m) => m.id === sent.id)));
    assertOkAck(await B.ask('chat:read', { chatId, seq: sent.seq }));
    assertOkAck(await C.ask('chat:read', { chatId, seq: sent.seq }));
    const receipts = await A.ask('message:receipts', { messageId: sent.id });
    assertOkAck(receipts);
    const byId = Object.fromEntries(receipts.members.map((m) => [m.id, m]));
    assert.equal(byId[b.user.id].read, true);
    assert.equal(byId[c.user.id].read, false);
    assert.equal(byId[c.user.id].readAt, null);
    await A.barrier();
    assert.deepEqual(A.received('chat:receipts', (r) => r.chatId === chatId && r.readSeq >= sent.seq), []);
    // Cal's own unread count went by her read: her chat list has nothing unread up to it.
    const mine = await C.ask('group:members', { chatId });
    assertOkAck(mine);
  });
});

describe('typing off', () => {
  test('is acknowledged and never forwarded', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    await setPrivacy(a, { typing: false });
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    assertOkAck(await A.ask('typing:start', { chatId: chat.id }));
    // Bea's own typing is forwarded: once Ann hears it, Bea would have heard Ann's before.
    assertOkAck(await B.ask('typing:start', { chatId: chat.id }));
    await A.next('typing', (e) => e.chatId === chat.id && e.userIds.includes(b.user.id));
    const sent = await A.ask('message', { chatId: chat.id, content: 'x' });
    await B.next('message', (m) => m.id === sent.id);
    assert.deepEqual(B.received('typing', (e) => e.userIds.includes(a.user.id)), []);
    await setPrivacy(a, { typing: true });
    assertOkAck(await A.ask('typing:start', { chatId: chat.id }));
    await B.next('typing', (e) => e.userIds.includes(a.user.id));
  });
});

describe('privacy in a cluster', () => {
  test('a change on one instance reaches the watchers on the other', async () => {
    const [first, second] = [server.url, server.url];
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const B = await clients.connect(b.token, { url: second });
    const A = await clients.connect(a.token, { url: first });
    await B.next('users:update', (u) => u.userId === a.user.id && u.isOnline === true);
    const hidden = B.next('users:update', (u) => u.userId === a.user.id && u.isOnline === false);
    await setPrivacy(a, { lastSeen: 'nobody' });
    await hidden;
    // The other instance knows the setting: Ann going is not heard there.
    A.close();
    const c = await registerUser(server);
    const calGone = B.next('users:update', (u) => u.userId === c.user.id && u.isOnline === false);
    (await clients.connect(c.token, { url: second })).close();
    await calGone;
    assert.equal(updatesAbout(B, a).filter((u) => u.isOnline === false && u.lastSeen !== null).length, 0);
    assertHidden(await everyView(b, B, a), 'Ann seen on the other instance');
  });
});
