// This browser's Web Push subscription, kept in step with the device's notification setting:
// turned on (once the browser's permission is granted) it subscribes with the server's key
// (reusing the subscription the browser has when it was made with that key, making a new one
// when the key changed) and registers it with the server, labelled with the browser's name;
// turned off, or on logout, it unsubscribes and has the server forget it. At each start with
// the setting on it registers the subscription again (the server takes the same one twice), so
// a subscription the browser renewed, or one the server lost, reaches the server. Where the
// browser has no push, or the server does not push, `status` says so and nothing is sent: the
// in-page notifications still work. One operation at a time, in the order asked. The user's
// devices that get push notifications, this one among them, are listed by `devices`
// (push-devices.ts), told here of this browser's own registering and forgetting. Used by
// ChatStore (its `push`); the browser's side comes in as a PushPlatform (push-platform.ts, a
// fake in the tests).
import { t } from '../i18n/core';
import { errorMessage } from './errors';
import type { NotificationsApi } from './notifications-api';
import type { PushSubscriptionBody } from './notifications-wire';
import { PushDevices } from './push-devices';
import { Slice } from './slices/slice';

/** The parts of the browser's PushSubscription used here. */
export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options: { readonly applicationServerKey: ArrayBuffer | null };
  toJSON(): { endpoint?: string; expirationTime?: number | null; keys?: Record<string, string> };
  unsubscribe(): Promise<boolean>;
}

/** The parts of the browser's PushManager used here. */
export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array<ArrayBuffer> }): Promise<PushSubscriptionLike>;
}

/** What the subscription needs of the browser. */
export interface PushPlatform {
  /** The service worker's push manager; null where push cannot work here. */
  manager(): Promise<PushManagerLike | null>;
  /** Whether the user turned this device's notifications on (and the browser allows them). */
  wanted(): boolean;
  /** The browser's user agent, for the device's label. */
  readonly userAgent: string;
}

/**
 * 'unknown' until checked; 'unsupported': the browser has no push; 'disabled': the server
 * does not push; 'off': possible, not subscribed; 'on': subscribed and registered; 'failed':
 * subscribing or registering did not work (`error` says why).
 */
export type PushStatus = 'unknown' | 'working' | 'unsupported' | 'disabled' | 'off' | 'on' | 'failed';

export interface PushView {
  status: PushStatus;
  error: string | null;
}

export interface PushHost {
  /** null: this client does not talk push with the server. */
  readonly api: NotificationsApi | null;
  /** null: no push in this environment. */
  readonly platform: PushPlatform | null;
  /** The session's token ('' when signed out). */
  token(): string;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

const INITIAL: PushView = { status: 'unknown', error: null };
const MAX_LABEL = 100;

/** The bytes of a base64url string (the server's public key); throws on anything else. */
export function decodeKey(base64url: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(base64url)) throw new Error(t('app.push.badKey'));
  const base64 = base64url.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether a subscription's key is `key`. */
export function sameKey(held: ArrayBuffer | null, key: Uint8Array): boolean {
  if (!held || held.byteLength !== key.length) return false;
  const a = new Uint8Array(held);
  return a.every((b, i) => b === key[i]);
}

/** A name for this device from its user agent: "Chrome on Linux", "Safari on iOS". */
export function deviceLabel(userAgent: string): string {
  const ua = userAgent;
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(ua)
        ? 'Firefox'
        : /SamsungBrowser\//.test(ua)
          ? 'Samsung Internet'
          : /Chromium\//.test(ua)
            ? 'Chromium'
            : /Chrome\/|CriOS\//.test(ua)
              ? 'Chrome'
              : /Safari\//.test(ua)
                ? 'Safari'
                : t('notifications.devices.browser');
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /CrOS/.test(ua)
        ? 'ChromeOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : '';
  return (os ? t('notifications.devices.label', { browser, os }) : browser).slice(0, MAX_LABEL);
}

/** What POST /api/v1/push/subscriptions takes of a subscription; null when it lacks its keys. */
export function subscriptionBody(sub: PushSubscriptionLike, label: string): PushSubscriptionBody | null {
  const json = sub.toJSON();
  const p256dh = json.keys?.p256dh;
  const auth = json.keys?.auth;
  if (!p256dh || !auth) return null;
  return { endpoint: json.endpoint ?? sub.endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh, auth }, label };
}

export class PushSubscriber {
  readonly view = new Slice<PushView>(INITIAL);
  /** The user's devices that get push notifications (loaded by the Notifications dialog). */
  readonly devices: PushDevices;

  private readonly host: PushHost;
  /** The operation running now; the next waits for it. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(host: PushHost) {
    this.host = host;
    this.devices = new PushDevices({
      api: host.api,
      token: () => host.token(),
      session: () => host.session(),
      handleError: (err, s, loud) => host.handleError(err, s, loud),
      thisEndpoint: () => this.endpoint(),
    });
  }

  /** Pushes reach this device now. */
  active(): boolean {
    return this.view.get().status === 'on';
  }

