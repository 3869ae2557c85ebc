// §1.2 Socket.IO connection (handshake auth, connection:established, users:update) and the
// presence events of §1.3 (user:get-online, user:get-presence, users:list).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  Client, assertErrorAck, assertOkAck, assertUser, connectError, registerUser, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const updatesFor = (client, userId) => client.received('users:update', (u) => u.userId === userId);

describe('handshake', () => {
  test("no token: CONNECT_ERROR 'No token provided'", async () => {
    assert.equal(await connectError(server, {}), 'No token provided');
    assert.equal(await connectError(server, { token: '' }), 'No token provided');
    assert.equal(await connectError(server, undefined), 'No token provided');
  });

  test("garbage or forged token: CONNECT_ERROR 'Invalid token'", async () => {
    assert.equal(await connectError(server, { token: 'garbage' }), 'Invalid token');
    assert.equal(await connectError(server, { token: 'Bearer garbage' }), 'Invalid token');
    assert.equal(await connectError(server, { token: 'a.b.c' }), 'Invalid token');
    const u = await registerUser(server);
    const [h, p] = u.token.split('.');
    assert.equal(await connectError(server, { token: `${h}.${p}.${'A'.repeat(43)}` }), 'Invalid token');
    // 'User not found' needs a valid token of a deleted user; there is no way to delete a user
    // through the contract, so that refusal is not produced here.
  });

  test("the JWT with and without 'Bearer '; connection:established {userId}", async () => {
    const u = await registerUser(server);
    for (const token of [u.token, `Bearer ${u.token}`]) {
      const c = await clients.connect(token);
      assert.equal(c.established.userId, u.id);
      assert.equal(c.received('connection:established').length, 1);
      c.close();
    }
  });
});

describe('users:update', () => {
  test('isOnline:true when the first device connects, isOnline:false with lastSeen only when the last disconnects', async () => {
    const [watcher, b, d] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const w = await clients.connect(watcher.token);

    // First device of b: every connected client hears it.
    const b1 = await clients.connect(b.token);
    const online = await w.next('users:update', (u) => u.userId === b.id);
    assert.deepEqual({ userId: online.userId, isOnline: online.isOnline }, { userId: b.id, isOnline: true });

    // Second device: nothing. b2 runs a request on its own queue, after its connect work; then
    // d's first device connects, and its users:update is emitted after anything b2 caused.
    const b2 = await clients.connect(b.token);
    await b2.barrier();
    await b1.barrier();
    assert.equal(b1.received('connection:established').length, 1, 'connection:established went to another socket');
    const dOnline = w.next('users:update', (u) => u.userId === d.id && u.isOnline === true);
    const d1 = await clients.connect(d.token);
    await dOnline;
    assert.equal(updatesFor(w, b.id).length, 1, `a second device announced b again: ${JSON.stringify(updatesFor(w, b.id))}`);

    // Closing one of two devices: nothing. Then the last device closes: one isOnline:false.
    const beforeClose = Date.now();
    b2.close();
    const st = await w.ask('user:get-presence', { userId: b.id });
    assertOkAck(st);
    assert.equal(st.presence.status, 'online', 'b still has a device');
    b1.close();
    const offline = await w.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
    const afterClose = Date.now();
    assert.equal(typeof offline.lastSeen, 'number', `lastSeen in ${JSON.stringify(offline)}`);
    assert.ok(offline.lastSeen >= beforeClose - 5 && offline.lastSeen <= afterClose + 5,
      `lastSeen ${offline.lastSeen} is epoch ms of the disconnect (${beforeClose}..${afterClose})`);
    // Barrier: b comes back. Its isOnline:true is emitted after b1's disconnect was handled
    // (we waited for its isOnline:false); b2's close went out before b1's, so an
    // announcement of b2's close would have come before it. (The server handles the two
    // closes on different queues, so this barrier is as strict as the protocol allows.)
    const b3 = await clients.connect(b.token);
    await w.next('users:update', (u) => u.userId === b.id && u.isOnline === true);
    await w.barrier();
    assert.deepEqual(updatesFor(w, b.id).map((u) => u.isOnline), [true, false, true],
      `users:update for b: ${JSON.stringify(updatesFor(w, b.id))}`);

    // The other clients heard it too (d's socket was connected all along).
    await d1.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
    b3.close();
    d1.close();
    w.close();
  });

  test('every connected client gets users:update, including other devices of unrelated users', async () => {
    const [x, y, z] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const x1 = await clients.connect(x.token);
    const y1 = await clients.connect(y.token);
    const y2 = await clients.connect(y.token);
    const z1 = await clients.connect(z.token);
    for (const c of [x1, y1, y2]) {
      const u = await c.next('users:update', (e) => e.userId === z.id && e.isOnline === true);
      assert.equal(u.isOnline, true);
    }
    z1.close();
    for (const c of [x1, y1, y2]) await c.next('users:update', (e) => e.userId === z.id && e.isOnline === false);
    for (const c of [x1, y1, y2]) c.close();
  });
});

