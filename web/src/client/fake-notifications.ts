// The fake server's notification settings and push subscriptions (fakes.ts), as Parley keeps
// them: per user the switches push, previews and sound (on by default) and each chat's level
// and mute (listed only when not the default); GET and PATCH /api/v1/me/notifications, PUT
// /api/v1/chats/<id>/notifications with Parley's refusals (400 invalid_input, 403 not a member,
// 404 no such chat), notifications:updated pushed to the client when its user changed them;
// the server's push key (or push turned off), and the user's push subscriptions (the same
// endpoint again replaces the old one; listed oldest first, only one's own; removal by id only of
// one's own, 404 otherwise; removal by endpoint is done also when it was not there). A test can
// make the next changes fail or wait, and the next calls listing or removing devices too. Used only by the unit tests, through
// FakeServer.notifications, passed to the store as its notificationsApi.
import { ApiError } from './errors';
import type { NotificationsApi } from './notifications-api';
import type {
  ChatNotifications,
  ChatNotificationsPatch,
  NotificationPatch,
  NotificationSettings,
  PushDevice,
  PushKey,
  PushSubscriptionBody,
} from './notifications-wire';
import type { Chat, RealtimeEvent, User } from './types';

const MAX_LABEL = 100;
const LEVELS = ['all', 'mentions', 'nothing'];

/** What the notification settings read of the fake server. */
export interface FakeNotificationsHost {
  userList: User[];
  chatList: Chat[];
  /** The token the client is signed in with, if any, and whether it is connected. */
  token: string | null;
  connected: boolean;
  /** Every REST call fails as a network error. */
  restDown: boolean;
  tick(): string;
  push(e: RealtimeEvent): void;
}

/** A base64url P-256 point, as GET /api/v1/push/key answers (65 bytes, 0x04 first). */
export const FAKE_PUBLIC_KEY = `BA${'A'.repeat(85)}`;

export class FakeNotifications implements NotificationsApi {
  private readonly host: FakeNotificationsHost;
  private readonly byUser = new Map<string, NotificationSettings>();
  /** Push subscriptions, each with its user. */
  readonly devices: Array<PushDevice & { userId: string; keys: PushSubscriptionBody['keys'] }> = [];
  /** Change bodies received, in order: [route, body]. */
  readonly changes: Array<[string, unknown]> = [];
  /** The next changes (PATCH, PUT) fail with these errors (one each), then they work again. */
  failChanges: ApiError[] = [];
  /** While set, each change answers only when the test calls its entry. */
  changeGate: Array<() => void> | null = null;
  /** The next calls listing or removing devices by id fail with these errors (one each). */
  failDevices: ApiError[] = [];
  /** While set, each call listing or removing devices by id answers only when the test calls its entry. */
  devicesGate: Array<() => void> | null = null;
  /** Whether the server pushes, and its key. */
  pushEnabled = true;
  publicKey = FAKE_PUBLIC_KEY;
  private next = 0;

  constructor(host: FakeNotificationsHost) {
    this.host = host;
  }

  /** `userId`'s document as stored. */
  of(userId: string): NotificationSettings {
    return structuredClone(this.byUser.get(userId) ?? { push: true, previews: true, sound: true, chats: [] });
  }

  /** A change made on another device of `userId`: stored, and told to the client if it is them. */
  changeElsewhere(userId: string, settings: NotificationSettings): void {
    this.byUser.set(userId, structuredClone(settings));
    this.tell(userId);
  }

  async getNotifications(token: string): Promise<NotificationSettings> {
    return this.of(this.userOf(token).id);
  }

  async updateNotifications(token: string, patch: NotificationPatch): Promise<NotificationSettings> {
    const me = this.userOf(token);
    await this.admit('PATCH /api/v1/me/notifications', patch);
    const next = this.of(me.id);
    for (const key of ['push', 'previews', 'sound'] as const) {
      const v: unknown = patch[key];
      if (v === undefined) continue;
      if (typeof v !== 'boolean') throw new ApiError(400, 'invalid_input', `${key} must be true or false`);
      next[key] = v;
    }
    this.byUser.set(me.id, next);
    this.tell(me.id);
    return this.of(me.id);
  }

