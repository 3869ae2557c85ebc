// The REST half of message templates (templates-wire.ts): the caller's own templates (all, or
// ranked for a chat with that group's canned responses among them), a group's canned
// responses, creating, changing and deleting either (a set: null for the caller's own, else the
// group's chat id), counting a use, and a chat's quick replies. No state: the token comes from
// the caller on each call; errors are thrown as ApiError (400 invalid_input with what is wrong
// in words, 403 forbidden: not the group's admin, 404 not_found, 409 conflict: a stale version
// or a shortcut taken, 409 template_limit: the set is full; a network failure as status 0).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import { readCannedSet, readTemplate, readTemplateList } from './templates';
import type { CannedSet, Template, TemplateBody, TemplatePatch, TemplatesAnswers, TemplatesBodies } from './templates-wire';

/** What store.templates needs from REST; tests pass a fake (fake-templates.ts). */
export interface TemplatesApi {
  /** The caller's own templates, ranked by their use; with `chatId`, ranked for that chat, a group's canned responses among them. */
  listMine(token: string, chatId?: string): Promise<Template[]>;
  /** A group's canned responses (by category, then title) and whether the caller may change them. */
  listCanned(token: string, chatId: string): Promise<CannedSet>;
  /** Creates one in a set (null: the caller's own; else the group's) (201). */
  create(token: string, set: string | null, body: TemplateBody): Promise<Template>;
  /** Changes one (409 when `version` is stale or the shortcut is taken). */
  update(token: string, set: string | null, id: string, patch: TemplatePatch): Promise<Template>;
  /** Deletes one (204). */
  remove(token: string, set: string | null, id: string): Promise<void>;
  /** Counts one use of a template by the caller in a chat (204). */
  recordUse(token: string, id: string, chatId: string): Promise<void>;
  /** Up to three templates the caller uses most in a chat (then overall). */
  quickReplies(token: string, chatId: string): Promise<Template[]>;
}

function unreadable(): ApiError {
  return new ApiError(200, 'bad_answer', t('common.unreadableAnswer'));
}

/** A created or changed template: {template} as the server sends it, or the object alone. */
function answered(answer: { template: unknown } | null): Template {
  const tpl = readTemplate(answer?.template ?? answer);
  if (!tpl) throw unreadable();
  return tpl;
}

export class HttpTemplatesApi implements TemplatesApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  async listMine(token: string, chatId?: string): Promise<Template[]> {
    const query = chatId === undefined ? '' : `?chatId=${encodeURIComponent(chatId)}`;
    return readTemplateList(await this.call('GET /api/v1/me/templates', token, {}, undefined, query));
  }

  async listCanned(token: string, chatId: string): Promise<CannedSet> {
    return readCannedSet(await this.call('GET /api/v1/chats/{chatId}/templates', token, { chatId }));
  }

  async create(token: string, set: string | null, body: TemplateBody): Promise<Template> {
    const op = set === null ? 'POST /api/v1/me/templates' : 'POST /api/v1/chats/{chatId}/templates';
    const answer = await this.call(op, token, { chatId: set ?? '' }, body);
    return answered(answer);
  }

  async update(token: string, set: string | null, id: string, patch: TemplatePatch): Promise<Template> {
    const op = set === null ? 'PATCH /api/v1/me/templates/{templateId}' : 'PATCH /api/v1/chats/{chatId}/templates/{templateId}';
    const answer = await this.call(op, token, { chatId: set ?? '', templateId: id }, patch);
    return answered(answer);
  }

  async remove(token: string, set: string | null, id: string): Promise<void> {
    const op = set === null ? 'DELETE /api/v1/me/templates/{templateId}' : 'DELETE /api/v1/chats/{chatId}/templates/{templateId}';
    await this.call(op, token, { chatId: set ?? '', templateId: id });
  }

  async recordUse(token: string, id: string, chatId: string): Promise<void> {
    await this.call('POST /api/v1/templates/{templateId}/uses', token, { templateId: id }, { chatId });
  }

  async quickReplies(token: string, chatId: string): Promise<Template[]> {
    return readTemplateList(await this.call('GET /api/v1/chats/{chatId}/quick-replies', token, { chatId }));
  }

  /** Calls `op` ("METHOD /path/{param}"), the parameters in the path, then `query`, the body as JSON. */
  private async call<K extends keyof TemplatesAnswers>(
    op: K,
    token: string,
    params: Record<string, string>,
    body?: TemplatesBodies[K],
    query = '',
  ): Promise<TemplatesAnswers[K] | null> {
    const [method = 'GET', template = ''] = op.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path + query, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw httpError(res.status, res.statusText, text);
    if (res.status === 204 || text === '') return null;
    try {
      return JSON.parse(text) as TemplatesAnswers[K];
    } catch {
      throw new ApiError(res.status, 'bad_answer', t('common.unreadableAnswer'));
    }
  }
}
