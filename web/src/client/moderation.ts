// Reports and moderation, pure: the categories and statuses in words, the comment's limit (the
// server counts characters, code points), the server's answers read defensively (reports, the
// queue's cards with their context, the audit log, the staff, the role), pages and "Load more",
// a report replaced in a list by its newer copy, what closed a report and what an audit line
// says, which reports may end in a removal from their group, ids shortened where the client
// knows no name, and refusals in words. The server decides every report and action;
// the client shows and asks. Used by moderation-actions.ts and the UI.
import { labelled, labels, t } from '../i18n/core';
import { errorMessage } from './errors';
import type {
  AuditEntry,
  AuditPage,
  Chat,
  ChatMessage,
  ModerationReport,
  Report,
  ReportCategory,
  ReportKind,
  ReportActionName,
  ReportPage,
  ReportStatus,
  ServerRole,
  StaffMember,
  Suspension,
  User,
} from './types';

/** The most characters a report's comment (and an action's reason) holds. */
export const MAX_REPORT_COMMENT = 1000;

/** How many reports or audit lines a page asks for. */
export const MODERATION_PAGE = 20;

/** The categories, in the order the report dialog offers them. */
export const CATEGORIES: ReadonlyArray<{ value: ReportCategory; label: string; hint: string }> = [
  labelled({ value: 'spam' }, { label: 'moderation.category.spam', hint: 'moderation.category.spam.hint' }),
  labelled({ value: 'harassment' }, { label: 'moderation.category.harassment', hint: 'moderation.category.harassment.hint' }),
  labelled({ value: 'violence' }, { label: 'moderation.category.violence', hint: 'moderation.category.violence.hint' }),
  labelled({ value: 'sexual' }, { label: 'moderation.category.sexual', hint: 'moderation.category.sexual.hint' }),
  labelled({ value: 'illegal' }, { label: 'moderation.category.illegal', hint: 'moderation.category.illegal.hint' }),
  labelled({ value: 'other' }, { label: 'moderation.category.other', hint: 'moderation.category.other.hint' }),
];

const CATEGORY_VALUES = new Set<string>(CATEGORIES.map((c) => c.value));
const STATUS_VALUES = new Set<string>(['open', 'dismissed', 'resolved']);
const KIND_VALUES = new Set<string>(['message', 'user', 'group']);

/** A category in words ("Sexual content"). */
export function categoryLabel(category: string): string {
  return CATEGORIES.find((c) => c.value === category)?.label ?? category;
}

/** The statuses in words. */
export const STATUS_LABEL: Readonly<Record<ReportStatus, string>> = labels({
  open: 'moderation.status.open',
  dismissed: 'moderation.status.dismissed',
  resolved: 'moderation.status.resolved',
});

/** What a report is about, in a word. */
export const KIND_LABEL: Readonly<Record<ReportKind, string>> = labels({
  message: 'moderation.kind.message',
  user: 'moderation.kind.user',
  group: 'moderation.kind.group',
});

/** The roles in words. */
export const ROLE_LABEL: Readonly<Record<ServerRole, string>> = labels({ admin: 'moderation.role.admin', moderator: 'moderation.role.moderator' });

/** A text's length as the server counts it: characters (code points), not UTF-16 units. */
export function commentLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The comment counter's words: "12 / 1000", and whether it is over. */
export function commentCount(text: string): { text: string; over: boolean } {
  const n = commentLength(text);
  return { text: t('moderation.commentCount', { n: String(n), max: String(MAX_REPORT_COMMENT) }), over: n > MAX_REPORT_COMMENT };
}

/** The dialog's title: "Report message", "Report Alice", "Report group". */
export function reportTitle(kind: ReportKind, name: string): string {
  if (kind === 'message') return t('moderation.report.message');
  if (kind === 'group') return t('moderation.report.group');
  return t('moderation.report.user', { name: name.trim() || t('moderation.report.thisPerson') });
}

/** Said once a report is sent. */
export const reportSent = () => t('moderation.report.sent');

/** A refusal of a report, in the server's words. */
export function reportErrorText(err: unknown): string {
  return t('moderation.report.failed', { error: errorMessage(err) });
}

