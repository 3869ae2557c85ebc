// A stand-in for the browser's side of Web Push (push-subscription.ts's PushPlatform): a push
// manager that hands out one subscription at a time, as a browser does, with the key it was
// made with, and can be made to refuse (a push service that cannot be reached). Used only by
// the unit tests.
import type { PushManagerLike, PushPlatform, PushSubscriptionLike } from './push-subscription';

let made = 0;

export class FakeSubscription implements PushSubscriptionLike {
  readonly endpoint: string;
  readonly options: { readonly applicationServerKey: ArrayBuffer | null };
  unsubscribed = false;
  private readonly manager: FakePushManager;
  private readonly n = ++made;

  constructor(manager: FakePushManager, key: Uint8Array) {
    this.manager = manager;
    this.endpoint = `https://push.example.com/send/${this.n}`;
    this.options = { applicationServerKey: new Uint8Array(key).buffer };
  }

  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: `p256dh-${this.n}`, auth: `auth-${this.n}` } };
  }

  async unsubscribe(): Promise<boolean> {
    this.unsubscribed = true;
    if (this.manager.current === this) this.manager.current = null;
    return true;
  }
}

export class FakePushManager implements PushManagerLike {
  current: FakeSubscription | null = null;
  /** subscribe() calls, with the key each asked for. */
  readonly subscribed: Uint8Array[] = [];
  /** The next subscribe() fails with this. */
  refuse: Error | null = null;

  async getSubscription(): Promise<FakeSubscription | null> {
    return this.current;
  }

  async subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }): Promise<FakeSubscription> {
    if (!options.userVisibleOnly) throw new Error('userVisibleOnly must be true');
    const refusal = this.refuse;
    this.refuse = null;
    if (refusal) throw refusal;
    this.subscribed.push(options.applicationServerKey);
    this.current ??= new FakeSubscription(this, options.applicationServerKey);
    return this.current;
  }
}

export class FakePushPlatform implements PushPlatform {
  readonly pushManager = new FakePushManager();
  /** The device's notifications are on. */
  on = false;
  /** false: the browser has no push (manager() answers null). */
  supported = true;
  /** While set, each manager() call answers only when the test calls its entry. */
  gate: Array<() => void> | null = null;
  readonly userAgent: string;

  constructor(userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36') {
    this.userAgent = userAgent;
  }

  async manager(): Promise<FakePushManager | null> {
    const gate = this.gate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return this.supported ? this.pushManager : null;
  }

  wanted(): boolean {
    return this.on;
  }
}
