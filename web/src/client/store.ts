// The client's state and everything that changes it: the signed-in user, users with presence,
// chats, each chat's messages (history merged with live events), pins, the connection, the
// outbox of unacknowledged messages and read receipts waiting to go out. Plain TypeScript:
// React reads it through subscribe()/getState() (useSyncExternalStore) and calls its actions.
// The fetching and catch-up live in sync.ts, the outgoing queues in delivery.ts, the state's
// shape and pure transitions in state.ts.
//
// Consistency rules (see messages.ts for the list-level ones):
//  - per chat, `syncedSeq` is the seq up to which the held messages are known complete; a live
//    message beyond syncedSeq + 1 means some were missed, and a catch-up (after_seq) fills the
//    gap; every (re)connect catches every chat up the same way;
//  - the outbox is sent one message at a time in the order written, only while connected; a
//    message whose acknowledgement is lost stays in the outbox and is sent again with the same
//    clientMessageId, which the server stores once;
//  - every asynchronous result is dropped if the session it belongs to has ended.
import type { ChatApi, DirectoryPage } from './api';
import { ApiError, errorMessage } from './errors';
import {
  addPending,
  applyStatus,
  hasUnreadUpTo,
  markFailed,
  markReadUpTo,
  mergeMessages,
  oldestStored,
  pendingId,
  removeMessage,
} from './messages';
import { Outbox, newClientMessageId, type OutboxItem } from './outbox';
import type { Realtime } from './realtime';
import {
  EMPTY_MESSAGES,
  EXPIRED_NOTICE,
  SIGNED_OUT_NOTICE,
  NOTICE_KEY,
  TOKEN_KEY,
  USER_KEY,
  anonymous,
  isUser,
  sortPinned,
  withLiveMessage,
  withOlderPage,
  type ChatMessagesState,
  type ChatState,
} from './state';
import { readJson, type KeyValueStorage } from './storage';
import { Delivery } from './delivery';
import { ChatSync } from './sync';
import type { ChatMessage, PresenceEvent, RealtimeEvent, StatusEvent, User, ViewMessage } from './types';

export type { AuthState, ChatMessagesState, ChatState } from './state';
export { EXPIRED_NOTICE, NOTICE_KEY, SIGNED_OUT_NOTICE, TOKEN_KEY, USER_KEY } from './state';

export interface StoreOptions {
  api: ChatApi;
  realtime: Realtime;
  storage: KeyValueStorage;
  /** Read receipts seen within this many ms go out as one chat:read. */
  readDelayMs?: number;
  /** Wait before sending the outbox again after a timeout or rate limit while connected. */
  retryDelayMs?: number;
  pageSize?: number;
  requestTimeoutMs?: number;
  isBrowserOnline?: () => boolean;
  now?: () => Date;
}

export class ChatStore {
  private state: ChatState = anonymous(null);
  private readonly listeners = new Set<() => void>();
  private readonly api: ChatApi;
  private readonly realtime: Realtime;
  private readonly storage: KeyValueStorage;
  private readonly pageSize: number;
  private readonly isBrowserOnline: () => boolean;
  private readonly now: () => Date;
  private readonly unsubscribeRealtime: () => void;

  /** Bumped whenever a session starts or ends; async work of an older session is dropped. */
  private session = 0;
  private outbox: Outbox | null = null;
  private readonly sync: ChatSync;
  private readonly delivery: Delivery;
  private toastId = 0;
  private localOrder = 0;

