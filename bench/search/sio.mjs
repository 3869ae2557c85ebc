// A minimal Socket.IO v4 client over WebSocket (Engine.IO 4, Socket.IO 5, namespace "/", text
// packets only): connect with an auth payload, emit with an acknowledgement, answer pings.
// Much cheaper per socket than socket.io-client, which matters when the load generator shares
// two cores with the server. Events the server pushes are ignored unless `onEvent` is given.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/e2e/package.json', import.meta.url));
const WebSocket = require('ws');

export class SioSocket {
  constructor(ws, onEvent) {
    this.ws = ws;
    this.nextId = 0;
    this.pending = new Map();
    this.onEvent = onEvent;
    this.closed = false;
  }

  // Resolves with the connected socket; rejects on a refused handshake or after timeoutMs.
  static connect(baseUrl, auth, { timeoutMs = 30000, onEvent } = {}) {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const socket = new SioSocket(ws, onEvent);
      let connected = false;
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('socket.io connect timed out'));
      }, timeoutMs);
      ws.on('message', (data) => {
        const text = data.toString();
        const type = text[0];
        if (type === '0') {
          ws.send(`40${JSON.stringify(auth)}`);
        } else if (type === '2') {
          ws.send('3');
        } else if (type === '4') {
          const kind = text[1];
          if (kind === '0' && !connected) {
            connected = true;
            clearTimeout(timer);
            resolve(socket);
          } else if (kind === '4') {
            clearTimeout(timer);
            reject(new Error(`connect refused: ${text.slice(2)}`));
            ws.close();
          } else if (kind === '3') {
            socket.ack(text.slice(2));
          } else if (kind === '2' && socket.onEvent) {
            const at = text.indexOf('[');
            const [event, ...args] = JSON.parse(text.slice(at));
            socket.onEvent(event, ...args);
          } else if (kind === '1') {
            socket.fail(new Error('disconnected by the server'));
          }
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        if (!connected) reject(err);
        socket.fail(err);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        if (!connected) reject(new Error('closed before connecting'));
        socket.fail(new Error('connection closed'));
      });
    });
  }

  ack(text) {
    let i = 0;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const id = Number(text.slice(0, i));
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(JSON.parse(text.slice(i))[0]);
  }

  fail(err) {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  // Emits event(payload) and resolves with the first argument of its acknowledgement.
  emitWithAck(event, payload) {
    if (this.closed) return Promise.reject(new Error('socket closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  close() {
    this.closed = true;
    this.ws.close();
  }
}
