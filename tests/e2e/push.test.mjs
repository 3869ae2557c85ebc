// Web Push, end to end against a real push service stand-in (web-push-testing, from
// scripts/services.sh: PARLEY_TEST_PUSH_URL), which checks each push's VAPID token and TTL,
// decrypts its aes128gcm body and keeps the text: the server's key, subscriptions by REST, one
// push per message to the other participants' devices (also with two instances: exactly one),
// none while the person reads the chat on a device (client:focus), none without previews'
// text, a chat muted or set to nothing, and a subscription the push service calls gone (410) is
// removed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertOkAck, assertRestError, get, openChat, registerUser, request, useParley } from './helpers.mjs';
import {
  PUSH,
  PUSH_ARGS,
  jobRuns,
  pushService,
  pushesOnce,
  received,
  runsReach as runsReach_,
  subscribeDevice as subscribeDevice_,
} from './push-helpers.mjs';

const { server, clients } = useParley({ args: PUSH_ARGS });
const subscribeDevice = (user, label) => subscribeDevice_(server, user, label);
const notifyRuns = () => jobRuns(server);
const runsReach = (count) => runsReach_(server, count);

async function pair() {
  const [a, b] = await Promise.all([registerUser(server, { name: 'Ann' }), registerUser(server, { name: 'Ben' })]);
  const chat = await openChat(server, a, b);
  const A = await clients.connect(a.token, { features: ['inbox'] });
  return { a, b, A, chatId: chat.id };
}