  constructor(options: StoreOptions) {
    this.api = options.api;
    this.realtime = options.realtime;
    this.storage = options.storage;
    this.pageSize = options.pageSize ?? 50;
    this.isBrowserOnline = options.isBrowserOnline ?? (() => true);
    this.now = options.now ?? (() => new Date());
    this.sync = new ChatSync({
      api: this.api,
      realtime: this.realtime,
      pageSize: this.pageSize,
      session: () => this.session,
      state: () => this.state,
      set: (patch) => this.set(patch),
      patchMessages: (chatId, fn) => this.patchMessages(chatId, fn),
      token: () => this.requireToken(),
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.delivery = new Delivery(
      {
        realtime: this.realtime,
        session: () => this.session,
        outbox: () => this.outbox,
        receive: (m) => this.receive(m),
        refused: (item, reason) => {
          this.patchMessages(item.chatId, (m) => ({ ...m, items: markFailed(m.items, item.clientMessageId, reason) }));
          this.showToast(`Message not sent: ${reason}`);
        },
      },
      {
        readDelayMs: options.readDelayMs ?? 150,
        retryDelayMs: options.retryDelayMs ?? 2000,
        requestTimeoutMs: options.requestTimeoutMs ?? 10000,
      },
    );
    this.unsubscribeRealtime = this.realtime.subscribe((e) => this.onRealtime(e));
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  me(): User | null {
    return this.state.auth.user;
  }

  /** Messages of the outbox, oldest first (for tests and the UI's pending count). */
  outboxItems(): readonly OutboxItem[] {
    return this.outbox?.list() ?? [];
  }

  // ------------------------------------------------------------------------------------------
  // Authentication

  /** Resumes the session saved in storage, if any; checks the token in the background. */
  async init(): Promise<void> {
    const token = this.storage.getItem(TOKEN_KEY);
    const user = readJson(this.storage, USER_KEY, isUser);
    if (!token || !user) {
      this.set(anonymous(this.storage.getItem(NOTICE_KEY)));
      return;
    }
    const s = this.startSession(token, user);
    try {
      const me = await this.api.me(token);
      if (s !== this.session) return;
      this.storage.setItem(USER_KEY, JSON.stringify(me));
      this.set({ auth: { ...this.state.auth, user: me } });
    } catch (err) {
      // Offline or server down: keep the saved session, the socket will retry.
      this.handleError(err, s, false);
    }
  }

  async login(email: string, password: string): Promise<void> {
    const r = await this.api.login(email.trim(), password);
    this.startSession(r.accessToken, r.user);
  }

  async register(email: string, name: string, password: string): Promise<void> {
    const r = await this.api.register(email.trim(), name.trim(), password);
    this.startSession(r.accessToken, r.user);
  }

  async logout(): Promise<void> {
    const token = this.state.auth.token;
    this.outbox?.clear();
    this.endSession(null);
    if (token) await this.api.logout(token).catch(() => undefined);
  }

  /** Back to the login page with a message: the token was refused. */
  expire(notice = EXPIRED_NOTICE): void {
    if (this.state.auth.status !== 'authenticated') return;
    this.endSession(notice);
  }

  dismissNotice(): void {
    this.storage.removeItem(NOTICE_KEY);
    if (this.state.auth.notice) this.set({ auth: { ...this.state.auth, notice: null } });
  }

  /** Stops everything (the page is going away); what storage holds stays for the next load. */
  destroy(): void {
    this.endSession(null, false);
    this.unsubscribeRealtime();
    this.listeners.clear();
  }

  private startSession(token: string, user: User): number {
    this.endSession(null, false);
    const s = ++this.session;
    this.storage.setItem(TOKEN_KEY, token);
    this.storage.setItem(USER_KEY, JSON.stringify(user));
    this.storage.removeItem(NOTICE_KEY);
    this.outbox = new Outbox(this.storage, `parley.outbox.${user.id}`);
    const messages: Record<string, ChatMessagesState> = {};
    for (const item of this.outbox.list()) {
      const st = messages[item.chatId] ?? EMPTY_MESSAGES;
      messages[item.chatId] = { ...st, items: addPending(st.items, this.pendingMessage(item, user.id)) };
    }
    this.set({
      ...anonymous(null),
      auth: { status: 'authenticated', token, user, notice: null },
      connection: 'connecting',
      users: { [user.id]: user },
      messages,
    });
    this.realtime.connect(token);
    void this.sync.loadInitial(s);
    return s;
  }

  private endSession(notice: string | null, reset = true): void {
    this.session++;
    this.realtime.disconnect();
    this.delivery.reset();
    this.sync.reset();
    this.outbox = null;
    if (reset) {
      this.storage.removeItem(TOKEN_KEY);
      this.storage.removeItem(USER_KEY);
      if (notice) this.storage.setItem(NOTICE_KEY, notice);
      else this.storage.removeItem(NOTICE_KEY);
      this.set(anonymous(notice));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Chats and history

  /** Opens a chat (null: none), loading its newest page and pins when needed. */
  openChat(chatId: string | null): void {
    if (this.state.activeChatId === chatId) return;
    this.set({ activeChatId: chatId });
    if (!chatId) return;
    const s = this.session;
    if (!this.state.messages[chatId]?.loaded) void this.sync.loadNewest(s, chatId).catch((e) => this.handleError(e, s));
    void this.sync.loadPinned(chatId);
  }

  /** Opens (creating if needed) the private chat with `userId`; resolves to its id. */
  async startChatWith(userId: string): Promise<string> {
    const s = this.session;
    const token = this.requireToken();
    try {
      const chat = await this.api.openPrivateChat(token, userId);
      if (s !== this.session) return chat.id;
      this.sync.addChat(chat);
      void this.sync.join(chat.id);
      this.openChat(chat.id);
      return chat.id;
    } catch (err) {
      this.handleError(err, s);
      throw err;
    }
  }

  /** Loads the page before the oldest held message; resolves to how many came. */
  async loadOlder(chatId: string): Promise<number> {
    const st = this.state.messages[chatId];
    if (!st || !st.loaded || !st.hasOlder || st.loadingOlder) return 0;
    const oldest = oldestStored(st.items);
    if (!oldest) return 0;
    const s = this.session;
    this.patchMessages(chatId, (m) => ({ ...m, loadingOlder: true }));
    try {
      const page = await this.api.messages(this.requireToken(), chatId, { before: oldest.id, limit: this.pageSize });
      if (s !== this.session) return 0;
      this.patchMessages(chatId, (m) => withOlderPage(m, page, this.pageSize));
      return page.length;
    } catch (err) {
      if (s === this.session) this.patchMessages(chatId, (m) => ({ ...m, loadingOlder: false }));
      this.handleError(err, s);
      return 0;
    }
  }

  /** Loads older pages until `messageId` is held (for jumping to a pinned message). */
  async ensureLoaded(chatId: string, messageId: string): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      const st = this.state.messages[chatId];
      if (st?.items.some((m) => m.id === messageId)) return true;
      if (!st?.hasOlder) return false;
      if (st.loadingOlder) {
        await new Promise<void>((resolve) => {
          const off = this.subscribe(() => {
            if (!this.state.messages[chatId]?.loadingOlder) {
              off();
              resolve();
            }
          });
        });
        continue;
      }
      if ((await this.loadOlder(chatId)) === 0 && !this.state.messages[chatId]?.hasOlder) {
        return this.state.messages[chatId]?.items.some((m) => m.id === messageId) ?? false;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  /** Queues a message and sends it now if connected, else on reconnect. */
  send(chatId: string, content: string): void {
    const user = this.state.auth.user;
    if (!user || !this.outbox || content.trim() === '') return;
    const item: OutboxItem = {
      clientMessageId: newClientMessageId(),
      chatId,
      content,
      createdAt: this.now().toISOString(),
    };
    this.outbox.add(item);
    this.patchMessages(chatId, (m) => ({ ...m, items: addPending(m.items, this.pendingMessage(item, user.id)) }));
    void this.delivery.flushOutbox();
  }

  /** Puts a message the server refused back into the outbox. */
  retry(chatId: string, messageId: string): void {
    const user = this.state.auth.user;
    const m = this.state.messages[chatId]?.items.find((x) => x.id === messageId);
    if (!user || !this.outbox || !m || m.failed === undefined || !m.clientMessageId) return;
    const item: OutboxItem = { clientMessageId: m.clientMessageId, chatId, content: m.content, createdAt: m.createdAt };
    this.patchMessages(chatId, (st) => ({
      ...st,
      items: addPending(removeMessage(st.items, messageId), this.pendingMessage(item, user.id)),
    }));
    this.outbox.add(item);
    void this.delivery.flushOutbox();
  }

  /** Drops a message the server refused. */
  discard(chatId: string, messageId: string): void {
    const m = this.state.messages[chatId]?.items.find((x) => x.id === messageId);
    if (!m || m.failed === undefined) return;
    this.patchMessages(chatId, (st) => ({ ...st, items: removeMessage(st.items, messageId) }));
  }

  /** Sends the outbox now if connected (the browser says it is back online). */
  flushOutbox(): Promise<void> {
    return this.delivery.flushOutbox();
  }

  // ------------------------------------------------------------------------------------------
  // Read receipts, pins, forwards

  /** The user has seen the chat's messages up to `seq` (they were on screen). */
  markSeen(chatId: string, seq: number): void {
    const me = this.state.auth.user?.id;
    const st = this.state.messages[chatId];
    if (!me || !st || !hasUnreadUpTo(st.items, me, seq)) return;
    this.patchMessages(chatId, (m) => ({ ...m, items: markReadUpTo(m.items, me, seq) }));
    this.delivery.queueRead(chatId, seq);
  }

  async pin(messageId: string, pinned: boolean): Promise<void> {
    const s = this.session;
    try {
      const ack = await this.realtime.request(pinned ? 'message:pin' : 'message:unpin', { messageId });
      if (s === this.session) this.applyPin(ack.message, pinned);
    } catch (err) {
      if (s === this.session) this.showToast(`Could not ${pinned ? 'pin' : 'unpin'}: ${errorMessage(err)}`);
    }
  }

  /** Forwards messages (sent in the order given) with an optional comment after them. */
  async forward(messageIds: string[], toChatId: string, comment?: string): Promise<void> {
    const s = this.session;
    const text = comment?.trim();
    const ack = await this.realtime.request('message:forward-multiple', {
      messageIds,
      toChatId,
      ...(text ? { additionalContent: text } : {}),
    });
    if (s !== this.session) return;
    for (const m of ack.messages) this.receive(m);
    if (ack.comment) this.receive(ack.comment);
  }

  showToast(text: string): void {
    this.set({ toast: { id: ++this.toastId, text } });
  }

  dismissToast(id: number): void {
    if (this.state.toast?.id === id) this.set({ toast: null });
  }

  // ------------------------------------------------------------------------------------------
  // Realtime events

  private onRealtime(e: RealtimeEvent): void {
    if (this.state.auth.status !== 'authenticated') return;
    switch (e.type) {
      case 'connected':
        this.set({ connection: 'connected' });
        void this.resync(this.session);
        return;
      case 'disconnected':
        this.set({ connection: this.isBrowserOnline() ? 'reconnecting' : 'offline' });
        return;
      case 'reconnecting':
        this.set({ connection: e.attempt > 3 || !this.isBrowserOnline() ? 'offline' : 'reconnecting' });
        return;
      case 'auth_failed':
        this.expire();
        return;
      case 'session_revoked':
        this.expire(SIGNED_OUT_NOTICE);
        return;
      case 'message':
        this.receive(e.message);
        return;
      case 'status':
        this.onStatus(e.event);
        return;
      case 'presence':
        this.onPresence(e.event);
        return;
      case 'pin':
        this.applyPin(e.message, e.pinned);
        return;
    }
  }

  /** A stored message from any source: merged, gaps detected, the outbox cleared of it. */
  private receive(m: ChatMessage): void {
    const s = this.session;
    const me = this.state.auth.user?.id;
    if (me && m.senderId === me && m.clientMessageId) this.outbox?.remove(m.clientMessageId);
    const known = this.state.chats[m.chatId] !== undefined;
    let gap = false;
    this.patchMessages(m.chatId, (st) => {
      const r = withLiveMessage(st, m);
      gap = r.gap;
      return r.next;
    });
    if (!known) void this.sync.discoverChat(s, m.chatId);
    else if (gap) void this.sync.catchUp(s, m.chatId).catch((err) => this.handleError(err, s));
  }

  private onStatus(e: StatusEvent): void {
    const st = this.state.messages[e.chatId];
    if (!st) return;
    const items = applyStatus(st.items, e.messageId, e.status);
    if (items !== st.items) this.patchMessages(e.chatId, (m) => ({ ...m, items: applyStatus(m.items, e.messageId, e.status) }));
  }

  private onPresence(e: PresenceEvent): void {
    this.sync.notePresence(e.userId);
    const user = this.state.users[e.userId];
    if (!user) {
      void this.sync.refreshUsers(this.session).catch((err) => this.handleError(err, this.session, false));
      return;
    }
    const next: User = { ...user, isOnline: e.isOnline };
    if (e.lastSeen !== undefined) next.lastSeen = e.lastSeen;
    else if (!e.isOnline) next.lastSeen = this.now().getTime();
    this.set({ users: { ...this.state.users, [e.userId]: next } });
  }

  private applyPin(m: ChatMessage, pinned: boolean): void {
    if (this.state.messages[m.chatId]?.items.some((x) => x.id === m.id)) {
      this.patchMessages(m.chatId, (st) => ({ ...st, items: mergeMessages(st.items, [m]) }));
    }
    const list = (this.state.pinned[m.chatId] ?? []).filter((x) => x.id !== m.id);
    const next = pinned ? sortPinned([...list, m]) : list;
    this.set({ pinned: { ...this.state.pinned, [m.chatId]: next } });
  }

  // ------------------------------------------------------------------------------------------
  // Synchronisation (the fetching itself is in sync.ts)

  /** After every (re)connect: everything caught up, then the queues sent. */
  private async resync(s: number): Promise<void> {
    await this.sync.resync(s);
    if (s !== this.session) return;
    this.delivery.flush();
    const active = this.state.activeChatId;
    if (active) void this.sync.loadPinned(active);
  }

  /**
   * One page of the server's user directory (for DirectorySearch). A 401 ends the session;
   * every failure is also thrown, for the directory to show.
   */
  async directoryPage(q: string, cursor: string | undefined, limit = 30): Promise<DirectoryPage> {
    const s = this.session;
    try {
      return await this.api.directory(this.requireToken(), { q, cursor, limit });
    } catch (err) {
      this.handleError(err, s, false);
      throw err;
    }
  }

  /** Fetches the user list again (the people directory calls this when it opens). */
  refreshDirectory(): void {
    const s = this.session;
    void this.sync.refreshUsers(s).catch((err) => this.handleError(err, s, false));
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  private pendingMessage(item: OutboxItem, me: string): ViewMessage {
    return {
      id: pendingId(item.clientMessageId),
      chatId: item.chatId,
      senderId: me,
      content: item.content,
      status: 'SENT',
      createdAt: item.createdAt,
      isPinned: false,
      pinnedAt: null,
      pinnedBy: null,
      isForwarded: false,
      forwardedFromId: null,
      originalSenderId: null,
      seq: 0,
      clientMessageId: item.clientMessageId,
      pending: true,
      localOrder: ++this.localOrder,
    };
  }

  private requireToken(): string {
    const t = this.state.auth.token;
    if (!t) throw new ApiError(401, 'unauthorized', 'Not signed in');
    return t;
  }

  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  private handleError(err: unknown, s: number, loud = true): void {
    if (s !== this.session) return;
    if (err instanceof ApiError && err.isUnauthorized) {
      this.expire();
      return;
    }
    if (err instanceof ApiError && err.isNetwork) return; // the connection indicator says it
    if (loud) this.showToast(errorMessage(err));
  }

  private patchMessages(chatId: string, fn: (st: ChatMessagesState) => ChatMessagesState): void {
    const prev = this.state.messages[chatId] ?? EMPTY_MESSAGES;
    const next = fn(prev);
    if (next === prev) return;
    this.set({ messages: { ...this.state.messages, [chatId]: next } });
  }

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
