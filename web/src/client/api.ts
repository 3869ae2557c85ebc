// The REST half of the protocol client: typed calls to Parley's /api/v1 endpoints. No state:
// the token comes from the caller on each call. Errors are thrown as ApiError. Requests are
// typed by the server's route tables (wire.gen.ts); what the client reads of the answers is
// checked against them in wire.ts.
import { t } from '../i18n/core';
import { ApiError, errorBody } from './errors';
import type {
  AuditPage,
  AuthResponse,
  BlockList,
  Chat,
  ChatMessage,
  CustomEmoji,
  EmojiSet,
  InvitePreview,
  ModerationReport,
  ModerationRole,
  PrivacyPatch,
  PrivacySettings,
  QueueQuery,
  Report,
  ReportPage,
  ReportRequest,
  ServerLimits,
  ServerRole,
  ReportActionName,
  StaffList,
  SuspendAnswer,
  SuspensionList,
  User,
} from './types';
import type { RestAnswers, UntypedRestAnswers } from './wire';
import type { RestOperations } from './wire.gen';

export interface HistoryQuery {
  before?: string;
  afterSeq?: number;
  limit?: number;
  /** A message id: the page around it. */
  around?: string;
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
  /** What the server allows: lengths, the edit and delete windows. */
  limits(token: string): Promise<ServerLimits>;
  /** Changes the caller's display name; answers the caller as stored. */
  rename(token: string, name: string): Promise<User>;
  users(token: string): Promise<User[]>;
  contacts(token: string): Promise<User[]>;
  directory(token: string, query: DirectoryQuery): Promise<DirectoryPage>;
  chats(token: string): Promise<Chat[]>;
  chat(token: string, chatId: string): Promise<Chat>;
  openPrivateChat(token: string, userId: string): Promise<Chat>;
  messages(token: string, chatId: string, query?: HistoryQuery): Promise<ChatMessage[]>;
  /** What an invite link leads to (404 not_found, 410 invite_invalid with the reason). */
  invitePreview(token: string, inviteToken: string): Promise<InvitePreview>;
  /** Joins the group an invite link leads to; answers the group (409 member_limit, 410). */
  joinByInvite(token: string, inviteToken: string): Promise<Chat>;
  /** The caller's privacy settings. */
  getPrivacy(token: string): Promise<PrivacySettings>;
  /** Changes some of them; answers all of them (400 invalid_input, 404 for an id of nobody). */
  updatePrivacy(token: string, patch: PrivacyPatch): Promise<PrivacySettings>;
  /** The people the caller blocked, the latest first. */
  getBlocks(token: string): Promise<BlockList>;
  /**
   * Blocks (`blocked`) or unblocks a person; answers the blocks after. Doing it twice is no error;
   * 400 invalid_input (a malformed id, oneself), 404 not_found.
   */
  setBlocked(token: string, userId: string, blocked: boolean): Promise<BlockList>;
  /**
   * Reports a message, a person or a group (`block`: also blocks the person it is about); answers
   * the report as its reporter sees it. 400 invalid_input (one's own message, oneself), 403, 404,
   * 413 payload_too_large (the comment), 429 rate_limited.
   */
  report(token: string, request: ReportRequest): Promise<Report>;
  /** The caller's reports, the latest first, a page before the report `before`. */
  myReports(token: string, before?: string, limit?: number): Promise<ReportPage>;
  /** The caller's server role (null: none). */
  moderationRole(token: string): Promise<ModerationRole>;
  /**
   * The moderation queue, the latest first: the server's staff see every report, a group's owner
   * and admins those of its messages (with chatId; 403 otherwise). 400 invalid_input.
   */
  moderationQueue(token: string, query: QueueQuery): Promise<ReportPage<ModerationReport>>;
  /**
   * Dismisses a report, or deletes the reported message for everyone; answers the report after.
   * 403 not the caller's to moderate, 404, 409 conflict (closed already).
   */
  actOnReport(
    token: string,
    reportId: string,
    action: ReportActionName,
    reason?: string,
    durationSeconds?: number,
  ): Promise<ModerationReport>;
  /** Suspends an account (staff; 400 oneself or staff the caller may not suspend); absent duration: until lifted. */
  suspendUser(token: string, userId: string, durationSeconds?: number, reason?: string): Promise<SuspendAnswer>;
  /** Lifts a suspension (staff; 404 when not suspended). */
  unsuspendUser(token: string, userId: string, reason?: string): Promise<{ userId: string; suspended: boolean }>;
  /** The accounts suspended now (staff). */
  suspensions(token: string): Promise<SuspensionList>;
  /** The audit log, the latest first (staff: all; a group's owner and admins: with its chatId). */
  auditLog(token: string, query: { chatId?: string; before?: string; limit?: number }): Promise<AuditPage>;
  /** The server's staff (staff only; 403). */
  staff(token: string): Promise<StaffList>;
  /** Gives a server role or takes it ('none'); administrators only (403); answers the staff after. */
  setServerRole(token: string, userId: string, role: ServerRole | 'none', reason?: string): Promise<StaffList>;
  /** A custom emoji set: the server's (chatId null) or a group's (its members; 403, 404). */
  emojiSet(token: string, chatId: string | null): Promise<EmojiSet>;
  /**
   * Adds a custom emoji to a set (its admins): `image` is the file's bytes in base64. 400
   * invalid_input, 403, 409 conflict or emoji_limit, 413 payload_too_large.
   */
  addEmoji(token: string, chatId: string | null, shortcode: string, image: string): Promise<CustomEmoji>;
  /** Removes a custom emoji from a set (its admins; 403, 404). */
  removeEmoji(token: string, chatId: string | null, shortcode: string): Promise<void>;
}

