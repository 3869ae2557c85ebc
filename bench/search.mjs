#!/usr/bin/env node
// Message search benchmark: loads a deterministic corpus (bench/search/corpus.mjs: mixed
// languages, realistic lengths, Zipf-like words, planted rare words, phrases and 東京) into a
// parley, then times a fixed set of searches as one user who is a member of --member-chats
// chats, checks every answer against the corpus, and reports the size of the index.
//
//   node bench/search.mjs --parley build/server/app/parley --data /tmp/search-db \
//     [--store-url postgres://...] [--messages 1000000] [--chats 1000] [--users 10000] \
//     [--member-chats 50] [--queries 100] [--seed 1] [--load-only | --query-only] \
//     [--label embedded] [--out section.md]
//
// starts parley itself (bench/lib.sh's flags: cheap password hashing, no rate or connection
// limits), on a free port, and stops it at the end; or, against a running one:
//
//   node bench/search.mjs --url http://127.0.0.1:3000 --pid $(pidof parley) [--data DIR] ...
//
// Phases:
//   load    registers --users users, creates --chats groups (3 to 250 members, log-uniform;
//           the searcher, user 0, in exactly --member-chats of them), and sends --messages
//           messages (an equal share per chat, senders drawn from the chat's members) over
//           Socket.IO: --senders users at a time, each sending all its messages with a window
//           of --window unacknowledged ones. Prints progress every 10 s, then the rate and the
//           server's CPU per message. Writes the state (chat ids, the day of the load) to
//           DATA/search-bench.json (or --state) for a later --query-only run.
//   query   for each kind (common word, the same by date, rare word, exact phrase, partial word,
//           CJK substring, from: + after:, from: + after: + word), first pages through every
//           distinct query to the end (untimed; the first 5,000 results of longer answers) and
//           checks the results against the corpus (exactly the expected messages, by
//           clientMessageId), then runs --queries searches
//           of the kind one at a time (REST, limit 20, the variants in turn) and reports client
//           latency p50 / p95 / p99 / max and the server's CPU per query. Exits 1 when a result
//           is wrong.
//   sizes   the data directory's database files; with sqlite3, the pages of the search index
//           (dbstat); with --store-url and psql, the sizes of message_search and messages.
//
// Server CPU is read from /proc/<pid>/stat; with --store-url, the PostgreSQL server's CPU (its
// postmaster and backends, --db-pid or the postmaster.pid under $PARLEY_TEST_SERVICES_DIR) is
// reported beside it.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
  COMMON_WORDS, FRAGMENTS, PHRASES, RARE, SEARCHER, TOKYO, chatTitle, makePlan, messageText, searchForm,
  searchPattern, sendQueues, senderOf, userEmail, userName,
} from './search/corpus.mjs';
import { SioSocket } from './search/sio.mjs';

// ---------------------------------------------------------------------------------------------
// Arguments

const FLAGS = new Set(['load-only', 'query-only', 'keep']);
const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) continue;
  const name = a.slice(2);
  if (FLAGS.has(name)) args[name] = true;
  else args[name] = process.argv[++i];
}
const opt = {
  seed: Number(args.seed ?? 1),
  messages: Number(args.messages ?? 1000000),
  chats: Number(args.chats ?? 1000),
  users: Number(args.users ?? 10000),
  memberChats: Number(args['member-chats'] ?? 50),
  queries: Number(args.queries ?? 100),
  senders: Number(args.senders ?? 64),
  window: Number(args.window ?? 64),
  label: args.label ?? (args['store-url'] ? 'postgres' : 'embedded'),
};
const PASSWORD = 'correct horse battery staple';
const TICKS = 100;  // clock ticks per second of /proc/<pid>/stat (Linux's USER_HZ)
const PAGE = 20;    // results per timed search (the server's default page)

// ---------------------------------------------------------------------------------------------
// Output helpers

const log = (...a) => console.error(`[search ${new Date().toISOString().slice(11, 19)}]`, ...a);
const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// The server: started here or given

