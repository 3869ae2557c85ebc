// Dates and times as the UI shows them, in the interface's language and the user's time zone.
// Pure functions with `now` passed in, so they are testable and re-render on a clock tick.
// `locale` is for tests: by default the interface's language decides (formatLocale(): with the
// browser's region when it speaks that language), including whether hours have a leading zero
// (9:05 in en-US, 09:05 where the locale writes it so) and 12- or 24-hour clocks. Components
// that show them call useLocale() (or useT()), so they render again when the language changes.
import { formatLocale, t } from '../i18n';

interface Formats {
  time: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  shortWeekday: Intl.DateTimeFormat;
  dayMonth: Intl.DateTimeFormat;
  dayMonthYear: Intl.DateTimeFormat;
  shortDate: Intl.DateTimeFormat;
  shortDateYear: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
}

const cache = new Map<string, Formats>();

/** The person's clock (settings: chats.timeFormat): the locale's, or 12- or 24-hour. */
let hourCycle: 'auto' | '12h' | '24h' = 'auto';

export function setTimeFormat(format: 'auto' | '12h' | '24h'): void {
  if (format === hourCycle) return;
  hourCycle = format;
  cache.clear();
  zonedCache.clear();
}

const zonedCache = new Map<string, { dateTime: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function zonedFormats(timeZone: string, locale: string = formatLocale()) {
  const key = `${locale}|${timeZone}`;
  let f = zonedCache.get(key);
  if (!f) {
    const clock = hourCycle === 'auto' ? {} : { hour12: hourCycle === '12h' };
    let zone: string | undefined = timeZone;
    try {
      new Intl.DateTimeFormat(locale, { timeZone });
    } catch {
      zone = undefined;
    }
    f = {
      dateTime: new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: zone, ...clock }),
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC', ...clock }),
    };
    zonedCache.set(key, f);
  }
  return f;
}

/**
 * A moment as `timeZone`'s wall clock shows it, with its weekday and date ("Tue, 9 Dec, 09:00"),
 * in the person's clock; '' when not a time. A zone the browser does not know: the browser's own.
 */
export function formatZoned(at: number | Date, timeZone: string, locale?: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : zonedFormats(timeZone, locale).dateTime.format(d);
}

/** A wall-clock time of minutes after midnight, in the person's clock ("09:00", "9:00 AM"). */
export function formatWallTime(minutes: number, locale?: string): string {
  return zonedFormats('UTC', locale).time.format(new Date(Date.UTC(2000, 0, 1, 0, minutes)));
}

/** How far `at` is from `now` in words: "in 5 minutes", "in 3 hours", "tomorrow", "in 4 days" ("5 minutes ago" when past). */
export function formatRelative(at: number, now: number, locale: string = formatLocale()): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const MINUTE = 60 * 1000;
  const HOUR = 60 * MINUTE;
  if (abs < MINUTE) return f.format(Math.round(diff / 1000), 'second');
  if (abs < HOUR) return f.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY_MS) return f.format(Math.round(diff / HOUR), 'hour');
  return f.format(Math.round(diff / DAY_MS), 'day');
}

function formats(locale: string = formatLocale()): Formats {
  const key = locale;
  let f = cache.get(key);
  if (!f) {
    f = {
      // `numeric`, not `2-digit`: the locale says whether the hour has a leading zero.
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...(hourCycle === 'auto' ? {} : { hour12: hourCycle === '12h' }) }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'long' }),
      shortWeekday: new Intl.DateTimeFormat(locale, { weekday: 'short' }),
      dayMonth: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long' }),
      dayMonthYear: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }),
      shortDate: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }),
      shortDateYear: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: '2-digit' }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    };
    cache.set(key, f);
  }
  return f;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days from `d` to `now` (0: same day, 1: yesterday). */
export function daysAgo(d: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(d)) / DAY_MS);
}

export function formatTime(iso: string | number | Date, locale?: string): string {
  return formats(locale).time.format(new Date(iso));
}

/** A day and month without the year, short, as the locale writes it ("3 Mar", "Mar 3"). */
export function formatShortDate(at: string | number | Date, locale?: string): string {
  return formats(locale).shortDate.format(new Date(at));
}

/** A day and a time ("3 Mar 2025, 14:05"), as the locale joins them. */
export function formatDateTime(at: string | number | Date, locale?: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : formats(locale).dateTime.format(d);
}

/** A day with its year, as the locale writes it ("3 Mar 2025", "Mar 3, 2025"); '' when not a time. */
export function formatDate(at: string | number | Date, locale?: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : formats(locale).date.format(d);
}

/** A stable key for grouping messages by local calendar day. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** The label of a day separator: Today, Yesterday, a weekday, or a date. */
export function dayLabel(iso: string, now: Date, locale?: string): string {
  const f = formats(locale);
  const d = new Date(iso);
  const days = daysAgo(d, now);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  if (days > 1 && days < 7) return f.weekday.format(d);
  return d.getFullYear() === now.getFullYear() ? f.dayMonth.format(d) : f.dayMonthYear.format(d);
}

/** The time shown in the chat list: a time today, a weekday this week, else a date. */
export function listTime(iso: string, now: Date, locale?: string): string {
  const f = formats(locale);
  const d = new Date(iso);
  const days = daysAgo(d, now);
  if (days === 0) return f.time.format(d);
  if (days > 0 && days < 7) return f.shortWeekday.format(d);
  return d.getFullYear() === now.getFullYear() ? f.shortDate.format(d) : f.shortDateYear.format(d);
}

/**
 * "online", or when an offline user was last seen, with the time: "last seen today at 14:05",
 * "yesterday at 9:30", "12 March at 8:15", or a date with its year when older than this year.
 * Nothing ('') when neither is known: the person does not share it (privacy settings, either
 * side's: the server says offline with no last seen), so nothing is claimed.
 */
export function presenceText(
  isOnline: boolean | undefined,
  lastSeen: number | null | undefined,
  now: Date,
  locale?: string,
): string {
  if (isOnline) return t('time.online');
  if (lastSeen === null || lastSeen === undefined) return '';
  const f = formats(locale);
  const d = new Date(lastSeen);
  if (now.getTime() - d.getTime() < 60000) return t('time.lastSeenJustNow');
  const time = f.time.format(d);
  const days = daysAgo(d, now);
  if (days <= 0) return t('time.lastSeenToday', { time });
  if (days === 1) return t('time.lastSeenYesterday', { time });
  if (d.getFullYear() === now.getFullYear()) return t('time.lastSeenOn', { date: f.dayMonth.format(d), time });
  return t('time.lastSeenOnDate', { date: f.dayMonthYear.format(d) });
}
