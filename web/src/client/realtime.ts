// The Socket.IO half of the protocol client. It owns one socket.io-client socket, reconnects
// it, and reports what happens as RealtimeEvents; requests are typed and settle with the
// acknowledgement or a RequestError (error acknowledgement, timeout, or not connected).
// Payloads are the types generated from the server's event tables (wire.gen.ts), so one that
// drifts from what the server checks fails to compile. It keeps no chat state: that is the
// store's job.
import { t } from '../i18n/core';
import { io, type Socket } from 'socket.io-client';

import { readNotice } from './automod';
import { RequestError } from './errors';
import type { Acks, RealtimeEvent, RequestName, ServerEvents } from './types';
import type { ClientEvents } from './wire';
import type { HandshakeAuth } from './wire.gen';

/** What the store needs from the realtime connection; tests pass a fake. */
export interface Realtime {
  connect(token: string): void;
  disconnect(): void;
  isConnected(): boolean;
  request<E extends RequestName>(event: E, payload: ClientEvents[E], timeoutMs?: number): Promise<Acks[E]>;
  subscribe(listener: (e: RealtimeEvent) => void): () => void;
}

/** Handshake refusals that mean the token is no good (protocol.md §1.2). */
const AUTH_REFUSALS = new Set(['No token provided', 'Invalid token', 'User not found']);

const DEFAULT_TIMEOUT_MS = 10000;

function isErrorAck(v: unknown): v is { status: 'error'; code?: string; message?: string } {
  return typeof v === 'object' && v !== null && (v as { status?: unknown }).status === 'error';
}

/** The socket as typed by what the server sends and what the client sends (wire.gen.ts). */
type ListenEvents = { [E in keyof ServerEvents]: (payload: ServerEvents[E]) => void };
type EmitEvents = { [E in RequestName]: (payload: ClientEvents[E], ack: (res: unknown) => void) => void };
type ChatSocket = Socket<ListenEvents, EmitEvents>;
interface TimedEmitter {
  emit(event: RequestName, payload: unknown, ack: (err: Error | null, ack: unknown) => void): void;
}

export class SocketRealtime implements Realtime {
  private socket: ChatSocket | null = null;
  private readonly listeners = new Set<(e: RealtimeEvent) => void>();
  private readonly url: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  /** `url` is the server's origin; undefined for the page's own. */
  constructor(url?: string) {
    this.url = url;
  }

