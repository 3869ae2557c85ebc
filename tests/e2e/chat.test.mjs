// The main flow of §1.3 with two users on two devices each: chat:get, message (ack, message:ack,
// fan-out exactly once), message:status DELIVERED and READ, the offline path with chat:join,
// chat:read; idempotent sends (§2 clientMessageId); catch-up after a reconnect (§1.1 after_seq
// and chat:history afterSeq); a chat:join with nothing to deliver writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  Clients, assertChat, assertErrorAck, assertMessage, assertOkAck, fetchAllMessages, get, joinAll, registerUser,
  startOne, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const isMsg = (id) => (m) => m.id === id;
const statusOf = (id, status) => (e) => e.messageId === id && e.status === status;

describe('main flow, two users with two devices each', () => {
  let a;
  let b;
  let A1;
  let A2;
  let B1;
  let B2;
  let chatId;

  before(async () => {
    [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    A1 = await clients.connect(a.token);
    A2 = await clients.connect(a.token);
    B1 = await clients.connect(b.token);
    B2 = await clients.connect(b.token);
  });

  test('chat:get {recipientId} -> {chatId, messages}; the same chat from either side', async () => {
    const ack = await A1.ask('chat:get', { recipientId: b.id });
    assert.equal(typeof ack.chatId, 'string', JSON.stringify(ack));
    assert.ok(Array.isArray(ack.messages));
    assert.deepEqual(ack.messages, []);
    chatId = ack.chatId;
    if (ack.chat) assertChat(ack.chat, [a.id, b.id]);
    const again = await B1.ask('chat:get', { recipientId: a.id });
    assert.equal(again.chatId, chatId);
    const rest = await get(server, `/chats/${chatId}`, a.token);
    assert.equal(rest.status, 200);
    assertChat(rest.json, [a.id, b.id]);
    await joinAll(chatId, [A1, A2, B1, B2]);
  });

  test('message: ack is the ChatMessage; message:ack; every other device gets it once; DELIVERED; READ', async () => {
    const content = 'Hello B — ünïcødé 👋';
    const ack = await A1.ask('message', { chatId, content, clientMessageId: 'main-1' });
    assertMessage(ack, { chatId, senderId: a.id, content, isPinned: false, isForwarded: false });
    assert.ok(['SENT', 'DELIVERED'].includes(ack.status), `ack status ${ack.status}`);
    assert.equal(ack.seq, 1);
    assert.equal(ack.clientMessageId, 'main-1');

    const mAck = await A1.next('message:ack', (e) => e.messageId === ack.id);
    assert.equal(mAck.messageId, ack.id);

    for (const [name, c] of [['B1', B1], ['B2', B2], ['A2', A2]]) {
      const m = await c.next('message', isMsg(ack.id));
      assertMessage(m, { id: ack.id, chatId, senderId: a.id, content, seq: 1 });
    }
    // B is online: both of A's devices hear DELIVERED.
    for (const c of [A1, A2]) {
      const st = await c.next('message:status', statusOf(ack.id, 'DELIVERED'));
      assert.equal(st.messageId, ack.id);
    }
    // Exactly once: a later message to the same sockets arrives after any duplicate would have.
    const later = await A1.ask('message', { chatId, content: 'barrier' });
    for (const c of [B1, B2, A2]) await c.next('message', isMsg(later.id));
    for (const [name, c] of [['B1', B1], ['B2', B2], ['A2', A2]]) {
      assert.equal(c.received('message', isMsg(ack.id)).length, 1, `${name} got the message more than once`);
    }
    assert.ok(A1.received('message', isMsg(ack.id)).length <= 1, 'the sender got its own message more than once');
    assert.equal(B1.received('message:ack').length, 0, 'message:ack went to a recipient');

    // B1 reads it: A's devices hear READ with a timestamp.
    const read = await B1.ask('message:read', { messageId: ack.id });
    assertOkAck(read, 'message:read');
    for (const c of [A1, A2]) {
      const st = await c.next('message:status', statusOf(ack.id, 'READ'));
      assert.equal(typeof st.timestamp, 'string');
      assert.ok(!Number.isNaN(Date.parse(st.timestamp)), `timestamp ${st.timestamp}`);
      assert.ok(Math.abs(Date.parse(st.timestamp) - Date.now()) < 60000, 'timestamp is now');
    }
    const hist = await get(server, `/chats/${chatId}/messages`, a.token);
    assert.equal(hist.json.find(isMsg(ack.id)).status, 'READ');
    // Reading one's own message or reading again changes nothing and still acknowledges ok.
    assertOkAck(await A1.ask('message:read', { messageId: ack.id }), 'reading own message');
    assertOkAck(await B2.ask('message:read', { messageId: ack.id }), 'reading again');
  });

  test('offline path: SENT while B is offline; chat:join delivers and A hears DELIVERED', async () => {
    B1.close();
    B2.close();
    await A1.next('users:update', (u) => u.userId === b.id && u.isOnline === false);

    const sent = [];
    for (let i = 0; i < 3; i++) {
      const m = await A1.ask('message', { chatId, content: `while you were away ${i}` });
      assertMessage(m);
      assert.equal(m.status, 'SENT', 'B is offline: the message stays SENT');
      sent.push(m);
    }
    const hist = await get(server, `/chats/${chatId}/messages?limit=3`, b.token);
    assert.deepEqual(hist.json.map((m) => m.status), ['SENT', 'SENT', 'SENT']);
    await A1.barrier();
    for (const m of sent) assert.equal(A1.received('message:status', (e) => e.messageId === m.id).length, 0);

    B1 = await clients.connect(b.token);
    const join = await B1.ask('chat:join', { chatId });
    assertOkAck(join, 'chat:join');
    assert.equal(typeof join.message, 'string', `chat:join message in ${JSON.stringify(join)}`);
    for (const c of [A1, A2]) {
      for (const m of sent) await c.next('message:status', statusOf(m.id, 'DELIVERED'));
    }
    const after = await get(server, `/chats/${chatId}/messages?limit=3`, b.token);
    assert.deepEqual(after.json.map((m) => m.status), ['DELIVERED', 'DELIVERED', 'DELIVERED']);
    // Joining again: nothing left to deliver, still ok.
    assertOkAck(await B1.ask('chat:join', { chatId }), 'second chat:join');
    await A1.barrier();
    for (const m of sent) {
      assert.equal(A1.received('message:status', statusOf(m.id, 'DELIVERED')).length, 1, 'DELIVERED announced twice');
    }
    B2 = await clients.connect(b.token);
    await joinAll(chatId, [B2]);
  });

  test('chat:read {chatId, seq} marks every message up to seq READ at once', async () => {
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await A1.ask('message', { chatId, content: `batch ${i}` }));
    for (const m of sent) await B2.next('message', isMsg(m.id));
    // Read up to the third of the four.
    const upTo = sent[2].seq;
    const ack = await B2.ask('chat:read', { chatId, seq: upTo });
    assertOkAck(ack, 'chat:read');
    if ('count' in ack) assert.ok(ack.count >= 3, `count ${ack.count}`);
    for (const m of sent.slice(0, 3)) await A2.next('message:status', statusOf(m.id, 'READ'));
    const hist = await fetchAllMessages(server, chatId, a.token);
    for (const m of hist) {
      if (m.senderId !== a.id) continue;
      assert.equal(m.status, m.seq <= upTo ? 'READ' : 'DELIVERED', `seq ${m.seq} has status ${m.status}`);
    }
    await A2.barrier();
    assert.equal(A2.received('message:status', statusOf(sent[3].id, 'READ')).length, 0, 'the fourth is not read');
    assertErrorAck(await B2.ask('chat:read', { chatId }), 'invalid_input', 'chat:read without seq');
    assertErrorAck(await B2.ask('chat:read', { chatId, seq: 'x' }), 'invalid_input', 'chat:read with a string seq');
  });

  test('chat:leave {chatId} -> {success: true}', async () => {
    const ack = await B1.ask('chat:leave', { chatId });
    assert.equal(ack.success, true, JSON.stringify(ack));
  });
});

