// The cluster shape end to end: two parley processes sharing one PostgreSQL and one Redis
// (from scripts/services.sh), users on different instances chatting through the official
// socket.io-client. Checks cross-instance delivery (exactly once), status ticks, presence,
// the instances' history caches, and that a killed instance loses no acknowledged message and
// its users go offline.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import {
  Client, FAST_ARGS, assertMessage, assertOkAck, fetchAllMessages, get, registerUser, startParley, withTimeout,
} from '../e2e/helpers.mjs';

const POSTGRES = process.env.PARLEY_TEST_POSTGRES_URL;
const REDIS = process.env.PARLEY_TEST_REDIS_URL;
// `stop`, `start` (returns once the server accepts connections) or `restart`.
// Asynchronous, so that clients keep sending while it runs.
const control = (ctl, verb) => promisify(execFile)('sh', ['-c', `${ctl} ${verb}`], { timeout: 60000 });
const PRESENCE_TIMEOUT_MS = 1500;

const clusterArgs = () => [
  ...FAST_ARGS,
  '--database', POSTGRES,
  '--redis', REDIS,
  '--presence_timeout_ms', String(PRESENCE_TIMEOUT_MS),
  '--jwt_secret', 'cluster-test-secret-cluster-test-secret',
];

const clients = [];
async function connect(server, user) {
  const c = await Client.connect(server, user.token);
  clients.push(c);
  return c;
}

// Asks until `check(ack)` holds (a poll of a state that changes without an event) or fails
// after `ms`.
async function eventually(client, event, payload, check, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ack = await client.ask(event, payload);
    if (check(ack)) return ack;
    if (Date.now() > deadline) assert.fail(`${event} never satisfied the check: ${JSON.stringify(ack)}`);
    await client.ask('user:get-online');  // one round trip between polls instead of a timer
  }
}

