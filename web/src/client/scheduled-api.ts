// The REST half of scheduled messages (scheduled-wire.ts): schedule one in a chat, list a chat's
// or all of the caller's pending ones, change, cancel and send one now, and preview a rule's
// next occurrences. No state: the token comes from the caller on each call; errors are thrown
// as ApiError (400 invalid_input with what is wrong in words, 403 forbidden, 404 not_found, 409
// conflict: a stale version, or the message is being sent right then; a network failure as
// status 0).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import { readOccurrences, readScheduled, readScheduledList } from './scheduled';
import type { PreviewBody, ScheduleBody, ScheduledAnswers, ScheduledBodies, ScheduledMessage, SchedulePatch } from './scheduled-wire';
import type { ChatMessage } from './types';

/** What store.scheduled needs from REST; tests pass a fake (fake-scheduled.ts). */
export interface ScheduledApi {
  /** Schedules a message in a chat (201); the first occurrence must be in the future, at most a year ahead. */
  create(token: string, chatId: string, body: ScheduleBody): Promise<ScheduledMessage>;
  /** The caller's pending scheduled messages in a chat, by nextAt. */
  listChat(token: string, chatId: string): Promise<ScheduledMessage[]>;
  /** All the caller's pending scheduled messages. */
  listMine(token: string): Promise<ScheduledMessage[]>;
  /** Changes one (409 when `version` is stale or it is being sent). */
  update(token: string, chatId: string, id: string, patch: SchedulePatch): Promise<ScheduledMessage>;
  /** Cancels one (204). */
  cancel(token: string, chatId: string, id: string): Promise<void>;
  /** Sends the next occurrence now: the message sent, and the schedule after (done, or its next occurrence). */
  sendNow(token: string, chatId: string, id: string): Promise<{ message: ChatMessage; scheduled: ScheduledMessage | null }>;
  /** Up to five next occurrences (epoch ms) of a schedule (400 naming what is wrong in the rule). */
  preview(token: string, body: PreviewBody, signal?: AbortSignal): Promise<number[]>;
}

/** An answer that is not a scheduled message. */
function unreadable(): ApiError {
  return new ApiError(200, 'bad_answer', t('common.unreadableAnswer'));
}

export class HttpScheduledApi implements ScheduledApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  async create(token: string, chatId: string, body: ScheduleBody): Promise<ScheduledMessage> {
    const answer = await this.call('POST /api/v1/chats/{chatId}/scheduled', token, { chatId }, body);
    return readScheduled(answer?.scheduled) ?? Promise.reject(unreadable());
  }

  async listChat(token: string, chatId: string): Promise<ScheduledMessage[]> {
    const answer = await this.call('GET /api/v1/chats/{chatId}/scheduled', token, { chatId });
    return readScheduledList(answer);
  }

  async listMine(token: string): Promise<ScheduledMessage[]> {
    const answer = await this.call('GET /api/v1/me/scheduled', token, {});
    return readScheduledList(answer);
  }

  async update(token: string, chatId: string, id: string, patch: SchedulePatch): Promise<ScheduledMessage> {
    const answer = await this.call('PATCH /api/v1/chats/{chatId}/scheduled/{scheduledId}', token, { chatId, scheduledId: id }, patch);
    return readScheduled(answer?.scheduled) ?? Promise.reject(unreadable());
  }

  async cancel(token: string, chatId: string, id: string): Promise<void> {
    await this.call('DELETE /api/v1/chats/{chatId}/scheduled/{scheduledId}', token, { chatId, scheduledId: id });
  }

  async sendNow(token: string, chatId: string, id: string): Promise<{ message: ChatMessage; scheduled: ScheduledMessage | null }> {
    const answer = await this.call('POST /api/v1/chats/{chatId}/scheduled/{scheduledId}/send', token, { chatId, scheduledId: id });
    if (!answer || typeof answer.message !== 'object' || answer.message === null) throw unreadable();
    return { message: answer.message, scheduled: readScheduled(answer.scheduled) };
  }

  async preview(token: string, body: PreviewBody, signal?: AbortSignal): Promise<number[]> {
    const answer = await this.call('POST /api/v1/me/scheduled/preview', token, {}, body, signal);
    return readOccurrences(answer?.occurrences);
  }

  /** Calls `op` ("METHOD /path/{param}"), the parameters in the path, the body as JSON. */
  private async call<K extends keyof ScheduledAnswers>(
    op: K,
    token: string,
    params: Record<string, string>,
    body?: ScheduledBodies[K],
    signal?: AbortSignal,
  ): Promise<ScheduledAnswers[K] | null> {
    const [method = 'GET', template = ''] = op.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? null : JSON.stringify(body), ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw httpError(res.status, res.statusText, text);
    if (res.status === 204 || text === '') return null;
    try {
      return JSON.parse(text) as ScheduledAnswers[K];
    } catch {
      throw new ApiError(res.status, 'bad_answer', t('common.unreadableAnswer'));
    }
  }
}
