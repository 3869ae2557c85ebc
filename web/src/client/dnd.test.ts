// Do not disturb's times (dnd.ts): wall clocks in IANA time zones and back, through a change of
// the clocks; quiet hours that hold or not, overnight and on the days chosen; when the Do not
// disturb in force ends (manual, quiet hours, one running on into the other, the server's word);
// the durations offered and the times in words.
import { describe, expect, it } from 'vitest';

import {
  dndActiveUntil,
  dndDurations,
  dndUntilText,
  parseHm,
  quietHoursEnd,
  quietHoursProblem,
  tomorrowAt,
  wallTime,
  zonedTime,
} from './dnd';
import { DEFAULT_SETTINGS } from './notifications';
import { DND_FOREVER, type NotificationSettings, type QuietHours } from './notifications-wire';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

/** Wednesday 15 January 2025, 12:00 UTC (13:00 in Berlin, 21:00 in Tokyo). */
const NOON = Date.UTC(2025, 0, 15, 12, 0);

function settings(over: Partial<NotificationSettings['dnd']> & { timeZone?: string; dndActiveUntil?: number | null } = {}): NotificationSettings {
  const { timeZone = 'UTC', dndActiveUntil: server = null, ...dnd } = over;
  return { ...DEFAULT_SETTINGS, timeZone, dndActiveUntil: server, dnd: { ...DEFAULT_SETTINGS.dnd, ...dnd } };
}

const quiet = (start: string, end: string, days = EVERY_DAY): QuietHours => ({ enabled: true, start, end, days });

