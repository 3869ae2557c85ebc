// The fake server's reports and moderation (fakes.ts), as Parley keeps them: POST
// /api/v1/reports with Parley's refusals (400 invalid_input for an unknown kind or category, a
// malformed id, one's own message, oneself, a private chat reported as a group; 404 for what does
// not exist; 403 for a chat the reporter is not in; 413 payload_too_large for a comment over 1000
// characters; 429 rate_limited past 10), the context kept (the reported message and up to 10
// around it; a person: the latest of their private chat with the reporter; a group: its latest),
// `block` blocking the person through FakeBlocks; the reporter's list; the server role (the
// configured administrators by email, roles given by an administrator); the queue (staff: all;
// a group's owner, its first member, and the admins a test names: its message reports, with its
// chatId; others 403), dismiss and delete (the message deleted for everyone, message:deleted
// pushed to a client in its chat; 409 once closed), warn and mute a report's person (in its
// group, else everywhere: through fake-automod.ts), remove a report's person from its group (a
// report of a message in a group, else 400; as its owner or an admin removes anyone: 403 for
// anyone else, the server's staff included, and for the owner; the system line, chat:removed
// to the client removed, the line and chat:updated to a client still in it), suspensions
// (staff: suspend a person, from a report or not, lift it, list them), the audit log, the staff
// and role changes.
// A test can make the next calls fail or wait. Used only by the unit tests, through
// FakeServer.moderation.
import { ApiError } from './errors';
import type { FakeLifecycle } from './fake-lifecycle';
import type { FakeBlocks } from './fake-blocks';
import type { FakeAutomod } from './fake-automod';
import { CATEGORIES, commentLength, MAX_REPORT_COMMENT } from './moderation';
import type {
  AuditEntry,
  AuditPage,
  Chat,
  ChatMessage,
  ModerationReport,
  ModerationRole,
  QueueQuery,
  RealtimeEvent,
  Report,
  ReportPage,
  ReportRequest,
  ServerRole,
  StaffList,
  SuspendAnswer,
  SuspensionList,
  SystemInfo,
  User,
} from './types';

/** What the moderation reads of the fake server. */
export interface FakeModerationHost {
  userList: User[];
  chatList: Chat[];
  stored: ChatMessage[];
  readonly lifecycle: FakeLifecycle;
  readonly blocks: FakeBlocks;
  readonly automod: Pick<FakeAutomod, 'mute' | 'warn'>;
  token: string | null;
  connected: boolean;
  push(e: RealtimeEvent): void;
  tick(): string;
  storeSystem(chatId: string, actorId: string, content: string, system: Omit<SystemInfo, 'actorId'>): ChatMessage;
}

interface Kept extends Report {
  reporterId: string;
  resolvedBy: string | null;
  context: ChatMessage[];
}

