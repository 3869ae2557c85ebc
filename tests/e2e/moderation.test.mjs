// Reports and moderation, end to end: a report keeps the reported message and the messages
// around it, also after the message is deleted; the reporter sees its status; the server's
// administrators (--server_admins) and the moderators they name work every report, a group's
// owner and admins their group's; dismiss, delete and suspend close a report once and write the
// audit log; a suspended account is cut off at once on every instance until lifted; bad input
// and other people's reports get clear errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import { assertOkAck, assertRestError, connectError, get, openChat, post, registerUser, request, uniqueEmail, useParley } from './helpers.mjs';

const ADMIN = uniqueEmail('admin');
const { server, clients } = useParley({ args: ['--server_admins', ADMIN] });

// The configured administrator, registered once for the file.
let adminOnce;
const theAdmin = () => (adminOnce ??= registerUser(server, { email: ADMIN }));
const report = (user, body) => post(server, '/api/v1/reports', body, user.token);
const queue = (user, query = '') => get(server, `/api/v1/moderation/reports${query}`, user.token);
const act = (user, id, body) => post(server, `/api/v1/moderation/reports/${id}/actions`, body, user.token);

describe('reports', () => {
  test('a report keeps its context for the moderators, also after the message is deleted; the reporter sees its status', async () => {
    const [admin, a, b] = await Promise.all([
      theAdmin(), registerUser(server, { name: 'Ann' }), registerUser(server, { name: 'Bob' }),
    ]);
    const chat = await openChat(server, a, b);
    const A = await clients.connect(a.token, { features: ['inbox'] });
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const sent = [];
    for (let i = 0; i < 25; i++) sent.push(await (i % 2 ? B : A).ask('message', { chatId: chat.id, content: `line ${i}` }));
    const bad = sent[13]; // Bob's

    const res = await report(a, { kind: 'message', targetId: bad.id, category: 'harassment', comment: 'this again' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.status, 'open');
    assert.equal(res.json.userId, b.id);
    assert.equal(res.json.chatId, chat.id);
    assert.equal(res.json.context, undefined, 'the reporter does not get the context back');

    assertOkAck(await B.ask('message:delete', { chatId: chat.id, messageIds: [bad.id] }), 'message:delete');
    const seen = await queue(admin);
    assert.equal(seen.status, 200, seen.text);
    const r = seen.json.reports.find((x) => x.id === res.json.id);
    assert.equal(r.reporter.name, 'Ann');
    assert.equal(r.user.name, 'Bob');
    assert.equal(r.comment, 'this again');
    assert.equal(r.context.length, 21);
    const kept = r.context.find((m) => m.id === bad.id);
    assert.equal(kept.content, 'line 13', 'kept as it was when reported');
    assert.deepEqual(r.context.map((m) => m.seq), Array.from({ length: 21 }, (_, i) => bad.seq - 10 + i));

    const mine = await get(server, '/api/v1/me/reports', a.token);
    assert.deepEqual(mine.json.reports.map((x) => [x.id, x.status]), [[res.json.id, 'open']]);
    assert.deepEqual((await get(server, '/api/v1/me/reports', b.token)).json.reports, []);
  });

  test('bad input gets a clear error; nobody reports what they cannot see; reporting can block', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const m = await B.ask('message', { chatId: chat.id, content: 'hi' });
    assertRestError(await report(a, { kind: 'thing', targetId: m.id, category: 'spam' }), 400, 'invalid_input');
    assertRestError(await report(a, { kind: 'message', targetId: m.id, category: 'rude' }), 400, 'invalid_input');
    assertRestError(await report(a, { kind: 'message', targetId: 'x', category: 'spam' }), 400, 'invalid_input');
    assertRestError(await report(a, { kind: 'message', targetId: m.id }), 400, 'invalid_input');
    assertRestError(await report(a, { kind: 'message', targetId: randomUUID(), category: 'spam' }), 404, 'not_found');
    assertRestError(await report(c, { kind: 'message', targetId: m.id, category: 'spam' }), 403, 'forbidden');
    assertRestError(await report(b, { kind: 'message', targetId: m.id, category: 'spam' }), 400, 'invalid_input');
    assertRestError(await report(a, { kind: 'user', targetId: b.id, category: 'spam', comment: 'x'.repeat(1001) }), 413,
      'payload_too_large');
    assertRestError(await request(server, 'POST', '/api/v1/reports', { body: {} }), 401, 'unauthorized');

    const withBlock = await report(a, { kind: 'user', targetId: b.id, category: 'spam', block: true });
    assert.equal(withBlock.status, 201, withBlock.text);
    const blocks = await get(server, '/api/v1/me/blocks', a.token);
    assert.deepEqual(blocks.json.blocks.map((x) => x.user.id), [b.id]);
  });
});

