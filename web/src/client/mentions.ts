// Mentions, pure: the "@…" being typed at the caret and the people it suggests (names folded as
// the chat switcher folds them: case, accents; a word of the name starting with what is typed),
// a pick put into the text, the mentions a text sends (the people picked whose "@Name" is still
// in it, and "@Name" typed in full for a person of the chat, the longest name first; "@all" for
// those who may mention everyone), where a message's text names the people it mentions (its
// chips), whether a message mentions the viewer and how many unread ones do, and the keywords
// that notify like a mention. Used by the composer, the timeline, the chat list and the notices.
import { isGroup, roleRank } from './groups';
import { isThreadOnly } from './messages';
import { foldQuery, matchName } from './switcher';
import type { Chat, ChatMessage, User, ViewMessage } from './types';

/** The most people one message mentions (the server drops the rest). */
export const MAX_MENTIONS = 50;
/** The most suggestions the list shows. */
export const MAX_SUGGESTIONS = 8;
/** What follows "@" to mention everyone in a group. */
export const ALL_NAME = 'all';
/** The longest "@…" still looked up while typing. */
const MAX_QUERY = 60;

export interface MentionPerson {
  id: string;
  name: string;
}

/** Whether the user may mention everyone in `chat`: a group's owner and admins. */
export function mayMentionAll(chat: Chat | undefined): boolean {
  return isGroup(chat) && roleRank(chat?.role) >= roleRank('admin');
}

/**
 * The people of a chat who can be mentioned, the user left out: its participants whose names
 * are known and, in a group, the members loaded (a large group's participants are not all
 * listed); by name.
 */
export function chatPeople(
  chat: Chat | undefined,
  me: string,
  users: Readonly<Record<string, User>>,
  members: readonly MentionPerson[] = [],
): MentionPerson[] {
  const byId = new Map<string, MentionPerson>();
  for (const m of members) if (m.id !== me && m.name) byId.set(m.id, { id: m.id, name: m.name });
  for (const id of chat?.participants ?? []) {
    const name = users[id]?.name;
    if (id !== me && name && !byId.has(id)) byId.set(id, { id, name });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The "@…" typed before the caret: where its "@" is and what follows it. */
export interface MentionQuery {
  start: number;
  query: string;
}

export type MentionOption = { kind: 'person'; person: MentionPerson } | { kind: 'all' };

/** A mention of a message's text: [start, end) of "@Name", and whose ('all' for @all). */
export interface MentionRange {
  start: number;
  end: number;
  id: string;
}

/** The mention fields of a message sent or edited: only those set. */
export interface MessageMentions {
  mentions?: string[];
  mentionsAll?: boolean;
}

const WORD = /[\p{L}\p{N}_]/u;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c);
}

/** An "@" that starts a word: at the text's start or after something that is not a letter, digit or "@". */
function startsWord(text: string, at: number): boolean {
  const before = text[at - 1];
  return at === 0 || (!isWordChar(before) && before !== '@');
}

/**
 * The "@…" the caret is in, or null: an "@" starting a word, then at most three words on the
 * same line, not ending in a space (a space after a name, as a pick leaves it, ends the lookup).
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0 || !startsWord(before, start)) return null;
  const query = before.slice(start + 1);
  if (query.length > MAX_QUERY || /[\r\n]|^\s|\s$|\s\s/.test(query) || query.split(' ').length > 3) return null;
  return { start, query };
}

/**
 * What the list offers for `query`: the people a word of whose name starts with it (names
 * starting with it first, then by name), at most `max`; and, when `all` (a group's owner or
 * admins), "@all" when it starts with the query.
 */
export function suggestMentions(
  people: readonly MentionPerson[],
  query: string,
  { all = false, max = MAX_SUGGESTIONS }: { all?: boolean; max?: number } = {},
): MentionOption[] {
  const wanted = foldQuery(query);
  if (query.trim() !== '' && wanted === '') return [];
  const ranked = people
    .filter((p) => wanted === '' || matchName(p.name, wanted) !== null)
    .map((p) => ({ p, rank: wanted !== '' && foldQuery(p.name).startsWith(wanted) ? 0 : 1 }))
    .sort((a, b) => a.rank - b.rank || a.p.name.localeCompare(b.p.name));
  const withAll = all && ALL_NAME.startsWith(wanted);
  const options: MentionOption[] = ranked.slice(0, withAll ? max - 1 : max).map(({ p }) => ({ kind: 'person', person: p }));
  if (withAll) options.push({ kind: 'all' });
  return options;
}

/** The text with the "@…" typed replaced by "@Name " (one space, unless one follows), and the caret after it. */
export function insertMention(text: string, q: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const inserted = `@${name}${/^\s/.test(after) ? '' : ' '}`;
  const next = text.slice(0, q.start) + inserted + after;
  return { text: next, caret: q.start + inserted.length + (/^\s/.test(after) ? 1 : 0) };
}

