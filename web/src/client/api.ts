// The REST half of the protocol client: typed calls to Parley's /api/v1 endpoints. No state:
// the token comes from the caller on each call. Errors are thrown as ApiError.
import { ApiError } from './errors';
import type { AuthResponse, Chat, ChatMessage, User } from './types';

export interface HistoryQuery {
  before?: string;
  afterSeq?: number;
  limit?: number;
}

export interface DirectoryQuery {
  /** Substring of a name or email, any case; empty for everyone. */
  q?: string;
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface DirectoryPage {
  users: User[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** What the store needs from REST; tests pass a fake. */
export interface ChatApi {
  register(email: string, name: string, password: string): Promise<AuthResponse>;
  login(email: string, password: string): Promise<AuthResponse>;
  logout(token: string): Promise<void>;
  me(token: string): Promise<User>;
  users(token: string): Promise<User[]>;
  directory(token: string, query: DirectoryQuery): Promise<DirectoryPage>;
  chats(token: string): Promise<Chat[]>;
  chat(token: string, chatId: string): Promise<Chat>;
  openPrivateChat(token: string, userId: string): Promise<Chat>;
  messages(token: string, chatId: string, query?: HistoryQuery): Promise<ChatMessage[]>;
}

interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
}

function isErrorBody(v: unknown): v is ErrorBody {
  return typeof v === 'object' && v !== null && ('error' in v || 'message' in v);
}

export class HttpChatApi implements ChatApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  register(email: string, name: string, password: string): Promise<AuthResponse> {
    return this.call<AuthResponse>('POST', '/api/v1/auth/register', undefined, { email, name, password });
  }

  login(email: string, password: string): Promise<AuthResponse> {
    return this.call<AuthResponse>('POST', '/api/v1/auth/login', undefined, { email, password });
  }

  async logout(token: string): Promise<void> {
    await this.call<null>('POST', '/api/v1/auth/logout', token);
  }

  me(token: string): Promise<User> {
    return this.call<User>('GET', '/api/v1/me', token);
  }

  users(token: string): Promise<User[]> {
    return this.call<User[]>('GET', '/api/v1/users', token);
  }

  directory(token: string, query: DirectoryQuery): Promise<DirectoryPage> {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const qs = params.toString();
    return this.call<DirectoryPage>('GET', `/api/v1/directory${qs ? `?${qs}` : ''}`, token);
  }

  chats(token: string): Promise<Chat[]> {
    return this.call<Chat[]>('GET', '/api/v1/chats', token);
  }

  chat(token: string, chatId: string): Promise<Chat> {
    return this.call<Chat>('GET', `/api/v1/chats/${encodeURIComponent(chatId)}`, token);
  }

  openPrivateChat(token: string, userId: string): Promise<Chat> {
    return this.call<Chat>('POST', '/api/v1/chats', token, { userId });
  }

  messages(token: string, chatId: string, query: HistoryQuery = {}): Promise<ChatMessage[]> {
    const params = new URLSearchParams();
    if (query.before !== undefined) params.set('before', query.before);
    if (query.afterSeq !== undefined) params.set('after_seq', String(query.afterSeq));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.call<ChatMessage[]>(
      'GET',
      `/api/v1/chats/${encodeURIComponent(chatId)}/messages${qs ? `?${qs}` : ''}`,
      token,
    );
  }

  private async call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
    }
    if (res.status === 204) return null as T;
    let data: unknown = null;
    const text = await res.text().catch(() => '');
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      const err = isErrorBody(data) ? data : {};
      throw new ApiError(
        res.status,
        err.error ?? `http_${res.status}`,
        err.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      );
    }
    return data as T;
  }
}