describe('the moderation queue', () => {
  test('a group owner works their group\'s reports; staff work all; every action is audited once', async () => {
    const [admin, owner, member, other] = await Promise.all([
      theAdmin(), registerUser(server), registerUser(server), registerUser(server),
    ]);
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const M = await clients.connect(member.token, { features: ['inbox'] });
    const group = (await O.ask('group:create', { title: 'Moderated', memberIds: [member.id] })).chat;
    const spam = await M.ask('message', { chatId: group.id, content: 'BUY NOW' });
    const heard = M.next('message:deleted', (e) => e.messageIds.includes(spam.id));
    const r1 = (await report(owner, { kind: 'message', targetId: spam.id, category: 'spam' })).json;
    const r2 = (await report(member, { kind: 'group', targetId: group.id, category: 'other' })).json;

    assertRestError(await queue(member, `?chatId=${group.id}`), 403, 'forbidden');
    assertRestError(await queue(owner), 403, 'forbidden');
    const own = await queue(owner, `?chatId=${group.id}&status=open`);
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.json.reports.map((x) => x.id), [r1.id], 'the group\'s own report is for the server');
    assertRestError(await queue(owner, `?chatId=${group.id}&status=maybe`), 400, 'invalid_input');

    const deleted = await act(owner, r1.id, { action: 'delete', reason: 'spam' });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.status, 'resolved');
    assert.equal(deleted.json.resolution, 'deleted');
    assert.equal((await heard).deletedBy, owner.id);
    const history = await get(server, `/api/v1/chats/${group.id}/messages`, member.token);
    const tomb = history.json.find((x) => x.id === spam.id);
    assert.equal(tomb.deleted, true, 'the message is gone for everyone');
    assert.notEqual(tomb.content, 'BUY NOW');
    assertRestError(await act(owner, r1.id, { action: 'dismiss' }), 409, 'conflict');
    assertRestError(await act(owner, r2.id, { action: 'dismiss' }), 403, 'forbidden');
    assertRestError(await act(other, r1.id, { action: 'dismiss' }), 403, 'forbidden');
    assertRestError(await act(admin, r2.id, { action: 'ban' }), 400, 'invalid_input');
    assertRestError(await act(admin, randomUUID(), { action: 'dismiss' }), 404, 'not_found');
    const dismissed = await act(admin, r2.id, { action: 'dismiss', reason: 'not a problem' });
    assert.equal(dismissed.json.status, 'dismissed');

    const groupLog = await get(server, `/api/v1/moderation/audit?chatId=${group.id}`, owner.token);
    assert.equal(groupLog.status, 200, groupLog.text);
    assert.deepEqual(groupLog.json.entries.map((e) => [e.action, e.actorId, e.userId, e.reason]),
      [['dismiss', admin.id, null, 'not a problem'], ['delete', owner.id, member.id, 'spam']]);
    assertRestError(await get(server, '/api/v1/moderation/audit', owner.token), 403, 'forbidden');
    const all = await get(server, '/api/v1/moderation/audit', admin.token);
    assert.ok(all.json.entries.some((e) => e.reportId === r1.id));
    const mine = await get(server, '/api/v1/me/reports', owner.token);
    assert.equal(mine.json.reports[0].status, 'resolved');
  });

  test('administrators name moderators, who then see every report; all of it audited', async () => {
    const [admin, mod, user] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    assert.deepEqual((await get(server, '/api/v1/moderation/role', admin.token)).json, { serverRole: 'admin' });
    assert.deepEqual((await get(server, '/api/v1/moderation/role', mod.token)).json, { serverRole: null });
    assertRestError(await queue(mod), 403, 'forbidden');
    const give = (by, who, role) => request(server, 'PUT', `/api/v1/moderation/staff/${who.id}`, { token: by.token, body: { role, reason: 'trusted' } });
    assertRestError(await give(user, mod, 'moderator'), 403, 'forbidden');
    assertRestError(await give(admin, mod, 'king'), 400, 'invalid_input');
    const given = await give(admin, mod, 'moderator');
    assert.equal(given.status, 200, given.text);
    assert.ok(given.json.staff.some((s) => s.user.id === mod.id && s.role === 'moderator' && s.configured === false));
    assert.ok(given.json.staff.some((s) => s.user.id === admin.id && s.configured === true));
    assert.deepEqual((await get(server, '/api/v1/moderation/role', mod.token)).json, { serverRole: 'moderator' });
    assert.equal((await queue(mod)).status, 200);
    assertRestError(await give(mod, user, 'moderator'), 403, 'forbidden');
    assert.equal((await give(admin, mod, 'none')).status, 200);
    assertRestError(await queue(mod), 403, 'forbidden');
    const log = await get(server, '/api/v1/moderation/audit', admin.token);
    const roles = log.json.entries.filter((e) => e.action === 'role' && e.userId === mod.id);
    assert.deepEqual(roles.map((e) => e.details.role), ['none', 'moderator']);
  });
});

