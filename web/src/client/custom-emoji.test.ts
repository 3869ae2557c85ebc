// Custom emoji, the pure rules: which emoji a chat may use (the server's winning a shortcode
// both sets have), text cut into text and images (unknown shortcodes stay text), a message of a
// few custom emoji only, the checks before an upload, base64, refusals in words, and the quick
// reactions staying Unicode.
import { describe, expect, it } from 'vitest';

import {
  emojiErrorText,
  emojiLookup,
  imageProblem,
  isCustomEmojiText,
  MAX_EMOJI_BYTES,
  normalShortcode,
  onlyCustomEmoji,
  shortcodeProblem,
  splitCustomEmoji,
  toBase64,
} from './custom-emoji';
import { ApiError } from './errors';
import { quickReactions } from './reactions';
import type { CustomEmoji } from './types';

function emoji(shortcode: string, chatId: string | null = null): CustomEmoji {
  const id = `${chatId ?? 'server'}-${shortcode}`;
  return { id, shortcode, url: `/api/v1/emoji/${id}/image`, chatId, createdBy: 'u1', createdAt: '2025-01-01T00:00:00.000Z' };
}

const server = { emoji: [emoji('party'), emoji('shipit')], canManage: false };
const group = { emoji: [emoji('party', 'g1'), emoji('cake', 'g1')], canManage: true };

describe('custom emoji', () => {
  it('knows the server’s set everywhere and a group’s set in that group, the server’s first', () => {
    const inGroup = emojiLookup(server, group);
    expect([...inGroup.keys()].sort()).toEqual([':cake:', ':party:', ':shipit:']);
    expect(inGroup.get(':party:')?.chatId).toBeNull();
    expect(inGroup.get(':cake:')?.chatId).toBe('g1');
    expect([...emojiLookup(server, undefined).keys()]).toEqual([':party:', ':shipit:']);
    expect(emojiLookup(undefined, undefined).size).toBe(0);
  });

  it('cuts text into text and the emoji it knows; unknown shortcodes and times stay text', () => {
    const lookup = emojiLookup(server, group);
    expect(splitCustomEmoji('Well done :party: :nope: at 10:30:45', lookup)).toEqual([
      { kind: 'text', text: 'Well done ' },
      { kind: 'emoji', text: ':party:', emoji: lookup.get(':party:') },
      { kind: 'text', text: ' :nope: at 10:30:45' },
    ]);
    // Side by side, and after an unknown one whose closing colon opens the next.
    const parts = splitCustomEmoji(':x::cake::shipit:', lookup);
    expect(parts.map((p) => (p.kind === 'emoji' ? `[${p.emoji.shortcode}]` : p.text))).toEqual([':x:', '[cake]', '[shipit]']);
    expect(splitCustomEmoji('no emoji here', lookup)).toEqual([{ kind: 'text', text: 'no emoji here' }]);
    expect(splitCustomEmoji(':party:', emojiLookup(undefined, undefined))).toEqual([{ kind: 'text', text: ':party:' }]);
    // Upper case is not a shortcode.
    expect(splitCustomEmoji(':PARTY:', lookup)).toEqual([{ kind: 'text', text: ':PARTY:' }]);
  });

  it('shows one to three custom emoji alone larger', () => {
    const lookup = emojiLookup(server, group);
    const big = (text: string) => onlyCustomEmoji(splitCustomEmoji(text, lookup));
    expect(big(':party:')).toBe(true);
    expect(big(' :party: :cake::shipit: ')).toBe(true);
    expect(big(':party::party::party::party:')).toBe(false);
    expect(big(':party: yay')).toBe(false);
    expect(big(':nope:')).toBe(false);
    expect(big('')).toBe(false);
  });

  it('tells a custom emoji’s text from Unicode', () => {
    expect(isCustomEmojiText(':party:')).toBe(true);
    expect(isCustomEmojiText(':a:')).toBe(false);
    expect(isCustomEmojiText('👍')).toBe(false);
    expect(isCustomEmojiText('::')).toBe(false);
    expect(isCustomEmojiText(':Party:')).toBe(false);
  });

  it('checks a shortcode and an image before sending them, in words', () => {
    expect(normalShortcode('  :party_parrot: ')).toBe('party_parrot');
    expect(shortcodeProblem(':party:')).toBeNull();
    expect(shortcodeProblem('')).toBe('Give the emoji a shortcode.');
    expect(shortcodeProblem('x')).toMatch(/^A shortcode is 2 to 32 of a–z, 0–9, _, \+ and -\.$/);
    expect(shortcodeProblem('with space')).toMatch(/^A shortcode is/);
    expect(shortcodeProblem('a'.repeat(33))).toMatch(/^A shortcode is/);
    expect(shortcodeProblem('party', server.emoji)).toBe('There is a :party: in this set already. Choose another shortcode.');

    expect(imageProblem({ size: 1000, type: 'image/png' })).toBeNull();
    expect(imageProblem({ size: MAX_EMOJI_BYTES, type: 'image/webp' })).toBeNull();
    expect(imageProblem({ size: MAX_EMOJI_BYTES + 1, type: 'image/gif' })).toBe(
      'The image is 257 KiB; an emoji can be at most 256 KiB. Choose a smaller image.',
    );
    expect(imageProblem({ size: 1000, type: 'image/jpeg' })).toBe('The image must be a PNG, GIF or WebP file.');
    expect(imageProblem({ size: 0, type: 'image/png' })).toBe('The file is empty.');
  });

  it('sends the image as base64, large ones too', () => {
    expect(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==');
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(atob(toBase64(big)).length).toBe(100_000);
  });

  it('says what a refusal means', () => {
    expect(emojiErrorText(new ApiError(409, 'conflict', 'There is a :party: already'), 'party')).toBe(
      'There is a :party: in this set already. Choose another shortcode.',
    );
    expect(emojiErrorText(new ApiError(409, 'emoji_limit', 'A set holds at most 200 custom emoji'))).toBe(
      'This set is full (A set holds at most 200 custom emoji). Remove one before adding another.',
    );
    expect(emojiErrorText(new ApiError(413, 'payload_too_large', 'The image must be at most 256 KiB'))).toBe(
      'The image is over 256 KiB. Choose a smaller image.',
    );
    expect(emojiErrorText(new ApiError(400, 'invalid_input', 'not a PNG, GIF or WebP image'))).toBe('Not accepted: not a PNG, GIF or WebP image');
    expect(emojiErrorText(new ApiError(403, 'forbidden', 'Only the server’s admins…'))).toBe('Only admins can change this set.');
    expect(emojiErrorText(new ApiError(404, 'not_found', 'Emoji not found'), 'cake')).toBe(':cake: is not in this set any more.');
  });

  it('keeps the quick reactions Unicode though custom emoji are among the most used', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const frequent = [
      { emoji: ':party:', uses: 9, lastUsedAt: at },
      { emoji: '🎉', uses: 5, lastUsedAt: at },
    ];
    expect(quickReactions(frequent)).toEqual(['🎉', '👍', '❤️', '😂', '😮', '😢']);
  });
});
