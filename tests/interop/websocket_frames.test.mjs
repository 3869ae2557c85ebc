// WebSocket framing as RFC 6455 asks of a server, checked with `ws` (which fails the connection
// on any malformed frame it reads) and with raw bytes over TCP: pings answered with pongs,
// fragmented messages with control frames between the fragments, invalid UTF-8 (1007),
// oversized messages (1009), protocol violations (1002), and pings interleaved with a burst of
// server messages of every length class, none of which may cut into another.
import assert from 'node:assert/strict';
import net from 'node:net';
import { afterEach, describe, test } from 'node:test';

import { nextEvent, openSocketIoWs, useInterop, withTimeout } from './helpers.mjs';

const MAX_PAYLOAD = 100_000;

const { server } = useInterop({ args: ['--max_payload_bytes', String(MAX_PAYLOAD)] });

const raws = [];
afterEach(() => {
  for (const r of raws.splice(0)) r.terminate();
});

async function connect() {
  const { socket } = await openSocketIoWs(server.wsUrl);
  raws.push(socket);
  assert.match(await socket.next(), /^42\["welcome","[^"]+"\]$/);
  return socket;
}

// Sends `data` and resolves with the close the server answers it with; nothing else may come.
async function closedBy(socket, send) {
  send();
  const info = await socket.waitClosed(5000);
  assert.deepEqual(socket.queue, [], 'no reply to the bad message');
  assert.equal(socket.error, null, `the client found no protocol error: ${socket.error}`);
  return info;
}

describe('control frames and fragments', () => {
  test('a ping is answered with a pong carrying its payload', async () => {
    const socket = await connect();
    const pong = nextEvent(socket.ws, 'pong');
    socket.ws.ping(Buffer.from('are you there?'));
    assert.equal((await pong).toString(), 'are you there?');
    // An empty ping too.
    const empty = nextEvent(socket.ws, 'pong');
    socket.ws.ping();
    assert.equal((await empty).length, 0);
  });

  test('a fragmented text message is reassembled, with a ping between its fragments', async () => {
    const socket = await connect();
    const pong = nextEvent(socket.ws, 'pong');
    socket.send('420["echo","frag', { fin: false });
    socket.ws.ping('between');
    socket.send('mented ✓ ', { fin: false });
    socket.send('message"]', { fin: true });
    assert.equal(await socket.next(), '430["fragmented ✓ message"]');
    assert.equal((await pong).toString(), 'between');
  });

  test('a code point split between fragments is valid UTF-8', async () => {
    const socket = await connect();
    const euro = Buffer.from('€');
    socket.send(Buffer.concat([Buffer.from('420["echo","'), euro.subarray(0, 1)]), { binary: false, fin: false });
    socket.send(Buffer.concat([euro.subarray(1), Buffer.from('"]')]), { binary: false, fin: true });
    assert.equal(await socket.next(), '430["€"]');
  });

  test('a message of exactly the limit is accepted', async () => {
    const socket = await connect();
    const prefix = '420["echo","';
    const text = 'm'.repeat(MAX_PAYLOAD - prefix.length - 2);
    socket.send(`${prefix}${text}"]`);
    assert.equal(await socket.next(), `430["${text}"]`);
  });
});

describe('what fails the connection', () => {
  test('invalid UTF-8 in a text frame closes with 1007', async () => {
    const socket = await connect();
    const bad = Buffer.concat([Buffer.from('42["echo","'), Buffer.from([0xc3, 0x28]), Buffer.from('"]')]);
    const info = await closedBy(socket, () => socket.send(bad, { binary: false }));
    assert.equal(info.code, 1007);
  });

  test('a message over max_payload closes with 1009', async () => {
    const socket = await connect();
    const info = await closedBy(socket, () => socket.send(`42["echo","${'x'.repeat(MAX_PAYLOAD)}"]`));
    assert.equal(info.code, 1009);
  });

  test('fragments adding up to more than max_payload close with 1009', async () => {
    const socket = await connect();
    const info = await closedBy(socket, () => {
      socket.send(`42["echo","${'a'.repeat(MAX_PAYLOAD / 2)}`, { fin: false });
      socket.send(`${'b'.repeat(MAX_PAYLOAD / 2)}"]`, { fin: true });
    });
    assert.equal(info.code, 1009);
  });
});

describe('server frames under load', () => {
  test('pings interleaved with a burst of server messages of every size leave every frame intact', async () => {
    const socket = await connect();
    let pongs = 0;
    socket.ws.on('pong', () => pongs++);
    // Replies of 7-bit, 16-bit and 64-bit lengths, asked for all at once; pings go out while
    // the replies stream back.
    const sizes = [1, 100, 125, 126, 1000, 65535, 65536, 70000];
    const count = 400;
    const expected = [];
    for (let i = 0; i < count; i++) {
      const body = String(i % 10).repeat(sizes[i % sizes.length]);
      expected.push(`43${i}["${body}"]`);
      socket.send(`42${i}["echo","${body}"]`);
      if (i % 10 === 0) socket.ws.ping(String(i));
    }
    for (let i = 0; i < count; i++) {
      const reply = await socket.next(10_000);
      if (i % 50 === 0) socket.ws.ping(`reading ${i}`);
      assert.equal(reply, expected[i], `reply ${i}`);
    }
    // And a flood of server-initiated events (one emit each, sent back to back).
    socket.send('42["flood",{"count":300,"size":3000}]');
    for (let i = 0; i < 300; i++) {
      if (i % 25 === 0) socket.ws.ping('flood');
      assert.equal(await socket.next(10_000), `42["flood","${'f'.repeat(3000)}"]`);
    }
    const expectedPongs = count / 10 + count / 50 + 300 / 25;
    await withTimeout(
      new Promise((resolve) => {
        const check = () => (pongs >= expectedPongs ? resolve() : setTimeout(check, 10));
        check();
      }),
      5000,
      `${expectedPongs} pongs (got ${pongs})`,
    );
    assert.equal(socket.error, null);
    assert.equal(socket.isOpen, true);
  });
});

// ---------------------------------------------------------------------------------------------
// Raw bytes over TCP, for what `ws` will not send.

class RawTcp {
  constructor(port) {
    this.data = Buffer.alloc(0);
    this.ended = false;
    this.waiters = [];
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.wake();
    });
    this.socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.socket.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  // Resolves once `ready()` is true of what arrived (or the stream ended).
  async until(ready, what) {
    await withTimeout(
      new Promise((resolve) => {
        const check = () => (ready() || this.ended ? resolve() : this.waiters.push(check));
        check();
      }),
      5000,
      what,
    );
  }

  // Reads the 101 response; returns its head.
  async handshake() {
    this.socket.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n' +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await this.until(() => this.data.includes('\r\n\r\n'), 'the handshake response');
    const end = this.data.indexOf('\r\n\r\n') + 4;
    const head = this.data.subarray(0, end).toString();
    this.data = this.data.subarray(end);
    return head;
  }

  // The next whole server frame: {fin, rsv, opcode, masked, payload}.
  async frame() {
    const parse = () => {
      const d = this.data;
      if (d.length < 2) return null;
      let length = d[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (d.length < 4) return null;
        length = d.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (d.length < 10) return null;
        length = Number(d.readBigUInt64BE(2));
        at = 10;
      }
      if (d.length < at + length) return null;
      this.data = d.subarray(at + length);
      return {
        fin: (d[0] & 0x80) !== 0,
        rsv: d[0] & 0x70,
        opcode: d[0] & 0x0f,
        masked: (d[1] & 0x80) !== 0,
        payload: d.subarray(at, at + length),
      };
    };
    let f = null;
    await this.until(() => (f = parse()) !== null, 'a frame');
    if (!f) throw new Error('the connection ended');
    return f;
  }

  // A client frame, masked unless told otherwise.
  send(first, payload, { masked = true } = {}) {
    const body = Buffer.from(payload);
    assert.ok(body.length <= 125);
    const key = Buffer.from([1, 2, 3, 4]);
    const head = Buffer.from([first, (masked ? 0x80 : 0) | body.length]);
    const out = masked ? body.map((b, i) => b ^ key[i % 4]) : body;
    this.socket.write(Buffer.concat(masked ? [head, key, out] : [head, out]));
  }

  async waitEnd() {
    await this.until(() => this.ended, 'the end of the connection');
  }

  destroy() {
    this.socket.destroy();
  }
}

