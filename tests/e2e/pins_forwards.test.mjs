// §1.3 pins (message:pin, message:unpin, chat:get-pinned, message:pinned / message:unpinned
// to the chat room, the pin limit) and forwards (message:forward, message:forward-multiple; one
// rate-limit token per forwarded message, all or none).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  Clients, assertErrorAck, assertMessage, assertOkAck, fetchAllMessages, registerUser, startParley, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const isMsg = (id) => (m) => m.id === id;

describe('pins', () => {
  test('pin and unpin: acks, message:pinned / message:unpinned to chat room members, chat:get-pinned', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    // A's sockets receive every chat's messages (inbox), so they still get them after leaving the room.
    const A1 = await clients.connect(a.token, { features: ['inbox'] });
    const A2 = await clients.connect(a.token, { features: ['inbox'] });
    const B1 = await clients.connect(b.token);
    const { chatId } = await A1.ask('chat:get', { recipientId: b.id });
    for (const c of [A1, A2, B1]) assertOkAck(await c.ask('chat:join', { chatId }), 'chat:join');
    const m1 = await A1.ask('message', { chatId, content: 'pin me' });
    const m2 = await B1.ask('message', { chatId, content: 'pin me too' });

    const empty = await A1.ask('chat:get-pinned', { chatId });
    assertOkAck(empty, 'chat:get-pinned');
    assert.deepEqual(empty.messages, []);

    const before = Date.now();
    const pin = await B1.ask('message:pin', { messageId: m1.id });
    assertOkAck(pin, 'message:pin');
    assertMessage(pin.message, { id: m1.id, chatId, senderId: a.id, content: 'pin me', isPinned: true, pinnedBy: b.id });
    assert.ok(Math.abs(Date.parse(pin.message.pinnedAt) - before) < 60000, 'pinnedAt is now');
    for (const c of [A1, A2, B1]) {
      const ev = await c.next('message:pinned', isMsg(m1.id));
      assertMessage(ev, { id: m1.id, isPinned: true, pinnedBy: b.id, pinnedAt: pin.message.pinnedAt });
    }
    const pin2 = await A2.ask('message:pin', { messageId: m2.id });
    assertOkAck(pin2);
    assert.equal(pin2.message.pinnedBy, a.id);

    const listed = await B1.ask('chat:get-pinned', { chatId });
    assertOkAck(listed);
    for (const m of listed.messages) assertMessage(m, { chatId, isPinned: true });
    assert.deepEqual(listed.messages.map((m) => m.id).sort(), [m1.id, m2.id].sort());

    const unpin = await A1.ask('message:unpin', { messageId: m1.id });
    assertOkAck(unpin, 'message:unpin');
    assertMessage(unpin.message, { id: m1.id, isPinned: false, pinnedAt: null, pinnedBy: null });
    for (const c of [A1, A2, B1]) {
      const ev = await c.next('message:unpinned', isMsg(m1.id));
      assertMessage(ev, { id: m1.id, isPinned: false });
    }
    const after = await A1.ask('chat:get-pinned', { chatId });
    assert.deepEqual(after.messages.map((m) => m.id), [m2.id]);
    const hist = await fetchAllMessages(server, chatId, a.token);
    assert.deepEqual(hist.map((m) => m.isPinned), [false, true], 'history shows the pins');
    assert.equal(hist[1].pinnedBy, a.id);

    // After chat:leave none of A's sockets is in the room: the next pin reaches B only.
    const left = await A2.ask('chat:leave', { chatId });
    assert.equal(left.success, true);
    assertOkAck(await B1.ask('message:pin', { messageId: m1.id }));
    await B1.next('message:pinned', isMsg(m1.id));
    // Barrier for A: a message B sends after the pin reaches A through its inbox.
    const later = await B1.ask('message', { chatId, content: 'after the pin' });
    for (const c of [A1, A2]) {
      await c.next('message', isMsg(later.id));
      assert.equal(c.received('message:pinned', isMsg(m1.id)).length, 1, 'a socket that left the room got message:pinned');
    }
  });

  test('a member who has not joined the chat room gets no message:pinned', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const A = await clients.connect(a.token);
    const B = await clients.connect(b.token, { features: ['inbox'] });  // messages, but not in the room
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    assertOkAck(await A.ask('chat:join', { chatId }));
    const m = await A.ask('message', { chatId, content: 'x' });
    assertOkAck(await A.ask('message:pin', { messageId: m.id }));
    await A.next('message:pinned', isMsg(m.id));
    const later = await A.ask('message', { chatId, content: 'y' });
    await B.next('message', isMsg(later.id));
    assert.equal(B.received('message:pinned').length, 0, 'message:pinned goes to the room chat:<id> only');
  });
});

