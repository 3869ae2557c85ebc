// Reactions as the client sees them, pure: a message's reactions after a message:reactions
// event (the counts are everyone's, `me` is kept by the client: set or cleared for the emoji
// when the user is the one who reacted, else as it was), after the acknowledgement of the
// user's own change, and as shown while the user's own changes are on their way (shown at once,
// gone again if the server refuses); which copies of a message may say what `me` is; the quick
// reactions (the user's most used first); and what a refusal means, in words. The actions that
// use these are in reaction-actions.ts.
import { t } from '../i18n/core';
import { isCustomEmojiText } from './custom-emoji';
import { RequestError } from './errors';
import type { ChatMessage, FrequentEmoji, Reaction, ReactionsEvent, ViewMessage } from './types';

/** The quick reactions when the user has used none (or too few) yet. */
export const DEFAULT_QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** How many quick reactions a message's menu offers. */
export const QUICK_REACTION_COUNT = 6;

/**
 * The user's changes on their way to the server, by emoji: true to put it on, false to take it
 * back. What the message shows until the server answers.
 */
export type PendingReactions = Readonly<Record<string, boolean>>;

const NONE: Reaction[] = [];

/**
 * What a message shows: its reactions (none once deleted for everyone, or from a server that
 * knows none) with the user's changes on their way applied.
 */
export function shownReactions(m: Pick<ChatMessage, 'reactions' | 'deleted'>, pending?: PendingReactions): Reaction[] {
  if (m.deleted) return NONE;
  const held = m.reactions ?? NONE;
  if (!pending) return held;
  let out = held;
  for (const [emoji, on] of Object.entries(pending)) out = withOwnReaction(out, emoji, on);
  return out;
}

/** `list` with the user's reaction `emoji` put on or taken back (counted once). */
export function withOwnReaction(list: readonly Reaction[], emoji: string, on: boolean): Reaction[] {
  const i = list.findIndex((r) => r.emoji === emoji);
  const r = list[i];
  if (!r) return on ? [...list, { emoji, count: 1, me: true }] : (list as Reaction[]);
  if (r.me === on) return list as Reaction[];
  const count = r.count + (on ? 1 : -1);
  if (count <= 0) return list.filter((_, j) => j !== i);
  return list.map((x, j) => (j === i ? { emoji, count, me: on } : x));
}

/** Whether the user's reaction `emoji` is on the message as shown. */
export function isMine(list: readonly Reaction[], emoji: string): boolean {
  return list.some((r) => r.emoji === emoji && r.me);
}

/**
 * message:reactions applied to the message it is about: the counts are the event's; `me` is the
 * event's for its emoji when the user is the one who reacted (on another device, or this one),
 * and as held for every other emoji. An event no newer than the message held changes nothing.
 */
export function withReactionsEvent(m: ViewMessage, e: ReactionsEvent, me: string): ViewMessage {
  if (m.id !== e.messageId || (m.changeSeq ?? 0) >= e.changeSeq || m.deleted) return m;
  const mine = new Map((m.reactions ?? NONE).map((r) => [r.emoji, r.me]));
  const reactions = e.reactions.map(({ emoji, count }) => ({
    emoji,
    count,
    me: e.userId === me && emoji === e.emoji ? e.added : (mine.get(emoji) ?? false),
  }));
  return { ...m, reactions, changeSeq: e.changeSeq };
}

/**
 * The acknowledgement of the user's own reaction (`emoji` put on or not, `added`): its
 * reactions (`me` the user's) replace those held, unless an event changed the message since the
 * request left (`changeSeqBefore`). Then the event is newer, and only the user's own change is
 * made sure of (nothing, if the event of this change was the one applied; the counts follow
 * when it comes).
 */
export function withReactionsAck(
  m: ViewMessage,
  ack: { reactions: readonly Reaction[]; added: boolean },
  emoji: string,
  changeSeqBefore: number | undefined,
): ViewMessage {
  if (m.deleted) return m;
  if ((m.changeSeq ?? 0) === (changeSeqBefore ?? 0)) return { ...m, reactions: [...ack.reactions] };
  const held = m.reactions ?? NONE;
  const reactions = withOwnReaction(held, emoji, ack.added);
  return reactions === held ? m : { ...m, reactions };
}

/**
 * A copy of a message sent to everyone in the chat (message:edited, message:pinned, and the
 * acknowledgements that carry the same copy) says `me: false` for every reaction, as it is no
 * one's in particular: it is read without its reactions, and the message keeps those held.
 */
export function withoutReactions<M extends ChatMessage>(m: M): M {
  if (m.reactions === undefined || m.deleted) return m;
  const { reactions: _reactions, ...rest } = m;
  return rest as M;
}

/**
 * The reactions (and the changeSeq they are current to) that a message keeps when another copy
 * of it arrives (messages.ts combine): the held ones when the copy has none (see
 * withoutReactions) or is older; none once deleted.
 */
