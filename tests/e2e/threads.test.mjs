// Replies, quotes and threads, end to end: a reply shows what it answers as that message is
// now (edited, or deleted, its quoted text gone from the database too); thread replies keep
// the chat's seq but stay out of the timeline, summarise on their root live (thread:updated)
// and through the change feed, and raise their followers' unread counts on every instance.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, inboxPair, makeDataDir, openChat, registerUser, request, startOne, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();
const cluster = process.env.PARLEY_E2E_CLUSTER === '1';

const rest = (method, urlPath, token, body) => request(server, method, urlPath, { token, body });

const pair = () => inboxPair(server, clients, ['Ann', 'Ben']);

const threadsOf = async (user) => {
  const res = await rest('GET', '/api/v1/threads', user.token);
  assert.equal(res.status, 200, res.text);
  return res.json.threads;
};

describe('replies and quotes', () => {
  test('a reply carries a preview of what it answers, which follows edits and deletion', async () => {
    const { a, b, A, B, chatId } = await pair();
    const original = await A.ask('message', { chatId, content: 'lunch at noon? the usual place' });
    const reply = await B.ask('message', { chatId, content: 'yes!', replyToId: original.id, quote: 'the usual place' });
    assert.equal(reply.replyToId, original.id, JSON.stringify(reply));
    assert.deepEqual(reply.replyTo, {
      id: original.id, senderId: a.user.id, senderName: 'Ann', excerpt: 'lunch at noon? the usual place', deleted: false,
    });
    assert.equal(reply.quote, 'the usual place');
    const heard = await A.next('message', (m) => m.id === reply.id);
    assert.equal(heard.replyTo.excerpt, 'lunch at noon? the usual place');

    assertOkAck(await A.ask('message:edit', { messageId: original.id, content: 'lunch at one? the usual place' }));
    let history = await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token);
    assert.equal(history.json.find((m) => m.id === reply.id).replyTo.excerpt, 'lunch at one? the usual place');

    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [original.id] }));
    history = await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token);
    const after = history.json.find((m) => m.id === reply.id);
    assert.deepEqual(after.replyTo, { id: original.id, senderId: a.user.id, senderName: 'Ann', excerpt: '', deleted: true });
    assert.equal(after.quote, undefined, 'the quote of a deleted message is its text');
    assert.equal(after.content, 'yes!');
  });

  test('what a reply may point at is checked', async () => {
    const { b, A, B, chatId } = await pair();
    const original = await A.ask('message', { chatId, content: 'the plan' });
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: original.id, quote: 'no such words' }),
      'invalid_input');
    assertErrorAck(await B.ask('message', { chatId, content: 'x', quote: 'the plan' }), 'invalid_input');
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: crypto.randomUUID() }), 'not_found');
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: 42 }), 'invalid_input');
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: 'not-an-id' }), 'invalid_input');
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: original.id, quote: 'plan'.repeat(300) }),
      'payload_too_large');
    // A message of another chat cannot be answered here.
    const c = await registerUser(server);
    const other = await openChat(server, b, c);
    const elsewhere = await B.ask('message', { chatId: other.id, content: 'elsewhere' });
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: elsewhere.id }), 'not_found');
    // Nor a deleted one.
    const gone = await A.ask('message', { chatId, content: 'gone soon' });
    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [gone.id] }));
    assertErrorAck(await B.ask('message', { chatId, content: 'x', replyToId: gone.id }), 'invalid_input');
    // The bad ones stored nothing.
    const history = await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token);
    assert.deepEqual(history.json.map((m) => m.content), ['the plan', 'This message was deleted']);
  });
});

