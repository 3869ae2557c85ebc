// The client: its state, as one slice per feature (slices/: session, connection, chats,
// messages per chat, users, pins, outbox, held messages, toast, drafts, written times, and the
// chat list derived from them), and every action that changes it. Plain TypeScript: the UI reads the
// slices it renders through their own subscribe()/get() (useSyncExternalStore) and calls the
// actions here; getState() and subscribe() still give the whole state at once, for tests and
// tools. The fetching and catch-up live in sync.ts, what the server pushes in inbound.ts, the
// outgoing queues in delivery.ts, editing and deleting messages (store.lifecycle) and the change
// feed in message-lifecycle.ts, groups and their invite links (store.groups) in
// group-actions.ts, threads (store.threads) in thread-actions.ts, reactions (store.reactions)
// in reaction-actions.ts, privacy settings (store.privacy) in privacy-actions.ts, the people the
// user blocked (store.blocks) in block-actions.ts, reports and moderation (store.moderation) in
// moderation-actions.ts, auto-moderation (store.automod) in automod-actions.ts, notification
// settings (store.notifications) in notification-actions.ts, this browser's push subscription
// (store.push) in push-subscription.ts, the chat being read (store.focus) in focus-report.ts,
// custom emoji sets (store.emoji) in emoji-actions.ts, the person's own settings (store.settings:
// appearance, chats, sounds, language, each chat's overrides) in settings-actions.ts, the user's
// scheduled messages (store.scheduled) in scheduled-actions.ts, message templates, a group's
// canned responses and quick replies (store.templates) in template-actions.ts, the person's data
// exports (store.exports) in exports-actions.ts, the offline
// snapshot in offline-keeper.ts, the pure
// transitions in state.ts and messages.ts; message search's REST calls (searchMessages,
// searchChats) go through search-api.ts, the search itself is search.ts.
//
// Consistency rules (see messages.ts for the list-level ones):
//  - per chat, `syncedSeq` is the seq up to which the held messages are known complete; a live
//    message beyond syncedSeq + 1 means some were missed, and a catch-up (after_seq) fills the
//    gap; every (re)connect catches every chat up the same way;
//  - the outbox is sent one message at a time in the order written, only while connected; a
//    message whose acknowledgement is lost stays in the outbox and is sent again with the same
//    clientMessageId, which the server stores once;
//  - a message held for a moderator's review is kept on the device (held.ts) until its stored
//    copy (same clientMessageId) arrives, live or in history, or the user removes it here;
//  - every asynchronous result is dropped if the session it belongs to has ended.
import { t } from '../i18n/core';
import type { ChatApi, DirectoryPage } from './api';
import { ApiError, errorMessage } from './errors';
import { applyServerWindows } from './lifecycle';
import { hasUnreadUpTo, isHeld, markFailed, markReadUpTo, removeMessage } from './messages';
import type { OfflineCache } from './offline-cache';
import { OfflineKeeper } from './offline-keeper';
import { linksOf, newClientMessageId, type MessageLinks, type OutboxItem } from './outbox';
import type { Realtime } from './realtime';
import { allSlices, createSlices, wholeState, type Slices } from './slices';
import { expiredNotice, type ChatState } from './state';
import type { KeyValueStorage } from './storage';
import { Delivery } from './delivery';
import { Inbound } from './inbound';
import { PrivacyActions } from './privacy-actions';
import { BlockActions } from './block-actions';
import { ModerationActions } from './moderation-actions';
import { AutomodActions } from './automod-actions';
import { HttpAutomodApi, type AutomodApi } from './automod-api';
import { heldText, mayRetry, sendRefusal } from './automod';
import { DEFAULT_TIME_ZONE } from './dnd';
import { NotificationActions } from './notification-actions';
import type { NotificationsApi } from './notifications-api';
import { PushSubscriber, type PushPlatform } from './push-subscription';
import { FocusReporter, type PageFocus } from './focus-report';
import { SettingsActions } from './settings-actions';
import { ScheduledActions } from './scheduled-actions';
import type { ScheduledApi } from './scheduled-api';
import { TemplateActions } from './template-actions';
import type { TemplatesApi } from './templates-api';
import { ExportActions } from './exports-actions';
import type { ExportsApi } from './exports-api';
import type { SettingsApi } from './settings-api';
import { MessageLifecycle } from './message-lifecycle';
import { GroupActions } from './group-actions';
import { ThreadActions } from './thread-actions';
import { ReactionActions } from './reaction-actions';
import { EmojiActions } from './emoji-actions';
import { FileActions } from './file-actions';
import { HttpFilesApi, type FilesApi } from './files-api';
import { HttpSearchApi, type SearchApi } from './search-api';
import type { ChatSearchAnswer, SearchAnswer, SearchParams } from './search-wire';
import { TusTransport, type UploadTransport } from './tus-transport';
import { TypingActions } from './typing';
import { previewOf } from './threads';
import { userName } from './selectors';
import { ChatSync } from './sync';
import { isGroup } from './groups';
import type { ChatMessage, User, ViewMessage } from './types';

