// Durability: a message the server has acknowledged is stored, even if the server is killed
// (SIGKILL) right after. Each round sends a burst of messages with many in flight, kills the
// server mid-burst without waiting for the outstanding acks, restarts it on the same data_dir
// and checks that every acknowledged message is in the history and that seqs are 1..N with no
// gap and no duplicate. The client then retries what was never acknowledged with the same
// clientMessageId, as a real client would, and that must not duplicate anything either.
//
// PARLEY_DURABILITY_ROUNDS sets the number of rounds (default 10).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, fetchAllMessages, makeDataDir, openChat, registerUser, startParley, withTimeout } from './helpers.mjs';

const ROUNDS = Number(process.env.PARLEY_DURABILITY_ROUNDS || 10);
const TOTAL = 200; // messages per burst at most
const IN_FLIGHT = 30;

// Sends up to TOTAL messages, IN_FLIGHT at a time, and SIGKILLs the server once `killAt` of
// them are acknowledged. Resolves, once the socket has dropped, with {acked: [ack], sent:
// [payload], errors: [ack]} where acked holds every acknowledgement that arrived at all (also
// those that arrived after the kill was sent).
function burstAndKill(client, server, chatId, round, killAt) {
  const acked = [];
  const sent = [];
  const errors = [];
  let next = 0;
  let killed = false;
  const done = new Promise((resolve) => {
    client.socket.once('disconnect', () => resolve());
  });
  const pump = () => {
    while (!killed && client.connectedNow && next < TOTAL && next - acked.length - errors.length < IN_FLIGHT) {
      const payload = { chatId, content: `round ${round} message ${next}`, clientMessageId: `r${round}-m${next}` };
      next += 1;
      sent.push(payload);
      client.socket.emit('message', payload, (ack) => {
        if (!ack || ack.status === 'error' || typeof ack.id !== 'string') {
          errors.push(ack);
        } else {
          acked.push(ack);
          if (!killed && acked.length >= killAt) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
        pump();
      });
    }
    if (!killed && next >= TOTAL && acked.length + errors.length >= TOTAL) {
      // Everything was acknowledged before the threshold: kill now.
      killed = true;
      server.child.kill('SIGKILL');
    }
  };
  pump();
  return withTimeout(done, 30000, `round ${round}: the burst and the kill`).then(() => ({ acked, sent, errors, inFlight: next - acked.length }));
}

// The history must be seqs 1..N, unique ids and clientMessageIds, and contain every ack.
function checkHistory(history, acked, round) {
  const seqs = history.map((m) => m.seq);
  const expected = Array.from({ length: history.length }, (_, i) => i + 1);
  assert.deepEqual(seqs, expected, `round ${round}: seqs are not 1..${history.length} without gaps or duplicates`);
  const ids = new Set(history.map((m) => m.id));
  assert.equal(ids.size, history.length, `round ${round}: duplicate message ids`);
  const cids = history.map((m) => m.clientMessageId);
  assert.equal(new Set(cids).size, cids.length, `round ${round}: a clientMessageId was stored twice`);
  const byId = new Map(history.map((m) => [m.id, m]));
  const lost = [];
  for (const ack of acked.values()) {
    const m = byId.get(ack.id);
    if (!m) {
      lost.push(`${ack.clientMessageId} (seq ${ack.seq}, id ${ack.id})`);
      continue;
    }
    assert.equal(m.seq, ack.seq, `round ${round}: ${ack.clientMessageId} changed seq`);
    assert.equal(m.content, ack.content, `round ${round}: ${ack.clientMessageId} changed content`);
  }
  assert.deepEqual(lost, [], `round ${round}: acknowledged messages missing after kill -9 and restart`);
}

test(`acknowledged messages survive kill -9 (${ROUNDS} rounds)`, { timeout: 600000 }, async (t) => {
  const dataDir = makeDataDir();
  let server = await startParley({ dataDir });
  const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
  const chat = await openChat(server, a, b);
  const acked = new Map(); // id -> ack, over all rounds
  const stats = [];

  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const sender = await Client.connect(server, a.token);
      // Spread the kill over the burst: after 25..185 acknowledgements.
      const killAt = 25 + ((round * 67) % 161);
      const r = await burstAndKill(sender, server, chat.id, round, killAt);
      sender.close();
      const exit = await withTimeout(server.exited, 10000, 'the killed server to exit');
      assert.equal(exit.signal, 'SIGKILL', `round ${round}: the server exited on its own (${JSON.stringify(exit)})`);
      assert.deepEqual(r.errors, [], `round ${round}: error acknowledgements during the burst`);
      for (const ack of r.acked) acked.set(ack.id, ack);

      server = await startParley({ dataDir });
      let history = await fetchAllMessages(server, chat.id, a.token);
      checkHistory(history, acked, round);

      // Retry whatever was not acknowledged, with the same clientMessageId.
      const ackedCids = new Set(r.acked.map((x) => x.clientMessageId));
      const stored = new Map(history.map((m) => [m.clientMessageId, m]));
      const retry = r.sent.filter((p) => !ackedCids.has(p.clientMessageId));
      const retrier = await Client.connect(server, a.token);
      const retried = await Promise.all(retry.map((p) => retrier.ask('message', p)));
      retrier.close();
      retried.forEach((ack, i) => {
        assert.equal(typeof ack.id, 'string', `round ${round}: retry of ${retry[i].clientMessageId}: ${JSON.stringify(ack)}`);
        const before = stored.get(retry[i].clientMessageId);
        if (before) assert.equal(ack.id, before.id, `round ${round}: a retry of a stored message made a new one`);
        acked.set(ack.id, ack);
      });
      history = await fetchAllMessages(server, chat.id, a.token);
      checkHistory(history, acked, round);
      assert.equal(history.length, acked.size, `round ${round}: the history holds messages never acknowledged`);
      stats.push(`${r.acked.length}/${r.sent.length}`);
    }
  } finally {
    await server.stop();
  }
  t.diagnostic(`acknowledged/sent before the kill, per round: ${stats.join(' ')}`);
});