describe('raw frames', () => {
  async function open() {
    const raw = new RawTcp(server.port);
    raws.push({ terminate: () => raw.destroy() });
    const head = await raw.handshake();
    assert.match(head, /^HTTP\/1\.1 101 /);
    assert.match(head, /\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/i);
    const first = await raw.frame();
    assert.deepEqual([first.fin, first.rsv, first.opcode, first.masked], [true, 0, 1, false]);
    assert.match(first.payload.toString(), /^0\{"sid":/);
    return raw;
  }

  // The server's answer to a protocol violation: a close frame with `code`, then the end.
  async function expectClose(raw, code) {
    const f = await raw.frame();
    assert.equal(f.opcode, 8, `a close frame, got opcode ${f.opcode}`);
    assert.equal(f.payload.readUInt16BE(0), code);
    await raw.waitEnd();
  }

  test('an unmasked client frame closes with 1002', async () => {
    const raw = await open();
    raw.send(0x81, '40', { masked: false });
    await expectClose(raw, 1002);
  });

  test('a reserved bit closes with 1002', async () => {
    const raw = await open();
    raw.send(0xc1, '40');
    await expectClose(raw, 1002);
  });

  test('an unknown opcode closes with 1002', async () => {
    const raw = await open();
    raw.send(0x83, '40');
    await expectClose(raw, 1002);
  });

  test('a continuation frame outside a message closes with 1002', async () => {
    const raw = await open();
    raw.send(0x80, '40');
    await expectClose(raw, 1002);
  });

  test('a close frame is echoed and the server ends the connection', async () => {
    const raw = await open();
    raw.send(0x88, Buffer.from([0x0f, 0xa0])); // code 4000
    await expectClose(raw, 4000);
  });

  test('a pong goes out between whole frames of what the server sends', async () => {
    const raw = await open();
    raw.send(0x81, '40{"token":"let-me-in"}');
    raw.send(0x89, 'p1');
    // The pong comes before, between or after the CONNECT reply and the welcome, but each is a
    // whole frame, and the pong carries the ping's payload.
    const seen = [];
    while (seen.length < 3) seen.push(await raw.frame());
    const pong = seen.find((f) => f.opcode === 0xa);
    assert.ok(pong, 'a pong');
    assert.equal(pong.payload.toString(), 'p1');
    const texts = seen.filter((f) => f.opcode === 1).map((f) => f.payload.toString());
    assert.equal(texts.length, 2);
    assert.match(texts[0], /^40\{"sid":/);
    assert.match(texts[1], /^42\["welcome",/);
  });
});
