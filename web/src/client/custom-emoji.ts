// Custom emoji as the client sees them, pure: the shortcode rule (the server's), which emoji a
// chat may use (the server's set everywhere, a group's set in that group; the server's wins when
// both have a shortcode, as it does for reactions), message text cut into text and custom emoji,
// whether a message is only a few of them (shown larger), the checks made before an upload, the
// image's bytes as base64, and what a refusal means, in words. The sets themselves are kept and
// changed by emoji-actions.ts.
import { t } from '../i18n/core';
import { ApiError } from './errors';
import type { CustomEmoji, EmojiSet } from './types';

/** What a shortcode is made of (without its colons): 2 to 32 of a-z, 0-9, _, + and -. */
export const shortcodeRule = () => t('emoji.rule');
const SHORTCODE_RE = /^[a-z0-9_+-]{2,32}$/;
/** `:shortcode:` anywhere in text (a known one becomes an image; others stay text). */
const IN_TEXT_RE = /:([a-z0-9_+-]{2,32}):/g;

/** The most an image may weigh (the server refuses more: 413 payload_too_large). */
export const MAX_EMOJI_BYTES = 256 * 1024;
/** The image types the server takes (the file input's accept). */
export const EMOJI_TYPES = ['image/png', 'image/gif', 'image/webp'] as const;
/** A message of at most this many custom emoji (and nothing else but spaces) shows them large. */
export const BIG_EMOJI_MAX = 3;

/** Custom emoji by their `:shortcode:` text, as one chat may use them. */
export type EmojiLookup = ReadonlyMap<string, CustomEmoji>;

export const NO_EMOJI: EmojiLookup = new Map();

export function isShortcode(shortcode: string): boolean {
  return SHORTCODE_RE.test(shortcode);
}

/** Whether `emoji` (a reaction's, a most used one) is a custom emoji's `:shortcode:` rather than Unicode. */
export function isCustomEmojiText(emoji: string): boolean {
  return emoji.length > 2 && emoji.startsWith(':') && emoji.endsWith(':') && isShortcode(emoji.slice(1, -1));
}

/** `:shortcode:` of a custom emoji. */
export function emojiText(e: Pick<CustomEmoji, 'shortcode'>): string {
  return `:${e.shortcode}:`;
}

/**
 * What a chat may use: `group`'s set (the chat's, when it is a group) and the server's, the
 * server's winning a shortcode both have.
 */
export function emojiLookup(server: EmojiSet | undefined, group: EmojiSet | undefined): EmojiLookup {
  if (!server?.emoji.length && !group?.emoji.length) return NO_EMOJI;
  const out = new Map<string, CustomEmoji>();
  for (const e of group?.emoji ?? []) out.set(emojiText(e), e);
  for (const e of server?.emoji ?? []) out.set(emojiText(e), e);
  return out;
}

export type EmojiPart = { kind: 'text'; text: string } | { kind: 'emoji'; text: string; emoji: CustomEmoji };

/** `text` cut into plain text and the custom emoji `lookup` knows (unknown shortcodes stay text). */
export function splitCustomEmoji(text: string, lookup: EmojiLookup): EmojiPart[] {
  if (lookup.size === 0 || !text.includes(':')) return [{ kind: 'text', text }];
  const parts: EmojiPart[] = [];
  let last = 0;
  IN_TEXT_RE.lastIndex = 0;
  for (let m = IN_TEXT_RE.exec(text); m; m = IN_TEXT_RE.exec(text)) {
    const emoji = lookup.get(m[0]);
    if (!emoji) {
      // The closing colon may open the next one (":x::party:"): look again from there.
      IN_TEXT_RE.lastIndex = m.index + m[0].length - 1;
      continue;
    }
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'emoji', text: m[0], emoji });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Whether a message is only 1 to BIG_EMOJI_MAX custom emoji (spaces between allowed): shown large. */
export function onlyCustomEmoji(parts: readonly EmojiPart[]): boolean {
  let n = 0;
  for (const p of parts) {
    if (p.kind === 'emoji') n++;
    else if (p.text.trim() !== '') return false;
  }
  return n >= 1 && n <= BIG_EMOJI_MAX;
}

/** What is wrong with a shortcode typed for a new emoji (colons around it are dropped first), or null. */
export function shortcodeProblem(typed: string, taken: readonly CustomEmoji[] = []): string | null {
  const s = normalShortcode(typed);
  if (s === '') return t('emoji.codeMissing');
  if (!isShortcode(s)) return t('emoji.codeInvalid', { rule: shortcodeRule() });
  if (taken.some((e) => e.shortcode === s)) return t('emoji.codeTaken', { code: s });
  return null;
}

/** The shortcode as typed, without spaces or the colons around it. */
export function normalShortcode(typed: string): string {
  return typed.trim().replace(/^:+|:+$/g, '');
}

/** What is wrong with a file chosen for a new emoji (its type and size), or null. */
export function imageProblem(file: { size: number; type: string }): string | null {
  if (!(EMOJI_TYPES as readonly string[]).includes(file.type)) return t('emoji.imageType');
  if (file.size > MAX_EMOJI_BYTES) return t('emoji.imageTooLarge', { size: Math.ceil(file.size / 1024) });
  if (file.size === 0) return t('emoji.fileEmpty');
  return null;
}

/** Bytes as base64 (what POST …/emoji takes as its image). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Why adding or removing a custom emoji failed, in words a person can act on. */
export function emojiErrorText(err: unknown, shortcode = ''): string {
  const code = err instanceof ApiError ? err.code : '';
  const message = err instanceof Error ? err.message : String(err);
  const name = shortcode ? `:${shortcode}:` : t('emoji.thatShortcode');
  switch (code) {
    case 'conflict':
      return t('emoji.conflict', { name });
    case 'emoji_limit':
      return t('emoji.full', { limit: message.replace(/\.$/, '') });
    case 'payload_too_large':
      return t('emoji.tooLarge');
    case 'forbidden':
      return t('emoji.forbidden');
    case 'not_found':
      return t('emoji.gone', { name: shortcode ? name : t('emoji.thatEmoji') });
    case 'network':
      return t('common.networkError');
    case 'invalid_input':
      return t('emoji.notAccepted', { error: message });
    default:
      return message || t('common.somethingWrong');
  }
}
