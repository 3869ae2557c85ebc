// Scheduled messages, pure: the server's objects read defensively, the list of the user's
// pending ones after an answer or a scheduled:updated (a newer version wins; one that is done
// or cancelled leaves it; ordered by the next occurrence), each chat's part of it, the start the
// schedule dialog proposes (the next full hour, tomorrow 09:00, Monday 09:00, in the schedule's
// time zone), what is wrong with a start (past, more than a year ahead), and the notices in
// words: one missed while the server was down, one the server cancelled (no longer allowed to
// send there, the chat deleted), a refusal. Used by scheduled-actions.ts and the UI; the rules
// themselves are rrule.ts.
import { formatLocale, t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import { isTimeZone } from './dnd';
import { addDays, localToMs, msToLocal, parseLocal, type LocalDateTime } from './rrule';
import type { Attachment, AttachmentKind } from './files-wire';
import type { ScheduledMessage, ScheduledReason, ScheduledState } from './scheduled-wire';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const STATES: readonly ScheduledState[] = ['pending', 'done', 'cancelled'];
const REASONS: readonly ScheduledReason[] = ['no_access', 'chat_deleted'];
const KINDS: readonly AttachmentKind[] = ['image', 'video', 'audio', 'voice', 'file'];

/** One of a scheduled message's files; null without an id or a name. An unknown kind is a plain file. */
export function readScheduledFile(v: unknown): Attachment | null {
  if (!isObject(v)) return null;
  const id = str(v.id);
  const name = str(v.name);
  if (!id || name === null) return null;
  return {
    ...v,
    id,
    name,
    kind: KINDS.find((k) => k === v.kind) ?? 'file',
    size: num(v.size) ?? 0,
    mime: str(v.mime) ?? 'application/octet-stream',
    thumbnail: v.thumbnail === true,
  } as Attachment;
}

/** A scheduled message as the server sends it; null without an id, a chat or a known state. */
export function readScheduled(v: unknown): ScheduledMessage | null {
  if (!isObject(v)) return null;
  const id = str(v.id);
  const chatId = str(v.chatId);
  const state = STATES.find((s) => s === v.state);
  if (!id || !chatId || !state) return null;
  const nextAt = num(v.nextAt);
  const upcoming = Array.isArray(v.upcoming) ? v.upcoming.filter((x): x is number => num(x) !== null) : [];
  const rrule = str(v.rrule);
  const attachments = Array.isArray(v.attachments) ? v.attachments.map(readScheduledFile).filter((a): a is Attachment => a !== null) : [];
  return {
    id,
    chatId,
    content: str(v.content) ?? '',
    attachments,
    timeZone: str(v.timeZone) ?? 'UTC',
    start: str(v.start) ?? '',
    rrule: rrule === null || rrule.trim() === '' ? null : rrule,
    recipientZone: v.recipientZone === true,
    state,
    nextAt,
    upcoming: upcoming.length > 0 || nextAt === null ? upcoming : [nextAt],
    sentCount: num(v.sentCount) ?? 0,
    missedCount: num(v.missedCount) ?? 0,
    lastSentAt: num(v.lastSentAt),
    lastMissedAt: num(v.lastMissedAt),
    lastMessageId: str(v.lastMessageId),
    reason: REASONS.find((r) => r === v.reason) ?? null,
    version: num(v.version) ?? 0,
    createdAt: num(v.createdAt) ?? 0,
    updatedAt: num(v.updatedAt) ?? 0,
  };
}

/** `{scheduled: [...]}` (or the list alone): the pending ones, by their next occurrence. */
export function readScheduledList(v: unknown): ScheduledMessage[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.scheduled) ? v.scheduled : [];
  const out: ScheduledMessage[] = [];
  for (const item of list) {
    const s = readScheduled(item);
    if (s && s.state === 'pending' && !out.some((x) => x.id === s.id)) out.push(s);
  }
  return out.sort(byNext);
}

/** A preview's `occurrences`: epoch ms, at most five, in order. */
export function readOccurrences(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is number => num(x) !== null).sort((a, b) => a - b).slice(0, 5);
}

