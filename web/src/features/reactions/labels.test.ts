import { describe, expect, it } from 'vitest';

import { chipLabel, reactorsLine } from './labels';

describe('the words of reactions', () => {
  it('names a chip with its count and whether the user is among them', () => {
    expect(chipLabel({ emoji: '👍', count: 3, me: true })).toBe('👍 3 reactions, including you. Toggle');
    expect(chipLabel({ emoji: '👍', count: 1, me: true })).toBe('👍 1 reaction, yours. Toggle');
    expect(chipLabel({ emoji: '❤️', count: 2, me: false })).toBe('❤️ 2 reactions. Toggle');
  });

  it('says who reacted in short', () => {
    expect(reactorsLine(['You'], 1)).toBe('You');
    expect(reactorsLine(['You', 'Ann'], 2)).toBe('You and Ann');
    expect(reactorsLine(['Ann', 'Ben', 'Cy'], 3)).toBe('Ann, Ben and Cy');
    expect(reactorsLine(['Ann', 'Ben', 'Cy', 'Di'], 7)).toBe('Ann, Ben, Cy and 4 others');
    expect(reactorsLine(['Ann'], 2, 1)).toBe('Ann and 1 other');
    expect(reactorsLine([], 5)).toBe('5 people');
  });

});
