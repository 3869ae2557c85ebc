// Keeps the signed-in user's offline snapshot (offline-cache.ts) in step with the state, and
// puts it back when a session starts, before (or while) the server answers: the chats, their
// people and their newest messages, and any outbox item the synchronous storage lost. Used
// only by ChatStore. What the server says always wins: a chat whose messages were loaded is
// not touched, known users are not replaced, and a newest page that does not join up with the
// cached messages replaces them (state.ts withNewestPage).
import type { CachedChatMessages, OfflineCache, OfflineSnapshot } from './offline-cache';
import type { OutboxItem } from './outbox';
import type { Slices } from './slices';
import { withNewestPage } from './state';
import type { ChatMessage, User, ViewMessage } from './types';

export interface OfflineKeeperOptions {
  cache: OfflineCache;
  slices: Slices;
  /** Messages kept per chat (one page: what opening the chat shows first). */
  pageSize: number;
  /** Wait after a change before writing, so a burst of messages is one write. */
  saveDelayMs?: number;
}

function stored(m: ViewMessage): ChatMessage {
  const { pending: _p, failed: _f, localOrder: _l, ...rest } = m;
  return rest;
}

export class OfflineKeeper {
  private readonly o: OfflineKeeperOptions;
  private userId: string | null = null;
  private offs: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Nothing is written until the snapshot was read: an early write would replace it. */
  private loaded = false;

  constructor(options: OfflineKeeperOptions) {
    this.o = options;
  }

  /**
   * Starts keeping `userId`'s snapshot, and restores it into the slices unless `current()`
   * says the session ended meanwhile; resolves to the outbox items it restored.
   */
  async start(userId: string, current: () => boolean): Promise<OutboxItem[]> {
    this.stop();
    this.userId = userId;
    const { chats, messages, users, outbox } = this.o.slices;
    this.offs = [chats, messages, users, outbox].map((s) => s.subscribe(() => this.schedule()));
    let snapshot: OfflineSnapshot | null = null;
    try {
      snapshot = await this.o.cache.load(userId);
    } catch {
      // No snapshot: the app starts empty and fills from the server, as without one.
    }
    if (!current() || this.userId !== userId) return [];
    this.loaded = true;
    const restored = snapshot ? this.restore(userId, snapshot) : [];
    this.schedule();
    return restored;
  }

  /** Stops keeping the snapshot; writes what is pending first unless the user logged out. */
  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.write();
    }
    this.userId = null;
    this.loaded = false;
  }

  /** Forgets `userId`'s snapshot (logout: nothing of theirs stays on the device). */
  async forget(userId: string): Promise<void> {
    if (this.userId === userId) {
      for (const off of this.offs) off();
      this.offs = [];
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      this.userId = null;
      this.loaded = false;
    }
    await this.o.cache.remove(userId).catch(() => undefined);
  }

  /** The snapshot of the current state (exported for tests). */
  snapshot(): OfflineSnapshot {
    const { chats, messages, users, outbox, session } = this.o.slices;
    const chatList = Object.values(chats.get().byId);
    const byChat: Record<string, CachedChatMessages> = {};
    const people = new Set<string>();
    const me = session.me();
    if (me) people.add(me.id);
    for (const chat of chatList) {
      for (const p of chat.participants) people.add(p);
      const st = messages.entry(chat.id);
      if (!st?.loaded) continue;
      // Only what is known complete, so the kept messages have no gap.
      const complete = st.items.filter((m) => !m.pending && m.failed === undefined && m.seq <= st.syncedSeq);
      const kept = complete.slice(-this.o.pageSize);
      for (const m of kept) if (m.originalSenderId) people.add(m.originalSenderId);
      byChat[chat.id] = {
        items: kept.map(stored),
        hasOlder: st.hasOlder || complete.length > kept.length,
        changeSeq: st.changeSeq,
      };
    }
    const known = users.get();
    const userList: User[] = [...people].flatMap((id) => known[id] ?? []);
    return { users: userList, chats: chatList, messages: byChat, outbox: [...outbox.get()] };
  }

  private restore(userId: string, snap: OfflineSnapshot): OutboxItem[] {
    const { chats, messages, users, outbox } = this.o.slices;
    const known = users.get();
    const missing = snap.users.filter((u) => !known[u.id]);
    if (missing.length > 0) users.set({ ...known, ...Object.fromEntries(missing.map((u) => [u.id, u])) });
    const newChats = snap.chats.filter((c) => !chats.chat(c.id));
    if (newChats.length > 0 || (!chats.get().ready && snap.chats.length > 0)) chats.restore(newChats);
    for (const [chatId, cached] of Object.entries(snap.messages)) {
      if (messages.entry(chatId)?.loaded || cached.items.length === 0) continue;
      messages.patch(chatId, (st) => ({
        ...withNewestPage(st, cached.items, this.o.pageSize),
        hasOlder: cached.hasOlder,
        cached: true,
        // As current as when it was written: the change feed brings the rest once connected.
        changeSeq: cached.changeSeq ?? 0,
      }));
    }
    // The outbox's own storage is written synchronously and is normally complete; an item it
    // lacks (storage cleared, full) comes back from here.
    const lost = snap.outbox.filter((i) => !outbox.get().some((o) => o.clientMessageId === i.clientMessageId));
    for (const item of lost) {
      outbox.add(item);
      messages.addPending(item, userId);
    }
    return lost;
  }

  private schedule(): void {
    if (!this.loaded || this.userId === null || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, this.o.saveDelayMs ?? 300);
  }

  private write(): void {
    const userId = this.userId;
    if (userId === null || !this.loaded) return;
    void this.o.cache.save(userId, this.snapshot()).catch(() => undefined);
  }
}
