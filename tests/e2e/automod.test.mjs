// Auto-moderation, end to end: the server's rules (its administrators) and a group's (its owner
// and admins) bind on every instance of a cluster; reject answers the rule's message; hold keeps
// a message from everyone until a moderator approves it, and then it arrives once, as its
// sender's, with their clientMessageId; two moderators approving at once send it once; a flood
// rule mutes and the person hears moderation:notice; moderators mute, warn and unmute; a dry run
// shows what a rule would have matched; bad input gets clear errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertErrorAck, assertOkAck, assertRestError, get, openChat, post, registerUser, request, uniqueEmail, useParley } from './helpers.mjs';

const ADMIN = uniqueEmail('admin');
const { server, clients } = useParley({ args: ['--server_admins', ADMIN] });

let adminOnce;
const theAdmin = () => (adminOnce ??= registerUser(server, { email: ADMIN }));
const addRule = (user, body) => post(server, '/api/v1/moderation/rules', body, user.token);
const hits = (user, query = '') => get(server, `/api/v1/moderation/hits${query}`, user.token);
const decide = (user, id, body) => post(server, `/api/v1/moderation/hits/${id}/actions`, body, user.token);

// In a cluster, a rule stored by one instance binds on another once it hears of it (within
// milliseconds): ask until the answer is the expected one, a bounded number of times.
async function eventually(what, attempt, done) {
  let last;
  for (let i = 0; i < 50; i++) {
    last = await attempt(i);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`${what}: never happened; last answer ${JSON.stringify(last)}`);
}

async function groupOf(owner, socket, members, title = 'Moderated') {
  const ack = await socket.ask('group:create', { title, memberIds: members.map((m) => m.id) });
  assertOkAck(ack, 'group:create');
  return ack.chat;
}