/** A message sent this much later than written shows the time it was written. */
const WRITTEN_TIME_MIN_WAIT_MS = 5000;

export type { AuthState, ChatMessagesState, ChatState } from './state';
export type { Slices } from './slices';
export { expiredNotice, NOTICE_KEY, signedOutNotice, suspendedNotice, TOKEN_KEY, USER_KEY } from './state';

export interface StoreOptions {
  api: ChatApi;
  realtime: Realtime;
  storage: KeyValueStorage;
  /** Read receipts seen within this many ms go out as one chat:read. */
  readDelayMs?: number;
  /** Group messages received within this many ms are acknowledged in one chat:delivered. */
  deliveredDelayMs?: number;
  /** Wait before sending the outbox again after a timeout or rate limit while connected. */
  retryDelayMs?: number;
  pageSize?: number;
  requestTimeoutMs?: number;
  isBrowserOnline?: () => boolean;
  now?: () => Date;
  /** Where the chats, messages and outbox are kept for a start without the server; none: not kept. */
  offlineCache?: OfflineCache;
  /** The files' REST calls (default: the page's server). */
  filesApi?: FilesApi;
  /** How files are uploaded (default: tus to the page's server). */
  uploads?: UploadTransport;
  /** Message search's REST calls (default: the page's server). */
  searchApi?: SearchApi;
  /** Auto-moderation's REST calls (default: the page's server). */
  automodApi?: AutomodApi;
  /** Notification settings' and push subscriptions' REST calls; none: the defaults, no push. */
  notificationsApi?: NotificationsApi;
  /** This browser's Web Push; none: no push here. */
  push?: PushPlatform | null;
  /** Whether the page is visible and focused, for client:focus; none: never reported. */
  page?: PageFocus;
  /** This device's time zone, given to the server while it has the default; none: UTC (nothing given). */
  timeZone?: () => string;
  /** The person's settings documents' REST calls; none: the defaults, nothing kept. */
  settingsApi?: SettingsApi;
  /** Scheduled messages' REST calls; none: no scheduled messages. */
  scheduledApi?: ScheduledApi;
  /** Message templates' REST calls; none: no templates. */
  templatesApi?: TemplatesApi;
  /** Data exports' REST calls; none: no exports. */
  exportsApi?: ExportsApi;
}

export class ChatStore {
  /** The state, one slice per feature; components read the ones they render. */
  readonly slices: Slices;
  /** The state of every slice as one object; the same object until a slice changes. */
  readonly getState: () => ChatState;
  private readonly api: ChatApi;
  private readonly searchApi: SearchApi;
  private readonly realtime: Realtime;
  private readonly pageSize: number;
  private readonly isBrowserOnline: () => boolean;
  private readonly now: () => Date;
  private readonly unsubscribeRealtime: () => void;

  /** Bumped whenever a session starts or ends; async work of an older session is dropped. */
  private session = 0;
  private readonly sync: ChatSync;
  private readonly delivery: Delivery;
  private readonly inbound: Inbound;
  private readonly offline: OfflineKeeper | null;
  /** Editing and deleting messages, and the change feed (message-lifecycle.ts). */
  readonly lifecycle: MessageLifecycle;
  /** Threads: their replies, reading and following them, the followed list (thread-actions.ts). */
  readonly threads: ThreadActions;
  readonly groups: GroupActions;
  /** Reactions: the user's own, who reacted, unread reactions, most used emoji (reaction-actions.ts). */
  readonly reactions: ReactionActions;

