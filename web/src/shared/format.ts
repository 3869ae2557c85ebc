// Dates and times as the UI shows them, in the user's locale and time zone. Pure functions
// with `now` passed in, so they are testable and re-render on a clock tick.

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortWeekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const shortDateYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: '2-digit' });

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days from `d` to `now` (0: same day, 1: yesterday). */
export function daysAgo(d: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(d)) / DAY_MS);
}

export function formatTime(iso: string | number | Date): string {
  return time.format(new Date(iso));
}

/** A stable key for grouping messages by local calendar day. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** The label of a day separator: Today, Yesterday, a weekday, or a date. */
export function dayLabel(iso: string, now: Date): string {
  const d = new Date(iso);
  const days = daysAgo(d, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return weekday.format(d);
  return d.getFullYear() === now.getFullYear() ? dayMonth.format(d) : dayMonthYear.format(d);
}

/** The time shown in the chat list: a time today, a weekday this week, else a date. */
export function listTime(iso: string, now: Date): string {
  const d = new Date(iso);
  const days = daysAgo(d, now);
  if (days === 0) return time.format(d);
  if (days > 0 && days < 7) return shortWeekday.format(d);
  return d.getFullYear() === now.getFullYear() ? shortDate.format(d) : shortDateYear.format(d);
}

/** "online", or when an offline user was last seen. */
export function presenceText(isOnline: boolean | undefined, lastSeen: number | null | undefined, now: Date): string {
  if (isOnline) return 'online';
  if (lastSeen === null || lastSeen === undefined) return 'offline';
  const d = new Date(lastSeen);
  const minutes = Math.floor((now.getTime() - d.getTime()) / 60000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const days = daysAgo(d, now);
  if (days === 0) return `last seen today at ${time.format(d)}`;
  if (days === 1) return `last seen yesterday at ${time.format(d)}`;
  return `last seen ${d.getFullYear() === now.getFullYear() ? dayMonth.format(d) : dayMonthYear.format(d)}`;
}