describe('two instances sharing PostgreSQL and Redis', () => {
  // A user on each instance, connected, with their private chat joined by the second one.
  async function pairAcross() {
    const [a, b] = await Promise.all([registerUser(one), registerUser(two)]);
    const A = await connect(one, a);
    const B = await connect(two, b);
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    assertOkAck(await B.ask('chat:join', { chatId }));
    return { a, b, A, B, chatId };
  }

  let one;
  let two;

  before(async () => {
    assert.ok(POSTGRES && REDIS, 'run under scripts/services.sh (PARLEY_TEST_POSTGRES_URL, PARLEY_TEST_REDIS_URL)');
    one = await startParley({ args: clusterArgs() });
    two = await startParley({ args: clusterArgs() });
  });
  after(async () => {
    for (const c of clients) c.close();
    await one?.stop();
    if (two && !two.killed) await two.stop();
  });

  test('users on different instances chat in real time, with status ticks and presence', async () => {
    const [a, b] = await Promise.all([registerUser(one), registerUser(two)]);
    const A = await connect(one, a);
    const online = A.next('users:update', (u) => u.userId === b.id && u.isOnline === true);
    const B = await connect(two, b);
    await online;  // b connected to the other instance; a hears of it

    const presence = await A.ask('user:get-presence', { userId: b.id });
    assertOkAck(presence);
    assert.equal(presence.presence.status, 'online');

    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    assertOkAck(await A.ask('chat:join', { chatId }));
    assertOkAck(await B.ask('chat:join', { chatId }));

    const arrivesAtB = B.next('message', (m) => m.senderId === a.id);
    const delivered = A.next('message:status', (e) => e.status === 'DELIVERED');
    const sent = await A.ask('message', { chatId, content: 'across instances' });
    assertMessage(sent, { chatId, senderId: a.id, content: 'across instances' });
    const got = await arrivesAtB;
    assert.equal(got.id, sent.id);
    assert.equal((await delivered).messageId, sent.id);

    const read = A.next('message:status', (e) => e.messageId === sent.id && e.status === 'READ');
    assertOkAck(await B.ask('message:read', { messageId: sent.id }));
    await read;

    const back = A.next('message', (m) => m.senderId === b.id);
    const reply = await B.ask('message', { chatId, content: 'and back' });
    assert.equal((await back).id, reply.id);

    await B.barrier();
    await A.barrier();
    assert.equal(B.received('message', (m) => m.id === sent.id).length, 1, 'delivered exactly once');
    assert.equal(A.received('message', (m) => m.id === reply.id).length, 1, 'delivered exactly once');
  });

  test('a room broadcast reaches the devices on every instance exactly once', async () => {
    const [a, b] = await Promise.all([registerUser(one), registerUser(one)]);
    const A = await connect(one, a);
    const devices = [await connect(one, b), await connect(two, b), await connect(two, b)];
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    for (const d of devices) assertOkAck(await d.ask('chat:join', { chatId }));
    const sent = await A.ask('message', { chatId, content: 'to every device' });
    for (const d of devices) assert.equal((await d.next('message', (m) => m.id === sent.id)).id, sent.id);
    for (const d of devices) await d.barrier();
    for (const d of devices) assert.equal(d.received('message', (m) => m.id === sent.id).length, 1);
  });

  test('each instance caches recent history and forgets what another instance changed', async () => {
    const historyReads = async (server, source) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`parley_history_reads_total{source="${source}"}`));
      assert.ok(line, `/metrics has parley_history_reads_total{source="${source}"}`);
      return Number(line.split(' ')[1]);
    };
    const history = async (C, chatId) => {
      const ack = await C.ask('chat:history', { chatId });
      assertOkAck(ack, 'chat:history');
      return ack.messages;
    };
    const [a, b] = await Promise.all([registerUser(one), registerUser(two)]);
    const A = await connect(one, a);
    const B = await connect(two, b);
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    assertOkAck(await A.ask('chat:join', { chatId }));
    const mine = await A.ask('message', { chatId, content: 'from one' });
    const cachedBefore = await historyReads(one, 'cache');

    const ROUNDS = 20;
    for (let round = 0; round < ROUNDS; round++) {
      // A change made on instance two; once A (on one) hears of it, its history shows it.
      const content = `from two ${round}`;
      const heard = A.next('message', (m) => m.content === content);
      const sent = await B.ask('message', { chatId, content });
      await heard;
      let page = await history(A, chatId);
      assert.equal(page.at(-1)?.id, sent.id, `round ${round}: the newest message on instance one`);
      assert.equal(page.length, round + 2);
      page = await history(A, chatId);  // the same page again: from the cache
      assert.equal(page.at(-1)?.id, sent.id);
      if (round === ROUNDS / 2) {
        const read = A.next('message:status', (e) => e.messageId === mine.id && e.status === 'READ');
        assertOkAck(await B.ask('message:read', { messageId: mine.id }));
        await read;
        page = await history(A, chatId);
        assert.equal(page.find((m) => m.id === mine.id)?.status, 'READ', 'a status changed on instance two');
      }
    }
    // Each send also raises the status to DELIVERED on instance two, whose notice may reach one
    // between the two reads and make the second one read the store too; most must be cached.
    const metrics = await (await fetch(`${one.url}/metrics`)).text();
    for (const name of ['parley_cluster_dropped_total', 'parley_store_commits_total', 'parley_store_writes_total']) {
      assert.match(metrics, new RegExp(`^${name} \\d+$`, 'm'), `/metrics has ${name}`);
    }
    const cached = (await historyReads(one, 'cache')) - cachedBefore;
    assert.ok(cached >= ROUNDS / 2, `instance one answered repeated reads from its cache (${cached} of ${2 * ROUNDS + 1})`);
  });

  test('Redis restarted under load: instances go on, nothing acknowledged is lost', async () => {
    const { b, A, B, chatId } = await pairAcross();

    const acked = [];
    const sendSome = async (n, tag) => {
      for (let i = 0; i < n; i++) {
        const ack = await A.ask('message', { chatId, content: `${tag}${i}` });
        assert.ok(ack?.id, `acknowledged: ${JSON.stringify(ack)}`);
        acked.push(ack.id);
      }
    };
    await Promise.all([sendSome(50, 'during'), control(process.env.PARLEY_TEST_REDIS_CTL, 'restart')]);
    await sendSome(10, 'after');

    // Fan-out resumes once the adapter has subscribed again: a later message reaches B live.
    const deadline = Date.now() + 15000;
    for (let i = 0; ; i++) {
      const ack = await A.ask('message', { chatId, content: `probe${i}` });
      acked.push(ack.id);
      const live = await B.next('message', (m) => m.id === ack.id, 500).catch(() => null);
      if (live) break;
      assert.ok(Date.now() < deadline, 'cross-instance delivery never resumed after the Redis restart');
    }
    // Whatever pub/sub dropped meanwhile, the history has it all (clients resync by after_seq).
    const stored = new Set((await fetchAllMessages(two, chatId, b.token)).map((m) => m.id));
    for (const id of acked) assert.ok(stored.has(id), `acknowledged message ${id} is stored`);
  });

  test('PostgreSQL unreachable: sends fail with a clear error, then recover', async () => {
    const [a, b] = await Promise.all([registerUser(one), registerUser(two)]);
    const A = await connect(one, a);
    const { chatId } = await A.ask('chat:get', { recipientId: b.id });
    await control(process.env.PARLEY_TEST_POSTGRES_CTL, 'stop');
    try {
      const started = Date.now();
      const refused = await withTimeout(A.ask('message', { chatId, content: 'while the database is down' }),
        15000, 'an answer while PostgreSQL is down');
      assert.equal(refused.status, 'error', JSON.stringify(refused));
      assert.equal(refused.code, 'unavailable', JSON.stringify(refused));
      assert.ok(Date.now() - started < 15000);
    } finally {
      await control(process.env.PARLEY_TEST_POSTGRES_CTL, 'start');
    }
    const sent = await A.ask('message', { chatId, content: 'after the database is back' });
    assertMessage(sent, { chatId, senderId: a.id, content: 'after the database is back' });
  });

  test('kill -9 of an instance loses no acknowledged message; its users go offline', async () => {
    const { a, b, A, B, chatId } = await pairAcross();

    const acked = [];
    let twentyAcked;
    const twenty = new Promise((resolve) => { twentyAcked = resolve; });
    const sending = (async () => {
      for (let i = 0; i < 400; i++) {
        let ack;
        try {
          ack = await B.ask('message', { chatId, content: `m${i}` });
        } catch {
          return;  // the instance died under this send: not acknowledged
        }
        assert.ok(ack?.id, `message ${i} acknowledged: ${JSON.stringify(ack)}`);
        acked.push(ack.id);
        if (acked.length === 20) twentyAcked();
      }
    })();
    await withTimeout(twenty, 10000, '20 acknowledged messages');
    await two.kill();
    two.killed = true;
    await withTimeout(sending, 10000, 'the sender to notice');

    const stored = new Set((await fetchAllMessages(one, chatId, a.token)).map((m) => m.id));
    for (const id of acked) assert.ok(stored.has(id), `acknowledged message ${id} is stored`);

    // Offline once the instance's liveness key expires; lastSeen once a surviving instance's
    // heartbeat has swept the dead one's users out.
    const gone = await eventually(A, 'user:get-presence', { userId: b.id },
      (ack) => ack.presence?.status === 'offline' && typeof ack.presence.lastSeen === 'number',
      PRESENCE_TIMEOUT_MS + 10000);
    assert.ok(gone.presence.lastSeen <= Date.now());
  });
});

