// The outbox: messages the user has written that the server has not acknowledged yet, in the
// order they were written. Each carries the clientMessageId it keeps across retries, so a
// message sent again after a lost acknowledgement is stored once (the server dedupes by
// sender and clientMessageId). Kept in storage per user, so a reload loses nothing.
import type { Attachment } from './files-wire';
import { MAX_MENTIONS } from './mentions';
import { readJson, type KeyValueStorage } from './storage';
import type { ReplyPreview } from './types';

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * What a message sent may point at: the message it answers (and a fragment quoted), a thread,
 * the people it mentions (mentions.ts) and everyone in its group.
 */
export interface MessageLinks {
  replyToId?: string;
  quote?: string;
  threadRootId?: string;
  alsoToChat?: boolean;
  mentions?: string[];
  mentionsAll?: boolean;
}

export interface OutboxItem extends MessageLinks {
  clientMessageId: string;
  chatId: string;
  content: string;
  /** ISO time it was written, shown on the pending message. */
  createdAt: string;
  /** What the pending message shows of the message it answers (the server's own comes with the stored copy). */
  replyTo?: ReplyPreview;
  /** The ids of its files, uploaded already (`content` is then their caption, possibly ""). */
  attachments?: string[];
  /** Those files' records, for the pending message to show them. */
  files?: Attachment[];
}

/** The links of an item (or message) as the `message` request sends them: only those set. */
export function linksOf(v: MessageLinks): MessageLinks {
  const out: MessageLinks = {};
  if (v.replyToId) {
    out.replyToId = v.replyToId;
    if (v.quote) out.quote = v.quote;
  }
  if (v.threadRootId) {
    out.threadRootId = v.threadRootId;
    if (v.alsoToChat) out.alsoToChat = true;
  }
  if (v.mentions?.length) out.mentions = v.mentions.slice(0, MAX_MENTIONS);
  if (v.mentionsAll) out.mentionsAll = true;
  return out;
}

/** Whether `v` is an outbox item as this version writes it (read back from storage). */
export function isOutboxItem(v: unknown): v is OutboxItem {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.clientMessageId === 'string' && typeof o.chatId === 'string' &&
    typeof o.content === 'string' && typeof o.createdAt === 'string' &&
    optionalString(o.replyToId) && optionalString(o.quote) && optionalString(o.threadRootId) &&
    (o.alsoToChat === undefined || typeof o.alsoToChat === 'boolean') &&
    (o.mentions === undefined || (Array.isArray(o.mentions) && o.mentions.every((id) => typeof id === 'string'))) &&
    (o.mentionsAll === undefined || typeof o.mentionsAll === 'boolean') &&
    (o.attachments === undefined || (Array.isArray(o.attachments) && o.attachments.every((a) => typeof a === 'string'))) &&
    (o.files === undefined || (Array.isArray(o.files) && o.files.every((f) => typeof f === 'object' && f !== null && typeof (f as { id?: unknown }).id === 'string')));
}

function isItemList(v: unknown): v is OutboxItem[] {
  return Array.isArray(v) && v.every(isOutboxItem);
}

export class Outbox {
  private items: OutboxItem[];
  private readonly storage: KeyValueStorage;
  private readonly key: string;

  constructor(storage: KeyValueStorage, key: string) {
    this.storage = storage;
    this.key = key;
    this.items = readJson(storage, key, isItemList) ?? [];
  }

  list(): readonly OutboxItem[] {
    return this.items;
  }

  first(): OutboxItem | undefined {
    return this.items[0];
  }

  has(clientMessageId: string): boolean {
    return this.items.some((i) => i.clientMessageId === clientMessageId);
  }

  add(item: OutboxItem): void {
    if (this.has(item.clientMessageId)) return;
    this.items = [...this.items, item];
    this.save();
  }

  remove(clientMessageId: string): void {
    const next = this.items.filter((i) => i.clientMessageId !== clientMessageId);
    if (next.length === this.items.length) return;
    this.items = next;
    this.save();
  }

  clear(): void {
    this.items = [];
    this.storage.removeItem(this.key);
  }

  private save(): void {
    try {
      if (this.items.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Storage full or refused: the outbox still works for this page's life.
    }
  }
}

/** A random id for clientMessageId; crypto.randomUUID needs a secure context, this does not. */
export function newClientMessageId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
