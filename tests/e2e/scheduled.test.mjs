// Scheduled messages end to end: one scheduled two seconds ahead arrives once, at its time,
// marked scheduled, and only its author saw it before; listing, editing, cancelling, sending
// now and the preview over REST with their refusals; an occurrence due while the server was
// killed is sent once after the restart when within the grace, and counted missed past it;
// 1,000 schedules due in the same second (on two instances in the cluster shape) are each sent
// exactly once; edits racing the send never lose an edit that was accepted.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';

import {
  assertRestError, fetchAllMessages, get, joinAll, makeDataDir, openChat, registerUser, request, startParley, uploadFile, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const upload = (user, bytes, name, type) => uploadFile(server, user, bytes, name, type);

// A UTC wall-clock time `ms` from now, as the API takes local times ("YYYY-MM-DDTHH:MM:SS").
const utcIn = (ms) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString().slice(0, 19);
const epochOf = (local) => Date.parse(`${local}Z`);

const scheduledPath = (chatId, id = '') => `/api/v1/chats/${chatId}/scheduled${id ? `/${id}` : ''}`;
async function schedule(srv, user, chatId, body) {
  const res = await request(srv, 'POST', scheduledPath(chatId), { token: user.token, body: { timeZone: 'UTC', ...body } });
  assert.equal(res.status, 201, res.text);
  return res.json.scheduled;
}
const patch = (srv, user, chatId, id, body) => request(srv, 'PATCH', scheduledPath(chatId, id), { token: user.token, body });
const one = async (srv, user, chatId, id) => (await get(srv, scheduledPath(chatId, id), user.token)).json.scheduled;

// Polls `read` until `done(value)`; for state another process changes while no socket can
// listen (across a restart).
async function until(read, done, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => { setTimeout(r, 100); });
  }
}