describe('threads', () => {
  test('thread replies stay out of the timeline, summarise on their root and count as unread', async () => {
    const { a, b, A, B, chatId } = await pair();
    const A2 = await clients.connect(a.token, { features: ['inbox'] });  // Ann's second device
    const root = await A.ask('message', { chatId, content: 'release plan' });
    const first = await B.ask('message', { chatId, content: 'I take the notes', threadRootId: root.id });
    assert.equal(first.threadRootId, root.id, JSON.stringify(first));
    assert.equal(first.alsoToChat, false);
    assert.equal(first.seq, root.seq + 1, 'a thread reply takes the chat\'s next seq');
    const updated = await A.next('thread:updated', (e) => e.rootId === root.id);
    assert.equal(updated.chatId, chatId);
    assert.equal(updated.thread.replyCount, 1);
    assert.deepEqual(updated.thread.participants, [b.user.id]);
    assert.equal(typeof updated.changeSeq, 'number');
    await A.next('message', (m) => m.id === first.id);  // every device still gets every seq

    const also = await A.ask('message', { chatId, content: 'and I ship it', threadRootId: root.id, alsoToChat: true });
    assert.equal(also.alsoToChat, true);
    const plain = await B.ask('message', { chatId, content: 'unrelated' });

    const all = await rest('GET', `/api/v1/chats/${chatId}/messages`, a.token);
    assert.deepEqual(all.json.map((m) => m.id), [root.id, first.id, also.id, plain.id]);
    const timeline = await rest('GET', `/api/v1/chats/${chatId}/messages?view=timeline`, a.token);
    assert.deepEqual(timeline.json.map((m) => m.id), [root.id, also.id, plain.id]);
    const rootNow = timeline.json[0];
    assert.equal(rootNow.thread.replyCount, 2);
    assert.deepEqual(rootNow.thread.participants, [a.user.id, b.user.id]);
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/messages?view=some`, a.token), 400, 'invalid_input');
    const socketTimeline = await B.ask('chat:history', { chatId, timeline: true, limit: 2 });
    assert.deepEqual(socketTimeline.messages.map((m) => m.id), [also.id, plain.id]);

    const thread = await rest('GET', `/api/v1/messages/${root.id}/thread`, b.token);
    assert.equal(thread.status, 200, thread.text);
    assert.equal(thread.json.root.id, root.id);
    assert.deepEqual(thread.json.replies.map((m) => m.content), ['I take the notes', 'and I ship it']);
    const older = await B.ask('thread:history', { rootId: root.id, beforeSeq: also.seq });
    assert.deepEqual(older.replies.map((m) => m.id), [first.id]);

    // Ann wrote the root: she follows it with Ben's reply unread; Ben has read what he wrote.
    assert.deepEqual((await threadsOf(a)).map((t) => [t.root.id, t.unread]), [[root.id, 0]],
      'Ann replied after Ben: read up to her reply');
    const ben = await threadsOf(b);
    assert.deepEqual(ben.map((t) => [t.chatId, t.root.id, t.unread]), [[chatId, root.id, 1]]);
    const read = await B.ask('thread:read', { rootId: root.id, seq: also.seq });
    assertOkAck(read, 'thread:read');
    assert.equal(read.unread, 0);
    assert.equal((await threadsOf(b))[0].unread, 0);

    // A thread has no thread of its own; a stranger sees none of it.
    assertErrorAck(await A.ask('message', { chatId, content: 'x', threadRootId: first.id }), 'invalid_input');
    assertErrorAck(await A.ask('thread:history', { rootId: first.id }), 'invalid_input');
    const stranger = await registerUser(server);
    assertRestError(await rest('GET', `/api/v1/messages/${root.id}/thread`, stranger.token), 403, 'forbidden');
    assert.deepEqual(await threadsOf(stranger), []);
    assertRestError(await rest('GET', '/api/v1/threads?cursor=nonsense', a.token), 400, 'invalid_input');

    // Ann reads on one device: her other device hears it.
    const another = await B.ask('message', { chatId, content: 'one more', threadRootId: root.id });
    const readByAnn = await rest('POST', `/api/v1/messages/${root.id}/thread/read`, a.token, { seq: another.seq });
    assert.equal(readByAnn.status, 200, readByAnn.text);
    const heard = await A2.next('thread:read', (e) => e.rootId === root.id && e.readSeq === another.seq);
    assert.equal(heard.unread, 0);
  });

  test('a follower on another instance hears thread replies and counts them; unfollowing stops it', async () => {
    const [owner, m1, m2] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const g = await rest('POST', '/api/v1/groups', owner.token, { title: 'Crew', memberIds: [m1.user.id, m2.user.id] });
    assert.equal(g.status, 201, g.text);
    const chatId = g.json.id;
    // Clients spread over the instances in the cluster shape: each hears the others' work.
    const O = await clients.connect(owner.token, { features: ['inbox'] });
    const M1 = await clients.connect(m1.token, { features: ['inbox'] });
    const M2 = await clients.connect(m2.token, { features: ['inbox'] });
    const root = await O.ask('message', { chatId, content: 'who brings what?' });
    await M1.ask('message', { chatId, content: 'chips', threadRootId: root.id });
    const drinks = await M2.ask('message', { chatId, content: 'drinks', threadRootId: root.id });
    const seen = await O.next('thread:updated', (e) => e.rootId === root.id && e.thread.replyCount === 2);
    assert.deepEqual(seen.thread.participants, [m2.user.id, m1.user.id]);
    await M1.next('message', (m) => m.id === drinks.id);
    assert.equal((await threadsOf(m1))[0].unread, 1);
    assert.equal((await threadsOf(owner))[0].unread, 2);

    const off = await request(server, 'DELETE', `/api/v1/messages/${root.id}/thread/follow`, { token: m1.token });
    assert.equal(off.status, 204, off.text);
    assert.deepEqual(await threadsOf(m1), []);
    await M2.ask('message', { chatId, content: 'ice', threadRootId: root.id });
    assert.deepEqual(await threadsOf(m1), [], 'replies of others do not bring it back');
    const on = await request(server, 'PUT', `/api/v1/messages/${root.id}/thread/follow`, { token: m1.token });
    assert.equal(on.status, 204, on.text);
    assert.equal((await threadsOf(m1))[0].unread, 0, 'following starts at the last reply');
    assertOkAck(await M1.ask('thread:follow', { rootId: root.id, follow: false }));
    assert.deepEqual(await threadsOf(m1), []);
  });

  test('a device away during thread replies catches up by seq and by the change feed', async () => {
    const { a, b, A, B, chatId } = await pair();
    const root = await A.ask('message', { chatId, content: 'root' });
    const list = await rest('GET', '/api/v1/chats', b.token);
    const seenChange = list.json.find((c) => c.id === chatId).changeSeq;
    B.close();
    const reply = await A.ask('message', { chatId, content: 'while you were away', threadRootId: root.id });
    const B2 = await clients.connect(b.token, { features: ['inbox'] });
    const caughtUp = await B2.ask('chat:history', { chatId, afterSeq: root.seq });
    assert.deepEqual(caughtUp.messages.map((m) => m.id), [reply.id], 'gapless by seq, thread replies included');
    const feed = await B2.ask('chat:changes', { chatId, since: seenChange });
    assertOkAck(feed, 'chat:changes');
    const changedRoot = feed.messages.find((m) => m.id === root.id);
    assert.equal(changedRoot.thread.replyCount, 1);
    assert.equal(changedRoot.changeSeq, feed.until);
  });
});

describe('quotes of deleted messages', { skip: cluster && 'the embedded store\'s file' }, () => {
  test('deleting a message removes its text from the quotes of its replies in the database file', async () => {
    const dataDir = makeDataDir();
    const s = await startOne({ dataDir });
    let stopped = false;
    try {
      const [a, b] = await Promise.all([registerUser(s), registerUser(s)]);
      const chat = await openChat(s, a, b);
      const A = await clients.connect(a.token, { url: s.url });
      const B = await clients.connect(b.token, { url: s.url });
      const words = `walrus-${crypto.randomUUID()}`;
      const sent = await A.ask('message', { chatId: chat.id, content: `the code is ${words}` });
      const reply = await B.ask('message', { chatId: chat.id, content: 'got it', replyToId: sent.id, quote: words });
      assert.equal(reply.quote, words);
      assertOkAck(await A.ask('message:delete', { chatId: chat.id, messageIds: [sent.id] }), 'delete');
      A.close();
      B.close();
      await s.stop();
      stopped = true;
      const db = path.join(dataDir, 'parley.db');
      const bytes = Buffer.concat(['', '-wal', '-shm'].filter((x) => fs.existsSync(db + x)).map((x) => fs.readFileSync(db + x)));
      assert.ok(bytes.length > 0);
      assert.equal(bytes.indexOf(words), -1, 'the deleted text is still in the database files');
    } finally {
      if (!stopped) await s.stop();
    }
  });
});
