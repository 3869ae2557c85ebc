// The held slice: the signed-in user's messages held for a moderator's review (or rejected
// while held), oldest first, as ../held.ts describes them. Kept in storage per user, so a
// reload shows them again; it follows the messages slice by itself (reconcileHeld): a held
// message the server delivered leaves it, one a moderator rejected is kept as rejected. Closed
// (empty, refusing additions) while nobody is signed in.
import { HELD_KEPT, isHeldItem, reconcileHeld, withHeldItem, type HeldItem } from '../held';
import type { OutboxItem } from '../outbox';
import { readJson, type KeyValueStorage } from '../storage';
import type { MessagesSlice } from './messages';
import { Slice } from './slice';

const NONE: readonly HeldItem[] = [];

function isHeldList(v: unknown): v is HeldItem[] {
  return Array.isArray(v) && v.every(isHeldItem);
}

export class HeldSlice extends Slice<readonly HeldItem[]> {
  private readonly storage: KeyValueStorage;
  private readonly messages: MessagesSlice;
  private readonly limit: number;
  private key: string | null = null;

  /** Stored under `parley.held.${userId}`, at most `limit` items. */
  constructor(storage: KeyValueStorage, messages: MessagesSlice, limit = HELD_KEPT) {
    super(NONE);
    this.storage = storage;
    this.messages = messages;
    this.limit = limit;
    messages.subscribe(() => this.reconcile());
  }

  /** Opens `userId`'s list as storage holds it; returns its items. */
  open(userId: string): readonly HeldItem[] {
    this.key = `parley.held.${userId}`;
    const kept = readJson(this.storage, this.key, isHeldList) ?? [];
    this.set(kept.length > this.limit ? kept.slice(kept.length - this.limit) : kept);
    return this.get();
  }

  /** Closes it; what storage holds stays for the next session of the same user. */
  close(): void {
    this.key = null;
    this.set(NONE);
  }

  isOpen(): boolean {
    return this.key !== null;
  }

  /** The send `item` is held for review: kept as the newest (the oldest beyond the limit go). */
  add(item: OutboxItem): void {
    if (this.key === null) return;
    this.put(withHeldItem(this.get(), { ...item, state: 'held' }, this.limit));
  }

  remove(clientMessageId: string): void {
    if (this.key === null) return;
    const next = this.get().filter((h) => h.clientMessageId !== clientMessageId);
    if (next.length !== this.get().length) this.put(next);
  }

  /** Empties it, in storage too (logout). */
  clear(): void {
    if (this.key !== null) this.storage.removeItem(this.key);
    this.set(NONE);
  }

  private reconcile(): void {
    if (this.key === null || this.get().length === 0) return;
    const next = reconcileHeld(this.get(), this.messages.get());
    if (next !== this.get()) this.put(next);
  }

  private put(next: readonly HeldItem[]): void {
    this.set(next.length === 0 ? NONE : next);
    if (this.key === null) return;
    try {
      if (next.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or refused: the list still works for this page's life.
    }
  }
}