let url = args.url;
let pid = args.pid ? Number(args.pid) : undefined;
let child;
const dataDir = args.data;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startParley() {
  if (!dataDir) fail('--parley needs --data DIR');
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const flags = [
    '--host', '127.0.0.1', '--port', String(port), '--data_dir', dataDir, '--log_level', 'warn',
    '--password_hash_memory_kib', '8', '--password_hash_ops', '1',
    '--rate_messages_per_second', '1000000', '--rate_messages_burst', '1000000',
    '--rate_reactions_per_second', '1000000', '--rate_reactions_burst', '1000000',
    '--rate_auth_per_second', '1000000', '--rate_auth_burst', '1000000',
    '--max_queue_bytes', '67108864',
    '--max_connections_per_address', '0', '--max_polling_per_address', '0', '--max_unauthenticated_per_address', '0',
    '--max_sockets_per_user', '0',
  ];
  // Searches are rate-limited per person; a binary from before search has no such flag (it
  // can still load the corpus, to compare the load rates).
  const help = execFileSync(args.parley, ['--help'], { encoding: 'utf8' });
  if (help.includes('--rate_searches_per_second')) {
    flags.push('--rate_searches_per_second', '1000000', '--rate_searches_burst', '1000000');
  }
  if (args['store-url']) flags.push('--database', args['store-url']);
  const out = fs.openSync(path.join(dataDir, 'parley.log'), 'a');
  child = spawn(args.parley, flags, { stdio: ['ignore', out, out] });
  pid = child.pid;
  url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 600; i++) {
    const ok = await new Promise((resolve) => {
      http.get(`${url}/healthz`, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false));
    });
    if (ok) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10))]);
  fail(`parley did not start; see ${path.join(dataDir, 'parley.log')}`);
}

async function stopParley() {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function cpuOf(p) {
  const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
  return { self: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]), ppid: Number(fields[1]) };
}
function serverCpuMs() {
  return pid ? (cpuOf(pid).self * 1000) / TICKS : 0;
}

