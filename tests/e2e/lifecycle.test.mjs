// Messages after they are sent, end to end: editing (the sender, within the window; the
// versions kept), deleting for everyone (tombstones everyone sees, the text gone from the
// database file) and for oneself, and the change feed that brings a device that was away up
// to date without reloading the history.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, inboxPair, makeDataDir, openChat, registerUser, request, startOne, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();
const cluster = process.env.PARLEY_E2E_CLUSTER === '1';

const rest = (method, urlPath, token, body) => request(server, method, urlPath, { token, body });

const pair = () => inboxPair(server, clients);

describe('message lifecycle', () => {
  test('the sender edits; the chat hears message:edited; every version is kept', async () => {
    const { a, b, A, B, chatId } = await pair();
    const sent = await A.ask('message', { chatId, content: 'see you at 5' });
    await B.next('message', (m) => m.id === sent.id);

    const edited = await A.ask('message:edit', { messageId: sent.id, content: 'see you at 6' });
    assertOkAck(edited, 'message:edit');
    assert.equal(edited.message.content, 'see you at 6');
    assert.equal(edited.message.editCount, 1);
    assert.equal(edited.message.seq, sent.seq, 'an edit takes no seq');
    const heard = await B.next('message:edited', (m) => m.id === sent.id);
    assert.equal(heard.content, 'see you at 6');
    assert.equal(typeof heard.editedAt, 'string');

    const viaRest = await rest('PATCH', `/api/v1/messages/${sent.id}`, a.token, { content: 'see you at 7' });
    assert.equal(viaRest.status, 200, viaRest.text);
    assert.equal(viaRest.json.editCount, 2);
    const versions = await rest('GET', `/api/v1/messages/${sent.id}/edits`, b.token);
    assert.equal(versions.status, 200, versions.text);
    assert.deepEqual(versions.json.versions.map((v) => v.content), ['see you at 5', 'see you at 6', 'see you at 7']);
    assertOkAck(await B.ask('message:edits', { messageId: sent.id }), 'message:edits');

    // Only the sender; only valid text; only messages that exist.
    assertErrorAck(await B.ask('message:edit', { messageId: sent.id, content: 'mine' }), 'forbidden');
    assertErrorAck(await A.ask('message:edit', { messageId: sent.id, content: '   ' }), 'invalid_input');
    assertErrorAck(await A.ask('message:edit', { messageId: sent.id, content: 'x'.repeat(10001) }), 'payload_too_large');
    assertErrorAck(await A.ask('message:edit', { messageId: crypto.randomUUID(), content: 'x' }), 'not_found');
    assertErrorAck(await A.ask('message:edit', { messageId: 42, content: 'x' }), 'invalid_input');
    const stranger = await registerUser(server);
    assertRestError(await rest('GET', `/api/v1/messages/${sent.id}/edits`, stranger.token), 403, 'forbidden');
    const history = await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token);
    assert.equal(history.json.find((m) => m.id === sent.id).content, 'see you at 7');
  });

  test('deleting for everyone leaves a tombstone; old clients see the placeholder; admins delete in groups', async () => {
    const { a, b, A, B, chatId } = await pair();
    const m1 = await A.ask('message', { chatId, content: 'first' });
    const m2 = await A.ask('message', { chatId, content: 'second' });
    const theirs = await B.ask('message', { chatId, content: 'theirs' });
    assertErrorAck(await A.ask('message:delete', { chatId, messageIds: [theirs.id] }), 'forbidden');
    assertErrorAck(await A.ask('message:delete', { chatId, messageIds: [m1.id, theirs.id] }), 'forbidden');
    assertErrorAck(await A.ask('message:delete', { chatId, messageIds: [] }), 'invalid_input');
    assertErrorAck(await A.ask('message:delete', { chatId, messageIds: Array.from({ length: 101 }, () => m1.id) }),
      'invalid_input');
    assertErrorAck(await A.ask('message:delete', { chatId, messageIds: [m1.id], scope: 'nobody' }), 'invalid_input');

    assertOkAck(await B.ask('chat:join', { chatId }), 'chat:join');  // pins go to the chat's room
    const pinned = await A.ask('message:pin', { messageId: m2.id });
    assert.equal(pinned.message.isPinned, true, JSON.stringify(pinned));
    const gone = await A.ask('message:delete', { chatId, messageIds: [m1.id, m2.id] });
    assertOkAck(gone, 'message:delete');
    assert.deepEqual(gone.messages.map((m) => m.deleted), [true, true]);
    const heard = await B.next('message:deleted', (e) => e.chatId === chatId);
    assert.deepEqual(heard.messageIds, [m1.id, m2.id]);
    assert.equal(heard.deletedBy, a.id);
    await B.next('message:unpinned', (m) => m.id === m2.id);

    // A client of the prototype's kind (no features) reads the placeholder.
    const Old = await clients.connect(b.token);
    const page = await Old.ask('chat:history', { chatId });
    const tomb = page.messages.find((m) => m.id === m1.id);
    assert.equal(tomb.content, 'This message was deleted');
    assert.equal(tomb.seq, m1.seq);
    assert.deepEqual((await Old.ask('chat:get-pinned', { chatId })).messages, []);
    assertErrorAck(await A.ask('message:edit', { messageId: m1.id, content: 'back' }), 'invalid_input');
    const versions = await rest('GET', `/api/v1/messages/${m1.id}/edits`, a.token);
    assert.deepEqual(versions.json.versions, []);

    // REST: one message by path; the other's message is not theirs to delete.
    assertRestError(await rest('DELETE', `/api/v1/chats/${chatId}/messages/${theirs.id}`, a.token), 403, 'forbidden');
    const own = await rest('DELETE', `/api/v1/chats/${chatId}/messages/${theirs.id}`, b.token);
    assert.equal(own.status, 200, own.text);

    // In a group, an admin deletes a member's message; a member may not delete another's.
    const c = await registerUser(server);
    const g = await A.ask('group:create', { title: 'Mods', memberIds: [b.id, c.id] });
    const spam = await B.ask('message', { chatId: g.chat.id, content: 'spam' });
    const C = await clients.connect(c.token);
    assertErrorAck(await C.ask('message:delete', { chatId: g.chat.id, messageIds: [spam.id] }), 'forbidden');
    assertOkAck(await A.ask('message:delete', { chatId: g.chat.id, messageIds: [spam.id] }), 'admin delete');
  });

  test('deleting for oneself hides on all of one\'s devices only', async () => {
    const { a, b, A, B, chatId } = await pair();
    const B2 = await clients.connect(b.token, { features: ['inbox'] });
    const m = await A.ask('message', { chatId, content: 'not for bob' });
    const hidden = await B.ask('message:delete', { chatId, messageIds: [m.id], scope: 'me' });
    assertOkAck(hidden, 'delete for me');
    const told = await B2.next('message:hidden', (e) => e.chatId === chatId);
    assert.deepEqual(told.messageIds, [m.id]);
    const bobs = await rest('GET', `/api/v1/chats/${chatId}/messages`, b.token);
    const mine = bobs.json.find((x) => x.id === m.id);
    assert.equal(mine.hidden, true);
    assert.equal(mine.content, 'This message was deleted');
    const alices = await rest('GET', `/api/v1/chats/${chatId}/messages`, a.token);
    assert.equal(alices.json.find((x) => x.id === m.id).content, 'not for bob');
    assert.equal(A.received('message:hidden').length, 0);
  });

  test('a device that was away catches up on edits, deletions and hides from the change feed', async () => {
    const { a, b, A, chatId } = await pair();
    const kept = await A.ask('message', { chatId, content: 'will be edited' });
    const doomed = await A.ask('message', { chatId, content: 'will be deleted' });
    const before = await rest('GET', `/api/v1/chats/${chatId}`, b.token);
    const seen = before.json.changeSeq;
    assert.equal(typeof seen, 'number');
    // Bob's device is away: nothing is listening for him.
    assertOkAck(await A.ask('message:edit', { messageId: kept.id, content: 'edited while away' }), 'edit');
    assertOkAck(await A.ask('message:delete', { chatId, messageIds: [doomed.id] }), 'delete');
    // Back: the chat list says the chat changed; the feed says what.
    const list = await rest('GET', '/api/v1/chats', b.token);
    const now = list.json.find((c) => c.id === chatId).changeSeq;
    assert.ok(now > seen, `changeSeq ${now} after ${seen}`);
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const feed = await B.ask('chat:changes', { chatId, since: seen });
    assertOkAck(feed, 'chat:changes');
    assert.deepEqual(feed.messages.map((m) => [m.id, m.content]),
      [[kept.id, 'edited while away'], [doomed.id, 'This message was deleted']]);
    assert.equal(feed.until, now);
    assert.equal(feed.more, false);
    const paged = await rest('GET', `/api/v1/chats/${chatId}/changes?since=${seen}&limit=1`, b.token);
    assert.equal(paged.status, 200, paged.text);
    assert.equal(paged.json.messages.length, 1);
    assert.equal(paged.json.more, true);
    const rest2 = await rest('GET', `/api/v1/chats/${chatId}/changes?since=${paged.json.until}`, b.token);
    assert.deepEqual(rest2.json.messages.map((m) => m.id), [doomed.id]);
    const stranger = await registerUser(server);
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/changes?since=0`, stranger.token), 403, 'forbidden');
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/changes?since=-1`, b.token), 400, 'invalid_input');
  });
});

