// Keeping the store in step with the server: the user list, the chat list, each chat's newest
// page, and catch-up after a gap or a reconnect (after_seq from the chat's syncedSeq, page by
// page, one catch-up per chat at a time). Every result is dropped if the session it was asked
// for has ended. Used only by ChatStore, through SyncHost.
import type { ChatApi } from './api';
import type { Realtime } from './realtime';
import { sortPinned, withNewerPage, withNewestPage, type ChatMessagesState, type ChatState } from './state';
import type { Chat, User } from './types';

/** What the synchroniser needs from the store. */
export interface SyncHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly pageSize: number;
  session(): number;
  state(): ChatState;
  set(patch: Partial<ChatState>): void;
  patchMessages(chatId: string, fn: (st: ChatMessagesState) => ChatMessagesState): void;
  /** The session's token; throws an ApiError 401 when signed out. */
  token(): string;
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
  }

  /** Users, chats, and the newest page of every chat not loaded yet. */
  async loadInitial(s: number): Promise<void> {
    try {
      await Promise.all([this.refreshUsers(s), this.refreshChats(s)]);
      await Promise.all(
        Object.keys(this.host.state().chats).map((id) =>
          this.host.state().messages[id]?.loaded ? Promise.resolve() : this.loadNewest(s, id),
        ),
      );
    } catch (err) {
      this.host.handleError(err, s, false);
    }
  }

  /** After a (re)connect: fresh users and chats, every chat joined and caught up. */
  async resync(s: number): Promise<void> {
    try {
      await Promise.all([this.refreshUsers(s), this.refreshChats(s)]);
      if (s !== this.host.session()) return;
      await Promise.all(Object.keys(this.host.state().chats).map((id) => this.syncChat(s, id)));
    } catch (err) {
      this.host.handleError(err, s, false);
    }
  }

  async syncChat(s: number, chatId: string): Promise<void> {
    await this.join(chatId);
    if (s !== this.host.session()) return;
    if (this.host.state().messages[chatId]?.loaded) await this.catchUp(s, chatId);
    else await this.loadNewest(s, chatId);
  }

  /** Joins the chat's room (pin events; marks what was sent to us DELIVERED). */
  async join(chatId: string): Promise<void> {
    await this.host.realtime.request('chat:join', { chatId }).catch(() => undefined);
  }

  async loadNewest(s: number, chatId: string): Promise<void> {
    const page = await this.host.api.messages(this.host.token(), chatId, { limit: this.host.pageSize });
    if (s !== this.host.session()) return;
    this.host.patchMessages(chatId, (st) => withNewestPage(st, page, this.host.pageSize));
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
          const after = this.host.state().messages[chatId]?.syncedSeq ?? 0;
          const page = await this.host.api.messages(this.host.token(), chatId, {
            afterSeq: after,
            limit: this.host.pageSize,
          });
          if (s !== this.host.session()) return;
          this.host.patchMessages(chatId, (st) => withNewerPage(st, page));
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
      const chat = await this.host.api.chat(this.host.token(), chatId);
      if (s !== this.host.session()) return;
      this.addChat(chat);
      if (chat.participants.some((p) => !this.host.state().users[p])) await this.refreshUsers(s);
      await this.syncChat(s, chatId);
    } catch (err) {
      this.host.handleError(err, s, false);
    } finally {
      this.discovering.delete(chatId);
    }
  }

  addChat(chat: Chat): void {
    this.host.set({ chats: { ...this.host.state().chats, [chat.id]: chat } });
  }

  /** A presence event for `userId` arrived (newer than any user list asked for before it). */
  notePresence(userId: string): void {
    this.presenceMark.set(userId, ++this.usersMark);
  }

  async refreshUsers(s: number): Promise<void> {
    // Answers may come back out of order, and presence events may overtake them: apply a list
    // only if no later one was applied, and keep presence that changed meanwhile.
    const mark = ++this.usersMark;
    const list = await this.host.api.users(this.host.token());
    if (s !== this.host.session() || mark < this.usersApplied) return;
    this.usersApplied = mark;
    const state = this.host.state();
    const users: Record<string, User> = {};
    for (const u of list) {
      const current = state.users[u.id];
      const changedSince = (this.presenceMark.get(u.id) ?? 0) > mark;
      users[u.id] = changedSince && current ? { ...u, isOnline: current.isOnline, lastSeen: current.lastSeen } : u;
    }
    const me = state.auth.user;
    if (me && !users[me.id]) users[me.id] = { ...me, isOnline: true };
    this.host.set({ users });
  }

  async refreshChats(s: number): Promise<void> {
    const list = await this.host.api.chats(this.host.token());
    if (s !== this.host.session()) return;
    const chats: Record<string, Chat> = { ...this.host.state().chats };
    for (const c of list) chats[c.id] = c;
    this.host.set({ chats, ready: true });
  }

  async loadPinned(chatId: string): Promise<void> {
    const s = this.host.session();
    if (!this.host.realtime.isConnected()) return;
    try {
      const ack = await this.host.realtime.request('chat:get-pinned', { chatId });
      if (s === this.host.session()) {
        this.host.set({ pinned: { ...this.host.state().pinned, [chatId]: sortPinned(ack.messages) } });
      }
    } catch {
      // Loaded again on the next connect.
    }
  }
}
