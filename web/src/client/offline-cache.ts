// Where the client keeps what it needs to show the app while the server cannot be reached: per
// user, the chats, the people in them, the newest messages of each chat (complete up to the
// newest held, with the changeSeq they are current to) and the outbox. IndexedDB in the browser, so that a reload with the server down
// (the service worker serves the app itself) shows the chats as they were; an in-memory map in
// tests and where IndexedDB is refused. What is kept is read once when a session starts and
// written a moment after the state changes (offline-keeper.ts).
import type { OutboxItem } from './outbox';
import type { Chat, ChatMessage, User } from './types';

export interface CachedChatMessages {
  /** Oldest first; every message from the first to the last is here. */
  items: ChatMessage[];
  /** The server holds messages before the first. */
  hasOlder: boolean;
  /**
   * The chat's changeSeq up to which these messages are current (edits, deletions, hidden
   * ones applied); absent in snapshots written before the change feed: 0.
   */
  changeSeq?: number;
}

export interface OfflineSnapshot {
  users: User[];
  chats: Chat[];
  messages: Record<string, CachedChatMessages>;
  outbox: OutboxItem[];
}

export interface OfflineCache {
  load(userId: string): Promise<OfflineSnapshot | null>;
  save(userId: string, snapshot: OfflineSnapshot): Promise<void>;
  /** Forgets the user's data (they logged out). */
  remove(userId: string): Promise<void>;
}

/** A snapshot as this version writes it; anything else (an older shape, damage) is ignored. */
export function isSnapshot(v: unknown): v is OfflineSnapshot {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.users) &&
    Array.isArray(o.chats) &&
    Array.isArray(o.outbox) &&
    typeof o.messages === 'object' &&
    o.messages !== null &&
    Object.values(o.messages).every(
      (m: unknown) => typeof m === 'object' && m !== null && Array.isArray((m as CachedChatMessages).items),
    )
  );
}

export class MemoryOfflineCache implements OfflineCache {
  private readonly map = new Map<string, string>();

  async load(userId: string): Promise<OfflineSnapshot | null> {
    const text = this.map.get(userId);
    if (text === undefined) return null;
    const v: unknown = JSON.parse(text);
    return isSnapshot(v) ? v : null;
  }

  async save(userId: string, snapshot: OfflineSnapshot): Promise<void> {
    this.map.set(userId, JSON.stringify(snapshot));
  }

  async remove(userId: string): Promise<void> {
    this.map.delete(userId);
  }
}

const DB_NAME = 'parley';
const DB_VERSION = 1;
const SNAPSHOTS = 'snapshots';

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** One object store, "snapshots", keyed by user id. */
export class IndexedDbOfflineCache implements OfflineCache {
  private db: Promise<IDBDatabase> | null = null;
  private readonly factory: IDBFactory;

  constructor(factory: IDBFactory) {
    this.factory = factory;
  }

  async load(userId: string): Promise<OfflineSnapshot | null> {
    const v: unknown = await this.run('readonly', (s) => s.get(userId));
    return isSnapshot(v) ? v : null;
  }

  async save(userId: string, snapshot: OfflineSnapshot): Promise<void> {
    await this.run('readwrite', (s) => s.put(snapshot, userId));
  }

  async remove(userId: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(userId));
  }

  private async run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return done(op(db.transaction(SNAPSHOTS, mode).objectStore(SNAPSHOTS)));
  }

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const req = this.factory.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(SNAPSHOTS)) req.result.createObjectStore(SNAPSHOTS);
      };
      this.db = done(req);
      this.db.catch(() => {
        this.db = null; // try again next time (a private window that refused it may allow it later)
      });
    }
    return this.db;
  }
}

/** IndexedDB when the page has it, else memory (the app still works, without offline start). */
export function browserOfflineCache(): OfflineCache {
  return typeof indexedDB === 'undefined' ? new MemoryOfflineCache() : new IndexedDbOfflineCache(indexedDB);
}
