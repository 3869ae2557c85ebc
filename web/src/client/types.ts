// The objects of Parley's wire contract (shared/docs/protocol.md §1.4) as the web client sees
// them, and the Socket.IO events it sends and receives. Parley may add fields, never remove or
// retype them, so every type here lists only what the client reads; wire.ts checks each
// against the server's own schemas (wire.gen.ts, generated from its tables), and the payloads
// the client sends are the generated types themselves.
import type { ModerationNotice } from './automod-wire';
import type { Attachment } from './files-wire';
import type { NotificationSettings } from './notifications-wire';
import type { ScheduledUpdatedEvent } from './scheduled-wire';
import type { TemplatesUpdatedEvent } from './templates-wire';
import type { ClientEventName, ClientEvents } from './wire';

export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ';

export interface User {
  id: string;
  email: string;
  name: string;
  isOnline?: boolean;
  /** Epoch milliseconds; null or absent when never seen. */
  lastSeen?: number | null;
}

export type GroupRole = 'owner' | 'admin' | 'member';
/** Who may do one thing in a group. */
export type GroupPolicy = 'everyone' | 'admins';

export interface GroupSettings {
  /** 'admins': an announcement group, where only admins write. */
  sendMessages?: GroupPolicy;
  addMembers?: GroupPolicy;
  editInfo?: GroupPolicy;
  pinMessages?: GroupPolicy;
  /** New members see the messages sent before they joined. */
  historyVisible?: boolean;
  /** One message per member per this many seconds (admins exempt); 0: off. */
  slowModeSeconds?: number;
  /** 0: the server's maximum. */
  memberLimit?: number;
  /** How long a message can be edited in this group, shorter than the server's; 0: the server's. */
  editWindowSeconds?: number;
}

/** What the server allows (GET /api/v1/limits); windows in ms, 0: no limit. */
export interface ServerLimits {
  maxMessageChars: number;
  maxQuoteChars: number;
  editWindowMs: number;
  deleteWindowMs: number;
  maxDeletedAtOnce: number;
  /** Reactions of one person on one message, and different ones on one message (absent from servers without reactions). */
  maxReactionsPerUser?: number;
  maxDistinctReactions?: number;
}

export interface Chat {
  id: string;
  /** A group's first 1000 members only (participantsTruncated). */
  participants: string[];
  createdAt: string;
  updatedAt: string;
  lastSeq?: number;
  /** Absent from servers that know no groups: private. */
  kind?: 'private' | 'group';
  title?: string;
  description?: string;
  /** #rrggbb behind a group's initials. */
  avatarColor?: string;
  memberCount?: number;
  participantsTruncated?: boolean;
  /** The signed-in user's role, where the server says it (the chat list, create). */
  role?: GroupRole;
  version?: number;
  settings?: GroupSettings;
  /** A group's floors: every member has the messages up to deliveredSeq, read up to readSeq. */
  deliveredSeq?: number;
  readSeq?: number;
  /** The signed-in user read the group's messages up to this seq. */
  lastReadSeq?: number;
  /**
   * Rises by one with every change to a message already sent (an edit, a deletion, a pin, a
   * message hidden): the change feed (chat:changes) lists what changed after a value seen.
   */
  changeSeq?: number;
}