// §1: `message` goes to the chat's room. A socket receives a chat's messages once it joined the
// chat (chat:join) and until it leaves it, or, when it declared the "inbox" feature, every
// chat's. DELIVERED means that a device of the recipient received the message.
describe('who receives a chat\'s messages, and when they are DELIVERED', () => {
  let a;
  let b;
  let chatId;
  let A;

  before(async () => {
    [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    A = await clients.connect(a.token);
    chatId = (await A.ask('chat:get', { recipientId: b.id })).chatId;
    assertOkAck(await A.ask('chat:join', { chatId }), 'A joins');
  });

  test('a socket that has not joined, or left, the chat receives none of its messages', async () => {
    const joined = await clients.connect(b.token);
    const idle = await clients.connect(b.token);  // online, never joins
    const inbox = await clients.connect(b.token, { features: ['inbox'] });
    const A2 = await clients.connect(a.token);  // the sender's other device, not joined
    assertOkAck(await joined.ask('chat:join', { chatId }), 'chat:join');

    const first = await A.ask('message', { chatId, content: 'to the room' });
    await joined.next('message', isMsg(first.id));
    await inbox.next('message', isMsg(first.id));
    for (const c of [idle, A2]) {
      await c.barrier();
      assert.equal(c.received('message').length, 0, 'a socket outside the room got the message');
    }

    assert.equal((await joined.ask('chat:leave', { chatId })).success, true);
    const second = await A.ask('message', { chatId, content: 'after leave' });
    await inbox.next('message', isMsg(second.id));
    await joined.barrier();
    assert.equal(joined.received('message', isMsg(second.id)).length, 0, 'the socket that left got the message');

    // Joining again receives again.
    assertOkAck(await joined.ask('chat:join', { chatId }), 'chat:join again');
    const third = await A.ask('message', { chatId, content: 'back again' });
    await joined.next('message', isMsg(third.id));
    for (const c of [joined, idle, inbox, A2]) c.close();
    await A.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
  });

  test('a recipient online but not in the chat sees SENT until a device joins; then DELIVERED', async () => {
    const B = await clients.connect(b.token);
    const sent = await A.ask('message', { chatId, content: 'not yet received' });
    assert.equal(sent.status, 'SENT', 'B is online but no device of B receives the chat');
    let hist = await get(server, `/chats/${chatId}/messages?limit=1`, a.token);
    assert.equal(hist.json[0].status, 'SENT');
    await A.barrier();
    assert.equal(A.received('message:status', (e) => e.messageId === sent.id).length, 0, 'DELIVERED too early');

    assertOkAck(await B.ask('chat:join', { chatId }), 'B joins');
    await A.next('message:status', statusOf(sent.id, 'DELIVERED'));
    // While B's device is in the room, new messages are stored DELIVERED at once.
    const direct = await A.ask('message', { chatId, content: 'received at once' });
    assert.equal(direct.status, 'DELIVERED');
    await B.next('message', isMsg(direct.id));

    // Once it left the room, SENT again.
    assert.equal((await B.ask('chat:leave', { chatId })).success, true);
    const afterLeave = await A.ask('message', { chatId, content: 'left again' });
    assert.equal(afterLeave.status, 'SENT', 'the device that left no longer receives the chat');
    hist = await get(server, `/chats/${chatId}/messages?limit=1`, a.token);
    assert.equal(hist.json[0].status, 'SENT');
    B.close();
    await A.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
  });

  test('a device that declared "inbox" receives every chat: DELIVERED at once, until it disconnects', async () => {
    const B = await clients.connect(b.token, { features: ['inbox'] });
    const m = await A.ask('message', { chatId, content: 'to the inbox' });
    assert.equal(m.status, 'DELIVERED');
    await B.next('message', isMsg(m.id));
    await A.next('message:status', statusOf(m.id, 'DELIVERED'));
    B.close();
    await A.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
    const later = await A.ask('message', { chatId, content: 'inbox gone' });
    assert.equal(later.status, 'SENT');
  });

  test('unknown features and malformed lists are ignored', async () => {
    for (const features of [['no-such-feature'], 'inbox', [1, null, {}]]) {
      const B = await clients.connect(b.token, { features });
      const m = await A.ask('message', { chatId, content: `features ${JSON.stringify(features)}` });
      assert.equal(m.status, 'SENT', `features ${JSON.stringify(features)} must not receive every chat`);
      await B.barrier();
      assert.equal(B.received('message', isMsg(m.id)).length, 0);
      B.close();
      await A.next('users:update', (u) => u.userId === b.id && u.isOnline === false);
    }
  });
});

describe('idempotent sends (clientMessageId)', () => {
  test('a repeated clientMessageId is acknowledged again with the same id and seq, stored and fanned out once', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const A1 = await clients.connect(a.token);
    const B1 = await clients.connect(b.token);
    const { chatId } = await A1.ask('chat:get', { recipientId: b.id });
    await joinAll(chatId, [B1]);
    const first = await A1.ask('message', { chatId, content: 'only once', clientMessageId: 'idem-42' });
    assertMessage(first);
    await B1.next('message', isMsg(first.id));
    const again = await A1.ask('message', { chatId, content: 'only once', clientMessageId: 'idem-42' });
    assertMessage(again);
    assert.equal(again.id, first.id, 'same message id');
    assert.equal(again.seq, first.seq, 'same seq');
    assert.equal(again.clientMessageId, 'idem-42');
    // Also from another device of the sender (same user, same clientMessageId).
    const A2 = await clients.connect(a.token);
    const third = await A2.ask('message', { chatId, content: 'only once', clientMessageId: 'idem-42' });
    assert.equal(third.id, first.id);

    const next = await A1.ask('message', { chatId, content: 'next', clientMessageId: 'idem-43' });
    assert.equal(next.seq, first.seq + 1, 'the repeat did not use a seq');
    await B1.next('message', isMsg(next.id));
    assert.equal(B1.received('message', isMsg(first.id)).length, 1, 'the recipient got the message twice');

    const hist = await fetchAllMessages(server, chatId, b.token);
    assert.deepEqual(hist.map((m) => m.content), ['only once', 'next']);
    assert.deepEqual(hist.map((m) => m.seq), [1, 2]);
    // Another user may use the same clientMessageId for their own message.
    const fromB = await B1.ask('message', { chatId, content: 'mine', clientMessageId: 'idem-42' });
    assertMessage(fromB, { senderId: b.id });
    assert.notEqual(fromB.id, first.id);
    A1.close();
    A2.close();
    B1.close();
  });
});

