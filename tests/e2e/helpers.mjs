// Helpers for the end-to-end tests of Parley's chat contract (docs/protocol.md): spawning the
// real `parley` binary on a fresh data directory, REST calls, registered users, and
// socket.io-client sockets whose every incoming event is recorded.
//
// Nothing here sleeps to synchronise. Every wait is on an event, an acknowledgement or a
// process exit; timeouts only turn a hang into a failure. To show that an event did NOT
// arrive, a test uses barrier(): an acknowledged request on the same socket whose answer is
// emitted after the unwanted event would have been.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before } from 'node:test';

import { io } from 'socket.io-client';

import { fillIn, makeTempDir, startParley as startParleyProcess, withTimeout } from '../support/processes.mjs';

export { FAST_ARGS, PARLEY_BIN, withTimeout } from '../support/processes.mjs';

export const TIMEOUT_MS = 5000;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_MS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// What must never leave the server: stored password hashes, under any spelling.
const SECRET_RE = /\$argon2|password_?hash/i;

// ---------------------------------------------------------------------------------------------
// Server processes (tests/support/processes.mjs)

export const makeDataDir = () => makeTempDir('parley-e2e-');

// Starts `parley` without a web client and resolves once it logs "parley listening on
// http://HOST:PORT". Options: dataDir (default: a fresh temporary directory), port (0: any free
// port), args (extra flags, later flags win over the defaults). stop() sends SIGTERM and
// asserts a clean exit (code 0); kill() sends SIGKILL.
//
// With PARLEY_E2E_CLUSTER=1 (and PARLEY_TEST_POSTGRES_URL, PARLEY_TEST_REDIS_URL from
// scripts/services.sh) it starts the cluster shape instead: two instances sharing a PostgreSQL
// database and a Redis key prefix that belong to the data directory, behind one handle whose
// url alternates between them, so every test's clients and requests are spread over both.
export function startParley(options = {}) {
  return process.env.PARLEY_E2E_CLUSTER === '1' ? startCluster(options) : startOne(options);
}

// One process on the embedded store, whatever PARLEY_E2E_CLUSTER says: for tests of limits that
// a process keeps for itself.
export function startOne({ dataDir = makeDataDir(), port = 0, args = [], startTimeoutMs = 15000 } = {}) {
  return startParleyProcess({
    dataDir,
    webRoot: path.join(dataDir, 'no-web-client'),
    port,
    args,
    startTimeoutMs,
    stopTimeoutMs: 20000,
    keepChars: 32768,
    cleanExit: true,
  });
}

