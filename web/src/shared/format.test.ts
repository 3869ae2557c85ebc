import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n';
import { dayLabel, formatDate, formatTime, listTime, presenceText } from './format';

const now = new Date(2025, 5, 15, 15, 30);

describe('presenceText', () => {
  it('says online, or when the user was last seen, with the time', () => {
    expect(presenceText(true, null, now)).toBe('online');
    expect(presenceText(false, null, now)).toBe(''); // not shared: nothing is claimed
    expect(presenceText(undefined, undefined, now)).toBe('');
    expect(presenceText(false, now.getTime() - 20_000, now)).toBe('last seen just now');
    expect(presenceText(false, new Date(2025, 5, 15, 15, 25).getTime(), now, 'en-GB')).toBe('last seen today at 15:25');
    expect(presenceText(false, new Date(2025, 5, 15, 9, 5).getTime(), now, 'en-US')).toMatch(/^last seen today at 9:05\sAM$/);
    expect(presenceText(false, new Date(2025, 5, 14, 21, 5).getTime(), now, 'en-GB')).toBe('last seen yesterday at 21:05');
    expect(presenceText(false, new Date(2025, 2, 3, 8, 15).getTime(), now, 'en-GB')).toBe('last seen 3 March at 8:15');
    expect(presenceText(false, new Date(2024, 2, 3, 8, 15).getTime(), now, 'en-GB')).toBe('last seen 3 March 2024');
  });
});

describe('formatTime', () => {
  it('lets the locale decide about the leading zero and the clock', () => {
    const morning = new Date(2025, 5, 15, 9, 5);
    expect(formatTime(morning, 'en-US')).toMatch(/^9:05\sAM$/);
    expect(formatTime(morning, 'fi')).toBe('9.05');
    expect(formatTime(new Date(2025, 5, 15, 14, 5), 'en-GB')).toBe('14:05');
    // Whatever the locale, never a 2-digit hour it did not ask for.
    expect(formatTime(morning, 'en-US')).not.toMatch(/^0/);
  });
});

describe('listTime', () => {
  it('shows a time today, a weekday this week, else a date', () => {
    expect(listTime(new Date(2025, 5, 15, 9, 5).toISOString(), now, 'en-US')).toMatch(/^9:05\sAM$/);
    expect(listTime(new Date(2025, 5, 13, 9, 5).toISOString(), now, 'en-US')).toBe('Fri');
    expect(listTime(new Date(2025, 1, 13, 9, 5).toISOString(), now, 'en-US')).toBe('Feb 13');
  });
});

describe('dayLabel', () => {
  it('names recent days', () => {
    expect(dayLabel(new Date(2025, 5, 15, 1).toISOString(), now)).toBe('Today');
    expect(dayLabel(new Date(2025, 5, 14, 23).toISOString(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2025, 5, 12, 23).toISOString(), now, 'en-US')).toBe('Thursday');
  });
});

describe('formatDate', () => {
  it('writes the day with its year as the locale does, and nothing for what is not a time', () => {
    const d = new Date(2025, 2, 3, 8, 15);
    expect(formatDate(d.getTime(), 'en-GB')).toBe('3 Mar 2025');
    expect(formatDate(d.toISOString(), 'en-US')).toBe('Mar 3, 2025');
    expect(formatDate('not a time', 'en-GB')).toBe('');
  });
});

describe('in the interface’s language', () => {
  afterEach(() => setLocale('en'));

  it('writes days and times in the interface’s language', () => {
    const now = new Date(2025, 5, 15, 15, 30);
    setLocale('es');
    expect(dayLabel(new Date(2025, 5, 15, 1).toISOString(), now)).toBe('Hoy');
    expect(dayLabel(new Date(2025, 5, 14, 23).toISOString(), now)).toBe('Ayer');
    expect(dayLabel(new Date(2025, 5, 12, 23).toISOString(), now)).toBe('jueves');
    expect(dayLabel(new Date(2025, 2, 3, 8).toISOString(), now)).toBe('3 de marzo');
    expect(listTime(new Date(2025, 5, 15, 9, 5).toISOString(), now)).toBe('9:05');
    expect(formatDate(new Date(2025, 2, 3, 8, 15))).toBe('3 mar 2025');
    expect(presenceText(false, new Date(2025, 5, 14, 21, 5).getTime(), now)).toBe('últ. vez ayer a las 21:05');
    expect(presenceText(true, null, now)).toBe('en línea');
  });
});