describe('concurrent senders', () => {
  test('devices of both users sending at once: unique gap-free seqs, each message to each device once', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const A1 = await clients.connect(a.token);
    const A2 = await clients.connect(a.token, { features: ['inbox'] });  // joined and inbox: still once
    const B1 = await clients.connect(b.token);
    const B2 = await clients.connect(b.token, { features: ['inbox'] });  // every chat, without joining
    const { chatId } = await A1.ask('chat:get', { recipientId: b.id });
    await joinAll(chatId, [A1, A2, B1]);
    const PER = 40;
    const sends = [];
    for (let i = 0; i < PER; i++) {
      for (const [name, c] of [['A1', A1], ['A2', A2], ['B1', B1]]) {
        sends.push(c.ask('message', { chatId, content: `${name} ${i}`, clientMessageId: `${name}-${i}` }));
      }
    }
    const acks = await Promise.all(sends);
    for (const m of acks) assertMessage(m, { chatId });
    const seqs = acks.map((m) => m.seq).sort((x, y) => x - y);
    assert.deepEqual(seqs, Array.from({ length: 3 * PER }, (_, i) => i + 1), 'seqs 1..N, each once');
    // Each device of each participant receives every message exactly once (its own included
    // for the sender's other devices); B2 sent nothing and must see all of them.
    const last = await A1.ask('message', { chatId, content: 'barrier' });
    for (const c of [A1, A2, B1, B2]) await c.next('message', isMsg(last.id));
    for (const [name, c] of [['A2', A2], ['B1', B1], ['B2', B2]]) {
      for (const m of acks) {
        if ((name === 'A2' && m.clientMessageId.startsWith('A2')) || (name === 'B1' && m.clientMessageId.startsWith('B1'))) continue;
        assert.equal(c.received('message', isMsg(m.id)).length, 1, `${name} got ${m.clientMessageId} not exactly once`);
      }
    }
    // A sender sees its own messages in send order.
    for (const name of ['A1', 'A2', 'B1']) {
      const own = acks.filter((m) => m.clientMessageId.startsWith(`${name}-`));
      const order = own.map((m) => Number(m.clientMessageId.split('-')[1]));
      const bySeq = [...own].sort((x, y) => x.seq - y.seq).map((m) => Number(m.clientMessageId.split('-')[1]));
      assert.deepEqual(bySeq, order, `${name}'s messages got seqs out of send order`);
    }
    const hist = await fetchAllMessages(server, chatId, b.token);
    assert.deepEqual(hist.map((m) => m.seq), Array.from({ length: 3 * PER + 1 }, (_, i) => i + 1));
    for (const c of [A1, A2, B1, B2]) c.close();
  });
});