describe('pin limit', () => {
  let small;
  before(async () => {
    small = await startParley({ args: ['--max_pins', '2'] });
  });
  after(async () => {
    await small.stop();
  });

  test("the third pin in a chat with --max_pins 2 fails with code 'pin_limit'", async () => {
    const [a, b] = await Promise.all([registerUser(small), registerUser(small)]);
    const local = new Clients(small);
    try {
      const A = await local.connect(a.token);
      const { chatId } = await A.ask('chat:get', { recipientId: b.id });
      const ms = [];
      for (let i = 0; i < 4; i++) ms.push(await A.ask('message', { chatId, content: `m${i}` }));
      assertOkAck(await A.ask('message:pin', { messageId: ms[0].id }));
      assertOkAck(await A.ask('message:pin', { messageId: ms[1].id }));
      const third = await A.ask('message:pin', { messageId: ms[2].id });
      assertErrorAck(third, 'pin_limit', 'third pin');
      assert.ok(A.connectedNow);
      const pinned = await A.ask('chat:get-pinned', { chatId });
      assert.deepEqual(pinned.messages.map((m) => m.id).sort(), [ms[0].id, ms[1].id].sort());
      // Unpinning makes room again.
      assertOkAck(await A.ask('message:unpin', { messageId: ms[0].id }));
      assertOkAck(await A.ask('message:pin', { messageId: ms[2].id }));
      assertErrorAck(await A.ask('message:pin', { messageId: ms[3].id }), 'pin_limit', 'pin after refill');
    } finally {
      local.closeAll();
    }
  });
});