describe('scheduled messages', () => {
  test('one scheduled 2 s ahead arrives once, at its time, marked scheduled; only its author saw it', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const [A, B] = await Promise.all([clients.connect(a.token), clients.connect(b.token)]);
    await joinAll(chat.id, [A, B]);
    const start = utcIn(2000);
    const created = A.next('scheduled:updated', (d) => d.scheduled.state === 'pending');
    const s = await schedule(server, a, chat.id, { content: 'good morning', start });
    assert.equal(s.state, 'pending');
    assert.equal(s.nextAt, epochOf(start));
    assert.deepEqual(s.upcoming, [epochOf(start)]);
    assert.equal(s.start, start);
    assert.equal(s.rrule, null);
    assert.deepEqual((await created).scheduled, s);
    assert.deepEqual((await get(server, scheduledPath(chat.id), b.token)).json.scheduled, []);
    assert.deepEqual((await get(server, scheduledPath(chat.id), a.token)).json.scheduled.map((x) => x.id), [s.id]);
    assert.ok((await get(server, '/api/v1/me/scheduled', a.token)).json.scheduled.some((x) => x.id === s.id));

    const arrived = B.next('message', (m) => m.chatId === chat.id);
    const done = A.next('scheduled:updated', (d) => d.scheduled.id === s.id && d.scheduled.state === 'done');
    const m = await arrived;
    const at = Date.now();
    assert.equal(m.content, 'good morning');
    assert.equal(m.senderId, a.id);
    assert.equal(m.scheduled, true);
    assert.ok(at >= s.nextAt, `arrived ${s.nextAt - at} ms early`);
    assert.ok(at - s.nextAt < 1500, `arrived ${at - s.nextAt} ms late`);
    const ended = (await done).scheduled;
    assert.equal(ended.sentCount, 1);
    assert.equal(ended.lastMessageId, m.id);
    assert.equal(ended.nextAt, null);
    const history = await fetchAllMessages(server, chat.id, a.token);
    assert.equal(history.length, 1);
    assert.equal(history[0].scheduled, true);
    assert.deepEqual((await get(server, scheduledPath(chat.id), a.token)).json.scheduled, []);
  });

  test('listed, edited over the version read, cancelled, sent now; the preview; refusals', async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const weekly = await schedule(server, a, chat.id, {
      content: 'standup', start: '2027-03-22T09:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO',
    });
    // 09:00 in Berlin: 08:00 UTC before the spring change, 07:00 after.
    assert.deepEqual(weekly.upcoming.slice(0, 3).map((t) => new Date(t).toISOString()),
      ['2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
    assert.equal(weekly.upcoming.length, 5);

    const edited = await patch(server, a, chat.id, weekly.id, { content: 'standup!', rrule: null, version: weekly.version });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json.scheduled.content, 'standup!');
    assert.equal(edited.json.scheduled.rrule, null);
    assert.equal(edited.json.scheduled.version, weekly.version + 1);
    assertRestError(await patch(server, a, chat.id, weekly.id, { content: 'late', version: weekly.version }), 409, 'conflict');
    assertRestError(await patch(server, b, chat.id, weekly.id, { content: 'mine' }), 404, 'not_found');

    const sent = await request(server, 'POST', `${scheduledPath(chat.id, weekly.id)}/send`, { token: a.token });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.json.message.content, 'standup!');
    assert.equal(sent.json.message.scheduled, true);
    assert.equal(sent.json.scheduled.state, 'done');
    assertRestError(await request(server, 'POST', `${scheduledPath(chat.id, weekly.id)}/send`, { token: a.token }), 404, 'not_found');
    assert.equal((await one(server, a, chat.id, weekly.id)).sentCount, 1);

    const later = await schedule(server, a, chat.id, { content: 'never', start: utcIn(3_600_000) });
    const gone = await request(server, 'DELETE', scheduledPath(chat.id, later.id), { token: a.token });
    assert.equal(gone.status, 204);
    assert.equal((await one(server, a, chat.id, later.id)).state, 'cancelled');
    assertRestError(await request(server, 'DELETE', scheduledPath(chat.id, later.id), { token: a.token }), 404, 'not_found');

    const preview = await request(server, 'POST', '/api/v1/me/scheduled/preview', {
      token: a.token, body: { start: '2027-01-29T17:00', timeZone: 'America/New_York', rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3' },
    });
    assert.equal(preview.status, 200, preview.text);
    assert.deepEqual(preview.json.occurrences.map((t) => new Date(t).toISOString()),
      ['2027-01-29T22:00:00.000Z', '2027-02-26T22:00:00.000Z', '2027-03-26T21:00:00.000Z']);

    const refused = async (body, status, code, message) => {
      const res = await request(server, 'POST', scheduledPath(chat.id), { token: a.token, body });
      assertRestError(res, status, code);
      if (message) assert.match(res.json.message, message);
    };
    await refused({ content: 'x', start: '2020-01-01T09:00', timeZone: 'UTC' }, 400, 'invalid_input', /future/);
    await refused({ content: 'x', start: utcIn(400 * 86_400_000), timeZone: 'UTC' }, 400, 'invalid_input', /a year/);
    await refused({ content: 'x', start: 'tomorrow', timeZone: 'UTC' }, 400, 'invalid_input', /start/);
    await refused({ content: 'x', start: utcIn(60_000), timeZone: 'Mars/Base' }, 400, 'invalid_input', /timeZone/);
    await refused({ content: 'x', start: utcIn(60_000), rrule: 'FREQ=MINUTELY' }, 400, 'invalid_input', /FREQ/);
    await refused({ content: '', start: utcIn(60_000) }, 400, 'invalid_input');
    await refused({ content: 'x'.repeat(200_000), start: utcIn(60_000) }, 413, 'payload_too_large');
    await refused({ content: 42, start: utcIn(60_000) }, 400, 'invalid_input');
    await refused({ content: 'x', start: utcIn(60_000), recipientZone: 'yes' }, 400, 'invalid_input');
    await refused({ start: utcIn(60_000) }, 400, 'invalid_input');
    const invalidUtf8 = await request(server, 'POST', scheduledPath(chat.id), {
      token: a.token, raw: Buffer.from([...Buffer.from('{"content":"'), 0xff, 0xfe, ...Buffer.from(`","start":"${utcIn(60_000)}"}`)]),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(invalidUtf8.status, 400);
    assertRestError(await request(server, 'POST', scheduledPath(chat.id), {
      token: c.token, body: { content: 'x', start: utcIn(60_000) },
    }), 403, 'forbidden');
    assertRestError(await get(server, scheduledPath('0190c0de-aaaa-7bbb-8ccc-123456789abc'), a.token), 404, 'not_found');
    assertRestError(await get(server, scheduledPath(chat.id, 'nope'), a.token), 404, 'not_found');
    assertRestError(await get(server, '/api/v1/me/scheduled'), 401, 'unauthorized');
  });

  test('files go with the scheduled message; only finished uploads of the author', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const mine = await upload(a, Buffer.from('quarterly numbers'), 'q1.txt', 'text/plain');
    const theirs = await upload(b, Buffer.from('not hers'), 'b.txt', 'text/plain');
    assertRestError(await request(server, 'POST', scheduledPath(chat.id), {
      token: a.token, body: { start: utcIn(60_000), timeZone: 'UTC', attachments: [theirs] },
    }), 404, 'not_found');
    assertRestError(await request(server, 'POST', scheduledPath(chat.id), {
      token: a.token, body: { start: utcIn(60_000), timeZone: 'UTC', attachments: [42] },
    }), 400, 'invalid_input');
    const s = await schedule(server, a, chat.id, { start: utcIn(1500), attachments: [mine] });
    assert.equal(s.content, '');
    assert.deepEqual(s.attachments.map((f) => f.id), [mine]);
    const sent = await until(() => one(server, a, chat.id, s.id), (x) => x.state !== 'pending');
    assert.equal(sent.state, 'done');
    const [m] = await fetchAllMessages(server, chat.id, b.token);
    assert.equal(m.scheduled, true);
    assert.deepEqual(m.attachments.map((f) => f.id), [mine]);
  });

  test("in a private chat, the recipient's time zone", async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const zone = await request(server, 'PATCH', '/api/v1/me/notifications', { token: b.token, body: { timeZone: 'Asia/Tokyo' } });
    assert.equal(zone.status, 200, zone.text);
    const s = await schedule(server, a, chat.id, { content: 'ohayo', start: '2027-05-10T09:00', recipientZone: true });
    assert.equal(s.timeZone, 'Asia/Tokyo');
    assert.equal(new Date(s.nextAt).toISOString(), '2027-05-10T00:00:00.000Z');
  });

  test('edits racing the send: the message sent is the text last accepted', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const s = await schedule(server, a, chat.id, { content: 'v0', start: utcIn(1500) });
    let accepted = 'v0';
    for (let i = 1; ; i += 1) {
      const res = await patch(server, a, chat.id, s.id, { content: `v${i}` });
      if (res.status === 200) {
        accepted = `v${i}`;
        continue;
      }
      assert.ok([404, 409].includes(res.status), res.text);  // being sent, or sent
      if (res.status === 404) break;
    }
    const ended = await one(server, a, chat.id, s.id);
    assert.equal(ended.state, 'done');
    const history = await fetchAllMessages(server, chat.id, a.token);
    assert.equal(history.length, 1);
    assert.equal(history[0].content, accepted);
    assert.equal(ended.content, accepted);
  });

  test('1,000 schedules due in the same second are each sent exactly once', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => registerUser(server)));
    const peer = await registerUser(server);
    const chats = await Promise.all(users.map((u) => openChat(server, u, peer)));
    const start = utcIn(8000);
    const made = [];
    for (let batch = 0; batch < 20; batch += 1) {
      made.push(...await Promise.all(Array.from({ length: 50 }, (_, k) => {
        const n = batch * 50 + k;
        return schedule(server, users[n % 4], chats[n % 4].id, { content: `due ${n}`, start });
      })));
    }
    assert.equal(made.length, 1000);
    assert.ok(Date.now() < epochOf(start), 'all scheduled before they were due');
    const histories = await until(
      () => Promise.all(chats.map((c, i) => fetchAllMessages(server, c.id, users[i].token))),
      (hs) => hs.reduce((n, h) => n + h.length, 0) >= 1000,
      30000,
    );
    const contents = histories.flat().map((m) => m.content);
    assert.equal(contents.length, 1000);
    assert.equal(new Set(contents).size, 1000);
    const lateness = histories.flat().map((m) => Date.parse(m.createdAt) - epochOf(start));
    assert.ok(Math.min(...lateness) >= 0, 'none early');
    assert.ok(Math.max(...lateness) < 10000, `the last ${Math.max(...lateness)} ms late`);
    const pending = await Promise.all(users.map((u) => get(server, '/api/v1/me/scheduled', u.token)));
    assert.deepEqual(pending.map((p) => p.json.scheduled.length), [0, 0, 0, 0]);
  });
});