/** What a system message (a group's change) says, for machines; content says it in words. */
export interface SystemInfo {
  type: string;
  actorId: string;
  userIds?: string[];
  title?: string;
  role?: GroupRole;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  senderId: string;
  content: string;
  status: MessageStatus;
  createdAt: string;
  isPinned: boolean;
  pinnedAt: string | null;
  pinnedBy: string | null;
  isForwarded: boolean;
  forwardedFromId: string | null;
  originalSenderId: string | null;
  /** Per-chat sequence number, from 1. */
  seq: number;
  clientMessageId: string | null;
  /** 'system': a line of a group's timeline (a member added, a role changed, ...), not a bubble. */
  kind?: 'system';
  system?: SystemInfo;
  /** When its sender last edited the text, and how many times; absent until edited. */
  editedAt?: string;
  editCount?: number;
  /** Deleted for everyone: a tombstone, whose content is only a placeholder. */
  deleted?: boolean;
  deletedAt?: string;
  deletedBy?: string | null;
  /** The signed-in user deleted it for themself: not shown (it keeps its seq). */
  hidden?: boolean;
  /** The chat's changeSeq at this message's last change; absent when never changed. */
  changeSeq?: number;
  /** Sent by a schedule (its author scheduled it earlier), not typed now. */
  scheduled?: boolean;
  /** A reply: the message it answers (same chat). */
  replyToId?: string;
  /** What it answers, as that message was when this copy was read (the server computes it). */
  replyTo?: ReplyPreview;
  /** The fragment of the answered message's text that it quotes; gone once that is deleted. */
  quote?: string;
  /** A thread reply: its thread's root. */
  threadRootId?: string;
  /** A thread reply that is also shown in the chat's timeline. */
  alsoToChat?: boolean;
  /** On a thread's root: its replies in short. */
  thread?: ThreadSummary;
  /**
   * Its reactions in the order of first use (`me`: the signed-in user's own); empty once deleted
   * for everyone. Absent from servers without reactions, and from copies sent to the whole chat
   * once the client has read them (reactions.ts: they would say `me` of no one).
   */
  reactions?: Reaction[];
  /**
   * The files it carries (files-wire.ts); absent from servers without files and from
   * tombstones. With them, `caption` is the text shown (possibly "") and `content` what clients
   * without files show instead (the caption, or "📎 report.pdf").
   */
  attachments?: Attachment[];
  caption?: string;
  /** The ids of the users it mentions (absent: none, or a server that does not say). */
  mentions?: string[];
  /** It mentions everyone in its group (the server sends it only when set). */
  mentionsAll?: boolean;
}

/** One emoji on a message: how many put it there, and whether the signed-in user did. */
export interface Reaction {
  emoji: string;
  count: number;
  me: boolean;
}

/** message:reactions: userId put on (added) or took back emoji; the counts after, the same for everyone. */
export interface ReactionsEvent {
  chatId: string;
  messageId: string;
  reactions: Array<{ emoji: string; count: number }>;
  userId: string;
  emoji: string;
  added: boolean;
  /** The chat's changeSeq after this change (the message's too). */
  changeSeq: number;
}

/** reaction:added: someone else reacted to one of the user's messages. */
export interface ReactionAddedEvent {
  messageId: string;
  chatId: string;
  userId: string;
  emoji: string;
  /** The user's unread reactions in that chat now. */
  unread: number;
}

/** reactions:unread: the user's unread reactions in a chat changed (0: they looked, on some device). */
export interface ReactionsUnreadEvent {
  chatId: string;
  count: number;
}

/** Someone who reacted to a message (reactions:list), oldest first. */
export interface Reactor {
  userId: string;
  name: string;
  emoji: string;
  at: string;
}

/** A page of reactors: `next` is the cursor of the next page, null on the last. */
export interface ReactorPage {
  reactors: Reactor[];
  next: string | null;
}

/** An emoji the user uses, with how often (emoji:frequent, most used first). */
export interface FrequentEmoji {
  emoji: string;
  uses: number;
  lastUsedAt: string;
}

/**
 * A custom emoji (GET /api/v1/emoji, /api/v1/chats/<id>/emoji): used as `:shortcode:` in text
 * and reactions; `url` is its image (a WebP, fetched without a token).
 */
export interface CustomEmoji {
  id: string;
  shortcode: string;
  url: string;
  /** null: the server's set; else the group whose set it is in. */
  chatId: string | null;
  createdBy: string;
  createdAt: string;
}

/** A set of custom emoji, and whether the user may add to it and remove from it. */
export interface EmojiSet {
  emoji: CustomEmoji[];
  canManage: boolean;
}

/** emoji:updated: a set changed (chatId null: the server's; else that group's). */
export interface EmojiUpdatedEvent {
  chatId: string | null;
}

/** What a reply shows of the message it answers. */
export interface ReplyPreview {
  id: string;
  senderId: string;
  senderName: string;
  /** The start of its text (empty once deleted). */
  excerpt: string;
  deleted: boolean;
}

/** A thread's root carries this once it has replies. */
export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: string | null;
  /** The latest repliers (at most five), newest first. */
  participants: string[];
}

/** thread:updated: a reply was posted in the thread of rootId. */
export interface ThreadUpdatedEvent {
  chatId: string;
  rootId: string;
  thread: ThreadSummary;
  changeSeq: number;
}

/** thread:read: the user read a thread up to readSeq (on this device or another). */
export interface ThreadReadEvent extends ThreadUpdatedEvent {
  readSeq: number;
  unread: number;
}