describe('catch-up after a reconnect', () => {
  test('after_seq and chat:history {afterSeq} return exactly the missed messages, in order', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const A1 = await clients.connect(a.token);
    let B1 = await clients.connect(b.token);
    const { chatId } = await A1.ask('chat:get', { recipientId: b.id });
    await joinAll(chatId, [B1]);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const m = await A1.ask('message', { chatId, content: `seen ${i}` });
      seen.push(await B1.next('message', isMsg(m.id)));
    }
    const lastSeq = seen[seen.length - 1].seq;
    B1.close();
    await A1.next('users:update', (u) => u.userId === b.id && !u.isOnline);

    // More than one page and more than the server's recent-message window.
    const N = 130;
    const missed = [];
    const inFlight = [];
    for (let i = 0; i < N; i++) inFlight.push(A1.ask('message', { chatId, content: `missed ${i}`, clientMessageId: `cu-${i}` }));
    for (const m of await Promise.all(inFlight)) missed.push(m);
    const expected = [...missed].sort((x, y) => x.seq - y.seq);

    B1 = await clients.connect(b.token);
    // REST, one call per page of 50.
    const pages = [];
    let after = lastSeq;
    for (;;) {
      const res = await get(server, `/chats/${chatId}/messages?after_seq=${after}&limit=50`, b.token);
      assert.equal(res.status, 200, res.text);
      if (!res.json.length) break;
      pages.push(...res.json);
      after = res.json[res.json.length - 1].seq;
    }
    assert.deepEqual(pages.map((m) => m.seq), expected.map((m) => m.seq), 'REST catch-up seqs');
    assert.deepEqual(pages.map((m) => m.id), expected.map((m) => m.id), 'REST catch-up ids');
    assert.deepEqual(pages.map((m) => m.seq), Array.from({ length: N }, (_, i) => lastSeq + 1 + i), 'no gap');
    // Without a limit the default page still starts right after after_seq.
    const firstPage = await get(server, `/chats/${chatId}/messages?after_seq=${lastSeq}`, b.token);
    assert.ok(firstPage.json.length > 0);
    assert.equal(firstPage.json[0].seq, lastSeq + 1);
    assert.deepEqual(firstPage.json.map((m) => m.seq), firstPage.json.map((_, i) => lastSeq + 1 + i));

    // chat:history {afterSeq, limit}.
    const viaSocket = [];
    let afterSeq = lastSeq;
    for (;;) {
      const ack = await B1.ask('chat:history', { chatId, afterSeq, limit: 40 });
      assertOkAck(ack, 'chat:history');
      if (!ack.messages.length) break;
      for (const m of ack.messages) assertMessage(m, { chatId });
      viaSocket.push(...ack.messages);
      afterSeq = ack.messages[ack.messages.length - 1].seq;
    }
    assert.deepEqual(viaSocket.map((m) => m.id), expected.map((m) => m.id), 'chat:history catch-up');
    // chat:history {before} pages backwards from a message.
    const back = await B1.ask('chat:history', { chatId, before: expected[10].id, limit: 5 });
    assert.deepEqual(back.messages.map((m) => m.id), expected.slice(5, 10).map((m) => m.id));
    // And with no cursor, the newest messages, oldest first.
    const newest = await B1.ask('chat:history', { chatId, limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.id), expected.slice(-3).map((m) => m.id));
    A1.close();
    B1.close();
  });
});

