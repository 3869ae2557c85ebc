import { describe, expect, it } from 'vitest';

import { titleWithUnread } from './title';

describe('titleWithUnread', () => {
  it('puts the unread count before the name, and nothing when all is read', () => {
    expect(titleWithUnread(0)).toBe('Parley');
    expect(titleWithUnread(3)).toBe('(3) Parley');
    expect(titleWithUnread(120)).toBe('(120) Parley');
  });
});
