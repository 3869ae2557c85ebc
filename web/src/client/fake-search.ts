// Message search for the unit tests, over a FakeServer's messages: every word (any case) must be
// in the text, "-word" leaves out, the filters as Parley's (chatId, from, has:link, after,
// before); "foo:" of an operator Parley does not know, and a lone quote, are invalid_query at
// their place. Results newest first; pages of `limit` through an offset as the cursor. Requests
// are recorded; `fail` makes the next ones fail as given; `hold` keeps answers until released.
// The chats-and-people search: a word of a name starting with q; the caller's groups by a word
// of the title, private chats by the other person found (as Parley's).
import { ApiError } from './errors';
import type { FakeServer } from './fakes';
import { InvalidQueryError, type SearchApi } from './search-api';
import type { User } from './types';
import type { ChatSearchAnswer, SearchAnswer, SearchParams, SearchResult, TextRange } from './search-wire';

const OPERATORS = new Set(['from', 'in', 'before', 'after', 'has', 'is']);

export class FakeSearch implements SearchApi {
  readonly requests: SearchParams[] = [];
  /** The q of each chats-and-people search (the switcher's, the pickers'). */
  readonly chatQueries: string[] = [];
  /** The next requests fail with this (until set back to null). */
  fail: Error | null = null;
  /** Answers wait until release() while set. */
  hold = false;
  private held: (() => void)[] = [];

  constructor(private readonly server: FakeServer) {}

  private userOf(token: string): User {
    const u = this.server.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }

  release(): void {
    this.hold = false;
    for (const go of this.held.splice(0)) go();
  }

  async messages(token: string, params: SearchParams, signal?: AbortSignal): Promise<SearchAnswer> {
    this.requests.push(params);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    if (this.fail) throw this.fail;
    const me = this.userOf(token);
    const q = params.q;
    const quote = q.indexOf('"');
    if (quote >= 0 && q.indexOf('"', quote + 1) < 0) throw new InvalidQueryError('A quote is not closed.', quote);
    const words: string[] = [];
    const without: string[] = [];
    let at = 0;
    for (const w of q.split(' ')) {
      const op = /^(\w+):/.exec(w);
      if (op?.[1] && !OPERATORS.has(op[1])) throw new InvalidQueryError(`Unknown operator "${op[1]}:".`, at);
      if (w.startsWith('-') && w.length > 1) without.push(w.slice(1).toLowerCase());
      else if (w !== '') words.push(w.replaceAll('"', '').toLowerCase());
      at += w.length + 1;
    }
    const mine = new Set(this.server.chatList.filter((c) => c.participants.includes(me.id)).map((c) => c.id));
    const found = this.server.stored
      .filter((m) => mine.has(m.chatId) && m.kind !== 'system')
      .filter((m) => !params.chatId || m.chatId === params.chatId)
      .filter((m) => !params.from || m.senderId === params.from)
      .filter((m) => !params.has?.includes('link') || /https?:\/\//.test(m.content))
      .filter((m) => !params.after || m.createdAt.slice(0, 10) > params.after)
      .filter((m) => !params.before || m.createdAt.slice(0, 10) < params.before)
      .filter((m) => {
        const text = m.content.toLowerCase();
        return words.every((w) => text.includes(w)) && !without.some((w) => text.includes(w));
      })
      .sort((a, b) => (params.sort === 'date' ? b.createdAt.localeCompare(a.createdAt) : 0) || b.createdAt.localeCompare(a.createdAt));
    const offset = params.cursor ? Number(params.cursor) : 0;
    const limit = params.limit ?? 20;
    const page = found.slice(offset, offset + limit);
    const results: SearchResult[] = page.map((m) => {
      const highlights = rangesOf(m.content, words);
      return { message: { ...m }, highlights, snippet: { text: m.content, highlights } };
    });
    return { results, nextCursor: offset + limit < found.length ? String(offset + limit) : null };
  }

  async chats(token: string, q: string, limit?: number, signal?: AbortSignal): Promise<ChatSearchAnswer> {
    this.chatQueries.push(q);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    if (this.fail) throw this.fail;
    const me = this.userOf(token);
    const term = q.toLowerCase();
    const people = this.server.userList
      .filter((u) => u.name.toLowerCase().split(' ').some((w) => w.startsWith(term)))
      .slice(0, limit ?? 10);
    const chats = this.server.chatList
      .filter((c) => c.participants.includes(me.id))
      .filter((c) =>
        c.kind === 'group'
          ? (c.title ?? '').toLowerCase().split(' ').some((w) => w.startsWith(term))
          : c.participants.some((p) => p !== me.id && people.some((u) => u.id === p)),
      )
      .map((c) => ({ chatId: c.id }));
    return { chats, people };
  }
}

/** Where each word is in `text` (any case). */
function rangesOf(text: string, words: readonly string[]): TextRange[] {
  const lower = text.toLowerCase();
  const out: TextRange[] = [];
  for (const w of words) {
    for (let i = lower.indexOf(w); i >= 0 && w !== ''; i = lower.indexOf(w, i + w.length)) out.push({ start: i, end: i + w.length });
  }
  return out;
}

export const networkError = () => new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