/**
 * Each "@Name" of `text` starting a word and ending before anything that is not a letter or
 * digit, matched without regard to case against `names`, the longest first: `found` hears
 * where and which names matched there (all those of that length).
 */
function scan(text: string, names: readonly string[], found: (start: number, end: number, matched: string[]) => void): void {
  const lower = text.toLocaleLowerCase();
  const byLength = [...new Set(names.filter((n) => n !== ''))].sort((a, b) => b.length - a.length);
  const wanted = byLength.map((n) => n.toLocaleLowerCase());
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    if (!startsWord(lower, at)) continue;
    let length = -1;
    const matched: string[] = [];
    for (let i = 0; i < wanted.length; i++) {
      const w = wanted[i]!;
      if (length >= 0 && w.length < length) break;
      if (lower.startsWith(w, at + 1) && !isWordChar(lower[at + 1 + w.length])) {
        length = w.length;
        matched.push(byLength[i]!);
      }
    }
    if (length < 0) continue;
    found(at, at + 1 + length, matched);
    at += length;
  }
}

/**
 * The mentions `text` sends. At each "@Name": a person picked with that name (the next one not
 * used yet when several were), else the one person of the chat with that name (nobody when
 * several share it); "@all" only when `canMentionAll`. The user is never among `people` or
 * `picked`. At most MAX_MENTIONS people, in the order they appear.
 */
export function extractMentions(
  text: string,
  { people, picked, canMentionAll }: { people: readonly MentionPerson[]; picked: readonly MentionPerson[]; canMentionAll: boolean },
): MessageMentions {
  const names = [...picked, ...people].map((p) => p.name);
  if (canMentionAll) names.push(ALL_NAME);
  const ids: string[] = [];
  const usedPicks = new Set<MentionPerson>();
  let all = false;
  scan(text, names, (_start, _end, matched) => {
    for (const name of matched) {
      const same = (p: MentionPerson) => p.name.toLocaleLowerCase() === name.toLocaleLowerCase();
      const picks = picked.filter(same);
      const pick = picks.find((p) => !usedPicks.has(p)) ?? picks[0];
      if (pick) {
        usedPicks.add(pick);
        if (!ids.includes(pick.id)) ids.push(pick.id);
        return;
      }
      const namesake = people.filter(same);
      if (namesake.length === 1) {
        if (!ids.includes(namesake[0]!.id)) ids.push(namesake[0]!.id);
        return;
      }
      if (namesake.length > 1) return;
      if (canMentionAll && name.toLocaleLowerCase() === ALL_NAME) all = true;
    }
  });
  const out: MessageMentions = {};
  if (ids.length > 0) out.mentions = ids.slice(0, MAX_MENTIONS);
  if (all) out.mentionsAll = true;
  return out;
}

/** Where `text` names the people it mentions (`people`: those of its mentions with their names) and "@all" when `all`. */
export function mentionRanges(text: string, people: readonly MentionPerson[], all: boolean): MentionRange[] {
  const names = people.map((p) => p.name);
  if (all) names.push(ALL_NAME);
  if (names.length === 0) return [];
  const ranges: MentionRange[] = [];
  scan(text, names, (start, end, matched) => {
    const name = matched[0]!.toLocaleLowerCase();
    const person = people.find((p) => p.name.toLocaleLowerCase() === name);
    ranges.push({ start, end, id: person ? person.id : ALL_NAME });
  });
  return ranges;
}

/** Someone else's message that mentions `me` by name or everyone (@all). */
export function mentionsViewer(m: Pick<ChatMessage, 'senderId' | 'mentions' | 'mentionsAll' | 'deleted'>, me: string): boolean {
  if (m.senderId === me || m.deleted) return false;
  return m.mentionsAll === true || (Array.isArray(m.mentions) && m.mentions.includes(me));
}

/** Unread messages of the timeline that mention `me`, counted as the unread count is (messages.ts unreadCount). */
export function unreadMentions(list: readonly ViewMessage[], me: string): number {
  let n = 0;
  for (const m of list) if (!m.pending && !m.hidden && m.status !== 'READ' && !isThreadOnly(m) && mentionsViewer(m, me)) n++;
  return n;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first of `keywords` that `text` has as a whole word (or words), without regard to case; null when none. */
export function keywordIn(text: string, keywords: readonly string[]): string | null {
  for (const k of keywords) {
    const word = k.trim();
    if (word === '') continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(word)}(?![\\p{L}\\p{N}_])`, 'iu');
    if (re.test(text)) return k;
  }
  return null;
}

/**
 * Someone else's message that notifies like a mention: it mentions `me` (or everyone), answers
 * one of their messages, or has one of their keywords.
 */
export function notifiesAsMention(m: ChatMessage, me: string, keywords: readonly string[]): boolean {
  if (m.senderId === me || m.deleted) return false;
  if (mentionsViewer(m, me)) return true;
  if (m.replyTo?.senderId === me) return true;
  return keywordIn(m.caption ?? m.content, keywords) !== null;
}
