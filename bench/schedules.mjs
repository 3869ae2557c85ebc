#!/usr/bin/env node
// Scheduled messages benchmark: what pending schedules cost while nothing is due, and how late
// a burst of schedules due in the same second is sent.
//
//   node bench/schedules.mjs --parley build/server/app/parley --data /tmp/schedules-bench \
//     [--store-url postgres://...] [--pending 100000] [--burst 1000] [--idle-seconds 10] \
//     [--users 100] [--concurrency 64]
//
// starts parley itself (cheap password hashing, no rate limits, max_scheduled_per_user raised),
// registers --users users, each with a private chat to one peer, then:
//   pending  schedules --pending messages a month ahead (REST, --concurrency at a time, spread
//            over the users) and reports the rate;
//   idle     measures the server's CPU over --idle-seconds while those wait (ms of CPU per
//            second: the scheduler's one lookup of the earliest due time per second, and the
//            rest of the server's upkeep);
//   burst    schedules --burst messages due at the same second 5 s (or more, for a large burst)
//            ahead, waits until every one is in its chat's history, checks each is there once,
//            and reports how late they were (the message's createdAt minus the due time: p50,
//            p99, max) and the server's CPU per message sent (over the due second and the few
//            after it, the bench's own reads left out: an upper bound, it includes idle upkeep).
// Exits 1 when a message is missing or duplicated.
import { failer, parseArgs, pct, startParley } from './rest-lib.mjs';

const args = parseArgs({ pending: '100000', burst: '1000', 'idle-seconds': '10', users: '100', concurrency: '64' });
const fail = failer('schedules');
if (!args.parley || !args.data) fail('usage: --parley BIN --data DIR [...]');
const N = (name) => Number(args[name]);
let must;
let pool;
let cpuMs;

const utc = (ms) => new Date(ms).toISOString().slice(0, 19);

async function main() {
  const server = await startParley({
    bin: args.parley, data: args.data, storeUrl: args['store-url'], concurrency: N('concurrency'), fail,
    flags: ['--max_scheduled_per_user', '1000000'],
  });
  ({ must, pool, cpuMs } = server);
  const run = Date.now().toString(36);
  const peer = await must('POST', '/auth/register', {
    body: { email: `peer-${run}@bench.test`, password: 'correct horse battery', name: 'Peer' },
  }, 201);
  const users = [];
  await pool(N('users'), async (i) => {
    const u = await must('POST', '/auth/register', {
      body: { email: `u${i}-${run}@bench.test`, password: 'correct horse battery', name: `User ${i}` },
    }, 201);
    const chat = await must('POST', '/chats', { token: u.accessToken, body: { userId: peer.user.id } }, 201);
    users[i] = { token: u.accessToken, chatId: chat.id };
  });

  // pending
  const later = utc(Date.now() + 30 * 86_400_000);
  let t0 = Date.now();
  await pool(N('pending'), async (i) => {
    const u = users[i % users.length];
    await must('POST', `/api/v1/chats/${u.chatId}/scheduled`, {
      token: u.token, body: { content: `later ${i}`, start: later, timeZone: 'UTC' },
    }, 201);
  });
  const pendingRate = N('pending') / ((Date.now() - t0) / 1000);

  // idle
  await new Promise((r) => { setTimeout(r, 1000); });
  const idleCpu0 = cpuMs();
  t0 = Date.now();
  await new Promise((r) => { setTimeout(r, N('idle-seconds') * 1000); });
  const idleCpuPerS = (cpuMs() - idleCpu0) / ((Date.now() - t0) / 1000);

  // burst
  const lead = Math.max(5000, N('burst') * 3);
  const due = Math.ceil((Date.now() + lead) / 1000) * 1000;
  await pool(N('burst'), async (i) => {
    const u = users[i % users.length];
    await must('POST', `/api/v1/chats/${u.chatId}/scheduled`, {
      token: u.token, body: { content: `burst ${i}`, start: utc(due), timeZone: 'UTC' },
    }, 201);
  });
  if (Date.now() >= due - 500) fail('the burst was not scheduled in time; raise --concurrency or lower --burst');
  // The server's CPU from just before the due second until the burst has surely been sent
  // (read afterwards, so that the bench's own reads are not counted).
  await new Promise((r) => { setTimeout(r, due - Date.now() - 300); });
  const burstCpu0 = cpuMs();
  await new Promise((r) => { setTimeout(r, 300 + Math.max(3000, N('burst') * 3)); });
  const burstCpu = cpuMs() - burstCpu0;
  const lateness = [];
  const seen = new Set();
  for (let round = 0; lateness.length < N('burst'); round += 1) {
    if (round > 100) fail(`only ${lateness.length} of ${N('burst')} burst messages arrived`);
    if (round > 0) await new Promise((r) => { setTimeout(r, 500); });
    lateness.length = 0;
    seen.clear();
    for (const u of users) {
      const page = await must('GET', `/api/v1/chats/${u.chatId}/messages?limit=200`, { token: u.token });
      for (const m of page) {
        if (!m.content.startsWith('burst ')) continue;
        if (seen.has(m.content)) fail(`${m.content} twice`);
        seen.add(m.content);
        lateness.push(Date.parse(m.createdAt) - due);
      }
    }
  }
  lateness.sort((a, b) => a - b);

  const store = args['store-url'] ? 'postgres' : 'embedded';
  console.log(JSON.stringify({
    store,
    pending: N('pending'),
    schedule_rate_per_s: Math.round(pendingRate),
    idle_cpu_ms_per_s: Number(idleCpuPerS.toFixed(2)),
    burst: N('burst'),
    burst_late_ms: { min: lateness[0], p50: pct(lateness, 50), p99: pct(lateness, 99), max: lateness.at(-1) },
    burst_cpu_us_per_message: Math.round((burstCpu * 1000) / N('burst')),
  }));
  server.stop();
}

main().catch((e) => fail(e.stack));