describe('rules on the send path', () => {
  test("a server rule rejects with its message on every instance, and stops when it is deleted", async () => {
    const [admin, a, b] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    const A = await clients.connect(a.token, { url: server.url });
    const chat = await openChat(server, a, b);
    const word = `zorgle${Date.now()}`;
    const made = await addRule(admin, { name: 'no zorgle', kind: 'words', action: 'reject', words: [word], message: 'Not that word' });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.chatId, null);
    assert.equal(made.json.enabled, true);

    const refused = await eventually('the rule binds', (i) => A.ask('message', { chatId: chat.id, content: `${word.toUpperCase()} ${i}` }),
      (ack) => ack.status === 'error');
    assertErrorAck(refused, 'rejected');
    assert.equal(refused.message, 'Not that word');
    assertErrorAck(await A.ask('message', { chatId: chat.id, content: `an edit-free ${word}` }), 'rejected');

    const gone = await request(server, 'DELETE', `/api/v1/moderation/rules/${made.json.id}`, { token: admin.token });
    assert.equal(gone.status, 204, gone.text);
    const sent = await eventually('the rule is gone', () => A.ask('message', { chatId: chat.id, content: `${word} now` }),
      (ack) => ack.status !== 'error');
    assert.equal(sent.content, `${word} now`);
    const log = (await get(server, '/api/v1/moderation/audit', admin.token)).json.entries.map((e) => e.action);
    assert.ok(log.includes('rule_added') && log.includes('rule_deleted'), log.join());
  });

  test('a held message reaches nobody until approved, then arrives once as its sender\'s; its sender is told', async () => {
    const [owner, eve, carol] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const O = await clients.connect(owner.token, { features: ['inbox'], url: server.url });
    const E = await clients.connect(eve.token, { features: ['inbox'], url: server.url });
    const C = await clients.connect(carol.token, { features: ['inbox'], url: server.url });
    const group = await groupOf(owner, O, [eve, carol]);
    const rule = await addRule(owner, { chatId: group.id, name: 'links wait', kind: 'links', action: 'hold' });
    assert.equal(rule.status, 201, rule.text);
    assert.equal(rule.json.chatId, group.id);
    assertRestError(await addRule(eve, { chatId: group.id, name: 'x', kind: 'links', action: 'hold' }), 403, 'forbidden');

    const held = await eventually('the rule binds', (i) => E.ask('message', { chatId: group.id, content: `deal ${i} at https://shop.example`, clientMessageId: `held-${i}` }),
      (ack) => ack.status === 'error');
    assertErrorAck(held, 'held');
    // Sent again with its clientMessageId (an acknowledgement lost): held once.
    const first = (await hits(owner, `?chatId=${group.id}&status=held`)).json.hits[0].content;
    const again = await E.ask('message', { chatId: group.id, content: first, clientMessageId: `held-${first.match(/deal (\d+)/)[1]}` });
    assertErrorAck(again, 'held');
    const content = held && (await hits(owner, `?chatId=${group.id}&status=held`)).json.hits[0].content;
    await C.barrier();
    assert.equal(C.received('message', (m) => m.content === content).length, 0, 'nobody sees it');

    const listed = await hits(owner, `?chatId=${group.id}&status=held`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.hits.length, 1);
    const hit = listed.json.hits[0];
    assert.equal(hit.user.id, eve.id);
    assert.equal(hit.chatTitle, 'Moderated');
    assert.deepEqual(hit.rules.map((r) => r.name), ['links wait']);
    assertRestError(await hits(eve, `?chatId=${group.id}`), 403, 'forbidden');
    assertRestError(await decide(eve, hit.id, { action: 'approve' }), 403, 'forbidden');

    const approved = await decide(owner, hit.id, { action: 'approve' });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.json.status, 'approved');
    const atCarol = await C.next('message', (m) => m.content === content);
    assert.equal(atCarol.senderId, eve.id);
    const atEve = await E.next('message', (m) => m.content === content);
    assert.match(atEve.clientMessageId, /^held-\d+$/, 'the sender\'s client finds its message');
    const notice = await E.next('moderation:notice', (n) => n.kind === 'held_approved');
    assert.equal(notice.chatId, group.id);
    assertRestError(await decide(owner, hit.id, { action: 'approve' }), 409, 'conflict');
    const history = (await get(server, `/api/v1/chats/${group.id}/messages?limit=50`, carol.token)).json;
    const messages = history.messages ?? history;
    assert.equal(messages.filter((m) => m.content === content).length, 1, 'sent once');
    const notices = (await get(server, '/api/v1/me/moderation-notices', eve.token)).json.notices;
    assert.equal(notices[0].kind, 'held_approved');
  });

  test('two moderators deciding one held message at once: one wins, it is sent once', async () => {
    const [admin, owner, eve] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    const O = await clients.connect(owner.token, { features: ['inbox'], url: server.url });
    const E = await clients.connect(eve.token, { features: ['inbox'], url: server.url });
    const group = await groupOf(owner, O, [eve]);
    assert.equal((await addRule(owner, { chatId: group.id, name: 'hold all', kind: 'words', action: 'hold', words: ['please'] })).status, 201);
    const ack = await eventually('the rule binds', (i) => E.ask('message', { chatId: group.id, content: `please ${i}` }),
      (a) => a.status === 'error');
    assertErrorAck(ack, 'held');
    const [hit] = (await hits(owner, `?chatId=${group.id}&status=held`)).json.hits;
    const answers = await Promise.all([decide(owner, hit.id, { action: 'approve' }), decide(admin, hit.id, { action: 'approve' })]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], answers.map((r) => r.text).join(' | '));
    const history = (await get(server, `/api/v1/chats/${group.id}/messages?limit=50`, owner.token)).json;
    const messages = history.messages ?? history;
    assert.equal(messages.filter((m) => m.content === hit.content).length, 1);
  });

  test('a flood rule mutes its sender, who is told; a moderator lifts it; moderators mute and warn', async () => {
    const [admin, a, b] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    const owner = b;
    const B = await clients.connect(b.token, { features: ['inbox'], url: server.url });
    const A = await clients.connect(a.token, { features: ['inbox'], url: server.url });
    const group = await groupOf(owner, B, [a]);
    const rule = await addRule(owner, { chatId: group.id, name: 'flood', kind: 'flood', action: 'mute', maxMessages: 3, perSeconds: 60, muteSeconds: 600 });
    assert.equal(rule.status, 201, rule.text);
    const muted = await eventually('the rule binds', (i) => A.ask('message', { chatId: group.id, content: `m${i}` }),
      (ack) => ack.status === 'error');
    assertErrorAck(muted, 'muted');
    const notice = await A.next('moderation:notice', (n) => n.kind === 'muted');
    assert.equal(notice.chatId, group.id);
    assert.match(notice.until, /^\d{4}-/);
    assertErrorAck(await A.ask('message', { chatId: group.id, content: 'still?' }), 'muted');
    const mutes = await get(server, `/api/v1/moderation/mutes?chatId=${group.id}`, owner.token);
    assert.equal(mutes.json.mutes.length, 1);
    assert.equal(mutes.json.mutes[0].by, null, 'a rule muted them');
    assert.equal(mutes.json.mutes[0].chatTitle, 'Moderated');

    const lifted = await post(server, `/api/v1/moderation/users/${a.id}/unmute`, { chatId: group.id }, owner.token);
    assert.equal(lifted.status, 200, lifted.text);
    // The flood rule still counts: switch it off, then a mute by hand, everywhere, by the admin.
    const off = await request(server, 'PUT', `/api/v1/moderation/rules/${rule.json.id}`, {
      token: owner.token, body: { name: 'flood', kind: 'flood', action: 'mute', maxMessages: 3, perSeconds: 60, enabled: false },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.enabled, false);
    await eventually('unmuted and the rule off', () => A.ask('message', { chatId: group.id, content: 'free again' }), (ack) => ack.status !== 'error');
    assertRestError(await post(server, `/api/v1/moderation/users/${a.id}/mute`, { durationSeconds: 600 }, owner.token), 403, 'forbidden');
    const byAdmin = await post(server, `/api/v1/moderation/users/${a.id}/mute`, { durationSeconds: 600, reason: 'cool off' }, admin.token);
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal(byAdmin.json.chatId, null);
    const everywhere = await eventually('the mute binds', () => A.ask('message', { chatId: group.id, content: 'hm' }), (ack) => ack.status === 'error');
    assertErrorAck(everywhere, 'muted');
    assert.match(everywhere.message, /cool off/);

    const warned = await post(server, `/api/v1/moderation/users/${a.id}/warn`, { chatId: group.id, reason: 'Be kind' }, owner.token);
    assert.equal(warned.status, 204, warned.text);
    const warning = await A.next('moderation:notice', (n) => n.kind === 'warning');
    assert.equal(warning.text, 'Be kind');
  });
});

