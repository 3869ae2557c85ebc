// Raw protocol checks against parley-conformance, mirroring the public Engine.IO and Socket.IO
// protocol test suites (pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000, connect
// timeout 1000 ms): raw Engine.IO echo on /engine.io/, Socket.IO namespaces on /socket.io/.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import {
  RawPolling, RawSocket, SEPARATOR, openEngineWs, startConformance, useInterop, withTimeout,
} from './helpers.mjs';

const { server } = useInterop({ start: startConformance });
const raws = [];

afterEach(() => {
  for (const r of raws.splice(0)) r.terminate();
});

function track(socket) {
  raws.push(socket);
  return socket;
}

async function engineWs(prefix, opts = { autoPong: true }) {
  const r = await openEngineWs(server.wsUrl, prefix, opts);
  track(r.socket);
  return r;
}

// A raw Socket.IO connection to `nsp` ("/" or "/custom") with the auth payload, read up to and
// including the "auth" event.
async function socketIo(nsp = '/', auth) {
  const { socket } = await engineWs('/socket.io/');
  const prefix = nsp === '/' ? '' : `${nsp},`;
  socket.send(`40${prefix}${auth === undefined ? '' : JSON.stringify(auth)}`);
  const connect = await socket.next();
  assert.ok(connect.startsWith(`40${prefix}`), `CONNECT reply ${connect}`);
  const handshake = JSON.parse(connect.slice(2 + prefix.length));
  assert.deepEqual(Object.keys(handshake), ['sid']);
  assert.equal(typeof handshake.sid, 'string');
  assert.ok(handshake.sid.length > 0);
  const authEvent = await socket.next();
  assert.equal(authEvent, `42${prefix}${JSON.stringify(['auth', auth ?? {}])}`);
  return { socket, sid: handshake.sid };
}

async function fetchStatus(path, init) {
  const res = await withTimeout(fetch(`${server.url}${path}`, init), 5000, `${init?.method ?? 'GET'} ${path}`);
  const body = await res.text();
  return { status: res.status, body };
}

