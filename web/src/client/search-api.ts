// The REST half of search: messages (GET /api/v1/search/messages) and chats and people by name
// (GET /api/v1/search/chats). No state: the token comes from the caller on each call. A query
// the server cannot read is thrown as an InvalidQueryError (its words and where in the query);
// other refusals as ApiError. A request whose AbortSignal fires rejects with the signal's reason.
import { t } from '../i18n/core';
import { ApiError, errorBody, httpError } from './errors';
import type { ChatSearchAnswer, SearchAnswer, SearchParams } from './search-wire';

/** What the store needs from REST for search; tests pass a fake. */
export interface SearchApi {
  messages(token: string, params: SearchParams, signal?: AbortSignal): Promise<SearchAnswer>;
  chats(token: string, q: string, limit?: number, signal?: AbortSignal): Promise<ChatSearchAnswer>;
}

/** 400 invalid_query: the query has a mistake at `position` (a UTF-16 offset in it). */
export class InvalidQueryError extends ApiError {
  readonly position: number;

  constructor(message: string, position: number) {
    super(400, 'invalid_query', message);
    this.name = 'InvalidQueryError';
    this.position = position;
  }
}


/** The query string of `params`: only the fields that are set. */
export function searchQueryString(params: SearchParams): string {
  const qs = new URLSearchParams();
  for (const key of ['q', 'chatId', 'from', 'after', 'before', 'has', 'sort', 'limit', 'cursor'] as const) {
    const v = params[key];
    if (v === undefined || (key !== 'q' && v === '')) continue;
    qs.set(key, String(v));
  }
  return qs.toString();
}

/** A refused answer as the error to throw: invalid_query with its position, else the server's ApiError. */
export function searchError(status: number, statusText: string, bodyText: string): ApiError {
  let data: unknown = null;
  try {
    data = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    data = null;
  }
  const body = errorBody(data);
  if (status === 400 && body.error === 'invalid_query') {
    const position = (data as { position?: unknown }).position;
    return new InvalidQueryError(body.message ?? t('search.unreadable'), typeof position === 'number' ? position : -1);
  }
  return httpError(status, statusText, bodyText);
}

export class HttpSearchApi implements SearchApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  messages(token: string, params: SearchParams, signal?: AbortSignal): Promise<SearchAnswer> {
    return this.get<SearchAnswer>(`/api/v1/search/messages?${searchQueryString(params)}`, token, signal).then((a) => ({
      results: Array.isArray(a?.results) ? a.results : [],
      nextCursor: typeof a?.nextCursor === 'string' && a.nextCursor !== '' ? a.nextCursor : null,
    }));
  }

  chats(token: string, q: string, limit?: number, signal?: AbortSignal): Promise<ChatSearchAnswer> {
    const qs = new URLSearchParams({ q });
    if (limit !== undefined) qs.set('limit', String(limit));
    return this.get<ChatSearchAnswer>(`/api/v1/search/chats?${qs.toString()}`, token, signal).then((a) => ({
      chats: Array.isArray(a?.chats) ? a.chats : [],
      people: Array.isArray(a?.people) ? a.people : [],
    }));
  }

  private async get<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
        signal: signal ?? null,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw searchError(res.status, res.statusText, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'bad_answer', t('common.unreadableAnswer'));
    }
  }
}