describe('forwards', () => {
  let a;
  let b;
  let c;
  let A;
  let B;
  let C;
  let ab;
  let ac;
  before(async () => {
    [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    A = await clients.connect(a.token);
    B = await clients.connect(b.token);
    C = await clients.connect(c.token, { features: ['inbox'] });
    ab = (await A.ask('chat:get', { recipientId: b.id })).chatId;
    ac = (await A.ask('chat:get', { recipientId: c.id })).chatId;
    assertOkAck(await B.ask('chat:join', { chatId: ab }), 'B joins');
  });

  test('message:forward {messageId, toChatId, additionalContent}', async () => {
    const original = await B.ask('message', { chatId: ab, content: 'worth sharing' });
    const ack = await A.ask('message:forward', { messageId: original.id, toChatId: ac, additionalContent: 'look at this' });
    assertOkAck(ack, 'message:forward');
    assertMessage(ack.message, {
      chatId: ac, senderId: a.id, content: 'worth sharing', isForwarded: true, forwardedFromId: original.id,
      originalSenderId: b.id,
    });
    assert.notEqual(ack.message.id, original.id);
    // The target chat's members get it (and the comment, if sent as a message of its own).
    const got = await C.next('message', isMsg(ack.message.id));
    assertMessage(got, { isForwarded: true, forwardedFromId: original.id, originalSenderId: b.id, content: 'worth sharing' });
    const hist = await fetchAllMessages(server, ac, c.token);
    assert.ok(hist.some((m) => m.id === ack.message.id && m.isForwarded), 'the forward is in the target history');
    // The contract does not say where additionalContent goes; Parley stores it as a message of
    // its own right before the forward (acknowledged as `comment`). It must not be dropped.
    const comment = hist.find((m) => m.content === 'look at this');
    assert.ok(comment, 'additionalContent is not in the target chat');
    assert.equal(comment.senderId, a.id);
    if (ack.comment) {
      assertMessage(ack.comment, { chatId: ac, content: 'look at this', isForwarded: false });
      assert.equal(ack.comment.seq + 1, ack.message.seq, 'the comment comes just before the forward');
      await C.next('message', isMsg(ack.comment.id));
    }
    // B, not in the target chat, gets nothing of it.
    const later = await A.ask('message', { chatId: ab, content: 'barrier' });
    await B.next('message', isMsg(later.id));
    assert.equal(B.received('message', isMsg(ack.message.id)).length, 0, 'the forward leaked to the source chat');

    // A forward of a forward keeps the first message and author.
    const again = await C.ask('message:forward', { messageId: ack.message.id, toChatId: ac });
    assertOkAck(again);
    assertMessage(again.message, { forwardedFromId: original.id, originalSenderId: b.id, senderId: c.id });
    // The original is unchanged.
    const source = await fetchAllMessages(server, ab, b.token);
    assertMessage(source.find(isMsg(original.id)), { isForwarded: false, content: 'worth sharing', senderId: b.id });
  });

  test('message:forward-multiple: 3 ids -> 3 messages in order; 101 ids -> invalid_input', async () => {
    const originals = [];
    for (let i = 0; i < 3; i++) originals.push(await (i % 2 ? A : B).ask('message', { chatId: ab, content: `multi ${i}` }));
    const ack = await A.ask('message:forward-multiple', { messageIds: originals.map((m) => m.id), toChatId: ac });
    assertOkAck(ack, 'message:forward-multiple');
    assert.equal(ack.messages.length, 3);
    ack.messages.forEach((m, i) => {
      assertMessage(m, {
        chatId: ac, senderId: a.id, isForwarded: true, content: originals[i].content, forwardedFromId: originals[i].id,
        originalSenderId: originals[i].senderId,
      });
    });
    const seqs = ack.messages.map((m) => m.seq);
    assert.deepEqual(seqs, [seqs[0], seqs[0] + 1, seqs[0] + 2], 'consecutive seqs in the given order');
    for (const m of ack.messages) await C.next('message', isMsg(m.id));
    const order = C.received('message', (m) => ack.messages.some((x) => x.id === m.id)).map((m) => m.id);
    assert.deepEqual(order, ack.messages.map((m) => m.id), 'one message per forward, in order');

    const ids = Array.from({ length: 101 }, () => originals[0].id);
    assertErrorAck(await A.ask('message:forward-multiple', { messageIds: ids, toChatId: ac }), 'invalid_input', '101 ids');
    const distinct = [];
    for (let i = 0; i < 101; i++) distinct.push(`01890000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    assertErrorAck(await A.ask('message:forward-multiple', { messageIds: distinct, toChatId: ac }), 'invalid_input',
      '101 distinct ids');
    assertErrorAck(await A.ask('message:forward-multiple', { messageIds: [], toChatId: ac }), 'invalid_input', 'no ids');
    assertErrorAck(await A.ask('message:forward-multiple', { messageIds: originals[0].id, toChatId: ac }), 'invalid_input',
      'a string instead of an array');
    assertErrorAck(await A.ask('message:forward-multiple', { messageIds: [1, 2], toChatId: ac }), 'invalid_input',
      'numbers in the array');
    // 100 is allowed.
    const hundred = Array.from({ length: 100 }, () => originals[1].id);
    assertOkAck(await A.ask('message:forward-multiple', { messageIds: hundred, toChatId: ac }), '100 ids');
    assert.ok(A.connectedNow);
  });
});

describe('forward rate limit', () => {
  let limited;
  before(async () => {
    limited = await startParley({ args: ['--rate_messages_burst', '5', '--rate_messages_per_second', '1'] });
  });
  after(async () => {
    await limited.stop();
  });

  test('a forward of N messages takes N tokens; one that does not fit is refused whole', async () => {
    const [a, b, c] = await Promise.all([registerUser(limited), registerUser(limited), registerUser(limited)]);
    const local = new Clients(limited);
    try {
      const A = await local.connect(a.token);
      const B = await local.connect(b.token);
      const ab = (await A.ask('chat:get', { recipientId: b.id })).chatId;
      const ac = (await A.ask('chat:get', { recipientId: c.id })).chatId;
      // B's bucket pays for the originals; A's five tokens are untouched.
      const originals = [];
      for (let i = 0; i < 4; i++) originals.push(await B.ask('message', { chatId: ab, content: `original ${i}` }));
      for (const m of originals) assertMessage(m);
      const ids = originals.map((m) => m.id);

      // Four of A's five tokens (a token refills each second: the test is far quicker than that).
      const first = await A.ask('message:forward-multiple', { messageIds: ids, toChatId: ac });
      assertOkAck(first, 'four messages with five tokens');
      assert.equal(first.messages.length, 4);

      const refused = await A.ask('message:forward-multiple', { messageIds: ids, toChatId: ac });
      assertErrorAck(refused, 'rate_limited', 'four more messages with one token');
      const mayNow = Number(/(\d+) may be sent now/.exec(refused.message)?.[1]);
      assert.ok(mayNow >= 1 && mayNow < 4, `the refusal says how many fit: ${refused.message}`);
      let hist = await fetchAllMessages(limited, ac, a.token);
      assert.equal(hist.length, 4, 'nothing of the refused forward was stored');

      // The refused forward took nothing: the token left pays for a forward of one.
      const single = await A.ask('message:forward', { messageId: ids[0], toChatId: ac });
      assertOkAck(single, 'one message with the token the refused forward left');
      hist = await fetchAllMessages(limited, ac, a.token);
      assert.equal(hist.length, 5);
      assert.ok(A.connectedNow, 'still connected');
    } finally {
      local.closeAll();
    }
  });
});
