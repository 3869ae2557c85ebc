// An in-memory stand-in for Parley, for the state layer's unit tests: it implements ChatApi and
// Realtime for one client, stores messages with per-chat seq, dedupes (sender,
// clientMessageId) as the server does, edits, deletes and hides messages with a change feed per
// chat (changeSeq, chat:changes), keeps privacy settings (fake-privacy.ts) and notification
// settings and push subscriptions (fake-notifications.ts), settings documents (fake-settings.ts),
// scheduled messages (fake-scheduled.ts), message templates (fake-templates.ts), data exports
// (fake-exports.ts), blocks (fake-blocks.ts: refused
// messages, hidden presence), reports and moderation (fake-moderation.ts), auto-moderation
// (fake-automod.ts: rules applied to what the client sends, hits, mutes), and lets a test drop
// the connection, lose acknowledgements, or push live events in any order. Used only by
// *.test.ts.
import type { ChatApi, DirectoryPage, DirectoryQuery, HistoryQuery } from './api';
import { ApiError, RequestError } from './errors';
import type { Realtime } from './realtime';
import { FakeLifecycle } from './fake-lifecycle';
import { FakePrivacy } from './fake-privacy';
import { FakeBlocks } from './fake-blocks';
import { FakeModeration } from './fake-moderation';
import { FakeAutomod } from './fake-automod';
import { FakeNotifications } from './fake-notifications';
import { FakeSettings } from './fake-settings';
import { FakeScheduled } from './fake-scheduled';
import { FakeTemplates } from './fake-templates';
import { FakeExports } from './fake-exports';
import { checkMentionsAll, setMentions } from './fake-mentions';
import type { MessageMentions } from './mentions';
import type { Attachment } from './files-wire';
import type {
  Acks,
  AuditPage,
  AuthResponse,
  BlockList,
  Chat,
  ChatMessage,
  CustomEmoji,
  EmojiSet,
  Invite,
  InvitePreview,
  ModerationReport,
  ModerationRole,
  PrivacyPatch,
  PrivacySettings,
  QueueQuery,
  RealtimeEvent,
  Report,
  ReportPage,
  ReportRequest,
  RequestName,
  ServerLimits,
  ServerRole,
  ReportActionName,
  StaffList,
  SuspendAnswer,
  SuspensionList,
  SystemInfo,
  User,
} from './types';
import type { ClientEvents } from './wire';

let counter = 0;
function id(prefix: string): string {
  counter++;
  return `${prefix}-${String(counter).padStart(6, '0')}`;
}

export class FakeServer implements ChatApi, Realtime {
  userList: User[] = [];
  chatList: Chat[] = [];
  stored: ChatMessage[] = [];
  /** Requests seen, in order, as [event, payload]. */
  requests: Array<[string, unknown]> = [];
  /** The next N `message` requests are stored but their acknowledgement is lost. */
  loseAcks = 0;
  /** Every REST call fails as a network error (the server is down). */
  restDown = false;
  /** Whether connect() connects at once. */
  reachable = true;
  connected = false;
  token: string | null = null;
  private listeners = new Set<(e: RealtimeEvent) => void>();
  private clock = Date.UTC(2025, 0, 1, 12, 0, 0);
  /** Edits, deletions, hidden messages and the change feed (fake-lifecycle.ts). */
  readonly lifecycle = new FakeLifecycle(this);
  /** Privacy settings, and presence as each user may see the others' (fake-privacy.ts). */
  readonly privacy = new FakePrivacy(this);
  /** Blocks, and what they refuse (fake-blocks.ts). */
  readonly blocks = new FakeBlocks(this);
  /** Reports, the queue, the audit log and server roles (fake-moderation.ts). */
  readonly moderation = new FakeModeration(this);
  /** Notification settings and push subscriptions: the store's notificationsApi (fake-notifications.ts). */
  readonly notifications = new FakeNotifications(this);
  /** Auto-moderation's rules, hits, mutes and notices: the store's automodApi (fake-automod.ts). */
  readonly automod = new FakeAutomod(this);
  /** The person's settings documents: the store's settingsApi (fake-settings.ts). */
  readonly settings = new FakeSettings(this);
  /** Scheduled messages: the store's scheduledApi (fake-scheduled.ts). */
  readonly scheduled = new FakeScheduled(this);
  /** Message templates and canned responses: the store's templatesApi (fake-templates.ts). */
  readonly templates = new FakeTemplates(this);
  /** Data exports: the store's exportsApi (fake-exports.ts). */
  readonly exports = new FakeExports(this);

