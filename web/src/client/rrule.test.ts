// Recurrence rules: the RRULE subset read and written back, rules said in words in English and
// Spanish (ordinals such as the last Friday or the second Tuesday, ends after N times or on a
// date, rules with no words shown as written), and the schedule dialog's choices made into a
// rule and read back from one.
import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n/core';
import {
  buildRrule,
  DEFAULT_FORM,
  describeRule,
  endProblem,
  formatRrule,
  formOf,
  joinLocal,
  parseLocal,
  parseRrule,
  repeatKinds,
  repeatLabel,
  timeText,
  untilDate,
  untilOf,
  weekdayOf,
  type LocalDateTime,
  type RepeatForm,
} from './rrule';

afterEach(() => setLocale('en'));

/** Times as "HH:MM", whatever the test machine's clock says. */
const hm = { time: timeText };
/** Tuesday 8 December 2026, 09:00. */
const START = '2026-12-08T09:00';
const start = parseLocal(START) as LocalDateTime;
const form = (f: Partial<RepeatForm>): RepeatForm => ({ ...DEFAULT_FORM, ...f });

describe('reading and writing rules', () => {
  it('reads the subset into parts and writes them back in one order', () => {
    expect(parseRrule('FREQ=WEEKLY;BYDAY=MO,FR')).toEqual({
      freq: 'WEEKLY',
      interval: 1,
      byDay: [
        { day: 1, ordinal: 0 },
        { day: 5, ordinal: 0 },
      ],
      byMonthDay: [],
      count: null,
      until: null,
    });
    expect(parseRrule('RRULE:freq=monthly;byday=-1fr')?.byDay).toEqual([{ day: 5, ordinal: -1 }]);
    expect(parseRrule('FREQ=MONTHLY;BYDAY=2TU')?.byDay).toEqual([{ day: 2, ordinal: 2 }]);
    for (const text of [
      'FREQ=DAILY',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=10',
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      'FREQ=MONTHLY;BYMONTHDAY=1,15;UNTIL=20270101T000000Z',
      'FREQ=YEARLY;UNTIL=20300101',
    ]) {
      const r = parseRrule(text);
      expect(r, text).not.toBeNull();
      expect(formatRrule(r!)).toBe(text);
    }
    expect(formatRrule(parseRrule('COUNT=3;BYDAY=FR;FREQ=WEEKLY;INTERVAL=1')!)).toBe('FREQ=WEEKLY;BYDAY=FR;COUNT=3');
  });

  it('refuses what is not in the subset', () => {
    for (const text of [
      '',
      'BYDAY=MO',
      'FREQ=HOURLY',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;COUNT=-1',
      'FREQ=DAILY;COUNT=2;UNTIL=20270101',
      'FREQ=DAILY;FREQ=WEEKLY',
      'FREQ=WEEKLY;BYDAY=XX',
      'FREQ=WEEKLY;BYDAY=2MO',
      'FREQ=MONTHLY;BYDAY=0MO',
      'FREQ=MONTHLY;BYMONTHDAY=32',
      'FREQ=MONTHLY;BYMONTHDAY=0',
      'FREQ=DAILY;BYHOUR=9',
      'FREQ=DAILY;UNTIL=tomorrow',
      'FREQ',
    ]) {
      expect(parseRrule(text), text).toBeNull();
    }
  });

  it('reads wall-clock dates and times', () => {
    expect(parseLocal('2026-12-08T09:00')).toEqual({ year: 2026, month: 12, day: 8, minutes: 540 });
    expect(parseLocal('2026-12-08T09:00:30')).toEqual({ year: 2026, month: 12, day: 8, minutes: 540 });
    expect(parseLocal('2026-02-30T09:00')).toBeNull();
    expect(parseLocal('2026-12-08T24:00')).toBeNull();
    expect(joinLocal('2026-12-08', '18:45')).toEqual({ year: 2026, month: 12, day: 8, minutes: 18 * 60 + 45 });
    expect(joinLocal('', '18:45')).toBeNull();
    expect(weekdayOf(2026, 12, 8)).toBe(2);
  });

  it('ends a schedule with the last second of a day in its zone, and reads that day back', () => {
    expect(untilOf('2027-01-31', 'UTC')).toBe('20270131T235959Z');
    expect(untilOf('2027-01-31', 'Europe/Berlin')).toBe('20270131T225959Z');
    expect(untilOf('2027-07-31', 'America/New_York')).toBe('20270801T035959Z');
    expect(untilDate('20270131T225959Z', 'Europe/Berlin')).toBe('2027-01-31');
    expect(untilDate('20270801T035959Z', 'America/New_York')).toBe('2027-07-31');
    expect(untilDate('20270131', 'Europe/Berlin')).toBe('2027-01-31');
    expect(untilDate('20270131T120000', 'Asia/Tokyo')).toBe('2027-01-31');
    expect(untilDate('nonsense', 'UTC')).toBeNull();
  });
});