describe('scheduled messages across a kill -9', () => {
  test('an occurrence due while the server was down is sent once within the grace, missed past it', async () => {
    const dataDir = makeDataDir();
    const args = ['--schedule_grace_ms', '4000'];
    let own = await startParley({ dataDir, args });
    try {
      const [a, b] = await Promise.all([registerUser(own), registerUser(own)]);
      const chat = await openChat(own, a, b);
      const soon = await schedule(own, a, chat.id, { content: 'while down', start: utcIn(1500) });
      const past = await schedule(own, a, chat.id, { content: 'too late', start: utcIn(1500) });
      await own.kill();
      // Down past both times, back within the grace: each is sent, once.
      await new Promise((r) => { setTimeout(r, Math.max(0, soon.nextAt + 500 - Date.now())); });
      own = await startParley({ dataDir, port: own.port, args });
      const sent = await until(() => one(own, a, chat.id, soon.id), (s) => s.state !== 'pending');
      assert.equal(sent.state, 'done');
      assert.equal(sent.sentCount, 1);
      await until(() => one(own, a, chat.id, past.id), (s) => s.state !== 'pending');
      const history = await fetchAllMessages(own, chat.id, a.token);
      assert.deepEqual(history.map((m) => m.content).sort(), ['too late', 'while down']);

      // Down past the time and the grace after it: missed, nothing sent.
      const missed = await schedule(own, a, chat.id, { content: 'missed', start: utcIn(1500) });
      await own.kill();
      await new Promise((r) => { setTimeout(r, Math.max(0, missed.nextAt + 4500 - Date.now())); });
      own = await startParley({ dataDir, port: own.port, args });
      const after = await until(() => one(own, a, chat.id, missed.id), (s) => s.state !== 'pending');
      assert.equal(after.state, 'done');
      assert.equal(after.sentCount, 0);
      assert.equal(after.missedCount, 1);
      assert.equal(after.lastMissedAt, missed.nextAt);
      assert.equal((await fetchAllMessages(own, chat.id, a.token)).length, 2);
    } finally {
      await own.stop();
    }
  });
});