  /** The server's clock, one second on. */
  tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  addUser(name: string, isOnline = false): User {
    const u: User = { id: id('user'), email: `${name.toLowerCase()}@example.com`, name, isOnline, lastSeen: null };
    this.userList.push(u);
    return u;
  }

  addChat(a: string, b: string): Chat {
    const at = new Date(this.clock).toISOString();
    const c: Chat = { id: id('chat'), participants: [a, b], createdAt: at, updatedAt: at, lastSeq: 0 };
    this.chatList.push(c);
    return c;
  }

  /** A group of `members` (the first its owner), as the chat list shows it to `viewerRole`. */
  addGroup(title: string, members: string[], extra: Partial<Chat> = {}): Chat {
    const at = new Date(this.clock).toISOString();
    const c: Chat = {
      id: id('chat'),
      participants: members,
      createdAt: at,
      updatedAt: at,
      lastSeq: 0,
      kind: 'group',
      title,
      description: '',
      avatarColor: '#3366cc',
      memberCount: members.length,
      settings: { sendMessages: 'everyone', addMembers: 'everyone', editInfo: 'admins', pinMessages: 'everyone', historyVisible: true, slowModeSeconds: 0, memberLimit: 0 },
      version: 1,
      deliveredSeq: 0,
      readSeq: 0,
      lastReadSeq: 0,
      role: 'member',
      ...extra,
    };
    this.chatList.push(c);
    return c;
  }

  /** Stores a system line of a group (kind system), from `actorId`. */
  storeSystem(chatId: string, actorId: string, content: string, system: Omit<SystemInfo, 'actorId'>): ChatMessage {
    const [m] = this.store(chatId, actorId, content);
    m.kind = 'system';
    m.system = { actorId, ...system };
    return m;
  }

  /** One of the caller's own finished uploads (FileServer has files; this server none). */
  ownFile(_token: string, _id: string): Attachment | null {
    return null;
  }

  /** Stores a message as the server would; returns it and whether it was a duplicate. */
  store(chatId: string, senderId: string, content: string, clientMessageId?: string): [ChatMessage, boolean] {
    if (clientMessageId) {
      const dup = this.stored.find((m) => m.senderId === senderId && m.clientMessageId === clientMessageId);
      if (dup) return [dup, true];
    }
    const chat = this.chatList.find((c) => c.id === chatId);
    if (!chat) throw new Error(`no chat ${chatId}`);
    chat.lastSeq = (chat.lastSeq ?? 0) + 1;
    this.clock += 1000;
    const m: ChatMessage = {
      id: id('msg'),
      chatId,
      senderId,
      content,
      status: 'SENT',
      createdAt: new Date(this.clock).toISOString(),
      isPinned: false,
      pinnedAt: null,
      pinnedBy: null,
      isForwarded: false,
      forwardedFromId: null,
      originalSenderId: null,
      seq: chat.lastSeq,
      clientMessageId: clientMessageId ?? null,
    };
    this.stored.push(m);
    return [m, false];
  }

  /** Thread read positions, by "user/root". */
  readonly threadRead = new Map<string, number>();
  /** Threads left, by "user/root". */
  readonly unfollowed = new Set<string>();

