// Keeping the store in step with the server: the user list, the chat list, each chat's newest
// page, older pages on demand, and catch-up after a gap or a reconnect (after_seq from the
// chat's syncedSeq, page by page, one catch-up per chat at a time), followed by the change
// feed (edits, deletions, pins, hidden messages: message-lifecycle.ts) for a chat whose
// changeSeq moved. Every result is dropped if the session it was asked
// for has ended. Used only by ChatStore, through SyncHost; writes the users, chats, messages
// and pins slices.
//
// Loading and resyncing every chat runs at most CHATS_IN_FLIGHT chats at once, in the chat
// list's order (newest activity first); each chat is joined before it is caught up, and both
// resolve only once every chat is done (ChatStore sends its queues after that).
import type { ChatApi } from './api';
import { ApiError } from './errors';
import { forEachLimited } from './limited';
import type { MessageLifecycle } from './message-lifecycle';
import type { Realtime } from './realtime';
import type { ThreadActions } from './thread-actions';
import type { Slices } from './slices';
import { maxSeq, oldestStored } from './messages';
import { withAroundPage, withNewerPage, withNewestPage, withOlderPage, withWindowNewer, withWindowOlder } from './state';
import type { Chat, User } from './types';

/** Chats loaded or resynced at once; the others wait for one of them to finish. */
export const CHATS_IN_FLIGHT = 4;
/** Users per presence:subscribe (the server takes at most 200). */
const WATCH_CHUNK = 200;

/** What the synchroniser needs from the store. */
export interface SyncHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly pageSize: number;
  readonly slices: Slices;
  /** Reads the change feed of a chat whose changeSeq moved. */
  readonly lifecycle: MessageLifecycle;
  /** The followed threads, listed again after every connect. */
  readonly threads: ThreadActions;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud?: boolean): void;
}

export class ChatSync {
  private readonly host: SyncHost;
  private readonly catchUps = new Map<string, Promise<void>>();
  private readonly catchUpAgain = new Set<string>();
  private readonly discovering = new Set<string>();
  /** Orders user-list requests and presence events (see refreshUsers). */
  private usersMark = 0;
  private usersApplied = 0;
  private readonly presenceMark = new Map<string, number>();

  constructor(host: SyncHost) {
    this.host = host;
  }

  /** Forgets everything in flight (the session ended). */
  reset(): void {
    this.catchUps.clear();
    this.catchUpAgain.clear();
    this.discovering.clear();
    this.presenceMark.clear();
    this.watched.clear();
  }

  /** Users whose presence this client asked to hear (presence:subscribe), besides its contacts. */
  private readonly watched = new Set<string>();

  /**
   * Hears the presence of `users` from now on (the directory shows them): they become known
   * to the users slice, and the server is asked for their changes, and their presence now.
   */
  async watch(s: number, users: readonly User[]): Promise<void> {
    const known = this.host.slices.users;
    const fresh = users.filter((u) => !known.user(u.id));
    if (fresh.length > 0) known.set({ ...known.get(), ...Object.fromEntries(fresh.map((u) => [u.id, u])) });
    const ids = users.map((u) => u.id).filter((id) => !this.watched.has(id));
    for (const id of ids) this.watched.add(id);
    await this.subscribe(s, ids);
  }

  /** Stops hearing the presence of `userIds` (unless they are contacts). */
  async unwatch(userIds: readonly string[]): Promise<void> {
    const ids = userIds.filter((id) => this.watched.delete(id));
    if (ids.length === 0 || !this.host.realtime.isConnected()) return;
    for (let i = 0; i < ids.length; i += WATCH_CHUNK) {
      await this.host.realtime.request('presence:unsubscribe', { userIds: ids.slice(i, i + WATCH_CHUNK) });
    }
  }

