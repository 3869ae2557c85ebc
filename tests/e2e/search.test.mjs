// Message search end to end, over REST and Socket.IO: what a person finds (only what they may
// read, as it is now: a non-member never, a deleted message never, an edit by its new text), the
// query language with its errors and their positions, highlights in UTF-16 offsets, pages, and
// the chat switcher. In the cluster shape the requests alternate between the two instances, so
// a message sent on one is searched on the other.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, inboxPair, openChat, registerUser, request, startOne, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const rest = (method, urlPath, token, body) => request(server, method, urlPath, { token, body });

function searchUrl(params) {
  return `/api/v1/search/messages?${new URLSearchParams(params)}`;
}

async function search(user, params) {
  const res = await rest('GET', searchUrl(params), user.token);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const contents = (page) => page.results.map((r) => r.message.content);

const pair = () => inboxPair(server, clients);

describe('message search', () => {
  test('finds a message right after its acknowledgement, by words, parts, phrases and scripts', async () => {
    const { a, b, A, B, chatId } = await pair();
    const texts = ['We redeployed the API 🎉', 'Deploy to prod now', '明日の会議は東京で行います', 'Die Straße ist gesperrt'];
    for (const content of texts) await A.ask('message', { chatId, content });

    assert.deepEqual(contents(await search(b, { q: 'deploy', sort: 'date' })), [texts[1], texts[0]]);
    assert.deepEqual(contents(await search(b, { q: '"deploy"' })), [texts[1]]);
    assert.deepEqual(contents(await search(b, { q: '"to prod"' })), [texts[1]]);
    assert.deepEqual(contents(await search(b, { q: 'STRASSE' })), [texts[3]]);
    assert.deepEqual(contents(await search(b, { q: 'deploy -prod' })), [texts[0]]);

    const tokyo = await search(b, { q: '東京' });
    assert.deepEqual(contents(tokyo), [texts[2]]);
    assert.deepEqual(tokyo.results[0].highlights, [{ start: 6, end: 8 }]);
    assert.equal(texts[2].slice(6, 8), '東京');
    assert.equal(tokyo.results[0].snippet.text, texts[2]);
    assert.equal(tokyo.nextCursor, null);

    const redeployed = (await search(b, { q: 'deploy', sort: 'date' })).results[1];
    assert.deepEqual(redeployed.highlights, [{ start: 5, end: 11 }]);
    assert.equal(redeployed.message.chatId, chatId);
    assert.equal(redeployed.message.senderId, a.id);
    assert.equal(typeof redeployed.message.seq, 'number');

    const party = await search(b, { q: '🎉' });
    assert.deepEqual(contents(party), [texts[0]]);
    assert.equal(texts[0].slice(party.results[0].highlights[0].start, party.results[0].highlights[0].end), '🎉');

    // The same over Socket.IO.
    const ack = await B.ask('search:messages', { q: 'deploy', sort: 'date', limit: 1 });
    assertOkAck(ack, 'search:messages');
    assert.deepEqual(ack.results.map((r) => r.message.content), [texts[1]]);
    assert.equal(typeof ack.nextCursor, 'string');
    const next = await B.ask('search:messages', { q: 'deploy', sort: 'date', limit: 1, cursor: ack.nextCursor });
    assert.deepEqual(next.results.map((r) => r.message.content), [texts[0]]);
  });

  test('finds only what the person may read, as it is now', async () => {
    const { a, b, A, B, chatId } = await pair();
    const stranger = await registerUser(server);
    const sent = await A.ask('message', { chatId, content: 'the secret launch code' });
    assert.deepEqual(contents(await search(stranger, { q: 'secret' })), [], 'a non-member never finds it');
    assertRestError(await rest('GET', searchUrl({ q: 'secret', chatId }), stranger.token), 403, 'forbidden');
    assertRestError(await rest('GET', searchUrl({ q: 'secret', chatId: crypto.randomUUID() }), a.token), 404);

    assertOkAck(await A.ask('message:edit', { messageId: sent.id, content: 'the public launch plan' }), 'message:edit');
    assert.deepEqual(contents(await search(b, { q: 'secret' })), [], 'the old text is no longer found');
    assert.deepEqual(contents(await search(b, { q: 'public' })), ['the public launch plan']);

    assertOkAck(await B.ask('message:delete', { chatId, messageIds: [sent.id], scope: 'me' }), 'delete for me');
    assert.deepEqual(contents(await search(b, { q: 'launch' })), [], 'hidden for the one who deleted it');
    assert.deepEqual(contents(await search(a, { q: 'launch' })), ['the public launch plan']);

    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [sent.id], scope: 'everyone' }), 'delete');
    assert.deepEqual(contents(await search(a, { q: 'launch' })), [], 'deleted for everyone');
  });

  test('a member of a group that hides history finds only from their joining; a removed one nothing', async () => {
    const [owner, early, late] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const created = await rest('POST', '/api/v1/groups', owner.token, { title: 'Orbit crew', memberIds: [early.id] });
    assert.equal(created.status, 201, created.text);
    const chatId = created.json.id;
    const settings = await rest('PATCH', `/api/v1/chats/${chatId}/settings`, owner.token, { historyVisible: false });
    assert.equal(settings.status, 200, settings.text);
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    await O.ask('message', { chatId, content: 'orbit before the newcomer' });
    assertOkAck(await O.ask('group:add', { chatId, userIds: [late.id] }), 'group:add');
    await O.ask('message', { chatId, content: 'orbit after the newcomer' });

    assert.deepEqual(contents(await search(late, { q: 'orbit' })), ['orbit after the newcomer']);
    assert.equal((await search(early, { q: 'orbit' })).results.length, 2);
    assert.deepEqual(contents(await search(owner, { q: 'in:orbit newcomer', sort: 'date' })),
      ['orbit after the newcomer', 'orbit before the newcomer']);
    assertOkAck(await O.ask('group:remove', { chatId, userId: early.id }), 'group:remove');
    assert.deepEqual(contents(await search(early, { q: 'orbit' })), [], 'removed: nothing of the group');
  });

  test('operators filter by sender, link, pin and day', async () => {
    const { a, b, A, B, chatId } = await pair();
    await A.ask('message', { chatId, content: 'plan at https://example.com/plan' });
    const mine = await B.ask('message', { chatId, content: 'my plan' });
    assertOkAck(await B.ask('message:pin', { messageId: mine.id }), 'pin');
    assert.deepEqual(contents(await search(a, { q: `plan from:${b.email}` })), ['my plan']);
    assert.deepEqual(contents(await search(a, { q: 'plan', from: b.id })), ['my plan']);
    assert.deepEqual(contents(await search(a, { q: 'plan has:link' })), ['plan at https://example.com/plan']);
    assert.deepEqual(contents(await search(a, { q: 'plan', has: 'link' })), ['plan at https://example.com/plan']);
    assert.deepEqual(contents(await search(a, { q: 'is:pinned' })), ['my plan']);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await search(a, { q: `plan after:${today}` })).results.length, 2);
    assert.equal((await search(a, { q: `plan before:${today}` })).results.length, 0);
    assert.equal((await search(a, { q: 'plan', before: '2000-01-01' })).results.length, 0);
    assert.equal((await search(a, { q: 'plan', after: String(Date.now() - 3600_000) })).results.length, 2);
  });

  test('an unreadable query is invalid_query with the position; bad parameters are invalid_input', async () => {
    const { a, A } = await pair();
    const unclosed = await rest('GET', searchUrl({ q: 'deploy "to prod' }), a.token);
    assertRestError(unclosed, 400, 'invalid_query');
    assert.equal(unclosed.json.position, 7);
    const operator = await rest('GET', searchUrl({ q: '東京 foo:bar' }), a.token);
    assertRestError(operator, 400, 'invalid_query');
    assert.equal(operator.json.position, 3, 'UTF-16 offsets');
    assertRestError(await rest('GET', searchUrl({ q: 'after:2026-02-30' }), a.token), 400, 'invalid_query');
    assertRestError(await rest('GET', searchUrl({ q: '' }), a.token), 400, 'invalid_query');
    assertRestError(await rest('GET', searchUrl({ q: 'from:nobody-called-this' }), a.token), 400, 'invalid_query');
    assertRestError(await rest('GET', searchUrl({ q: 'x'.repeat(1001) }), a.token), 400, 'invalid_query');
    assertRestError(await rest('GET', '/api/v1/search/messages', a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan', limit: '0' }), a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan', limit: '51' }), a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan', cursor: 'garbage' }), a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan', has: 'pictures' }), a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan', after: 'yesterday' }), a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', searchUrl({ q: 'plan' }), undefined), 401, 'unauthorized');
    assertRestError(await rest('GET', '/api/v1/search/messages?q=ab%FFcd', a.token), 400, 'invalid_query');  // not UTF-8

    const ack = await A.ask('search:messages', { q: 'is:starred' });
    assertErrorAck(ack, 'invalid_query');
    assert.equal(ack.position, 3);
    assertErrorAck(await A.ask('search:messages', { q: 42 }), 'invalid_input');
    assertErrorAck(await A.ask('search:messages', { q: 'plan', limit: 'ten' }), 'invalid_input');
    assertErrorAck(await A.ask('search:messages', {}), 'invalid_input');
    // The server goes on serving.
    assert.equal((await search(a, { q: 'anything' })).results.length, 0);
  });

  test('pages reach every match, by date and by relevance', async () => {
    const { a, b, A, chatId } = await pair();
    for (let i = 0; i < 30; i++) await A.ask('message', { chatId, content: `ticket ${i}${i % 3 === 0 ? ' ticket' : ''}` });
    for (const sort of ['date', 'relevance']) {
      const seen = new Set();
      let cursor;
      for (let pages = 0; pages < 10; pages++) {
        const page = await search(b, { q: 'ticket', sort, limit: 7, ...(cursor ? { cursor } : {}) });
        for (const r of page.results) {
          assert.ok(!seen.has(r.message.id), `${sort}: ${r.message.content} twice`);
          seen.add(r.message.id);
        }
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.equal(seen.size, 30, sort);
    }
  });

  test('searches are rate-limited per person', async () => {
    const limited = await startOne({ args: ['--rate_searches_burst', '3', '--rate_searches_per_second', '1'] });
    try {
      const [a, b] = await Promise.all([registerUser(limited), registerUser(limited)]);
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(await request(limited, 'GET', searchUrl({ q: 'anything' }), { token: a.token }));
      assert.deepEqual(answers.slice(0, 3).map((r) => r.status), [200, 200, 200], 'the burst');
      const refused = answers.find((r) => r.status !== 200);
      assert.ok(refused, 'eight searches at once pass a burst of three refilled once a second');
      assertRestError(refused, 429, 'rate_limited');
      assert.equal((await request(limited, 'GET', searchUrl({ q: 'anything' }), { token: b.token })).status, 200,
        'another person is not limited');
    } finally {
      await limited.stop();
    }
  });

  test('the chat switcher finds chats and people by the start of a word', async () => {
    const a = await registerUser(server, { name: 'Quentin Marlowe' });
    const b = await registerUser(server, { name: 'Zelda Okonkwo' });
    await openChat(server, a, b);
    const created = await rest('POST', '/api/v1/groups', a.token, { title: 'Harbor watch', memberIds: [b.id] });
    assert.equal(created.status, 201, created.text);
    const byTitle = await rest('GET', '/api/v1/search/chats?q=harb', a.token);
    assert.equal(byTitle.status, 200, byTitle.text);
    assert.deepEqual(byTitle.json.chats.map((c) => c.chatId), [created.json.id]);
    const byName = await rest('GET', '/api/v1/search/chats?q=okon', a.token);
    assert.deepEqual(byName.json.people.map((p) => p.id), [b.id]);
    assert.equal(byName.json.chats.length, 1, 'the private chat with Zelda');
    assert.deepEqual((await rest('GET', '/api/v1/search/chats?q=arbor', a.token)).json.chats, []);
    assertRestError(await rest('GET', '/api/v1/search/chats?q=%3F%21', a.token), 400, 'invalid_input');
  });
});