  /** Custom emoji: the server's set and the groups' (emoji-actions.ts). */
  readonly emoji: EmojiActions;

  /** Who types in each chat, and telling the chat that the user types (typing.ts). */
  readonly typing: TypingActions;
  /** The user's privacy settings: read receipts, typing, who sees their last seen (privacy-actions.ts). */
  readonly privacy: PrivacyActions;
  /** The people the user blocked: the list, block and unblock (block-actions.ts). */
  readonly blocks: BlockActions;
  /** Reports and moderation: the user's role and reports, the queue, the audit log, the staff (moderation-actions.ts). */
  readonly moderation: ModerationActions;
  /** Auto-moderation: rules, hits, mutes and warnings, the user's moderation notices (automod-actions.ts). */
  readonly automod: AutomodActions;
  /** Files: the message box's tray, uploads, messages with files, signed links (file-actions.ts). */
  readonly files: FileActions;
  /** The user's notification settings: push, previews, sound, each chat's level and mute. */
  readonly notifications: NotificationActions;
  /** This browser's push subscription, kept in step with the device's setting (push-subscription.ts). */
  readonly push: PushSubscriber;
  /** The chat this device is reading, told to the server (focus-report.ts); null without a page. */
  readonly focus: FocusReporter | null;
  /** The person's own settings: appearance, chats, sounds, language, and each chat's overrides (settings-actions.ts). */
  readonly settings: SettingsActions;
  /** The user's scheduled messages: the pending ones, scheduling, editing, cancelling, sending now (scheduled-actions.ts). */
  readonly scheduled: ScheduledActions;
  /** Message templates: the user's own, groups' canned responses, each chat's suggestions and quick replies (template-actions.ts). */
  readonly templates: TemplateActions;
  /** The person's data exports: the list, starting one, its progress, downloading and removing (exports-actions.ts). */
  readonly exports: ExportActions;