  /** Sets what a stored message points at, as the server does: the reply's preview, the root's summary. */
  link(m: ChatMessage, p: { replyToId?: string; quote?: string; threadRootId?: string; alsoToChat?: boolean } & MessageMentions): void {
    this.mention(m, p);
    if (p.replyToId) {
      const target = this.stored.find((x) => x.id === p.replyToId);
      m.replyToId = p.replyToId;
      if (target) {
        const sender = this.userList.find((u) => u.id === target.senderId);
        m.replyTo = { id: target.id, senderId: target.senderId, senderName: sender?.name ?? '', excerpt: target.content.slice(0, 160), deleted: false };
      }
      if (p.quote) m.quote = p.quote;
    }
    if (p.threadRootId) {
      m.threadRootId = p.threadRootId;
      m.alsoToChat = p.alsoToChat === true;
      const root = this.stored.find((x) => x.id === p.threadRootId);
      if (root) {
        const prev = root.thread?.participants ?? [];
        root.thread = {
          replyCount: (root.thread?.replyCount ?? 0) + 1,
          lastReplyAt: m.createdAt,
          participants: [m.senderId, ...prev.filter((x) => x !== m.senderId)].slice(0, 5),
        };
      }
    }
  }

  /**
   * Sets whom a message mentions, as the server does (fake-mentions.ts); `byClient`: the
   * client's user asks, and may be refused @all.
   */
  mention(m: ChatMessage, p: MessageMentions, byClient = false): void {
    setMentions(this.chatList, m, p, byClient);
  }

  /** Stores a thread reply (or a reply) from someone, as the server would; returns it. */
  storeLinked(chatId: string, senderId: string, content: string, links: Parameters<FakeServer['link']>[1]): ChatMessage {
    const [m] = this.store(chatId, senderId, content);
    this.link(m, links);
    return m;
  }

  private follows(userId: string, root: ChatMessage): boolean {
    if (this.unfollowed.has(`${userId}/${root.id}`)) return false;
    return root.senderId === userId || this.stored.some((m) => m.threadRootId === root.id && m.senderId === userId);
  }

  private threadUnread(userId: string, rootId: string): number {
    const read = this.threadRead.get(`${userId}/${rootId}`) ?? 0;
    return this.stored.filter((m) => m.threadRootId === rootId && m.senderId !== userId && m.seq > read && !m.deleted).length;
  }

