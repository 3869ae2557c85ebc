// Bounded work: password hashing runs on threads of its own with a bounded queue, so a burst
// of logins neither delays the messages of other connections nor queues without limit.
// This server hashes with the real default cost (Argon2id, 64 MiB, 2 passes), unlike the
// other suites' fast settings.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';

import { Client, registerUser, request, startOne } from './helpers.mjs';

const LOGINS = 200;
// The stated bound: the 99th percentile of message acknowledgements while the logins run
// stays under 250 ms, or under five times the idle 99th percentile on a slow (sanitizer) build.
const P99_BOUND_MS = 250;

const p99 = (times) => {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
};

test(`${LOGINS} concurrent logins do not delay message acknowledgements on other connections`, async (t) => {
  const server = await startOne({
    args: ['--password_hash_memory_kib', '65536', '--password_hash_ops', '2', '--rate_auth_burst', '100000',
      '--max_connections_per_address', '1000'],
  });
  const clients = [];
  try {
    const [a, b, l] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const A = await Client.connect(server, a.token);
    clients.push(A);
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    let n = 0;
    const timedSend = async () => {
      const start = performance.now();
      const ack = await A.ask('message', { chatId, content: `m${n++}` });
      assert.equal(typeof ack?.id, 'string', `message acknowledged: ${JSON.stringify(ack)}`);
      return performance.now() - start;
    };
    const idle = [];
    for (let i = 0; i < 100; i++) idle.push(await timedSend());

    let running = true;
    const logins = Promise.all(Array.from({ length: LOGINS }, () => request(server, 'POST', '/auth/login', {
      body: { email: l.email, password: l.password }, timeoutMs: 180000,
    }))).finally(() => { running = false; });
    const during = [];
    while (running) during.push(await timedSend());
    const results = await logins;

    // Every login either succeeded or was refused at once with 503 and Retry-After.
    const ok = results.filter((r) => r.status === 200);
    const busy = results.filter((r) => r.status === 503);
    assert.equal(ok.length + busy.length, LOGINS, `statuses: ${[...new Set(results.map((r) => r.status))]}`);
    assert.ok(ok.length > 0, 'no login succeeded');
    for (const r of busy) {
      assert.equal(r.json?.error, 'unavailable');
      assert.equal(r.headers['retry-after'], '1');
    }
    const metrics = (await request(server, 'GET', '/metrics')).text;
    const rejected = Number(/^parley_pool_rejected_total\{pool="hashing"\} (\d+)$/m.exec(metrics)?.[1]);
    assert.equal(rejected, busy.length, '/metrics counts the refused logins');
    assert.match(metrics, /^parley_pool_wait_seconds_count\{pool="chat"\} \d+$/m);

    assert.ok(during.length >= 20, `only ${during.length} messages were sent while the logins ran`);
    const bound = Math.max(P99_BOUND_MS, 5 * p99(idle));
    t.diagnostic(`acks: idle p99 ${p99(idle).toFixed(1)} ms; during ${LOGINS} logins p99 ${p99(during).toFixed(1)} ms ` +
      `over ${during.length} messages; ${ok.length} logins done, ${busy.length} refused with 503`);
    assert.ok(p99(during) <= bound,
      `p99 of acks during the logins ${p99(during).toFixed(1)} ms > ${bound.toFixed(1)} ms ` +
      `(idle p99 ${p99(idle).toFixed(1)} ms, ${during.length} messages, ${ok.length} logins, ${busy.length} refused)`);
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
});