/** A thread the user follows (threads:list), latest reply first. */
export interface FollowedThread {
  chatId: string;
  root: ChatMessage;
  readSeq: number;
  unread: number;
}

/** One version of a message's text (message:edits: the oldest first, the current last). */
export interface TextVersion {
  content: string;
  at: string;
}

/** message:deleted: messages of one chat are tombstones now. */
export interface DeletedEvent {
  chatId: string;
  messageIds: string[];
  deletedBy: string;
  deletedAt: string;
  /** The chat's changeSeq after the deletions (one per message). */
  changeSeq: number;
}

/** message:hidden: the user deleted these messages for themself (on any of their devices). */
export interface HiddenEvent {
  chatId: string;
  messageIds: string[];
}

/** A page of the change feed (chat:changes): continue with since = until while more. */
export interface ChangePage {
  /** The changed messages as they are now, in the order of their last change. */
  messages: ChatMessage[];
  /** Ids of the messages the user hid. */
  hidden: string[];
  until: number;
  more: boolean;
}

/** A group member, as group:members lists them (join order). */
export interface Member {
  id: string;
  name: string;
  email: string;
  role: GroupRole;
  joinedAt: string;
  position: number;
}

/** A member who has a message (message:receipts): when it reached them, whether they read it. */
export interface Receipt extends Member {
  deliveredAt: string | null;
  read: boolean;
  readAt: string | null;
}

/** A page of members: nextAfter is the cursor of the next page, null on the last. */
export interface MemberPage<M = Member> {
  members: M[];
  nextAfter: number | null;
}

/** A group's invite link, as its admins see it (group:invite, group:invites). */
export interface Invite {
  token: string;
  /** The web client's page of the link: /join/<token>. */
  path: string;
  chatId: string;
  createdBy: string;
  createdAt: string;
  /** null: it never expires. */
  expiresAt: string | null;
  /** null: anyone holding it may join, however many. */
  maxUses: number | null;
  uses: number;
  revoked: boolean;
  /** Not revoked, not expired, not used up (when the server answered). */
  usable: boolean;
}

/** What an invite link leads to, for whoever holds it (GET /api/v1/invites/<token>). */
export interface InvitePreview {
  chat: { id: string; title: string; description?: string; avatarColor?: string; memberCount: number };
  /** The user is in the group already. */
  member: boolean;
  expiresAt: string | null;
}

/** Who sees a person's last seen and online status. "contacts": the people they share a private chat with. */
export type LastSeenAudience = 'everybody' | 'contacts' | 'nobody';

/**
 * The user's privacy settings (GET /api/v1/me/privacy, privacy:updated). The server applies
 * them (and their reciprocity); the client shows and changes them. A person in both lists is
 * in `never`.
 */
export interface PrivacySettings {
  /** Others see when the user read their messages (off: the user sees no one's in private chats). */
  readReceipts: boolean;
  /** Others see the user typing. */
  typing: boolean;
  lastSeen: LastSeenAudience;
  /** See the last seen and online status whatever `lastSeen` says. */
  always: User[];
  /** Never see it. */
  never: User[];
}

/** PATCH /api/v1/me/privacy: any of the settings, the lists as user ids (at most 1000 each). */
export interface PrivacyPatch {
  readReceipts?: boolean;
  typing?: boolean;
  lastSeen?: LastSeenAudience;
  always?: string[];
  never?: string[];
}

/** Someone the user blocked (GET /api/v1/me/blocks, the latest first). */
export interface BlockedUser {
  user: User;
  /** ISO 8601. */
  blockedAt: string;
}

/** GET, PUT and DELETE /api/v1/me/blocks: the user's blocks (after the change). */
export interface BlockList {
  blocks: BlockedUser[];
}

/** blocks:updated: the user blocked (or unblocked) someone, on one of their devices. */
export interface BlocksUpdatedEvent {
  userId: string;
  blocked: boolean;
  at: string;
}

/** What a report is about. */
export type ReportKind = 'message' | 'user' | 'group';
/** Why it is reported. */
export type ReportCategory = 'spam' | 'harassment' | 'violence' | 'sexual' | 'illegal' | 'other';
/** Open until a moderator dismisses it or acts on it (resolved). */
export type ReportStatus = 'open' | 'dismissed' | 'resolved';
/** A server role: the server's administrators (configured or given) and moderators. */
export type ServerRole = 'admin' | 'moderator';

