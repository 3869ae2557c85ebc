// Shared helpers for the interoperability tests: starting the C++ test servers, connecting the
// official socket.io-client, and raw Engine.IO / Socket.IO access over WebSocket (ws) and HTTP
// long-polling (fetch). Nothing here sleeps to synchronise: every wait is on an event or a
// promise, and timeouts only turn a hang into a failure.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before } from 'node:test';

import { io } from 'socket.io-client';
import WebSocket from 'ws';

import { fillIn, repoRoot, startProcess, withTimeout } from '../support/processes.mjs';

export { withTimeout } from '../support/processes.mjs';

export const INTEROP_SERVER =
  process.env.PARLEY_INTEROP_SERVER || path.join(repoRoot, 'build/tests/interop/parley-interop-server');
export const CONFORMANCE_SERVER =
  process.env.PARLEY_CONFORMANCE_SERVER || path.join(repoRoot, 'build/tests/conformance/parley-conformance');

export const TOKEN = 'let-me-in';
export const DEFAULT_TIMEOUT_MS = 5000;

// ---------------------------------------------------------------------------------------------
// Events with a failure guard

// The arguments of the next `event` on an emitter with on/off (Node EventEmitter, ws, or
// socket.io-client's emitter), as an array.
export function nextEventArgs(emitter, event, ms = DEFAULT_TIMEOUT_MS) {
  let handler;
  const p = new Promise((resolve) => {
    handler = (...args) => resolve(args);
    emitter.on(event, handler);
  });
  return withTimeout(p, ms, `event '${event}'`).finally(() => emitter.off(event, handler));
}

// The first argument of the next `event`.
export async function nextEvent(emitter, event, ms = DEFAULT_TIMEOUT_MS) {
  const [first] = await nextEventArgs(emitter, event, ms);
  return first;
}

// ---------------------------------------------------------------------------------------------
// Server processes (tests/support/processes.mjs)

// Starts a server binary and resolves once it prints PARLEY_PORT=<port>. Options: port (0 for a
// free one), args (extra flags; later flags win over the defaults given here). The handle's
// stop() sends SIGTERM and resolves with {code, signal}.
export function startServer(binary, { port = 0, args = [], startTimeoutMs = 10000 } = {}) {
  const argv = ['--host', '127.0.0.1', '--port', String(port), '--log_level', 'warn', '--threads', '2', ...args];
  return startProcess(binary, argv, { startTimeoutMs, stopTimeoutMs: 15000, keepChars: 16384 });
}

export const startInterop = (opts) => startServer(INTEROP_SERVER, opts);
export const startConformance = (opts) => startServer(CONFORMANCE_SERVER, opts);

// The common setup of a test file: one server for the whole file (startInterop(options), or
// `start` instead) and a Clients closed after each test. The returned {server, clients} can be
// used at once; server is filled in by the before() hook, and the after() hook stops it and
// asserts a clean exit.
export function useInterop({ start = startInterop, ...options } = {}) {
  const server = {};
  const clients = new Clients();
  before(async () => {
    fillIn(server, await start(options));
  });
  afterEach(() => clients.closeAll());
  after(async () => {
    clients.closeAll();
    if (!server.stop) return;
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `server did not exit cleanly:\n${server.stderr}`);
  });
  return { server, clients };
}

// ---------------------------------------------------------------------------------------------
// socket.io-client

// A factory of socket.io-client sockets that remembers them, so a test can close them all.
export class Clients {
  constructor() {
    this.sockets = [];
  }

  // io(url) with a fresh Manager, no reconnection and the good token unless overridden.
  create(url, { name = 'tester', auth, transports = ['websocket'], ...opts } = {}) {
    const socket = io(url, {
      forceNew: true,
      reconnection: false,
      timeout: DEFAULT_TIMEOUT_MS,
      transports,
      auth: auth ?? { token: TOKEN, name },
      ...opts,
    });
    this.sockets.push(socket);
    return socket;
  }