/** By next occurrence (none last), then by creation. */
export function byNext(a: ScheduledMessage, b: ScheduledMessage): number {
  const an = a.nextAt ?? Number.MAX_SAFE_INTEGER;
  const bn = b.nextAt ?? Number.MAX_SAFE_INTEGER;
  return an - bn || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether `a` is at least as new as `b` (the same one): by version, then by its last change. */
export function notOlder(a: ScheduledMessage, b: ScheduledMessage): boolean {
  return a.version > b.version || (a.version === b.version && a.updatedAt >= b.updatedAt);
}

/**
 * The pending list after hearing of `s`: a pending one added or replaced (unless what is held is
 * newer), a done or cancelled one removed; ordered by next occurrence.
 */
export function withScheduled(list: readonly ScheduledMessage[], s: ScheduledMessage): ScheduledMessage[] {
  const held = list.find((x) => x.id === s.id);
  if (held && !notOlder(s, held)) return [...list];
  const rest = list.filter((x) => x.id !== s.id);
  return s.state === 'pending' ? [...rest, s].sort(byNext) : rest;
}

/** The list without `id`. */
export function withoutScheduled(list: readonly ScheduledMessage[], id: string): ScheduledMessage[] {
  return list.filter((x) => x.id !== id);
}

/** One chat's pending scheduled messages, by next occurrence. */
export function chatScheduled(list: readonly ScheduledMessage[], chatId: string): ScheduledMessage[] {
  return list.filter((x) => x.chatId === chatId);
}

/** The start of a text for a notice: its first line, at most `max` characters. */
export function excerpt(content: string, max = 60): string {
  const line = content.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** What a scheduled message is called in a label or a notice: its text's start, else its files' names. */
export function scheduledTitle(s: Pick<ScheduledMessage, 'content' | 'attachments'>, max = 60): string {
  const text = excerpt(s.content, max);
  return text !== '' ? text : excerpt(s.attachments.map((a) => a.name).join(', '), max);
}

// ---------------------------------------------------------------------------------------------
// Starts

const MINUTE = 60 * 1000;
/** The next full hour proposed is at least this far ahead. */
const LEAD_MS = 10 * MINUTE;
export const MORNING = 9 * 60;

/** The zone, or UTC when this browser does not know it. */
export function knownZone(timeZone: string): string {
  return isTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The next full hour in `timeZone` at least ten minutes from `now`. */
export function defaultStart(timeZone: string, now: number): LocalDateTime {
  const zone = knownZone(timeZone);
  const later = msToLocal(now + LEAD_MS, zone);
  const hour = Math.floor(later.minutes / 60) + 1;
  return hour >= 24 ? { ...addDays(later, 1), minutes: 0 } : { ...later, minutes: hour * 60 };
}

export type QuickId = 'soon' | 'tomorrow' | 'monday';

/** The dialog's quick choices: the next full hour, tomorrow 09:00, and next Monday 09:00 (unless that is tomorrow). */
export function quickStarts(timeZone: string, now: number): Array<{ id: QuickId; start: LocalDateTime; today: boolean }> {
  const zone = knownZone(timeZone);
  const today = msToLocal(now, zone);
  const soon = defaultStart(zone, now);
  const tomorrow = { ...addDays(today, 1), minutes: MORNING };
  const out: Array<{ id: QuickId; start: LocalDateTime; today: boolean }> = [
    { id: 'soon', start: soon, today: soon.day === today.day && soon.month === today.month },
    { id: 'tomorrow', start: tomorrow, today: false },
  ];
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  const toMonday = ((8 - weekday) % 7) || 7;
  if (toMonday > 1) out.push({ id: 'monday', start: { ...addDays(today, toMonday), minutes: MORNING }, today: false });
  return out;
}

/** The latest first occurrence the server takes: a year from `now`. */
export function latestStart(now: number): number {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

/** What is wrong with a start ("YYYY-MM-DDTHH:MM" in `timeZone`), in words; null when nothing. */
export function startProblem(start: string, timeZone: string, now: number): string | null {
  const l = parseLocal(start);
  if (!l) return t('scheduled.start.missing');
  if (!isTimeZone(timeZone)) return t('scheduled.zone.unknown');
  const at = localToMs(l, timeZone);
  if (at <= now) return t('scheduled.start.past');
  if (at > latestStart(now)) return t('scheduled.start.tooFar');
  return null;
}

// ---------------------------------------------------------------------------------------------
// In words

/** A moment in `timeZone` for a notice: "Tue, 9 Dec, 09:00", as the language writes it. */
export function momentText(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: knownZone(timeZone),
  }).format(new Date(at));
}

/** Why the server cancelled a scheduled message, with its text; null when it did not. */
export function cancelledNotice(s: ScheduledMessage): string | null {
  if (s.state !== 'cancelled' || s.reason === null) return null;
  const text = scheduledTitle(s);
  return s.reason === 'chat_deleted' ? t('scheduled.notice.chatDeleted', { text }) : t('scheduled.notice.noAccess', { text });
}

/** A scheduled message missed while the server was down: when (in `timeZone`), and what. */
export function missedNotice(s: ScheduledMessage, timeZone: string): string {
  return t('scheduled.notice.missed', { time: momentText(s.lastMissedAt ?? s.updatedAt, timeZone), text: scheduledTitle(s) });
}

/** Whether `after` says an occurrence was missed since `before` (none held: any miss it says). */
export function newlyMissed(before: ScheduledMessage | undefined, after: ScheduledMessage): boolean {
  if (after.lastMissedAt === null) return false;
  if (!before) return false;
  return before.lastMissedAt === null || after.lastMissedAt > before.lastMissedAt || after.missedCount > before.missedCount;
}

/** A refusal of a change to a scheduled message in words: a stale version or one being sent (409), one gone (404), else the server's words. */
export function scheduledErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 409) return t('scheduled.error.conflict');
    if (err.status === 404) return t('scheduled.error.gone');
  }
  return errorMessage(err);
}