describe('web push', () => {
  test('the server has one key, checks subscriptions and lists them per person', async () => {
    const a = await registerUser(server);
    const first = await get(server, '/api/v1/push/key', a.token);
    const second = await get(server, '/api/v1/push/key', a.token);
    assert.equal(first.json.enabled, true);
    assert.match(first.json.publicKey, /^[A-Za-z0-9_-]{87}$/, 'a P-256 point, base64url');
    assert.equal(second.json.publicKey, first.json.publicKey, 'every instance signs with one key');

    const bad = await request(server, 'POST', '/api/v1/push/subscriptions', {
      token: a.token,
      body: { endpoint: `${PUSH}/notify/x`, keys: { p256dh: 'AAAA', auth: 'AAAA' } },
    });
    assertRestError(bad, 400, 'invalid_input');
    assert.match(bad.json.message, /p256dh/);
    assertRestError(await request(server, 'POST', '/api/v1/push/subscriptions', {
      token: a.token, body: { endpoint: 'ftp://example.com/x', keys: {} },
    }), 400, 'invalid_input');
    assertRestError(await request(server, 'POST', '/api/v1/push/subscriptions', {
      token: a.token, body: { endpoint: 42 },
    }), 400, 'invalid_input');
    assertRestError(await request(server, 'POST', '/api/v1/push/subscriptions', { body: {} }), 401, 'unauthorized');

    const device = await subscribeDevice(a, 'Firefox on Linux');
    const again = await subscribeDevice(a);
    const listed = await get(server, '/api/v1/push/subscriptions', a.token);
    assert.deepEqual(listed.json.subscriptions.map((s) => [s.id, s.label]),
      [[device.id, 'Firefox on Linux'], [again.id, 'Chromium on Linux']]);
    const b = await registerUser(server);
    assert.deepEqual((await get(server, '/api/v1/push/subscriptions', b.token)).json.subscriptions, []);
    assertRestError(await request(server, 'DELETE', `/api/v1/push/subscriptions/${device.id}`, { token: b.token }),
      404, 'not_found');
    assert.equal((await request(server, 'DELETE', `/api/v1/push/subscriptions/${device.id}`, { token: a.token })).status, 204);
    const byEndpoint = await request(server, 'DELETE', '/api/v1/push/subscriptions', {
      token: a.token, body: { endpoint: again.endpoint },
    });
    assert.equal(byEndpoint.status, 204);
    assert.deepEqual((await get(server, '/api/v1/push/subscriptions', a.token)).json.subscriptions, []);
  });

  test('each message reaches the other participant\'s devices exactly once, with who and what', async () => {
    const { a, b, A, chatId } = await pair();
    const phone = await subscribeDevice(b, 'Phone');
    const laptop = await subscribeDevice(b, 'Laptop');
    const own = await subscribeDevice(a, 'Ann\'s laptop');
    const sent = [];
    for (const content of ['Lunch at noon?', 'Or one?', 'Your call']) {
      sent.push(await A.ask('message', { chatId, content }));
    }
    for (const device of [phone, laptop]) {
      const got = await pushesOnce(device, 3);
      assert.deepEqual(got.map((p) => p.messageId).sort(), sent.map((m) => m.id).sort(), 'one push per message');
      const first = got.find((p) => p.messageId === sent[0].id);
      assert.equal(first.title, 'Ann');
      assert.equal(first.body, 'Lunch at noon?');
      assert.equal(first.chatId, chatId);
    }
    // Every job has run: still three each, none to the sender.
    await runsReach(3);
    assert.equal((await received(phone)).length, 3);
    assert.equal((await received(laptop)).length, 3);
    assert.deepEqual(await received(own), []);
  });

  test('no push while the person reads the chat on a device, nor without previews\' text', async () => {
    const { b, A, chatId } = await pair();
    const phone = await subscribeDevice(b);
    const B = await clients.connect(b.token, { features: ['inbox'] });
    assertOkAck(await B.ask('client:focus', { chatId }));
    const before = await notifyRuns();
    await A.ask('message', { chatId, content: 'Seen at once' });
    await runsReach(before + 1);
    assert.deepEqual(await received(phone), [], 'Ben was reading the chat');

    assertOkAck(await B.ask('client:focus', { chatId: null }));
    const patched = await request(server, 'PATCH', '/api/v1/me/notifications', { token: b.token, body: { previews: false } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.previews, false);
    const m = await A.ask('message', { chatId, content: 'Not on the lock screen' });
    const [push] = await pushesOnce(phone, 1);
    assert.equal(push.messageId, m.id);
    assert.equal(push.title, 'Ann');
    assert.equal(push.body, undefined, 'no text without previews');

    // A chat of others cannot be "read".
    const c = await registerUser(server);
    const C = await clients.connect(c.token);
    const refused = await C.ask('client:focus', { chatId });
    assert.equal(refused.status, 'error');
    assert.equal(refused.code, 'forbidden');
  });

  test('a muted chat or one set to nothing stays quiet; a reply to one\'s message breaks through the mute', async () => {
    const { b, A, chatId } = await pair();
    const phone = await subscribeDevice(b);
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const question = await B.ask('message', { chatId, content: 'Which day?' });
    const muted = await request(server, 'PUT', `/api/v1/chats/${chatId}/notifications`, {
      token: b.token, body: { mutedUntil: Date.now() + 3600_000 },
    });
    assert.equal(muted.status, 200, muted.text);
    assert.equal(muted.json.level, 'all');
    const settings = await get(server, '/api/v1/me/notifications', b.token);
    assert.deepEqual(settings.json.chats, [muted.json]);

    const before = await notifyRuns();
    await A.ask('message', { chatId, content: 'Noise' });
    await runsReach(before + 1);
    assert.deepEqual(await received(phone), [], 'muted');
    const answer = await A.ask('message', { chatId, content: 'Tuesday', replyToId: question.id });
    const [push] = await pushesOnce(phone, 1);
    assert.equal(push.messageId, answer.id);

    const nothing = await request(server, 'PUT', `/api/v1/chats/${chatId}/notifications`, {
      token: b.token, body: { level: 'nothing', mutedUntil: null },
    });
    assert.deepEqual(nothing.json, { chatId, level: 'nothing', mutedUntil: null });
    const runs = await notifyRuns();
    await A.ask('message', { chatId, content: 'Or Wednesday', replyToId: question.id });
    await runsReach(runs + 1);
    assert.equal((await received(phone)).length, 1, 'nothing is nothing');
    assertRestError(await request(server, 'PUT', `/api/v1/chats/${chatId}/notifications`, {
      token: b.token, body: { level: 'loud' },
    }), 400, 'invalid_input');
  });

  test('a subscription the push service calls gone (410) is removed', async () => {
    const { b, A, chatId } = await pair();
    const phone = await subscribeDevice(b);
    const expired = await pushService(`/expire-subscription/${phone.clientHash}`);
    assert.equal(expired.status, 200);
    await A.ask('message', { chatId, content: 'Anyone?' });
    const deadline = Date.now() + 10000;
    for (;;) {
      const left = await get(server, '/api/v1/push/subscriptions', b.token);
      if (left.json.subscriptions.length === 0) break;
      if (Date.now() > deadline) assert.fail('the gone subscription is still there');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