  /** Pushes a server event to the client. */
  push(e: RealtimeEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  drop(): void {
    if (!this.connected) return;
    this.connected = false;
    this.push({ type: 'disconnected', reason: 'transport close' });
  }

  restore(): void {
    if (this.connected || this.token === null) return;
    this.connected = true;
    this.push({ type: 'connected' });
  }

  // ChatApi --------------------------------------------------------------------------------

  async register(email: string, name: string): Promise<AuthResponse> {
    const u = this.addUser(name, true);
    u.email = email;
    return { accessToken: `token-${u.id}`, user: u };
  }

  async login(email: string): Promise<AuthResponse> {
    const u = this.userList.find((x) => x.email === email);
    if (!u) throw new ApiError(401, 'unauthorized', 'Wrong email or password');
    return { accessToken: `token-${u.id}`, user: u };
  }

  async logout(): Promise<void> {}

  async me(token: string): Promise<User> {
    return this.userOf(token);
  }

  async rename(token: string, name: string): Promise<User> {
    const u = this.userOf(token);
    u.name = name;
    return { ...u };
  }

  /** While set, each users() call answers only when the test calls its entry, in any order. */
  usersGate: Array<() => void> | null = null;

  /** users() calls answered. */
  usersCalls = 0;

  async users(token: string): Promise<User[]> {
    const me = this.userOf(token);
    this.usersCalls++;
    // Presence as the caller may see it (fake-privacy.ts; a block hides it both ways).
    const snapshot = this.userList.map((u) =>
      this.blocks.between(me.id, u.id) ? { ...u, isOnline: false, lastSeen: null } : this.privacy.presenceAs(me.id, { ...u }),
    );
    const gate = this.usersGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return snapshot;
  }

  async limits(token: string): Promise<ServerLimits> {
    this.userOf(token);
    return { maxMessageChars: 10000, maxQuoteChars: 1000, editWindowMs: 48 * 3600 * 1000, deleteWindowMs: 48 * 3600 * 1000, maxDeletedAtOnce: 100 };
  }

  async contacts(token: string): Promise<User[]> {
    const me = this.userOf(token);
    const shared = new Set(this.chatList.filter((c) => c.participants.includes(me.id)).flatMap((c) => c.participants));
    const snapshot = this.userList.filter((u) => u.id !== me.id && shared.has(u.id)).map((u) => ({ ...u }));
    const gate = this.usersGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return snapshot;
  }

  /** directory() calls seen, in order. */
  directoryQueries: DirectoryQuery[] = [];
  /** While set, each directory() call answers only when the test calls its entry, in any order. */
  directoryGate: Array<() => void> | null = null;

  /** As Parley: by lower-cased name then id, a substring of name or email, the cursor an index. */
  async directory(token: string, query: DirectoryQuery): Promise<DirectoryPage> {
    this.userOf(token);
    this.directoryQueries.push({ ...query });
    const q = (query.q ?? '').trim().toLowerCase();
    const all = this.userList
      .filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : 1));
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isInteger(start) || start < 0) throw new ApiError(400, 'invalid_input', 'cursor is not a cursor this server gave');
    const limit = Math.min(query.limit ?? 50, 200);
    const users = all.slice(start, start + limit).map((u) => ({ ...u }));
    const gate = this.directoryGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return { users, nextCursor: start + limit < all.length ? String(start + limit) : null };
  }

  async chats(token: string): Promise<Chat[]> {
    const me = this.userOf(token);
    return this.chatList.filter((c) => c.participants.includes(me.id)).map((c) => ({ ...c }));
  }

  async chat(token: string, chatId: string): Promise<Chat> {
    this.userOf(token);
    const c = this.chatList.find((x) => x.id === chatId);
    if (!c) throw new ApiError(404, 'not_found', 'Chat not found');
    return { ...c };
  }

  async openPrivateChat(token: string, userId: string): Promise<Chat> {
    const me = this.userOf(token);
    const c = this.chatList.find((x) => x.kind !== 'group' && x.participants.includes(me.id) && x.participants.includes(userId));
    return { ...(c ?? this.addChat(me.id, userId)) };
  }

  async messages(token: string, chatId: string, q: HistoryQuery = {}): Promise<ChatMessage[]> {
    const me = this.userOf(token);
    const limit = q.limit ?? 50;
    const view = (m: ChatMessage) => this.lifecycle.viewOf(m, me.id);
    let list = this.stored.filter((m) => m.chatId === chatId).sort((a, b) => a.seq - b.seq);
    if (q.around !== undefined) {
      const i = list.findIndex((m) => m.id === q.around);
      if (i < 0) throw new ApiError(404, 'not_found', 'Message not found');
      const start = Math.max(0, i - Math.floor(limit / 2));
      return list.slice(start, start + limit).map(view);
    }
    if (q.afterSeq !== undefined) return list.filter((m) => m.seq > q.afterSeq!).slice(0, limit).map(view);
    if (q.before !== undefined) {
      const anchor = list.find((m) => m.id === q.before);
      list = list.filter((m) => anchor !== undefined && m.seq < anchor.seq);
    }
    return list.slice(-limit).map(view);
  }

  /** Invite links made (group:invite), by token. */
  inviteList: Invite[] = [];

  /** As Parley: 404 for an unknown link, 410 with the reason for one that admits nobody. */
  private usableInvite(token: string): Invite {
    const inv = this.inviteList.find((i) => i.token === token);
    if (!inv) throw new ApiError(404, 'not_found', 'Invite link not found');
    if (inv.revoked) throw new ApiError(410, 'invite_invalid', 'This invite link was revoked');
    if (inv.maxUses !== null && inv.uses >= inv.maxUses) throw new ApiError(410, 'invite_invalid', 'This invite link has been used up');
    return inv;
  }

  async invitePreview(token: string, inviteToken: string): Promise<InvitePreview> {
    const me = this.userOf(token);
    const inv = this.usableInvite(inviteToken);
    const c = this.chatList.find((x) => x.id === inv.chatId);
    if (!c) throw new ApiError(404, 'not_found', 'Invite link not found');
    return {
      chat: { id: c.id, title: c.title ?? '', description: c.description ?? '', avatarColor: c.avatarColor ?? '#3366cc', memberCount: c.participants.length },
      member: c.participants.includes(me.id),
      expiresAt: inv.expiresAt,
    };
  }

  async joinByInvite(token: string, inviteToken: string): Promise<Chat> {
    const me = this.userOf(token);
    const inv = this.usableInvite(inviteToken);
    const c = this.chatList.find((x) => x.id === inv.chatId);
    if (!c) throw new ApiError(404, 'not_found', 'Invite link not found');
    if (!c.participants.includes(me.id)) {
      c.participants = [...c.participants, me.id];
      c.memberCount = c.participants.length;
      inv.uses++;
      this.storeSystem(c.id, me.id, `${me.name} joined using an invite link`, { type: 'member_joined', userIds: [me.id] });
    }
    return { ...c, role: undefined, lastReadSeq: undefined };
  }

  async getPrivacy(token: string): Promise<PrivacySettings> {
    return this.privacy.get(this.userOf(token).id);
  }

  async updatePrivacy(token: string, patch: PrivacyPatch): Promise<PrivacySettings> {
    return this.privacy.patch(this.userOf(token).id, patch);
  }

  async getBlocks(token: string): Promise<BlockList> {
    return this.blocks.get(this.userOf(token).id);
  }

  async setBlocked(token: string, userId: string, blocked: boolean): Promise<BlockList> {
    return this.blocks.set(this.userOf(token).id, userId, blocked);
  }

  async report(token: string, request: ReportRequest): Promise<Report> {
    return this.moderation.report(this.userOf(token).id, request);
  }

  async myReports(token: string, before?: string, limit?: number): Promise<ReportPage> {
    return this.moderation.mine(this.userOf(token).id, before, limit);
  }

  async moderationRole(token: string): Promise<ModerationRole> {
    return this.moderation.role(this.userOf(token).id);
  }

  async moderationQueue(token: string, query: QueueQuery): Promise<ReportPage<ModerationReport>> {
    return this.moderation.queue(this.userOf(token).id, query);
  }

  async actOnReport(token: string, reportId: string, action: ReportActionName, reason?: string, durationSeconds?: number): Promise<ModerationReport> {
    return this.moderation.act(this.userOf(token).id, reportId, action, reason, durationSeconds);
  }

  async suspendUser(token: string, userId: string, durationSeconds?: number, reason?: string): Promise<SuspendAnswer> {
    return this.moderation.suspend(this.userOf(token).id, userId, durationSeconds, reason);
  }

  async unsuspendUser(token: string, userId: string, reason?: string): Promise<{ userId: string; suspended: boolean }> {
    return this.moderation.unsuspend(this.userOf(token).id, userId, reason);
  }

  async suspensions(token: string): Promise<SuspensionList> {
    return this.moderation.suspensions(this.userOf(token).id);
  }

  async auditLog(token: string, query: { chatId?: string; before?: string; limit?: number }): Promise<AuditPage> {
    return this.moderation.audit(this.userOf(token).id, query);
  }

  async staff(token: string): Promise<StaffList> {
    return this.moderation.staff(this.userOf(token).id);
  }

  async setServerRole(token: string, userId: string, role: ServerRole | 'none', reason?: string): Promise<StaffList> {
    return this.moderation.setRole(this.userOf(token).id, userId, role, reason);
  }

  // Custom emoji: none here, and nobody may add any (fake-emoji.ts keeps sets).

  async emojiSet(token: string, _chatId: string | null): Promise<EmojiSet> {
    this.userOf(token);
    return { emoji: [], canManage: false };
  }

  async addEmoji(token: string, _chatId: string | null, _shortcode: string, _image: string): Promise<CustomEmoji> {
    this.userOf(token);
    throw new ApiError(403, 'forbidden', 'Only the server\'s admins manage its custom emoji');
  }

  async removeEmoji(token: string, _chatId: string | null, _shortcode: string): Promise<void> {
    this.userOf(token);
    throw new ApiError(403, 'forbidden', 'Only the server\'s admins manage its custom emoji');
  }

  // Realtime -------------------------------------------------------------------------------

  connect(token: string): void {
    this.token = token;
    if (this.reachable) queueMicrotask(() => this.restore());
  }

  disconnect(): void {
    this.token = null;
    this.connected = false;
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** While set, each chat:join answers only when the test calls its entry, in any order. */
  joinGate: Array<() => void> | null = null;

  async request<E extends RequestName>(event: E, payload: ClientEvents[E]): Promise<Acks[E]> {
    this.requests.push([event, payload]);
    if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
    const gate = this.joinGate;
    if (event === 'chat:join' && gate) await new Promise<void>((resolve) => gate.push(resolve));
    const me = this.userOf(this.token ?? '');
    // Each case builds the acknowledgement of its own event; the cast ties it back to E.
    const ack = (v: unknown) => v as Acks[E];
    switch (event) {
      case 'message': {
        const p = payload as ClientEvents['message'];
        const target = this.chatList.find((c) => c.id === p.chatId);
        if (target) this.blocks.checkSend(target, me.id);
        checkMentionsAll(this.chatList, p.chatId, p);
        const again = p.clientMessageId !== undefined && this.stored.some((x) => x.senderId === me.id && x.clientMessageId === p.clientMessageId);
        if (!again) this.automod.check(me.id, p.chatId, p.content, p.clientMessageId ?? null);
        const [m, dup] = this.store(p.chatId, me.id, p.content, p.clientMessageId);
        if (!dup) {
          this.link(m, p);
          this.automod.flagged(m.clientMessageId, m.id);
        }
        if (this.loseAcks > 0) {
          this.loseAcks--;
          throw new RequestError('timeout', 'The server did not answer in time');
        }
        return ack({ ...m });
      }
      case 'chat:read': {
        const p = payload as ClientEvents['chat:read'];
        let count = 0;
        for (const m of this.stored) {
          if (m.chatId === p.chatId && m.senderId !== me.id && m.seq <= p.seq && m.status !== 'READ') {
            m.status = 'READ';
            count++;
          }
        }
        return ack({ status: 'ok', count });
      }
      case 'chat:get-pinned':
        return ack({ status: 'ok', messages: [] });
      case 'thread:history': {
        const p = payload as ClientEvents['thread:history'];
        const root = this.stored.find((m) => m.id === p.rootId);
        if (!root) throw new RequestError('not_found', 'Message not found');
        let replies = this.stored.filter((m) => m.threadRootId === p.rootId).sort((a, b) => a.seq - b.seq);
        if (p.afterSeq !== undefined) replies = replies.filter((m) => m.seq > p.afterSeq!).slice(0, p.limit ?? 50);
        else replies = replies.filter((m) => p.beforeSeq === undefined || m.seq < p.beforeSeq).slice(-(p.limit ?? 50));
        const view = (m: ChatMessage) => this.lifecycle.viewOf(m, me.id);
        return ack({ status: 'ok', root: view(root), replies: replies.map(view) });
      }
      case 'thread:read': {
        const p = payload as ClientEvents['thread:read'];
        const key = `${me.id}/${p.rootId}`;
        this.threadRead.set(key, Math.max(this.threadRead.get(key) ?? 0, p.seq));
        return ack({ status: 'ok', unread: this.threadUnread(me.id, p.rootId) });
      }
      case 'thread:follow': {
        const p = payload as ClientEvents['thread:follow'];
        if (p.follow === false) this.unfollowed.add(`${me.id}/${p.rootId}`);
        else this.unfollowed.delete(`${me.id}/${p.rootId}`);
        return ack({ status: 'ok' });
      }
      case 'threads:list': {
        const roots = this.stored.filter((m) => m.thread && this.follows(me.id, m));
        const threads = roots.map((root) => ({
          chatId: root.chatId,
          root: { ...root },
          readSeq: this.threadRead.get(`${me.id}/${root.id}`) ?? 0,
          unread: this.threadUnread(me.id, root.id),
        }));
        return ack({ status: 'ok', threads, next: null });
      }
      case 'message:edit': {
        const p = payload as ClientEvents['message:edit'];
        const m = this.stored.find((x) => x.id === p.messageId);
        if (m) this.automod.check(me.id, m.chatId, p.content, null, true);
        return ack(this.lifecycle.answer(me.id, event, payload));
      }
      case 'message:edits':
      case 'message:delete':
      case 'chat:changes':
        return ack(this.lifecycle.answer(me.id, event, payload));
      case 'group:create': {
        const p = payload as ClientEvents['group:create'];
        const chat = this.addGroup(p.title, [me.id, ...p.memberIds], { role: 'owner', description: p.description ?? '' });
        this.storeSystem(chat.id, me.id, `${me.name} created the group "${p.title}"`, { type: 'created', userIds: p.memberIds });
        return ack({ status: 'ok', chat: { ...chat } });
      }
      case 'group:leave': {
        const p = payload as ClientEvents['group:leave'];
        const chat = this.chatList.find((c) => c.id === p.chatId);
        if (chat) chat.participants = chat.participants.filter((x) => x !== me.id);
        return ack({ status: 'ok' });
      }
      case 'group:invite': {
        const p = payload as ClientEvents['group:invite'];
        const at = new Date(this.clock);
        const token = id('invite');
        const invite: Invite = {
          token,
          path: `/join/${token}`,
          chatId: p.chatId,
          createdBy: me.id,
          createdAt: at.toISOString(),
          expiresAt: p.expiresInSeconds === undefined ? null : new Date(at.getTime() + p.expiresInSeconds * 1000).toISOString(),
          maxUses: p.maxUses ?? null,
          uses: 0,
          revoked: false,
          usable: true,
        };
        this.inviteList.unshift(invite);
        return ack({ status: 'ok', invite: { ...invite } });
      }
      case 'group:invites': {
        const p = payload as ClientEvents['group:invites'];
        return ack({ status: 'ok', invites: this.inviteList.filter((i) => i.chatId === p.chatId && !i.revoked).map((i) => ({ ...i })) });
      }
      case 'group:invite:revoke': {
        const p = payload as ClientEvents['group:invite:revoke'];
        const inv = this.inviteList.find((i) => i.token === p.token && i.chatId === p.chatId);
        if (!inv) throw new RequestError('not_found', 'Invite link not found');
        inv.revoked = true;
        inv.usable = false;
        return ack({ status: 'ok', invite: { ...inv } });
      }
      case 'presence:subscribe': {
        const p = payload as ClientEvents['presence:subscribe'];
        const presence = p.userIds.map((userId) => {
          const u = this.userList.find((x) => x.id === userId);
          return { userId, isOnline: u?.isOnline ?? false, lastSeen: u?.lastSeen ?? null };
        });
        return ack({ status: 'ok', presence });
      }
      default:
        return ack({ status: 'ok' });
    }
  }

  subscribe(listener: (e: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected userOf(token: string): User {
    if (this.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }
}

/** Resolves once pending promise callbacks and zero-delay timers have run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

/** Runs pending work until `cond` holds; fails after `rounds` turns of the event loop. */
export async function until(cond: () => boolean, what = 'condition', rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (cond()) return;
    await new Promise<void>((r) => setTimeout(r, 0));
  }
  throw new Error(`never happened: ${what}`);
}
