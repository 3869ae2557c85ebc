// The official client's automatic reconnection across a server restart: SIGTERM closes the
// session, the client sees 'disconnect' and keeps retrying, and a new server on the same port
// gets it back (with a new socket id and the same auth).
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { Clients, ask, connected, nextEvent, startInterop } from './helpers.mjs';

const clients = new Clients();
const servers = [];

afterEach(async () => {
  clients.closeAll();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(opts) {
  const s = await startInterop(opts);
  servers.push(s);
  return s;
}

for (const transports of [['websocket'], ['polling']]) {
  test(`reconnects over ${transports[0]} after a server restart on the same port`, async () => {
    const first = await start();
    const socket = clients.create(first.url, {
      transports,
      name: 'phoenix',
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
      randomizationFactor: 0,
    });
    const manager = socket.io;
    await connected(socket);
    const firstId = socket.id;
    assert.equal(await ask(socket, 'echo', 'before restart'), 'before restart');

    const disconnect = nextEvent(socket, 'disconnect', 15000);
    const exit = await first.stop();
    // The server's own words say why when it does not exit cleanly (a sanitizer's report).
    assert.deepEqual(exit, { code: 0, signal: null }, `graceful exit on SIGTERM; the server said:\n${first.output}`);
    const reason = await disconnect;
    if (transports[0] === 'websocket') {
      assert.equal(reason, 'transport close', 'the WebSocket is closed with a close frame');
    } else {
      // A parked GET is answered with a close packet ('transport close'); when SIGTERM races
      // with the client's next GET on a keep-alive connection, that request is cut instead
      // ('transport error'). Either way the client must treat it as a lost connection.
      assert.ok(['transport close', 'transport error'].includes(reason), `disconnect reason ${reason}`);
    }
    assert.equal(socket.connected, false);
    assert.equal(socket.active, true, 'the client keeps trying to reconnect');

    const reconnect = nextEvent(manager, 'reconnect', 15000);
    const connect = nextEvent(socket, 'connect', 15000);
    const second = await start({ port: first.port });
    assert.equal(second.port, first.port);
    const attempts = await reconnect;
    await connect;
    assert.ok(attempts >= 1, `reconnected after ${attempts} attempt(s)`);
    assert.equal(socket.connected, true);
    assert.equal(socket.io.engine.transport.name, transports[0]);
    assert.notEqual(socket.id, firstId, 'a new server gives a new socket id');
    assert.equal(await ask(socket, 'echo', 'after restart ✓'), 'after restart ✓');
    assert.deepEqual(await ask(socket, 'whoami'), { id: socket.id, name: 'phoenix' }, 'auth is sent again');
  });
}
