// Recurrence rules, pure: the subset of RFC 5545's RRULE that Parley's scheduled messages take
// (FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL, BYDAY with ordinals in monthly rules such as
// -1FR, the last Friday, BYMONTHDAY with -1 the last day, COUNT, UNTIL) read into parts and
// written back; a rule said in words in the interface's language ("Every Monday at 09:00",
// "Every month on the last Friday at 18:00, 5 times"); and the schedule dialog's repeat
// choices (Never, Daily, Weekdays, Weekly on the start's weekday, Monthly on its day or its
// weekday, Yearly, Custom: an interval, a unit and weekdays; ending never, after N times or on
// a date) made into a rule and read back from one. Wall-clock dates and times ("YYYY-MM-DDTHH:MM")
// are the schedule's time zone's. The server evaluates the rules; the client only writes and
// shows them. Used by scheduled.ts and the scheduled feature.
import { formatLocale, t, type MessageKey } from '../i18n/core';
import { dayNames, isTimeZone, wallTime, zonedTime } from './dnd';

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const FREQS: readonly Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** RFC 5545's weekday codes, Sunday first (0 = Sunday, as dnd.ts counts days). */
export const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
/** Monday to Friday. */
export const WORK_DAYS: readonly number[] = [1, 2, 3, 4, 5];

/** A weekday in a rule, with its ordinal in a month (2: the second, -1: the last; 0: every one). */
export interface RuleDay {
  day: number;
  ordinal: number;
}

/** A rule's parts. */
export interface Rule {
  freq: Freq;
  /** 1 or more. */
  interval: number;
  byDay: RuleDay[];
  /** 1..31, -1..-31 from the month's end. */
  byMonthDay: number[];
  count: number | null;
  /** UNTIL as written (20270101T000000Z, 20270101). */
  until: string | null;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** A wall-clock date and time. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  /** Minutes after midnight. */
  minutes: number;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weekday of a date (0 = Sunday). */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** "YYYY-MM-DDTHH:MM" (":SS" allowed and dropped); null when it is not a real date and time. */
export function parseLocal(text: string): LocalDateTime | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  if (!validDate(year, month, day) || hour > 23 || minute > 59) return null;
  return { year, month, day, minutes: hour * 60 + minute };
}

/** "YYYY-MM-DDTHH:MM". */
export function formatLocal(l: LocalDateTime): string {
  return `${dateText(l)}T${timeText(l.minutes)}`;
}

