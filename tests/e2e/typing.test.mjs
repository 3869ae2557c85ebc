// Typing indicators, end to end: typing:start and typing:stop reach the chat's members as
// `typing {chatId, userIds}` (never stored); repeats within the timeout are not sent again;
// a chat's updates are coalesced to two a second; a typist stops when they send a message,
// when their connection drops (at once) and when they fall silent (typing_timeout_ms); only
// members may type; typists on different instances of a cluster are merged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, Client, get, inboxPair, openChat, registerUser, request, startParley, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const pair = () => inboxPair(server, clients, ['Ann', 'Ben']);

// The next `typing` of the chat whose typists are exactly `userIds`.
const typingOf = (client, chatId, userIds) =>
  client.next('typing', (e) => e.chatId === chatId && JSON.stringify(e.userIds) === JSON.stringify(userIds));

describe('typing indicators', () => {
  test('a typist reaches the other member, in the order they started, until they stop', async () => {
    const { a, b, A, B, chatId } = await pair();
    assertOkAck(await A.ask('typing:start', { chatId }));
    const first = await typingOf(B, chatId, [a.user.id]);
    assert.deepEqual(Object.keys(first).sort(), ['chatId', 'userIds']);
    assertOkAck(await B.ask('typing:start', { chatId }));
    await typingOf(A, chatId, [a.user.id, b.user.id]);
    await typingOf(B, chatId, [a.user.id, b.user.id]); // the full list: the client leaves itself out
    assertOkAck(await A.ask('typing:stop', { chatId }));
    await typingOf(B, chatId, [b.user.id]);
    assertOkAck(await B.ask('typing:stop', { chatId }));
    await typingOf(A, chatId, []);
    // Never stored: the history has nothing of it.
    const history = await request(server, 'GET', `/api/v1/chats/${chatId}/messages`, { token: b.token });
    assert.deepEqual(history.json, []);
  });

  test('sending a message in the chat stops the sender\'s typing', async () => {
    const { a, A, B, chatId } = await pair();
    assertOkAck(await A.ask('typing:start', { chatId }));
    await typingOf(B, chatId, [a.user.id]);
    const sent = await A.ask('message', { chatId, content: 'here it is' });
    await B.next('message', (m) => m.id === sent.id);
    await typingOf(B, chatId, []);
  });

  test('a repeat within the timeout sends nothing new', async () => {
    const { a, b, A, B, chatId } = await pair();
    assertOkAck(await A.ask('typing:start', { chatId }));
    await typingOf(B, chatId, [a.user.id]);
    for (let i = 0; i < 5; i++) assertOkAck(await A.ask('typing:start', { chatId }));
    // Ben's own start is the next change: nothing may come between.
    assertOkAck(await B.ask('typing:start', { chatId }));
    await typingOf(A, chatId, [a.user.id, b.user.id]);
    assert.deepEqual(A.received('typing', (e) => e.chatId === chatId).map((e) => e.userIds),
      [[a.user.id], [a.user.id, b.user.id]]);
  });

  test('a dropped connection stops its typing at once, not after the timeout', async () => {
    const { a, A, B, chatId } = await pair();
    assertOkAck(await A.ask('typing:start', { chatId }));
    await typingOf(B, chatId, [a.user.id]);
    const dropped = Date.now();
    A.socket.io.engine.close(); // the transport goes, with no Socket.IO goodbye
    await typingOf(B, chatId, []);
    assert.ok(Date.now() - dropped < 3000, `stopped after ${Date.now() - dropped} ms`);
  });

  test('another device of the typist keeps typing when one stops', async () => {
    const { a, b, A, B, chatId } = await pair();
    const A2 = await clients.connect(a.token, { features: ['inbox'] });
    assertOkAck(await A.ask('typing:start', { chatId }));
    assertOkAck(await A2.ask('typing:start', { chatId }));
    await typingOf(B, chatId, [a.user.id]);
    assertOkAck(await A.ask('typing:stop', { chatId }));
    assertOkAck(await B.ask('typing:start', { chatId }));
    await typingOf(B, chatId, [a.user.id, b.user.id]);
    assert.deepEqual(B.received('typing', (e) => e.chatId === chatId).map((e) => e.userIds),
      [[a.user.id], [a.user.id, b.user.id]]);
    A2.close(); // its last device that typed
    await typingOf(B, chatId, [b.user.id]);
  });

  test('many typists in a group make at most two updates a second', async () => {
    const owner = await registerUser(server, { name: 'Olga' });
    const members = await Promise.all(Array.from({ length: 12 }, (_, i) => registerUser(server, { name: `M${i}` })));
    const g = await request(server, 'POST', '/api/v1/groups', {
      token: owner.token, body: { title: 'Busy', memberIds: members.map((m) => m.user.id) },
    });
    assert.equal(g.status, 201, g.text);
    const chatId = g.json.id;
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const typists = await Promise.all(members.map((m) => clients.connect(m.token, { features: ['inbox'] })));
    const started = Date.now();
    await Promise.all(typists.map(async (T) => assertOkAck(await T.ask('typing:start', { chatId }))));
    const all = members.map((m) => m.user.id);
    await O.next('typing', (e) => e.chatId === chatId && e.userIds.length === all.length);
    const elapsed = Date.now() - started;
    const updates = O.received('typing', (e) => e.chatId === chatId);
    assert.deepEqual([...updates.at(-1).userIds].sort(), [...all].sort());
    assert.ok(updates.length <= 2 + Math.floor(elapsed / 500),
      `${updates.length} updates in ${elapsed} ms: ${JSON.stringify(updates.map((u) => u.userIds.length))}`);
  });

  test('only members type; bad input gets a clear error and the socket stays up', async () => {
    const { a, A, chatId } = await pair();
    const eve = await registerUser(server, { name: 'Eve' });
    const E = await clients.connect(eve.token, { features: ['inbox'] });
    assertErrorAck(await E.ask('typing:start', { chatId }), 'forbidden');
    assertErrorAck(await E.ask('typing:stop', { chatId }), 'forbidden');
    assertErrorAck(await A.ask('typing:start', { chatId: crypto.randomUUID() }), 'not_found');
    assertErrorAck(await A.ask('typing:start', { chatId: 'not-an-id' }), 'invalid_input');
    assertErrorAck(await A.ask('typing:start', { chatId: 42 }), 'invalid_input');
    assertErrorAck(await A.ask('typing:start', {}), 'invalid_input');
    assertErrorAck(await A.ask('typing:start', 'chat'), 'invalid_input');
    assertErrorAck(await A.ask('typing:stop', { chatId: null }), 'invalid_input');
    assert.ok(A.connectedNow && E.connectedNow);
    // Eve heard nothing of the chat.
    assertOkAck(await A.ask('typing:start', { chatId }));
    await A.next('typing', (e) => e.chatId === chatId && e.userIds[0] === a.user.id);
    await E.barrier();
    assert.deepEqual(E.received('typing'), []);
  });

  test('a typist on one instance reaches a member on another', async () => {
    // In the cluster shape consecutive urls are the two instances.
    const [first, second] = [server.url, server.url];
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const A = await clients.connect(a.token, { features: ['inbox'], url: first });
    const B = await clients.connect(b.token, { features: ['inbox'], url: second });
    assertOkAck(await A.ask('typing:start', { chatId: chat.id }));
    await typingOf(B, chat.id, [a.user.id]);
    assertOkAck(await B.ask('typing:start', { chatId: chat.id }));
    await typingOf(A, chat.id, [a.user.id, b.user.id]);
    A.close(); // its instance tells the other at once
    await typingOf(B, chat.id, [b.user.id]);
  });

  test('/api/events.json lists the typing events', async () => {
    const doc = (await get(server, '/api/events.json')).json;
    const client = doc.clientToServer.map((e) => e.event);
    assert.ok(client.includes('typing:start') && client.includes('typing:stop'), JSON.stringify(client));
    const typing = doc.serverToClient.find((e) => e.event === 'typing');
    assert.equal(typing?.payload, '{chatId, userIds}');
  });
});

describe('a silent typist', () => {
  const quick = {};
  before(async () => {
    Object.assign(quick, await startParley({ args: ['--typing_timeout_ms', '1000'] }));
  });
  after(async () => {
    await quick.stop?.();
  });

  test('stops for everyone after typing_timeout_ms', async () => {
    const [a, b] = await Promise.all([registerUser(quick), registerUser(quick)]);
    const chat = await openChat(quick, a, b);
    const A = await Client.connect(quick, a.token, { features: ['inbox'] });
    const B = await Client.connect(quick, b.token, { features: ['inbox'] });
    try {
      assertOkAck(await A.ask('typing:start', { chatId: chat.id }));
      await typingOf(B, chat.id, [a.user.id]);
      const since = Date.now();
      await typingOf(B, chat.id, []);
      const waited = Date.now() - since;
      assert.ok(waited >= 800 && waited < 3000, `stopped after ${waited} ms`);
      assert.ok(A.connectedNow);
    } finally {
      A.close();
      B.close();
    }
  });
});
