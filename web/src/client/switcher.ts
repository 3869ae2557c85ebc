// The chat switcher (Ctrl/Cmd+K), its pure parts and its server half (no React):
//  - names folded for matching as the server folds them (GET /api/v1/search/chats): lower case,
//    compatibility-decomposed (NFKD), combining marks and emoji skin tones left out; words split
//    on anything that is not a letter or digit; an emoji, and a character of Chinese, Japanese,
//    Thai and other scripts written without spaces, a word of its own;
//  - the rule: a name matches what was typed when a word of it starts with it (several typed
//    words: consecutive words, the last one begun), with where, to mark it;
//  - the lists shown: the chats held that match, at once, merged with the server's answer when
//    it comes (its chats, and its people: one the user has a private chat with shows as that
//    chat, others as someone to start a chat with); the recent chats with nothing typed;
//  - SwitcherSearch: what is typed asked of the server after a pause in typing; an older request
//    cancelled and its answer dropped; answers kept for the queries asked again (Backspace); a
//    failure kept to show and retry (a rate limit retried by itself a moment later).
import { t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import type { ChatSearchAnswer, TextRange } from './search-wire';
import type { Chat, User } from './types';

// ---------------------------------------------------------------------------------------------
// Folding and matching

/** A name's search form, with where in the name each of its UTF-16 code units came from. */
export interface FoldedName {
  /** Words separated by one space, no space around them. */
  text: string;
  /** Per code unit of `text`: the grapheme of the name it came from, [from, to). */
  from: number[];
  to: number[];
}

const MARKS = /[\p{M}\u{1F3FB}-\u{1F3FF}]/gu;
const EMOJI = /^[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const UNSPACED =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Yi}]/u;
const WORD = /^[\p{Alphabetic}\p{N}]/u;

function graphemes(text: string): Iterable<{ segment: string; index: number }> {
  if (typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
    return new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
  }
  const out: { segment: string; index: number }[] = [];
  let index = 0;
  for (const segment of text) {
    out.push({ segment, index });
    index += segment.length;
  }
  return out;
}

/** One grapheme as it is searched: lower case, decomposed, without its marks. */
export function foldGrapheme(g: string): string {
  return g.toLowerCase().normalize('NFKD').replace(MARKS, '');
}

/** `text` in its search form (see FoldedName). */
export function foldName(text: string): FoldedName {
  const out: FoldedName = { text: '', from: [], to: [] };
  const push = (s: string, from: number, to: number) => {
    out.text += s;
    for (let i = 0; i < s.length; i++) {
      out.from.push(from);
      out.to.push(to);
    }
  };
  const separate = () => {
    if (out.text !== '' && !out.text.endsWith(' ')) push(' ', 0, 0);
  };
  for (const { segment, index } of graphemes(text)) {
    const folded = foldGrapheme(segment);
    if (folded === '') continue;
    const end = index + segment.length;
    if (EMOJI.test(folded) || (WORD.test(folded) && UNSPACED.test(folded))) {
      separate();
      push(folded, index, end);
      separate();
    } else if (WORD.test(folded)) {
      push(folded, index, end);
    } else {
      separate();
    }
  }
  if (out.text.endsWith(' ')) {
    out.text = out.text.slice(0, -1);
    out.from.pop();
    out.to.pop();
  }
  return out;
}

/** What was typed in its search form ('' when it has no letter, digit or emoji). */
export function foldQuery(q: string): string {
  return foldName(q).text;
}

/** Whether the server can be asked `q` (it refuses one without a letter, digit or emoji). */
export function askable(q: string): boolean {
  return foldQuery(q) !== '';
}

/**
 * Where `name` matches the folded query `wanted` (foldQuery): every place a word of it starts
 * with it, as ranges of `name` to mark; null when it does not match.
 */
export function matchName(name: string, wanted: string): TextRange[] | null {
  if (wanted === '') return null;
  const f = foldName(name);
  const ranges: TextRange[] = [];
  for (let at = f.text.indexOf(wanted); at >= 0; at = f.text.indexOf(wanted, at + 1)) {
    if (at > 0 && f.text[at - 1] !== ' ') continue;
    const start = f.from[at];
    const end = f.to[at + wanted.length - 1];
    if (start !== undefined && end !== undefined) ranges.push({ start, end });
  }
  return ranges.length > 0 ? ranges : null;
}

// ---------------------------------------------------------------------------------------------
// The lists

/** A chat as the switcher shows it: the chat list's line in short. */
export interface SwitcherChat {
  chat: Chat;
  /** The chat list's title (a group's, or the other person's name). */
  title: string;
  /** The other person of a private chat. */
  peer?: User;
}

export interface ChatOption {
  kind: 'chat';
  /** Unique among the options (their element ids come from it). */
  key: string;
  chatId: string;
  title: string;
  /** Where the title matches what was typed. */
  ranges: TextRange[];
  group: boolean;
  /** A group's members, when known. */
  members: number | null;
  peer?: User;
  avatarColor?: string;
}

export interface PersonOption {
  kind: 'person';
  key: string;
  user: User;
  ranges: TextRange[];
}

