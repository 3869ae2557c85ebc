// The fake server's notification settings and push subscriptions (fakes.ts), as Parley keeps
// them: per user the switches push, previews and sound (on by default), the keywords, the time
// zone, Do not disturb (its answers say when the one in force ends), email digests (on by
// default, their delay, the address and whether it is verified, whether the server sends email
// at all) and each chat's level and mute (listed only when not the default); GET and PATCH
// /api/v1/me/notifications, PUT /api/v1/chats/<id>/notifications with Parley's refusals (400
// invalid_input, 403 not a member, 404 no such chat), notifications:updated pushed to the client
// when its user changed them; the server's push key (or push turned off), and the user's push
// subscriptions (the same endpoint again replaces the old one; listed oldest first, only one's
// own; removal by id only of one's own, 404 otherwise; removal by endpoint is done also when it
// was not there); the links email digests use: a verification link "mailed" on request (400
// when the server sends no email, 429 after three), verified by its token (400 for a bad one or
// an address that changed since), and a digest's unsubscribe link (digestMailed) that turns
// digests off. A test can make the next changes fail or wait, and the next calls listing or
// removing devices too. Used only by the unit tests, through FakeServer.notifications, passed
// to the store as its notificationsApi.
import { ApiError } from './errors';
import type { NotificationsApi } from './notifications-api';
import { dndActiveUntil, isTimeZone, parseHm } from './dnd';
import { DEFAULT_SETTINGS, KEYWORD_MAX, KEYWORD_MIN, MAX_DND_ALLOW, MAX_KEYWORDS } from './notifications';
import type {
  ChatNotifications,
  ChatNotificationsPatch,
  DndSettings,
  EmailVerified,
  NotificationPatch,
  NotificationSettings,
  PushDevice,
  PushKey,
  PushSubscriptionBody,
} from './notifications-wire';
import { EMAIL_DELAY_MAX, EMAIL_DELAY_MIN } from './notifications-wire';
import type { Chat, RealtimeEvent, User } from './types';

const MAX_LABEL = 100;
/** Verification links a user may ask for (Parley: three at once, then one a minute). */
const VERIFICATIONS = 3;
const LEVELS = ['all', 'mentions', 'nothing'];

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_input', message);
}

/** The keywords as the server keeps them (trimmed, once each), or its refusal. */
function checkedKeywords(v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((k) => typeof k === 'string')) throw invalid('keywords must be a list of words');
  if (v.length > MAX_KEYWORDS) throw invalid(`At most ${MAX_KEYWORDS} keywords`);
  const out: string[] = [];
  for (const k of v as string[]) {
    const w = k.trim();
    if (w.length < KEYWORD_MIN || w.length > KEYWORD_MAX) throw invalid(`A keyword must have ${KEYWORD_MIN} to ${KEYWORD_MAX} characters`);
    if (!out.some((x) => x.toLowerCase() === w.toLowerCase())) out.push(w);
  }
  return out;
}

/** Do not disturb after `patch` (each part given replaces that part), or the server's refusal. */
function checkedDnd(held: DndSettings, patch: Partial<DndSettings>): DndSettings {
  const next = structuredClone(held);
  if (patch.until !== undefined) {
    if (patch.until !== null && !(Number.isSafeInteger(patch.until) && patch.until >= 0)) throw invalid('dnd.until must be a time in epoch milliseconds, or null');
    next.until = patch.until;
  }
  if (patch.schedule !== undefined) {
    const { enabled, start, end, days } = patch.schedule;
    if (typeof enabled !== 'boolean') throw invalid('dnd.schedule.enabled must be true or false');
    if (parseHm(start) === null || parseHm(end) === null) throw invalid('dnd.schedule.start and end must be times as HH:MM');
    if (start === end) throw invalid('Quiet hours cannot start and end at the same time');
    if (!Array.isArray(days) || !days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)) throw invalid('dnd.schedule.days must be days 0 (Sunday) to 6');
    next.schedule = { enabled, start, end, days: [...new Set(days)].sort() };
  }
  if (patch.allow !== undefined) {
    if (!Array.isArray(patch.allow) || !patch.allow.every((id) => typeof id === 'string')) throw invalid('dnd.allow must be a list of user ids');
    if (patch.allow.length > MAX_DND_ALLOW) throw invalid(`At most ${MAX_DND_ALLOW} people can be allowed through Do not disturb`);
    next.allow = [...new Set(patch.allow)];
  }
  return next;
}