  // create() and wait for 'connect'; a 'connect_error' rejects.
  async connect(url, opts) {
    const socket = this.create(url, opts);
    await connected(socket);
    return socket;
  }

  closeAll() {
    for (const s of this.sockets) s.disconnect();
    this.sockets = [];
  }
}

// Resolves on the socket's next 'connect' (immediately if connected); rejects on 'connect_error'.
export function connected(socket, ms = DEFAULT_TIMEOUT_MS) {
  if (socket.connected) return Promise.resolve(socket);
  let onConnect;
  let onError;
  const p = new Promise((resolve, reject) => {
    onConnect = () => resolve(socket);
    onError = (err) => reject(new Error(`connect_error: ${err.message}`));
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
  return withTimeout(p, ms, 'connect').finally(() => {
    socket.off('connect', onConnect);
    socket.off('connect_error', onError);
  });
}

// Resolves with the engine after the socket's transport upgrade, or at once if already upgraded.
export function upgraded(socket, ms = DEFAULT_TIMEOUT_MS) {
  const engine = socket.io.engine;
  if (engine.transport?.name === 'websocket') return Promise.resolve(engine);
  return nextEvent(engine, 'upgrade', ms).then(() => engine);
}

// emitWithAck with a failure guard.
export function ask(socket, event, ...args) {
  return withTimeout(socket.timeout(DEFAULT_TIMEOUT_MS).emitWithAck(event, ...args), DEFAULT_TIMEOUT_MS + 1000,
    `ack of '${event}'`);
}

// Like ask(), but resolves with every argument of the acknowledgement, as an array.
export function askAll(socket, event, ...args) {
  const p = new Promise((resolve, reject) => {
    socket.timeout(DEFAULT_TIMEOUT_MS).emit(event, ...args, (err, ...reply) => (err ? reject(err) : resolve(reply)));
  });
  return withTimeout(p, DEFAULT_TIMEOUT_MS + 1000, `ack of '${event}'`);
}

// Collects every call of `event` on a socket: {calls: [[...args], ...], next()} where next()
// resolves with the args of the next call not yet taken.
export function record(socket, event) {
  const calls = [];
  const waiters = [];
  let taken = 0;
  socket.on(event, (...args) => {
    calls.push(args);
    const w = waiters.shift();
    if (w) {
      taken++;
      w(args);
    }
  });
  return {
    calls,
    next(ms = DEFAULT_TIMEOUT_MS) {
      if (taken < calls.length) return Promise.resolve(calls[taken++]);
      let waiter;
      const p = new Promise((resolve) => {
        waiter = resolve;
        waiters.push(waiter);
      });
      return withTimeout(p, ms, `event '${event}'`).finally(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Raw WebSocket

// A WebSocket whose messages are queued from the moment it is created, read with next().
// Text frames are strings, binary frames Buffers. With autoPong, Engine.IO pings ("2") are
// answered with "3" and counted in `pings` instead of being queued.
export class RawSocket {
  constructor(url, { autoPong = false, ...wsOptions } = {}) {
    this.url = url;
    this.autoPong = autoPong;
    this.pings = 0;
    this.queue = [];
    this.waiters = [];
    this.closeInfo = null;
    this.error = null;
    this.ws = new WebSocket(url, wsOptions);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('unexpected-response', (req, res) => {
        reject(Object.assign(new Error(`unexpected HTTP ${res.statusCode}`), { statusCode: res.statusCode, res }));
      });
      this.ws.once('error', reject);
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: performance.now() };
        for (const w of this.waiters.splice(0)) w.reject(new Error(`socket closed (code ${code}) while waiting for a message`));
        resolve(this.closeInfo);
      });
    });
    this.ws.on('error', (err) => {
      this.error = err;
    });
    this.ws.on('message', (data, isBinary) => {
      const msg = isBinary ? Buffer.from(data) : data.toString('utf8');
      if (this.autoPong && msg === '2') {
        this.pings++;
        this.ws.send('3');
        this.onPing?.(this.pings);
        return;
      }
      const w = this.waiters.shift();
      if (w) w.resolve(msg);
      else this.queue.push(msg);
    });
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  // The next message (string or Buffer).
  next(ms = DEFAULT_TIMEOUT_MS) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closeInfo) return Promise.reject(new Error(`socket closed (code ${this.closeInfo.code})`));
    let waiter;
    const p = new Promise((resolve, reject) => {
      waiter = { resolve, reject };
      this.waiters.push(waiter);
    });
    return withTimeout(p, ms, `a message on ${this.url}`).finally(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  send(data, opts) {
    this.ws.send(data, opts);
  }

  // Resolves with {code, reason, at} once the connection is closed.
  waitClosed(ms = DEFAULT_TIMEOUT_MS) {
    return withTimeout(this.closed, ms, `${this.url} to close`);
  }

  close() {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close();
  }

  terminate() {
    this.ws.terminate();
  }
}

// Opens a raw Engine.IO WebSocket session; resolves with {socket, open} after the open packet.
export async function openEngineWs(wsBase, pathPrefix = '/socket.io/', opts = {}) {
  const socket = new RawSocket(`${wsBase}${pathPrefix}?EIO=4&transport=websocket`, opts);
  await withTimeout(socket.opened, DEFAULT_TIMEOUT_MS, 'the WebSocket handshake');
  const first = await socket.next();
  if (typeof first !== 'string' || first[0] !== '0') throw new Error(`expected an open packet, got ${first}`);
  return { socket, open: JSON.parse(first.slice(1)), openedAt: performance.now() };
}

// A raw socket connected to a Socket.IO namespace ("40" sent, "40{sid}" received).
export async function openSocketIoWs(wsBase, { auth = { token: TOKEN }, autoPong = true } = {}) {
  const { socket, open } = await openEngineWs(wsBase, '/socket.io/', { autoPong });
  socket.send(`40${auth ? JSON.stringify(auth) : ''}`);
  const reply = await socket.next();
  if (typeof reply !== 'string' || !reply.startsWith('40{')) throw new Error(`expected a CONNECT reply, got ${reply}`);
  return { socket, open, sid: JSON.parse(reply.slice(2)).sid };
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP long-polling

export const SEPARATOR = '\x1e';

// A raw Engine.IO long-polling session.
export class RawPolling {
  constructor(baseUrl, pathPrefix = '/socket.io/') {
    this.base = `${baseUrl}${pathPrefix}?EIO=4&transport=polling`;
    this.sid = null;
    this.packets = [];
  }

  get sessionUrl() {
    return `${this.base}&sid=${encodeURIComponent(this.sid)}`;
  }

  // GET without sid; resolves with the parsed open packet.
  async handshake() {
    const res = await withTimeout(fetch(this.base), DEFAULT_TIMEOUT_MS, 'the polling handshake');
    const text = await res.text();
    if (res.status !== 200 || text[0] !== '0') throw new Error(`handshake failed: ${res.status} ${text}`);
    this.open = JSON.parse(text.slice(1));
    this.sid = this.open.sid;
    return this.open;
  }

  // POST a payload (packets joined with the record separator); resolves with the Response.
  async post(body) {
    return withTimeout(fetch(this.sessionUrl, { method: 'POST', body }), DEFAULT_TIMEOUT_MS, 'a polling POST');
  }

  // One GET; resolves with {status, packets} (packets split on the record separator).
  async get() {
    const res = await withTimeout(fetch(this.sessionUrl), DEFAULT_TIMEOUT_MS, 'a polling GET');
    const text = await res.text();
    return { status: res.status, text, packets: res.status === 200 ? text.split(SEPARATOR) : [] };
  }

  // GETs until `count` packets (pings answered and skipped) have arrived; resolves with them.
  async take(count) {
    while (this.packets.length < count) {
      const { status, text, packets } = await this.get();
      if (status !== 200) throw new Error(`poll failed: ${status} ${text}`);
      for (const p of packets) {
        if (p === '2') await this.post('3');
        else this.packets.push(p);
      }
    }
    return this.packets.splice(0, count);
  }
}