describe('suspensions', () => {
  test('a suspended account is cut off at once on every instance, cannot sign in, and comes back when lifted', async () => {
    const [admin, m, other] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    // Two sockets, on both instances of a cluster.
    const [first, second] = [server.url, server.url];
    const S1 = await clients.connect(m.token, { url: first });
    const S2 = await clients.connect(m.token, { url: second });
    const bystander = await clients.connect(other.token, { url: second });

    const suspend = (by, who, body) => post(server, `/api/v1/moderation/users/${who.id}/suspend`, body, by.token);
    assertRestError(await suspend(other, m, {}), 403, 'forbidden');
    assertRestError(await suspend(admin, admin, {}), 400, 'invalid_input');
    assertRestError(await suspend(admin, m, { durationSeconds: 5 }), 400, 'invalid_input');
    const done = await suspend(admin, m, { reason: 'spam wave' });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.until, null);
    for (const S of [S1, S2]) {
      const notice = await S.next('session:revoked');
      assert.deepEqual(notice, { reason: 'suspended', message: 'Your account is suspended' });
      await S.disconnected();
    }
    assert.equal(bystander.connectedNow, true, 'others stay');

    // The token works nowhere; signing in is refused; a new socket is refused.
    assertRestError(await get(server, '/api/v1/me/blocks', m.token), 403, 'forbidden');
    assertRestError(await get(server, '/api/v1/me/blocks', m.token), 403, 'forbidden');
    const login = await post(server, '/auth/login', { email: m.email, password: m.password });
    assertRestError(login, 403, 'forbidden');
    assert.equal(await connectError(server, { token: m.token }), 'Account suspended');
    const listed = await get(server, '/api/v1/moderation/suspensions', admin.token);
    assert.ok(listed.json.suspensions.some((s) => s.userId === m.id && s.reason === 'spam wave' && s.user.id === m.id));

    const lifted = await post(server, `/api/v1/moderation/users/${m.id}/unsuspend`, { reason: 'appeal' }, admin.token);
    assert.equal(lifted.status, 200, lifted.text);
    assert.equal((await get(server, '/api/v1/me/blocks', m.token)).status, 200);
    const back = await clients.connect(m.token);
    assert.equal(back.connectedNow, true);
    const again = await post(server, '/auth/login', { email: m.email, password: m.password });
    assert.equal(again.status, 200, again.text);
    const log = await get(server, '/api/v1/moderation/audit', admin.token);
    const mine = log.json.entries.filter((e) => e.userId === m.id).map((e) => [e.action, e.reason]);
    assert.deepEqual(mine, [['unsuspend', 'appeal'], ['suspend', 'spam wave']]);
  });

  test('a report about a person can end in their suspension, for a while', async () => {
    const [admin, a, b] = await Promise.all([theAdmin(), registerUser(server), registerUser(server)]);
    const r = (await report(a, { kind: 'user', targetId: b.id, category: 'harassment' })).json;
    const done = await act(admin, r.id, { action: 'suspend', reason: 'threats', durationSeconds: 3600 });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.resolution, 'suspended');
    const listed = await get(server, '/api/v1/moderation/suspensions', admin.token);
    const s = listed.json.suspensions.find((x) => x.userId === b.id);
    const hours = (Date.parse(s.until) - Date.parse(s.at)) / 3600000;
    assert.equal(hours, 1);
    assertRestError(await get(server, '/api/v1/me/reports', b.token), 403, 'forbidden');
  });
});
