// The handshake: middleware refusing or accepting the auth payload, the "welcome" event sent on
// connection, and "whoami" reporting what the handshake carried.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ask, connected, nextEvent, record, useInterop } from './helpers.mjs';

const { server, clients } = useInterop();

for (const transports of [['websocket'], ['polling']]) {
  describe(`auth over ${transports[0]}`, () => {
    test("no token is refused with 'No token provided'", async () => {
      const socket = clients.create(server.url, { transports, auth: { name: 'no-token' } });
      const connects = record(socket, 'connect');
      const err = await nextEvent(socket, 'connect_error');
      assert.ok(err instanceof Error);
      assert.equal(err.message, 'No token provided');
      assert.equal(socket.connected, false);
      assert.equal(connects.calls.length, 0);
      // A refusal by middleware is final for the client: it does not retry by itself.
      assert.equal(socket.active, false);
    });

    test("an empty auth object is refused with 'No token provided'", async () => {
      const socket = clients.create(server.url, { transports, auth: {} });
      assert.equal((await nextEvent(socket, 'connect_error')).message, 'No token provided');
    });

    test("a non-string token is refused with 'No token provided'", async () => {
      const socket = clients.create(server.url, { transports, auth: { token: 12345 } });
      assert.equal((await nextEvent(socket, 'connect_error')).message, 'No token provided');
    });

    test("a wrong token is refused with 'Invalid token'", async () => {
      const socket = clients.create(server.url, { transports, auth: { token: 'let-me-in?', name: 'x' } });
      const err = await nextEvent(socket, 'connect_error');
      assert.equal(err.message, 'Invalid token');
      assert.equal(socket.connected, false);
    });

    test("token 'slow' goes through the asynchronous middleware and connects", async () => {
      const socket = clients.create(server.url, { transports, auth: { token: 'slow', name: 'sloth' } });
      await connected(socket);
      assert.equal(socket.connected, true);
      assert.deepEqual(await ask(socket, 'whoami'), { id: socket.id, name: 'sloth' });
      assert.equal(await ask(socket, 'echo', 'slow but sure'), 'slow but sure');
    });

    test('the same connection can retry with a good token after a refusal', async () => {
      const socket = clients.create(server.url, { transports, auth: { token: 'nope', name: 'retry' } });
      assert.equal((await nextEvent(socket, 'connect_error')).message, 'Invalid token');
      socket.auth = { token: 'let-me-in', name: 'retry' };
      socket.connect();
      await connected(socket);
      assert.deepEqual(await ask(socket, 'whoami'), { id: socket.id, name: 'retry' });
    });

    test('welcome arrives after connect with the socket id; whoami matches', async () => {
      const socket = clients.create(server.url, { transports, name: 'Zoë 🦊' });
      const order = [];
      socket.on('connect', () => order.push(['connect', socket.id]));
      const welcome = new Promise((resolve) =>
        socket.on('welcome', (id) => {
          order.push(['welcome', id]);
          resolve(id);
        }),
      );
      await connected(socket);
      const id = await welcome;
      assert.equal(id, socket.id);
      assert.deepEqual(order, [['connect', socket.id], ['welcome', socket.id]]);
      assert.deepEqual(await ask(socket, 'whoami'), { id: socket.id, name: 'Zoë 🦊' });
    });

    test('whoami without a name reports anonymous; ids are distinct per socket', async () => {
      const a = await clients.connect(server.url, { transports, auth: { token: 'let-me-in' } });
      const b = await clients.connect(server.url, { transports, auth: { token: 'let-me-in' } });
      assert.notEqual(a.id, b.id);
      assert.deepEqual(await ask(a, 'whoami'), { id: a.id, name: 'anonymous' });
      assert.deepEqual(await ask(b, 'whoami'), { id: b.id, name: 'anonymous' });
    });
  });
}