describe('reports that end in an action on the person', () => {
  test("a report of a message in a group ends in the sender's removal by the group's owner, not by staff outside it", async () => {
    const [admin, owner, eve, carol] = await Promise.all([theAdmin(), registerUser(server), registerUser(server), registerUser(server)]);
    const O = await clients.connect(owner.token, { features: ['inbox'], url: server.url });
    const E = await clients.connect(eve.token, { features: ['inbox'], url: server.url });
    const group = await groupOf(owner, O, [eve, carol]);
    const bad = await E.ask('message', { chatId: group.id, content: 'you all are idiots' });
    const r = await post(server, '/api/v1/reports', { kind: 'message', targetId: bad.id, category: 'harassment' }, carol.token);
    assert.equal(r.status, 201, r.text);
    const act = (user, body) => post(server, `/api/v1/moderation/reports/${r.json.id}/actions`, body, user.token);
    assertRestError(await act(admin, { action: 'remove' }), 403, 'forbidden');
    assertRestError(await act(owner, { action: 'remove', reason: 'x'.repeat(1001) }), 400, 'invalid_input');
    assert.equal((await E.ask('message', { chatId: group.id, content: 'still in' })).content, 'still in', 'a refused action removes nobody');
    const removed = await act(owner, { action: 'remove', reason: 'insults' });
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.json.resolution, 'removed');
    const gone = await E.next('chat:removed', (e) => (e.chatId ?? e.id ?? e.chat?.id) === group.id);
    assert.ok(gone);
    assertErrorAck(await E.ask('message', { chatId: group.id, content: 'let me in' }), 'forbidden');
    assertRestError(await act(owner, { action: 'remove' }), 409, 'conflict');
    const log = (await get(server, `/api/v1/moderation/audit?chatId=${group.id}`, owner.token)).json.entries;
    assert.ok(log.some((e) => e.action === 'remove' && e.userId === eve.id && e.reason === 'insults'), JSON.stringify(log));
  });
});

