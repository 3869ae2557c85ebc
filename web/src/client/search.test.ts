// Message search, the pure parts and the search: highlight ranges made safe (surrogate pairs,
// emoji clusters, overlapping and touching ranges), results grouped by chat, the chips as the
// REST parameters and back, the operator hints, and MessageSearch's debounce, cancelling,
// pages and failures.
import { describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { InvalidQueryError, searchError, searchQueryString } from './search-api';
import {
  appendResults,
  asksSomething,
  errorPlace,
  filterChips,
  filtersOf,
  groupByChat,
  highlightPieces,
  insertHint,
  MessageSearch,
  normalizeRanges,
  OPERATOR_HINTS,
  rangesWithin,
  resultsText,
  searchParams,
  shortWords,
  shownOrder,
  toggleHas,
  withoutChip,
  type SearchFilters,
} from './search';
import type { SearchAnswer, SearchParams, SearchResult } from './search-wire';

const marked = (text: string, ranges: { start: number; end: number }[]) =>
  highlightPieces(text, ranges)
    .map((p) => (p.mark ? `[${p.text}]` : p.text))
    .join('');

describe('highlights', () => {
  it('marks the ranges of plain text', () => {
    expect(marked('we redeployed today', [{ start: 5, end: 11 }])).toBe('we re[deploy]ed today');
    expect(marked('abc', [])).toBe('abc');
    expect(marked('abc', [{ start: 0, end: 3 }])).toBe('[abc]');
    expect(highlightPieces('', [{ start: 0, end: 2 }])).toEqual([{ text: '', mark: false }]);
  });

  it('merges overlapping and touching ranges, in any order', () => {
    expect(normalizeRanges('abcdefghij', [{ start: 6, end: 8 }, { start: 1, end: 4 }, { start: 3, end: 5 }])).toEqual([
      { start: 1, end: 5 },
      { start: 6, end: 8 },
    ]);
    // Touching: one mark, not two side by side.
    expect(marked('abcdef', [{ start: 0, end: 2 }, { start: 2, end: 4 }])).toBe('[abcd]ef');
    // One inside another.
    expect(marked('abcdef', [{ start: 0, end: 5 }, { start: 1, end: 2 }])).toBe('[abcde]f');
  });

  it('drops empty, reversed and impossible ranges and clamps the rest', () => {
    expect(
      normalizeRanges('hello', [
        { start: 2, end: 2 },
        { start: 4, end: 1 },
        { start: Number.NaN, end: 3 },
        { start: -5, end: 1 },
        { start: 3, end: 99 },
      ]),
    ).toEqual([
      { start: 0, end: 1 },
      { start: 3, end: 5 },
    ]);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a😀b𝒳c'; // 😀 and 𝒳 are two code units each
    expect(text.length).toBe(7);
    // Starting on the low half of 😀 and ending inside 𝒳: both characters whole.
    expect(marked(text, [{ start: 2, end: 5 }])).toBe('a[😀b𝒳]c');
    expect(marked(text, [{ start: 1, end: 2 }])).toBe('a[😀]b𝒳c');
    expect(marked(text, [{ start: 4, end: 5 }])).toBe('a😀b[𝒳]c');
  });

  it('keeps an emoji with its modifiers and joiners whole', () => {
    const thumbs = '👍🏽'; // thumbs up + skin tone: 4 code units
    const family = '👨‍👩‍👧'; // joined with ZWJ: 8 code units
    const text = `ok ${thumbs} ${family} 東京`;
    // A range ending after the base of the thumbs takes its skin tone too.
    expect(marked(text, [{ start: 3, end: 5 }])).toBe(`ok [${thumbs}] ${family} 東京`);
    // A range inside the family takes all of it.
    const f = text.indexOf(family);
    expect(marked(text, [{ start: f + 3, end: f + 4 }])).toBe(`ok ${thumbs} [${family}] 東京`);
    // CJK text is marked by code units as they come.
    const t = text.indexOf('東京');
    expect(marked(text, [{ start: t, end: t + 2 }])).toBe(`ok ${thumbs} ${family} [東京]`);
  });

  it('gives the ranges inside a part of the text, from its start', () => {
    const ranges = normalizeRanges('see https://x.io now', [{ start: 0, end: 5 }, { start: 12, end: 19 }]);
    expect(rangesWithin(ranges, 4, 16)).toEqual([
      { start: 0, end: 1 },
      { start: 8, end: 12 },
    ]);
    expect(rangesWithin(ranges, 16, 17)).toEqual([{ start: 0, end: 1 }]);
    expect(rangesWithin(ranges, 5, 12)).toEqual([]);
  });
});

const result = (id: string, chatId: string, content = id): SearchResult => ({
  message: { id, chatId, senderId: 'u1', content, seq: 1, createdAt: '2024-05-01T10:00:00.000Z', status: 'SENT' } as SearchResult['message'],
  highlights: [],
  snippet: { text: content, highlights: [] },
});

describe('results', () => {
  it('groups by chat in the order each chat first appears', () => {
    const groups = groupByChat([result('1', 'b'), result('2', 'a'), result('3', 'b'), result('4', 'c'), result('5', 'a')]);
    expect(groups.map((g) => [g.chatId, g.results.map((r) => r.message.id)])).toEqual([
      ['b', ['1', '3']],
      ['a', ['2', '5']],
      ['c', ['4']],
    ]);
    expect(shownOrder(groups).map((r) => r.message.id)).toEqual(['1', '3', '2', '5', '4']);
    expect(groupByChat([])).toEqual([]);
  });

  it('adds a further page without repeating a message', () => {
    const all = appendResults([result('1', 'a'), result('2', 'a')], [result('2', 'a'), result('3', 'b')]);
    expect(all.map((r) => r.message.id)).toEqual(['1', '2', '3']);
  });

  it('says how many in words', () => {
    expect(resultsText(0, 0, false)).toBe('No messages found.');
    expect(resultsText(1, 1, false)).toBe('1 message found.');
    expect(resultsText(7, 1, false)).toBe('7 messages found.');
    expect(resultsText(20, 3, true)).toBe('20+ messages in 3 chats.');
  });
});

describe('filters and parameters', () => {
  const names = { chat: (id: string) => `chat ${id}`, person: (id: string) => `person ${id}`, day: (d: string) => d };

  it('turns the chips into the REST parameters and back', () => {
    const f: SearchFilters = { chatId: 'c1', from: 'u2', after: '2024-05-01', before: '2024-05-31', has: ['link', 'file'] };
    const p = searchParams('  deploy  ', f, 'date', 'cur');
    expect(p).toEqual({
      q: 'deploy',
      chatId: 'c1',
      from: 'u2',
      after: '2024-05-01',
      before: '2024-05-31',
      has: 'link,file',
      sort: 'date',
      limit: 20,
      cursor: 'cur',
    });
    expect(filtersOf(p)).toEqual(f);
    // Relevance is the server's default: not sent. Unset filters are not sent.
    expect(searchParams('x', {}, 'relevance')).toEqual({ q: 'x', limit: 20 });
    // A day that is not YYYY-MM-DD is not sent.
    expect(searchParams('x', { after: '1 May' }, 'relevance')).toEqual({ q: 'x', limit: 20 });
    expect(searchQueryString(p)).toBe('q=deploy&chatId=c1&from=u2&after=2024-05-01&before=2024-05-31&has=link%2Cfile&sort=date&limit=20&cursor=cur');
    expect(searchQueryString({ q: '東京 "a b"' })).toBe('q=%E6%9D%B1%E4%BA%AC+%22a+b%22');
  });

  it('shows a chip per filter, and removing one removes its parameters', () => {
    const f: SearchFilters = { chatId: 'c1', from: 'u2', after: '2024-05-01', has: ['file'] };
    expect(filterChips(f, names)).toEqual([
      { key: 'chat', label: 'In: chat c1' },
      { key: 'person', label: 'From: person u2' },
      { key: 'dates', label: 'After 2024-05-01' },
      { key: 'has:file', label: 'Has a file' },
    ]);
    expect(filterChips({ before: '2024-05-31' }, names)).toEqual([{ key: 'dates', label: 'Before 2024-05-31' }]);
    expect(filterChips({ after: '2024-05-01', before: '2024-05-31' }, names)[0]?.label).toBe('2024-05-01 – 2024-05-31');
    expect(searchParams('', withoutChip(f, 'person'), 'relevance')).toEqual({ q: '', chatId: 'c1', after: '2024-05-01', has: 'file', limit: 20 });
    expect(withoutChip({ after: 'a', before: 'b', from: 'u' }, 'dates')).toEqual({ from: 'u' });
    expect(withoutChip(f, 'has:file')).toEqual({ chatId: 'c1', from: 'u2', after: '2024-05-01' });
    expect(toggleHas(toggleHas({}, 'link'), 'file')).toEqual({ has: ['link', 'file'] });
    expect(toggleHas({ has: ['link', 'file'] }, 'link')).toEqual({ has: ['file'] });
  });

  it('writes days in words by default', () => {
    expect(filterChips({ after: '2024-05-01' }, { chat: String, person: String })[0]?.label).toMatch(/^After .*2024/);
  });

  it('asks something only with words or a filter beyond the chat', () => {
    expect(asksSomething('  ', {})).toBe(false);
    expect(asksSomething('', { chatId: 'c' })).toBe(false);
    expect(asksSomething('', { chatId: 'c', from: 'u' })).toBe(true);
    expect(asksSomething('x', {})).toBe(true);
  });
});

describe('operator hints', () => {
  const hint = (example: string) => OPERATOR_HINTS.find((h) => h.example === example)!;

  it('inserts at the caret, with a space before when needed', () => {
    expect(insertHint('', 0, 0, hint('from:alice'))).toEqual({ q: 'from:', caret: 5 });
    expect(insertHint('deploy', 6, 6, hint('has:link'))).toEqual({ q: 'deploy has:link ', caret: 16 });
    expect(insertHint('deploy ', 7, 7, hint('in:team'))).toEqual({ q: 'deploy in:', caret: 10 });
    // Inside quotes: the caret goes between them.
    expect(insertHint('a', 1, 1, hint('"exact words"'))).toEqual({ q: 'a ""', caret: 3 });
    // Over a selection.
    expect(insertHint('one two', 4, 7, hint('-word'))).toEqual({ q: 'one -', caret: 5 });
  });

  it('finds the words too short to match inside longer ones', () => {
    expect(shortWords('de ploy a1 東 "ab cd" from:al -x 12')).toEqual(['de', 'a1', 'x', '12']);
    expect(shortWords('deploy 東京')).toEqual([]);
  });

  it('cuts a query around the place of its mistake', () => {
    // The term that starts there, up to the next space.
    expect(errorPlace('deploy foo:bar now', 7)).toEqual({ before: 'deploy ', at: 'foo:bar', after: ' now' });
    expect(errorPlace('a "open', 2)).toEqual({ before: 'a ', at: '"open', after: '' });
    // The end of the query: nothing to mark but the place.
    expect(errorPlace('a "open', 7)).toEqual({ before: 'a "open', at: '', after: '' });
    // A space there: that one character.
    expect(errorPlace('a  b', 1)).toEqual({ before: 'a', at: ' ', after: ' b' });
    // Never half of a surrogate pair.
    expect(errorPlace('x😀y z', 2)).toEqual({ before: 'x', at: '😀y', after: ' z' });
    expect(errorPlace('abc', 9)).toBeNull();
    expect(errorPlace('abc', -1)).toBeNull();
  });

  it('reads the server’s invalid_query with its position', () => {
    const err = searchError(400, 'Bad Request', JSON.stringify({ statusCode: 400, error: 'invalid_query', message: 'Unknown operator foo:', position: 4 }));
    expect(err).toBeInstanceOf(InvalidQueryError);
    expect((err as InvalidQueryError).position).toBe(4);
    expect(err.message).toBe('Unknown operator foo:');
    const other = searchError(403, 'Forbidden', JSON.stringify({ statusCode: 403, error: 'forbidden', message: 'Not a member' }));
    expect(other).not.toBeInstanceOf(InvalidQueryError);
    expect(other.code).toBe('forbidden');
  });
});

/** A fake server answer for each request, settled by the test. */
function harness() {
  const calls: { params: SearchParams; signal: AbortSignal; resolve: (a: SearchAnswer) => void; reject: (e: unknown) => void }[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const search = new MessageSearch(
    (params, signal) =>
      new Promise<SearchAnswer>((resolve, reject) => {
        calls.push({ params, signal, resolve, reject });
      }),
    {},
    {
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    },
  );
  const fire = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { search, calls, fire, flush };
}

describe('MessageSearch', () => {
  it('waits for a pause in typing, then asks once', async () => {
    const h = harness();
    h.search.setQuery('d');
    h.search.setQuery('de');
    h.search.setQuery('deploy');
    expect(h.search.getState().loading).toBe(true);
    expect(h.calls).toHaveLength(0);
    h.fire();
    expect(h.calls.map((c) => c.params.q)).toEqual(['deploy']);
    h.calls[0]!.resolve({ results: [result('1', 'a')], nextCursor: null });
    await h.flush();
    expect(h.search.getState()).toMatchObject({ loading: false, loaded: true, idle: false });
    expect(h.search.getState().results.map((r) => r.message.id)).toEqual(['1']);
  });

  it('cancels the older request and drops its answer', async () => {
    const h = harness();
    h.search.setQuery('one');
    h.fire();
    h.search.setQuery('two');
    expect(h.calls[0]!.signal.aborted).toBe(true);
    h.fire();
    h.calls[1]!.resolve({ results: [result('2', 'a')], nextCursor: null });
    h.calls[0]!.resolve({ results: [result('1', 'a')], nextCursor: null });
    await h.flush();
    expect(h.search.getState().results.map((r) => r.message.id)).toEqual(['2']);
  });

  it('searches a filter change at once, and is idle with nothing asked', async () => {
    const h = harness();
    h.search.setFilters({ chatId: 'c' });
    expect(h.search.getState().idle).toBe(true);
    expect(h.calls).toHaveLength(0);
    h.search.setFilters({ chatId: 'c', from: 'u' });
    expect(h.calls.map((c) => c.params)).toEqual([{ q: '', chatId: 'c', from: 'u', limit: 20 }]);
    h.search.setSort('date');
    expect(h.calls[0]!.signal.aborted).toBe(true);
    expect(h.calls[1]!.params.sort).toBe('date');
  });

  it('loads further pages through the cursor', async () => {
    const h = harness();
    h.search.setQuery('x');
    h.fire();
    h.calls[0]!.resolve({ results: [result('1', 'a')], nextCursor: 'c2' });
    await h.flush();
    h.search.loadMore();
    h.search.loadMore(); // one at a time
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]!.params.cursor).toBe('c2');
    h.calls[1]!.resolve({ results: [result('2', 'b')], nextCursor: null });
    await h.flush();
    expect(h.search.getState().results.map((r) => r.message.id)).toEqual(['1', '2']);
    expect(h.search.getState().nextCursor).toBeNull();
    h.search.loadMore();
    expect(h.calls).toHaveLength(2);
  });

  it('keeps a query mistake with its place, and a failure to retry', async () => {
    const h = harness();
    h.search.setQuery(' foo:bar');
    h.fire();
    h.calls[0]!.reject(new InvalidQueryError('Unknown operator foo:', 0));
    await h.flush();
    expect(h.search.getState().error).toEqual({ kind: 'query', message: 'Unknown operator foo:', position: 0, q: 'foo:bar', lead: 1 });

    h.search.setQuery('deploy');
    h.fire();
    h.calls[1]!.reject(new ApiError(0, 'network', 'Cannot reach the server.'));
    await h.flush();
    expect(h.search.getState().error).toEqual({ kind: 'failed', message: 'Cannot reach the server.', network: true, more: false });
    h.search.retry();
    expect(h.calls).toHaveLength(3);
    h.calls[2]!.resolve({ results: [], nextCursor: null });
    await h.flush();
    expect(h.search.getState()).toMatchObject({ error: null, loaded: true, results: [] });
  });
});
