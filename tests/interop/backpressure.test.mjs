// A client that cannot keep up is dropped instead of growing the server's memory: each
// connection has a bounded send queue (max_queue_bytes). The interop server's "flood" event
// emits many large messages at once, far more than the bound, so the queue overflows for sure.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ask, openSocketIoWs, useInterop } from './helpers.mjs';

const QUEUE_BYTES = 1 << 20;

const { server, clients } = useInterop({ args: ['--max_queue_bytes', String(QUEUE_BYTES)] });

async function overflowCount() {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = text.match(/^parley_send_queue_overflows_total (\d+)$/m);
  assert.ok(m, 'the overflow counter is exported');
  return Number(m[1]);
}

test('a connection whose send queue overflows is closed; others keep being served', async () => {
  const bystander = await clients.connect(server.url, { transports: ['websocket'], name: 'bystander' });
  const before = await overflowCount();
  const { socket } = await openSocketIoWs(server.wsUrl);
  const count = 200;
  const size = 100_000; // 20 MB in all, twenty times the bound
  socket.send(`421["flood",{"count":${count},"size":${size}}]`);
  const closed = await socket.waitClosed(10_000);
  const floods = socket.queue.filter((m) => typeof m === 'string' && m.startsWith('42["flood"')).length;
  assert.ok(floods < count, `received ${floods} of ${count} floods: the queue was not bounded`);
  assert.ok(closed.code >= 1000, 'closed with a close frame or a dropped connection');
  assert.equal(await overflowCount(), before + 1);
  assert.equal(await ask(bystander, 'echo', 'still here'), 'still here');
});

test('a long-polling connection that overflows is closed too', async () => {
  const before = await overflowCount();
  const socket = await clients.connect(server.url, { transports: ['polling'], name: 'slow', reconnection: false });
  const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
  socket.emit('flood', { count: 50, size: 100_000 });
  const reason = await disconnected;
  assert.ok(['transport close', 'transport error'].includes(reason), `reason ${reason}`);
  assert.equal(await overflowCount(), before + 1);
});