/** POST /api/v1/reports. */
export interface ReportRequest {
  kind: ReportKind;
  /** The message's, person's or group's id. */
  targetId: string;
  category: ReportCategory;
  /** At most 1000 characters. */
  comment?: string;
  /** Also block the person it is about (a message's sender, a person). */
  block?: boolean;
}

/** A report as its reporter sees it (POST /api/v1/reports, GET /api/v1/me/reports). */
export interface Report {
  id: string;
  kind: ReportKind;
  targetId: string;
  /** The person it is about: a message's sender, the person reported; null for a group. */
  userId: string | null;
  /** The chat of a reported message, the group reported; null for a person. */
  chatId: string | null;
  category: ReportCategory;
  comment: string;
  status: ReportStatus;
  /** ISO 8601. */
  createdAt: string;
  resolvedAt: string | null;
  /** What closed it: "dismissed", "deleted", "suspended", "warned", "muted" or "removed"; null while open. */
  resolution: string | null;
}

/** A report as moderators see it (GET /api/v1/moderation/reports, an action's answer). */
export interface ModerationReport extends Report {
  reporter: User | null;
  user: User | null;
  /** Who closed it (a user id). */
  resolvedBy: string | null;
  /** The messages kept when it was made (the reported one and those around it), oldest first. */
  context: ChatMessage[];
}

/** A page of reports, the latest first; `nextBefore` asks for the page after it. */
export interface ReportPage<R extends Report = Report> {
  reports: R[];
  nextBefore: string | null;
}

/** GET /api/v1/moderation/reports: which reports. */
export interface QueueQuery {
  status?: ReportStatus;
  category?: ReportCategory;
  /** A group's reports (what its owner and admins may see). */
  chatId?: string;
  before?: string;
  limit?: number;
}

/** One line of the audit log: who did what, to whom, where, why. */
export interface AuditEntry {
  id: string;
  actorId: string;
  /** "dismiss", "delete", "role", ... */
  action: string;
  userId: string | null;
  chatId: string | null;
  reportId: string | null;
  reason: string;
  /** The action's particulars ({role} for a role; {kind, targetId, category} for a report's). */
  details: Record<string, unknown>;
  /** ISO 8601. */
  at: string;
}

/** GET /api/v1/moderation/audit. */
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}

/** Someone with a server role. */
export interface StaffMember {
  user: User;
  role: ServerRole;
  /** When it was given; null for the configured administrators. */
  grantedAt: string | null;
  /** A configured administrator (--server_admins): not changed here. */
  configured: boolean;
}

/** GET /api/v1/moderation/staff, and the answer of a change. */
export interface StaffList {
  staff: StaffMember[];
}

/** An account suspended now (GET /api/v1/moderation/suspensions). */
export interface Suspension {
  userId: string;
  /** The person, when the server still has them. */
  user: User | null;
  /** Who suspended them. */
  by: string;
  at: string;
  /** When it ends; null: until lifted. */
  until: string | null;
  reason: string;
}

/** GET /api/v1/moderation/suspensions. */
export interface SuspensionList {
  suspensions: Suspension[];
}

/** The answer of POST /api/v1/moderation/users/:userId/suspend. */
export type SuspendAnswer = Omit<Suspension, 'user'>;

/**
 * A moderator's action on a report: dismiss it, delete its message, or act on its person:
 * suspend (staff), warn, mute (in the report's group, else everywhere), or remove from the
 * report's group (a report of a message in a group; its owner and admins).
 */
export type ReportActionName = 'dismiss' | 'delete' | 'suspend' | 'warn' | 'mute' | 'remove';

/** GET /api/v1/moderation/role. */
export interface ModerationRole {
  serverRole: ServerRole | null;
}

/** typing: the users typing in a chat now (the receiver's own devices included). */
export interface TypingEvent {
  chatId: string;
  userIds: string[];
}

/** chat:receipts: a group's floors rose. */
export interface ReceiptsEvent {
  chatId: string;
  deliveredSeq: number;
  readSeq: number;
}

/**
 * A message as the client holds it: a stored one, or one of the user's own that the server has
 * not acknowledged yet (`pending`, with a local id and seq 0), or one it refused (`failed`).
 */
/**
 * A message moderation kept from being delivered (its `failed` holds the words): held (waiting
 * for a moderator; delivered if approved, never sent again), rejected (by a rule), muted (the
 * sender may not send there now), held_rejected (a moderator rejected the held message).
 */
export type SendRefusal = 'held' | 'rejected' | 'muted' | 'held_rejected';