/** The delay of email digests as the server keeps it, or its refusal. */
function checkedDelay(v: unknown): number {
  if (!Number.isInteger(v)) throw invalid('emailDelayMinutes must be an integer');
  const n = v as number;
  if (n < EMAIL_DELAY_MIN) throw invalid(`emailDelayMinutes must be at least ${EMAIL_DELAY_MIN}`);
  if (n > EMAIL_DELAY_MAX) throw invalid(`emailDelayMinutes must be at most ${EMAIL_DELAY_MAX}`);
  return n;
}

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
  /** Whether the server sends email (false: no SMTP server configured). */
  emailEnabled = true;
  /** The links emailed, in order: to whom, what for, and the token in the link. */
  readonly mails: Array<{ to: string; kind: 'verify' | 'unsubscribe'; token: string }> = [];
  /** Link tokens received (verify and unsubscribe), in order. */
  readonly linkCalls: Array<[string, string]> = [];
  /** The address each user verified. */
  private readonly verified = new Map<string, string>();
  private readonly verificationsAsked = new Map<string, number>();
  private next = 0;

  constructor(host: FakeNotificationsHost) {
    this.host = host;
  }

  /** The server's clock, for when Do not disturb ends (dndActiveUntil). */
  now: () => number = () => Date.now();

  /**
   * `userId`'s document as the server answers it, with when the Do not disturb in force ends,
   * the user's address and whether it is verified, and whether the server sends email.
   */
  of(userId: string): NotificationSettings {
    const doc = structuredClone(this.byUser.get(userId) ?? DEFAULT_SETTINGS);
    const address = this.host.userList.find((u) => u.id === userId)?.email ?? '';
    return {
      ...doc,
      dndActiveUntil: dndActiveUntil({ ...doc, dndActiveUntil: null }, this.now()),
      emailAddress: address,
      emailVerified: address !== '' && this.verified.get(userId) === address,
      emailAvailable: this.emailEnabled,
    };
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
      if (typeof v !== 'boolean') throw invalid(`${key} must be true or false`);
      next[key] = v;
    }
    if (patch.keywords !== undefined) next.keywords = checkedKeywords(patch.keywords);
    if (patch.timeZone !== undefined) {
      if (typeof patch.timeZone !== 'string' || !isTimeZone(patch.timeZone)) throw invalid(`Unknown time zone: ${String(patch.timeZone)}`);
      next.timeZone = patch.timeZone;
    }
    if (patch.dnd !== undefined) next.dnd = checkedDnd(next.dnd, patch.dnd);
    if (patch.email !== undefined) {
      if (typeof patch.email !== 'boolean') throw invalid('email must be true or false');
      next.email = patch.email;
    }
    if (patch.emailDelayMinutes !== undefined) next.emailDelayMinutes = checkedDelay(patch.emailDelayMinutes);
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

  async requestEmailVerification(token: string): Promise<void> {
    const me = this.userOf(token);
    if (!this.emailEnabled) throw invalid('This server sends no email');
    const asked = (this.verificationsAsked.get(me.id) ?? 0) + 1;
    this.verificationsAsked.set(me.id, asked);
    if (asked > VERIFICATIONS) throw new ApiError(429, 'rate_limited', 'A verification email was sent just now; check your inbox');
    this.mails.push({ to: me.email, kind: 'verify', token: `verify.${me.id}.${me.email}.${++this.next}` });
  }

  async verifyEmail(linkToken: string): Promise<EmailVerified> {
    this.linkCalls.push(['verify', linkToken]);
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const mail = this.mails.find((m) => m.kind === 'verify' && m.token === linkToken);
    const user = mail && this.host.userList.find((u) => linkToken.startsWith(`verify.${u.id}.`));
    if (!mail || !user) throw invalid('This link is not valid or has expired; ask for a new one');
    if (user.email !== mail.to) throw invalid('This link is for an address the account no longer has');
    this.verified.set(user.id, user.email);
    this.tell(user.id);
    return { email: user.email, verified: true };
  }

  async unsubscribeEmail(linkToken: string): Promise<void> {
    this.linkCalls.push(['unsubscribe', linkToken]);
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const user = this.host.userList.find((u) => linkToken === `unsubscribe.${u.id}`);
    if (!user || !this.mails.some((m) => m.kind === 'unsubscribe' && m.token === linkToken)) throw invalid('This link is not valid or has expired');
    this.byUser.set(user.id, { ...this.of(user.id), email: false });
    this.tell(user.id);
  }

  /** A digest mailed to `userId`: the token of its unsubscribe link. */
  digestMailed(userId: string): string {
    const user = this.host.userList.find((u) => u.id === userId);
    if (!user) throw new Error(`no user ${userId}`);
    const token = `unsubscribe.${userId}`;
    this.mails.push({ to: user.email, kind: 'unsubscribe', token });
    return token;
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