/** A refusal of a moderator's action, in the server's words. */
export function actionErrorText(err: unknown, action: ReportActionName): string {
  const key =
    action === 'delete'
      ? 'moderation.actionFailed.delete'
      : action === 'suspend'
        ? 'moderation.actionFailed.suspend'
        : action === 'warn'
          ? 'moderation.actionFailed.warn'
          : action === 'mute'
            ? 'moderation.actionFailed.mute'
            : action === 'remove'
              ? 'moderation.actionFailed.remove'
              : 'moderation.actionFailed.dismiss';
  return t(key, { error: errorMessage(err) });
}

/**
 * What closed a report, for its reporter ("Message deleted", "Sender removed from the group");
 * null while open, when dismissed (its status says so) or for a resolution the client does not know.
 */
export function resolutionLabel(resolution: string | null): string | null {
  switch (resolution) {
    case 'deleted':
      return t('moderation.resolution.deleted');
    case 'warned':
      return t('moderation.resolution.warned');
    case 'muted':
      return t('moderation.resolution.muted');
    case 'suspended':
      return t('moderation.resolution.suspended');
    case 'removed':
      return t('moderation.resolution.removed');
    default:
      return null;
  }
}

/**
 * Whether a report may end in removing its person from its group: a report of a message with a
 * sender, in a group. `chat` is the report's chat as the client holds it; one it does not hold
 * (the user is not in it) may be a group, so the removal is offered and the server decides.
 */
export function mayRemoveFromGroup(report: Pick<Report, 'kind' | 'chatId' | 'userId'>, chat: Pick<Chat, 'kind'> | undefined): boolean {
  return report.kind === 'message' && report.chatId !== null && report.userId !== null && (chat === undefined || chat.kind === 'group');
}

/** A refusal to lift a suspension, in the server's words. */
export function liftErrorText(err: unknown): string {
  return t('moderation.liftFailed', { error: errorMessage(err) });
}

/** How long a suspension lasts, as the dialog offers it; null seconds: until lifted. */
export const SUSPEND_DURATIONS: ReadonlyArray<{ value: string; label: string; seconds: number | null }> = [
  labelled({ value: '1h', seconds: 60 * 60 }, { label: 'moderation.duration.1h' }),
  labelled({ value: '1d', seconds: 24 * 60 * 60 }, { label: 'moderation.duration.1d' }),
  labelled({ value: '7d', seconds: 7 * 24 * 60 * 60 }, { label: 'moderation.duration.7d' }),
  labelled({ value: '30d', seconds: 30 * 24 * 60 * 60 }, { label: 'moderation.duration.30d' }),
  labelled({ value: 'lifted', seconds: null }, { label: 'moderation.duration.lifted' }),
];

/** The seconds of a duration's value (undefined: until lifted, or unknown). */
export function suspendSeconds(value: string): number | undefined {
  return SUSPEND_DURATIONS.find((d) => d.value === value)?.seconds ?? undefined;
}

/** What the queue's live region says once a person is suspended ("Bob is suspended for 1 day."). */
export function suspendedText(name: string, value: string): string {
  const d = SUSPEND_DURATIONS.find((x) => x.value === value);
  const who = name.trim() || t('moderation.suspended.thePerson');
  return !d || d.seconds === null ? t('moderation.suspended.untilLifted', { name: who }) : t('moderation.suspended.for', { name: who, duration: d.label });
}

// ---------------------------------------------------------------------------------------------
// Reading the server's answers

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function readUser(v: unknown): User | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return { id: v.id, name: str(v.name), email: str(v.email) };
}

/** A report as the server sends it; null without an id. Unknown kinds, categories and statuses are kept as the nearest. */
export function readReport(v: unknown): Report | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return {
    id: v.id,
    kind: (KIND_VALUES.has(str(v.kind)) ? v.kind : 'message') as ReportKind,
    targetId: str(v.targetId),
    userId: strOrNull(v.userId),
    chatId: strOrNull(v.chatId),
    category: (CATEGORY_VALUES.has(str(v.category)) ? v.category : 'other') as ReportCategory,
    comment: str(v.comment),
    status: (STATUS_VALUES.has(str(v.status)) ? v.status : 'open') as ReportStatus,
    createdAt: str(v.createdAt),
    resolvedAt: strOrNull(v.resolvedAt),
    resolution: strOrNull(v.resolution),
  };
}

