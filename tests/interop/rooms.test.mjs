// Room broadcasts reach exactly the sockets in the room, once each, across transports (and, with
// two I/O threads, across shards). Non-delivery is proven without sleeping: after the broadcast
// under test, a "fence" broadcast goes to a room everyone is in; delivery is FIFO per
// connection, so once a socket has the fence it has everything broadcast before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ask, record, useInterop } from './helpers.mjs';

const { server, clients } = useInterop();

const SPECS = [
  { name: 'alice', transports: ['websocket'], rooms: ['r1', 'all'] },
  { name: 'bob', transports: ['polling'], rooms: ['r1', 'all'] },
  { name: 'carol', transports: ['polling', 'websocket'], rooms: ['r1', 'all'] },
  { name: 'dave', transports: ['websocket'], rooms: ['all'] },
  { name: 'erin', transports: ['polling'], rooms: ['r2', 'all'] },
];

async function connectAll() {
  const members = {};
  await Promise.all(
    SPECS.map(async (spec) => {
      const socket = await clients.connect(server.url, { transports: spec.transports, name: spec.name });
      for (const room of spec.rooms) assert.equal(await ask(socket, 'join', room), 'ok');
      members[spec.name] = { socket, spec, news: record(socket, 'news'), fence: record(socket, 'fence') };
    }),
  );
  return members;
}

// Sends the fence from `from` and waits until every socket has received it.
async function fence(members, from, tag) {
  assert.equal(await ask(from, 'broadcast', { room: 'all', event: 'fence', data: { tag } }), 'ok');
  await Promise.all(Object.values(members).map((m) => m.fence.next()));
}

test('a broadcast to r1 except the sender reaches the other members exactly once', async () => {
  const members = await connectAll();
  const sender = members.alice.socket;
  const reply = await ask(sender, 'broadcast', { room: 'r1', event: 'news', data: { n: 1 }, exceptSelf: true });
  assert.equal(reply, 'ok');
  await fence(members, sender, 'after-news');

  for (const m of Object.values(members)) {
    assert.deepEqual(m.fence.calls, [[{ tag: 'after-news' }]], `${m.spec.name}: one fence`);
    const expected = m.spec.rooms.includes('r1') && m.spec.name !== 'alice' ? [[{ n: 1 }]] : [];
    assert.deepEqual(m.news.calls, expected, `${m.spec.name}: news deliveries`);
  }
});

test('without exceptSelf the sender gets its own broadcast; other rooms stay separate', async () => {
  const members = await connectAll();
  assert.equal(await ask(members.bob.socket, 'broadcast', { room: 'r1', event: 'news', data: { n: 2 } }), 'ok');
  assert.equal(await ask(members.dave.socket, 'broadcast', { room: 'r2', event: 'news', data: { n: 3 } }), 'ok');
  await fence(members, members.dave.socket, 'after-two');

  const got = Object.fromEntries(Object.entries(members).map(([name, m]) => [name, m.news.calls.map((c) => c[0].n)]));
  assert.deepEqual(got, { alice: [2], bob: [2], carol: [2], dave: [], erin: [3] });
});

test('leaving a room stops delivery; a room of one socket id reaches just that socket', async () => {
  const members = await connectAll();
  assert.equal(await ask(members.carol.socket, 'leave', 'r1'), 'ok');
  assert.equal(await ask(members.dave.socket, 'broadcast', { room: 'r1', event: 'news', data: { n: 4 } }), 'ok');
  // Each socket is in a room named after its id, as in Socket.IO.
  const erinId = members.erin.socket.id;
  assert.equal(await ask(members.alice.socket, 'broadcast', { room: erinId, event: 'news', data: { n: 5 } }), 'ok');
  await fence(members, members.alice.socket, 'after-leave');

  const got = Object.fromEntries(Object.entries(members).map(([name, m]) => [name, m.news.calls.map((c) => c[0].n)]));
  assert.deepEqual(got, { alice: [4], bob: [4], carol: [], dave: [], erin: [5] });
});

test('a disconnected member is no longer in its rooms', async () => {
  const members = await connectAll();
  const bob = members.bob.socket;
  const gone = new Promise((resolve) => bob.once('disconnect', resolve));
  bob.emit('bye');
  assert.equal(await gone, 'io server disconnect');
  delete members.bob;
  // The broadcast still reaches the remaining members (and the fence proves bob's absence did
  // not disturb anyone else's delivery).
  assert.equal(await ask(members.dave.socket, 'broadcast', { room: 'r1', event: 'news', data: { n: 6 } }), 'ok');
  await fence(members, members.dave.socket, 'after-bye');
  const got = Object.fromEntries(Object.entries(members).map(([name, m]) => [name, m.news.calls.map((c) => c[0].n)]));
  assert.deepEqual(got, { alice: [6], carol: [6], dave: [], erin: [] });
});
