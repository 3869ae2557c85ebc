// A Redis that stalls (stopped with SIGSTOP: connections still open, commands unanswered until
// the command timeout) holds at most the `outside` pool, never every database worker: with 4
// workers, 1 outside thread and 1 queued call, requests that need only the database (a chat's
// history) keep being answered at once, and those that ask Redis (the user list's presence)
// get the answer of a Redis that is down (offline) instead of waiting a second per call.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { FAST_ARGS, get, openChat, registerUser, startParley } from '../e2e/helpers.mjs';

const POSTGRES = process.env.PARLEY_TEST_POSTGRES_URL;
const REDIS = process.env.PARLEY_TEST_REDIS_URL;

const metric = (text, name) => Number(text.match(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm'))?.[1]);

async function timed(promise) {
  const start = Date.now();
  const res = await promise;
  return { res, ms: Date.now() - start };
}

test('a stalled Redis holds only the outside pool; database work is still answered at once', async () => {
  assert.ok(POSTGRES && REDIS, 'run under scripts/services.sh (PARLEY_TEST_POSTGRES_URL, PARLEY_TEST_REDIS_URL)');
  const name = `stall_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  execFileSync('psql', [POSTGRES, '-qc', `CREATE DATABASE ${name}`]);
  const server = await startParley({
    args: [...FAST_ARGS, '--database', POSTGRES.replace(/\/[^/]*$/, `/${name}`), '--redis', REDIS,
      '--redis_prefix', `${name}:`, '--jwt_secret', 'cluster-test-secret-cluster-test-secret',
      '--workers', '4', '--outside_workers', '1', '--max_queued_outside', '1', '--presence_timeout_ms', '30000'],
  });
  const redisPid = Number(execFileSync('redis-cli', ['-u', REDIS, 'info', 'server'], { encoding: 'utf8' })
    .match(/process_id:(\d+)/)[1]);
  let stopped = false;
  try {
    const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(server)));
    const [a, b] = users;
    const chat = await openChat(server, a, b);
    const history = () => get(server, `/chats/${chat.id}/messages`, a.token, { timeoutMs: 30000 });
    const userList = () => get(server, '/api/users', a.token, { timeoutMs: 30000 });
    assert.equal((await userList()).status, 200);

    process.kill(redisPid, 'SIGSTOP');
    stopped = true;
    // Each user list asks Redis for every user's presence (two calls each); the histories ask
    // only the database.
    const lists = Array.from({ length: 8 }, () => timed(userList()));
    const histories = Array.from({ length: 8 }, () => timed(history()));
    const pages = await Promise.all(histories);
    for (const { res, ms } of pages) {
      assert.equal(res.status, 200, res.text);
      assert.ok(ms < 1500, `a history page took ${ms} ms while Redis stalled`);
    }
    console.log(`history pages while Redis stalled: ${pages.map(({ ms }) => ms).join(', ')} ms`);
    const answered = await Promise.all(lists);
    const times = answered.map(({ ms }) => ms);
    // A list makes 8 presence calls (state and last seen of 4 users): waiting a command timeout
    // (1 s) for each would take 8 s and more. A caller waits at most max_answer (0.5 s) for a
    // call the pool takes; after that every call is answered at once for a second.
    for (const { res, ms } of answered) {
      assert.equal(res.status, 200, res.text);
      assert.ok(ms < 4000, `a user list took ${ms} ms while Redis stalled (all: ${times})`);
    }
    console.log(`user lists while Redis stalled: ${times.join(', ')} ms`);
    assert.ok(answered.some(({ res }) => res.json.every((u) => u.isOnline === false)),
      'answered as while Redis is down: nobody online');
    const metrics = (await get(server, '/metrics')).text;
    assert.ok(metric(metrics, 'parley_pool_rejected_total{pool="outside"}') > 0, 'calls refused by the outside pool');

    process.kill(redisPid, 'SIGCONT');
    stopped = false;
    // Redis answers again: presence comes back.
    const deadline = Date.now() + 10000;
    for (;;) {
      const res = await userList();
      if (res.status === 200 && res.json.length >= 4) break;
      assert.ok(Date.now() < deadline, 'the user list after Redis came back');
    }
  } finally {
    if (stopped) process.kill(redisPid, 'SIGCONT');
    await server.stop();
  }
});