describe('history around a message', () => {
  test('the page around a message 500 back: the message, half before, the rest after', async () => {
    const { a, b, A, chatId } = await pair();
    const sent = [];
    for (let i = 0; i < 600; i++) sent.push(await A.ask('message', { chatId, content: `n${i}` }));
    const target = sent[100];
    const page = await rest('GET', `/api/v1/chats/${chatId}/messages?around=${target.id}&limit=21`, b.token);
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(page.json.map((m) => m.seq), Array.from({ length: 21 }, (_, i) => target.seq - 10 + i));
    // Near the start: what is missing before comes after.
    const first = await rest('GET', `/api/v1/chats/${chatId}/messages?around=${sent[1].id}&limit=10`, a.token);
    assert.deepEqual(first.json.map((m) => m.seq), Array.from({ length: 10 }, (_, i) => 1 + i));
    const viaSocket = await A.ask('chat:history', { chatId, around: sent[599].id, limit: 5 });
    assert.deepEqual(viaSocket.messages.map((m) => m.seq), [596, 597, 598, 599, 600]);
    const stranger = await registerUser(server);
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/messages?around=${target.id}`, stranger.token), 403, 'forbidden');
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/messages?around=nope`, a.token), 400, 'invalid_input');
    assertRestError(await rest('GET', `/api/v1/chats/${chatId}/messages?around=${crypto.randomUUID()}`, a.token), 404,
      'not_found');
  });
});

