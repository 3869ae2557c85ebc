// Acknowledgements requested by the server: "ask" makes the server emit "question" with an ack
// to the client, then acknowledges the caller with whatever the client answered, or "no answer"
// once its 2 s timeout has passed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ask, askAll, record, useInterop } from './helpers.mjs';

const { server, clients } = useInterop();

for (const transports of [['websocket'], ['polling']]) {
  describe(`server-to-client acknowledgements over ${transports[0]}`, () => {
    test('the client answer comes back to the caller', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'answerer' });
      const questions = [];
      socket.on('question', (q, cb) => {
        questions.push(q);
        cb({ answer: q.n * 2, echoed: q, note: 'réponse ✓' });
      });
      const q = { n: 21, text: 'what is 21 × 2?' };
      const reply = await ask(socket, 'ask', q);
      assert.deepEqual(questions, [q], 'the question arrives once, unchanged');
      assert.deepEqual(reply, { answer: 42, echoed: q, note: 'réponse ✓' });
    });

    test('an answer with several arguments is passed on whole', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'multi' });
      socket.on('question', (q, cb) => cb('first', 2, { third: [q] }, null));
      assert.deepEqual(await askAll(socket, 'ask', 'q?'), ['first', 2, { third: ['q?'] }, null]);
    });

    test('answers to concurrent questions are matched by ack id', async () => {
      const socket = await clients.connect(server.url, { transports, name: 'concurrent' });
      // Answer in reverse order of arrival, so ids, not ordering, must do the matching.
      const held = [];
      socket.on('question', (q, cb) => {
        held.push(() => cb(`answer to ${q}`));
        if (held.length === 10) for (const answer of held.reverse()) answer();
      });
      const qs = Array.from({ length: 10 }, (_, i) => `q${i}`);
      const replies = await Promise.all(qs.map((q) => ask(socket, 'ask', q)));
      assert.deepEqual(replies, qs.map((q) => `answer to ${q}`));
    });

    test("no answer yields 'no answer' after the server's 2 s timeout", async () => {
      const socket = await clients.connect(server.url, { transports, name: 'silent' });
      const questions = record(socket, 'question'); // receives, never calls the ack
      const started = performance.now();
      const reply = await socket.timeout(6000).emitWithAck('ask', 'anyone there?');
      const elapsed = performance.now() - started;
      assert.equal(reply, 'no answer');
      assert.equal(questions.calls.length, 1, 'the question was delivered');
      assert.equal(questions.calls[0][0], 'anyone there?');
      assert.equal(typeof questions.calls[0][1], 'function', 'the question asked for an ack');
      assert.ok(elapsed >= 1900, `answered after ${elapsed.toFixed(0)} ms, before the 2 s timeout`);
      assert.ok(elapsed < 4500, `answered after ${elapsed.toFixed(0)} ms, long after the 2 s timeout`);
      // The connection is still fine afterwards.
      assert.equal(await ask(socket, 'echo', 'still here'), 'still here');
    });
  });
}