/** "YYYY-MM-DD" of a wall-clock date (an `<input type="date">`'s value). */
export function dateText(l: { year: number; month: number; day: number }): string {
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}`;
}

/** "HH:MM" of minutes after midnight (an `<input type="time">`'s value). */
export function timeText(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A date ("YYYY-MM-DD") and a time ("HH:MM") as one wall-clock moment; null when either is not one. */
export function joinLocal(date: string, time: string): LocalDateTime | null {
  const d = DATE.exec(date);
  const tm = TIME.exec(time);
  if (!d || !tm) return null;
  return parseLocal(`${d[1]}-${d[2]}-${d[3]}T${tm[1]}:${tm[2]}`);
}

/** "YYYY-MM-DD" read; null when it is not a real date. */
export function parseDate(text: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  return validDate(year, month, day) ? { year, month, day } : null;
}

/** The moment (epoch ms) `timeZone`'s wall clock shows `l`; throws RangeError for an unknown zone. */
export function localToMs(l: LocalDateTime, timeZone: string): number {
  return zonedTime(timeZone, l.year, l.month, l.day, l.minutes);
}

/** The wall clock at `ms` in `timeZone`, to the minute. */
export function msToLocal(ms: number, timeZone: string): LocalDateTime {
  const w = wallTime(ms, timeZone);
  return { year: w.year, month: w.month, day: w.day, minutes: w.minutes };
}

/** The date `days` after `l`'s (its time kept). */
export function addDays(l: LocalDateTime, days: number): LocalDateTime {
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), minutes: l.minutes };
}

// ---------------------------------------------------------------------------------------------
// Reading and writing rules

const BYDAY = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/;
const UNTIL = /^(\d{8})(T\d{6}Z?)?$/;

function positive(text: string): number | null {
  if (!/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}

/**
 * A rule's parts; null when it is not in the subset (an unknown part, a bad value, a part
 * twice, COUNT with UNTIL, ordinals outside monthly and yearly rules). An "RRULE:" prefix is allowed.
 */
export function parseRrule(text: string): Rule | null {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') return null;
  const seen = new Set<string>();
  let freq: Freq | null = null;
  const rule: Omit<Rule, 'freq'> = { interval: 1, byDay: [], byMonthDay: [], count: null, until: null };
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (seen.has(name) || value === '') return null;
    seen.add(name);
    switch (name) {
      case 'FREQ':
        if (!(FREQS as readonly string[]).includes(value)) return null;
        freq = value as Freq;
        break;
      case 'INTERVAL': {
        const n = positive(value);
        if (n === null) return null;
        rule.interval = n;
        break;
      }
      case 'COUNT': {
        const n = positive(value);
        if (n === null) return null;
        rule.count = n;
        break;
      }
      case 'UNTIL':
        if (!UNTIL.test(value)) return null;
        rule.until = value;
        break;
      case 'BYDAY':
        for (const item of value.split(',')) {
          const m = BYDAY.exec(item);
          if (!m) return null;
          const ordinal = m[1] ? Number(m[1]) : 0;
          if (ordinal === 0 && m[1] !== undefined) return null;
          if (Math.abs(ordinal) > 53) return null;
          rule.byDay.push({ day: DAY_CODES.indexOf(m[2] as (typeof DAY_CODES)[number]), ordinal });
        }
        break;
      case 'BYMONTHDAY':
        for (const item of value.split(',')) {
          if (!/^[+-]?\d{1,2}$/.test(item)) return null;
          const n = Number(item);
          if (n === 0 || Math.abs(n) > 31) return null;
          rule.byMonthDay.push(n);
        }
        break;
      default:
        return null;
    }
  }
  if (freq === null || (rule.count !== null && rule.until !== null)) return null;
  if (rule.byDay.some((d) => d.ordinal !== 0) && freq !== 'MONTHLY' && freq !== 'YEARLY') return null;
  return { freq, ...rule };
}

/** The rule as text, its parts in a fixed order (INTERVAL only when more than 1). */
export function formatRrule(rule: Rule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal === 0 ? '' : d.ordinal}${DAY_CODES[d.day]}`).join(',')}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  else if (rule.until !== null) parts.push(`UNTIL=${rule.until}`);
  return parts.join(';');
}

/** Weekdays in the order a week is read here: Monday first. */
function weekOrder(a: number, b: number): number {
  return ((a + 6) % 7) - ((b + 6) % 7);
}

/**
 * The rule with what the start implies written out, for comparing two rules: a weekly rule's
 * weekday, a monthly rule's day of the month; days in week order; no end.
 */
function explicit(rule: Rule, start: LocalDateTime): Rule {
  const r: Rule = { ...rule, byDay: [...rule.byDay], byMonthDay: [...rule.byMonthDay], count: null, until: null };
  if (r.freq === 'WEEKLY' && r.byDay.length === 0) r.byDay = [{ day: weekdayOf(start.year, start.month, start.day), ordinal: 0 }];
  if (r.freq === 'MONTHLY' && r.byDay.length === 0 && r.byMonthDay.length === 0) r.byMonthDay = [start.day];
  r.byDay.sort((a, b) => weekOrder(a.day, b.day) || a.ordinal - b.ordinal);
  r.byMonthDay.sort((a, b) => a - b);
  return r;
}

/** The UNTIL that ends a schedule with the day `date` ("YYYY-MM-DD") in `timeZone`: its last second, in UTC. */
export function untilOf(date: string, timeZone: string): string | null {
  const d = parseDate(date);
  if (!d) return null;
  let zone = timeZone;
  if (!isTimeZone(zone)) zone = 'UTC';
  const ms = zonedTime(zone, d.year, d.month, d.day, 24 * 60) - 1000;
  const u = new Date(ms);
  return `${pad(u.getUTCFullYear(), 4)}${pad(u.getUTCMonth() + 1)}${pad(u.getUTCDate())}T${pad(u.getUTCHours())}${pad(u.getUTCMinutes())}${pad(u.getUTCSeconds())}Z`;
}