  connect(token: string): void {
    this.disconnect();
    // "inbox": this client shows every chat's new messages in its chat list, so the server sends
    // them all (and they count as delivered), not only those of the chat that is open.
    // "scoped-presence": it shows the presence of its contacts and of the people it watches
    // (presence:subscribe), so the server sends only theirs, not everyone's.
    const auth: HandshakeAuth = { token, features: ['inbox', 'scoped-presence'] };
    const options = {
      auth,
      reconnection: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
      randomizationFactor: 0.3,
      timeout: 8000,
    };
    const socket: ChatSocket = this.url === undefined ? io(options) : io(this.url, options);
    this.socket = socket;

    socket.on('connect', () => this.emit({ type: 'connected' }));
    socket.on('disconnect', (reason) => {
      this.emit({ type: 'disconnected', reason });
      // The server closed this socket on purpose (e.g. its send queue overflowed): come back.
      if (reason === 'io server disconnect') this.retrySoon(socket, 500);
    });
    socket.io.on('reconnect_attempt', (attempt) => this.emit({ type: 'reconnecting', attempt }));
    socket.on('connect_error', (err) => {
      if (socket.active) return; // a transport failure: the manager retries by itself
      // Refused by the server's middleware: socket.io-client does not retry those.
      if (AUTH_REFUSALS.has(err.message)) {
        this.emit({ type: 'auth_failed', message: err.message });
        return;
      }
      this.emit({ type: 'disconnected', reason: err.message });
      this.retrySoon(socket, 2000);
    });

    // The session was signed out (logout in another tab or on another device of this session), or
    // the account suspended (reason 'suspended'): the server disconnects right after this.
    socket.on('session:revoked', (e) =>
      this.emit({
        type: 'session_revoked',
        message: typeof e?.message === 'string' ? e.message : 'Signed out',
        ...(typeof e?.reason === 'string' ? { reason: e.reason } : {}),
      }),
    );
    socket.on('message', (m) => this.emit({ type: 'message', message: m }));
    socket.on('message:status', (e) => this.emit({ type: 'status', event: e }));
    socket.on('users:update', (e) => this.emit({ type: 'presence', event: e }));
    socket.on('message:pinned', (m) => this.emit({ type: 'pin', message: m, pinned: true }));
    socket.on('message:unpinned', (m) => this.emit({ type: 'pin', message: m, pinned: false }));
    socket.on('message:edited', (m) => this.emit({ type: 'edited', message: m }));
    socket.on('message:deleted', (e) => this.emit({ type: 'deleted', event: e }));
    socket.on('message:hidden', (e) => this.emit({ type: 'hidden', event: e }));
    socket.on('chat:added', (chat) => this.emit({ type: 'chat', chat, added: true }));
    socket.on('chat:updated', (chat) => this.emit({ type: 'chat', chat, added: false }));
    socket.on('chat:removed', (e) => this.emit({ type: 'chat_removed', chatId: e.chatId }));
    socket.on('chat:receipts', (e) => this.emit({ type: 'receipts', event: e }));
    socket.on('thread:updated', (e) => this.emit({ type: 'thread_updated', event: e }));
    socket.on('thread:read', (e) => this.emit({ type: 'thread_read', event: e }));
    socket.on('message:reactions', (e) => this.emit({ type: 'reactions', event: e }));
    socket.on('reaction:added', (e) => this.emit({ type: 'reaction_added', event: e }));
    socket.on('reactions:unread', (e) => this.emit({ type: 'reactions_unread', event: e }));
    socket.on('typing', (e) => this.emit({ type: 'typing', event: e }));
    socket.on('privacy:updated', (settings) => this.emit({ type: 'privacy', settings }));
    socket.on('blocks:updated', (e) => this.emit({ type: 'blocks_updated', event: e }));
    socket.on('notifications:updated', (settings) => this.emit({ type: 'notifications', settings }));
    socket.on('emoji:updated', (e) => this.emit({ type: 'emoji_updated', event: { chatId: typeof e?.chatId === 'string' ? e.chatId : null } }));
    // A settings document (global or a chat's), read defensively by settings.ts.
    socket.on('settings:updated', (document) => this.emit({ type: 'settings', document }));
    // One of the user's scheduled messages, read defensively by scheduled-actions.ts.
    socket.on('scheduled:updated', (e) => this.emit({ type: 'scheduled_updated', event: e }));
    // Whose templates changed: the user's own (null) or a group's canned responses.
    socket.on('templates:updated', (e) =>
      this.emit({ type: 'templates_updated', event: { chatId: typeof e?.chatId === 'string' && e.chatId !== '' ? e.chatId : null } }),
    );
    // One of the user's data exports moved on: the Export, read defensively by exports-actions.ts.
    socket.on('export:progress', (e) => this.emit({ type: 'export_progress', event: e }));
    // Read defensively (automod.ts): a notice of a kind this client does not know is dropped.
    socket.on('moderation:notice', (n) => {
      const notice = readNotice(n);
      if (notice) this.emit({ type: 'moderation_notice', notice });
    });
  }

  disconnect(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.removeAllListeners();
      s.io.removeAllListeners();
      s.disconnect();
    }
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  request<E extends RequestName>(event: E, payload: ClientEvents[E], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Acks[E]> {
    const socket = this.socket;
    if (!socket || !socket.connected) {
      return Promise.reject(new RequestError('disconnected', t('app.request.disconnected')));
    }
    // socket.io-client's typed emit cannot follow a generic event name through its timeout
    // decoration; this method's signature has checked the payload against the event already.
    const emitter = socket.timeout(timeoutMs) as unknown as TimedEmitter;
    return new Promise((resolve, reject) => {
      emitter.emit(event, payload, (err, ack) => {
        if (err) {
          reject(new RequestError('timeout', t('app.request.timeout')));
        } else if (isErrorAck(ack)) {
          reject(new RequestError(ack.code ?? 'error', ack.message ?? t('app.request.failed')));
        } else {
          resolve(ack as Acks[E]);
        }
      });
    });
  }

  subscribe(listener: (e: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: RealtimeEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private retrySoon(socket: ChatSocket, ms: number): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.socket === socket && !socket.connected) socket.connect();
    }, ms);
  }
}