export function reactionsKept(prev: ChatMessage, next: ChatMessage): Pick<ChatMessage, 'reactions' | 'changeSeq'> {
  const older = (prev.changeSeq ?? 0) > (next.changeSeq ?? 0);
  const changeSeq = older ? prev.changeSeq : next.changeSeq;
  if (next.deleted || prev.deleted) return { reactions: [], changeSeq };
  const reactions = next.reactions === undefined || older ? (prev.reactions ?? next.reactions) : next.reactions;
  return { reactions, changeSeq };
}

/** Applies `fn` to the message `id` in `items`; `items` itself when nothing changes. */
export function mapMessage(items: ViewMessage[], id: string, fn: (m: ViewMessage) => ViewMessage): ViewMessage[] {
  const i = items.findIndex((m) => m.id === id);
  const m = items[i];
  if (!m) return items;
  const next = fn(m);
  if (next === m) return items;
  const out = [...items];
  out[i] = next;
  return out;
}

/**
 * The quick reactions: the user's most used first, then the defaults, QUICK_REACTION_COUNT in
 * all; Unicode only (a custom emoji is for the chats that have it: the picker offers those).
 */
export function quickReactions(frequent: readonly FrequentEmoji[], count = QUICK_REACTION_COUNT): string[] {
  const out: string[] = [];
  for (const e of [...frequent.map((f) => f.emoji), ...DEFAULT_QUICK_REACTIONS]) {
    if (out.length >= count) break;
    if (!out.includes(e) && !isCustomEmojiText(e)) out.push(e);
  }
  return out;
}

/** The most used list after the user used `emoji` (each once more), most used first. */
export function withFrequentUse(list: readonly FrequentEmoji[], emoji: readonly string[], at: string): FrequentEmoji[] {
  if (emoji.length === 0) return list as FrequentEmoji[];
  const byEmoji = new Map(list.map((f) => [f.emoji, f]));
  for (const e of emoji) {
    const f = byEmoji.get(e);
    byEmoji.set(e, { emoji: e, uses: (f?.uses ?? 0) + 1, lastUsedAt: at });
  }
  // Most used first; among equals the latest used (as the server orders them).
  return [...byEmoji.values()].sort((a, b) => b.uses - a.uses || (a.lastUsedAt < b.lastUsedAt ? 1 : a.lastUsedAt > b.lastUsedAt ? -1 : 0));
}

/**
 * The emoji of `picked` (in the order picked) that are still in `text` as sent: those the user
 * inserted with the picker and kept, each as often as it was picked and is still there.
 */
export function keptEmoji(picked: readonly string[], text: string): string[] {
  const left = new Map<string, number>();
  for (const e of new Set(picked)) left.set(e, text.split(e).length - 1);
  const out: string[] = [];
  for (const e of picked) {
    const n = left.get(e) ?? 0;
    if (n <= 0) continue;
    left.set(e, n - 1);
    out.push(e);
  }
  return out;
}

/** What the message looks like to `reactionErrorText`: its reactions as shown when the user tried. */
export interface ReactionAttempt {
  reactions: readonly Reaction[];
  emoji: string;
}

/** The server's reaction limits (GET /api/v1/limits, or as its reaction_limit refusal states them). */
export interface ReactionLimits {
  perUser: number;
  distinct: number;
}

/** The limits as a reaction_limit refusal states them ("At most 3 ... and 20 different ..."). */
export function limitsOf(message: string): ReactionLimits | null {
  const m = /at most (\d+) reactions? of yours and (\d+) different/i.exec(message);
  if (!m) return null;
  return { perUser: Number(m[1]), distinct: Number(m[2]) };
}

/**
 * Why putting `emoji` on would pass one of the limits, in words; null when it would not (or
 * the limits are not known: the server decides).
 */
export function limitText(attempt: ReactionAttempt, limits: ReactionLimits | null): string | null {
  if (!limits || attempt.reactions.some((r) => r.emoji === attempt.emoji && r.me)) return null;
  const mine = attempt.reactions.filter((r) => r.me).length;
  if (mine >= limits.perUser) {
    return t('reactions.limitMine', { max: limits.perUser });
  }
  if (!attempt.reactions.some((r) => r.emoji === attempt.emoji) && attempt.reactions.length >= limits.distinct) {
    return t('reactions.limitDistinct', { max: limits.distinct });
  }
  return null;
}

/** Why a reaction was refused, in words a person can act on (`limits`: the server's, when known). */
export function reactionErrorText(err: unknown, attempt: ReactionAttempt, limits: ReactionLimits | null = null): string {
  const code = err instanceof RequestError ? err.code : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'reaction_limit':
      return limitText(attempt, limits ?? limitsOf(message)) ?? message;
    case 'rate_limited':
      return t('reactions.tooFast');
    case 'forbidden':
      return t('reactions.forbidden');
    case 'not_found':
      return t('reactions.gone');
    case 'disconnected':
    case 'timeout':
      return t('reactions.offline');
    case 'invalid_input':
      return t('reactions.notAccepted', { error: message });
    default:
      return t('reactions.failed', { error: message });
  }
}