describe('edit windows', () => {
  test('the server tells its limits; a group shortens its edit window, never lengthens it', async () => {
    const [owner, member] = await Promise.all([registerUser(server), registerUser(server)]);
    const limits = await rest('GET', '/api/v1/limits', member.token);
    assert.equal(limits.status, 200, limits.text);
    assert.deepEqual(limits.json, {
      maxMessageChars: 10000, maxQuoteChars: 1000, editWindowMs: 48 * 3600 * 1000, deleteWindowMs: 48 * 3600 * 1000,
      maxDeletedAtOnce: 100, maxReactionsPerUser: 3, maxDistinctReactions: 20, maxUploadBytes: 100 * 1024 * 1024,
      maxAttachments: 10,
    });
    const g = await rest('POST', '/api/v1/groups', owner.token, { title: 'Edits', memberIds: [member.user.id] });
    assert.equal(g.status, 201, g.text);
    assert.equal(g.json.settings.editWindowSeconds, 0, 'the server\'s window');
    const settings = (token, body) => rest('PATCH', `/api/v1/chats/${g.json.id}/settings`, token, body);
    assertRestError(await settings(owner.token, { editWindowSeconds: 48 * 3600 + 1 }), 400, 'invalid_input');
    assertRestError(await settings(owner.token, { editWindowSeconds: -1 }), 400, 'invalid_input');
    assertRestError(await settings(member.token, { editWindowSeconds: 60 }), 403, 'forbidden');
    const changed = await settings(owner.token, { editWindowSeconds: 60 });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.settings.editWindowSeconds, 60);
  });
});

describe('limits of their own', { skip: cluster && 'the embedded store\'s file and this process\'s settings' }, () => {
  test('edits past edit_window_ms are refused; deleted text is gone from the database file', async () => {
    const dataDir = makeDataDir();
    const s = await startOne({ dataDir, args: ['--edit_window_ms', '1', '--delete_window_ms', '600000'] });
    let stopped = false;
    try {
      const [a, b] = await Promise.all([registerUser(s), registerUser(s)]);
      const chat = await openChat(s, a, b);
      const A = await clients.connect(a.token, { url: s.url });
      const words = `zebra-${crypto.randomUUID()}`;
      const sent = await A.ask('message', { chatId: chat.id, content: `secret ${words}` });
      // Past the 1 ms window by the server's own clock.
      while (Date.now() <= Date.parse(sent.createdAt) + 2) await new Promise((resolve) => setImmediate(resolve));
      assertErrorAck(await A.ask('message:edit', { messageId: sent.id, content: 'too late' }), 'edit_window_closed');
      assertOkAck(await A.ask('message:delete', { chatId: chat.id, messageIds: [sent.id] }), 'delete');
      A.close();
      await s.stop();  // a clean exit checkpoints the WAL into the file
      stopped = true;
      const db = path.join(dataDir, 'parley.db');
      const bytes = Buffer.concat(['', '-wal', '-shm'].filter((x) => fs.existsSync(db + x)).map((x) => fs.readFileSync(db + x)));
      assert.ok(bytes.length > 0);
      assert.equal(bytes.indexOf(words), -1, 'the deleted text is still in the database files');
      const content = execFileSync('sqlite3', [db, `SELECT content, deleted_at IS NOT NULL FROM messages WHERE id = '${sent.id}'`],
        { encoding: 'utf8' }).trim();
      assert.equal(content, '|1');
    } finally {
      if (!stopped) await s.stop();
    }
  });
});
