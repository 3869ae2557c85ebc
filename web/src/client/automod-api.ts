// The REST half of auto-moderation (automod-wire.ts): the rules of the server and of groups and
// their dry run, the hits and deciding them, mutes and warnings, and the caller's moderation
// notices. No state: the token comes from the caller on each call; errors are thrown as ApiError
// (a network failure as status 0; 400 invalid_input with the server's words naming the setting).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import type { RestOperations } from './wire.gen';
import type {
  AutomodAnswers,
  DryRunAnswer,
  Hit,
  HitDecision,
  HitPage,
  Mute,
  MuteList,
  NoticeList,
  Rule,
  RuleList,
  RuleSettings,
  UnmuteAnswer,
} from './automod-wire';

/** Which hits: a group's (staff: any, or all of them without chatId), by status, a page before `before`. */
export interface HitQuery {
  chatId?: string;
  status?: string;
  before?: string;
  limit?: number;
}

/** What the store needs from REST for auto-moderation; tests pass a fake (fake-automod.ts). */
export interface AutomodApi {
  /** The rules of the server (chatId null: staff) or of a group (also its owner and admins); 403 otherwise. */
  rules(token: string, chatId: string | null): Promise<RuleList>;
  /** Adds a rule to the server (chatId null) or a group; 400 invalid_input naming the setting, 403. */
  addRule(token: string, chatId: string | null, settings: RuleSettings): Promise<Rule>;
  /** Changes a rule (all its settings); 400, 403, 404. */
  updateRule(token: string, ruleId: string, settings: RuleSettings): Promise<Rule>;
  /** Deletes a rule; 403, 404. */
  deleteRule(token: string, ruleId: string): Promise<void>;
  /** What a rule would have matched among the latest `limit` (≤ 1000) messages of the scope; 400 as addRule. */
  dryRun(token: string, chatId: string | null, settings: RuleSettings, limit?: number): Promise<DryRunAnswer>;
  /** What the rules did, the latest first. */
  hits(token: string, query: HitQuery): Promise<HitPage>;
  /** Decides a hit; answers it after (409 conflict: decided already). */
  decideHit(token: string, hitId: string, action: HitDecision, reason?: string): Promise<Hit>;
  /** Mutes a person in a group (chatId) or everywhere (null, staff) for 60 to 2592000 seconds. */
  mute(token: string, userId: string, chatId: string | null, durationSeconds: number, reason?: string): Promise<Mute>;
  /** Lifts a mute (404 not muted there). */
  unmute(token: string, userId: string, chatId: string | null, reason?: string): Promise<UnmuteAnswer>;
  /** Warns a person (a notice on all their devices), about a group or not; `reason` is what they read. */
  warn(token: string, userId: string, chatId: string | null, reason: string): Promise<void>;
  /** The mutes in force: a group's, or all of them (staff). */
  mutes(token: string, chatId: string | null): Promise<MuteList>;
  /** What moderation told the caller, the latest 20. */
  notices(token: string): Promise<NoticeList>;
}

/** The routes used here: an answer typed by hand (automod-wire.ts), or by the server's tables. */
type Op = keyof AutomodAnswers | 'DELETE /api/v1/moderation/rules/{ruleId}' | 'POST /api/v1/moderation/users/{userId}/warn';
type Answer<K extends Op> = K extends keyof AutomodAnswers ? AutomodAnswers[K] : RestOperations[K]['response'];
/** The parts of a request (path parameters, query, body), as the server's route table types them. */
type Parts<K extends Op> = Pick<RestOperations[K], Extract<keyof RestOperations[K], 'path' | 'query' | 'body'>>;


/** `{chatId}` when there is one: absent means the server's scope. */
const scope = (chatId: string | null) => (chatId ? { chatId } : {});

export class HttpAutomodApi implements AutomodApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  rules(token: string, chatId: string | null): Promise<RuleList> {
    return this.call('GET /api/v1/moderation/rules', token, { query: scope(chatId) });
  }

  addRule(token: string, chatId: string | null, settings: RuleSettings): Promise<Rule> {
    return this.call('POST /api/v1/moderation/rules', token, { body: { ...settings, ...scope(chatId) } });
  }

  updateRule(token: string, ruleId: string, settings: RuleSettings): Promise<Rule> {
    return this.call('PUT /api/v1/moderation/rules/{ruleId}', token, { path: { ruleId }, body: settings });
  }

  async deleteRule(token: string, ruleId: string): Promise<void> {
    await this.call('DELETE /api/v1/moderation/rules/{ruleId}', token, { path: { ruleId } });
  }

  dryRun(token: string, chatId: string | null, settings: RuleSettings, limit?: number): Promise<DryRunAnswer> {
    return this.call('POST /api/v1/moderation/rules/dry-run', token, {
      body: { ...settings, ...scope(chatId), ...(limit !== undefined ? { limit } : {}) },
    });
  }

  hits(token: string, query: HitQuery): Promise<HitPage> {
    const { chatId, status, before, limit } = query;
    return this.call('GET /api/v1/moderation/hits', token, { query: { chatId, status, before, limit } });
  }

  decideHit(token: string, hitId: string, action: HitDecision, reason?: string): Promise<Hit> {
    return this.call('POST /api/v1/moderation/hits/{hitId}/actions', token, {
      path: { hitId },
      body: { action, ...(reason ? { reason } : {}) },
    });
  }

  mute(token: string, userId: string, chatId: string | null, durationSeconds: number, reason?: string): Promise<Mute> {
    return this.call('POST /api/v1/moderation/users/{userId}/mute', token, {
      path: { userId },
      body: { ...scope(chatId), durationSeconds, ...(reason ? { reason } : {}) },
    });
  }

  unmute(token: string, userId: string, chatId: string | null, reason?: string): Promise<UnmuteAnswer> {
    return this.call('POST /api/v1/moderation/users/{userId}/unmute', token, {
      path: { userId },
      body: { ...scope(chatId), ...(reason ? { reason } : {}) },
    });
  }

  async warn(token: string, userId: string, chatId: string | null, reason: string): Promise<void> {
    await this.call('POST /api/v1/moderation/users/{userId}/warn', token, { path: { userId }, body: { ...scope(chatId), reason } });
  }

  mutes(token: string, chatId: string | null): Promise<MuteList> {
    return this.call('GET /api/v1/moderation/mutes', token, { query: scope(chatId) });
  }

  notices(token: string): Promise<NoticeList> {
    return this.call('GET /api/v1/me/moderation-notices', token, {});
  }

  /** Calls `op` ("METHOD /path/{param}"): path parameters filled in, the query's set values after them, the body as JSON. */
  private async call<K extends Op>(op: K, token: string, parts: Parts<K>): Promise<Answer<K>> {
    const { path, query, body } = parts as {
      path?: Record<string, string>;
      query?: Record<string, string | number | undefined>;
      body?: unknown;
    };
    const [method = 'GET', template = ''] = op.split(' ');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path?.[name] ?? '')) + (qs ? `?${qs}` : '');
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + url, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw httpError(res.status, res.statusText, text);
    if (res.status === 204 || !text) return null as Answer<K>;
    try {
      return JSON.parse(text) as Answer<K>;
    } catch {
      throw new ApiError(res.status, 'bad_answer', t('common.unreadableAnswer'));
    }
  }
}
