// A graceful restart (SIGTERM, then a new process on the same port and data_dir) loses
// nothing: accounts, passwords, issued tokens, chats and history survive, and socket.io-client
// reconnects on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  Client, assertMessage, assertOkAck, fetchAllMessages, get, makeDataDir, post, registerUser, startParley,
} from './helpers.mjs';

test('restart on the same port and data_dir keeps logins, tokens and history; clients reconnect', async () => {
  const dataDir = makeDataDir();
  let server = await startParley({ dataDir });
  const port = server.port;
  const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
  const opts = { reconnection: true, reconnectionAttempts: Infinity };
  const A = await Client.connect(server, a.token, opts);
  // B receives every chat (inbox): a reconnected socket is in no chat room until it joins again.
  const B = await Client.connect(server, b.token, { ...opts, features: ['inbox'] });
  try {
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await A.ask('message', { chatId, content: `before restart ${i}`, clientMessageId: `before-${i}` }));
    await B.next('message', (m) => m.id === sent[4].id);
    assertOkAck(await B.ask('message:read', { messageId: sent[0].id }));
    assertOkAck(await A.ask('message:pin', { messageId: sent[1].id }));
    const before = await fetchAllMessages(server, chatId, a.token);
    assert.equal(before.length, 5);

    const reasons = [];
    for (const c of [A, B]) c.socket.on('disconnect', (reason) => reasons.push(reason));
    await server.stop();
    assert.ok(!A.connectedNow && !B.connectedNow, 'the sockets noticed the shutdown');

    server = await startParley({ dataDir, port });
    assert.equal(server.port, port);

    // The clients come back by themselves, with the tokens issued before the restart.
    const [ea, eb] = await Promise.all([
      A.next('connection:established', () => true, 15000),
      B.next('connection:established', () => true, 15000),
    ]);
    assert.equal(ea.userId, a.id);
    assert.equal(eb.userId, b.id);
    assert.ok(reasons.every((r) => r !== 'io server disconnect'),
      `a server-side disconnect stops socket.io-client from reconnecting: ${reasons}`);

    // Old password, old tokens.
    const login = await post(server, '/auth/login', { email: a.email, password: a.password });
    assert.ok(login.status === 200 || login.status === 201, login.text);
    assert.equal(login.json.user.id, a.id);
    const me = await get(server, '/api/v1/me', b.token);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.id, b.id);
    const users = await get(server, '/api/users', a.token);
    assert.ok(users.json.some((u) => u.id === b.id));

    // History intact: the same messages with the same ids, seqs, statuses and pins.
    const afterRestart = await fetchAllMessages(server, chatId, b.token);
    assert.deepEqual(afterRestart, before);
    const chats = await get(server, '/chats', b.token);
    assert.deepEqual(chats.json.map((c) => c.id), [chatId]);
    const again = await A.ask('chat:get', { recipientId: b.id });
    assert.equal(again.chatId, chatId);
    const pinned = await B.ask('chat:get-pinned', { chatId });
    assert.deepEqual(pinned.messages.map((m) => m.id), [sent[1].id]);

    // And the conversation goes on where it stopped.
    const next = await A.ask('message', { chatId, content: 'after restart' });
    assertMessage(next, { seq: 6 });
    await B.next('message', (m) => m.id === next.id);
    // A resend of a message from before the restart is recognised as the same message.
    const resend = await A.ask('message', { chatId, content: 'before restart 2', clientMessageId: 'before-2' });
    assert.equal(resend.id, sent[2].id);
    assert.equal(resend.seq, 3);
    assert.equal((await fetchAllMessages(server, chatId, a.token)).length, 6);
  } finally {
    A.close();
    B.close();
    await server.stop();
  }
});
