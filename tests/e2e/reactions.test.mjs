// Reactions, end to end: toggling one's reactions, the counts every member sees live and in
// history (with "me" per viewer), who reacted, the author's reaction:added and unread count,
// the limits and bad input, other users' chats, concurrent toggles, a device catching up by the
// change feed, and the most used emoji. In the cluster shape the clients spread over two
// instances.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, inboxPair, registerUser, request, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const rest = (method, urlPath, token, body) => request(server, method, urlPath, { token, body });

const pair = () => inboxPair(server, clients, ['Ann', 'Ben']);

const counts = (reactions) => reactions.map(({ emoji, count }) => [emoji, count]);

describe('reactions', () => {
  test('a reaction toggles, reaches the chat live and shows in history with me per viewer', async () => {
    const { a, b, A, B, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'dinner at eight?' });
    const ack = await B.ask('message:react', { messageId: m.id, emoji: '👍' });
    assertOkAck(ack, 'message:react');
    assert.equal(ack.added, true);
    assert.deepEqual(ack.reactions, [{ emoji: '👍', count: 1, me: true }]);
    const heard = await A.next('message:reactions', (e) => e.messageId === m.id);
    assert.deepEqual(heard.reactions, [{ emoji: '👍', count: 1 }]);
    assert.equal(heard.userId, b.user.id);
    assert.equal(heard.emoji, '👍');
    assert.equal(heard.added, true);
    assert.equal(heard.chatId, chatId);

    // A heart without its presentation selector is the same reaction as one with it.
    assertOkAck(await A.ask('message:react', { messageId: m.id, emoji: '\u2764' }));
    const both = await B.next('message:reactions', (e) => e.messageId === m.id && e.reactions.length === 2);
    assert.deepEqual(counts(both.reactions), [['👍', 1], ['\u2764\uFE0F', 1]]);

    const seenByA = (await rest('GET', `/api/v1/chats/${chatId}/messages`, a.token)).json.find((x) => x.id === m.id);
    assert.deepEqual(seenByA.reactions, [{ emoji: '👍', count: 1, me: false }, { emoji: '❤️', count: 1, me: true }]);
    const seenByB = (await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token)).json.find((x) => x.id === m.id);
    assert.deepEqual(seenByB.reactions, [{ emoji: '👍', count: 1, me: true }, { emoji: '❤️', count: 1, me: false }]);

    // Toggling again takes it back; REST sets it explicitly.
    const off = await B.ask('message:react', { messageId: m.id, emoji: '👍' });
    assert.equal(off.added, false);
    assert.deepEqual(off.reactions, [{ emoji: '❤️', count: 1, me: false }]);
    const put = await rest('POST', `/api/v1/messages/${m.id}/reactions`, b.token, { emoji: '❤️', on: true });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.reactions, [{ emoji: '❤️', count: 2, me: true }]);
    const again = await rest('POST', `/api/v1/messages/${m.id}/reactions`, b.token, { emoji: '❤️', on: true });
    assert.deepEqual(again.json.reactions, [{ emoji: '❤️', count: 2, me: true }], 'setting twice counts once');
    const plain = await A.ask('chat:history', { chatId });
    assert.equal(plain.messages.find((x) => x.id === m.id).reactions[0].count, 2);
  });

  test('skin tones, ZWJ sequences and flags are one emoji; text, two emoji and unknown shortcodes are not', async () => {
    const { A, B, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'emoji test' });
    for (const emoji of ['👍🏽', '👩‍💻', '🇺🇦']) {
      assertOkAck(await B.ask('message:react', { messageId: m.id, emoji, on: true }), emoji);
      assertOkAck(await B.ask('message:react', { messageId: m.id, emoji, on: false }), emoji);
    }
    for (const emoji of ['a', '👍👍', '', ':nosuch:', 'x'.repeat(100), '\uFFFD']) {
      assertErrorAck(await B.ask('message:react', { messageId: m.id, emoji }), 'invalid_input', JSON.stringify(emoji));
    }
    assertErrorAck(await B.ask('message:react', { messageId: m.id, emoji: 5 }), 'invalid_input');
    assertErrorAck(await B.ask('message:react', { messageId: m.id }), 'invalid_input');
    assertErrorAck(await B.ask('message:react', { messageId: m.id, emoji: '👍', on: 'yes' }), 'invalid_input');
    const bad = await rest('POST', `/api/v1/messages/${m.id}/reactions`, (await registerUser(server)).token, {
      emoji: 'nope',
    });
    assertRestError(bad, 400, 'invalid_input');
  });

  test('others cannot react in or read reactions of a chat they are not in; unknown messages are not found', async () => {
    const { A, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'private' });
    const eve = await registerUser(server, { name: 'Eve' });
    const E = await clients.connect(eve.token);
    assertErrorAck(await E.ask('message:react', { messageId: m.id, emoji: '👍' }), 'forbidden');
    assertErrorAck(await E.ask('reactions:list', { messageId: m.id }), 'forbidden');
    assertRestError(await rest('GET', `/api/v1/messages/${m.id}/reactions`, eve.token), 403, 'forbidden');
    assertErrorAck(await E.ask('reactions:read', { chatId }), 'forbidden');
    assertErrorAck(
      await A.ask('message:react', { messageId: '01890000-0000-7000-8000-000000000000', emoji: '👍' }), 'not_found');
    assertErrorAck(await A.ask('message:react', { messageId: 'not-an-id', emoji: '👍' }), 'invalid_input');
  });

  test('a person has at most three reactions on a message; deleted messages take none', async () => {
    const { A, B, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'vote' });
    for (const emoji of ['1️⃣', '2️⃣', '3️⃣']) assertOkAck(await B.ask('message:react', { messageId: m.id, emoji }));
    assertErrorAck(await B.ask('message:react', { messageId: m.id, emoji: '4️⃣' }), 'reaction_limit');
    assertOkAck(await A.ask('message:react', { messageId: m.id, emoji: '4️⃣' }), 'another person still can');
    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [m.id] }));
    assertErrorAck(await B.ask('message:react', { messageId: m.id, emoji: '👍' }), 'invalid_input');
    const history = await B.ask('chat:history', { chatId });
    assert.deepEqual(history.messages.find((x) => x.id === m.id).reactions, []);
  });

  test('who reacted comes in pages, by emoji too', async () => {
    const [owner, ...members] = await Promise.all(
      ['Olga', 'Pia', 'Quin', 'Rui'].map((name) => registerUser(server, { name })));
    const g = await rest('POST', '/api/v1/groups', owner.token, { title: 'Crew', memberIds: members.map((u) => u.user.id) });
    assert.equal(g.status, 201, g.text);
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const m = await O.ask('message', { chatId: g.json.id, content: 'ship it?' });
    for (const [i, u] of members.entries()) {
      const res = await rest('POST', `/api/v1/messages/${m.id}/reactions`, u.token, { emoji: i === 1 ? '👎' : '👍' });
      assert.equal(res.status, 200, res.text);
    }
    const first = await O.ask('reactions:list', { messageId: m.id, limit: 2 });
    assertOkAck(first, 'reactions:list');
    assert.deepEqual(first.reactors.map((r) => [r.name, r.emoji]), [['Pia', '👍'], ['Quin', '👎']]);
    assert.ok(first.next);
    const second = await O.ask('reactions:list', { messageId: m.id, limit: 2, cursor: first.next });
    assert.deepEqual(second.reactors.map((r) => [r.name, r.emoji]), [['Rui', '👍']]);
    const thumbs = await rest('GET', `/api/v1/messages/${m.id}/reactions?emoji=${encodeURIComponent('👍')}`, owner.token);
    assert.equal(thumbs.status, 200, thumbs.text);
    assert.deepEqual(thumbs.json.reactors.map((r) => r.name), ['Pia', 'Rui']);
    assertErrorAck(await O.ask('reactions:list', { messageId: m.id, cursor: 'garbage' }), 'invalid_input');
  });

  test('the author hears of reactions, counts them unread per chat until they look, on every device', async () => {
    const { a, b, A, B, chatId } = await pair();
    const A2 = await clients.connect(a.token, { features: ['inbox'] });
    const m = await A.ask('message', { chatId, content: 'my news' });
    assertOkAck(await B.ask('message:react', { messageId: m.id, emoji: '🎉' }));
    const added = await A2.next('reaction:added', (e) => e.messageId === m.id);
    assert.deepEqual(added, { messageId: m.id, chatId, userId: b.user.id, emoji: '🎉', unread: 1 });
    let unread = await rest('GET', '/api/v1/me/reactions/unread', a.token);
    assert.deepEqual(unread.json.chats, [{ chatId, count: 1, latestMessageId: m.id }]);
    assert.deepEqual((await B.ask('reactions:unread')).chats, [], 'reactions are news for the author only');

    // Taking it back takes back the news.
    assertOkAck(await B.ask('message:react', { messageId: m.id, emoji: '🎉' }));
    await A2.next('reactions:unread', (e) => e.chatId === chatId && e.count === 0);
    assertOkAck(await B.ask('message:react', { messageId: m.id, emoji: '🔥' }));
    await A.next('reaction:added', (e) => e.emoji === '🔥');
    const read = await A.ask('reactions:read', { chatId });
    assertOkAck(read, 'reactions:read');
    assert.equal(read.cleared, 1);
    await A2.next('reactions:unread', (e) => e.chatId === chatId && e.count === 0);
    unread = await rest('GET', '/api/v1/me/reactions/unread', a.token);
    assert.deepEqual(unread.json.chats, []);

    // One's own reaction on one's own message is no news.
    assertOkAck(await A.ask('message:react', { messageId: m.id, emoji: '👍' }));
    assert.deepEqual((await A.ask('reactions:unread')).chats, []);
  });

  test('two people toggling one emoji 100 times at once end with the right count', async () => {
    const { a, A, B, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'race' });
    // 101 toggles from Ann (on), 100 from Ben (off), interleaved over two connections.
    const toggles = (client, n) => Array.from({ length: n }, () => client.ask('message:react', { messageId: m.id, emoji: '🔥' }));
    const acks = await Promise.all([...toggles(A, 101), ...toggles(B, 100)]);
    for (const ack of acks) assertOkAck(ack, 'message:react');
    const history = await rest('GET', `/api/v1/chats/${chatId}/messages`, a.token);
    assert.deepEqual(history.json.find((x) => x.id === m.id).reactions, [{ emoji: '🔥', count: 1, me: true }]);
    const list = await rest('GET', `/api/v1/messages/${m.id}/reactions`, a.token);
    assert.deepEqual(list.json.reactors.map((r) => r.userId), [a.user.id]);
  });

  test('a device that was away sees reactions through the change feed', async () => {
    const { b, A, B, chatId } = await pair();
    const m = await A.ask('message', { chatId, content: 'while you were out' });
    const seen = (await rest('GET', '/api/v1/chats', b.token)).json.find((c) => c.id === chatId).changeSeq;
    B.close();
    assertOkAck(await A.ask('message:react', { messageId: m.id, emoji: '😂' }));
    const B2 = await clients.connect(b.token, { features: ['inbox'] });
    const feed = await B2.ask('chat:changes', { chatId, since: seen });
    assertOkAck(feed, 'chat:changes');
    const changed = feed.messages.find((x) => x.id === m.id);
    assert.deepEqual(changed.reactions, [{ emoji: '😂', count: 1, me: false }]);
  });

  test('each person\'s most used emoji come first, synced across devices', async () => {
    const { a, A, B, chatId } = await pair();
    const m = await B.ask('message', { chatId, content: 'hi' });
    assertOkAck(await A.ask('message:react', { messageId: m.id, emoji: '😂' }));
    const used = await rest('POST', '/api/v1/me/emoji/used', a.token, { emoji: ['🙈', '😂', '😂'] });
    assert.equal(used.status, 204, used.text);
    assertRestError(await rest('POST', '/api/v1/me/emoji/used', a.token, { emoji: ['no'] }), 400, 'invalid_input');
    const A2 = await clients.connect(a.token);
    const frequent = await A2.ask('emoji:frequent', {});
    assertOkAck(frequent, 'emoji:frequent');
    assert.deepEqual(frequent.emoji.map((e) => [e.emoji, e.uses]), [['😂', 3], ['🙈', 1]]);
    const viaRest = await rest('GET', '/api/v1/me/emoji/frequent?limit=1', a.token);
    assert.deepEqual(viaRest.json.emoji.map((e) => e.emoji), ['😂']);
  });
});