function readMessage(v: unknown): ChatMessage | null {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.senderId !== 'string') return null;
  return { ...(v as unknown as ChatMessage), content: str(v.content), createdAt: str(v.createdAt), seq: typeof v.seq === 'number' ? v.seq : 0 };
}

/** A report as moderators are sent it: the report, its people and its context (oldest first). */
export function readModerationReport(v: unknown): ModerationReport | null {
  const report = readReport(v);
  if (!report || !isObject(v)) return null;
  const context = (Array.isArray(v.context) ? v.context : [])
    .map(readMessage)
    .filter((m): m is ChatMessage => m !== null)
    .sort((a, b) => a.seq - b.seq);
  return { ...report, reporter: readUser(v.reporter), user: readUser(v.user), resolvedBy: strOrNull(v.resolvedBy), context };
}

function readList<T>(v: unknown, key: string, read: (x: unknown) => T | null): { items: T[]; nextBefore: string | null } {
  const list = isObject(v) && Array.isArray(v[key]) ? (v[key] as unknown[]) : [];
  const items = list.map(read).filter((x): x is T => x !== null);
  return { items, nextBefore: isObject(v) ? strOrNull(v.nextBefore) : null };
}

/** `{reports, nextBefore}` of the reporter's view. */
export function readReportPage(v: unknown): ReportPage {
  const { items, nextBefore } = readList(v, 'reports', readReport);
  return { reports: items, nextBefore };
}

/** `{reports, nextBefore}` of the queue. */
export function readQueuePage(v: unknown): ReportPage<ModerationReport> {
  const { items, nextBefore } = readList(v, 'reports', readModerationReport);
  return { reports: items, nextBefore };
}

function readAuditEntry(v: unknown): AuditEntry | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return {
    id: v.id,
    actorId: str(v.actorId),
    action: str(v.action),
    userId: strOrNull(v.userId),
    chatId: strOrNull(v.chatId),
    reportId: strOrNull(v.reportId),
    reason: str(v.reason),
    details: isObject(v.details) ? v.details : {},
    at: str(v.at),
  };
}

/** `{entries, nextBefore}` of the audit log. */
export function readAuditPage(v: unknown): AuditPage {
  const { items, nextBefore } = readList(v, 'entries', readAuditEntry);
  return { entries: items, nextBefore };
}

/** `{staff: [...]}`: each person once, configured administrators first as the server lists them. */
export function readStaff(v: unknown): StaffMember[] {
  const list = isObject(v) && Array.isArray(v.staff) ? v.staff : Array.isArray(v) ? v : [];
  const seen = new Set<string>();
  const out: StaffMember[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const user = readUser(entry.user);
    if (!user || seen.has(user.id) || (entry.role !== 'admin' && entry.role !== 'moderator')) continue;
    seen.add(user.id);
    out.push({ user, role: entry.role, grantedAt: strOrNull(entry.grantedAt), configured: entry.configured === true });
  }
  return out;
}

function readSuspension(v: unknown): Suspension | null {
  if (!isObject(v) || typeof v.userId !== 'string' || v.userId === '') return null;
  return { userId: v.userId, user: readUser(v.user), by: str(v.by), at: str(v.at), until: strOrNull(v.until), reason: str(v.reason) };
}

/** `{suspensions: [...]}`: each person once, those ending soonest first, then those until lifted (latest first). */
export function readSuspensions(v: unknown): Suspension[] {
  const list = isObject(v) && Array.isArray(v.suspensions) ? v.suspensions : [];
  const seen = new Set<string>();
  const out: Suspension[] = [];
  for (const entry of list) {
    const s = readSuspension(entry);
    if (!s || seen.has(s.userId)) continue;
    seen.add(s.userId);
    out.push(s);
  }
  return out.sort((a, b) => {
    if (a.until !== null && b.until !== null) return a.until < b.until ? -1 : a.until > b.until ? 1 : 0;
    if (a.until !== null || b.until !== null) return a.until !== null ? -1 : 1;
    return a.at > b.at ? -1 : a.at < b.at ? 1 : 0;
  });
}

/** `{serverRole}`: the user's server role, null for none (or anything else). */
export function readRole(v: unknown): ServerRole | null {
  const role = isObject(v) ? v.serverRole : null;
  return role === 'admin' || role === 'moderator' ? role : null;
}

