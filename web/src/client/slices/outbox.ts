// The outbox slice: the signed-in user's messages the server has not acknowledged yet, oldest
// first (../outbox.ts keeps them in storage). Its value is the list, so the composer can show
// how many wait without reading any chat's messages. Closed (empty, refusing additions) while
// nobody is signed in.
import { Outbox, type OutboxItem } from '../outbox';
import type { KeyValueStorage } from '../storage';
import { Slice } from './slice';

const NONE: readonly OutboxItem[] = [];

export class OutboxSlice extends Slice<readonly OutboxItem[]> {
  private readonly storage: KeyValueStorage;
  private outbox: Outbox | null = null;

  constructor(storage: KeyValueStorage) {
    super(NONE);
    this.storage = storage;
  }

  /** Opens `userId`'s outbox as storage holds it; returns its items. */
  open(userId: string): readonly OutboxItem[] {
    this.outbox = new Outbox(this.storage, `parley.outbox.${userId}`);
    this.sync();
    return this.get();
  }

  /** Closes it; what storage holds stays for the next session of the same user. */
  close(): void {
    this.outbox = null;
    this.set(NONE);
  }

  isOpen(): boolean {
    return this.outbox !== null;
  }

  first(): OutboxItem | undefined {
    return this.outbox?.first();
  }

  add(item: OutboxItem): void {
    this.outbox?.add(item);
    this.sync();
  }

  remove(clientMessageId: string): void {
    this.outbox?.remove(clientMessageId);
    this.sync();
  }

  /** Empties it, in storage too (logout). */
  clear(): void {
    this.outbox?.clear();
    this.sync();
  }

  private sync(): void {
    this.set(this.outbox?.list() ?? NONE);
  }
}
