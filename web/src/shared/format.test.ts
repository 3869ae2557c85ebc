import { describe, expect, it } from 'vitest';

import { dayLabel, presenceText } from './format';

const now = new Date(2025, 5, 15, 15, 30);

describe('presenceText', () => {
  it('says online, or when the user was last seen', () => {
    expect(presenceText(true, null, now)).toBe('online');
    expect(presenceText(false, null, now)).toBe('offline');
    expect(presenceText(false, now.getTime() - 20_000, now)).toBe('last seen just now');
    expect(presenceText(false, now.getTime() - 5 * 60_000, now)).toBe('last seen 5 min ago');
    expect(presenceText(false, new Date(2025, 5, 15, 9, 5).getTime(), now)).toMatch(/^last seen today at /);
    expect(presenceText(false, new Date(2025, 5, 14, 9, 5).getTime(), now)).toMatch(/^last seen yesterday at /);
  });
});

describe('dayLabel', () => {
  it('names recent days', () => {
    expect(dayLabel(new Date(2025, 5, 15, 1).toISOString(), now)).toBe('Today');
    expect(dayLabel(new Date(2025, 5, 14, 23).toISOString(), now)).toBe('Yesterday');
  });
});