export interface ViewMessage extends ChatMessage {
  pending?: boolean;
  failed?: string;
  /** Why moderation kept it back, when it did (`failed` says it in words). */
  refusal?: SendRefusal;
  /** Orders pending messages written within the same millisecond. */
  localOrder?: number;
  /** A message of the user's whose files are still uploading: their uploads (file-actions.ts). */
  localUploads?: string[];
}

export interface AuthResponse {
  accessToken: string;
  user: User;
}

export interface StatusEvent {
  messageId: string;
  chatId: string;
  status: MessageStatus;
  userId: string;
  timestamp: string;
}

export interface PresenceEvent {
  userId: string;
  isOnline: boolean;
  lastSeen?: number | null;
}

export interface ErrorAck {
  status: 'error';
  code: string;
  message: string;
}

export interface OkAck {
  status: 'ok';
}

/**
 * What each request the client makes is acknowledged with when it succeeds (the server's event
 * tables describe acknowledgements in words only, so these are the client's reading of them).
 */
export interface Acks {
  message: ChatMessage;
  'message:read': OkAck;
  'chat:read': OkAck & { count: number };
  'chat:join': OkAck;
  'chat:history': OkAck & { messages: ChatMessage[] };
  'message:pin': OkAck & { message: ChatMessage };
  'message:unpin': OkAck & { message: ChatMessage };
  'chat:get-pinned': OkAck & { messages: ChatMessage[] };
  'message:forward-multiple': OkAck & { messages: ChatMessage[]; comment?: ChatMessage };
  'presence:subscribe': OkAck & { presence: WatchedPresence[] };
  'presence:unsubscribe': OkAck;
  'chat:delivered': OkAck;
  'group:create': OkAck & { chat: Chat };
  'group:add': OkAck & { chat: Chat };
  'group:remove': OkAck & { chat: Chat };
  'group:leave': OkAck;
  'group:role': OkAck & { chat: Chat };
  'group:owner': OkAck & { chat: Chat };
  'group:update': OkAck & { chat: Chat };
  'group:settings': OkAck & { chat: Chat };
  'group:members': OkAck & MemberPage;
  'message:receipts': OkAck & MemberPage<Receipt>;
  'group:invite': OkAck & { invite: Invite };
  'group:invites': OkAck & { invites: Invite[] };
  'group:invite:revoke': OkAck & { invite: Invite };
  'message:edit': OkAck & { message: ChatMessage };
  'message:edits': OkAck & { versions: TextVersion[] };
  'message:delete': OkAck & { messages: ChatMessage[] };
  'chat:changes': OkAck & ChangePage;
  'thread:history': OkAck & { root: ChatMessage; replies: ChatMessage[] };
  'thread:read': OkAck & { unread: number };
  'thread:follow': OkAck;
  'threads:list': OkAck & { threads: FollowedThread[]; next: string | null };
  'message:react': OkAck & { messageId: string; added: boolean; reactions: Reaction[] };
  'reactions:list': OkAck & ReactorPage;
  'reactions:unread': OkAck & { chats: Array<{ chatId: string; count: number; latestMessageId: string }> };
  'reactions:read': OkAck & { cleared: number };
  'emoji:frequent': OkAck & { emoji: FrequentEmoji[] };
  'emoji:used': OkAck;
  'typing:start': OkAck;
  'typing:stop': OkAck;
  'client:focus': OkAck;
}

/** One user's presence in the answer to presence:subscribe. */
export interface WatchedPresence {
  userId: string;
  isOnline: boolean;
  lastSeen: number | null;
}

/** The Socket.IO events the client sends: each one the server lists (wire.gen.ts). */
export type RequestName = keyof Acks & ClientEventName;

/**
 * Client-to-server requests: the payload, as the server's schema for the event says
 * (ClientEvents, generated from its event tables), and the successful acknowledgement. An
 * event the server no longer lists fails to compile here.
 */
export type Requests = { [E in keyof Acks]: { payload: ClientEvents[E]; ack: Acks[E] } };