/**
 * The parts of a request an operation takes (path parameters, query, body), as the server's
 * route table types them (wire.gen.ts): a body or query that drifts from it fails to compile.
 */
type Parts<K extends RestOperation> = Pick<RestOperations[K], Extract<keyof RestOperations[K], 'path' | 'query' | 'body'>>;
type Answers = RestAnswers & UntypedRestAnswers;
type RestOperation = keyof Answers;

export class HttpChatApi implements ChatApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  register(email: string, name: string, password: string): Promise<AuthResponse> {
    return this.call('POST /auth/register', undefined, { body: { email, name, password } });
  }

  login(email: string, password: string): Promise<AuthResponse> {
    return this.call('POST /auth/login', undefined, { body: { email, password } });
  }

  async logout(token: string): Promise<void> {
    await this.call('POST /auth/logout', token, {});
  }

  me(token: string): Promise<User> {
    return this.call('GET /me', token, {});
  }

  limits(token: string): Promise<ServerLimits> {
    return this.call('GET /api/v1/limits', token, {});
  }

  rename(token: string, name: string): Promise<User> {
    return this.call('PATCH /api/v1/me', token, { body: { name } });
  }

  users(token: string): Promise<User[]> {
    return this.call('GET /api/users', token, {});
  }

  /** The users who share a chat with the caller. */
  contacts(token: string): Promise<User[]> {
    return this.call('GET /api/v1/contacts', token, {});
  }

  directory(token: string, query: DirectoryQuery): Promise<DirectoryPage> {
    return this.call('GET /api/v1/directory', token, {
      query: { q: query.q || undefined, limit: query.limit, cursor: query.cursor },
    });
  }

  chats(token: string): Promise<Chat[]> {
    return this.call('GET /chats', token, {});
  }

  chat(token: string, chatId: string): Promise<Chat> {
    return this.call('GET /chats/{chatId}', token, { path: { chatId } });
  }

  openPrivateChat(token: string, userId: string): Promise<Chat> {
    return this.call('POST /chats', token, { body: { userId } });
  }

  messages(token: string, chatId: string, query: HistoryQuery = {}): Promise<ChatMessage[]> {
    return this.call('GET /chats/{chatId}/messages', token, {
      path: { chatId },
      query: { before: query.before, after_seq: query.afterSeq, limit: query.limit, around: query.around },
    });
  }

  invitePreview(token: string, inviteToken: string): Promise<InvitePreview> {
    return this.call('GET /api/v1/invites/{token}', token, { path: { token: inviteToken } });
  }

  joinByInvite(token: string, inviteToken: string): Promise<Chat> {
    return this.call('POST /api/v1/invites/{token}/join', token, { path: { token: inviteToken } });
  }

  getPrivacy(token: string): Promise<PrivacySettings> {
    return this.call('GET /api/v1/me/privacy', token, {});
  }

  updatePrivacy(token: string, patch: PrivacyPatch): Promise<PrivacySettings> {
    return this.call('PATCH /api/v1/me/privacy', token, { body: patch });
  }

  getBlocks(token: string): Promise<BlockList> {
    return this.call('GET /api/v1/me/blocks', token, {});
  }

  setBlocked(token: string, userId: string, blocked: boolean): Promise<BlockList> {
    return blocked
      ? this.call('PUT /api/v1/me/blocks/{userId}', token, { path: { userId } })
      : this.call('DELETE /api/v1/me/blocks/{userId}', token, { path: { userId } });
  }

  report(token: string, request: ReportRequest): Promise<Report> {
    return this.call('POST /api/v1/reports', token, { body: request });
  }

  myReports(token: string, before?: string, limit?: number): Promise<ReportPage> {
    return this.call('GET /api/v1/me/reports', token, { query: { before, limit } });
  }

  moderationRole(token: string): Promise<ModerationRole> {
    return this.call('GET /api/v1/moderation/role', token, {});
  }

  moderationQueue(token: string, query: QueueQuery): Promise<ReportPage<ModerationReport>> {
    const { status, category, chatId, before, limit } = query;
    return this.call('GET /api/v1/moderation/reports', token, { query: { status, category, chatId, before, limit } });
  }

  actOnReport(token: string, reportId: string, action: ReportActionName, reason?: string, durationSeconds?: number): Promise<ModerationReport> {
    return this.call('POST /api/v1/moderation/reports/{reportId}/actions', token, {
      path: { reportId },
      body: { action, ...(reason ? { reason } : {}), ...(durationSeconds !== undefined ? { durationSeconds } : {}) },
    });
  }

  suspendUser(token: string, userId: string, durationSeconds?: number, reason?: string): Promise<SuspendAnswer> {
    return this.call('POST /api/v1/moderation/users/{userId}/suspend', token, {
      path: { userId },
      body: { ...(durationSeconds !== undefined ? { durationSeconds } : {}), ...(reason ? { reason } : {}) },
    });
  }

  unsuspendUser(token: string, userId: string, reason?: string): Promise<{ userId: string; suspended: boolean }> {
    return this.call('POST /api/v1/moderation/users/{userId}/unsuspend', token, { path: { userId }, body: { ...(reason ? { reason } : {}) } });
  }

  suspensions(token: string): Promise<SuspensionList> {
    return this.call('GET /api/v1/moderation/suspensions', token, {});
  }

  auditLog(token: string, query: { chatId?: string; before?: string; limit?: number }): Promise<AuditPage> {
    return this.call('GET /api/v1/moderation/audit', token, { query: { chatId: query.chatId, before: query.before, limit: query.limit } });
  }

  staff(token: string): Promise<StaffList> {
    return this.call('GET /api/v1/moderation/staff', token, {});
  }

  setServerRole(token: string, userId: string, role: ServerRole | 'none', reason?: string): Promise<StaffList> {
    return this.call('PUT /api/v1/moderation/staff/{userId}', token, { path: { userId }, body: { role, ...(reason ? { reason } : {}) } });
  }

  emojiSet(token: string, chatId: string | null): Promise<EmojiSet> {
    return chatId === null
      ? this.call('GET /api/v1/emoji', token, {})
      : this.call('GET /api/v1/chats/{chatId}/emoji', token, { path: { chatId } });
  }

  addEmoji(token: string, chatId: string | null, shortcode: string, image: string): Promise<CustomEmoji> {
    const body = { shortcode, image };
    return chatId === null
      ? this.call('POST /api/v1/emoji', token, { body })
      : this.call('POST /api/v1/chats/{chatId}/emoji', token, { path: { chatId }, body });
  }

  async removeEmoji(token: string, chatId: string | null, shortcode: string): Promise<void> {
    if (chatId === null) await this.call('DELETE /api/v1/emoji/{shortcode}', token, { path: { shortcode } });
    else await this.call('DELETE /api/v1/chats/{chatId}/emoji/{shortcode}', token, { path: { chatId, shortcode } });
  }

  /**
   * Calls `op` ("METHOD /path/{param}" as the OpenAPI document names it) under /api/v1, where
   * Parley serves every path: path parameters filled in, query values that are set appended.
   */
  private call<K extends RestOperation>(op: K, token: string | undefined, parts: Parts<K>): Promise<Answers[K]> {
    const { path, query, body } = parts as {
      path?: Record<string, string>;
      query?: Record<string, string | number | undefined>;
      body?: unknown;
    };
    const [method = 'GET', template = ''] = op.split(' ');
    const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path?.[name] ?? ''));
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.send<Answers[K]>(method, `/api/v1${filled.replace(/^\/api(\/v1)?/, '')}${qs ? `?${qs}` : ''}`, token, body);
  }

  private async send<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
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
      throw new ApiError(0, 'network', t('common.networkError'));
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
      const err = errorBody(data);
      throw new ApiError(
        res.status,
        err.error ?? `http_${res.status}`,
        err.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      );
    }
    return data as T;
  }
}