describe('users:update under concurrency', () => {
  test('the users:update a client sees last agrees with the presence, while devices come and go at once',
    async () => {
    // A user's devices connect and disconnect concurrently; one stays. The transitions of the
    // user's presence alternate (online, offline, online, ...) and end online, so the events
    // every client receives must alternate too, and the last one must say online. Each round
    // ends with a barrier: after the staying device's own request (its connect work is done,
    // so every 0<->1 transition has happened), another user's first device connects and the
    // watcher waits for that users:update, which is emitted after all of the above.
    const watcher = await registerUser(server);
    const W = await clients.connect(watcher.token);
    const ROUNDS = 150;
    let failure = null;
    for (let round = 0; round < ROUNDS && !failure; round++) {
      const u = await registerUser(server);
      const flaps = [];
      for (let i = 0; i < 6; i++) flaps.push(Client.connect(server, u.token).then((c) => c.close()));
      const keep = Client.connect(server, u.token);
      await Promise.all(flaps);
      const K = await keep;
      await K.barrier();
      const x = await registerUser(server);
      const X = await Client.connect(server, x.token);
      await W.next('users:update', (e) => e.userId === x.id && e.isOnline === true);
      const presence = await W.ask('user:get-presence', { userId: u.id });
      const seen = updatesFor(W, u.id).map((e) => e.isOnline);
      const alternates = seen.every((v, i) => v === (i % 2 === 0));
      if (presence.presence.status !== 'online' || !alternates || seen[seen.length - 1] !== true) {
        failure = `round ${round}: presence ${presence.presence.status}, users:update isOnline sequence ${JSON.stringify(seen)}`;
      }
      K.close();
      X.close();
    }
    W.close();
    assert.equal(failure, null,
      `users:update events were broadcast out of the order of the presence changes, so a client ends up with the wrong state: ${failure}`);
  });
});

describe('transports', () => {
  test('the default socket.io-client transports (polling, then upgrade to WebSocket) carry the contract', async () => {
    const [p, q] = await Promise.all([registerUser(server), registerUser(server)]);
    const P = await clients.connect(p.token, { transports: ['polling', 'websocket'] });
    const Q = await clients.connect(q.token, { transports: ['polling'] });
    assert.equal(P.id, p.id);
    assert.equal(Q.id, q.id);
    const { chatId } = await P.ask('chat:get', { recipientId: q.id });
    assertOkAck(await Q.ask('chat:join', { chatId }), 'chat:join over polling');
    const m = await P.ask('message', { chatId, content: 'over polling' });
    const got = await Q.next('message', (x) => x.id === m.id);
    assert.equal(got.content, 'over polling');
    assertOkAck(await Q.ask('message:read', { messageId: m.id }));
    await P.next('message:status', (e) => e.messageId === m.id && e.status === 'READ');
    assert.equal(await connectError(server, { token: 'garbage' }), 'Invalid token');
    P.close();
    Q.close();
  });
});