describe('times in a time zone', () => {
  it('reads HH:MM', () => {
    expect(parseHm('00:00')).toBe(0);
    expect(parseHm('23:59')).toBe(23 * 60 + 59);
    expect(parseHm('7:00')).toBeNull();
    expect(parseHm('24:00')).toBeNull();
    expect(parseHm('12:60')).toBeNull();
  });

  it('reads the wall clock of a zone at a moment', () => {
    expect(wallTime(NOON, 'Europe/Berlin')).toMatchObject({ year: 2025, month: 1, day: 15, weekday: 3, minutes: 13 * 60 });
    expect(wallTime(NOON, 'Asia/Tokyo')).toMatchObject({ day: 15, weekday: 3, minutes: 21 * 60 });
    expect(wallTime(NOON, 'America/Los_Angeles')).toMatchObject({ day: 15, minutes: 4 * 60 });
    expect(() => wallTime(NOON, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('turns a wall clock back into the moment, across a change of the clocks', () => {
    expect(zonedTime('Europe/Berlin', 2025, 1, 15, 13 * 60)).toBe(NOON);
    // Berlin moves from UTC+1 to UTC+2 at 02:00 on 30 March 2025.
    expect(zonedTime('Europe/Berlin', 2025, 3, 30, 1 * 60)).toBe(Date.UTC(2025, 2, 30, 0, 0));
    expect(zonedTime('Europe/Berlin', 2025, 3, 30, 8 * 60)).toBe(Date.UTC(2025, 2, 30, 6, 0));
    // A day past the month's end rolls over.
    expect(zonedTime('UTC', 2025, 1, 32, 8 * 60)).toBe(Date.UTC(2025, 1, 1, 8, 0));
  });

  it('finds tomorrow 8:00 in the person’s zone', () => {
    expect(tomorrowAt('UTC', NOON, 8 * 60)).toBe(Date.UTC(2025, 0, 16, 8, 0));
    expect(tomorrowAt('Asia/Tokyo', NOON, 8 * 60)).toBe(Date.UTC(2025, 0, 15, 23, 0));
    // 01:00 on the 16th in Tokyo: tomorrow is the 17th.
    expect(tomorrowAt('Asia/Tokyo', Date.UTC(2025, 0, 15, 16, 0), 8 * 60)).toBe(Date.UTC(2025, 0, 16, 23, 0));
  });
});

describe('quiet hours', () => {
  it('hold within the hours of a day chosen, and say when they end', () => {
    expect(quietHoursEnd(quiet('09:00', '17:00'), 'UTC', NOON)).toBe(Date.UTC(2025, 0, 15, 17, 0));
    expect(quietHoursEnd(quiet('13:00', '17:00'), 'UTC', NOON)).toBeNull();
    expect(quietHoursEnd(quiet('09:00', '12:00'), 'UTC', NOON)).toBeNull(); // the end is not inside
    expect(quietHoursEnd(quiet('09:00', '17:00', [1, 2]), 'UTC', NOON)).toBeNull(); // a Wednesday
    expect(quietHoursEnd({ ...quiet('09:00', '17:00'), enabled: false }, 'UTC', NOON)).toBeNull();
    expect(quietHoursEnd(quiet('09:00', '09:00'), 'UTC', NOON)).toBeNull();
  });

  it('run overnight into the next day, counted from the day they start', () => {
    const night = quiet('22:00', '07:00', [3]); // starting Wednesday evening only
    expect(quietHoursEnd(night, 'UTC', Date.UTC(2025, 0, 15, 23, 0))).toBe(Date.UTC(2025, 0, 16, 7, 0));
    expect(quietHoursEnd(night, 'UTC', Date.UTC(2025, 0, 16, 6, 59))).toBe(Date.UTC(2025, 0, 16, 7, 0));
    expect(quietHoursEnd(night, 'UTC', Date.UTC(2025, 0, 16, 7, 0))).toBeNull();
    // Wednesday early morning belongs to Tuesday night, not chosen.
    expect(quietHoursEnd(night, 'UTC', Date.UTC(2025, 0, 15, 3, 0))).toBeNull();
  });

  it('follow the person’s zone', () => {
    // 13:00 in Berlin, 21:00 in Tokyo.
    expect(quietHoursEnd(quiet('12:00', '14:00'), 'Europe/Berlin', NOON)).toBe(Date.UTC(2025, 0, 15, 13, 0));
    expect(quietHoursEnd(quiet('20:00', '06:00'), 'Asia/Tokyo', NOON)).toBe(Date.UTC(2025, 0, 15, 21, 0));
    expect(quietHoursEnd(quiet('12:00', '14:00'), 'Asia/Tokyo', NOON)).toBeNull();
  });

  it('are refused in words when they cannot hold', () => {
    expect(quietHoursProblem('22:00', '07:00', [1])).toBeNull();
    expect(quietHoursProblem('22:00', '22:00', [1])).toBe('Quiet hours must end at another time than they start.');
    expect(quietHoursProblem('22:00', '', [1])).toBe('Give the times as hours and minutes.');
    expect(quietHoursProblem('22:00', '07:00', [])).toBe('Choose at least one day.');
  });
});

describe('the Do not disturb in force', () => {
  it('is the manual one until it ends, and none after', () => {
    expect(dndActiveUntil(null, NOON)).toBeNull();
    expect(dndActiveUntil(settings(), NOON)).toBeNull();
    expect(dndActiveUntil(settings({ until: NOON + HOUR }), NOON)).toBe(NOON + HOUR);
    expect(dndActiveUntil(settings({ until: NOON - 1 }), NOON)).toBeNull();
    expect(dndActiveUntil(settings({ until: DND_FOREVER }), NOON)).toBe(DND_FOREVER);
  });

  it('is the quiet hours while they hold, and the two run on into each other', () => {
    expect(dndActiveUntil(settings({ schedule: quiet('11:00', '14:00') }), NOON)).toBe(NOON + 2 * HOUR);
    // Manual until 13:00 runs into quiet hours from 12:30 to 15:00.
    expect(dndActiveUntil(settings({ until: NOON + HOUR, schedule: quiet('12:30', '15:00') }), NOON)).toBe(NOON + 3 * HOUR);
    // Quiet hours until 14:00, then a manual one to 16:00.
    expect(dndActiveUntil(settings({ until: NOON + 4 * HOUR, schedule: quiet('11:00', '14:00') }), NOON)).toBe(NOON + 4 * HOUR);
    // The manual one ends before the quiet hours start: only it.
    expect(dndActiveUntil(settings({ until: NOON + HOUR, schedule: quiet('18:00', '19:00') }), NOON)).toBe(NOON + HOUR);
  });

  it('takes the server’s word while it lasts, and alone for a zone this browser does not know', () => {
    expect(dndActiveUntil(settings({ dndActiveUntil: NOON + HOUR }), NOON)).toBe(NOON + HOUR);
    expect(dndActiveUntil(settings({ dndActiveUntil: NOON - 1 }), NOON)).toBeNull();
    expect(dndActiveUntil(settings({ timeZone: 'Mars/Olympus', schedule: quiet('00:00', '23:59'), dndActiveUntil: NOON + HOUR }), NOON)).toBe(
      NOON + HOUR,
    );
    expect(dndActiveUntil(settings({ timeZone: 'Mars/Olympus', schedule: quiet('00:00', '23:59') }), NOON)).toBeNull();
  });
});

describe('in words', () => {
  it('offers 30 minutes, 1 hour, 8 hours, tomorrow 8:00 and until turned off', () => {
    expect(dndDurations('Asia/Tokyo', NOON).map((d) => [d.label, d.until])).toEqual([
      ['30 minutes', NOON + 30 * MIN],
      ['1 hour', NOON + HOUR],
      ['8 hours', NOON + 8 * HOUR],
      ['Until tomorrow, 8:00', Date.UTC(2025, 0, 15, 23, 0)],
      ['Until I turn it off', DND_FOREVER],
    ]);
  });

  it('says when it ends in the person’s zone', () => {
    const time = (t: number, timeZone: string) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone });
    expect(time(NOON + HOUR, 'UTC')).not.toBe(time(NOON + HOUR, 'Asia/Tokyo'));
    expect(dndUntilText(NOON + HOUR, NOON, 'UTC')).toBe(time(NOON + HOUR, 'UTC'));
    expect(dndUntilText(NOON + HOUR, NOON, 'Asia/Tokyo')).toBe(time(NOON + HOUR, 'Asia/Tokyo'));
    // 01:00 on the 16th in Tokyo.
    expect(dndUntilText(NOON + 4 * HOUR, NOON, 'Asia/Tokyo')).toBe(`tomorrow ${time(NOON + 4 * HOUR, 'Asia/Tokyo')}`);
    const saturday = new Date(NOON + 3 * 24 * HOUR).toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' });
    expect(dndUntilText(NOON + 3 * 24 * HOUR, NOON, 'UTC')).toBe(`${saturday} ${time(NOON, 'UTC')}`);
    expect(dndUntilText(DND_FOREVER, NOON, 'UTC')).toBe('you turn it off');
  });
});
