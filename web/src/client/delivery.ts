// What the client owes the server: the outbox (messages not acknowledged yet) and read
// receipts. Both go out only while connected and stay queued otherwise; the store calls
// flush() after every (re)connect.
//  - The outbox is sent oldest first, one message at a time. A lost acknowledgement (timeout,
//    disconnect) or a rate limit keeps the message with its clientMessageId for a later retry,
//    which the server dedupes; any other refusal takes it out and reports it (with its code: a
//    message held for a moderator's review is not a failure to retry).
//  - Read receipts are batched per chat (the highest seq seen) into one chat:read.
//  - In groups, what this device received is acknowledged the same way, per chat, in one
//    chat:delivered (the group's DELIVERED ticks come from every member's).
// Used only by ChatStore, through DeliveryHost.
import { RequestError, errorMessage } from './errors';
import type { MessageFiles } from './files-wire';
import { linksOf, type OutboxItem } from './outbox';
import type { Realtime } from './realtime';
import type { ChatMessage } from './types';
import type { ClientEvents } from './wire.gen';

/** The queue the outbox is sent from (the outbox slice), oldest first. */
export interface OutboxQueue {
  first(): OutboxItem | undefined;
  remove(clientMessageId: string): void;
}

export interface DeliveryHost {
  readonly realtime: Realtime;
  session(): number;
  /** The signed-in user's outbox; null while nobody is signed in. */
  outbox(): OutboxQueue | null;
  /** The stored copy of a sent message, from its acknowledgement, with what was sent. */
  receive(m: ChatMessage, sent: OutboxItem): void;
  /** The server refused a message for good (`code`: the refusal's, '' when it has none). */
  refused(item: OutboxItem, reason: string, code: string): void;
}

export interface DeliveryOptions {
  readDelayMs: number;
  /** Group messages received within this many ms go out as one chat:delivered. */
  deliveredDelayMs: number;
  retryDelayMs: number;
  requestTimeoutMs: number;
}

export class Delivery {
  private readonly host: DeliveryHost;
  private readonly options: DeliveryOptions;
  private flushing = false;
  private flushAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reads = new Map<string, number>();
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly delivered = new Map<string, number>();
  private deliveredTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: DeliveryHost, options: DeliveryOptions) {
    this.host = host;
    this.options = options;
  }

  /** Forgets queued reads and timers (the session ended; the outbox itself is the store's). */
  reset(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.readTimer !== null) clearTimeout(this.readTimer);
    if (this.deliveredTimer !== null) clearTimeout(this.deliveredTimer);
    this.retryTimer = null;
    this.readTimer = null;
    this.deliveredTimer = null;
    this.reads.clear();
    this.delivered.clear();
    this.flushing = false;
    this.flushAgain = false;
  }

  /** Sends what is queued: read receipts and the outbox. */
  flush(): void {
    this.flushReads();
    this.flushDelivered();
    void this.flushOutbox();
  }

  /** Sends the outbox, oldest first, one at a time, while connected. */
  async flushOutbox(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    const h = this.host;
    const s = h.session();
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        for (;;) {
          const outbox = h.outbox();
          const item = outbox?.first();
          if (!outbox || !item || s !== h.session() || !h.realtime.isConnected()) break;
          try {
            // The files' ids go with it (files-wire.ts: not in the generated payload yet).
            const payload: ClientEvents['message'] & MessageFiles = {
              chatId: item.chatId,
              content: item.content,
              clientMessageId: item.clientMessageId,
              ...linksOf(item),
              ...(item.attachments?.length ? { attachments: item.attachments } : {}),
            };
            const stored = await h.realtime.request('message', payload, this.options.requestTimeoutMs);
            if (s !== h.session()) return;
            outbox.remove(item.clientMessageId);
            h.receive(stored, item);
          } catch (err) {
            if (s !== h.session()) return;
            if (err instanceof RequestError && err.retryable) {
              // Kept with its clientMessageId; sent again on reconnect, or soon if still up.
              this.scheduleRetry(s);
              return;
            }
            outbox.remove(item.clientMessageId);
            h.refused(item, errorMessage(err), err instanceof RequestError ? err.code : '');
          }
        }
      } while (this.flushAgain && s === h.session());
    } finally {
      if (s === h.session()) this.flushing = false;
    }
  }

  /** Queues chat:read up to `seq`; sent after a short delay, batching what is seen meanwhile. */
  queueRead(chatId: string, seq: number): void {
    this.reads.set(chatId, Math.max(seq, this.reads.get(chatId) ?? 0));
    if (this.readTimer !== null) return;
    this.readTimer = setTimeout(() => {
      this.readTimer = null;
      this.flushReads();
    }, this.options.readDelayMs);
  }

  /** Queues chat:delivered up to `seq` (a group message reached this device), batched. */
  queueDelivered(chatId: string, seq: number): void {
    this.delivered.set(chatId, Math.max(seq, this.delivered.get(chatId) ?? 0));
    if (this.deliveredTimer !== null) return;
    this.deliveredTimer = setTimeout(() => {
      this.deliveredTimer = null;
      this.flushDelivered();
    }, this.options.deliveredDelayMs);
  }

  private flushDelivered(): void {
    const h = this.host;
    if (!h.realtime.isConnected()) return;
    const s = h.session();
    for (const [chatId, seq] of this.delivered) {
      h.realtime
        .request('chat:delivered', { chatId, seq })
        .then(() => {
          if (s === h.session() && this.delivered.get(chatId) === seq) this.delivered.delete(chatId);
        })
        .catch((err: unknown) => {
          // Not a member any more: nothing to acknowledge. Otherwise sent again on reconnect.
          if (err instanceof RequestError && (err.code === 'forbidden' || err.code === 'not_found')) this.delivered.delete(chatId);
        });
    }
  }

  /** Forgets what is queued for a chat (the user is no longer in it). */
  forget(chatId: string): void {
    this.reads.delete(chatId);
    this.delivered.delete(chatId);
  }

  private flushReads(): void {
    const h = this.host;
    if (!h.realtime.isConnected()) return;
    const s = h.session();
    for (const [chatId, seq] of this.reads) {
      h.realtime
        .request('chat:read', { chatId, seq })
        .then(() => {
          if (s === h.session() && this.reads.get(chatId) === seq) this.reads.delete(chatId);
        })
        .catch(() => undefined); // stays queued; sent again on reconnect
    }
  }

  private scheduleRetry(s: number): void {
    if (this.retryTimer !== null || !this.host.realtime.isConnected()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (s === this.host.session()) void this.flushOutbox();
    }, this.options.retryDelayMs);
  }
}