describe('presence', () => {
  test('user:get-online {status, users, count}', async () => {
    const [p, q] = await Promise.all([registerUser(server), registerUser(server)]);
    const p1 = await clients.connect(p.token);
    const ack = await p1.ask('user:get-online');
    assertOkAck(ack, 'user:get-online');
    assert.ok(Array.isArray(ack.users), 'users is an array');
    assert.equal(ack.count, ack.users.length, 'count is the number of users');
    const ids = ack.users.map((u) => (typeof u === 'string' ? u : u.id ?? u.userId));
    assert.ok(ids.includes(p.id), 'the caller is online');
    assert.ok(!ids.includes(q.id), 'q has no socket');
    const q1 = await clients.connect(q.token);
    const ack2 = await p1.ask('user:get-online', {});
    assertOkAck(ack2);
    const ids2 = ack2.users.map((u) => (typeof u === 'string' ? u : u.id ?? u.userId));
    assert.ok(ids2.includes(q.id), 'q is online now');
    assert.equal(new Set(ids2).size, ids2.length, 'each online user once');
    q1.close();
    p1.close();
  });

  test('user:get-presence {status, presence: {userId, status, lastSeen}}', async () => {
    const [p, q] = await Promise.all([registerUser(server), registerUser(server)]);
    const p1 = await clients.connect(p.token);

    const never = await p1.ask('user:get-presence', { userId: q.id });
    assertOkAck(never);
    assert.equal(never.presence.userId, q.id);
    assert.equal(never.presence.status, 'offline');
    assert.ok(Object.hasOwn(never.presence, 'lastSeen'), 'lastSeen is present');
    assert.ok(never.presence.lastSeen === null || Number.isInteger(never.presence.lastSeen));

    const q1 = await clients.connect(q.token);
    await p1.next('users:update', (u) => u.userId === q.id && u.isOnline);
    const on = await p1.ask('user:get-presence', { userId: q.id });
    assertOkAck(on);
    assert.equal(on.presence.userId, q.id);
    assert.ok(['online', 'away'].includes(on.presence.status), `status ${on.presence.status}`);
    assert.equal(on.presence.status, 'online', 'just connected: online, not away');

    const t0 = Date.now();
    q1.close();
    const upd = await p1.next('users:update', (u) => u.userId === q.id && !u.isOnline);
    const t1 = Date.now();
    const off = await p1.ask('user:get-presence', { userId: q.id });
    assertOkAck(off);
    assert.equal(off.presence.status, 'offline');
    assert.ok(Number.isInteger(off.presence.lastSeen), `lastSeen ${off.presence.lastSeen} is epoch ms`);
    assert.ok(off.presence.lastSeen >= t0 - 5 && off.presence.lastSeen <= t1 + 5,
      `lastSeen ${off.presence.lastSeen} within ${t0}..${t1}`);
    assert.equal(off.presence.lastSeen, upd.lastSeen, 'the same lastSeen as users:update');

    // And in the user lists.
    const list = await p1.ask('users:list');
    const row = list.users.find((u) => u.id === q.id);
    assert.equal(row.isOnline, false);
    if (row.lastSeen !== undefined) assert.equal(row.lastSeen, off.presence.lastSeen);

    assertErrorAck(await p1.ask('user:get-presence', { userId: 'nope' }), 'invalid_input', 'malformed userId');
    assertErrorAck(await p1.ask('user:get-presence', { userId: randomUUID() }), 'not_found', 'unknown user');
    assertErrorAck(await p1.ask('user:get-presence', {}), 'invalid_input', 'missing userId');
    p1.close();
  });

  test('users:list {users: [{id, email, name, isOnline}]}', async () => {
    const [p, q] = await Promise.all([registerUser(server), registerUser(server)]);
    const p1 = await clients.connect(p.token);
    const ack = await p1.ask('users:list');
    assert.ok(Array.isArray(ack.users), JSON.stringify(ack));
    for (const u of ack.users) assertUser(u, { withOnline: true });
    const me = ack.users.find((u) => u.id === p.id);
    const other = ack.users.find((u) => u.id === q.id);
    assert.deepEqual({ email: me.email, name: me.name, isOnline: me.isOnline }, { email: p.email, name: p.name, isOnline: true });
    assert.deepEqual({ email: other.email, name: other.name, isOnline: other.isOnline }, { email: q.email, name: q.name, isOnline: false });
    // With an empty object as the payload too.
    const again = await p1.ask('users:list', {});
    assert.ok(Array.isArray(again.users));
    p1.close();
  });
});