/**
 * The cursor of the page after one: the server names the last item of every page, so a page
 * shorter than asked for is the last. `filtered`: the server may drop items after paging (a
 * group's view of its reports), so only an empty page is the last.
 */
export function nextCursor(page: { nextBefore: string | null }, count: number, limit: number, filtered = false): string | null {
  if (count === 0 || page.nextBefore === null) return null;
  return filtered || count >= limit ? page.nextBefore : null;
}

/** `list` with `report` in place of its older copy, or first when new (the latest first). */
export function withReport<R extends Report>(list: readonly R[], report: R): R[] {
  return list.some((r) => r.id === report.id) ? list.map((r) => (r.id === report.id ? report : r)) : [report, ...list];
}

/** `page` (older items) after those `shown`, each item once (by id): the next page added to a list. */
export function appendPage<T extends { id: string }>(shown: readonly T[], page: readonly T[]): T[] {
  const ids = new Set(shown.map((x) => x.id));
  return [...shown, ...page.filter((x) => !ids.has(x.id))];
}

// ---------------------------------------------------------------------------------------------
// Names and the audit log in words

/** An id shortened for showing where no name is known: its first 8 characters and "…". */
export function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

/** A person's name as the client knows it, else their id shortened. */
export function personLabel(users: Readonly<Record<string, Pick<User, 'name'>>>, id: string | null | undefined): string {
  if (!id) return '';
  const name = users[id]?.name?.trim();
  return name || shortId(id);
}

/** What an audit line says was done ("deleted a message", "made … a moderator"), `whom` named. */
export function auditActionText(entry: Pick<AuditEntry, 'action' | 'details'>, whom: string): string {
  const kind = typeof entry.details.kind === 'string' ? entry.details.kind : '';
  const someone = whom || t('moderation.audit.someone');
  const about =
    kind === 'message'
      ? whom
        ? t('moderation.audit.whoseMessage', { whose: whom })
        : t('moderation.audit.aMessage')
      : kind === 'group'
        ? t('moderation.audit.aGroup')
        : someone;
  const hit = typeof entry.details.hitId === 'string';
  switch (entry.action) {
    case 'dismiss':
      return hit
        ? whom
          ? t('moderation.audit.dismissFlag', { whose: whom })
          : t('moderation.audit.dismissFlagAny')
        : t('moderation.audit.dismissReport', { about });
    case 'delete':
      return hit
        ? whom
          ? t('moderation.audit.deleteFlagged', { whose: whom })
          : t('moderation.audit.deleteFlaggedAny')
        : t('moderation.audit.delete', { about });
    case 'suspend':
      return t('moderation.audit.suspend', { whom: someone });
    case 'unsuspend':
      return t('moderation.audit.unsuspend', { whom: someone });
    case 'warn':
      return t('moderation.audit.warn', { whom: someone });
    case 'mute':
      return t('moderation.audit.mute', { whom: someone });
    case 'unmute':
      return t('moderation.audit.unmute', { whom: someone });
    case 'remove':
      return t('moderation.audit.remove', { whom: someone });
    case 'approve':
      return whom ? t('moderation.audit.approve', { whose: whom }) : t('moderation.audit.approveAny');
    case 'reject':
      return whom ? t('moderation.audit.reject', { whose: whom }) : t('moderation.audit.rejectAny');
    case 'rule_added':
    case 'rule_changed':
    case 'rule_deleted': {
      const name = typeof entry.details.name === 'string' ? entry.details.name : '';
      const verb = entry.action === 'rule_added' ? 'Added' : entry.action === 'rule_changed' ? 'Changed' : 'Deleted';
      return name ? t(`moderation.audit.rule${verb}Named`, { name }) : t(`moderation.audit.rule${verb}`);
    }
    case 'role': {
      const role = entry.details.role;
      if (role === 'admin') return t('moderation.audit.makeAdmin', { whom: someone });
      if (role === 'moderator') return t('moderation.audit.makeModerator', { whom: someone });
      return whom ? t('moderation.audit.takeRole', { whose: whom }) : t('moderation.audit.takeRoleAny');
    }
    default:
      return whom ? t('moderation.audit.other', { action: entry.action, whom }) : entry.action;
  }
}

/** Whether a server role lets the user into the moderation page as staff. */
export function isStaff(role: ServerRole | null | undefined): role is ServerRole {
  return role === 'admin' || role === 'moderator';
}