  private async subscribe(s: number, ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || !this.host.realtime.isConnected()) return;
    for (let i = 0; i < ids.length; i += WATCH_CHUNK) {
      const mark = ++this.usersMark;
      const ack = await this.host.realtime.request('presence:subscribe', { userIds: ids.slice(i, i + WATCH_CHUNK) });
      if (s !== this.host.session()) return;
      for (const p of ack.presence) {
        // A users:update newer than the request says more than its answer.
        if ((this.presenceMark.get(p.userId) ?? 0) > mark) continue;
        const users = this.host.slices.users;
        const user = users.user(p.userId);
        if (!user) continue;
        const next: User = { ...user, isOnline: p.isOnline };
        if (p.lastSeen !== null) next.lastSeen = p.lastSeen;
        users.set({ ...users.get(), [p.userId]: next });
      }
    }
  }

  /** Users, chats, and the newest page of every chat not loaded yet. */
  async loadInitial(s: number): Promise<void> {
    try {
      await Promise.all([this.refreshUsers(s), this.refreshChats(s)]);
      const { chats, messages } = this.host.slices;
      await forEachLimited(chats.ids(), CHATS_IN_FLIGHT, async (id) => {
        if (s !== this.host.session() || messages.entry(id)?.loaded || chats.isLeft(id)) return;
        await this.loadNewest(s, id).catch((err: unknown) => {
          if (!this.leftGroup(id, err)) throw err;
        });
      });
    } catch (err) {
      this.host.handleError(err, s, false);
    }
  }

  /** After a (re)connect: fresh users and chats, every chat joined and caught up. */
  async resync(s: number): Promise<void> {
    try {
      // A new connection hears only its contacts: watch again whom this client watched.
      await Promise.all([this.refreshUsers(s), this.refreshChats(s), this.subscribe(s, [...this.watched])]);
      if (s !== this.host.session()) return;
      await forEachLimited(this.host.slices.chats.ids(), CHATS_IN_FLIGHT, (id) => this.syncChat(s, id));
      if (s === this.host.session()) await this.host.threads.refreshFollowed();
    } catch (err) {
      this.host.handleError(err, s, false);
    }
  }

  async syncChat(s: number, chatId: string): Promise<void> {
    if (s !== this.host.session()) return; // the session ended while this chat waited its turn
    // A group the user is no longer in answers nothing but forbidden: it keeps what it showed.
    if (this.host.slices.chats.isLeft(chatId)) return;
    try {
      await this.join(chatId);
      if (s !== this.host.session()) return;
      if (this.host.slices.messages.entry(chatId)?.loaded) {
        await this.catchUp(s, chatId);
        // What changed meanwhile in the messages held; a failure waits for the next connect.
        if (s === this.host.session() && this.host.lifecycle.behind(chatId)) {
          await this.host.lifecycle.catchUp(s, chatId).catch(() => undefined);
        }
      } else {
        await this.loadNewest(s, chatId);
      }
    } catch (err) {
      if (!this.leftGroup(chatId, err)) throw err;
    } finally {
      // Caught up (or tried to be): what the offline snapshot put back counts as current now.
      if (s === this.host.session()) {
        this.host.slices.messages.patch(chatId, (st) => (st.cached ? { ...st, cached: false } : st));
      }
    }
  }

  /** A group that answers forbidden is one the user is no longer in (chat:removed was missed). */
  leftGroup(chatId: string, err: unknown): boolean {
    const chats = this.host.slices.chats;
    if (!(err instanceof ApiError) || err.status !== 403 || chats.chat(chatId)?.kind !== 'group') return false;
    chats.markLeft(chatId);
    return true;
  }

  /** Joins the chat's room (pin events; marks what was sent to us DELIVERED). */
  async join(chatId: string): Promise<void> {
    await this.host.realtime.request('chat:join', { chatId }).catch(() => undefined);
  }

  async loadNewest(s: number, chatId: string): Promise<void> {
    // The page is at least as current as the chat's changeSeq known before asking for it.
    const changeSeq = this.host.slices.chats.chat(chatId)?.changeSeq ?? 0;
    const page = await this.host.api.messages(this.token(), chatId, { limit: this.host.pageSize });
    if (s !== this.host.session()) return;
    this.host.slices.messages.patch(chatId, (st) => withNewestPage(st, page, this.host.pageSize, changeSeq));
  }

  /** Loads the page before the oldest held message; resolves to how many came. */
  async loadOlder(s: number, chatId: string): Promise<number> {
    const messages = this.host.slices.messages;
    const st = messages.entry(chatId);
    if (s !== this.host.session() || !st || !st.loaded || !st.hasOlder || st.loadingOlder) return 0;
    const oldest = oldestStored(st.items);
    if (!oldest) return 0;
    messages.patch(chatId, (m) => ({ ...m, loadingOlder: true }));
    try {
      const page = await this.host.api.messages(this.token(), chatId, { before: oldest.id, limit: this.host.pageSize });
      if (s !== this.host.session()) return 0;
      messages.patch(chatId, (m) => withOlderPage(m, page, this.host.pageSize));
      return page.length;
    } catch (err) {
      if (s === this.host.session()) messages.patch(chatId, (m) => ({ ...m, loadingOlder: false }));
      this.host.handleError(err, s);
      return 0;
    }
  }

  /** Loads older pages until `messageId` is held (for jumping to a pinned message). */
  async ensureLoaded(s: number, chatId: string, messageId: string): Promise<boolean> {
    const messages = this.host.slices.messages;
    for (let i = 0; i < 100; i++) {
      const st = messages.entry(chatId);
      if (st?.items.some((m) => m.id === messageId)) return true;
      if (!st?.hasOlder) return false;
      if (st.loadingOlder) {
        await new Promise<void>((resolve) => {
          const off = messages.subscribeEntry(chatId, () => {
            if (!messages.entry(chatId)?.loadingOlder) {
              off();
              resolve();
            }
          });
        });
        continue;
      }
      if ((await this.loadOlder(s, chatId)) === 0 && !messages.entry(chatId)?.hasOlder) {
        return messages.find(chatId, messageId) !== undefined;
      }
    }
    return false;
  }

  /**
   * Makes `messageId` held, however far back: the page around it (history around=) when it is
   * not held already, kept apart from the newest messages as a window when a gap lies between.
   * Resolves to whether it is held now.
   */
  async loadAround(s: number, chatId: string, messageId: string): Promise<boolean> {
    const messages = this.host.slices.messages;
    if (messages.find(chatId, messageId)) return true;
    const page = await this.host.api.messages(this.token(), chatId, { around: messageId, limit: this.host.pageSize });
    if (s !== this.host.session()) return false;
    messages.patch(chatId, (st) => withAroundPage(st, page));
    return messages.find(chatId, messageId) !== undefined;
  }

  /** The page before the window's oldest message. */
  async loadWindowOlder(s: number, chatId: string): Promise<void> {
    const messages = this.host.slices.messages;
    const w = messages.entry(chatId)?.window;
    const oldest = w ? oldestStored(w.items) : undefined;
    if (!w || !oldest || !w.hasOlder || w.loadingOlder) return;
    messages.patch(chatId, (st) => (st.window ? { ...st, window: { ...st.window, loadingOlder: true } } : st));
    try {
      const page = await this.host.api.messages(this.token(), chatId, { before: oldest.id, limit: this.host.pageSize });
      if (s !== this.host.session()) return;
      messages.patch(chatId, (st) => withWindowOlder(st, page, this.host.pageSize));
    } catch (err) {
      if (s !== this.host.session()) return;
      messages.patch(chatId, (st) => (st.window ? { ...st, window: { ...st.window, loadingOlder: false } } : st));
      this.host.handleError(err, s);
    }
  }

  /** The page after the window's newest message; the window joins the newest messages once it reaches them. */
  async loadWindowNewer(s: number, chatId: string): Promise<void> {
    const messages = this.host.slices.messages;
    const w = messages.entry(chatId)?.window;
    if (!w || w.loadingNewer) return;
    const after = maxSeq(w.items);
    messages.patch(chatId, (st) => (st.window ? { ...st, window: { ...st.window, loadingNewer: true } } : st));
    try {
      const page = await this.host.api.messages(this.token(), chatId, { afterSeq: after, limit: this.host.pageSize });
      if (s !== this.host.session()) return;
      messages.patch(chatId, (st) => withWindowNewer(st, page, this.host.pageSize));
    } catch (err) {
      if (s !== this.host.session()) return;
      messages.patch(chatId, (st) => (st.window ? { ...st, window: { ...st.window, loadingNewer: false } } : st));
      this.host.handleError(err, s);
    }
  }

  /** Fetches everything after syncedSeq, page by page; one catch-up per chat at a time. */
  catchUp(s: number, chatId: string): Promise<void> {
    const running = this.catchUps.get(chatId);
    if (running) {
      this.catchUpAgain.add(chatId);
      return running;
    }
    const run = (async () => {
      do {
        this.catchUpAgain.delete(chatId);
        for (;;) {
          const after = this.host.slices.messages.entry(chatId)?.syncedSeq ?? 0;
          const page = await this.host.api.messages(this.token(), chatId, {
            afterSeq: after,
            limit: this.host.pageSize,
          });
          if (s !== this.host.session()) return;
          this.host.slices.messages.patch(chatId, (st) => withNewerPage(st, page));
          if (page.length < this.host.pageSize) break;
        }
      } while (this.catchUpAgain.has(chatId) && s === this.host.session());
    })().finally(() => {
      if (this.catchUps.get(chatId) === run) this.catchUps.delete(chatId);
    });
    this.catchUps.set(chatId, run);
    return run;
  }

  /** A message came for a chat this client did not know: someone started it. */
  async discoverChat(s: number, chatId: string): Promise<void> {
    if (this.discovering.has(chatId)) return;
    this.discovering.add(chatId);
    try {
      const chat = await this.host.api.chat(this.token(), chatId);
      if (s !== this.host.session()) return;
      this.addChat(chat);
      if (chat.participants.some((p) => !this.host.slices.users.user(p))) await this.refreshUsers(s);
      await this.syncChat(s, chatId);
    } catch (err) {
      this.host.handleError(err, s, false);
    } finally {
      this.discovering.delete(chatId);
    }
  }

  addChat(chat: Chat): void {
    this.host.slices.chats.add(chat);
  }

  /** A presence event for `userId` arrived (newer than any user list asked for before it). */
  notePresence(userId: string): void {
    this.presenceMark.set(userId, ++this.usersMark);
  }

  async refreshUsers(s: number): Promise<void> {
    // Answers may come back out of order, and presence events may overtake them: apply a list
    // only if no later one was applied, and keep presence that changed meanwhile.
    const mark = ++this.usersMark;
    // Every user, so that any name a message shows (a forward's original sender) is known;
    // users met elsewhere (the directory) stay known too.
    const list = await this.host.api.users(this.token());
    if (s !== this.host.session() || mark < this.usersApplied) return;
    this.usersApplied = mark;
    const known = this.host.slices.users;
    const users: Record<string, User> = { ...known.get() };
    for (const u of list) {
      const current = known.user(u.id);
      const changedSince = (this.presenceMark.get(u.id) ?? 0) > mark;
      users[u.id] = changedSince && current ? { ...u, isOnline: current.isOnline, lastSeen: current.lastSeen } : u;
    }
    const me = this.host.slices.session.me();
    if (me && !users[me.id]) users[me.id] = { ...me, isOnline: true };
    known.set(users);
  }

  async refreshChats(s: number): Promise<void> {
    const list = await this.host.api.chats(this.token());
    if (s !== this.host.session()) return;
    this.host.slices.chats.merge(list);
  }

  async loadPinned(chatId: string): Promise<void> {
    const s = this.host.session();
    if (!this.host.realtime.isConnected()) return;
    try {
      const ack = await this.host.realtime.request('chat:get-pinned', { chatId });
      if (s === this.host.session()) this.host.slices.pins.setList(chatId, ack.messages);
    } catch {
      // Loaded again on the next connect.
    }
  }

  private token(): string {
    return this.host.slices.session.token();
  }
}
