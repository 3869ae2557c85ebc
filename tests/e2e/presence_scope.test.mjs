// Scoped presence: a socket that declares the handshake feature "scoped-presence" hears
// users:update only for its contacts (users who share a chat with it) and the users it
// subscribed to (presence:subscribe); a socket that declares nothing hears everyone, as the
// contract says. GET /api/v1/contacts lists the contacts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import { assertErrorAck, assertOkAck, get, openChat, registerUser, useParley } from './helpers.mjs';

const { server, clients } = useParley();
const SCOPED = { features: ['inbox', 'scoped-presence'] };

const updatesFor = (client, userId) => client.received('users:update', (u) => u.userId === userId);
const onlineOf = (client, user) => client.next('users:update', (u) => u.userId === user.id && u.isOnline === true);
const offlineOf = (client, user) => client.next('users:update', (u) => u.userId === user.id && u.isOnline === false);

describe('scoped-presence', () => {
  test("a scoped socket hears its contacts' presence and not strangers'; a plain socket hears everyone's", async () => {
    const [a, contact, stranger, plain] = await Promise.all([1, 2, 3, 4].map(() => registerUser(server)));
    await openChat(server, a, contact);
    const scoped = await clients.connect(a.token, SCOPED);
    const everyone = await clients.connect(plain.token);

    // The stranger comes online first, then the contact. Every socket hears the transitions
    // in the one order they happened, so once the contact's has arrived, the stranger's would
    // have arrived before it.
    const strangerSeen = onlineOf(everyone, stranger);
    const s1 = await clients.connect(stranger.token);
    await strangerSeen;
    const contactSeen = onlineOf(scoped, contact);
    const contactSeenByPlain = onlineOf(everyone, contact);
    const c1 = await clients.connect(contact.token);
    await Promise.all([contactSeen, contactSeenByPlain]);
    assert.deepEqual(updatesFor(scoped, stranger.id), [], "a scoped socket heard a stranger's presence");

    // Going offline too.
    const strangerGone = offlineOf(everyone, stranger);
    s1.close();
    await strangerGone;
    const contactGone = offlineOf(scoped, contact);
    c1.close();
    const gone = await contactGone;
    assert.equal(typeof gone.lastSeen, 'number');
    assert.deepEqual(updatesFor(scoped, stranger.id), []);
  });

  test('a new chat makes its two people contacts at once, on their open sockets', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const sa = await clients.connect(a.token, SCOPED);
    let sb = await clients.connect(b.token, SCOPED);
    await openChat(server, a, b);
    // The chat makes the open sockets join each other's presence rooms. On one instance that
    // happens before the answer to the next request of the socket; across instances it travels
    // over the bus, so there b's device may come and go a few times before a hears it.
    const attempts = process.env.PARLEY_E2E_CLUSTER ? 10 : 1;
    await sa.barrier();
    let heard = false;
    for (let i = 0; i < attempts && !heard; i += 1) {
      const gone = offlineOf(sa, b);
      sb.close();
      heard = await gone.then(() => true, () => false);
      sb = await clients.connect(b.token, SCOPED);
    }
    assert.ok(heard, "a did not hear b's presence after they opened a chat");
    await onlineOf(sa, b);
  });

  test('GET /api/v1/contacts lists the users who share a chat, with presence', async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => registerUser(server)));
    await openChat(server, a, b);
    await openChat(server, c, a);
    const online = await clients.connect(b.token);
    const res = await get(server, '/api/v1/contacts', a.token);
    assert.equal(res.status, 200, res.text);
    const byId = Object.fromEntries(res.json.map((u) => [u.id, u]));
    assert.deepEqual(Object.keys(byId).sort(), [b.id, c.id].sort());
    assert.equal(byId[b.id].isOnline, true);
    assert.equal(byId[c.id].isOnline, false);
    assert.ok(!(d.id in byId));
    assert.equal((await get(server, '/api/v1/contacts', d.token)).json.length, 0);
    assert.equal((await get(server, '/api/v1/contacts')).status, 401);
    online.close();
  });
});

describe('presence:subscribe', () => {
  test('a socket hears the presence of users it subscribed to, until it unsubscribes', async () => {
    const [a, watched, contact, other] = await Promise.all([1, 2, 3, 4].map(() => registerUser(server)));
    await openChat(server, a, contact);
    const sa = await clients.connect(a.token, SCOPED);
    const plain = await clients.connect(other.token);

    const ack = await sa.ask('presence:subscribe', { userIds: [watched.id] });
    assertOkAck(ack);
    assert.deepEqual(ack.presence, [{ userId: watched.id, isOnline: false, status: 'offline', lastSeen: null }]);
    const seen = onlineOf(sa, watched);
    const w1 = await clients.connect(watched.token);
    await seen;
    // Subscribing again to someone online answers with their presence and changes nothing.
    const again = await sa.ask('presence:subscribe', { userIds: [watched.id] });
    assertOkAck(again);
    assert.equal(again.presence[0].isOnline, true);
    assert.equal(again.presence[0].status, 'online');

    assertOkAck(await sa.ask('presence:unsubscribe', { userIds: [watched.id] }));
    // The watched user leaves (a plain socket hears it), then the contact comes: a hears the
    // contact, and would have heard the watched user's departure before it.
    const wGone = offlineOf(plain, watched);
    w1.close();
    await wGone;
    const contactSeen = onlineOf(sa, contact);
    await clients.connect(contact.token);
    await contactSeen;
    assert.deepEqual(
      updatesFor(sa, watched.id).map((u) => u.isOnline),
      [true],
      'after presence:unsubscribe the socket still heard the user',
    );
  });

  test('bad requests: ids that are not UUIDs, too many per call, too many per connection', async () => {
    const a = await registerUser(server);
    const sa = await clients.connect(a.token, SCOPED);
    assertErrorAck(await sa.ask('presence:subscribe', { userIds: ['nope'] }), 'invalid_input');
    assertErrorAck(await sa.ask('presence:subscribe', { userIds: 'nope' }), 'invalid_input');
    assertErrorAck(await sa.ask('presence:subscribe', {}), 'invalid_input');
    const tooMany = Array.from({ length: 201 }, () => randomUUID());
    assertErrorAck(await sa.ask('presence:subscribe', { userIds: tooMany }), 'invalid_input');
    // 1,000 per connection: five full calls, then one more is refused.
    for (let i = 0; i < 5; i += 1) {
      const ack = await sa.ask('presence:subscribe', { userIds: Array.from({ length: 200 }, () => randomUUID()) });
      assertOkAck(ack);
      assert.equal(ack.presence.length, 200);
      assert.ok(ack.presence.every((p) => p.isOnline === false));
    }
    const over = await sa.ask('presence:subscribe', { userIds: [randomUUID()] });
    assertErrorAck(over, 'invalid_input');
    assert.match(over.message, /1000/);
    // Unknown ids unsubscribe quietly.
    assertOkAck(await sa.ask('presence:unsubscribe', { userIds: [randomUUID()] }));
    assert.ok(sa.connectedNow);
  });
});