describe('a chat:join with nothing to deliver', { skip: process.env.PARLEY_E2E_CLUSTER === '1' && 'SQLite only' }, () => {
  // The store's write transactions on /metrics. Nothing else writes while the test reads them:
  // the job queue is polled once, at start.
  let one;
  before(async () => {
    // Nothing else writes meanwhile: no jobs, and no batch of the search index (whose write
    // would land among those counted here when the server is slow).
    one = await startOne({ args: ['--job_poll_ms', String(24 * 3600 * 1000), '--search_index_delay_ms', '0'] });
  });
  after(async () => {
    await one.stop();
  });
  const commits = async () => {
    const text = (await get(one, '/metrics')).text;
    const value = Number(/^parley_store_commits_total (\d+)$/m.exec(text)?.[1]);
    assert.ok(Number.isInteger(value), `parley_store_commits_total in /metrics:\n${text.slice(0, 2000)}`);
    return value;
  };

  test('commits no write transaction; one that delivers commits one', async () => {
    const [a, b] = await Promise.all([registerUser(one), registerUser(one)]);
    const local = new Clients(one);
    try {
      const A = await local.connect(a.token);
      const B1 = await local.connect(b.token);
      const B2 = await local.connect(b.token);
      const { chatId } = await A.ask('chat:get', { recipientId: b.id });
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await A.ask('message', { chatId, content: `before the join ${i}` }));
      for (const m of sent) assert.equal(m.status, 'SENT');

      let before = await commits();
      assertOkAck(await B1.ask('chat:join', { chatId }), 'the first join');
      for (const m of sent) await A.next('message:status', statusOf(m.id, 'DELIVERED'));
      assert.equal(await commits(), before + 1, 'the first join raises three statuses in one transaction');

      // Joined again, from the same and another device, and by the sender: nothing to raise.
      before = await commits();
      assertOkAck(await B1.ask('chat:join', { chatId }), 'the same socket again');
      assertOkAck(await B2.ask('chat:join', { chatId }), 'another device');
      assertOkAck(await A.ask('chat:join', { chatId }), 'the sender');
      assert.equal(await commits(), before, 'a join that changes nothing writes nothing');
      await A.barrier();
      for (const m of sent) {
        assert.equal(A.received('message:status', statusOf(m.id, 'DELIVERED')).length, 1, 'DELIVERED once');
      }
      // The joins took effect all the same: B2 receives the chat's messages, DELIVERED at once.
      const live = await A.ask('message', { chatId, content: 'after the joins' });
      assert.equal(live.status, 'DELIVERED');
      await B2.next('message', isMsg(live.id));
      const hist = await fetchAllMessages(one, chatId, b.token);
      assert.deepEqual(hist.map((m) => m.status), ['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED']);
    } finally {
      local.closeAll();
    }
  });
});