/** The last day ("YYYY-MM-DD", in `timeZone`) an UNTIL lets occurrences happen on. */
export function untilDate(until: string, timeZone: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(until);
  if (!m) return null;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (!validDate(year, month, day)) return null;
  if (m[7] !== 'Z') return dateText({ year, month, day });
  const ms = Date.UTC(year, month - 1, day, Number(m[4]), Number(m[5]), Number(m[6]));
  try {
    return dateText(msToLocal(ms, timeZone));
  } catch {
    return dateText({ year, month, day });
  }
}

// ---------------------------------------------------------------------------------------------
// In words

function listOf(items: readonly string[]): string {
  try {
    return new Intl.ListFormat(formatLocale(), { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

const ORDINAL_KEYS: Readonly<Record<string, MessageKey>> = {
  '1': 'scheduled.rule.ordinal.1',
  '2': 'scheduled.rule.ordinal.2',
  '3': 'scheduled.rule.ordinal.3',
  '4': 'scheduled.rule.ordinal.4',
  '5': 'scheduled.rule.ordinal.5',
  '-1': 'scheduled.rule.ordinal.last',
  '-2': 'scheduled.rule.ordinal.secondLast',
};

/** "second", "last" (null beyond the fifth and the second to last). */
function ordinalWord(n: number): string | null {
  const key = ORDINAL_KEYS[String(n)];
  return key ? t(key) : null;
}

/** The default wall-clock time in words: the interface's language's clock. */
function defaultTime(minutes: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, 0, minutes)));
}

/** "at 09:00" ("a la 1:00" where the language says one o'clock so). */
function atTime(time: string): string {
  return t(/^0?1[:.h]/.test(time) ? 'scheduled.rule.atOne' : 'scheduled.rule.at', { time });
}

function dateWords(d: { year: number; month: number; day: number }, withYear: boolean): string {
  const options: Intl.DateTimeFormatOptions = withYear ? { dateStyle: 'medium', timeZone: 'UTC' } : { day: 'numeric', month: 'long', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(formatLocale(), options).format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
}

export interface DescribeOptions {
  /** The wall-clock time in words (default: the interface's language's clock). */
  time?: (minutes: number) => string;
  /** The zone an UNTIL is read in (default UTC). */
  timeZone?: string;
}

/** A monthly rule's "day 15", "the last Friday", …; null when it has no words here. */
function monthlyWhen(rule: Rule, names: string[]): string | null {
  if (rule.byDay.length > 0 && rule.byMonthDay.length > 0) return null;
  if (rule.byMonthDay.length > 0) {
    const days = rule.byMonthDay;
    if (days.length === 1 && days[0] === -1) return t('scheduled.rule.lastDay');
    if (days.some((d) => d < 0)) return null;
    return days.length === 1 ? t('scheduled.rule.monthDay', { day: days[0] ?? 1 }) : t('scheduled.rule.monthDays', { days: listOf(days.map(String)) });
  }
  const phrases: string[] = [];
  for (const d of rule.byDay) {
    const day = names[d.day] ?? '';
    if (d.ordinal === 0) {
      phrases.push(t('scheduled.rule.everyWeekday', { day }));
      continue;
    }
    const nth = ordinalWord(d.ordinal);
    if (nth === null) return null;
    phrases.push(t('scheduled.rule.nthWeekday', { nth, day }));
  }
  return listOf(phrases);
}

/**
 * A schedule in words: "Once", "Every day at 09:00", "Every weekday at 09:00", "Every Monday and
 * Friday at 09:00", "Every 2 weeks on Monday at 09:00", "Every month on the last Friday at
 * 18:00", "Every year on 8 December at 09:00", with ", 5 times" or ", until 1 Jan 2027". The
 * start gives the time and what the rule leaves to it (a weekly rule's weekday, a monthly or
 * yearly one's day). A rule with no words here is shown as written ("Repeats: …").
 */
export function describeRule(rrule: string | null, start: string, options: DescribeOptions = {}): string {
  const s = parseLocal(start);
  if (rrule === null || rrule.trim() === '') return t('scheduled.rule.once');
  const parsed = parseRrule(rrule);
  if (!parsed || !s) return t('scheduled.rule.raw', { rule: rrule });
  const rule = explicit(parsed, s);
  const at = atTime((options.time ?? defaultTime)(s.minutes));
  const names = dayNames('long');
  const n = rule.interval;
  let words: string | null = null;
  const plainDays = rule.byDay.every((d) => d.ordinal === 0) && rule.byMonthDay.length === 0;
  switch (rule.freq) {
    case 'DAILY':
      if (rule.byMonthDay.length > 0) break;
      if (rule.byDay.length > 0) {
        if (n === 1 && plainDays) words = weeklyWords(rule, names, at);
        break;
      }
      words = n === 1 ? t('scheduled.rule.daily', { at }) : t('scheduled.rule.everyNDays', { count: n, at });
      break;
    case 'WEEKLY':
      if (plainDays) words = weeklyWords(rule, names, at);
      break;
    case 'MONTHLY': {
      const when = monthlyWhen(rule, names);
      if (when !== null) words = n === 1 ? t('scheduled.rule.monthly', { when, at }) : t('scheduled.rule.everyNMonths', { count: n, when, at });
      break;
    }
    case 'YEARLY': {
      if (rule.byDay.length > 0 || rule.byMonthDay.length > 0) break;
      const date = dateWords(s, false);
      words = n === 1 ? t('scheduled.rule.yearly', { date, at }) : t('scheduled.rule.everyNYears', { count: n, date, at });
      break;
    }
  }
  if (words === null) return t('scheduled.rule.raw', { rule: rrule });
  if (parsed.count !== null) return t('scheduled.rule.times', { rule: words, count: parsed.count });
  if (parsed.until !== null) {
    const d = parseDate(untilDate(parsed.until, options.timeZone ?? 'UTC') ?? '');
    if (d) return t('scheduled.rule.until', { rule: words, date: dateWords(d, true) });
  }
  return words;
}

function weeklyWords(rule: Rule, names: string[], at: string): string {
  const days = rule.byDay.map((d) => d.day);
  const n = rule.interval;
  if (n === 1 && days.length === WORK_DAYS.length && WORK_DAYS.every((d) => days.includes(d))) return t('scheduled.rule.weekdays', { at });
  if (n === 1 && days.length === 7) return t('scheduled.rule.daily', { at });
  const list = listOf(days.map((d) => names[d] ?? ''));
  return n === 1 ? t('scheduled.rule.weekly', { days: list, at }) : t('scheduled.rule.everyNWeeks', { count: n, days: list, at });
}

// ---------------------------------------------------------------------------------------------
// The dialog's choices

/**
 * How the schedule repeats, as the dialog offers it: never; daily; weekdays (Monday to Friday);
 * weekly on the start's weekday; monthly on its day, on its weekday's place in the month (the
 * second Tuesday), on the last such weekday, or on the last day; yearly on its date; custom;
 * or `keep`, a rule the other choices cannot say, kept as it was (when editing).
 */
export type RepeatKind =
  | 'never'
  | 'daily'
  | 'weekdays'
  | 'weekly'
  | 'monthlyDay'
  | 'monthlyNth'
  | 'monthlyLast'
  | 'monthlyLastDay'
  | 'yearly'
  | 'custom'
  | 'keep';

export type EndKind = 'never' | 'count' | 'until';

export interface RepeatForm {
  kind: RepeatKind;
  /** Custom: every `interval` `unit`s, on `weekdays` when weekly (empty: the start's). */
  interval: number;
  unit: Freq;
  weekdays: number[];
  end: EndKind;
  /** After this many times (end 'count'). */
  count: number;
  /** The last day, "YYYY-MM-DD" (end 'until'). */
  untilDate: string;
  /** The rule kept as it was (kind 'keep'), with its end. */
  keep: string | null;
}

export const DEFAULT_FORM: RepeatForm = { kind: 'never', interval: 1, unit: 'WEEKLY', weekdays: [], end: 'never', count: 10, untilDate: '', keep: null };

/** The most times and the largest interval the dialog takes. */
export const MAX_COUNT = 999;
export const MAX_INTERVAL = 99;

/** The start's weekday's place in its month (1..5) and whether it is the month's last such weekday. */
export function weekdayPlace(d: { year: number; month: number; day: number }): { nth: number; last: boolean; lastDay: boolean } {
  const days = daysInMonth(d.year, d.month);
  return { nth: Math.ceil(d.day / 7), last: d.day + 7 > days, lastDay: d.day === days };
}

/** The repeat choices that fit a start date, in the order the dialog lists them. */
export function repeatKinds(d: { year: number; month: number; day: number }): RepeatKind[] {
  const place = weekdayPlace(d);
  const kinds: RepeatKind[] = ['never', 'daily', 'weekdays', 'weekly', 'monthlyDay'];
  if (place.nth <= 4) kinds.push('monthlyNth');
  if (place.last) kinds.push('monthlyLast');
  if (place.lastDay) kinds.push('monthlyLastDay');
  kinds.push('yearly', 'custom');
  return kinds;
}

/** A repeat choice in words for a start date ("Weekly on Monday", "Monthly on the last Friday"). */
export function repeatLabel(kind: RepeatKind, d: { year: number; month: number; day: number }, keep: string | null = null): string {
  const names = dayNames('long');
  const weekday = names[weekdayOf(d.year, d.month, d.day)] ?? '';
  const place = weekdayPlace(d);
  switch (kind) {
    case 'never':
      return t('scheduled.repeat.never');
    case 'daily':
      return t('scheduled.repeat.daily');
    case 'weekdays':
      return t('scheduled.repeat.weekdays');
    case 'weekly':
      return t('scheduled.repeat.weekly', { day: weekday });
    case 'monthlyDay':
      return t('scheduled.repeat.monthlyDay', { day: d.day });
    case 'monthlyNth':
      return t('scheduled.repeat.monthlyNth', { nth: ordinalWord(place.nth) ?? '', day: weekday });
    case 'monthlyLast':
      return t('scheduled.repeat.monthlyNth', { nth: t('scheduled.rule.ordinal.last'), day: weekday });
    case 'monthlyLastDay':
      return t('scheduled.repeat.monthlyLastDay');
    case 'yearly':
      return t('scheduled.repeat.yearly', { date: dateWords(d, false) });
    case 'custom':
      return t('scheduled.repeat.custom');
    case 'keep':
      return t('scheduled.repeat.keep', { rule: keep ?? '' });
  }
}

/** The rule of a choice without its end; null for 'never' (and 'keep', which keeps its own). */
function coreRule(form: RepeatForm, start: LocalDateTime): Rule | null {
  const weekday = weekdayOf(start.year, start.month, start.day);
  const place = weekdayPlace(start);
  const base: Rule = { freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], count: null, until: null };
  const days = (list: readonly number[]) => [...list].sort(weekOrder).map((day) => ({ day, ordinal: 0 }));
  switch (form.kind) {
    case 'never':
    case 'keep':
      return null;
    case 'daily':
      return base;
    case 'weekdays':
      return { ...base, freq: 'WEEKLY', byDay: days(WORK_DAYS) };
    case 'weekly':
      return { ...base, freq: 'WEEKLY', byDay: days([weekday]) };
    case 'monthlyDay':
      return { ...base, freq: 'MONTHLY', byMonthDay: [start.day] };
    case 'monthlyNth':
      return { ...base, freq: 'MONTHLY', byDay: [{ day: weekday, ordinal: Math.min(place.nth, 4) }] };
    case 'monthlyLast':
      return { ...base, freq: 'MONTHLY', byDay: [{ day: weekday, ordinal: -1 }] };
    case 'monthlyLastDay':
      return { ...base, freq: 'MONTHLY', byMonthDay: [-1] };
    case 'yearly':
      return { ...base, freq: 'YEARLY' };
    case 'custom': {
      const interval = Math.min(MAX_INTERVAL, Math.max(1, Math.floor(form.interval) || 1));
      const r: Rule = { ...base, freq: form.unit, interval };
      if (form.unit === 'WEEKLY') r.byDay = days(form.weekdays.length > 0 ? [...new Set(form.weekdays)] : [weekday]);
      if (form.unit === 'MONTHLY') r.byMonthDay = [start.day];
      return r;
    }
  }
}

/**
 * The RRULE of the dialog's choices for a start (its wall clock in `timeZone`), with the end
 * chosen; null: once. An end on a date runs to that day's last second in `timeZone`.
 */
export function buildRrule(form: RepeatForm, start: LocalDateTime, timeZone: string): string | null {
  if (form.kind === 'keep') return form.keep;
  const rule = coreRule(form, start);
  if (!rule) return null;
  if (form.end === 'count') rule.count = Math.min(MAX_COUNT, Math.max(1, Math.floor(form.count) || 1));
  if (form.end === 'until') rule.until = untilOf(form.untilDate, timeZone);
  return formatRrule(rule);
}

/**
 * The dialog's choices for a schedule's rule (editing it): the choice whose rule it is, else
 * custom where that says it, else kept as it was. The end is read into the end's choices.
 */
export function formOf(rrule: string | null, start: LocalDateTime, timeZone: string): RepeatForm {
  if (rrule === null || rrule.trim() === '') return { ...DEFAULT_FORM };
  const parsed = parseRrule(rrule);
  if (!parsed) return { ...DEFAULT_FORM, kind: 'keep', keep: rrule };
  const end: Pick<RepeatForm, 'end' | 'count' | 'untilDate'> =
    parsed.count !== null
      ? { end: 'count', count: parsed.count, untilDate: '' }
      : parsed.until !== null
        ? { end: 'until', count: DEFAULT_FORM.count, untilDate: untilDate(parsed.until, timeZone) ?? '' }
        : { end: 'never', count: DEFAULT_FORM.count, untilDate: '' };
  const wanted = formatRrule(explicit(parsed, start));
  for (const kind of repeatKinds(start)) {
    if (kind === 'never' || kind === 'custom') continue;
    const r = coreRule({ ...DEFAULT_FORM, kind }, start);
    if (r && formatRrule(explicit(r, start)) === wanted) return { ...DEFAULT_FORM, ...end, kind };
  }
  const e = explicit(parsed, start);
  const plain = e.byDay.every((d) => d.ordinal === 0);
  const custom =
    (e.freq === 'DAILY' && e.byDay.length === 0 && e.byMonthDay.length === 0) ||
    (e.freq === 'WEEKLY' && plain && e.byMonthDay.length === 0) ||
    (e.freq === 'MONTHLY' && e.byDay.length === 0 && e.byMonthDay.length === 1 && e.byMonthDay[0] === start.day) ||
    (e.freq === 'YEARLY' && e.byDay.length === 0 && e.byMonthDay.length === 0);
  if (custom) {
    return { ...DEFAULT_FORM, ...end, kind: 'custom', interval: e.interval, unit: e.freq, weekdays: e.freq === 'WEEKLY' ? e.byDay.map((d) => d.day) : [] };
  }
  return { ...DEFAULT_FORM, kind: 'keep', keep: rrule };
}

/** What is wrong with the dialog's end, in words; null when nothing. */
export function endProblem(form: RepeatForm, start: LocalDateTime): string | null {
  if (form.kind === 'never' || form.kind === 'keep') return null;
  if (form.end === 'count' && !(Number.isInteger(form.count) && form.count >= 1 && form.count <= MAX_COUNT)) {
    return t('scheduled.end.countRange', { max: MAX_COUNT });
  }
  if (form.kind === 'custom' && !(Number.isInteger(form.interval) && form.interval >= 1 && form.interval <= MAX_INTERVAL)) {
    return t('scheduled.repeat.intervalRange', { max: MAX_INTERVAL });
  }
  if (form.end === 'until') {
    const d = parseDate(form.untilDate);
    if (!d) return t('scheduled.end.dateMissing');
    if (dateText(d) < dateText(start)) return t('scheduled.end.dateBeforeStart');
  }
  return null;
}