/** The server's events the client listens to, with what it reads of each. */
export interface ServerEvents {
  message: ChatMessage;
  'message:status': StatusEvent;
  'users:update': PresenceEvent;
  'message:pinned': ChatMessage;
  'message:unpinned': ChatMessage;
  'message:edited': ChatMessage;
  'message:deleted': DeletedEvent;
  'message:hidden': HiddenEvent;
  'session:revoked': { reason?: unknown; message?: unknown } | undefined;
  'chat:added': Chat;
  'chat:updated': Chat;
  'chat:removed': { chatId: string };
  'chat:receipts': ReceiptsEvent;
  'thread:updated': ThreadUpdatedEvent;
  'thread:read': ThreadReadEvent;
  'message:reactions': ReactionsEvent;
  'reaction:added': ReactionAddedEvent;
  'reactions:unread': ReactionsUnreadEvent;
  typing: TypingEvent;
  'privacy:updated': PrivacySettings;
  'blocks:updated': BlocksUpdatedEvent;
  'emoji:updated': EmojiUpdatedEvent;
  'notifications:updated': NotificationSettings;
  /** Read defensively (automod.ts readNotice). */
  'moderation:notice': unknown;
  /** A settings document; read defensively (settings.ts readDocument). */
  'settings:updated': unknown;
  /** One of the user's scheduled messages after a change; read defensively (scheduled.ts readScheduled). */
  'scheduled:updated': ScheduledUpdatedEvent | undefined;
  /** The user's own templates (chatId null) or a group's canned responses changed; read defensively (realtime.ts). */
  'templates:updated': { chatId?: unknown } | undefined;
  /** One of the user's data exports moved on (queued, running, done, failed); read defensively (exports.ts readExport). */
  'export:progress': unknown;
}

/** What the realtime connection reports to the store. */
export type RealtimeEvent =
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnecting'; attempt: number }
  | { type: 'auth_failed'; message: string }
  | { type: 'session_revoked'; message: string; reason?: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'status'; event: StatusEvent }
  | { type: 'presence'; event: PresenceEvent }
  | { type: 'pin'; message: ChatMessage; pinned: boolean }
  /** message:edited: a message's text changed. */
  | { type: 'edited'; message: ChatMessage }
  /** message:deleted: messages deleted for everyone. */
  | { type: 'deleted'; event: DeletedEvent }
  /** message:hidden: messages the user deleted for themself. */
  | { type: 'hidden'; event: HiddenEvent }
  /** chat:added (the user is in a new group) or chat:updated (a group changed). */
  | { type: 'chat'; chat: Chat; added: boolean }
  /** chat:removed: the user left or was removed from a group. */
  | { type: 'chat_removed'; chatId: string }
  | { type: 'receipts'; event: ReceiptsEvent }
  /** thread:updated: a thread's root has a new summary. */
  | { type: 'thread_updated'; event: ThreadUpdatedEvent }
  /** thread:read: the user read a thread (here or on another device). */
  | { type: 'thread_read'; event: ThreadReadEvent }
  /** message:reactions: a message's reactions changed. */
  | { type: 'reactions'; event: ReactionsEvent }
  /** reaction:added: someone reacted to one of the user's messages. */
  | { type: 'reaction_added'; event: ReactionAddedEvent }
  /** reactions:unread: the user's unread reactions in a chat changed. */
  | { type: 'reactions_unread'; event: ReactionsUnreadEvent }
  /** typing: who types in a chat now. */
  | { type: 'typing'; event: TypingEvent }
  /** privacy:updated: the user's privacy settings changed (on any of their devices). */
  | { type: 'privacy'; settings: PrivacySettings }
  /** blocks:updated: the user blocked or unblocked someone (on any of their devices). */
  | { type: 'blocks_updated'; event: BlocksUpdatedEvent }
  /** emoji:updated: a custom emoji set changed. */
  | { type: 'emoji_updated'; event: EmojiUpdatedEvent }
  /** notifications:updated: the user's notification settings changed (on another device). */
  | { type: 'notifications'; settings: NotificationSettings }
  /** moderation:notice: moderation told the user something (a warning, a mute, a held message decided). */
  | { type: 'moderation_notice'; notice: ModerationNotice }
  /** settings:updated: one of the user's settings documents changed (on any device; read defensively, settings.ts). */
  | { type: 'settings'; document: unknown }
  /** scheduled:updated: one of the user's scheduled messages was created, changed, sent, missed or ended. */
  | { type: 'scheduled_updated'; event: ScheduledUpdatedEvent | undefined }
  /** templates:updated: the user's own templates (chatId null) or a group's canned responses changed. */
  | { type: 'templates_updated'; event: TemplatesUpdatedEvent }
  /** export:progress: one of the user's data exports moved on (the Export, read defensively by exports.ts). */
  | { type: 'export_progress'; event: unknown };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
