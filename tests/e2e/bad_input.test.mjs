// Bad input never costs the connection (§1.3: a failed request acknowledges {status: 'error',
// code, message} and leaves the connection up), oversized REST bodies get 413, and message
// rate limiting answers 'rate_limited'. (Invalid UTF-8 cannot be expressed in JSON sent from
// Node, so it is not tried here.)
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  Clients, assertErrorAck, assertMessage, assertRestError, fetchAllMessages, registerUser,
  TIMEOUT_MS, request, startParley, useParley, withTimeout,
} from './helpers.mjs';

const { server, clients } = useParley();

const GHOST = '01890000-0000-7000-8000-0000000000ff';

describe('Socket.IO: every bad request gets an error ack and the socket stays up', () => {
  let a;
  let b;
  let A;
  let chatId;
  let msgId;
  before(async () => {
    [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    A = await clients.connect(a.token);
    chatId = (await A.ask('chat:get', { recipientId: b.id })).chatId;
    msgId = (await A.ask('message', { chatId, content: 'target' })).id;
  });

  async function expectError(event, args, code, what) {
    const ack = await A.ask(event, ...args);
    assertErrorAck(ack, code, `${event} ${what}`);
    assert.ok(A.connectedNow, `${event} ${what}: disconnected`);
  }

  // Each event with its id fields: [event, valid payload, {field: kind}].
  const events = () => [
    ['message', { chatId, content: 'hi' }, { chatId: 'chat' }],
    ['message:read', { messageId: msgId }, { messageId: 'message' }],
    ['chat:read', { chatId, seq: 1 }, { chatId: 'chat' }],
    ['chat:get', { recipientId: b.id }, { recipientId: 'user' }],
    ['chat:join', { chatId }, { chatId: 'chat' }],
    ['chat:leave', { chatId }, { chatId: 'chat' }],
    ['chat:history', { chatId }, { chatId: 'chat' }],
    ['message:pin', { messageId: msgId }, { messageId: 'message' }],
    ['message:unpin', { messageId: msgId }, { messageId: 'message' }],
    ['chat:get-pinned', { chatId }, { chatId: 'chat' }],
    ['message:forward', { messageId: msgId, toChatId: chatId }, { messageId: 'message', toChatId: 'chat' }],
    ['message:forward-multiple', { messageIds: [msgId], toChatId: chatId }, { toChatId: 'chat' }],
    ['user:get-presence', { userId: b.id }, { userId: 'user' }],
  ];

  test('a payload that is not an object: string, number, array, true', async () => {
    for (const [event] of events()) {
      for (const bad of ['abc', 42, [chatId], true]) {
        await expectError(event, [bad], 'invalid_input', `payload ${JSON.stringify(bad)}`);
      }
    }
  });

  test('missing fields, and no payload at all', async () => {
    for (const [event, valid] of events()) {
      await expectError(event, [{}], 'invalid_input', '{}');
      await expectError(event, [], 'invalid_input', 'without a payload');
      for (const key of Object.keys(valid)) {
        const p = { ...valid };
        delete p[key];
        await expectError(event, [p], 'invalid_input', `without ${key}`);
      }
    }
  });

  test('wrong types: a number where an id string goes, null, an object', async () => {
    for (const [event, valid, ids] of events()) {
      for (const key of Object.keys(ids)) {
        for (const bad of [123, null, { id: 'x' }, [valid[key]]]) {
          await expectError(event, [{ ...valid, [key]: bad }], 'invalid_input', `${key}=${JSON.stringify(bad)}`);
        }
      }
    }
    await expectError('message', [{ chatId, content: 42 }], 'invalid_input', 'numeric content');
    await expectError('message', [{ chatId, content: ['x'] }], 'invalid_input', 'array content');
    await expectError('message', [{ chatId, content: 'x', clientMessageId: 7 }], 'invalid_input', 'numeric clientMessageId');
    await expectError('message:forward', [{ messageId: msgId, toChatId: chatId, additionalContent: 5 }], 'invalid_input',
      'numeric additionalContent');
    await expectError('chat:read', [{ chatId, seq: '1' }], 'invalid_input', 'string seq');
    await expectError('chat:read', [{ chatId, seq: -1 }], 'invalid_input', 'negative seq');
  });

  test('malformed ids: invalid_input; unknown ids: not_found', async () => {
    for (const [event, valid, ids] of events()) {
      if (event === 'chat:leave') continue; // leaving a room needs no lookup; see below
      for (const key of Object.keys(ids)) {
        await expectError(event, [{ ...valid, [key]: 'not-a-uuid' }], 'invalid_input', `${key} not a UUID`);
        await expectError(event, [{ ...valid, [key]: `${GHOST}x` }], 'invalid_input', `${key} 37 chars`);
        await expectError(event, [{ ...valid, [key]: GHOST }], 'not_found', `${key} unknown`);
      }
    }
    await expectError('message:forward-multiple', [{ messageIds: ['nope'], toChatId: chatId }], 'invalid_input',
      'messageIds with a malformed id');
    await expectError('message:forward-multiple', [{ messageIds: [GHOST], toChatId: chatId }], 'not_found',
      'messageIds with an unknown id');
    await expectError('chat:history', [{ chatId, before: 'nope' }], 'invalid_input', 'before not a UUID');
    await expectError('chat:get', [{ recipientId: a.id }], 'invalid_input', 'a chat with oneself');
  });

  test('content: 10001 characters -> payload_too_large; 10000 is fine; empty or blank -> invalid_input', async () => {
    await expectError('message', [{ chatId, content: 'x'.repeat(10001) }], 'payload_too_large', '10001 chars');
    await expectError('message', [{ chatId, content: 'é'.repeat(10001) }], 'payload_too_large', '10001 two-byte chars');
    const max = await A.ask('message', { chatId, content: 'y'.repeat(10000) });
    assertMessage(max);
    assert.equal(max.content.length, 10000);
    const accents = await A.ask('message', { chatId, content: 'é'.repeat(10000) });
    assertMessage(accents, { content: 'é'.repeat(10000) });
    await expectError('message', [{ chatId, content: '' }], 'invalid_input', 'empty content');
    await expectError('message', [{ chatId, content: '   \n\t ' }], 'invalid_input', 'blank content');
    await expectError('message', [{ chatId, content: 'x', clientMessageId: '' }], 'invalid_input', 'empty clientMessageId');
    await expectError('message', [{ chatId, content: 'x', clientMessageId: 'c'.repeat(129) }], 'invalid_input',
      'clientMessageId of 129 bytes');
    await expectError('message:forward', [{ messageId: msgId, toChatId: chatId, additionalContent: 'z'.repeat(10001) }],
      'payload_too_large', 'additionalContent of 10001 chars');
    // None of the refused messages was stored.
    const hist = await fetchAllMessages(server, chatId, a.token);
    assert.deepEqual(hist.map((m) => m.content.length), [6, 10000, 10000]);
  });

  test('an unknown event with an ack gets an error ack; without one it is ignored', async () => {
    const ack = await A.ask('no:such-event', { x: 1 });
    assertErrorAck(ack, undefined, 'unknown event');
    A.socket.emit('no:such-event-either', { x: 1 });
    const ack2 = await A.ask('chat:does-not-exist');
    assertErrorAck(ack2, undefined, 'unknown event without payload');
    assert.ok(Array.isArray((await A.ask('users:list')).users), 'users:list after unknown events');
  });

  test('events without an ack callback are accepted and do not break the socket', async () => {
    // The prototype's clients sometimes emit without a callback; the request still runs.
    A.socket.emit('message', { chatId, content: 'no ack wanted' });
    A.socket.emit('message', 'garbage without ack');
    A.socket.emit('message:read', 17);
    const m = await A.next('message:ack');
    assert.equal(typeof m.messageId, 'string');
    const later = await A.ask('message', { chatId, content: 'with ack' });
    assertMessage(later);
    const hist = await fetchAllMessages(server, chatId, a.token);
    assert.deepEqual(hist.slice(-2).map((x) => x.content), ['no ack wanted', 'with ack']);
  });
});

describe('REST limits', () => {
  // POST with `Expect: 100-continue`: the server either answers at once with a final status
  // (a 413 can be decided from Content-Length alone) or sends 100 Continue, and then gets the
  // body. Resolves with {status, json, text}.
  function postExpectingContinue(urlPath, body, token) {
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' };
    if (token) headers.authorization = `Bearer ${token}`;
    const p = new Promise((resolve, reject) => {
      const req = http.request(new URL(urlPath, server.url), { method: 'POST', headers, agent: false });
      req.on('continue', () => req.end(body));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => {
          req.destroy();
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, text });
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    return withTimeout(p, 15000, `POST ${urlPath}`);
  }

  const bodyOf = (bytes) => Buffer.from(JSON.stringify({ email: 'big@example.com', name: 'x'.repeat(bytes), password: 'password' }));

  test('a body over 1 MiB gets 413 {statusCode, error: payload_too_large, message}', async () => {
    const u = await registerUser(server);
    const big = bodyOf(1024 * 1024);
    for (const [urlPath, token] of [['/auth/register'], ['/chats', u.token], ['/api/v1/auth/login']]) {
      assertRestError(await postExpectingContinue(urlPath, big, token), 413, 'payload_too_large', `${urlPath} with 1 MiB`);
    }
    // A body just under the limit is read and parsed normally.
    const under = JSON.stringify({ userId: 'u'.repeat(1024 * 1024 - 100) });
    const res = await request(server, 'POST', '/chats', { raw: under, token: u.token, timeoutMs: 15000 });
    assertRestError(res, 400, 'invalid_input', 'just under 1 MiB');
  });

  test('a plain HTTP client that sends a 4 MiB body gets the 413 (no connection reset)', async () => {
    // Node's http client writes the whole body and does not read a response once a write
    // fails. A server that answers early and then closes at once, with request bytes still
    // arriving, makes the client's TCP stack receive a reset: the client sees EPIPE or
    // ECONNRESET instead of the 413 (RFC 9112 §9.6 asks servers to close in stages: stop
    // writing, keep reading for a while, then close).
    const big = bodyOf(4 * 1024 * 1024);
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      try {
        const res = await request(server, 'POST', '/auth/register', { raw: big, timeoutMs: 15000 });
        outcomes.push(res.status === 413 && res.json?.error === 'payload_too_large' ? 'ok' : `HTTP ${res.status}`);
      } catch (err) {
        outcomes.push(err.code || err.message);
      }
    }
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok'], `a 4 MiB POST /auth/register did not get its 413: ${outcomes}`);
    // The server itself is fine afterwards.
    assert.equal((await request(server, 'GET', '/health')).status, 200);
  });
});

describe('rate limiting', () => {
  let limited;
  before(async () => {
    limited = await startParley({ args: ['--rate_messages_burst', '5', '--rate_messages_per_second', '1'] });
  });
  after(async () => {
    await limited.stop();
  });

  test("the 6th quick message with --rate_messages_burst 5 gets 'rate_limited'", async () => {
    const [a, b] = await Promise.all([registerUser(limited), registerUser(limited)]);
    const local = new Clients(limited);
    try {
      const A = await local.connect(a.token);
      const B = await local.connect(b.token);
      const { chatId } = await A.ask('chat:get', { recipientId: b.id });
      const acks = await Promise.all(Array.from({ length: 6 }, (_, i) => A.ask('message', { chatId, content: `q${i}` })));
      const ok = acks.filter((x) => x.status !== 'error');
      const refused = acks.filter((x) => x.status === 'error');
      assert.equal(ok.length, 5, `five accepted: ${JSON.stringify(acks.map((x) => x.status))}`);
      assert.equal(refused.length, 1);
      assertErrorAck(refused[0], 'rate_limited', '6th message');
      for (const m of ok) assertMessage(m);
      assert.ok(A.connectedNow, 'still connected');
      assert.ok(Array.isArray((await A.ask('users:list')).users));
      // The limit is per user: B can still send.
      assertMessage(await B.ask('message', { chatId, content: 'b is fine' }));
      const hist = await fetchAllMessages(limited, chatId, a.token);
      assert.equal(hist.filter((m) => m.senderId === a.id).length, 5, 'the refused message was not stored');
    } finally {
      local.closeAll();
    }
  });
});

describe('per-address rate limits behind a trusted proxy', () => {
  let proxied;
  before(async () => {
    proxied = await startParley({
      args: ['--rate_auth_burst', '2', '--rate_auth_per_second', '1', '--trusted_proxies', '127.0.0.0/8'],
    });
  });
  after(async () => {
    await proxied.stop();
  });

  test('X-Forwarded-For from a trusted proxy names the client: each client has its own bucket', async () => {
    const login = async (forwardedFor) => (await request(proxied, 'POST', '/api/v1/auth/login', {
      body: { email: 'nobody@example.org', password: 'not the password' },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    })).status;
    // Quick attempts of one client: the first two pass (401), then the bucket (two, one more per
    // second) runs dry.
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await login('198.51.100.1'));
    assert.deepEqual(first.slice(0, 2), [401, 401], JSON.stringify(first));
    assert.ok(first.includes(429), `one client is limited: ${JSON.stringify(first)}`);
    // A left entry the client made up does not make it someone else; the rightmost untrusted
    // hop is the client. Other clients behind the same proxy have buckets of their own.
    let spoofed = 0;
    for (let i = 0; i < 3 && spoofed !== 429; i++) spoofed = await login('203.0.113.9, 198.51.100.1');
    assert.equal(spoofed, 429, 'a made-up left entry does not help');
    assert.equal(await login('198.51.100.2'), 401);
    assert.equal(await login('203.0.113.9, 198.51.100.3'), 401);
    assert.equal(await login(undefined), 401, 'the proxy itself');
  });
});
