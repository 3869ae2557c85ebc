// "Parley checks every operation" (§1.3): a user who is not a participant of a chat can do
// nothing with it or its messages, over REST or Socket.IO; every refusal is an error ack (or an
// HTTP error) and the connection stays up.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, fetchAllMessages, get, registerUser, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

test('a non-participant is refused everything, with error acks, and stays connected', async () => {
  const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
  // A and C receive every chat of theirs (inbox); B only the chat it joins.
  const A = await clients.connect(a.token, { features: ['inbox'] });
  const B = await clients.connect(b.token);
  const C = await clients.connect(c.token, { features: ['inbox'] });
  const { chatId } = await A.ask('chat:get', { recipientId: b.id });
  assertOkAck(await B.ask('chat:join', { chatId }), 'B joins');
  const m1 = await A.ask('message', { chatId, content: 'private 1' });
  const m2 = await B.ask('message', { chatId, content: 'private 2' });
  const pinned = await A.ask('message:pin', { messageId: m2.id });
  assertOkAck(pinned);
  // C's own chat with A, a valid target and source for C.
  const { chatId: acChat } = await C.ask('chat:get', { recipientId: a.id });
  const cOwn = await C.ask('message', { chatId: acChat, content: 'C speaking' });

  // REST.
  assertRestError(await get(server, `/chats/${chatId}`, c.token), 403, 'forbidden', 'GET chat');
  assertRestError(await get(server, `/chats/${chatId}/messages`, c.token), 403, 'forbidden', 'GET messages');
  assertRestError(await get(server, `/chats/${chatId}/messages?after_seq=0`, c.token), 403, 'forbidden', 'after_seq');
  assertRestError(await get(server, `/api/v1/chats/${chatId}/messages?before=${m2.id}`, c.token), 403, 'forbidden',
    'before');
  const cChats = await get(server, '/chats', c.token);
  assert.ok(!cChats.json.some((x) => x.id === chatId), 'the chat is in C\'s list');

  // Socket.IO: each one an error ack, the socket still connected after it.
  const attempts = [
    ['chat:history', { chatId }],
    ['chat:history', { chatId, afterSeq: 0 }],
    ['chat:join', { chatId }],
    ['message', { chatId, content: 'let me in' }],
    ['message', { chatId, content: 'let me in', clientMessageId: 'c-1' }],
    ['message:read', { messageId: m1.id }],
    ['chat:read', { chatId, seq: 10 }],
    ['message:pin', { messageId: m1.id }],
    ['message:unpin', { messageId: m2.id }],
    ['chat:get-pinned', { chatId }],
    ['message:forward', { messageId: m1.id, toChatId: acChat }],
    ['message:forward', { messageId: cOwn.id, toChatId: chatId }],
    ['message:forward-multiple', { messageIds: [m1.id, m2.id], toChatId: acChat }],
    ['message:forward-multiple', { messageIds: [cOwn.id], toChatId: chatId }],
    ['message:forward-multiple', { messageIds: [cOwn.id, m1.id], toChatId: acChat }],
  ];
  for (const [event, payload] of attempts) {
    const what = `${event} ${JSON.stringify(payload)}`;
    const ack = await C.ask(event, payload);
    assertErrorAck(ack, ['forbidden', 'not_found'], what);
    assert.ok(C.connectedNow, `${what}: the socket was disconnected`);
    const echo = await C.ask('users:list');
    assert.ok(Array.isArray(echo.users), `${what}: users:list after the refusal`);
  }

  // Nothing happened: no new messages, statuses and pins unchanged, nothing leaked to C.
  const hist = await fetchAllMessages(server, chatId, a.token);
  assert.deepEqual(hist.map((m) => m.id), [m1.id, m2.id], 'the chat has only its two messages');
  assert.notEqual(hist[0].status, 'READ', 'C marked a message READ');
  assert.equal(hist[0].isPinned, false, 'C pinned a message');
  assert.equal(hist[1].isPinned, true, 'C unpinned a message');
  const acHist = await fetchAllMessages(server, acChat, a.token);
  assert.deepEqual(acHist.map((m) => m.id), [cOwn.id], 'a forward landed in C\'s chat');
  // Barriers: a message in the private chat reaches A and B, not C; C's chat still works.
  const m3 = await A.ask('message', { chatId, content: 'private 3' });
  await B.next('message', (m) => m.id === m3.id);
  const cLater = await C.ask('message', { chatId: acChat, content: 'C again' });
  await A.next('message', (m) => m.id === cLater.id);
  await C.barrier();
  const leaked = C.inbox.filter((e) => JSON.stringify(e.args).includes(chatId));
  assert.deepEqual(leaked.map((e) => e.event), [], 'C received events of a chat it is not in');
  assert.equal(A.received('message:status', (e) => e.messageId === m1.id && e.status === 'READ').length, 0);
});

test('ids of things that do not exist: not_found; malformed ids: invalid_input', async () => {
  const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
  const A = await clients.connect(a.token);
  const { chatId } = await A.ask('chat:get', { recipientId: b.id });
  const m = await A.ask('message', { chatId, content: 'x' });
  const ghost = '01890000-0000-7000-8000-000000000000';
  const cases = [
    ['chat:get', { recipientId: ghost }, 'not_found'],
    ['chat:join', { chatId: ghost }, 'not_found'],
    ['chat:history', { chatId: ghost }, 'not_found'],
    ['message', { chatId: ghost, content: 'x' }, 'not_found'],
    ['message:read', { messageId: ghost }, 'not_found'],
    ['message:pin', { messageId: ghost }, 'not_found'],
    ['message:unpin', { messageId: ghost }, 'not_found'],
    ['chat:get-pinned', { chatId: ghost }, 'not_found'],
    ['message:forward', { messageId: ghost, toChatId: chatId }, 'not_found'],
    ['message:forward', { messageId: m.id, toChatId: ghost }, 'not_found'],
    ['user:get-presence', { userId: ghost }, 'not_found'],
    ['chat:get', { recipientId: 'bob' }, 'invalid_input'],
    ['chat:join', { chatId: 'general' }, 'invalid_input'],
    ['message', { chatId: 'general', content: 'x' }, 'invalid_input'],
    ['message:read', { messageId: '123' }, 'invalid_input'],
    ['message:pin', { messageId: 'abc' }, 'invalid_input'],
    ['message:forward', { messageId: m.id, toChatId: 'nope' }, 'invalid_input'],
  ];
  for (const [event, payload, code] of cases) {
    const ack = await A.ask(event, payload);
    assertErrorAck(ack, code, `${event} ${JSON.stringify(payload)}`);
    assert.ok(A.connectedNow);
  }
  assert.ok(Array.isArray((await A.ask('users:list')).users));
});
