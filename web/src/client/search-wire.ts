// The wire contract of message search (GET /api/v1/search/messages, the socket's
// search:messages, GET /api/v1/search/chats) as the client reads it: the ranges from the
// server's generated schemas; the results by hand, with the client's own ChatMessage and User,
// checked below against the answers the server's route tables describe.
import type { RestOperations, Schemas } from './wire.gen';
import type { ChatMessage, User } from './types';

/** A stretch of text, in UTF-16 code units (JavaScript string indices), `end` exclusive. */
export type TextRange = Schemas['TextRange'];

/** One message found. */
export interface SearchResult {
  message: ChatMessage;
  /** Where the words matched in `message.content`. */
  highlights: TextRange[];
  /** About 200 characters around the first match (may start or end with "…"). */
  snippet: { text: string; highlights: TextRange[] };
}

/** 200 from GET /api/v1/search/messages. */
export interface SearchAnswer {
  results: SearchResult[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

export type SearchSort = 'relevance' | 'date';
export type SearchHas = 'link' | 'file';

/**
 * The query of GET /api/v1/search/messages (and the payload of search:messages). `q` is the
 * query language (words, "phrases", -word, from:, in:, before:, after:, has:, is:pinned); the
 * other fields narrow it the same way without being typed.
 */
export interface SearchParams {
  q: string;
  /** Only this chat. */
  chatId?: string;
  /** Only messages from this user id. */
  from?: string;
  /** YYYY-MM-DD (or epoch ms). */
  after?: string;
  before?: string;
  /** Comma-separated: link, file. */
  has?: string;
  /** relevance (the server's default) or date, newest first. */
  sort?: SearchSort;
  /** 1..50; the server's default is 20. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

/** The body of a 400 for a query the server cannot read. */
export interface InvalidQueryBody {
  statusCode: 400;
  error: 'invalid_query';
  message: string;
  /** Where in `q` the problem is (UTF-16 offset). */
  position: number;
}

/** 200 from GET /api/v1/search/chats?q=: the caller's chats and the people whose names start with q. */
export interface ChatSearchAnswer {
  chats: { chatId: string }[];
  people: User[];
}

// The shapes above are the server's (a drift fails tsc): everything but the message and the
// users, which the client types itself.
type Generated<Op extends keyof RestOperations> = RestOperations[Op] extends { response: infer R } ? R : never;
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type WithoutMessage<T> = T extends { results: Array<infer R>; nextCursor: infer C }
  ? { results: Array<Omit<R, 'message'>>; nextCursor: C }
  : never;
const searchAnswerMatches: SameShape<
  WithoutMessage<SearchAnswer>,
  WithoutMessage<Generated<'GET /api/v1/search/messages'>>
> = true;
const chatSearchMatches: SameShape<ChatSearchAnswer['chats'], Generated<'GET /api/v1/search/chats'>['chats']> = true;
void searchAnswerMatches;
void chatSearchMatches;
