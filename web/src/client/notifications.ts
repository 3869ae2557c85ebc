// Notification settings, pure: the server's document read defensively, a change (of the
// switches, the keywords, the time zone, Do not disturb, or of one chat) applied to the
// settings shown, one chat's setting with its default, whether a chat is quiet now (muted, or
// set to nothing) and in words, whether a new message is owed a notification or a chime (the
// level, the mute, mentions and keywords, Do not disturb and the people allowed through it),
// the keywords' limits, the mute durations the menus offer, and the delays email digests may
// wait. The server applies the same
// rules to push; the client applies them to what it shows and plays itself. Used by
// notification-actions.ts, the Notifications dialog, the chat's notification menu, the chat
// list and the in-page notifications.
import { ALL_DAYS, DEFAULT_QUIET_HOURS, DEFAULT_TIME_ZONE, dndActiveUntil, parseHm } from './dnd';
import { formatLocale, t } from '../i18n/core';
import { errorMessage } from './errors';
import { notifiesAsMention } from './mentions';
import {
  EMAIL_DELAY_MAX,
  EMAIL_DELAY_MIN,
  MUTED_FOREVER,
  type ChatNotifications,
  type ChatNotificationsPatch,
  type DndSettings,
  type NotificationPatch,
  type NotificationSettings,
  type NotifyLevel,
  type QuietHours,
} from './notifications-wire';
import type { ChatMessage } from './types';

/** The most keywords, and their length after trimming. */
export const MAX_KEYWORDS = 20;
export const KEYWORD_MIN = 2;
export const KEYWORD_MAX = 40;
/** The most people allowed through Do not disturb. */
export const MAX_DND_ALLOW = 50;

export const LEVELS: ReadonlyArray<{ value: NotifyLevel; label: string }> = [
  {
    value: 'all',
    get label() {
      return t('notifications.level.all');
    },
  },
  {
    value: 'mentions',
    get label() {
      return t('notifications.level.mentions');
    },
  },
  {
    value: 'nothing',
    get label() {
      return t('notifications.level.nothing');
    },
  },
];

const HOUR = 3600 * 1000;

/** The mutes the menus offer: for a while, or until unmuted. */
export const MUTES: ReadonlyArray<{ label: string; ms: number | null }> = [
  {
    get label() {
      return t('notifications.mute.hour');
    },
    ms: HOUR,
  },
  {
    get label() {
      return t('notifications.mute.hours8');
    },
    ms: 8 * HOUR,
  },
  {
    get label() {
      return t('notifications.mute.week');
    },
    ms: 7 * 24 * HOUR,
  },
  {
    get label() {
      return t('notifications.mute.always');
    },
    ms: null,
  },
];

/** `mutedUntil` of a mute for `ms` from `now` (null: until unmuted). */
export function muteUntil(ms: number | null, now: number): number {
  return ms === null ? MUTED_FOREVER : now + ms;
}

/** A change as the user makes it: the switches, or one chat's level or mute. */
export type NotificationChange =
  | { kind: 'account'; patch: NotificationPatch }
  | { kind: 'chat'; chatId: string; patch: ChatNotificationsPatch };

/** The server's default delay of email digests, in minutes. */
export const DEFAULT_EMAIL_DELAY = 15;

/** The delays of email digests the dialog offers, in minutes. */
export const EMAIL_DELAYS: readonly number[] = [5, 15, 30, 60, 180, 720, 1440];

/** A delay in words: "15 minutes", "1 hour", "24 hours", "90 minutes". */
export function emailDelayText(minutes: number): string {
  if (minutes % 60 === 0) return t('time.hours', { count: minutes / 60 });
  return t('time.minutes', { count: minutes });
}

/** The delays to choose from: those offered, and the one held when it is another (set elsewhere). */
export function emailDelayChoices(held: number): Array<{ minutes: number; label: string }> {
  const all = EMAIL_DELAYS.includes(held) ? EMAIL_DELAYS : [...EMAIL_DELAYS, held].sort((a, b) => a - b);
  return all.map((minutes) => ({ minutes, label: emailDelayText(minutes) }));
}