describe('dry runs and bad input', () => {
  test('a dry run shows what a rule would have matched, without saving it', async () => {
    const [owner, eve] = await Promise.all([registerUser(server), registerUser(server)]);
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const group = await groupOf(owner, O, [eve]);
    for (const content of ['nice day', 'buy cheap pills', 'lunch?', 'CHEAP pills again']) {
      await O.ask('message', { chatId: group.id, content });
    }
    const run = await post(server, '/api/v1/moderation/rules/dry-run', { chatId: group.id, name: 'pills', kind: 'words', action: 'reject', words: ['cheap pills'] }, owner.token);
    assert.equal(run.status, 200, run.text);
    assert.equal(run.json.checked, 4);
    assert.equal(run.json.matchedCount, 2);
    assert.deepEqual(run.json.matches.map((m) => m.content), ['CHEAP pills again', 'buy cheap pills']);
    assert.equal(run.json.matches[0].sender.id, owner.id);
    assert.deepEqual((await get(server, `/api/v1/moderation/rules?chatId=${group.id}`, owner.token)).json.rules, []);
  });

  test('bad rules and bad ids get clear errors, and the server keeps serving', async () => {
    const [admin, a] = await Promise.all([theAdmin(), registerUser(server)]);
    const bad = async (body, pattern) => {
      const res = await addRule(admin, body);
      assertRestError(res, 400, 'invalid_input', JSON.stringify(body));
      assert.match(res.json.message, pattern);
    };
    await bad({ name: 'r', kind: 'regex', action: 'reject', pattern: '(a' }, /missing \)|pattern/i);
    await bad({ name: 'r', kind: 'regex', action: 'reject', pattern: 'a{1000}{1000}' }, /pattern|large|repetition/i);
    await bad({ name: 'r', kind: 'regex', action: 'reject', pattern: 'x'.repeat(5000) }, /pattern/);
    await bad({ name: 'r', kind: 'words', action: 'reject', words: 'spam' }, /words/);
    await bad({ name: 'r', kind: 'words', action: 'reject', words: [] }, /words/);
    await bad({ name: 'r', kind: 'links', action: 'reject', linkMode: 'deny' }, /domains/);
    await bad({ name: 'r', kind: 'flood', action: 'mute', maxMessages: 0, perSeconds: 5 }, /maxMessages/);
    await bad({ name: 'r', kind: 'words', action: 'explode', words: ['x'] }, /action/);
    await bad({ name: 'r\u{FFFF}'.repeat(60), kind: 'words', action: 'flag', words: ['x'] }, /name/);
    assertRestError(await addRule(a, { name: 'r', kind: 'words', action: 'flag', words: ['x'] }), 403, 'forbidden');
    const put = await request(server, 'PUT', '/api/v1/moderation/rules/018f0000-0000-7000-8000-000000000000', {
      token: admin.token, body: { name: 'r', kind: 'words', action: 'flag', words: ['x'] },
    });
    assertRestError(put, 404, 'not_found');
    assertRestError(await decide(admin, 'nope', { action: 'approve' }), 400, 'invalid_input');
    assertRestError(await decide(admin, '018f0000-0000-7000-8000-000000000000', { action: 'approve' }), 404, 'not_found');
    assertRestError(await hits(a), 403, 'forbidden');
    assertRestError(await post(server, `/api/v1/moderation/users/${a.id}/warn`, { reason: 'x' }, a.token), 403, 'forbidden');
    assert.equal((await get(server, '/api/v1/moderation/rules', admin.token)).status, 200, 'still serving');
  });
});
