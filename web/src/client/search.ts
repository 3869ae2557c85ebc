// Message search, pure parts and the search itself (no React):
//  - highlights: the server's ranges (UTF-16 code units) made safe to render: clamped, never
//    splitting a surrogate pair or an emoji's cluster, overlapping and touching ones merged;
//    text cut into marked and unmarked pieces;
//  - results grouped by chat, in the order each chat first appears;
//  - the filters (the chips: chat, person, dates, has) as the REST parameters, and back;
//  - the operators of the query language, for the hints, inserted where the caret is;
//  - MessageSearch: what the person typed, searched after a pause in typing (debounce); an
//    older request is cancelled and its answer dropped, so only the latest shows; further pages
//    through nextCursor; a failure kept to show and retry.
import { formatLocale, t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import { InvalidQueryError } from './search-api';
import type { SearchAnswer, SearchHas, SearchParams, SearchResult, SearchSort, TextRange } from './search-wire';

// ---------------------------------------------------------------------------------------------
// Highlights

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The grapheme cluster boundaries of `text` (UTF-16 offsets), or null without Intl.Segmenter. */
function clusterBoundaries(text: string): Set<number> | null {
  if (typeof Intl === 'undefined' || typeof Intl.Segmenter !== 'function') return null;
  const bounds = new Set<number>([text.length]);
  for (const s of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) bounds.add(s.index);
  return bounds;
}

/**
 * `ranges` as they can be marked in `text`: whole numbers within it, widened to whole
 * characters (never half of a surrogate pair, nor part of an emoji with its modifiers or
 * joiners), empty ones dropped, sorted, and overlapping or touching ones merged.
 */
export function normalizeRanges(text: string, ranges: readonly TextRange[] | undefined): TextRange[] {
  if (!ranges || ranges.length === 0 || text === '') return [];
  const len = text.length;
  let bounds: Set<number> | null | undefined;
  const out: TextRange[] = [];
  for (const r of ranges) {
    if (!r || !Number.isFinite(r.start) || !Number.isFinite(r.end)) continue;
    let start = Math.max(0, Math.min(len, Math.floor(r.start)));
    let end = Math.max(0, Math.min(len, Math.ceil(r.end)));
    if (start >= end) continue;
    if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
    if (end < len && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++;
    bounds ??= clusterBoundaries(text);
    if (bounds) {
      while (start > 0 && !bounds.has(start)) start--;
      while (end < len && !bounds.has(end)) end++;
    }
    out.push({ start, end });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

export interface MarkedPiece {
  text: string;
  mark: boolean;
}

/** `text` cut into pieces, the highlighted ones marked (ranges in UTF-16 code units). */
export function highlightPieces(text: string, ranges: readonly TextRange[] | undefined): MarkedPiece[] {
  const pieces: MarkedPiece[] = [];
  let at = 0;
  for (const r of normalizeRanges(text, ranges)) {
    if (r.start > at) pieces.push({ text: text.slice(at, r.start), mark: false });
    pieces.push({ text: text.slice(r.start, r.end), mark: true });
    at = r.end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), mark: false });
  return pieces;
}

/**
 * The part of normalised `ranges` inside [start, end) of the text, as offsets from `start` (for
 * a piece of text rendered on its own: a link, the text between custom emoji).
 */
export function rangesWithin(ranges: readonly TextRange[], start: number, end: number): TextRange[] {
  const out: TextRange[] = [];
  for (const r of ranges) {
    if (r.end <= start || r.start >= end) continue;
    out.push({ start: Math.max(r.start, start) - start, end: Math.min(r.end, end) - start });
  }
  return out;
}

/**
 * A found message shown in its chat with the words marked: the search hands it to the chat
 * view, which loads the history around it, scrolls to it and marks `ranges` in its bubble.
 */
export interface SearchHighlight {
  chatId: string;
  messageId: string;
  /** The text the ranges are of: a message edited since is shown without marks. */
  content: string;
  ranges: readonly TextRange[];
  /** Bumped by every jump, to the same message again too. */
  nonce: number;
}

/**
 * The ranges to mark in message `m`: the highlight's when it is of this message and its text is
 * still what was searched (not edited or deleted since); else none.
 */
export function marksFor(
  h: SearchHighlight | null | undefined,
  m: { id: string; content: string; deleted?: boolean; attachments?: readonly unknown[]; caption?: string },
): readonly TextRange[] | undefined {
  if (!h || h.messageId !== m.id || m.deleted) return undefined;
  const shown = (m.attachments?.length ?? 0) > 0 ? (m.caption ?? '') : m.content;
  return shown === h.content ? h.ranges : undefined;
}

/** The highlight of a result the person chose. */
export function highlightOf(r: SearchResult, nonce: number): SearchHighlight {
  return { chatId: r.message.chatId, messageId: r.message.id, content: r.message.content, ranges: r.highlights ?? [], nonce };
}

// ---------------------------------------------------------------------------------------------
// Results

export interface ChatGroup {
  chatId: string;
  results: SearchResult[];
}

/** Results grouped by chat, the chats in the order they first appear, each chat's results in order. */
export function groupByChat(results: readonly SearchResult[]): ChatGroup[] {
  const groups: ChatGroup[] = [];
  const byId = new Map<string, ChatGroup>();
  for (const r of results) {
    const chatId = r.message.chatId;
    let g = byId.get(chatId);
    if (!g) {
      g = { chatId, results: [] };
      byId.set(chatId, g);
      groups.push(g);
    }
    g.results.push(r);
  }
  return groups;
}

/** The results in the order the groups show them (for moving through them with the keyboard). */
export function shownOrder(groups: readonly ChatGroup[]): SearchResult[] {
  return groups.flatMap((g) => g.results);
}

/** Results of a further page added to those shown, without one twice. */
export function appendResults(shown: readonly SearchResult[], page: readonly SearchResult[]): SearchResult[] {
  const seen = new Set(shown.map((r) => r.message.id));
  return [...shown, ...page.filter((r) => !seen.has(r.message.id))];
}

/** What the results are in words (a polite live region says it). */
export function resultsText(count: number, chats: number, more: boolean): string {
  if (count === 0) return t('search.results.none');
  const messages = more ? t('search.results.messagesMore', { count }) : t('search.results.messages', { count });
  return chats > 1 ? t('search.results.inChats', { messages, chats }) : t('search.results.found', { messages });
}

// ---------------------------------------------------------------------------------------------
// Filters (the chips) and the REST parameters

/** What narrows the search besides the typed query: each is a chip, removable. */
export interface SearchFilters {
  /** In this chat only. */
  chatId?: string;
  /** From this user (id) only. */
  from?: string;
  /** YYYY-MM-DD. */
  after?: string;
  before?: string;
  has?: readonly SearchHas[];
}

export const NO_FILTERS: SearchFilters = {};
export const PAGE_SIZE = 20;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The parameters of one request: the query, the filters that are set, the sort, the page. */
export function searchParams(q: string, filters: SearchFilters, sort: SearchSort, cursor?: string, limit = PAGE_SIZE): SearchParams {
  const p: SearchParams = { q: q.trim() };
  if (filters.chatId) p.chatId = filters.chatId;
  if (filters.from) p.from = filters.from;
  if (filters.after && DAY_RE.test(filters.after)) p.after = filters.after;
  if (filters.before && DAY_RE.test(filters.before)) p.before = filters.before;
  if (filters.has && filters.has.length > 0) p.has = [...new Set(filters.has)].join(',');
  if (sort !== 'relevance') p.sort = sort;
  p.limit = limit;
  if (cursor) p.cursor = cursor;
  return p;
}

/** The filters a request's parameters carry (the inverse of searchParams). */
export function filtersOf(p: SearchParams): SearchFilters {
  const f: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};
  if (p.chatId) f.chatId = p.chatId;
  if (p.from) f.from = p.from;
  if (p.after) f.after = p.after;
  if (p.before) f.before = p.before;
  const has = (p.has ?? '').split(',').filter((h): h is SearchHas => h === 'link' || h === 'file');
  if (has.length > 0) f.has = has;
  return f;
}

/** Whether the search asks anything: typed words, or a filter beyond the chat it is in. */
export function asksSomething(q: string, f: SearchFilters): boolean {
  return q.trim() !== '' || Boolean(f.from || f.after || f.before || (f.has && f.has.length > 0));
}

export type ChipKey = 'chat' | 'person' | 'dates' | 'has:link' | 'has:file';

export interface FilterChip {
  key: ChipKey;
  /** What it says: "In: Book club", "From: Alice", "After 1 May 2024". */
  label: string;
}

export interface ChipNames {
  chat: (chatId: string) => string;
  person: (userId: string) => string;
  /** A YYYY-MM-DD day in words. */
  day?: (day: string) => string;
}

/** "1 May 2024" for "2024-05-01" (the day as written, whatever the time zone). */
export function dayInWords(day: string, locale: string = formatLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** The chips of the filters that are set, in a fixed order. */
export function filterChips(f: SearchFilters, names: ChipNames): FilterChip[] {
  const day = names.day ?? ((d: string) => dayInWords(d));
  const chips: FilterChip[] = [];
  if (f.chatId) chips.push({ key: 'chat', label: t('search.chip.in', { name: names.chat(f.chatId) }) });
  if (f.from) chips.push({ key: 'person', label: t('search.chip.from', { name: names.person(f.from) }) });
  if (f.after || f.before) {
    const label =
      f.after && f.before
        ? t('search.chip.range', { after: day(f.after), before: day(f.before) })
        : f.after
          ? t('search.chip.after', { day: day(f.after) })
          : t('search.chip.before', { day: day(f.before ?? '') });
    chips.push({ key: 'dates', label });
  }
  if (f.has?.includes('link')) chips.push({ key: 'has:link', label: t('search.chip.link') });
  if (f.has?.includes('file')) chips.push({ key: 'has:file', label: t('search.chip.file') });
  return chips;
}

/** The filters without the chip `key`. */
export function withoutChip(f: SearchFilters, key: ChipKey): SearchFilters {
  const next: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = { ...f };
  switch (key) {
    case 'chat':
      delete next.chatId;
      break;
    case 'person':
      delete next.from;
      break;
    case 'dates':
      delete next.after;
      delete next.before;
      break;
    case 'has:link':
    case 'has:file': {
      const has = (f.has ?? []).filter((h) => `has:${h}` !== key);
      if (has.length > 0) next.has = has;
      else delete next.has;
      break;
    }
  }
  return next;
}

/** The filters with `has` turned on or off. */
export function toggleHas(f: SearchFilters, has: SearchHas): SearchFilters {
  const on = f.has?.includes(has) ?? false;
  return on ? withoutChip(f, `has:${has}`) : { ...f, has: [...(f.has ?? []), has] };
}

// ---------------------------------------------------------------------------------------------
// The query language's operators (the hints)

export interface OperatorHint {
  /** What the hint shows. */
  example: string;
  /** What it means, in words. */
  help: string;
  /** What a click inserts; the caret goes to `caret` within it (default: after it). */
  insert: string;
  caret?: number;
}

export const OPERATOR_HINTS: readonly OperatorHint[] = [
  {
    example: 'from:alice',
    get help() {
      return t('search.op.from');
    },
    insert: 'from:',
  },
  {
    example: 'in:team',
    get help() {
      return t('search.op.in');
    },
    insert: 'in:',
  },
  {
    get example() {
      return t('search.op.exactExample');
    },
    get help() {
      return t('search.op.exact');
    },
    insert: '""',
    caret: 1,
  },
  {
    get example() {
      return t('search.op.notExample');
    },
    get help() {
      return t('search.op.not');
    },
    insert: '-',
  },
  {
    example: 'after:2024-05-01',
    get help() {
      return t('search.op.after');
    },
    insert: 'after:',
  },
  {
    example: 'before:2024-05-31',
    get help() {
      return t('search.op.before');
    },
    insert: 'before:',
  },
  {
    example: 'has:link',
    get help() {
      return t('search.op.link');
    },
    insert: 'has:link ',
  },
  {
    example: 'has:file',
    get help() {
      return t('search.op.file');
    },
    insert: 'has:file ',
  },
  {
    example: 'is:pinned',
    get help() {
      return t('search.op.pinned');
    },
    insert: 'is:pinned ',
  },
];

/**
 * `hint` inserted into `q` at the caret (or over the selection [start, end)), a space put
 * before it when the text before is not one; answers the new text and where the caret goes.
 */
export function insertHint(q: string, start: number, end: number, hint: OperatorHint): { q: string; caret: number } {
  const a = Math.max(0, Math.min(q.length, start));
  const b = Math.max(a, Math.min(q.length, end));
  const before = q.slice(0, a);
  const after = q.slice(b);
  const space = before !== '' && !/\s$/.test(before) ? ' ' : '';
  const text = space + hint.insert;
  return { q: before + text + after, caret: a + space.length + (hint.caret ?? hint.insert.length) };
}

/**
 * A query the server could not read, cut around the place it names (for showing it marked):
 * `at` is the term that starts there (up to the next space; at least one character, never half
 * of one), '' when the place is the end of the query.
 */
export function errorPlace(q: string, position: number): { before: string; at: string; after: string } | null {
  if (!Number.isInteger(position) || position < 0 || position > q.length) return null;
  let start = position;
  if (start > 0 && start < q.length && isLow(q.charCodeAt(start)) && isHigh(q.charCodeAt(start - 1))) start--;
  let end = start;
  while (end < q.length && !/\s/.test(q[end] ?? '')) end++;
  if (end === start && start < q.length) end = start + (isHigh(q.charCodeAt(start)) && isLow(q.charCodeAt(start + 1)) ? 2 : 1);
  return { before: q.slice(0, start), at: q.slice(start, end), after: q.slice(end) };
}

/**
 * The words of `q` too short to match inside longer words (one or two letters or digits of an
 * alphabet: Chinese, Japanese or Thai are found by any part), quotes and operators left out.
 */
export function shortWords(q: string): string[] {
  return q
    .replace(/"[^"]*"/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !w.includes(':'))
    .map((w) => w.replace(/^-/, ''))
    .filter((w) => /^[\p{L}\p{N}]{1,2}$/u.test(w) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u.test(w));
}

// ---------------------------------------------------------------------------------------------
// The search

export type SearchFailure =
  /**
   * The query has a mistake (400 invalid_query): the server's words, where it is in `q` (the
   * query as sent: without the spaces around it; `lead` spaces came before it in the box).
   */
  | { kind: 'query'; message: string; position: number; q: string; lead: number }
  /** The request failed (no connection, the server refused): retry() repeats it. */
  | { kind: 'failed'; message: string; network: boolean; more: boolean };

export interface SearchView {
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** Nothing is asked (no words, no filter): the hints show. */
  idle: boolean;
  results: readonly SearchResult[];
  nextCursor: string | null;
  /** The first page of the search as it is now is on its way (or waits for typing to pause). */
  loading: boolean;
  /** A further page is on its way. */
  loadingMore: boolean;
  /** The first page of the search as it is now arrived. */
  loaded: boolean;
  error: SearchFailure | null;
}

export type FetchResults = (params: SearchParams, signal: AbortSignal) => Promise<SearchAnswer>;

export interface MessageSearchOptions {
  debounceMs?: number;
  pageSize?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const INITIAL: SearchView = {
  q: '',
  filters: NO_FILTERS,
  sort: 'relevance',
  idle: true,
  results: [],
  nextCursor: null,
  loading: false,
  loadingMore: false,
  loaded: false,
  error: null,
};

export class MessageSearch {
  private view: SearchView;
  private readonly listeners = new Set<() => void>();
  private readonly fetchPage: FetchResults;
  private readonly debounceMs: number;
  private readonly pageSize: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private timer: unknown = null;
  private request: AbortController | null = null;
  /** Bumped by every new search; answers of older ones are dropped. */
  private generation = 0;
  private disposed = false;

  constructor(fetchPage: FetchResults, start: Partial<Pick<SearchView, 'q' | 'filters' | 'sort'>> = {}, options: MessageSearchOptions = {}) {
    this.fetchPage = fetchPage;
    this.debounceMs = options.debounceMs ?? 250;
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    const q = start.q ?? '';
    const filters = start.filters ?? NO_FILTERS;
    this.view = { ...INITIAL, q, filters, sort: start.sort ?? 'relevance', idle: !asksSomething(q, filters) };
  }

  getState = (): SearchView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Searches what it is set to, at once (a search opened with words or filters); after
   * dispose(), starts it again (a component mounted anew).
   */
  start(): void {
    this.disposed = false;
    if (asksSomething(this.view.q, this.view.filters)) this.restart(0);
  }

  /** What the person typed: searched after a pause in typing. */
  setQuery(q: string): void {
    if (q === this.view.q) return;
    const same = q.trim() === this.view.q.trim();
    this.set({ q });
    if (!same) this.restart(this.debounceMs);
  }

  /** A chip added or removed: searched at once. */
  setFilters(filters: SearchFilters): void {
    this.set({ filters });
    this.restart(0);
  }

  setSort(sort: SearchSort): void {
    if (sort === this.view.sort) return;
    this.set({ sort });
    this.restart(0);
  }

  /** The next page, if there is one and none is on its way. */
  loadMore(): void {
    const v = this.view;
    if (this.disposed || v.idle || v.loading || v.loadingMore || !v.nextCursor) return;
    this.set({ loadingMore: true, error: null });
    void this.fetch(v.nextCursor);
  }

  /** Repeats what failed: the first page, or the next one. */
  retry(): void {
    const e = this.view.error;
    if (e?.kind === 'failed' && e.more) {
      this.set({ error: null });
      this.loadMore();
    } else {
      this.restart(0);
    }
  }

  /** Cancels what is on its way; nothing more is asked until start(). */
  dispose(): void {
    this.disposed = true;
    this.cancel();
    if (this.view.loading || this.view.loadingMore) this.set({ loading: false, loadingMore: false });
  }

  /** A new search: what is on its way is cancelled; the first page is asked after `delayMs`. */
  private restart(delayMs: number): void {
    if (this.disposed) return;
    this.cancel();
    const { q, filters } = this.view;
    if (!asksSomething(q, filters)) {
      this.set({ idle: true, results: [], nextCursor: null, loading: false, loadingMore: false, loaded: false, error: null });
      return;
    }
    this.set({ idle: false, loading: true, loadingMore: false, error: null });
    if (delayMs <= 0) {
      void this.fetch(undefined);
      return;
    }
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.fetch(undefined);
    }, delayMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.generation++;
    this.request?.abort();
    this.request = null;
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    const { q, filters, sort } = this.view;
    const controller = new AbortController();
    this.request = controller;
    try {
      const page = await this.fetchPage(searchParams(q, filters, sort, cursor, this.pageSize), controller.signal);
      if (generation !== this.generation || this.disposed) return;
      this.request = null;
      this.set({
        results: cursor ? appendResults(this.view.results, page.results) : page.results,
        nextCursor: page.nextCursor,
        loading: false,
        loadingMore: false,
        loaded: true,
        error: null,
      });
    } catch (err) {
      if (generation !== this.generation || this.disposed) return;
      this.request = null;
      const error: SearchFailure =
        err instanceof InvalidQueryError
          ? { kind: 'query', message: err.message, position: err.position, q: q.trim(), lead: q.length - q.trimStart().length }
          : { kind: 'failed', message: errorMessage(err), network: err instanceof ApiError && err.isNetwork, more: cursor !== undefined };
      this.set(
        cursor
          ? { loadingMore: false, error }
          : { results: [], nextCursor: null, loading: false, loadingMore: false, loaded: false, error },
      );
    }
  }

  private set(patch: Partial<SearchView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