const CONTEXT_AROUND = 10;
const ID = /^[\w-]+$/;

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${String(++counter).padStart(6, '0')}`;

export class FakeModeration {
  private readonly host: FakeModerationHost;
  /** Emails of the configured administrators (--server_admins). */
  admins: string[] = [];
  /** Roles given by administrators, by user id. */
  readonly given = new Map<string, { role: ServerRole; at: string }>();
  /** Per group, the admins besides its owner (its first member). */
  readonly groupAdmins = new Map<string, Set<string>>();
  /** Every report, oldest first. */
  readonly reports: Kept[] = [];
  /** The audit log, oldest first. */
  readonly log: AuditEntry[] = [];
  /** Reports each user may still make (Parley: 10 a minute). */
  reportLimit = 10;
  private readonly made = new Map<string, number>();
  /** The next reports (or actions, or role changes) fail with these errors, one each. */
  failReports: ApiError[] = [];
  failActions: ApiError[] = [];
  /** While set, each queue page answers (what the server had when asked) only when the test calls its entry. */
  queueGate: Array<() => void> | null = null;
  /** The queue queries answered, in order. */
  readonly queries: QueueQuery[] = [];
  /** The accounts suspended, by user id. */
  readonly suspended = new Map<string, SuspendAnswer>();

  constructor(host: FakeModerationHost) {
    this.host = host;
  }

  /** The server role of `userId`: a configured administrator, else the one given, else none. */
  roleOf(userId: string): ServerRole | null {
    const u = this.host.userList.find((x) => x.id === userId);
    if (u && this.admins.includes(u.email)) return 'admin';
    return this.given.get(userId)?.role ?? null;
  }

  role(userId: string): ModerationRole {
    return { serverRole: this.roleOf(userId) };
  }

  /** Whether `userId` moderates the reports of `chatId`: its owner or one of its admins. */
  moderatesGroup(userId: string, chatId: string): boolean {
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat || chat.kind !== 'group' || !chat.participants.includes(userId)) return false;
    return chat.participants[0] === userId || (this.groupAdmins.get(chatId)?.has(userId) ?? false);
  }

  /** POST /api/v1/reports from `userId`. */
  async report(userId: string, r: ReportRequest): Promise<Report> {
    const failure = this.failReports.shift();
    if (failure) throw failure;
    if (!['message', 'user', 'group'].includes(r.kind)) throw new ApiError(400, 'invalid_input', 'kind must be message, user or group');
    if (!CATEGORIES.some((c) => c.value === r.category)) {
      throw new ApiError(400, 'invalid_input', 'category must be spam, harassment, violence, sexual, illegal or other');
    }
    if (!ID.test(r.targetId)) throw new ApiError(400, 'invalid_input', 'targetId must be an id');
    if (commentLength(r.comment ?? '') > MAX_REPORT_COMMENT) {
      throw new ApiError(413, 'payload_too_large', `comment holds at most ${MAX_REPORT_COMMENT} characters`);
    }
    const at = this.host.tick();
    const kept: Kept = {
      id: nextId('report'),
      kind: r.kind,
      targetId: r.targetId,
      userId: null,
      chatId: null,
      category: r.category,
      comment: r.comment ?? '',
      status: 'open',
      createdAt: at,
      resolvedAt: null,
      resolution: null,
      reporterId: userId,
      resolvedBy: null,
      context: [],
    };
    if (r.kind === 'message') {
      const m = this.host.stored.find((x) => x.id === r.targetId);
      if (!m) throw new ApiError(404, 'not_found', 'Message not found');
      const chat = this.chatFor(userId, m.chatId);
      if (m.senderId === userId) throw new ApiError(400, 'invalid_input', "One cannot report one's own message");
      kept.userId = m.senderId;
      kept.chatId = chat.id;
      kept.context = this.around(chat.id, m.seq);
    } else if (r.kind === 'user') {
      if (r.targetId === userId) throw new ApiError(400, 'invalid_input', 'One cannot report oneself');
      if (!this.host.userList.some((u) => u.id === r.targetId)) throw new ApiError(404, 'not_found', 'User not found');
      kept.userId = r.targetId;
      const both = this.host.chatList.find((c) => c.kind !== 'group' && c.participants.includes(userId) && c.participants.includes(r.targetId));
      kept.context = both ? this.latest(both.id) : [];
    } else {
      const chat = this.chatFor(userId, r.targetId);
      if (chat.kind !== 'group') throw new ApiError(400, 'invalid_input', 'Only a group can be reported as a group');
      kept.chatId = chat.id;
      kept.context = this.latest(chat.id);
    }
    const made = this.made.get(userId) ?? 0;
    if (made >= this.reportLimit) throw new ApiError(429, 'rate_limited', 'Too many reports; try again in a minute');
    this.made.set(userId, made + 1);
    this.reports.push(kept);
    if (r.block && kept.userId) await this.host.blocks.set(userId, kept.userId, true);
    return this.reporterView(kept);
  }

  /** GET /api/v1/me/reports for `userId`. */
  mine(userId: string, before?: string, limit = 50): ReportPage {
    const page = this.page(
      this.reports.filter((r) => r.reporterId === userId),
      before,
      limit,
    );
    return { reports: page.map((r) => this.reporterView(r)), nextBefore: page.at(-1)?.id ?? null };
  }

  /** GET /api/v1/moderation/reports for `userId`, through queueGate. */
  async queue(userId: string, q: QueueQuery): Promise<ReportPage<ModerationReport>> {
    this.queries.push({ ...q });
    if (q.status && !['open', 'dismissed', 'resolved'].includes(q.status)) {
      throw new ApiError(400, 'invalid_input', 'status must be open, dismissed or resolved');
    }
    let groupView = false;
    if (!this.roleOf(userId)) {
      if (!q.chatId) throw new ApiError(403, 'forbidden', "Only the server's moderators see every report");
      if (!this.moderatesGroup(userId, q.chatId)) throw new ApiError(403, 'forbidden', "Only the group's owner and admins see its reports");
      groupView = true;
    }
    const matching = this.reports.filter(
      (r) => (!q.status || r.status === q.status) && (!q.category || r.category === q.category) && (!q.chatId || r.chatId === q.chatId),
    );
    let page = this.page(matching, q.before, q.limit ?? 50);
    const nextBefore = page.at(-1)?.id ?? null;
    if (groupView) page = page.filter((r) => r.kind === 'message');
    const answer = { reports: page.map((r) => this.moderatorView(r)), nextBefore };
    const gate = this.queueGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return answer;
  }

  /** POST /api/v1/moderation/reports/:id/actions by `userId`. */
  async act(userId: string, reportId: string, action: string, reason = '', durationSeconds?: number): Promise<ModerationReport> {
    const failure = this.failActions.shift();
    if (failure) throw failure;
    if (!['dismiss', 'delete', 'suspend', 'warn', 'mute', 'remove'].includes(action)) {
      throw new ApiError(400, 'invalid_input', 'action must be dismiss, delete, warn, mute, remove or suspend');
    }
    const r = this.reports.find((x) => x.id === reportId);
    if (!r) throw new ApiError(404, 'not_found', 'Report not found');
    if (!this.roleOf(userId) && !(r.kind === 'message' && r.chatId && this.moderatesGroup(userId, r.chatId))) {
      throw new ApiError(403, 'forbidden', 'You do not moderate this report');
    }
    if (r.status !== 'open') throw new ApiError(409, 'conflict', 'This report was closed already');
    if (action === 'remove') this.removeFromGroup(userId, r);
    if (action === 'suspend') {
      if (!this.roleOf(userId)) throw new ApiError(403, 'forbidden', "Only the server's moderators suspend accounts");
      if (!r.userId) throw new ApiError(400, 'invalid_input', 'This report is about no one person');
      this.suspend(userId, r.userId, durationSeconds, reason);
    }
    if (action === 'warn' || action === 'mute') {
      if (!r.userId) throw new ApiError(400, 'invalid_input', 'This report is about no one person');
      const chat = this.host.chatList.find((c) => c.id === r.chatId);
      const where = chat?.kind === 'group' ? chat.id : null;
      if (action === 'mute') await this.host.automod.mute(`token-${userId}`, r.userId, where, durationSeconds ?? 3600, reason);
      else await this.host.automod.warn(`token-${userId}`, r.userId, where, reason || `A moderator warned you after a report (${r.category})`);
    }
    if (action === 'delete') {
      if (r.kind !== 'message') throw new ApiError(400, 'invalid_input', 'Only a reported message can be deleted');
      const m = this.host.stored.find((x) => x.id === r.targetId);
      if (m && !m.deleted) {
        const event = this.host.lifecycle.deleteAsModerator(userId, m.id);
        const chat = this.host.chatList.find((c) => c.id === m.chatId);
        const client = this.clientId();
        if (client && chat?.participants.includes(client)) this.host.push({ type: 'deleted', event });
      }
    }
    const at = this.host.tick();
    Object.assign(r, {
      status: action === 'dismiss' ? 'dismissed' : 'resolved',
      resolution: { dismiss: 'dismissed', delete: 'deleted', suspend: 'suspended', warn: 'warned', mute: 'muted', remove: 'removed' }[action],
      resolvedAt: at,
      resolvedBy: userId,
    });
    this.log.push({
      id: nextId('audit'),
      actorId: userId,
      action,
      userId: r.userId,
      chatId: r.chatId,
      reportId: r.id,
      reason,
      details: { kind: r.kind, targetId: r.targetId, category: r.category },
      at,
    });
    return this.moderatorView(r);
  }

  /**
   * A report's person out of its group by `actorId`, as the group's owner or an admin removes
   * anyone (Parley's refusals: 400 unless a report of a message in a group; 403 for anyone
   * else, the server's staff included, and for the owner). A person gone already: nothing to do.
   */
  private removeFromGroup(actorId: string, r: Kept): void {
    const chat = r.chatId ? this.host.chatList.find((c) => c.id === r.chatId) : undefined;
    if (r.kind !== 'message' || !r.userId || !chat || chat.kind !== 'group') {
      throw new ApiError(400, 'invalid_input', 'Only a report of a message in a group can end in a removal');
    }
    if (!chat.participants.includes(actorId)) throw new ApiError(403, 'forbidden', 'You are not a member of this group');
    if (!this.moderatesGroup(actorId, chat.id)) throw new ApiError(403, 'forbidden', 'Only admins can remove members');
    const target = r.userId;
    if (!chat.participants.includes(target)) return;
    if (chat.participants[0] === target) throw new ApiError(403, 'forbidden', "Nobody can remove the group's owner");
    chat.participants = chat.participants.filter((x) => x !== target);
    chat.memberCount = chat.participants.length;
    this.groupAdmins.get(chat.id)?.delete(target);
    const line = this.host.storeSystem(chat.id, actorId, `${this.person(actorId).name} removed ${this.person(target).name}`, {
      type: 'member_removed',
      userIds: [target],
    });
    const client = this.clientId();
    if (client === target) {
      this.host.push({ type: 'chat_removed', chatId: chat.id });
    } else if (client && chat.participants.includes(client)) {
      const { role: _role, ...updated } = chat;
      this.host.push({ type: 'message', message: structuredClone(line) });
      this.host.push({ type: 'chat', chat: structuredClone(updated), added: false });
    }
  }

  /** GET /api/v1/moderation/audit for `userId`. */
  audit(userId: string, q: { chatId?: string; before?: string; limit?: number }): AuditPage {
    if (!this.roleOf(userId)) {
      if (!q.chatId) throw new ApiError(403, 'forbidden', "Only the server's moderators read the whole audit log");
      if (!this.moderatesGroup(userId, q.chatId)) throw new ApiError(403, 'forbidden', "Only the group's owner and admins read its audit log");
    }
    const page = this.page(
      this.log.filter((e) => !q.chatId || e.chatId === q.chatId),
      q.before,
      q.limit ?? 50,
    );
    return { entries: page.map((e) => structuredClone(e)), nextBefore: page.at(-1)?.id ?? null };
  }

  /** GET /api/v1/moderation/staff for `userId`. */
  staff(userId: string): StaffList {
    if (!this.roleOf(userId)) throw new ApiError(403, 'forbidden', "Only the server's staff see its staff");
    const configured = this.host.userList.filter((u) => this.admins.includes(u.email));
    const given = [...this.given].filter(([id]) => !configured.some((u) => u.id === id));
    return {
      staff: [
        ...configured.map((u) => ({ user: this.person(u.id), role: 'admin' as const, grantedAt: null, configured: true })),
        ...given.map(([id, g]) => ({ user: this.person(id), role: g.role, grantedAt: g.at, configured: false })),
      ],
    };
  }

  /** PUT /api/v1/moderation/staff/:userId by `actorId`. */
  setRole(actorId: string, userId: string, role: string, reason = ''): StaffList {
    const failure = this.failActions.shift();
    if (failure) throw failure;
    if (role !== 'admin' && role !== 'moderator' && role !== 'none') throw new ApiError(400, 'invalid_input', 'role must be admin, moderator or none');
    if (!ID.test(userId)) throw new ApiError(400, 'invalid_input', 'userId must be a user id');
    if (this.roleOf(actorId) !== 'admin') throw new ApiError(403, 'forbidden', "Only the server's administrators give roles");
    const u = this.host.userList.find((x) => x.id === userId);
    if (!u) throw new ApiError(404, 'not_found', 'User not found');
    if (this.admins.includes(u.email)) throw new ApiError(400, 'invalid_input', "A configured administrator's role is the configuration's");
    const at = this.host.tick();
    if (role === 'none') this.given.delete(userId);
    else this.given.set(userId, { role, at });
    this.log.push({ id: nextId('audit'), actorId, action: 'role', userId, chatId: null, reportId: null, reason, details: { role }, at });
    return this.staff(actorId);
  }

  /** POST /api/v1/moderation/users/:userId/suspend by `actorId` (staff; not oneself, nor staff one may not suspend). */
  suspend(actorId: string, userId: string, durationSeconds?: number, reason = ''): SuspendAnswer {
    const mine = this.roleOf(actorId);
    if (!mine) throw new ApiError(403, 'forbidden', "Only the server's moderators suspend accounts");
    if (durationSeconds !== undefined && (durationSeconds < 60 || durationSeconds > 315360000)) {
      throw new ApiError(400, 'invalid_input', 'durationSeconds must be 60 to 315360000');
    }
    if (userId === actorId) throw new ApiError(400, 'invalid_input', 'One cannot suspend oneself');
    if (!this.host.userList.some((u) => u.id === userId)) throw new ApiError(404, 'not_found', 'User not found');
    const theirs = this.roleOf(userId);
    if (theirs === 'admin' || (mine === 'moderator' && theirs)) throw new ApiError(400, 'invalid_input', "The server's staff cannot be suspended by you");
    const at = this.host.tick();
    const until = durationSeconds === undefined ? null : new Date(Date.parse(at) + durationSeconds * 1000).toISOString();
    const answer: SuspendAnswer = { userId, by: actorId, at, until, reason };
    this.suspended.set(userId, answer);
    this.log.push({ id: nextId('audit'), actorId, action: 'suspend', userId, chatId: null, reportId: null, reason, details: { until }, at });
    return { ...answer };
  }

  /** POST /api/v1/moderation/users/:userId/unsuspend by `actorId`. */
  unsuspend(actorId: string, userId: string, reason = ''): { userId: string; suspended: false } {
    const failure = this.failActions.shift();
    if (failure) throw failure;
    if (!this.roleOf(actorId)) throw new ApiError(403, 'forbidden', "Only the server's moderators lift suspensions");
    if (!this.suspended.delete(userId)) throw new ApiError(404, 'not_found', 'This account is not suspended');
    this.log.push({ id: nextId('audit'), actorId, action: 'unsuspend', userId, chatId: null, reportId: null, reason, details: {}, at: this.host.tick() });
    return { userId, suspended: false };
  }

  /** GET /api/v1/moderation/suspensions for `userId`. */
  suspensions(userId: string): SuspensionList {
    if (!this.roleOf(userId)) throw new ApiError(403, 'forbidden', "Only the server's staff see suspensions");
    return { suspensions: [...this.suspended.values()].map((x) => ({ ...x, user: this.person(x.userId) })) };
  }

  private page<T extends { id: string }>(oldestFirst: readonly T[], before: string | undefined, limit: number): T[] {
    const latestFirst = [...oldestFirst].reverse();
    const from = before ? latestFirst.findIndex((x) => x.id === before) + 1 : 0;
    if (before && from === 0) return [];
    return latestFirst.slice(from, from + Math.max(1, Math.min(limit, 100)));
  }

  private chatFor(userId: string, chatId: string): Chat {
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
    if (!chat.participants.includes(userId)) throw new ApiError(403, 'forbidden', 'Not a member of this chat');
    return chat;
  }

  private around(chatId: string, seq: number): ChatMessage[] {
    return this.host.stored
      .filter((m) => m.chatId === chatId && Math.abs(m.seq - seq) <= CONTEXT_AROUND)
      .map((m) => structuredClone(m));
  }

  private latest(chatId: string): ChatMessage[] {
    return this.host.stored
      .filter((m) => m.chatId === chatId)
      .slice(-2 * CONTEXT_AROUND)
      .map((m) => structuredClone(m));
  }

  private reporterView(r: Kept): Report {
    const { reporterId: _r, resolvedBy: _b, context: _c, ...report } = r;
    return { ...report };
  }

  private moderatorView(r: Kept): ModerationReport {
    const { reporterId, context, resolvedBy, ...report } = r;
    return {
      ...report,
      reporter: this.person(reporterId),
      user: r.userId ? this.person(r.userId) : null,
      resolvedBy,
      context: context.map((m) => structuredClone(m)),
    };
  }

  private person(id: string): User {
    const u = this.host.userList.find((x) => x.id === id);
    return { id, name: u?.name ?? '', email: u?.email ?? '' };
  }

  /** The user the client is signed in as, when connected. */
  private clientId(): string | null {
    if (!this.host.connected || !this.host.token) return null;
    return this.host.token.replace(/^token-/, '');
  }

  /** Drops the rate limit's count (a minute passed). */
  minutePassed(): void {
    this.made.clear();
  }
}