  constructor(options: StoreOptions) {
    this.api = options.api;
    this.searchApi = options.searchApi ?? new HttpSearchApi();
    this.realtime = options.realtime;
    this.pageSize = options.pageSize ?? 50;
    this.isBrowserOnline = options.isBrowserOnline ?? (() => true);
    this.now = options.now ?? (() => new Date());
    this.slices = createSlices(options.storage);
    this.getState = wholeState(this.slices);
    this.threads = new ThreadActions({
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      showToast: (text) => this.showToast(text),
    });
    this.lifecycle = new MessageLifecycle({
      realtime: this.realtime,
      slices: this.slices,
      threads: this.threads,
      session: () => this.session,
      now: this.now,
      showToast: (text) => this.showToast(text),
    });
    this.sync = new ChatSync({
      api: this.api,
      realtime: this.realtime,
      pageSize: this.pageSize,
      slices: this.slices,
      lifecycle: this.lifecycle,
      threads: this.threads,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.delivery = new Delivery(
      {
        realtime: this.realtime,
        session: () => this.session,
        outbox: () => (this.slices.outbox.isOpen() ? this.slices.outbox : null),
        receive: (m, sent) => {
          if (sent) this.noteWrittenTime(sent, m);
          this.inbound.receive(m);
        },
        refused: (item, reason, code) => {
          // Held for a moderator's review: not a failure; it becomes the delivered message if approved.
          const refusal = sendRefusal(code) ?? undefined;
          const words = refusal === 'held' ? heldText() : reason;
          this.slices.messages.patch(item.chatId, (m) => ({ ...m, items: markFailed(m.items, item.clientMessageId, words, refusal) }));
          // Kept on this device, so a reload still shows it waiting (held.ts).
          if (refusal === 'held') this.slices.held.add(item);
          this.showToast(refusal === 'held' ? reason : t('app.messageNotSent', { error: reason }));
        },
      },
      {
        readDelayMs: options.readDelayMs ?? 150,
        deliveredDelayMs: options.deliveredDelayMs ?? 300,
        retryDelayMs: options.retryDelayMs ?? 2000,
        requestTimeoutMs: options.requestTimeoutMs ?? 10000,
      },
    );
    this.typing = new TypingActions({
      realtime: this.realtime,
      me: () => this.slices.session.me()?.id,
      now: () => this.now().getTime(),
    });
    this.inbound = new Inbound({
      slices: this.slices,
      sync: this.sync,
      lifecycle: this.lifecycle,
      threads: this.threads,
      typing: this.typing,
      session: () => this.session,
      isBrowserOnline: this.isBrowserOnline,
      now: this.now,
      expire: (notice) => this.expire(notice),
      resync: (s) => void this.resync(s),
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      delivered: (chatId, seq) => this.delivery.queueDelivered(chatId, seq),
      forget: (chatId) => this.delivery.forget(chatId),
    });
    this.groups = new GroupActions({
      api: this.api,
      realtime: this.realtime,
      slices: this.slices,
      inbound: this.inbound,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.reactions = new ReactionActions({
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      now: this.now,
      showToast: (text) => this.showToast(text),
      findMessage: (chatId, messageId) => this.findMessage(chatId, messageId),
    });
    this.privacy = new PrivacyActions({
      api: this.api,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      refreshPresence: (s) => void this.sync.refreshUsers(s).catch((err) => this.handleError(err, s, false)),
    });
    this.blocks = new BlockActions({
      api: this.api,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.moderation = new ModerationActions({
      api: this.api,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      blocksChanged: () => void this.blocks.load(),
      mutesChanged: () => this.automod.mutesChanged(),
    });
    this.automod = new AutomodActions({
      api: options.automodApi ?? new HttpAutomodApi(),
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      showToast: (text) => this.showToast(text),
    });
    this.emoji = new EmojiActions({
      api: this.api,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    const uploads = options.uploads ?? new TusTransport();
    this.files = new FileActions({
      api: options.filesApi ?? new HttpFilesApi(),
      transport: uploads,
      slices: this.slices,
      session: () => this.session,
      now: this.now,
      enqueue: (item) => {
        this.slices.outbox.add(item);
        void this.delivery.flushOutbox();
      },
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    const notificationsApi = options.notificationsApi ?? null;
    this.notifications = new NotificationActions({
      api: notificationsApi,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      now: () => this.now().getTime(),
      deviceTimeZone: options.timeZone ?? (() => DEFAULT_TIME_ZONE),
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      showToast: (text) => this.showToast(text),
    });
    this.push = new PushSubscriber({
      api: notificationsApi,
      platform: options.push ?? null,
      token: () => this.slices.session.get().token ?? '',
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.settings = new SettingsActions({
      api: options.settingsApi ?? null,
      realtime: this.realtime,
      slices: this.slices,
      storage: options.storage,
      uploads: uploads,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    const deviceZone = options.timeZone ?? (() => DEFAULT_TIME_ZONE);
    this.scheduled = new ScheduledActions({
      api: options.scheduledApi ?? null,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      timeZone: () => this.notifications.pendingTimeZone() ?? this.notifications.settings()?.timeZone ?? deviceZone(),
      receive: (m) => this.inbound.receive(m),
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      showToast: (text) => this.showToast(text),
    });
    this.templates = new TemplateActions({
      api: options.templatesApi ?? null,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      now: () => this.now().getTime(),
      findMessage: (chatId, messageId) => this.findMessage(chatId, messageId),
      handleError: (err, s, loud) => this.handleError(err, s, loud),
    });
    this.exports = new ExportActions({
      api: options.exportsApi ?? null,
      realtime: this.realtime,
      slices: this.slices,
      session: () => this.session,
      handleError: (err, s, loud) => this.handleError(err, s, loud),
      showToast: (text) => this.showToast(text),
    });
    this.focus = options.page ? new FocusReporter({ realtime: this.realtime, slices: this.slices, page: options.page }) : null;
    this.unsubscribeRealtime = this.realtime.subscribe((e) => this.inbound.on(e));
    this.offline = options.offlineCache
      ? new OfflineKeeper({ cache: options.offlineCache, slices: this.slices, pageSize: this.pageSize })
      : null;
  }

  // ------------------------------------------------------------------------------------------
  // Reading the whole state (components read slices instead)

  /** Hears of a change in any slice. */
  subscribe = (listener: () => void): (() => void) => {
    const offs = allSlices(this.slices).map((s) => s.subscribe(listener));
    return () => {
      for (const off of offs) off();
    };
  };

  /**
   * Hears of each live message from the server (not history, not catch-up after a reconnect),
   * after the slices took it in.
   */
  onLiveMessage = (listener: (m: ChatMessage) => void): (() => void) =>
    this.realtime.subscribe((e) => {
      if (e.type === 'message') listener(e.message);
    });

  me(): User | null {
    return this.slices.session.me();
  }

  /** Messages of the outbox, oldest first (for tests and the UI's pending count). */
  outboxItems(): readonly OutboxItem[] {
    return this.slices.outbox.get();
  }

  // ------------------------------------------------------------------------------------------
  // Authentication

  /** Resumes the session saved in storage, if any; checks the token in the background. */
  async init(): Promise<void> {
    const saved = this.slices.session.saved();
    if (!saved) {
      this.clearData();
      this.slices.session.showSignedOut();
      return;
    }
    const s = this.startSession(saved.token, saved.user);
    try {
      const me = await this.api.me(saved.token);
      if (s !== this.session) return;
      this.slices.session.setUser(me);
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
    const token = this.slices.session.get().token;
    const userId = this.me()?.id;
    this.slices.outbox.clear();
    this.slices.held.clear();
    this.slices.drafts.clear();
    this.slices.writtenTimes.clear();
    if (userId) void this.offline?.forget(userId);
    if (userId) this.settings.forget(userId);
    // This browser's push subscription goes while the token is still good.
    const unsubscribed = token ? this.push.disable(token) : Promise.resolve();
    this.endSession(null);
    await unsubscribed;
    if (token) await this.api.logout(token).catch(() => undefined);
  }

  /** Back to the login page with a message: the token was refused. */
  expire(notice = expiredNotice()): void {
    if (this.slices.session.get().status !== 'authenticated') return;
    this.endSession(notice);
  }

  dismissNotice(): void {
    this.slices.session.dismissNotice();
  }

  /** Stops everything (the page is going away); what storage holds stays for the next load. */
  destroy(): void {
    this.endSession(null, false);
    this.unsubscribeRealtime();
    this.reactions.destroy();
    this.privacy.destroy();
    this.blocks.destroy();
    this.moderation.destroy();
    this.automod.destroy();
    this.notifications.destroy();
    this.settings.destroy();
    this.scheduled.destroy();
    this.templates.destroy();
    this.exports.destroy();
    this.focus?.destroy();
    this.emoji.destroy();
    this.files.destroy();
    for (const s of allSlices(this.slices)) s.clearListeners();
  }

  private startSession(token: string, user: User): number {
    this.endSession(null, false);
    const s = ++this.session;
    const { session, connection, chats, messages, users, pins, outbox, toast, drafts, writtenTimes } = this.slices;
    // The data first, the session last: whoever hears that someone signed in finds it ready.
    chats.reset();
    pins.reset();
    toast.clear();
    this.slices.threads.reset();
    this.slices.followed.reset();
    users.set({ [user.id]: user });
    messages.reset(outbox.open(user.id), user.id, this.slices.held.open(user.id));
    drafts.open(user.id);
    writtenTimes.open(user.id);
    this.settings.start(user.id);
    connection.set('connecting');
    session.signIn(token, user);
    this.realtime.connect(token);
    void this.sync.loadInitial(s);
    // The server's edit and delete windows, so the menus offer what it would accept (its
    // defaults are assumed until it answers, or if it cannot).
    void this.api.limits(token).then((limits) => {
      applyServerWindows(limits);
      if (s === this.session) this.reactions.setLimits(limits);
    }, () => undefined);
    void this.offline?.start(user.id, () => s === this.session).then((restored) => {
      if (restored.length > 0 && s === this.session) void this.delivery.flushOutbox();
    });
    void this.push.resume();
    return s;
  }

  private endSession(notice: string | null, reset = true): void {
    this.session++;
    this.realtime.disconnect();
    this.offline?.stop();
    this.delivery.reset();
    this.sync.reset();
    this.lifecycle.reset();
    this.threads.reset();
    this.reactions.reset();
    this.privacy.reset();
    this.blocks.reset();
    this.moderation.reset();
    this.automod.reset();
    this.notifications.reset();
    this.settings.reset();
    this.scheduled.reset();
    this.templates.reset();
    this.exports.reset();
    this.push.reset();
    this.emoji.reset();
    this.files.reset();
    this.typing.clear();
    this.slices.outbox.close();
    this.slices.held.close();
    this.slices.drafts.close();
    this.slices.writtenTimes.close();
    if (!reset) return;
    this.clearData();
    this.slices.session.signOut(notice);
  }

  /** Nobody's data: what the client shows signed out. */
  private clearData(): void {
    const { connection, chats, messages, users, pins, toast, threads, followed } = this.slices;
    connection.set('offline');
    chats.reset();
    messages.reset();
    threads.reset();
    followed.reset();
    users.set({});
    pins.reset();
    toast.clear();
  }

  // ------------------------------------------------------------------------------------------
  // Chats and history

  /** Opens a chat (null: none), loading its newest page and pins when needed. */
  openChat(chatId: string | null): void {
    if (this.slices.chats.get().active === chatId) return;
    this.slices.chats.open(chatId);
    if (!chatId) return;
    const s = this.session;
    this.emoji.open(chatId);
    if (!this.slices.messages.entry(chatId)?.loaded) void this.sync.loadNewest(s, chatId).catch((e) => this.handleError(e, s));
    void this.sync.loadPinned(chatId);
  }

  /** Opens (creating if needed) the private chat with `userId`; resolves to its id. */
  async startChatWith(userId: string): Promise<string> {
    const s = this.session;
    const token = this.slices.session.token();
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
  loadOlder(chatId: string): Promise<number> {
    return this.sync.loadOlder(this.session, chatId);
  }

  /** Loads older pages until `messageId` is held (for jumping to a pinned message). */
  ensureLoaded(chatId: string, messageId: string): Promise<boolean> {
    return this.sync.ensureLoaded(this.session, chatId, messageId);
  }

  /**
   * Makes `messageId` held however far back it is (a reply's original): the page around it,
   * shown as a window of older history until it reaches the newest messages. Resolves to
   * whether it is held; a failure is a toast.
   */
  async loadAround(chatId: string, messageId: string): Promise<boolean> {
    const s = this.session;
    try {
      return await this.sync.loadAround(s, chatId, messageId);
    } catch (err) {
      this.handleError(err, s, false);
      return false;
    }
  }

  /** Grows the window of older history by a page before (`older`) or after it. */
  loadWindow(chatId: string, older: boolean): Promise<void> {
    return older ? this.sync.loadWindowOlder(this.session, chatId) : this.sync.loadWindowNewer(this.session, chatId);
  }

  /** Back to the newest messages: the window of older history is dropped. */
  leaveWindow(chatId: string): void {
    this.slices.messages.patch(chatId, (st) => (st.window ? { ...st, window: null } : st));
  }

  /** A message held anywhere: the chat's messages, its window, or a thread. */
  findMessage(chatId: string, messageId: string): ViewMessage | undefined {
    const held = this.slices.messages.find(chatId, messageId);
    if (held) return held;
    for (const t of Object.values(this.slices.threads.get())) {
      if (t.chatId !== chatId) continue;
      if (t.root?.id === messageId) return t.root;
      const m = t.replies.find((x) => x.id === messageId);
      if (m) return m;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  /**
   * Queues a message and sends it now if connected, else on reconnect. Blank space around the
   * text is dropped (line breaks inside it stay); the time it was written is kept with it.
   */
  send(chatId: string, content: string, links: MessageLinks = {}): void {
    const user = this.me();
    const outbox = this.slices.outbox;
    const text = content.trim();
    if (!user || !outbox.isOpen() || text === '' || this.slices.chats.isLeft(chatId)) return;
    const item: OutboxItem = {
      clientMessageId: newClientMessageId(),
      chatId,
      content: text,
      createdAt: this.now().toISOString(),
      ...linksOf(links),
    };
    // The pending message shows what it answers at once (the stored copy brings the server's).
    const target = item.replyToId ? this.findMessage(chatId, item.replyToId) : undefined;
    if (target) item.replyTo = previewOf(target, userName(this.slices.users.get(), target.senderId));
    outbox.add(item);
    this.slices.messages.addPending(item, user.id);
    void this.delivery.flushOutbox();
  }

  /** Puts a message the server refused back into the outbox. */
  retry(chatId: string, messageId: string): void {
    const user = this.me();
    const { messages, outbox } = this.slices;
    const m = messages.find(chatId, messageId);
    if (!user || !outbox.isOpen() || !m || m.failed === undefined || !m.clientMessageId || !mayRetry(m.refusal)) return;
    // Files still to upload: those start again (file-actions.ts).
    if (m.localUploads && this.files.retryMessage(m.clientMessageId)) return;
    const files = m.attachments ?? [];
    const item: OutboxItem = {
      clientMessageId: m.clientMessageId,
      chatId,
      content: files.length > 0 ? (m.caption ?? '') : m.content,
      createdAt: m.createdAt,
      ...linksOf(m),
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      ...(files.length > 0 ? { attachments: files.map((f) => f.id), files } : {}),
    };
    messages.patch(chatId, (st) => ({ ...st, items: removeMessage(st.items, messageId) }));
    messages.addPending(item, user.id);
    outbox.add(item);
    void this.delivery.flushOutbox();
  }

  /**
   * Drops a message the server refused (not one held for review: it may yet be delivered;
   * forgetHeld removes that one from this device).
   */
  discard(chatId: string, messageId: string): void {
    const m = this.slices.messages.find(chatId, messageId);
    if (!m || m.failed === undefined || m.refusal === 'held') return;
    if (m.localUploads && m.clientMessageId && this.files.discardMessage(m.clientMessageId)) return;
    if (m.clientMessageId) this.slices.held.remove(m.clientMessageId);
    this.slices.messages.patch(chatId, (st) => ({ ...st, items: removeMessage(st.items, messageId) }));
  }

  /**
   * Removes a message held for review from this device only: the server keeps it for the
   * moderators, and if one approves it, it is delivered (and arrives here as any message).
   */
  forgetHeld(chatId: string, messageId: string): void {
    const m = this.slices.messages.find(chatId, messageId);
    if (!m || !isHeld(m)) return;
    if (m.clientMessageId) this.slices.held.remove(m.clientMessageId);
    this.slices.messages.patch(chatId, (st) => ({ ...st, items: removeMessage(st.items, messageId) }));
  }

  /** Keeps (or, with '', drops) the text written in a chat's message box and not sent yet. */
  setDraft(chatId: string, text: string): void {
    this.slices.drafts.put(chatId, text);
  }

  /**
   * The server stamps a message when it arrives; one that waited in the outbox keeps, on this
   * device, the time it was written (the UI shows that one).
   */
  private noteWrittenTime(sent: OutboxItem, stored: ChatMessage): void {
    if (!stored.clientMessageId) return;
    const waited = Date.parse(stored.createdAt) - Date.parse(sent.createdAt);
    if (waited >= WRITTEN_TIME_MIN_WAIT_MS) this.slices.writtenTimes.put(stored.clientMessageId, sent.createdAt);
  }

  // ------------------------------------------------------------------------------------------
  // The signed-in user

  /** Changes the user's display name; the new name shows everywhere at once. Throws ApiError. */
  async rename(name: string): Promise<User> {
    const s = this.session;
    try {
      const user = await this.api.rename(this.slices.session.token(), name.trim());
      if (s !== this.session) return user;
      this.slices.session.setUser(user);
      const users = this.slices.users;
      users.set({ ...users.get(), [user.id]: { ...users.user(user.id), ...user } });
      return user;
    } catch (err) {
      this.handleError(err, s, false);
      throw err;
    }
  }

  /** Sends the outbox now if connected (the browser says it is back online). */
  flushOutbox(): Promise<void> {
    return this.delivery.flushOutbox();
  }

  // ------------------------------------------------------------------------------------------
  // Read receipts, pins, forwards, toasts

  /** The user has seen the chat's messages up to `seq` (they were on screen). */
  markSeen(chatId: string, seq: number): void {
    const me = this.me()?.id;
    const st = this.slices.messages.entry(chatId);
    if (!me || !st || !hasUnreadUpTo(st.items, me, seq)) return;
    // A group the user left: read here only (the server answers nothing for it any more).
    if (this.slices.chats.isLeft(chatId)) {
      this.slices.messages.patch(chatId, (m) => ({ ...m, items: markReadUpTo(m.items, me, seq) }));
      return;
    }
    // In a group the user's own read watermark says what they read (a message's status is the
    // group's): raised here at once, as the server will.
    const chats = this.slices.chats;
    if (isGroup(chats.chat(chatId))) {
      chats.patch(chatId, (c) => ((c.lastReadSeq ?? 0) >= seq ? c : { ...c, lastReadSeq: seq }));
    }
    this.slices.messages.patch(chatId, (m) => ({ ...m, items: markReadUpTo(m.items, me, seq) }));
    this.delivery.queueRead(chatId, seq);
  }

  async pin(messageId: string, pinned: boolean): Promise<void> {
    const s = this.session;
    try {
      const ack = await this.realtime.request(pinned ? 'message:pin' : 'message:unpin', { messageId });
      if (s === this.session) this.inbound.applyPin(ack.message, pinned);
    } catch (err) {
      if (s === this.session) this.showToast(t(pinned ? 'app.pinFailed' : 'app.unpinFailed', { error: errorMessage(err) }));
    }
  }

  /** Forwards messages (in the order given), with an optional comment just before them. */
  async forward(messageIds: string[], toChatId: string, comment?: string): Promise<void> {
    const s = this.session;
    const text = comment?.trim();
    const ack = await this.realtime.request('message:forward-multiple', {
      messageIds,
      toChatId,
      ...(text ? { additionalContent: text } : {}),
    });
    if (s !== this.session) return;
    if (ack.comment) this.inbound.receive(ack.comment);
    for (const m of ack.messages) this.inbound.receive(m);
  }

  showToast(text: string): void {
    this.slices.toast.show(text);
  }

  dismissToast(id: number): void {
    this.slices.toast.dismiss(id);
  }

  // ------------------------------------------------------------------------------------------
  // Synchronisation (the fetching itself is in sync.ts)

  /** After every (re)connect: everything caught up, then the queues sent. */
  private async resync(s: number): Promise<void> {
    await this.sync.resync(s);
    if (s !== this.session) return;
    this.delivery.flush();
    const active = this.slices.chats.get().active;
    if (active) void this.sync.loadPinned(active);
  }

  /**
   * One page of the server's user directory (for DirectorySearch). A 401 ends the session;
   * every failure is also thrown, for the directory to show.
   */
  async directoryPage(q: string, cursor: string | undefined, limit = 30): Promise<DirectoryPage> {
    const s = this.session;
    try {
      return await this.api.directory(this.slices.session.token(), { q, cursor, limit });
    } catch (err) {
      this.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * One page of message search (GET /api/v1/search/messages); `signal` cancels it. A 401 ends
   * the session; every failure is thrown for the search to show (400 invalid_query as an
   * InvalidQueryError with its position).
   */
  async searchMessages(params: SearchParams, signal?: AbortSignal): Promise<SearchAnswer> {
    const s = this.session;
    try {
      return await this.searchApi.messages(this.slices.session.token(), params, signal);
    } catch (err) {
      if (!signal?.aborted) this.handleError(err, s, false);
      throw err;
    }
  }

  /** The user's chats and the people whose names (or emails) start with `q` (GET /api/v1/search/chats). */
  async searchChats(q: string, limit?: number, signal?: AbortSignal): Promise<ChatSearchAnswer> {
    const s = this.session;
    try {
      return await this.searchApi.chats(this.slices.session.token(), q, limit, signal);
    } catch (err) {
      if (!signal?.aborted) this.handleError(err, s, false);
      throw err;
    }
  }

  /** Hears the presence of `users` (the directory shows them) until unwatchPresence. */
  watchPresence(users: readonly User[]): void {
    const s = this.session;
    void this.sync.watch(s, users).catch((err) => this.handleError(err, s, false));
  }

  unwatchPresence(userIds: readonly string[]): void {
    const s = this.session;
    void this.sync.unwatch(userIds).catch((err) => this.handleError(err, s, false));
  }

  /** Fetches the user list again (the people directory calls this when it opens). */
  refreshDirectory(): void {
    const s = this.session;
    void this.sync.refreshUsers(s).catch((err) => this.handleError(err, s, false));
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
}
