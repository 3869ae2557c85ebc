// Do not disturb, pure: wall-clock times in the person's time zone (an IANA name, through Intl),
// whether the quiet hours hold at a moment and when that quiet period ends, when the Do not
// disturb in force now ends (the manual one, the quiet hours, one running on into the other;
// the server's `dndActiveUntil` while it lasts), the durations offered ("until tomorrow, 8:00" in
// the person's time zone) and the times in words. The server applies the same rules to pushes;
// the client to the in-page notices, the chime and what it shows.
import { formatLocale, t } from '../i18n/core';
import { DND_FOREVER, type NotificationSettings, type QuietHours } from './notifications-wire';

export const ALL_DAYS: readonly number[] = [0, 1, 2, 3, 4, 5, 6];
/** The days' names in the interface's language, Sunday first: "Sunday" ("domingo"), or "Sun" short. */
export function dayNames(width: 'long' | 'short' = 'long'): string[] {
  const f = new Intl.DateTimeFormat(formatLocale(), { weekday: width, timeZone: 'UTC' });
  // 7 January 2024 was a Sunday.
  return ALL_DAYS.map((d) => f.format(new Date(Date.UTC(2024, 0, 7 + d))));
}
export const DEFAULT_TIME_ZONE = 'UTC';
export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: false, start: '22:00', end: '08:00', days: [...ALL_DAYS] };

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const HM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" as minutes after midnight; null when it is not such a time. */
export function parseHm(text: string): number | null {
  const m = HM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether this browser knows `timeZone`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A moment's wall clock in a time zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Minutes after midnight. */
  minutes: number;
  second: number;
}

/** The wall clock at `t` (epoch ms) in `timeZone`; throws RangeError for a zone this browser does not know. */
export function wallTime(t: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `t`, in ms. */
function offset(t: number, timeZone: string): number {
  const w = wallTime(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The moment `timeZone`'s wall clock shows `minutes` after midnight on that date (the day may
 * run past the month's end: it rolls over). A time skipped by a clock change comes out an hour on.
 */
export function zonedTime(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offset(guess, timeZone);
  const second = offset(first, timeZone);
  return guess - second === first ? first : Math.max(first, guess - second);
}

/** The date `days` after the wall time's date. */
function dateAfter(w: WallTime, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * When the quiet period holding at `now` ends; null when the quiet hours are off, not valid, or
 * not holding then. A period starts on each of `days` at `start` and ends at `end`, the next day
 * when `end` is earlier than `start`.
 */
export function quietHoursEnd(schedule: QuietHours, timeZone: string, now: number): number | null {
  const start = parseHm(schedule.start);
  const end = parseHm(schedule.end);
  if (!schedule.enabled || start === null || end === null || start === end) return null;
  const w = wallTime(now, timeZone);
  const overnight = end < start;
  if (schedule.days.includes(w.weekday) && w.minutes >= start && (overnight || w.minutes < end)) {
    const d = dateAfter(w, overnight ? 1 : 0);
    return zonedTime(timeZone, d.year, d.month, d.day, end);
  }
  if (overnight && w.minutes < end && schedule.days.includes((w.weekday + 6) % 7)) {
    return zonedTime(timeZone, w.year, w.month, w.day, end);
  }
  return null;
}

/**
 * When the Do not disturb in force at `now` ends (DND_FOREVER: until turned off); null when it
 * is not. The manual one and the quiet hours run on into each other; the server's
 * `dndActiveUntil` counts while it lasts (a time zone this browser does not know leaves it alone).
 */
export function dndActiveUntil(s: NotificationSettings | null, now: number): number | null {
  if (!s) return null;
  const server = s.dndActiveUntil !== null && s.dndActiveUntil > now ? s.dndActiveUntil : null;
  let end: number | null = null;
  try {
    let at = now;
    for (let i = 0; i < 8 && (end === null || end < DND_FOREVER); i++) {
      const manual = s.dnd.until !== null && s.dnd.until > at ? s.dnd.until : null;
      const quiet = quietHoursEnd(s.dnd.schedule, s.timeZone, at);
      const next = Math.max(manual ?? 0, quiet ?? 0);
      if (next === 0 || (end !== null && next <= end)) break;
      end = next;
      at = next;
    }
  } catch {
    // A time zone unknown here: the server's word alone.
  }
  if (end === null) return server;
  return server === null ? end : Math.max(end, server);
}

/** The next `minutes` after midnight on the day after `now`'s date, in `timeZone`. */
export function tomorrowAt(timeZone: string, now: number, minutes: number): number {
  const d = dateAfter(wallTime(now, timeZone), 1);
  return zonedTime(timeZone, d.year, d.month, d.day, minutes);
}

/** The durations the Do not disturb switch offers, each with when it would end from `now`. */
export function dndDurations(timeZone: string, now: number): Array<{ id: string; label: string; until: number }> {
  let tomorrow: number;
  try {
    tomorrow = tomorrowAt(timeZone, now, 8 * 60);
  } catch {
    tomorrow = tomorrowAt(DEFAULT_TIME_ZONE, now, 8 * 60);
  }
  return [
    { id: '30m', label: t('notifications.dnd.minutes30'), until: now + 30 * MINUTE },
    { id: '1h', label: t('notifications.dnd.hour'), until: now + HOUR },
    { id: '8h', label: t('notifications.dnd.hours8'), until: now + 8 * HOUR },
    { id: 'tomorrow', label: t('notifications.dnd.tomorrow'), until: tomorrow },
    { id: 'off', label: t('notifications.dnd.forever'), until: DND_FOREVER },
  ];
}

/**
 * When Do not disturb ends, in words for "On until …": "14:30" today, "tomorrow 08:00", "Tue
 * 14:30" within a week, else the date; "you turn it off" for good. Times are the time zone's.
 */
export function dndUntilText(until: number, now: number, timeZone: string): string {
  if (until >= DND_FOREVER) return t('notifications.dnd.untilOff');
  const zone = isTimeZone(timeZone) ? timeZone : undefined;
  const locale = formatLocale();
  const time = new Date(until).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone });
  try {
    const a = wallTime(now, timeZone);
    const b = wallTime(until, timeZone);
    const days = Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / (24 * HOUR));
    if (days === 0) return time;
    if (days === 1) return t('notifications.dnd.tomorrowAt', { time });
    if (days < 7) return `${new Date(until).toLocaleDateString(locale, { weekday: 'short', timeZone: zone })} ${time}`;
  } catch {
    // An unknown zone: the date below.
  }
  return `${new Date(until).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: zone })} ${time}`;
}

/** What is wrong with quiet hours from `start` to `end` on `days`, in words; null when nothing. */
export function quietHoursProblem(start: string, end: string, days: readonly number[]): string | null {
  if (parseHm(start) === null || parseHm(end) === null) return t('notifications.dnd.timesMissing');
  if (start === end) return t('notifications.dnd.sameTimes');
  if (days.length === 0) return t('notifications.dnd.noDay');
  return null;
}

/** The time zones the browser knows, for the picker (the given one first when it knows none). */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = known.includes(DEFAULT_TIME_ZONE) ? [...known] : [DEFAULT_TIME_ZONE, ...known];
  return all.includes(current) ? all : [current, ...all];
}

/** This device's time zone ("UTC" when the browser does not say). */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}