describe('a cluster without a configured jwt_secret', () => {
  test('instances with their own data directories share one signing secret through the database', async () => {
    // A database of its own, so that no other test's secret is in it.
    const name = `jwt_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    execFileSync('psql', [POSTGRES, '-qc', `CREATE DATABASE ${name}`]);
    const args = [...FAST_ARGS, '--database', POSTGRES.replace(/\/[^/]*$/, `/${name}`), '--redis', REDIS,
      '--redis_prefix', `${name}:`];
    const first = await startParley({ args });
    const second = await startParley({ args });  // another fresh data_dir, no jwt_secret
    const sockets = [];
    try {
      assert.match(first.output + second.output, /token signing secret: shared through the database/);
      const u = await registerUser(first);
      const me = await get(second, '/api/v1/me', u.token);
      assert.equal(me.status, 200, `a token of the first instance on the second: ${me.status} ${me.text}`);
      assert.equal(me.json.id, u.id);
      const s = await Client.connect(second, u.token);
      sockets.push(s);
      assert.equal(s.id, u.id);
      const v = await registerUser(second);
      assert.equal((await get(first, '/api/v1/me', v.token)).status, 200, 'and the other way round');
    } finally {
      for (const c of sockets) c.close();
      await first.stop();
      await second.stop();
    }
  });
});