  /** Forgets what was known (the session ended); the browser's subscription is left as it is. */
  reset(): void {
    this.view.set(INITIAL);
    this.devices.reset();
  }

  /** The endpoint of this browser's push subscription; null: none, or no push here. */
  async endpoint(): Promise<string | null> {
    const manager = await this.host.platform?.manager().catch(() => null);
    const sub = await manager?.getSubscription().catch(() => null);
    return sub?.endpoint ?? null;
  }

  /**
   * Finds out whether push can work here (the dialog opened); a subscription being made, made,
   * or failed stays as it is.
   */
  check(): Promise<PushStatus> {
    return this.run(async () => {
      const known = this.view.get().status;
      if (known === 'on' || known === 'working' || known === 'failed') return known;
      const s = this.host.session();
      try {
        const where = await this.where();
        if (typeof where === 'string') return this.settle(s, where);
        return this.settle(s, (await where.manager.getSubscription()) && this.host.platform?.wanted() ? 'on' : 'off');
      } catch (err) {
        return this.failed(err, s);
      }
    });
  }

  /**
   * At the start of a session: registers this browser again when the device's notifications
   * are on; removes a subscription left over when they are off.
   */
  resume(): Promise<PushStatus> {
    if (this.host.platform?.wanted()) return this.enable();
    return this.run(async () => {
      const manager = await this.host.platform?.manager().catch(() => null);
      const sub = await manager?.getSubscription().catch(() => null);
      if (sub) await this.forget(sub, this.host.token());
      return this.view.get().status;
    });
  }

  /** Subscribes this browser and registers it with the server (the permission is granted). */
  enable(): Promise<PushStatus> {
    return this.run(async () => {
      const s = this.host.session();
      const token = this.host.token();
      this.set('working');
      try {
        const where = await this.where();
        if (typeof where === 'string') return this.settle(s, where);
        const { api, manager, key } = where;
        let sub = await manager.getSubscription();
        if (sub && !sameKey(sub.options.applicationServerKey, key)) {
          // Made with another key (the server's changed): the push service would refuse it.
          await this.forget(sub, token);
          sub = null;
        }
        sub ??= await manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        const body = subscriptionBody(sub, deviceLabel(this.host.platform?.userAgent ?? ''));
        if (!body) return this.settle(s, 'failed', t('app.push.noKeys'));
        // The server answers the device as stored; a list held shows it at once.
        const device = await api.addPushSubscription(token, body);
        if (s === this.host.session() && typeof device?.id === 'string') this.devices.registered(device);
        return this.settle(s, 'on');
      } catch (err) {
        return this.failed(err, s);
      }
    });
  }

  /**
   * Unsubscribes this browser and has the server forget it (the device's notifications turned
   * off; or logging out, with the session's `token` while it is still good).
   */
  disable(token = this.host.token()): Promise<void> {
    return this.run(async () => {
      const manager = await this.host.platform?.manager().catch(() => null);
      const sub = await manager?.getSubscription().catch(() => null);
      if (sub) await this.forget(sub, token);
      if (this.view.get().status === 'on' || this.view.get().status === 'failed') this.set('off');
    });
  }

  /** Unsubscribes `sub` here and at the server (best effort: each side alone is still worth it). */
  private async forget(sub: PushSubscriptionLike, token: string): Promise<void> {
    const endpoint = sub.endpoint;
    await sub.unsubscribe().catch(() => false);
    if (!token || !this.host.api) return;
    await this.host.api.removePushEndpoint(token, endpoint).then(
      () => this.devices.forgotten(endpoint),
      () => undefined,
    );
  }

  /** The push manager and the server's key, or why push cannot work; throws what the server refused. */
  private async where(): Promise<
    { api: NotificationsApi; manager: PushManagerLike; key: Uint8Array<ArrayBuffer> } | 'unsupported' | 'disabled'
  > {
    const { api, platform } = this.host;
    if (!api || !platform) return 'unsupported';
    const manager = await platform.manager().catch(() => null);
    if (!manager) return 'unsupported';
    const answer = await api.pushKey(this.host.token());
    if (!answer?.enabled || typeof answer.publicKey !== 'string') return 'disabled';
    return { api, manager, key: decodeKey(answer.publicKey) };
  }

  private set(status: PushStatus, error: string | null = null): PushStatus {
    this.view.set({ status, error });
    return status;
  }

  /** `status` shown, unless the session `s` it was found in has ended meanwhile. */
  private settle(s: number, status: PushStatus, error: string | null = null): PushStatus {
    return s === this.host.session() ? this.set(status, error) : this.view.get().status;
  }

  private failed(err: unknown, s: number): PushStatus {
    if (s !== this.host.session()) return this.view.get().status;
    this.host.handleError(err, s, false);
    return this.set('failed', errorMessage(err));
  }

  private run<T>(op: () => Promise<T>): Promise<T> {
    const next = this.last.then(op, op);
    this.last = next.catch(() => undefined);
    return next;
  }
}