// The PostgreSQL server's CPU: its postmaster (with the backends it has reaped) and its children.
let dbPid = args['db-pid'] ? Number(args['db-pid']) : undefined;
if (!dbPid && args['store-url'] && process.env.PARLEY_TEST_SERVICES_DIR) {
  try {
    dbPid = Number(fs.readFileSync(path.join(process.env.PARLEY_TEST_SERVICES_DIR, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch { /* no PostgreSQL CPU then */ }
}
function dbCpuMs() {
  if (!dbPid) return 0;
  const top = cpuOf(dbPid);
  let ticks = top.self + top.children;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const c = cpuOf(Number(entry));
      if (c.ppid === dbPid) ticks += c.self;
    } catch { /* gone meanwhile */ }
  }
  return (ticks * 1000) / TICKS;
}
const cpuNow = () => ({ server: serverCpuMs(), db: dbCpuMs() });

// ---------------------------------------------------------------------------------------------
// REST

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function call(method, urlPath, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let data;
    if (body !== undefined) {
      data = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(data.length);
    }
    const req = http.request(new URL(urlPath, url), { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, text, json });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

// Runs fn(i) for i in 0..n-1, `concurrency` at a time.
async function pool(n, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

async function login(i) {
  const res = await call('POST', '/api/v1/auth/login', { body: { email: userEmail(i, opt.seed), password: PASSWORD } });
  if (res.status !== 200 && res.status !== 201) fail(`login of user ${i}: ${res.status} ${res.text}`);
  return { token: res.json.accessToken, id: res.json.user.id };
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(plan) {
  const result = {};
  const users = new Array(plan.users);

  // Users.
  let t0 = performance.now();
  let cpu0 = cpuNow();
  let done = 0;
  let lastLog = t0;
  await pool(plan.users, 16, async (i) => {
    const res = await call('POST', '/api/v1/auth/register', {
      body: { email: userEmail(i, opt.seed), name: userName(i), password: PASSWORD },
    });
    if (res.status === 201) users[i] = { token: res.json.accessToken, id: res.json.user.id };
    else if (res.status === 409) users[i] = await login(i);
    else fail(`register user ${i}: ${res.status} ${res.text}`);
    done++;
    if (performance.now() - lastLog > 10000) {
      lastLog = performance.now();
      log(`users: ${fmt(done)} / ${fmt(plan.users)}`);
    }
  });
  let seconds = (performance.now() - t0) / 1000;
  result.users = { count: plan.users, seconds: round(seconds, 1), per_s: round(plan.users / seconds) };
  log(`users: ${fmt(plan.users)} in ${seconds.toFixed(1)} s`);

  // Groups, created by their first member with up to 199 others, the rest added 200 at a time.
  t0 = performance.now();
  const chatIds = new Array(plan.chats);
  await pool(plan.chats, 8, async (c) => {
    const [owner, ...rest] = plan.members[c];
    const ids = rest.map((u) => users[u].id);
    const res = await call('POST', '/api/v1/groups', {
      token: users[owner].token, body: { title: chatTitle(c), memberIds: ids.slice(0, 199) },
    });
    if (res.status !== 201) fail(`create group ${c}: ${res.status} ${res.text}`);
    chatIds[c] = res.json.id;
    for (let from = 199; from < ids.length; from += 200) {
      const added = await call('POST', `/api/v1/chats/${chatIds[c]}/members`, {
        token: users[owner].token, body: { userIds: ids.slice(from, from + 200) },
      });
      if (added.status !== 200) fail(`add members to group ${c}: ${added.status} ${added.text}`);
    }
  });
  seconds = (performance.now() - t0) / 1000;
  const memberships = plan.members.reduce((n, m) => n + m.length, 0);
  result.groups = { count: plan.chats, memberships, seconds: round(seconds, 1) };
  log(`groups: ${fmt(plan.chats)} (${fmt(memberships)} memberships) in ${seconds.toFixed(1)} s`);

  // Messages: --senders users at a time, each with a window of --window unacknowledged sends.
  const { users: order, byUser } = sendQueues(plan);
  const loadStart = Date.now();
  t0 = performance.now();
  cpu0 = cpuNow();
  const client0 = process.cpuUsage();
  let acked = 0;
  let errors = 0;
  let lastAcked = 0;
  let lastAt = t0;
  let lastCpu = cpu0;
  const progress = setInterval(() => {
    const now = performance.now();
    const cpu = cpuNow();
    const rate = ((acked - lastAcked) * 1000) / (now - lastAt);
    const us = acked > lastAcked ? ((cpu.server - lastCpu.server) * 1000) / (acked - lastAcked) : 0;
    log(`messages: ${fmt(acked)} / ${fmt(plan.messages)}, ${fmt(rate)}/s over the last ${((now - lastAt) / 1000).toFixed(0)} s, ` +
      `server CPU ${us.toFixed(0)} µs/message${dbPid ? `, database ${(((cpu.db - lastCpu.db) * 1000) / Math.max(1, acked - lastAcked)).toFixed(0)} µs` : ''}`);
    lastAcked = acked;
    lastAt = now;
    lastCpu = cpu;
  }, 10000);
  const sendAll = async (u) => {
    const queue = byUser.get(u);
    const socket = await SioSocket.connect(url, { token: users[u].token, features: ['scoped-presence'] });
    let next = 0;
    const total = queue.length / 2;
    await new Promise((resolve, reject) => {
      let inFlight = 0;
      let finished = 0;
      const pump = () => {
        while (inFlight < opt.window && next < total) {
          const c = queue[2 * next];
          const k = queue[2 * next + 1];
          next++;
          inFlight++;
          socket.emitWithAck('message', { chatId: chatIds[c], content: messageText(plan, c, k), clientMessageId: `sb.${c}.${k}` })
            .then((ack) => {
              if (!ack || !ack.id) {
                errors++;
                if (errors <= 5) log(`send ${c}.${k} by user ${u}: ${JSON.stringify(ack)}`);
              } else {
                acked++;
              }
              inFlight--;
              finished++;
              if (finished === total) resolve();
              else pump();
            }, reject);
        }
      };
      pump();
    });
    socket.close();
  };
  let nextUser = 0;
  await Promise.all(Array.from({ length: opt.senders }, async () => {
    while (nextUser < order.length) await sendAll(order[nextUser++]);
  }));
  clearInterval(progress);
  seconds = (performance.now() - t0) / 1000;
  const cpu = cpuNow();
  const client = process.cpuUsage(client0);
  result.messages = {
    count: acked, errors, seconds: round(seconds, 1), per_s: round(acked / seconds),
    server_cpu_us_per_message: round(((cpu.server - cpu0.server) * 1000) / acked),
    ...(dbPid ? { db_cpu_us_per_message: round(((cpu.db - cpu0.db) * 1000) / acked) } : {}),
    client_cpu_us_per_message: round((client.user + client.system) / acked),
    senders: opt.senders, window: opt.window,
  };
  log(`messages: ${fmt(acked)} in ${seconds.toFixed(1)} s, ${fmt(acked / seconds)}/s, server CPU ` +
    `${result.messages.server_cpu_us_per_message} µs/message${dbPid ? `, database ${result.messages.db_cpu_us_per_message} µs/message` : ''}, ${errors} errors`);
  if (errors > 0) fail(`${errors} messages were refused`);
  const state = {
    seed: plan.seed, users: plan.users, chats: plan.chats, messages: plan.messages, memberChats: plan.memberChats,
    loadStart, loadEnd: Date.now(), searcherChats: Object.fromEntries(plan.searcherChats.map((c) => [c, chatIds[c]])),
  };
  return { result, state, searcher: users[SEARCHER] };
}

// ---------------------------------------------------------------------------------------------
// Queries

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

// The searcher's view of the corpus: every message of its chats with its sender and search form.
function model(plan) {
  const messages = [];
  for (const c of plan.searcherChats) {
    for (let k = 0; k < plan.counts[c]; k++) {
      const text = messageText(plan, c, k);
      messages.push({ key: `sb.${c}.${k}`, c, sender: senderOf(plan, c, k), text, form: searchForm(text) });
    }
  }
  return messages;
}

// The kinds of queries with their variants: {q, sort, patterns, sender} each.
function querySet(plan, messages, loadDay) {
  const bySender = new Map();
  for (const m of messages) bySender.set(m.sender, (bySender.get(m.sender) ?? 0) + 1);
  const chatty = [...bySender.entries()].filter(([u]) => u !== SEARCHER)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([u]) => u);
  const word = (w) => ({ q: w, patterns: [searchPattern(w, false)] });
  const kinds = [
    { kind: 'common word', goal: 50, variants: COMMON_WORDS.map(word) },
    { kind: 'common word, by date', goal: 50, variants: COMMON_WORDS.map((w) => ({ ...word(w), sort: 'date' })) },
    { kind: 'rare word', goal: 50, variants: RARE.map(word) },
    { kind: 'exact phrase', goal: 50, variants: PHRASES.map((p) => ({ q: `"${p}"`, patterns: [searchPattern(p, true)] })) },
    { kind: 'partial word', goal: 150, variants: FRAGMENTS.map(word) },
    { kind: 'CJK substring', goal: 50, variants: [TOKYO, '会議', '项目', '时间'].map(word) },
    {
      kind: 'from: + after:', goal: 50,
      variants: chatty.map((u) => ({ q: `from:"${userName(u)}" after:${loadDay}`, patterns: [], sender: u })),
    },
    {
      kind: 'from: + after: + word', goal: 50,
      variants: chatty.map((u) => {
        // The common word this sender uses most, so that the answer is not empty.
        const mine = messages.filter((m) => m.sender === u);
        const best = COMMON_WORDS.map((w) => [w, mine.filter((m) => m.form.includes(w)).length])
          .sort((a, b) => b[1] - a[1])[0][0];
        return { q: `from:"${userName(u)}" after:${loadDay} ${best}`, patterns: [searchPattern(best, false)], sender: u };
      }),
    },
  ];
  for (const k of kinds) {
    for (const v of k.variants) {
      v.expected = new Set(messages.filter((m) => v.patterns.every((p) => m.form.includes(p)) &&
        (v.sender === undefined || m.sender === v.sender)).map((m) => m.key));
    }
  }
  return kinds;
}

function searchPath(v, extra = {}) {
  const params = new URLSearchParams({ q: v.q, ...(v.sort ? { sort: v.sort } : {}), ...extra });
  return `/api/v1/search/messages?${params}`;
}

// Checks one page of results against the model; returns the problems found.
function check(v, page, byKey, chatIds) {
  const problems = [];
  for (const r of page.results) {
    const m = r.message;
    const model = byKey.get(m.clientMessageId);
    if (!model) {
      problems.push(`a message not in the searcher's chats or not in the corpus: ${JSON.stringify(m).slice(0, 200)}`);
      continue;
    }
    if (!chatIds.has(m.chatId)) problems.push(`${m.clientMessageId}: chat ${m.chatId} is not one of the searcher's`);
    if (m.content !== model.text) problems.push(`${m.clientMessageId}: content differs from the corpus`);
    if (!v.expected.has(m.clientMessageId)) {
      problems.push(`${m.clientMessageId} does not match ${v.q}: ${JSON.stringify(m.content).slice(0, 160)}`);
    }
    if (v.patterns.length > 0 && (!Array.isArray(r.highlights) || r.highlights.length === 0)) {
      problems.push(`${m.clientMessageId}: no highlights for ${v.q}`);
    }
  }
  return problems;
}

// Pages through the results of a variant, to the end or for at most maxPages pages of 50
// (then only what they hold is checked, and that they are full); returns the problems.
async function pageAll(token, v, sort, byKey, chatIds, maxPages = Infinity) {
  const keys = [];
  const problems = [];
  let cursor;
  let pages = 0;
  for (; pages < maxPages; pages++) {
    const res = await call('GET', searchPath({ ...v, sort }, { limit: '50', ...(cursor ? { cursor } : {}) }), { token });
    if (res.status !== 200) {
      problems.push(`${v.q} (${sort}): HTTP ${res.status} ${res.text.slice(0, 200)}`);
      break;
    }
    problems.push(...check(v, res.json, byKey, chatIds));
    for (const r of res.json.results) keys.push(r.message.clientMessageId);
    cursor = res.json.nextCursor;
    if (!cursor) break;
  }
  const seen = new Set(keys);
  if (seen.size !== keys.length) problems.push(`${v.q} (${sort}): ${keys.length - seen.size} results came twice`);
  if (cursor) {
    if (keys.length !== pages * 50) problems.push(`${v.q} (${sort}): ${keys.length} results in ${pages} pages of 50`);
    return { keys, problems };
  }
  const missing = [...v.expected].filter((k) => !seen.has(k));
  if (missing.length > 0) {
    const m = byKey.get(missing[0]);
    problems.push(`${v.q} (${sort}): ${missing.length} of ${v.expected.size} expected messages not found, e.g. ` +
      `${missing[0]} ${JSON.stringify(m.text).slice(0, 160)}`);
  }
  return { keys, problems };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

async function queries(plan, token, state) {
  const chatIds = new Set(Object.values(state.searcherChats));
  log('building the searcher\'s view of the corpus');
  const messages = model(plan);
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const kinds = querySet(plan, messages, day(state.loadStart));

  // Untimed: every variant paged to its end by date (the first 5,000 results when there are
  // more), and by relevance when it has at most 2,000.
  log('checking every query\'s full answer');
  const problems = [];
  const checked = new Set();
  for (const k of kinds) {
    for (const v of k.variants) {
      if (checked.has(v.q)) continue;  // the same query in another order: paged once
      checked.add(v.q);
      const byDate = await pageAll(token, v, 'date', byKey, chatIds, v.expected.size > 5000 ? 100 : Infinity);
      problems.push(...byDate.problems);
      if (v.expected.size <= 2000) {
        const byRelevance = await pageAll(token, v, 'relevance', byKey, chatIds);
        problems.push(...byRelevance.problems);
      }
    }
    const total = k.variants.reduce((n, v) => n + v.expected.size, 0);
    if (total === 0) problems.push(`${k.kind}: no variant has any match in the corpus (the benchmark's corpus is wrong)`);
  }
  if (problems.length > 0) {
    for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
    fail(`${problems.length} problems in the search results (first ${Math.min(20, problems.length)} above)`);
  }
  log('every answer is complete and correct');

  // Timed.
  const rows = [];
  for (const k of kinds) {
    const times = [];
    const counts = [];
    const perVariant = k.variants.map(() => []);
    const cpu0 = cpuNow();
    for (let i = 0; i < opt.queries; i++) {
      const v = k.variants[i % k.variants.length];
      const t0 = performance.now();
      const res = await call('GET', searchPath(v, { limit: String(PAGE) }), { token });
      const ms = performance.now() - t0;
      times.push(ms);
      perVariant[i % k.variants.length].push(ms);
      if (res.status !== 200) fail(`${v.q}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      const wrong = check(v, res.json, byKey, chatIds);
      const want = Math.min(PAGE, v.expected.size);
      if (res.json.results.length !== want) wrong.push(`${v.q}: ${res.json.results.length} results on the first page, expected ${want}`);
      if (wrong.length > 0) fail(wrong.slice(0, 5).join('\n'));
      counts.push(res.json.results.length);
    }
    const cpu = cpuNow();
    times.sort((a, b) => a - b);
    const matches = k.variants.map((v) => v.expected.size);
    const row = {
      kind: k.kind, example: k.variants[0].q + (k.variants[0].sort ? ` (sort=${k.variants[0].sort})` : ''),
      variants: k.variants.length, runs: opt.queries,
      matches_min: Math.min(...matches), matches_max: Math.max(...matches),
      p50_ms: round(percentile(times, 0.5), 2), p95_ms: round(percentile(times, 0.95), 2),
      p99_ms: round(percentile(times, 0.99), 2), max_ms: round(times.at(-1), 2),
      server_cpu_ms_per_query: round((cpu.server - cpu0.server) / opt.queries, 2),
      ...(dbPid ? { db_cpu_ms_per_query: round((cpu.db - cpu0.db) / opt.queries, 2) } : {}),
      goal_p95_ms: k.goal,
    };
    row.meets_goal = row.p95_ms <= k.goal;
    // Each variant's median: which query of the kind is slow.
    row.variants_p50_ms = Object.fromEntries(k.variants.map((v, i) => {
      const mine = perVariant[i].sort((a, b) => a - b);
      return [v.q, mine.length ? round(percentile(mine, 0.5), 2) : null];
    }));
    const slowest = Object.entries(row.variants_p50_ms).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
    row.slowest_variant = { q: slowest[0], p50_ms: slowest[1] };
    rows.push(row);
    log(`${k.kind}: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms, max ${row.max_ms} ms`);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Sizes

function fileSize(p) {
  try { return fs.statSync(p).size; } catch { return 0; }
}

function dirSize(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fileSize(p);
  }
  return total;
}

function sizes() {
  const out = {};
  if (dataDir && fs.existsSync(dataDir)) out.data_dir_bytes = dirSize(dataDir);
  if (args['store-url']) {
    const psql = ['psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => {
      try { execFileSync(p, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
    });
    if (!psql) return out;
    const sql = `SELECT 'database', pg_database_size(current_database()) UNION ALL
      SELECT 'messages (table + indexes + toast)', pg_total_relation_size('messages') UNION ALL
      SELECT 'message_search (table + indexes + toast)', pg_total_relation_size('message_search') UNION ALL
      SELECT 'message_search table', pg_relation_size('message_search') UNION ALL
      SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'message_search'::regclass`;
    const text = execFileSync(psql, [args['store-url'], '-At', '-F', '\t', '-c', sql], { encoding: 'utf8' });
    out.postgres = Object.fromEntries(text.trim().split('\n').map((l) => l.split('\t')).map(([n, v]) => [n, Number(v)]));
    return out;
  }
  if (!dataDir) return out;
  const db = path.join(dataDir, 'parley.db');
  out.sqlite_files = { 'parley.db': fileSize(db), 'parley.db-wal': fileSize(`${db}-wal`), 'parley.db-shm': fileSize(`${db}-shm`) };
  try {
    const text = execFileSync('sqlite3', ['-readonly', db,
      "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_schema m ON m.name = d.name GROUP BY m.tbl_name ORDER BY 2 DESC"],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
    const tables = Object.fromEntries(text.trim().split('\n').map((l) => l.split('|')).map(([n, v]) => [n, Number(v)]));
    const search = Object.entries(tables).filter(([n]) => n.startsWith('message_search'));
    out.sqlite_tables = tables;
    out.sqlite_search_bytes = search.reduce((s, [, v]) => s + v, 0);
    out.sqlite_search_parts = Object.fromEntries(search);
    out.sqlite_messages_bytes = tables.messages ?? 0;
  } catch (err) {
    out.sqlite_error = String(err.message).split('\n')[0];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

const mb = (b) => `${(b / 1048576).toFixed(1)} MiB`;

function report(run) {
  const lines = [];
  const store = args['store-url'] ? 'PostgreSQL' : 'SQLite (embedded)';
  lines.push(`### ${run.label}: ${store}, ${fmt(opt.messages)} messages, ${fmt(opt.chats)} chats, ${fmt(opt.users)} users, searcher in ${opt.memberChats} chats`);
  lines.push('');
  if (run.load) {
    const m = run.load.messages;
    lines.push(`Load: ${fmt(run.load.users.count)} users in ${run.load.users.seconds} s; ${fmt(run.load.groups.count)} groups ` +
      `(${fmt(run.load.groups.memberships)} memberships) in ${run.load.groups.seconds} s; ` +
      `**${fmt(m.count)} messages in ${m.seconds} s, ${fmt(m.per_s)} msg/s**, server CPU **${m.server_cpu_us_per_message} µs/message**` +
      `${m.db_cpu_us_per_message !== undefined ? ` (+ PostgreSQL ${m.db_cpu_us_per_message} µs)` : ''} ` +
      `(${m.senders} senders at a time, window ${m.window}; the load generator's own CPU ${m.client_cpu_us_per_message} µs/message).`);
    lines.push('');
  }
  if (run.queries) {
    const db = run.queries.some((r) => r.db_cpu_ms_per_query !== undefined);
    lines.push(`| kind | example | matches (searcher) | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/query${db ? ' | PostgreSQL CPU ms/query' : ''} | goal p95 | slowest variant (its p50) |`);
    lines.push(`|---|---|---|---|---|---|---|---|${db ? '---|' : ''}---|---|`);
    const code = (q) => `\`${q.replace(/\|/g, '\\|')}\``;
    for (const r of run.queries) {
      lines.push(`| ${r.kind} | ${code(r.example)} | ${fmt(r.matches_min)}–${fmt(r.matches_max)} | ${r.p50_ms} | ` +
        `**${r.p95_ms}** | ${r.p99_ms} | ${r.max_ms} | ${r.server_cpu_ms_per_query}${db ? ` | ${r.db_cpu_ms_per_query}` : ''} | ` +
        `≤ ${r.goal_p95_ms} ${r.meets_goal ? 'met' : '**missed**'} | ${code(r.slowest_variant.q)} (${r.slowest_variant.p50_ms} ms) |`);
    }
    lines.push('');
    lines.push(`${opt.queries} searches per kind, one at a time, 20 results a page, the kind's variants in turn; latency measured by the client.`);
    lines.push('');
  }
  if (run.sizes) {
    const s = run.sizes;
    if (s.sqlite_files) {
      lines.push(`Size: parley.db ${mb(s.sqlite_files['parley.db'])} + WAL ${mb(s.sqlite_files['parley.db-wal'])}` +
        (s.sqlite_search_bytes ? `; search index ${mb(s.sqlite_search_bytes)} (${Object.entries(s.sqlite_search_parts).map(([n, v]) => `${n} ${mb(v)}`).join(', ')}); messages table ${mb(s.sqlite_messages_bytes)}` : '') + '.');
    }
    if (s.postgres) {
      lines.push(`Size: ${Object.entries(s.postgres).map(([n, v]) => `${n} ${mb(v)}`).join('; ')}.`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  if (args.parley) await startParley();
  if (!url) fail('give --url (and --pid) or --parley and --data');
  const plan = makePlan(opt);
  const statePath = args.state ?? (dataDir ? path.join(dataDir, 'search-bench.json') : path.join(os.tmpdir(), 'parley-search-bench.json'));
  const run = { scenario: 'search', label: opt.label, store: args['store-url'] ? 'postgres' : 'sqlite', seed: opt.seed,
    messages: opt.messages, chats: opt.chats, users: opt.users, member_chats: opt.memberChats };
  let state;
  let searcherToken;
  if (!args['query-only']) {
    const loaded = await load(plan);
    run.load = loaded.result;
    state = loaded.state;
    searcherToken = loaded.searcher.token;
    fs.writeFileSync(statePath, JSON.stringify(state));
  } else {
    state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
    for (const key of ['seed', 'users', 'chats', 'messages', 'memberChats']) {
      if (state[key] !== plan[key]) fail(`the loaded data has ${key} ${state[key]}, not ${plan[key]}`);
    }
    searcherToken = (await login(SEARCHER)).token;
  }
  if (!args['load-only']) run.queries = await queries(plan, searcherToken, state);
  agent.destroy();
  if (!args.keep) await stopParley();
  run.sizes = sizes();
  const md = report(run);
  console.log(md);
  console.log(JSON.stringify(run));
  if (args.out) fs.writeFileSync(args.out, `${md}\n`);
}

main().catch(async (err) => {
  if (!process.exitCode) console.error(err.stack ?? err);
  process.exitCode = 1;
  agent.destroy();
  await stopParley().catch(() => {});
});