export const DEFAULT_DND: DndSettings = { until: null, schedule: DEFAULT_QUIET_HOURS, allow: [] };

export const DEFAULT_SETTINGS: NotificationSettings = {
  push: true,
  previews: true,
  sound: true,
  keywords: [],
  timeZone: DEFAULT_TIME_ZONE,
  dnd: DEFAULT_DND,
  dndActiveUntil: null,
  chats: [],
  email: true,
  emailDelayMinutes: DEFAULT_EMAIL_DELAY,
  emailAddress: '',
  emailVerified: false,
  emailAvailable: false,
};

function isLevel(v: unknown): v is NotifyLevel {
  return v === 'all' || v === 'mentions' || v === 'nothing';
}

function isDefault(c: ChatNotifications): boolean {
  return c.level === 'all' && c.mutedUntil === null;
}

/** One chat's setting as the server answers it; null when it cannot be read. */
export function readChatNotifications(v: unknown): ChatNotifications | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.chatId !== 'string' || !o.chatId) return null;
  const until = typeof o.mutedUntil === 'number' && Number.isFinite(o.mutedUntil) ? o.mutedUntil : null;
  return { chatId: o.chatId, level: isLevel(o.level) ? o.level : 'all', mutedUntil: until };
}

function record(v: unknown): Record<string, unknown> {
  return (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function time(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function readQuietHours(v: unknown): QuietHours {
  const o = record(v);
  const hm = (x: unknown, fallback: string) => (typeof x === 'string' && parseHm(x) !== null ? x : fallback);
  const days = Array.isArray(o.days)
    ? ALL_DAYS.filter((d) => (o.days as unknown[]).includes(d))
    : [...DEFAULT_QUIET_HOURS.days];
  return {
    enabled: o.enabled === true,
    start: hm(o.start, DEFAULT_QUIET_HOURS.start),
    end: hm(o.end, DEFAULT_QUIET_HOURS.end),
    days,
  };
}

function readDnd(v: unknown): DndSettings {
  const o = record(v);
  return { until: time(o.until), schedule: readQuietHours(o.schedule), allow: strings(o.allow) };
}

function readEmailDelay(v: unknown): number {
  return Number.isInteger(v) && (v as number) >= EMAIL_DELAY_MIN && (v as number) <= EMAIL_DELAY_MAX ? (v as number) : DEFAULT_EMAIL_DELAY;
}

/** The server's document, with the defaults for anything missing (a newer or older server). */
export function readNotificationSettings(v: unknown): NotificationSettings {
  const o = record(v);
  const chats = Array.isArray(o.chats) ? o.chats.map(readChatNotifications) : [];
  return {
    push: o.push !== false,
    previews: o.previews !== false,
    sound: o.sound !== false,
    keywords: strings(o.keywords),
    timeZone: typeof o.timeZone === 'string' && o.timeZone !== '' ? o.timeZone : DEFAULT_TIME_ZONE,
    dnd: readDnd(o.dnd),
    dndActiveUntil: time(o.dndActiveUntil),
    chats: chats.filter((c): c is ChatNotifications => c !== null && !isDefault(c)),
    email: o.email !== false,
    emailDelayMinutes: readEmailDelay(o.emailDelayMinutes),
    emailAddress: typeof o.emailAddress === 'string' ? o.emailAddress : '',
    emailVerified: o.emailVerified === true,
    // A server that does not say sends none.
    emailAvailable: o.emailAvailable === true,
  };
}

/** A chat's setting: the one listed, else the default. */
export function chatSetting(s: NotificationSettings | null, chatId: string): ChatNotifications {
  return s?.chats.find((c) => c.chatId === chatId) ?? { chatId, level: 'all', mutedUntil: null };
}

/** `s` with one chat's setting replaced (a default one is not listed). */
export function withChat(s: NotificationSettings, c: ChatNotifications): NotificationSettings {
  const chats = s.chats.filter((x) => x.chatId !== c.chatId);
  return { ...s, chats: isDefault(c) ? chats : [...chats, c] };
}

/** The settings after `change`. */
export function applyChange(s: NotificationSettings, change: NotificationChange): NotificationSettings {
  if (change.kind === 'account') {
    const { push, previews, sound, keywords, timeZone, dnd, email, emailDelayMinutes } = change.patch;
    const next: NotificationSettings = {
      ...s,
      push: push ?? s.push,
      previews: previews ?? s.previews,
      sound: sound ?? s.sound,
      keywords: keywords ?? s.keywords,
      timeZone: timeZone ?? s.timeZone,
      dnd: dnd ? { ...s.dnd, ...dnd } : s.dnd,
      email: email ?? s.email,
      emailDelayMinutes: emailDelayMinutes ?? s.emailDelayMinutes,
    };
    // When Do not disturb ends now is the server's to say again; until then it is worked out here (dnd.ts).
    if (dnd || timeZone !== undefined) next.dndActiveUntil = null;
    return next;
  }
  const c = chatSetting(s, change.chatId);
  return withChat(s, {
    chatId: change.chatId,
    level: change.patch.level ?? c.level,
    mutedUntil: change.patch.mutedUntil === undefined ? c.mutedUntil : change.patch.mutedUntil,
  });
}

export function isMuted(c: ChatNotifications, now: number): boolean {
  return c.mutedUntil !== null && c.mutedUntil > now;
}

/** Nothing of the chat is told now: it is muted, or set to nothing (the list shows a bell-slash). */
export function isQuiet(c: ChatNotifications, now: number): boolean {
  return c.level === 'nothing' || isMuted(c, now);
}

/** When a mute ends, in words: "14:30" today, "Tue 14:30" within a week, else the date. */
export function untilText(until: number, now: number): string {
  const d = new Date(until);
  const locale = formatLocale();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === d.toDateString()) return time;
  if (until - now < 6 * 24 * HOUR) return `${d.toLocaleDateString(locale, { weekday: 'short' })} ${time}`;
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** What a chat's setting means now, in words ('' for the default). */
export function settingText(c: ChatNotifications, now: number): string {
  if (isMuted(c, now)) return c.mutedUntil! >= MUTED_FOREVER ? t('notifications.state.muted') : t('notifications.state.mutedUntil', { until: untilText(c.mutedUntil!, now) });
  if (c.level === 'nothing') return t('notifications.state.off');
  if (c.level === 'mentions') return t('notifications.state.mentions');
  return '';
}

/**
 * Whether `message` (from someone else) is owed a notification and a chime: not while its chat
 * is muted or set to nothing; at "mentions" only when it notifies like a mention (mentions.ts:
 * it mentions or answers `me`, or has one of their keywords); while Do not disturb is in force,
 * only such a message from someone allowed through it. Before the settings are loaded, every
 * message is.
 */
export function wantsNotice(s: NotificationSettings | null, message: ChatMessage, me: string, now: number): boolean {
  const c = chatSetting(s, message.chatId);
  if (isQuiet(c, now)) return false;
  const mention = notifiesAsMention(message, me, s?.keywords ?? []);
  if (c.level === 'mentions' && !mention) return false;
  if (s && dndActiveUntil(s, now) !== null) return mention && s.dnd.allow.includes(message.senderId);
  return true;
}

/** Why `word` cannot be added to `keywords`, in words; null when it can. */
export function keywordProblem(keywords: readonly string[], word: string): string | null {
  const w = word.trim();
  if (w.length < KEYWORD_MIN || w.length > KEYWORD_MAX) return t('notifications.keyword.length', { min: KEYWORD_MIN, max: KEYWORD_MAX });
  if (keywords.some((k) => k.toLocaleLowerCase() === w.toLocaleLowerCase())) return t('notifications.keyword.exists', { word: w });
  if (keywords.length >= MAX_KEYWORDS) return t('notifications.keyword.tooMany', { max: MAX_KEYWORDS });
  return null;
}

/** A refusal of a change, in the server's words (a network failure says so). */
export function notificationsErrorText(err: unknown): string {
  return t('common.notSaved', { error: errorMessage(err) });
}