describe('Engine.IO handshake', () => {
  for (const prefix of ['/engine.io/', '/socket.io/']) {
    test(`polling handshake on ${prefix}: keys and values`, async () => {
      const res = await fetch(`${server.url}${prefix}?EIO=4&transport=polling`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.equal(text[0], '0');
      const open = JSON.parse(text.slice(1));
      assert.deepEqual(Object.keys(open).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
      assert.equal(typeof open.sid, 'string');
      assert.ok(open.sid.length > 0);
      assert.deepEqual(open.upgrades, ['websocket']);
      assert.equal(open.pingInterval, 300);
      assert.equal(open.pingTimeout, 200);
      assert.equal(open.maxPayload, 1000000);
    });
  }

  test('WebSocket handshake: no further upgrades', async () => {
    const { open } = await engineWs('/engine.io/');
    assert.deepEqual(Object.keys(open).sort(), ['maxPayload', 'pingInterval', 'pingTimeout', 'sid', 'upgrades']);
    assert.deepEqual(open.upgrades, []);
    assert.equal(open.pingInterval, 300);
    assert.equal(open.pingTimeout, 200);
    assert.equal(open.maxPayload, 1000000);
  });

  test('400 for a missing or unsupported EIO', async () => {
    for (const q of ['transport=polling', 'EIO=abc&transport=polling', 'EIO=3&transport=polling', 'EIO=5&transport=polling']) {
      const { status, body } = await fetchStatus(`/engine.io/?${q}`);
      assert.equal(status, 400, q);
      assert.deepEqual(JSON.parse(body), { code: 5, message: 'Unsupported protocol version' }, q);
    }
  });

  test('400 for a missing or unknown transport', async () => {
    for (const q of ['EIO=4', 'EIO=4&transport=abc', 'EIO=4&transport=']) {
      const { status, body } = await fetchStatus(`/socket.io/?${q}`);
      assert.equal(status, 400, q);
      assert.deepEqual(JSON.parse(body), { code: 0, message: 'Transport unknown' }, q);
    }
  });

  test('400 for a handshake with a method other than GET', async () => {
    for (const method of ['POST', 'PUT']) {
      const { status } = await fetchStatus('/engine.io/?EIO=4&transport=polling', { method, body: '' });
      assert.equal(status, 400, method);
    }
  });

  test('400 for an unknown sid', async () => {
    const { status, body } = await fetchStatus('/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAAA');
    assert.equal(status, 400);
    assert.deepEqual(JSON.parse(body), { code: 1, message: 'Session ID unknown' });
  });

  test('WebSocket requests with a bad EIO or transport are refused with 400', async () => {
    for (const q of ['transport=websocket', 'EIO=abc&transport=websocket', 'EIO=4&transport=abc']) {
      const s = track(new RawSocket(`${server.wsUrl}/engine.io/?${q}`));
      await assert.rejects(withTimeout(s.opened, 5000, 'the refusal'), (err) => err.statusCode === 400, q);
    }
  });
});

describe('raw Engine.IO echo on /engine.io/', () => {
  test('WebSocket: text and binary messages come back unchanged', async () => {
    const { socket } = await engineWs('/engine.io/');
    socket.send('4hello');
    assert.equal(await socket.next(), '4hello');
    socket.send('4ünïcödé ✓ 😀');
    assert.equal(await socket.next(), '4ünïcödé ✓ 😀');
    const bytes = Buffer.from([0, 1, 2, 3, 255]);
    socket.send(bytes, { binary: true });
    const back = await socket.next();
    assert.ok(Buffer.isBuffer(back), 'binary frame');
    assert.ok(back.equals(bytes));
    socket.send('4');
    assert.equal(await socket.next(), '4');
  });

  test('polling: text and binary ("b" + base64) messages come back unchanged', async () => {
    const polling = new RawPolling(server.url, '/engine.io/');
    await polling.handshake();
    assert.equal((await polling.post('4hello')).status, 200);
    assert.deepEqual(await polling.take(1), ['4hello']);
    const bytes = Buffer.from([1, 2, 3, 4, 0, 255]);
    assert.equal((await polling.post(`b${bytes.toString('base64')}`)).status, 200);
    assert.deepEqual(await polling.take(1), [`b${bytes.toString('base64')}`]);
    // Several packets in one POST come back in order.
    const batch = ['4one', `b${Buffer.from('two').toString('base64')}`, '4three ✓'];
    assert.equal((await polling.post(batch.join(SEPARATOR))).status, 200);
    assert.deepEqual(await polling.take(3), batch);
  });

  test('polling session upgraded to WebSocket; polling refused afterwards', async () => {
    const polling = new RawPolling(server.url, '/engine.io/');
    await polling.handshake();
    const ws = track(new RawSocket(`${server.wsUrl}/engine.io/?EIO=4&transport=websocket&sid=${polling.sid}`));
    await withTimeout(ws.opened, 5000, 'the upgrade WebSocket');
    ws.send('2probe');
    assert.equal(await ws.next(), '3probe');
    // The pending poll (if any) is answered with a noop; after '5' the WebSocket carries the session.
    ws.send('5');
    ws.send('4after upgrade');
    let msg = await ws.next();
    while (msg === '2') {
      ws.send('3');
      msg = await ws.next();
    }
    assert.equal(msg, '4after upgrade');
    const { status } = await polling.get();
    assert.equal(status, 400, 'polling is refused once upgraded');
  });
});

describe('Engine.IO heartbeat', () => {
  test('WebSocket: pings every 300 ms; a client that never answers is closed', async () => {
    const { socket, openedAt } = await engineWs('/engine.io/', { autoPong: false });
    assert.equal(await socket.next(1000), '2');
    const pingAt = performance.now();
    const { at } = await socket.waitClosed(3000);
    assert.ok(pingAt - openedAt >= 200, `first ping after ${(pingAt - openedAt).toFixed(0)} ms`);
    assert.ok(at - openedAt >= 400 && at - openedAt < 3000, `closed after ${(at - openedAt).toFixed(0)} ms`);
  });

  test('polling: ping answered with pong three times keeps the session', async () => {
    const polling = new RawPolling(server.url, '/engine.io/');
    await polling.handshake();
    for (let i = 0; i < 3; i++) {
      const { status, text } = await polling.get();
      assert.deepEqual([status, text], [200, '2']);
      assert.equal((await polling.post('3')).status, 200);
    }
    assert.equal((await polling.post('4still open')).status, 200);
    assert.deepEqual(await polling.take(1), ['4still open']);
  });
});

describe('Socket.IO', () => {
  test("CONNECT to '/' replies with only {sid}, then the 'auth' event", async () => {
    await socketIo('/');
  });

  test("CONNECT to '/' with a payload echoes it in 'auth'", async () => {
    await socketIo('/', { token: '123' });
  });

  test("CONNECT to '/custom' replies with only {sid}, then the 'auth' event", async () => {
    await socketIo('/custom');
    await socketIo('/custom', { token: 'abc', nested: { ü: [1, 2] } });
  });

  test("'40/random' gets exactly '44/random,{\"message\":\"Invalid namespace\"}'", async () => {
    const { socket } = await engineWs('/socket.io/');
    socket.send('40/random');
    assert.equal(await socket.next(), '44/random,{"message":"Invalid namespace"}');
    socket.send('40/random,');
    assert.equal(await socket.next(), '44/random,{"message":"Invalid namespace"}');
  });

  test("'message' comes back as 'message-back'", async () => {
    const { socket } = await socketIo('/');
    socket.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await socket.next(), '42["message-back",1,"2",{"3":[true]}]');
  });

  test("'message' with binary attachments comes back as 'message-back' with them", async () => {
    const { socket } = await socketIo('/');
    socket.send('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    socket.send(Uint8Array.from([1, 2, 3]), { binary: true });
    socket.send(Uint8Array.from([4, 5, 6]), { binary: true });
    assert.equal(await socket.next(), '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    assert.deepEqual(await socket.next(), Buffer.from([1, 2, 3]));
    assert.deepEqual(await socket.next(), Buffer.from([4, 5, 6]));
  });

  test("'message-with-ack' is acknowledged with its arguments", async () => {
    const { socket } = await socketIo('/');
    socket.send('42456["message-with-ack",1,"2",{"3":[false]}]');
    assert.equal(await socket.next(), '43456[1,"2",{"3":[false]}]');
    socket.send('451-789["message-with-ack",{"_placeholder":true,"num":0}]');
    socket.send(Uint8Array.from([7, 8, 9]), { binary: true });
    assert.equal(await socket.next(), '461-789[{"_placeholder":true,"num":0}]');
    assert.deepEqual(await socket.next(), Buffer.from([7, 8, 9]));
  });

  test('a custom namespace has its own events; disconnecting it leaves the main one', async () => {
    const { socket } = await socketIo('/');
    socket.send('40/custom,');
    assert.match(await socket.next(), /^40\/custom,\{"sid":"[^"]+"\}$/);
    assert.equal(await socket.next(), '42/custom,["auth",{}]');
    socket.send('42/custom,["message","to custom"]');
    assert.equal(await socket.next(), '42/custom,["message-back","to custom"]');
    socket.send('41/custom,');
    socket.send('42["message","message to main namespace"]');
    assert.equal(await socket.next(), '42["message-back","message to main namespace"]');
  });

  test('an invalid handshake closes the connection', async () => {
    const { socket } = await engineWs('/socket.io/');
    socket.send('4abc');
    await socket.waitClosed();
  });

  test('no CONNECT within 1000 ms closes the connection', async () => {
    // Pings are answered, so only the connect timeout can end the session.
    const { socket } = await engineWs('/socket.io/', { autoPong: true });
    const started = performance.now();
    const { at } = await socket.waitClosed(5000);
    const elapsed = at - started;
    assert.ok(socket.pings >= 2, `pings answered: ${socket.pings}`);
    assert.ok(elapsed >= 900, `closed after ${elapsed.toFixed(0)} ms: too early`);
    assert.ok(elapsed < 3000, `closed after ${elapsed.toFixed(0)} ms: too late`);
  });

  test('polling: CONNECT, event and ack', async () => {
    const polling = new RawPolling(server.url, '/socket.io/');
    await polling.handshake();
    assert.equal((await polling.post('40{"k":"v"}')).status, 200);
    const [connect, auth] = await polling.take(2);
    assert.match(connect, /^40\{"sid":"[^"]+"\}$/);
    assert.equal(auth, '42["auth",{"k":"v"}]');
    assert.equal((await polling.post(['42["message","über"]', '421["message-with-ack",[1]]'].join(SEPARATOR))).status, 200);
    assert.deepEqual(await polling.take(2), ['42["message-back","über"]', '431[[1]]']);
  });
});