export type SwitcherOption = ChatOption | PersonOption;

export interface SwitcherLists {
  /** Nothing is typed: `chats` are the recent ones. */
  recent: boolean;
  chats: ChatOption[];
  people: PersonOption[];
}

/** The server's answer to one query. */
export interface SwitcherAnswer {
  /** The folded query it answers. */
  q: string;
  chatIds: readonly string[];
  people: readonly User[];
}

export const RECENT_CHATS = 8;

const isGroupChat = (c: Chat) => c.kind === 'group';

function chatOption(s: SwitcherChat, ranges: TextRange[]): ChatOption {
  const group = isGroupChat(s.chat);
  return {
    kind: 'chat',
    key: `chat:${s.chat.id}`,
    chatId: s.chat.id,
    title: s.title,
    ranges,
    group,
    members: group ? (s.chat.memberCount ?? (s.chat.participantsTruncated ? null : s.chat.participants.length)) : null,
    ...(s.peer ? { peer: s.peer } : {}),
    ...(group && s.chat.avatarColor ? { avatarColor: s.chat.avatarColor } : {}),
  };
}

/**
 * What the switcher lists for `q`:
 *  - nothing typed: the recent chats (`chats` in the chat list's order, newest first), the open
 *    one left out (the switcher is for going elsewhere);
 *  - else the chats whose title matches, in the chat list's order, with those the server found
 *    (its answer to `q`, or to a shorter `q` it extends, whose chats and people are then kept
 *    only if they still match) and the private chats of the people it found; the other people
 *    it found, in its order, as people to start a chat with. The user is not offered as a person.
 */
export function switcherLists(input: {
  q: string;
  chats: readonly SwitcherChat[];
  me: string;
  answer: SwitcherAnswer | null;
  activeChatId?: string | null;
  recentLimit?: number;
}): SwitcherLists {
  const { chats, me, activeChatId = null } = input;
  if (input.q.trim() === '') {
    const recent = chats.filter((s) => s.chat.id !== activeChatId).slice(0, input.recentLimit ?? RECENT_CHATS);
    return { recent: true, chats: recent.map((s) => chatOption(s, [])), people: [] };
  }
  const wanted = foldQuery(input.q);
  if (wanted === '') return { recent: false, chats: [], people: [] };
  const answer = input.answer;
  const exact = answer !== null && answer.q === wanted;
  const usable = exact || (answer !== null && answer.q !== '' && wanted.startsWith(answer.q));

  const ranges = new Map<string, TextRange[]>();
  for (const s of chats) {
    const r = matchName(s.title, wanted);
    if (r) ranges.set(s.chat.id, r);
  }
  const byId = new Map(chats.map((s) => [s.chat.id, s]));
  /** The private chat with each person (the chat with oneself for the user). */
  const privateWith = new Map<string, string>();
  for (const s of chats) {
    if (isGroupChat(s.chat)) continue;
    const other = s.chat.participants.find((p) => p !== me) ?? me;
    if (!privateWith.has(other)) privateWith.set(other, s.chat.id);
  }

  const people: PersonOption[] = [];
  if (usable && answer) {
    for (const id of answer.chatIds) {
      if (!ranges.has(id) && byId.has(id) && exact) ranges.set(id, []);
    }
    const seen = new Set<string>();
    for (const u of answer.people) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      const r = matchName(u.name, wanted);
      if (!r && !exact) continue;
      const chatId = privateWith.get(u.id);
      if (chatId !== undefined) {
        if (!ranges.has(chatId)) ranges.set(chatId, matchName(byId.get(chatId)?.title ?? '', wanted) ?? []);
      } else if (u.id !== me) {
        people.push({ kind: 'person', key: `person:${u.id}`, user: u, ranges: r ?? [] });
      }
    }
  }
  const found = chats.filter((s) => ranges.has(s.chat.id)).map((s) => chatOption(s, ranges.get(s.chat.id) ?? []));
  return { recent: false, chats: found, people };
}

/** The options in the order they are shown (and moved through with the keyboard). */
export function optionOrder(lists: SwitcherLists): SwitcherOption[] {
  return [...lists.chats, ...lists.people];
}

/** What a group's line says under its name: "3 members", or "Group" when the count is not known. */
export function membersText(members: number | null): string {
  if (members === null || members <= 0) return t('switcher.group');
  return t('switcher.members', { count: members });
}

/** The lists in words, for the polite live region. */
export function switcherStatus(lists: SwitcherLists, loading: boolean): string {
  const c = lists.chats.length;
  const p = lists.people.length;
  if (lists.recent) return c === 0 ? t('switcher.noRecent') : t('switcher.recentCount', { count: c });
  if (c === 0 && p === 0) return loading ? t('switcher.searching') : t('switcher.nothingFound');
  const chats = t('switcher.chatCount', { count: c });
  const people = t('switcher.peopleCount', { count: p });
  const found = c > 0 && p > 0 ? t('switcher.both', { chats, people }) : c > 0 ? chats : people;
  return t(loading ? 'switcher.foundMore' : 'switcher.found', { found });
}

