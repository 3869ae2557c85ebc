// The REST half of notifications: the user's notification document, one chat's level and mute,
// the server's push key, the user's push subscriptions, and email digests' links: asking for the
// link that verifies the address, and the links' verify and unsubscribe, which need no session
// (the link's token says who) (notifications-wire.ts). No state: the token comes from the
// caller on each call; errors are thrown as ApiError (a network failure as status 0).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import type { RestOperations } from './wire.gen';
import type {
  ChatNotifications,
  ChatNotificationsPatch,
  EmailVerified,
  NotificationPatch,
  NotificationSettings,
  NotificationAnswers,
  PushDevice,
  PushKey,
  PushSubscriptionBody,
} from './notifications-wire';

/** What the store needs from REST for notifications; tests pass a fake (fake-notifications.ts). */
export interface NotificationsApi {
  /** The user's notification document. */
  getNotifications(token: string): Promise<NotificationSettings>;
  /** Changes some of the switches; answers the whole document (400 invalid_input). */
  updateNotifications(token: string, patch: NotificationPatch): Promise<NotificationSettings>;
  /** Sets one chat's level and/or mute (403 not a member, 404 no such chat, 400 invalid). */
  setChatNotifications(token: string, chatId: string, patch: ChatNotificationsPatch): Promise<ChatNotifications>;
  /** The server's push key, or that it does not push. */
  pushKey(token: string): Promise<PushKey>;
  /** The user's devices that take push notifications. */
  pushDevices(token: string): Promise<PushDevice[]>;
  /** Registers this browser's subscription (the same endpoint again replaces it). */
  addPushSubscription(token: string, body: PushSubscriptionBody): Promise<PushDevice>;
  /** Removes a device by id. */
  removePushDevice(token: string, id: string): Promise<void>;
  /** Removes the subscription with this endpoint (done also when it was not there). */
  removePushEndpoint(token: string, endpoint: string): Promise<void>;
  /** Emails the user a link that verifies their address (400 the server sends no email, 429 asked too often). */
  requestEmailVerification(token: string): Promise<void>;
  /** Verifies an address with the token of the emailed link; no session (400 a bad or expired link). */
  verifyEmail(linkToken: string): Promise<EmailVerified>;
  /** Stops email digests with the token of a digest's link; no session (400 a bad link). */
  unsubscribeEmail(linkToken: string): Promise<void>;
}

/** The routes used here: an answer typed by hand (notifications-wire.ts), or by the server's tables. */
type Op =
  | keyof NotificationAnswers
  | 'DELETE /api/v1/push/subscriptions'
  | 'DELETE /api/v1/push/subscriptions/{subscriptionId}';
type Answer<K extends Op> = K extends keyof NotificationAnswers ? NotificationAnswers[K] : RestOperations[K]['response'];
/** The parts of a request (path parameters, query, body), as the server's route table types them. */
type Parts<K extends Op> = Pick<RestOperations[K], Extract<keyof RestOperations[K], 'path' | 'query' | 'body'>>;


export class HttpNotificationsApi implements NotificationsApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  getNotifications(token: string): Promise<NotificationSettings> {
    return this.call('GET /api/v1/me/notifications', token, {});
  }

  updateNotifications(token: string, patch: NotificationPatch): Promise<NotificationSettings> {
    return this.call('PATCH /api/v1/me/notifications', token, { body: patch });
  }

  setChatNotifications(token: string, chatId: string, patch: ChatNotificationsPatch): Promise<ChatNotifications> {
    // mutedUntil null unmutes; the route table types an optional field without its null.
    const body = patch as Parts<'PUT /api/v1/chats/{chatId}/notifications'>['body'];
    return this.call('PUT /api/v1/chats/{chatId}/notifications', token, { path: { chatId }, body });
  }

  pushKey(token: string): Promise<PushKey> {
    return this.call('GET /api/v1/push/key', token, {});
  }

  async pushDevices(token: string): Promise<PushDevice[]> {
    const answer = await this.call('GET /api/v1/push/subscriptions', token, {});
    return Array.isArray(answer?.subscriptions) ? answer.subscriptions : [];
  }

  addPushSubscription(token: string, body: PushSubscriptionBody): Promise<PushDevice> {
    return this.call('POST /api/v1/push/subscriptions', token, { body });
  }

  async removePushDevice(token: string, id: string): Promise<void> {
    await this.call('DELETE /api/v1/push/subscriptions/{subscriptionId}', token, { path: { subscriptionId: id } });
  }

  async removePushEndpoint(token: string, endpoint: string): Promise<void> {
    await this.call('DELETE /api/v1/push/subscriptions', token, { body: { endpoint } });
  }

  async requestEmailVerification(token: string): Promise<void> {
    await this.call('POST /api/v1/me/email/verification', token, {});
  }

  verifyEmail(linkToken: string): Promise<EmailVerified> {
    return this.call('POST /api/v1/email/verify', null, { body: { token: linkToken } });
  }

  async unsubscribeEmail(linkToken: string): Promise<void> {
    await this.call('POST /api/v1/email/unsubscribe', null, { query: { token: linkToken } });
  }

  /**
   * Calls `op` ("METHOD /path/{param}"): path parameters filled in, the query after them, the
   * body as JSON; `token` null: a route that needs no session.
   */
  private async call<K extends Op>(op: K, token: string | null, parts: Parts<K>): Promise<Answer<K>> {
    const { path, query, body } = parts as { path?: Record<string, string>; query?: Record<string, string>; body?: unknown };
    const [method = 'GET', template = ''] = op.split(' ');
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path?.[name] ?? '')) + search;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
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