describe('rules in words', () => {
  it('says a rule in English', () => {
    expect(describeRule(null, START, hm)).toBe('Once');
    expect(describeRule('FREQ=DAILY', START, hm)).toBe('Every day at 09:00');
    expect(describeRule('FREQ=DAILY;INTERVAL=3', START, hm)).toBe('Every 3 days at 09:00');
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', START, hm)).toBe('Every weekday at 09:00');
    expect(describeRule('FREQ=WEEKLY;BYDAY=FR,MO', START, hm)).toBe('Every Monday and Friday at 09:00');
    expect(describeRule('FREQ=WEEKLY;BYDAY=SU,MO,WE', START, hm)).toBe('Every Monday, Wednesday, and Sunday at 09:00');
    expect(describeRule('FREQ=WEEKLY', START, hm)).toBe('Every Tuesday at 09:00');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', START, hm)).toBe('Every 2 weeks on Monday at 09:00');
    expect(describeRule('FREQ=MONTHLY', START, hm)).toBe('Every month on day 8 at 09:00');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=1,15', START, hm)).toBe('Every month on days 1 and 15 at 09:00');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=-1', START, hm)).toBe('Every month on the last day at 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR', START, hm)).toBe('Every month on the last Friday at 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=2TU', START, hm)).toBe('Every month on the second Tuesday at 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-2MO', START, hm)).toBe('Every month on the second-to-last Monday at 09:00');
    expect(describeRule('FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO', START, hm)).toBe('Every 3 months on the first Monday at 09:00');
    expect(describeRule('FREQ=YEARLY', START, hm)).toMatch(/^Every year on (8 December|December 8) at 09:00$/);
    expect(describeRule('FREQ=YEARLY;INTERVAL=2', START, hm)).toMatch(/^Every 2 years on (8 December|December 8) at 09:00$/);
  });

  it('says how it ends', () => {
    expect(describeRule('FREQ=DAILY;COUNT=5', START, hm)).toBe('Every day at 09:00, 5 times');
    expect(describeRule('FREQ=DAILY;COUNT=1', START, hm)).toBe('Every day at 09:00, once');
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270131T225959Z', START, { ...hm, timeZone: 'Europe/Berlin' })).toMatch(
      /^Every Monday at 09:00, until (Jan 31, 2027|31 Jan 2027)$/,
    );
  });

  it('shows a rule it has no words for as written', () => {
    expect(describeRule('FREQ=HOURLY', START, hm)).toBe('Repeats: FREQ=HOURLY');
    expect(describeRule('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', START, hm)).toBe('Repeats: FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13');
    expect(describeRule('FREQ=MONTHLY;BYDAY=9MO', START, hm)).toBe('Repeats: FREQ=MONTHLY;BYDAY=9MO');
  });

  it('says a rule in Spanish', () => {
    setLocale('es');
    expect(describeRule(null, START, hm)).toBe('Una vez');
    expect(describeRule('FREQ=DAILY', START, hm)).toBe('Todos los días a las 09:00');
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', START, hm)).toBe('De lunes a viernes a las 09:00');
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,FR', START, hm)).toBe('Cada lunes y viernes a las 09:00');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', START, hm)).toBe('Cada 2 semanas (lunes) a las 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR', START, hm)).toBe('Todos los meses, el último viernes, a las 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=2TU', START, hm)).toBe('Todos los meses, el segundo martes, a las 09:00');
    expect(describeRule('FREQ=MONTHLY;BYDAY=1MO', START, hm)).toBe('Todos los meses, el primer lunes, a las 09:00');
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=-1', START, hm)).toBe('Todos los meses, el último día, a las 09:00');
    expect(describeRule('FREQ=MONTHLY', START, hm)).toBe('Todos los meses, el día 8, a las 09:00');
    expect(describeRule('FREQ=YEARLY', START, hm)).toBe('Todos los años el 8 de diciembre a las 09:00');
    expect(describeRule('FREQ=DAILY;COUNT=5', START, hm)).toBe('Todos los días a las 09:00, 5 veces');
    expect(describeRule('FREQ=DAILY;COUNT=1', START, hm)).toBe('Todos los días a las 09:00, una vez');
    expect(describeRule('FREQ=DAILY;UNTIL=20270131', START, hm)).toBe('Todos los días a las 09:00, hasta el 31 ene 2027');
    expect(describeRule('FREQ=HOURLY', START, hm)).toBe('Se repite: FREQ=HOURLY');
    // One o'clock is "a la 1".
    expect(describeRule('FREQ=DAILY', '2026-12-08T01:30', { time: (m) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}` })).toBe(
      'Todos los días a la 1:30',
    );
  });

  it('says the time in the language\'s clock by default', () => {
    setLocale('es');
    expect(describeRule('FREQ=DAILY', '2026-12-08T18:05')).toBe('Todos los días a las 18:05');
  });
});

describe('the dialog\'s choices', () => {
  it('offers the choices that fit the start date', () => {
    // Tuesday 8 December: the second Tuesday, not the last.
    expect(repeatKinds(start)).toEqual(['never', 'daily', 'weekdays', 'weekly', 'monthlyDay', 'monthlyNth', 'yearly', 'custom']);
    // Friday 25 December: the fourth and the last Friday.
    expect(repeatKinds({ year: 2026, month: 12, day: 25 })).toEqual(['never', 'daily', 'weekdays', 'weekly', 'monthlyDay', 'monthlyNth', 'monthlyLast', 'yearly', 'custom']);
    // Thursday 31 December: the fifth Thursday (not every month has one), the last, the last day.
    expect(repeatKinds({ year: 2026, month: 12, day: 31 })).toEqual(['never', 'daily', 'weekdays', 'weekly', 'monthlyDay', 'monthlyLast', 'monthlyLastDay', 'yearly', 'custom']);
    expect(repeatLabel('weekly', start)).toBe('Weekly on Tuesday');
    expect(repeatLabel('monthlyNth', start)).toBe('Monthly on the second Tuesday');
    expect(repeatLabel('monthlyLast', { year: 2026, month: 12, day: 25 })).toBe('Monthly on the last Friday');
    expect(repeatLabel('monthlyDay', start)).toBe('Monthly on day 8');
    setLocale('es');
    expect(repeatLabel('monthlyLast', { year: 2026, month: 12, day: 25 })).toBe('Cada mes, el último viernes');
    expect(repeatLabel('weekly', start)).toBe('Cada semana, el martes');
  });

  it('makes the rule of each choice', () => {
    const zone = 'Europe/Berlin';
    expect(buildRrule(form({ kind: 'never' }), start, zone)).toBeNull();
    expect(buildRrule(form({ kind: 'daily' }), start, zone)).toBe('FREQ=DAILY');
    expect(buildRrule(form({ kind: 'weekdays' }), start, zone)).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
    expect(buildRrule(form({ kind: 'weekly' }), start, zone)).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(buildRrule(form({ kind: 'monthlyDay' }), start, zone)).toBe('FREQ=MONTHLY;BYMONTHDAY=8');
    expect(buildRrule(form({ kind: 'monthlyNth' }), start, zone)).toBe('FREQ=MONTHLY;BYDAY=2TU');
    const friday = { year: 2026, month: 12, day: 25, minutes: 540 };
    expect(buildRrule(form({ kind: 'monthlyLast' }), friday, zone)).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(buildRrule(form({ kind: 'monthlyLastDay' }), { ...friday, day: 31 }, zone)).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    expect(buildRrule(form({ kind: 'yearly' }), start, zone)).toBe('FREQ=YEARLY');
    expect(buildRrule(form({ kind: 'custom', interval: 2, unit: 'WEEKLY', weekdays: [5, 1] }), start, zone)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR');
    expect(buildRrule(form({ kind: 'custom', interval: 1, unit: 'WEEKLY', weekdays: [] }), start, zone)).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(buildRrule(form({ kind: 'custom', interval: 3, unit: 'DAILY' }), start, zone)).toBe('FREQ=DAILY;INTERVAL=3');
    expect(buildRrule(form({ kind: 'custom', interval: 6, unit: 'MONTHLY' }), start, zone)).toBe('FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=8');
    expect(buildRrule(form({ kind: 'daily', end: 'count', count: 5 }), start, zone)).toBe('FREQ=DAILY;COUNT=5');
    expect(buildRrule(form({ kind: 'weekly', end: 'until', untilDate: '2027-01-31' }), start, zone)).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131T225959Z');
    expect(buildRrule(form({ kind: 'keep', keep: 'FREQ=MONTHLY;BYMONTHDAY=1,15' }), start, zone)).toBe('FREQ=MONTHLY;BYMONTHDAY=1,15');
  });

  it('reads each choice back from its rule, with its end', () => {
    const zone = 'America/New_York';
    for (const date of [start, { year: 2026, month: 12, day: 25, minutes: 600 }, { year: 2026, month: 12, day: 31, minutes: 600 }]) {
      for (const kind of repeatKinds(date)) {
        if (kind === 'custom') continue;
        for (const end of [
          { end: 'never' as const },
          { end: 'count' as const, count: 7 },
          { end: 'until' as const, untilDate: '2027-06-30' },
        ]) {
          const f = form({ kind, ...end });
          const rule = buildRrule(f, date, zone);
          const back = formOf(rule, date, zone);
          expect(back.kind, `${kind} ${rule}`).toBe(kind);
          if (kind === 'never') continue;
          expect(back.end).toBe(end.end);
          if (end.end === 'count') expect(back.count).toBe(7);
          if (end.end === 'until') expect(back.untilDate).toBe('2027-06-30');
          expect(buildRrule(back, date, zone)).toBe(rule);
        }
      }
    }
  });

  it('reads other rules as the choice that says them, as custom, or kept as they are', () => {
    expect(formOf('FREQ=WEEKLY', start, 'UTC').kind).toBe('weekly');
    expect(formOf('FREQ=MONTHLY', start, 'UTC').kind).toBe('monthlyDay');
    expect(formOf('FREQ=WEEKLY;BYDAY=FR,TH,WE,TU,MO', start, 'UTC').kind).toBe('weekdays');
    expect(formOf('FREQ=DAILY;INTERVAL=3', start, 'UTC')).toMatchObject({ kind: 'custom', interval: 3, unit: 'DAILY' });
    expect(formOf('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=4', start, 'UTC')).toMatchObject({
      kind: 'custom',
      interval: 2,
      unit: 'WEEKLY',
      weekdays: [1, 5],
      end: 'count',
      count: 4,
    });
    expect(formOf('FREQ=WEEKLY;BYDAY=MO,FR', start, 'UTC')).toMatchObject({ kind: 'custom', interval: 1, weekdays: [1, 5] });
    expect(formOf('FREQ=MONTHLY;BYMONTHDAY=1,15', start, 'UTC')).toMatchObject({ kind: 'keep', keep: 'FREQ=MONTHLY;BYMONTHDAY=1,15' });
    expect(formOf('FREQ=MONTHLY;BYDAY=-1FR', start, 'UTC')).toMatchObject({ kind: 'keep' });
    expect(formOf('FREQ=HOURLY', start, 'UTC')).toMatchObject({ kind: 'keep', keep: 'FREQ=HOURLY' });
    expect(formOf(null, start, 'UTC').kind).toBe('never');
  });

  it('says what is wrong with the end', () => {
    expect(endProblem(form({ kind: 'daily', end: 'count', count: 0 }), start)).toBe('Between 1 and 999 times.');
    expect(endProblem(form({ kind: 'daily', end: 'count', count: 3 }), start)).toBeNull();
    expect(endProblem(form({ kind: 'daily', end: 'until', untilDate: '' }), start)).toBe('Pick the last day.');
    expect(endProblem(form({ kind: 'daily', end: 'until', untilDate: '2026-12-07' }), start)).toBe('The last day cannot be before the first.');
    expect(endProblem(form({ kind: 'daily', end: 'until', untilDate: '2026-12-08' }), start)).toBeNull();
    expect(endProblem(form({ kind: 'custom', interval: 0, unit: 'DAILY' }), start)).toBe('Repeat every 1 to 99.');
    expect(endProblem(form({ kind: 'never', end: 'count', count: 0 }), start)).toBeNull();
  });
});