// ---------------------------------------------------------------------------------------------
// The server half

export type SwitcherFailure =
  /** No answer at all (offline, the server down): retry() asks again. */
  | { kind: 'network'; message: string }
  /** 429 rate_limited: asked again by itself a moment later. */
  | { kind: 'rate'; message: string }
  | { kind: 'failed'; message: string };

export interface SwitcherSearchView {
  /** What is typed, as typed. */
  q: string;
  /** The latest answer the server gave (to `q`, or to what was typed before). */
  answer: SwitcherAnswer | null;
  /** The server is being asked about `q` (or will be, once typing pauses). */
  loading: boolean;
  error: SwitcherFailure | null;
}

export type FetchSwitcher = (q: string, signal: AbortSignal) => Promise<ChatSearchAnswer>;

export interface SwitcherSearchOptions {
  /** The pause in typing before asking (the server allows a few searches a second). */
  debounceMs?: number;
  /** After a 429, ask again this much later. */
  rateRetryMs?: number;
  /** Answers kept for queries typed again. */
  cacheSize?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

function failureOf(err: unknown): SwitcherFailure {
  if (err instanceof ApiError && (err.status === 429 || err.code === 'rate_limited')) {
    return { kind: 'rate', message: t('switcher.slowDown') };
  }
  if (err instanceof ApiError && err.isNetwork) return { kind: 'network', message: errorMessage(err) };
  return { kind: 'failed', message: errorMessage(err) };
}

export class SwitcherSearch {
  private view: SwitcherSearchView = { q: '', answer: null, loading: false, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly fetchAnswer: FetchSwitcher;
  private readonly debounceMs: number;
  private readonly rateRetryMs: number;
  private readonly cacheSize: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly cache = new Map<string, SwitcherAnswer>();
  private timer: unknown = null;
  private request: AbortController | null = null;
  /** Bumped by every new question; answers to older ones are dropped. */
  private generation = 0;
  private disposed = false;

  constructor(fetchAnswer: FetchSwitcher, options: SwitcherSearchOptions = {}) {
    this.fetchAnswer = fetchAnswer;
    this.debounceMs = options.debounceMs ?? 180;
    this.rateRetryMs = options.rateRetryMs ?? 1200;
    this.cacheSize = options.cacheSize ?? 20;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  getState = (): SwitcherSearchView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Asks again after dispose() (a component mounted anew). */
  start(): void {
    this.disposed = false;
    if (askable(this.view.q) && !this.cache.has(foldQuery(this.view.q))) this.restart(0);
  }

  /** What is typed: the server is asked after a pause in typing (at once if it answered it before). */
  setQuery(q: string): void {
    if (q === this.view.q) return;
    const before = foldQuery(this.view.q);
    this.set({ q });
    const wanted = foldQuery(q);
    if (wanted === before && (this.view.loading || this.view.error === null)) return;
    this.restart(this.debounceMs);
  }

  /** Asks again what failed, now. */
  retry(): void {
    this.restart(0);
  }

  /** Cancels what is on its way; nothing more is asked until start(). */
  dispose(): void {
    this.disposed = true;
    this.cancel();
    if (this.view.loading) this.set({ loading: false });
  }

  private restart(delayMs: number): void {
    if (this.disposed) return;
    this.cancel();
    const wanted = foldQuery(this.view.q);
    if (wanted === '') {
      this.set({ loading: false, error: null });
      return;
    }
    const cached = this.cache.get(wanted);
    if (cached) {
      this.set({ answer: cached, loading: false, error: null });
      return;
    }
    this.set({ loading: true, error: null });
    const generation = this.generation;
    const go = () => {
      this.timer = null;
      void this.ask(wanted, generation);
    };
    if (delayMs <= 0) go();
    else this.timer = this.setTimer(go, delayMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.generation++;
    this.request?.abort();
    this.request = null;
  }

  private async ask(wanted: string, generation: number): Promise<void> {
    const controller = new AbortController();
    this.request = controller;
    try {
      const a = await this.fetchAnswer(this.view.q.trim(), controller.signal);
      if (generation !== this.generation || this.disposed) return;
      this.request = null;
      const answer: SwitcherAnswer = { q: wanted, chatIds: a.chats.map((c) => c.chatId), people: a.people };
      this.remember(answer);
      this.set({ answer, loading: false, error: null });
    } catch (err) {
      if (generation !== this.generation || this.disposed) return;
      this.request = null;
      // A query the server will not take (invalid_input): only what is held is shown.
      if (err instanceof ApiError && err.status === 400) {
        this.set({ loading: false, error: null });
        return;
      }
      const error = failureOf(err);
      this.set({ loading: false, error });
      if (error.kind === 'rate') {
        this.timer = this.setTimer(() => {
          this.timer = null;
          if (generation === this.generation && !this.disposed) this.restart(0);
        }, this.rateRetryMs);
      }
    }
  }

  private remember(answer: SwitcherAnswer): void {
    this.cache.delete(answer.q);
    this.cache.set(answer.q, answer);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private set(patch: Partial<SwitcherSearchView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