// The database of a data directory: created on first use, the same after a restart.
function clusterDatabase(dataDir) {
  const name = `e2e_${createHash('sha1').update(dataDir).digest('hex').slice(0, 16)}`;
  const admin = process.env.PARLEY_TEST_POSTGRES_URL;
  const exists = execFileSync('psql', [admin, '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`]);
  if (String(exists).trim() !== '1') execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${name}`]);
  return { name, url: admin.replace(/\/[^/]*$/, `/${name}`) };
}

async function startCluster({ dataDir = makeDataDir(), port = 0, args = [], startTimeoutMs = 15000 } = {}) {
  assert.ok(process.env.PARLEY_TEST_POSTGRES_URL && process.env.PARLEY_TEST_REDIS_URL,
    'PARLEY_E2E_CLUSTER needs scripts/services.sh (PARLEY_TEST_POSTGRES_URL, PARLEY_TEST_REDIS_URL)');
  const db = clusterDatabase(dataDir);
  const shared = [
    '--database', db.url,
    '--redis', process.env.PARLEY_TEST_REDIS_URL,
    '--redis_prefix', `${db.name}:`,
    '--presence_timeout_ms', '2000',
    '--jwt_secret', 'e2e-cluster-secret-e2e-cluster-secret',
    // One file store for both instances: the S3 stand-in of scripts/services.sh, or else a
    // directory both mount.
    ...(process.env.PARLEY_TEST_S3_URL
      ? ['--s3_endpoint', process.env.PARLEY_TEST_S3_URL, '--s3_bucket', process.env.PARLEY_TEST_S3_BUCKET,
        '--s3_access_key', process.env.PARLEY_TEST_S3_ACCESS_KEY, '--s3_secret_key', process.env.PARLEY_TEST_S3_SECRET_KEY,
        '--s3_prefix', `${db.name}/`]
      : ['--files_dir', path.join(dataDir, 'files')]),
  ];
  // A restart on the same data directory gets both ports back, so reconnecting clients find
  // their instance again.
  const portFile = path.join(dataDir, 'second-port');
  const secondPort = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8')) : 0;
  const one = await startOne({ dataDir: path.join(dataDir, 'one'), port, args: [...shared, ...args], startTimeoutMs });
  const two = await startOne({
    dataDir: path.join(dataDir, 'two'), port: secondPort, args: [...shared, ...args], startTimeoutMs,
  });
  fs.writeFileSync(portFile, String(two.port));
  const both = [one, two];
  let turn = 0;
  return {
    dataDir,
    port: one.port,
    get url() { return both[turn++ % 2].url; },
    get wsUrl() { return both[turn++ % 2].wsUrl; },
    child: { kill: (signal) => both.forEach((s) => s.child.kill(signal)) },
    get output() { return one.output + two.output; },
    exited: Promise.all(both.map((s) => s.exited)).then(([first]) => first),
    async stop() {
      const [first] = await Promise.all(both.map((s) => s.stop()));
      return first;
    },
    async kill() {
      const [first] = await Promise.all(both.map((s) => s.kill()));
      return first;
    },
  };
}

// The common setup of a test file: one server for the whole file and a Clients on it. The
// returned {server, clients} can be used at once; server is filled in by the before() hook, and
// the after() hook closes the clients and stops the server, asserting a clean exit.
export function useParley(options) {
  const server = {};
  const clients = new Clients(server);
  before(async () => {
    fillIn(server, await startParley(options));
  });
  after(async () => {
    clients.closeAll();
    await server.stop?.();
  });
  return { server, clients };
}

// ---------------------------------------------------------------------------------------------
// REST

function assertNoSecrets(text, where) {
  assert.doesNotMatch(text, SECRET_RE, `${where} exposes a password hash: ${text.slice(0, 500)}`);
}

// One HTTP request on a fresh connection (no keep-alive, so a restarted server never meets a
// stale pooled socket). body: a value sent as JSON; raw: a string or Buffer sent as is.
// Resolves with {status, headers, text, json} (json: the parsed body, or undefined).
export function request(server, method, urlPath, { token, body, raw, headers = {}, timeoutMs = TIMEOUT_MS } = {}) {
  const base = typeof server === 'string' ? server : server.url;
  const url = new URL(urlPath, base);
  const h = { ...headers };
  let payload;
  if (raw !== undefined) {
    payload = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    h['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body));
    h['content-type'] = 'application/json';
  }
  if (payload) h['content-length'] = String(payload.length);
  if (token !== undefined) h.authorization = token.startsWith('Bearer ') ? token : `Bearer ${token}`;
  const p = new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method, headers: h, agent: false }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text.length ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    // A server may answer (413) and close before reading a large body; the answer counts.
    req.on('error', (err) => {
      if (!answered) setImmediate(() => answered || reject(err));
    });
    if (payload) req.write(payload);
    req.end();
  });
  return withTimeout(p, timeoutMs, `${method} ${urlPath}`).then((res) => {
    assertNoSecrets(res.text, `${method} ${urlPath}`);
    return res;
  });
}

export const get = (server, urlPath, token, opts = {}) => request(server, 'GET', urlPath, { token, ...opts });
export const post = (server, urlPath, body, token, opts = {}) => request(server, 'POST', urlPath, { body, token, ...opts });

// Uploads `bytes` as `name` (a MIME `type`) for `user` in one tus PATCH; resolves with the file id.
export async function uploadFile(server, user, bytes, name, type) {
  const tus = { 'tus-resumable': '1.0.0' };
  const b64 = (text) => Buffer.from(text).toString('base64');
  const created = await request(server, 'POST', '/api/v1/uploads', {
    token: user.token,
    headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': `filename ${b64(name)},filetype ${b64(type)}` },
  });
  assert.equal(created.status, 201, created.text);
  const done = await request(server, 'PATCH', created.headers.location, {
    token: user.token, raw: bytes, timeoutMs: 30000,
    headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  assert.equal(done.status, 204, done.text);
  return created.headers.location.split('/').pop();
}

// Asserts a REST error: the status and the body {statusCode, error, message}.
export function assertRestError(res, status, code, what = '') {
  assert.equal(res.status, status, `${what}: expected HTTP ${status}, got ${res.status} ${res.text}`);
  assert.ok(res.json && typeof res.json === 'object' && !Array.isArray(res.json),
    `${what}: error body is not a JSON object: ${res.text}`);
  assert.equal(res.json.statusCode, status, `${what}: statusCode in ${res.text}`);
  if (code) assert.equal(res.json.error, code, `${what}: error code in ${res.text}`);
  else assert.equal(typeof res.json.error, 'string', `${what}: error in ${res.text}`);
  assert.equal(typeof res.json.message, 'string', `${what}: message in ${res.text}`);
  assert.ok(res.json.message.length > 0, `${what}: empty message`);
}

let userCounter = 0;
export function uniqueEmail(tag = 'user') {
  userCounter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${userCounter}@e2e.example.com`;
}

// Registers a user; resolves with {id, email, name, password, token, user}.
export async function registerUser(server, { email = uniqueEmail(), name, password = 'correct horse battery' } = {}) {
  name ??= email.split('@')[0];
  const res = await post(server, '/auth/register', { email, name, password });
  assert.equal(res.status, 201, `register ${email}: ${res.status} ${res.text}`);
  assert.ok(!res.text.includes(password), 'the register response echoes the password');
  return { id: res.json.user.id, email: res.json.user.email, name, password, token: res.json.accessToken, user: res.json.user };
}

// Opens (or returns) the private chat of a and b over REST; resolves with the Chat.
export async function openChat(server, a, b) {
  const res = await post(server, '/chats', { userId: b.id }, a.token);
  assert.equal(res.status, 201, `POST /chats: ${res.status} ${res.text}`);
  return res.json;
}

// Two new users (named as given), their private chat, and an inbox socket of each: resolves
// with {a, b, A, B, chatId}.
export async function inboxPair(server, clients, names = []) {
  const [a, b] = await Promise.all([0, 1].map((i) => registerUser(server, names[i] ? { name: names[i] } : {})));
  const chat = await openChat(server, a, b);
  const A = await clients.connect(a.token, { features: ['inbox'] });
  const B = await clients.connect(b.token, { features: ['inbox'] });
  return { a, b, A, B, chatId: chat.id };
}

// Every message of a chat over REST, paging with after_seq.
export async function fetchAllMessages(server, chatId, token, pageSize = 200) {
  const all = [];
  let after = 0;
  for (;;) {
    const res = await get(server, `/chats/${chatId}/messages?after_seq=${after}&limit=${pageSize}`, token);
    assert.equal(res.status, 200, `history page after ${after}: ${res.status} ${res.text}`);
    assert.ok(Array.isArray(res.json));
    if (res.json.length === 0) return all;
    all.push(...res.json);
    const last = res.json[res.json.length - 1].seq;
    assert.ok(last > after, `history after_seq=${after} went backwards (last seq ${last})`);
    after = last;
  }
}

// ---------------------------------------------------------------------------------------------
// Object shapes (§1.4)

function assertIso(v, what) {
  assert.equal(typeof v, 'string', `${what} must be a string, got ${JSON.stringify(v)}`);
  assert.match(v, ISO_MS_RE, `${what} must be ISO 8601 UTC with milliseconds`);
}

function assertNullableUuid(v, what) {
  if (v !== null) assert.match(String(v), UUID_RE, `${what} must be null or a UUID, got ${JSON.stringify(v)}`);
  if (v !== null) assert.equal(typeof v, 'string', what);
}

export function assertUser(u, { withOnline = false } = {}) {
  assert.equal(typeof u, 'object');
  assert.match(u.id, UUID_RE, 'User.id');
  assert.equal(typeof u.email, 'string', 'User.email');
  assert.equal(typeof u.name, 'string', 'User.name');
  if (withOnline) assert.equal(typeof u.isOnline, 'boolean', `User.isOnline in ${JSON.stringify(u)}`);
  if ('lastSeen' in u && u.lastSeen !== null) {
    assert.ok(Number.isInteger(u.lastSeen), `User.lastSeen must be epoch ms, got ${JSON.stringify(u.lastSeen)}`);
  }
  for (const k of Object.keys(u)) assert.doesNotMatch(k, /password/i, `User has a field ${k}`);
}

export function assertChat(c, participants) {
  assert.equal(typeof c, 'object');
  assert.match(c.id, UUID_RE, 'Chat.id');
  assert.ok(Array.isArray(c.participants), 'Chat.participants');
  for (const p of c.participants) assert.match(p, UUID_RE, 'Chat.participants[]');
  assertIso(c.createdAt, 'Chat.createdAt');
  assertIso(c.updatedAt, 'Chat.updatedAt');
  if (participants) assert.deepEqual([...c.participants].sort(), [...participants].sort(), 'Chat.participants');
}

export const MESSAGE_KEYS = ['id', 'chatId', 'senderId', 'content', 'status', 'createdAt', 'isPinned', 'pinnedAt',
  'pinnedBy', 'isForwarded', 'forwardedFromId', 'originalSenderId'];

// Every field of §1.4 present with the right type, plus seq (§2).
export function assertMessage(m, expect = {}) {
  assert.ok(m && typeof m === 'object' && !Array.isArray(m), `ChatMessage must be an object: ${JSON.stringify(m)}`);
  for (const k of MESSAGE_KEYS) assert.ok(Object.hasOwn(m, k), `ChatMessage lacks ${k}: ${JSON.stringify(m)}`);
  assert.match(m.id, UUID_RE, 'ChatMessage.id');
  assert.match(m.chatId, UUID_RE, 'ChatMessage.chatId');
  assert.match(m.senderId, UUID_RE, 'ChatMessage.senderId');
  assert.equal(typeof m.content, 'string', 'ChatMessage.content');
  assert.ok(['SENT', 'DELIVERED', 'READ'].includes(m.status), `ChatMessage.status ${m.status}`);
  assertIso(m.createdAt, 'ChatMessage.createdAt');
  assert.equal(typeof m.isPinned, 'boolean', 'ChatMessage.isPinned');
  if (m.isPinned) {
    assertIso(m.pinnedAt, 'ChatMessage.pinnedAt');
    assert.match(m.pinnedBy, UUID_RE, 'ChatMessage.pinnedBy');
  } else {
    assert.equal(m.pinnedAt, null, 'ChatMessage.pinnedAt of an unpinned message');
    assert.equal(m.pinnedBy, null, 'ChatMessage.pinnedBy of an unpinned message');
  }
  assert.equal(typeof m.isForwarded, 'boolean', 'ChatMessage.isForwarded');
  assertNullableUuid(m.forwardedFromId, 'ChatMessage.forwardedFromId');
  assertNullableUuid(m.originalSenderId, 'ChatMessage.originalSenderId');
  if (m.isForwarded) {
    assert.notEqual(m.forwardedFromId, null, 'forwardedFromId of a forward');
    assert.notEqual(m.originalSenderId, null, 'originalSenderId of a forward');
  } else {
    assert.equal(m.forwardedFromId, null, 'forwardedFromId of a non-forward');
    assert.equal(m.originalSenderId, null, 'originalSenderId of a non-forward');
  }
  assert.ok(Number.isInteger(m.seq) && m.seq >= 1, `ChatMessage.seq ${m.seq}`);
  for (const [k, v] of Object.entries(expect)) assert.deepEqual(m[k], v, `ChatMessage.${k}`);
}

// Asserts an error acknowledgement {status: 'error', code, message}.
export function assertErrorAck(ack, code, what = '') {
  assert.ok(ack && typeof ack === 'object', `${what}: ack is not an object: ${JSON.stringify(ack)}`);
  assert.equal(ack.status, 'error', `${what}: expected an error ack, got ${JSON.stringify(ack)}`);
  if (Array.isArray(code)) assert.ok(code.includes(ack.code), `${what}: code ${ack.code} not in ${code}`);
  else if (code) assert.equal(ack.code, code, `${what}: code in ${JSON.stringify(ack)}`);
  else assert.equal(typeof ack.code, 'string', `${what}: code in ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.message, 'string', `${what}: message in ${JSON.stringify(ack)}`);
  assert.ok(ack.message.length > 0, `${what}: empty message`);
}

export function assertOkAck(ack, what = '') {
  assert.ok(ack && typeof ack === 'object', `${what}: ack is not an object: ${JSON.stringify(ack)}`);
  assert.equal(ack.status, 'ok', `${what}: expected status ok, got ${JSON.stringify(ack)}`);
}

// ---------------------------------------------------------------------------------------------
// socket.io-client

// A socket.io-client socket that records every event it receives. next(event, pred) takes the
// first recorded event not yet taken that matches (waiting for one if needed); received(event,
// pred) lists all that matched so far, taken or not.
export class Client {
  // features: the handshake's auth.features (Parley's optional protocol features, e.g. ['inbox']);
  // without it the socket behaves as the prototype's clients expect.
  constructor(server, token, { auth, features, reconnection = false, transports = ['websocket'], url, ...opts } = {}) {
    this.inbox = [];
    this.waiters = [];
    this.socket = io(url ?? server.url, {
      forceNew: true,
      reconnection,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      randomizationFactor: 0,
      timeout: TIMEOUT_MS,
      transports,
      auth: auth ?? (token === undefined ? {} : { token, ...(features ? { features } : {}) }),
      ...opts,
    });
    this.socket.onAny((event, ...args) => this.#deliver(event, args));
  }

  // A connected client that has received connection:established.
  static async connect(server, token, opts) {
    const c = new Client(server, token, opts);
    try {
      await c.connected();
      c.established = await c.next('connection:established');
    } catch (err) {
      c.close();
      throw err;
    }
    return c;
  }

  get id() {
    return this.established?.userId;
  }

  #deliver(event, args) {
    assertNoSecrets(JSON.stringify(args) ?? '', `event ${event}`);
    const entry = { event, args, taken: false };
    this.inbox.push(entry);
    const i = this.waiters.findIndex((w) => w.event === event && w.pred(...args));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      entry.taken = true;
      w.resolve(args[0]);
    }
  }

  // Resolves on the next 'connect' (at once if connected); rejects on 'connect_error'.
  connected(ms = TIMEOUT_MS) {
    const s = this.socket;
    if (s.connected) return Promise.resolve(this);
    let onConnect;
    let onError;
    const p = new Promise((resolve, reject) => {
      onConnect = () => resolve(this);
      onError = (err) => reject(Object.assign(new Error(`connect_error: ${err.message}`), { cause: err }));
      s.on('connect', onConnect);
      s.on('connect_error', onError);
    });
    return withTimeout(p, ms, 'connect').finally(() => {
      s.off('connect', onConnect);
      s.off('connect_error', onError);
    });
  }

  // The first payload of the next matching event.
  next(event, pred = () => true, ms = TIMEOUT_MS) {
    const entry = this.inbox.find((e) => !e.taken && e.event === event && pred(...e.args));
    if (entry) {
      entry.taken = true;
      return Promise.resolve(entry.args[0]);
    }
    let waiter;
    const p = new Promise((resolve) => {
      waiter = { event, pred, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(p, ms, `event '${event}'`).finally(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  // First payloads of all matching events received so far.
  received(event, pred = () => true) {
    return this.inbox.filter((e) => e.event === event && pred(...e.args)).map((e) => e.args[0]);
  }

  // emit with an acknowledgement; resolves with the ack's first argument.
  ask(event, ...args) {
    const p = this.socket.timeout(TIMEOUT_MS).emitWithAck(event, ...args);
    return withTimeout(p, TIMEOUT_MS + 1000, `ack of '${event}'`).then((ack) => {
      assertNoSecrets(JSON.stringify(ack) ?? '', `ack of ${event}`);
      return ack;
    });
  }

  // An acknowledged request on this socket: everything the server emitted to this socket
  // before it answered has arrived when this resolves.
  async barrier() {
    const ack = await this.ask('user:get-online');
    assertOkAck(ack, 'barrier user:get-online');
  }

  get connectedNow() {
    return this.socket.connected;
  }

  // Resolves when the socket is disconnected (at once if it is).
  disconnected(ms = TIMEOUT_MS) {
    if (!this.socket.connected) return Promise.resolve();
    return withTimeout(new Promise((resolve) => this.socket.once('disconnect', resolve)), ms, 'disconnect');
  }

  close() {
    this.socket.disconnect();
  }
}

// Each client joins the chat's room (chat:join): from then on it receives the chat's messages.
export async function joinAll(chatId, clients) {
  for (const c of clients) assertOkAck(await c.ask('chat:join', { chatId }), 'chat:join');
}

// Expects the handshake to be refused; resolves with the connect_error's message.
export async function connectError(server, auth) {
  const socket = io(server.url, { forceNew: true, reconnection: false, timeout: TIMEOUT_MS, transports: ['websocket'], auth });
  try {
    const p = new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error(`the handshake with ${JSON.stringify(auth)} was accepted`)));
      socket.once('connect_error', (err) => resolve(err.message));
    });
    return await withTimeout(p, TIMEOUT_MS, 'connect_error');
  } finally {
    socket.disconnect();
  }
}

// Keeps track of clients so a test can close them all.
export class Clients {
  constructor(server) {
    this.server = server;
    this.all = [];
  }

  async connect(token, opts) {
    const c = await Client.connect(this.server, token, opts);
    this.all.push(c);
    return c;
  }

  closeAll() {
    for (const c of this.all) c.close();
    this.all = [];
  }
}