  async setChatNotifications(token: string, chatId: string, patch: ChatNotificationsPatch): Promise<ChatNotifications> {
    const me = this.userOf(token);
    await this.admit(`PUT /api/v1/chats/${chatId}/notifications`, patch);
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
    if (!chat.participants.includes(me.id)) throw new ApiError(403, 'forbidden', 'You are not a member of this chat');
    const level: unknown = patch.level;
    const until: unknown = patch.mutedUntil;
    if (level !== undefined && !LEVELS.includes(level as string)) throw new ApiError(400, 'invalid_input', 'level must be all, mentions or nothing');
    if (until !== undefined && until !== null && !(Number.isSafeInteger(until) && (until as number) >= 0)) {
      throw new ApiError(400, 'invalid_input', 'mutedUntil must be a time in epoch milliseconds, or null');
    }
    const doc = this.of(me.id);
    const old = doc.chats.find((c) => c.chatId === chatId) ?? { chatId, level: 'all', mutedUntil: null };
    const now: ChatNotifications = {
      chatId,
      level: patch.level ?? old.level,
      mutedUntil: patch.mutedUntil === undefined ? old.mutedUntil : patch.mutedUntil,
    };
    doc.chats = doc.chats.filter((c) => c.chatId !== chatId);
    if (now.level !== 'all' || now.mutedUntil !== null) doc.chats.push(now);
    this.byUser.set(me.id, doc);
    this.tell(me.id);
    return { ...now };
  }

  async pushKey(token: string): Promise<PushKey> {
    this.userOf(token);
    return this.pushEnabled ? { enabled: true, publicKey: this.publicKey } : { enabled: false };
  }

  async pushDevices(token: string): Promise<PushDevice[]> {
    const me = this.userOf(token);
    await this.admitDevices();
    return this.devices.filter((d) => d.userId === me.id).map(({ id, endpoint, label, createdAt }) => ({ id, endpoint, label, createdAt }));
  }

  async addPushSubscription(token: string, body: PushSubscriptionBody): Promise<PushDevice> {
    const me = this.userOf(token);
    const b = body as Partial<Record<keyof PushSubscriptionBody, unknown>>;
    const keys = (typeof b.keys === 'object' && b.keys !== null ? b.keys : {}) as Record<string, unknown>;
    if (typeof b.endpoint !== 'string' || !b.endpoint.startsWith('https://')) throw new ApiError(400, 'invalid_input', 'endpoint must be an https URL');
    if (typeof keys.p256dh !== 'string' || typeof keys.auth !== 'string') throw new ApiError(400, 'invalid_input', 'keys must have p256dh and auth');
    if (b.label !== undefined && (typeof b.label !== 'string' || b.label.length > MAX_LABEL)) {
      throw new ApiError(400, 'invalid_input', `label must be text of at most ${MAX_LABEL} characters`);
    }
    const at = this.devices.findIndex((d) => d.endpoint === b.endpoint);
    if (at >= 0) this.devices.splice(at, 1);
    const device = {
      id: `push-${++this.next}`,
      endpoint: b.endpoint,
      label: typeof b.label === 'string' ? b.label : '',
      createdAt: this.host.tick(),
      userId: me.id,
      keys: { p256dh: keys.p256dh, auth: keys.auth },
    };
    this.devices.push(device);
    return { id: device.id, endpoint: device.endpoint, label: device.label, createdAt: device.createdAt };
  }

  async removePushDevice(token: string, id: string): Promise<void> {
    const me = this.userOf(token);
    await this.admitDevices();
    const at = this.devices.findIndex((d) => d.id === id && d.userId === me.id);
    if (at < 0) throw new ApiError(404, 'not_found', 'Subscription not found');
    this.devices.splice(at, 1);
  }

  async removePushEndpoint(token: string, endpoint: string): Promise<void> {
    const me = this.userOf(token);
    if (typeof endpoint !== 'string' || !endpoint) throw new ApiError(400, 'invalid_input', 'endpoint is required');
    const at = this.devices.findIndex((d) => d.endpoint === endpoint && d.userId === me.id);
    if (at >= 0) this.devices.splice(at, 1);
  }

  /** Records a change, waits at the gate, and fails it when the test asked for that. */
  private async admit(route: string, body: unknown): Promise<void> {
    this.changes.push([route, structuredClone(body)]);
    const gate = this.changeGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const failure = this.failChanges.shift();
    if (failure) throw failure;
  }

  /** Waits at the devices' gate, and fails the call when the test asked for that. */
  private async admitDevices(): Promise<void> {
    const gate = this.devicesGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const failure = this.failDevices.shift();
    if (failure) throw failure;
  }

  private tell(userId: string): void {
    if (this.host.connected && this.host.token === `token-${userId}`) this.host.push({ type: 'notifications', settings: this.of(userId) });
  }

  private userOf(token: string): User {
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }
}
