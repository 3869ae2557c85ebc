// A keyed slice of strings kept in storage per user, for what the client alone knows and must
// survive a reload: the drafts (chat id -> text not sent yet) and the times messages were
// written (clientMessageId -> ISO time, for messages that waited in the outbox). Closed (empty,
// refusing changes) while nobody is signed in; opening reads the user's entries from storage.
// Entries keep the order they were last set in; with a limit, the oldest go first.
import { readJson, type KeyValueStorage } from '../storage';
import { KeyedSlice } from './slice';

const NONE: Readonly<Record<string, string>> = Object.freeze({});

function isStringRecord(v: unknown): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'string');
}

export class StoredRecordSlice extends KeyedSlice<string> {
  private readonly storage: KeyValueStorage;
  private readonly prefix: string;
  private readonly limit: number;
  private key: string | null = null;

  /** Stored under `${prefix}${userId}`, at most `limit` entries. */
  constructor(storage: KeyValueStorage, prefix: string, limit = Infinity) {
    super(NONE);
    this.storage = storage;
    this.prefix = prefix;
    this.limit = limit;
  }

  open(userId: string): void {
    this.key = `${this.prefix}${userId}`;
    this.set(readJson(this.storage, this.key, isStringRecord) ?? NONE);
  }

  /** Closes it; storage keeps the entries for the user's next session. */
  close(): void {
    this.key = null;
    this.set(NONE);
  }

  /** Sets one entry; an empty value removes it. */
  put(id: string, value: string): void {
    if (this.key === null || this.entry(id) === value || (value === '' && this.entry(id) === undefined)) return;
    const { [id]: _old, ...rest } = this.get();
    const entries = Object.entries(rest);
    if (value !== '') entries.push([id, value]);
    this.set(Object.fromEntries(entries.slice(Math.max(0, entries.length - this.limit))));
    this.save();
  }

  remove(id: string): void {
    this.put(id, '');
  }

  /** Empties it, in storage too (logout). */
  clear(): void {
    if (this.key !== null) this.storage.removeItem(this.key);
    this.set(NONE);
  }

  private save(): void {
    if (this.key === null) return;
    try {
      const all = this.get();
      if (Object.keys(all).length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(all));
    } catch {
      // Storage full or refused: the entries still work for this page's life.
    }
  }
}
