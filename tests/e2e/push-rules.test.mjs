// What concerns a person, end to end against the push service stand-in (push-helpers.mjs):
// mentions on messages (kept to the chat's people, @all for a group's admins) break through
// "mentions only" and a mute but not "nothing"; keywords notify; a reaction to one's message
// tells its sender once; Do not disturb holds everything but the mentions of the people it
// lets through, and when it ends one summary says what arrived. With two instances too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertRestError, get, openChat, registerUser, request, useParley } from './helpers.mjs';
import { PUSH_ARGS, jobRuns, pushesOnce, received, runsReach, subscribeDevice } from './push-helpers.mjs';

const { server, clients } = useParley({ args: PUSH_ARGS });

async function group(owner, members, title) {
  const res = await request(server, 'POST', '/api/v1/groups', {
    token: owner.token,
    body: { title, description: '', memberIds: members.map((m) => m.user.id) },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function trio() {
  const [ann, ben, cai] = await Promise.all(['Ann', 'Ben', 'Cai'].map((name) => registerUser(server, { name })));
  const design = await group(ann, [ben, cai], 'Design');
  const [A, B, C] = await Promise.all([ann, ben, cai].map((u) => clients.connect(u.token, { features: ['inbox'] })));
  const phone = await subscribeDevice(server, ben, 'Ben\'s phone');
  return { ann, ben, cai, A, B, C, design, phone };
}

const settings = (user, body) => request(server, 'PATCH', '/api/v1/me/notifications', { token: user.token, body });

describe('what breaks through', () => {
  test('mentions are kept to the chat\'s people; @all is for admins; a mention breaks through mentions only and a mute, not nothing', async () => {
    const { ann, ben, cai, A, C, design, phone } = await trio();
    const outsider = await registerUser(server);
    const sent = await A.ask('message', {
      chatId: design.id, content: '@Ben @Cai', mentions: [ben.user.id, cai.user.id, outsider.user.id, ann.user.id],
    });
    assert.deepEqual(sent.mentions, [ben.user.id, cai.user.id], 'members only, never the sender');
    assert.equal(sent.mentionsAll, undefined);
    const history = await get(server, `/api/v1/chats/${design.id}/messages`, ben.token);
    assert.deepEqual(history.json.at(-1).mentions, [ben.user.id, cai.user.id]);
    const refused = await C.ask('message', { chatId: design.id, content: '@all', mentionsAll: true });
    assert.equal(refused.status, 'error');
    assert.equal(refused.code, 'forbidden');
    const wrong = await A.ask('message', { chatId: design.id, content: 'x', mentions: 'Ben' });
    assert.equal(wrong.code, 'invalid_input');
    await pushesOnce(phone, 1);

    const level = await request(server, 'PUT', `/api/v1/chats/${design.id}/notifications`, {
      token: ben.token, body: { level: 'mentions', mutedUntil: Date.now() + 3600_000 },
    });
    assert.equal(level.status, 200, level.text);
    const runs = await jobRuns(server);
    await A.ask('message', { chatId: design.id, content: 'Lunch?' });
    await runsReach(server, runs + 1);
    assert.equal((await received(phone)).length, 1, 'mentions only, muted');
    const everyone = await A.ask('message', { chatId: design.id, content: '@all standup', mentionsAll: true });
    assert.equal(everyone.mentionsAll, true);
    const got = await pushesOnce(phone, 2);
    assert.equal(got[1].messageId, everyone.id);
    assert.equal(got[1].mention, true);
    assert.equal(got[1].body, 'Ann: @all standup');

    await request(server, 'PUT', `/api/v1/chats/${design.id}/notifications`, {
      token: ben.token, body: { level: 'nothing', mutedUntil: null },
    });
    const before = await jobRuns(server);
    await A.ask('message', { chatId: design.id, content: '@Ben?', mentions: [ben.user.id] });
    await runsReach(server, before + 1);
    assert.equal((await received(phone)).length, 2, 'nothing is nothing');
  });

  test('keywords notify like a mention; a reaction to one\'s message tells its sender once', async () => {
    const { ben, A, B, design, phone } = await trio();
    assertRestError(await settings(ben, { keywords: ['x'] }), 400, 'invalid_input');
    const set = await settings(ben, { keywords: [' deploy ', 'Deploy', 'release plan'] });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.json.keywords, ['deploy', 'release plan']);
    await request(server, 'PUT', `/api/v1/chats/${design.id}/notifications`, { token: ben.token, body: { level: 'mentions' } });
    const runs = await jobRuns(server);
    await A.ask('message', { chatId: design.id, content: 'we redeployed' });
    await runsReach(server, runs + 1);
    assert.deepEqual(await received(phone), [], 'not the whole word');
    const hit = await A.ask('message', { chatId: design.id, content: 'The Release Plan is out' });
    const [keyword] = await pushesOnce(phone, 1);
    assert.equal(keyword.messageId, hit.id);
    assert.equal(keyword.mention, true);

    const own = await B.ask('message', { chatId: design.id, content: 'Ship it Friday?' });
    const reactions = await jobRuns(server, 'notify_reaction');
    for (const on of [true, false, true]) {
      const r = await A.ask('message:react', { messageId: own.id, emoji: '👍', on });
      assert.equal(r.status, 'ok', JSON.stringify(r));
    }
    const pushes = await pushesOnce(phone, 2);
    assert.equal(pushes[1].kind, 'reaction');
    assert.equal(pushes[1].messageId, own.id);
    assert.equal(pushes[1].title, 'Design');
    assert.equal(pushes[1].body, 'Ann reacted 👍 to “Ship it Friday?”');
    await runsReach(server, reactions + 1, 'notify_reaction');
    assert.equal((await received(phone)).length, 2, 'once per reactor and emoji');
  });

  test('Do not disturb holds all but allowed mentions, then one summary says what arrived', async () => {
    const { ann, ben, cai, A, C, design, phone } = await trio();
    const direct = await openChat(server, ann, ben);
    for (const bad of [{ timeZone: 'Mars/Olympus' }, { dnd: { schedule: { start: '25:00' } } }, { dnd: 'on' },
      { dnd: { allow: 'everyone' } }]) {
      assertRestError(await settings(ben, bad), 400, 'invalid_input');
    }
    const quiet = await settings(ben, {
      timeZone: 'Europe/Paris',
      dnd: { until: Date.now() + 3000, schedule: { enabled: false, start: '22:00', end: '07:00', days: [1, 2, 3, 4, 5] },
        allow: [ann.user.id] },
    });
    assert.equal(quiet.status, 200, quiet.text);
    assert.equal(quiet.json.timeZone, 'Europe/Paris');
    assert.deepEqual(quiet.json.dnd.schedule, { enabled: false, start: '22:00', end: '07:00', days: [1, 2, 3, 4, 5] });
    assert.ok(quiet.json.dndActiveUntil > Date.now(), 'in force');

    const runs = await jobRuns(server);
    await A.ask('message', { chatId: direct.id, content: 'one' });
    await C.ask('message', { chatId: design.id, content: 'two' });
    await C.ask('message', { chatId: design.id, content: '@Ben three', mentions: [ben.user.id] });
    await runsReach(server, runs + 3);
    assert.deepEqual(await received(phone), [], 'held; Cai is not let through');
    const urgent = await A.ask('message', { chatId: design.id, content: '@Ben urgent', mentions: [ben.user.id] });
    const [through] = await pushesOnce(phone, 1);
    assert.equal(through.messageId, urgent.id, 'Ann\'s mention is let through');

    const got = await pushesOnce(phone, 2, 15000);
    assert.equal(got[1].kind, 'summary');
    assert.equal(got[1].title, 'While Do not disturb was on');
    assert.equal(got[1].body, '3 new messages in Design and Ann');
    assert.deepEqual(got[1].chats, [{ chatId: design.id, count: 2 }, { chatId: direct.id, count: 1 }]);
    const after = await get(server, '/api/v1/me/notifications', ben.token);
    assert.equal(after.json.dndActiveUntil, null);
    assert.equal((await received(phone)).length, 2, 'the held messages came in the summary only');
  });
});
