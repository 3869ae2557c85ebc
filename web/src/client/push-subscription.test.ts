// This browser's push subscription against a fake push manager and the fake server: turned on
// it subscribes with the server's key and registers the subscription with a label, reusing the
// browser's subscription made with that key and replacing one made with another; turned off,
// and at logout before the token goes, it unsubscribes and has the server forget it; at each
// start with the device's notifications on it registers again; where the browser has no push
// or the server does not push, it says so and sends nothing.
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { FAKE_PUBLIC_KEY } from './fake-notifications';
import { FakePushPlatform } from './fake-push';
import { FakeServer, until } from './fakes';
import { decodeKey, deviceLabel, sameKey } from './push-subscription';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

describe('push helpers', () => {
  it('decodes the server\'s base64url key and compares it with a subscription\'s', () => {
    const key = decodeKey(FAKE_PUBLIC_KEY);
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
    expect(Array.from(decodeKey('-_8'))).toEqual([0xfb, 0xff]);
    expect(Array.from(decodeKey('AQID'))).toEqual([1, 2, 3]);
    expect(() => decodeKey('not a key!')).toThrow();
    expect(sameKey(new Uint8Array(key).buffer, key)).toBe(true);
    expect(sameKey(new Uint8Array([1, 2, 3]).buffer, key)).toBe(false);
    expect(sameKey(null, key)).toBe(false);
  });

  it('names the device by its browser and system', () => {
    const ua = {
      chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    };
    expect(deviceLabel(ua.chromeLinux)).toBe('Chrome on Linux');
    expect(deviceLabel(ua.headless)).toBe('Chrome on Linux');
    expect(deviceLabel(ua.firefoxWindows)).toBe('Firefox on Windows');
    expect(deviceLabel(ua.edge)).toBe('Edge on Windows');
    expect(deviceLabel(ua.safariMac)).toBe('Safari on macOS');
    expect(deviceLabel(ua.safariIphone)).toBe('Safari on iOS');
    expect(deviceLabel(ua.chromeAndroid)).toBe('Chrome on Android');
    expect(deviceLabel('')).toBe('Browser');
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  platform: FakePushPlatform;
  me: User;
}

async function world({ on = false, signIn = true } = {}): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const platform = new FakePushPlatform();
  platform.on = on;
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications, push: platform });
  stores.push(store);
  if (signIn) {
    await store.login(me.email, 'password');
    await until(() => store.getState().connection === 'connected', 'connected');
  }
  return { server, store, platform, me };
}

const status = (w: World) => w.store.push.view.get().status;
const devices = (w: World) => w.server.notifications.devices.map((d) => ({ endpoint: d.endpoint, label: d.label, userId: d.userId }));

describe('store.push', () => {
  it('subscribes with the server\'s key and registers the subscription with a label', async () => {
    const w = await world();
    expect(await w.store.push.check()).toBe('off');
    w.platform.on = true;
    expect(await w.store.push.enable()).toBe('on');
    expect(w.store.push.active()).toBe(true);
    const sub = w.platform.pushManager.current!;
    expect(Array.from(w.platform.pushManager.subscribed[0]!)).toEqual(Array.from(decodeKey(FAKE_PUBLIC_KEY)));
    expect(devices(w)).toEqual([{ endpoint: sub.endpoint, label: 'Chrome on Linux', userId: w.me.id }]);
    expect(w.server.notifications.devices[0]?.keys).toEqual(sub.toJSON().keys);
  });

  it('reuses the browser\'s subscription made with the same key, and registers it again', async () => {
    const w = await world();
    await w.store.push.enable();
    const first = w.platform.pushManager.current!;
    await w.store.push.enable();
    expect(w.platform.pushManager.subscribed).toHaveLength(1);
    expect(w.platform.pushManager.current).toBe(first);
    expect(devices(w)).toHaveLength(1); // the same endpoint replaced itself
  });

  it('replaces a subscription made with another key', async () => {
    const w = await world();
    await w.store.push.enable();
    const old = w.platform.pushManager.current!;
    w.server.notifications.publicKey = `BB${'B'.repeat(85)}`;
    await w.store.push.enable();
    expect(old.unsubscribed).toBe(true);
    const now = w.platform.pushManager.current!;
    expect(now).not.toBe(old);
    expect(devices(w).map((d) => d.endpoint)).toEqual([now.endpoint]);
  });

  it('unsubscribes and has the server forget it when turned off', async () => {
    const w = await world();
    await w.store.push.enable();
    const sub = w.platform.pushManager.current!;
    await w.store.push.disable();
    expect(sub.unsubscribed).toBe(true);
    expect(status(w)).toBe('off');
    expect(devices(w)).toEqual([]);
    await w.store.push.disable(); // nothing there: nothing happens
    expect(status(w)).toBe('off');
  });

  it('removes the subscription at logout while the token is still good', async () => {
    const w = await world({ on: true });
    await until(() => status(w) === 'on', 'registered at the start');
    const sub = w.platform.pushManager.current!;
    await w.store.logout();
    expect(sub.unsubscribed).toBe(true);
    expect(devices(w)).toEqual([]);
    expect(status(w)).toBe('unknown');
  });

  it('registers again at each start with the device\'s notifications on', async () => {
    const w = await world({ on: true, signIn: false });
    await w.store.login(w.me.email, 'password');
    await until(() => status(w) === 'on', 'registered');
    const endpoint = w.platform.pushManager.current!.endpoint;
    w.server.notifications.devices.splice(0); // the server lost it
    // A reload: a new store over the same browser and storage finds the saved session.
    const storage = new MemoryStorage();
    const again = new ChatStore({ api: w.server, realtime: w.server, storage, notificationsApi: w.server.notifications, push: w.platform });
    stores.push(again);
    await again.login(w.me.email, 'password');
    await until(() => again.push.view.get().status === 'on', 'registered again');
    expect(devices(w).map((d) => d.endpoint)).toEqual([endpoint]);
    expect(w.platform.pushManager.subscribed).toHaveLength(1);
  });

  it('removes a subscription left over when the device\'s notifications are off', async () => {
    const w = await world();
    await w.store.push.enable();
    const sub = w.platform.pushManager.current!;
    await w.store.logout();
    sub.unsubscribed = false;
    w.platform.pushManager.current = sub; // say logging out could not reach the browser's push
    await w.server.notifications.addPushSubscription(`token-${w.me.id}`, { ...sub.toJSON(), label: 'old' });
    w.platform.on = false;
    await w.store.login(w.me.email, 'password');
    await until(() => sub.unsubscribed && devices(w).length === 0, 'removed');
  });

  it('says push is not available where the browser has none or the server does not push, and sends nothing', async () => {
    const w = await world();
    w.platform.supported = false;
    expect(await w.store.push.enable()).toBe('unsupported');
    w.platform.supported = true;
    w.server.notifications.pushEnabled = false;
    expect(await w.store.push.enable()).toBe('disabled');
    expect(w.platform.pushManager.subscribed).toEqual([]);
    expect(devices(w)).toEqual([]);

    const none = new ChatStore({ api: w.server, realtime: w.server, storage: new MemoryStorage(), notificationsApi: w.server.notifications });
    stores.push(none);
    expect(await none.push.check()).toBe('unsupported');
  });

  it('says why when the browser or the server refuses', async () => {
    const w = await world();
    w.platform.pushManager.refuse = new Error('Registration failed - push service not available');
    expect(await w.store.push.enable()).toBe('failed');
    expect(w.store.push.view.get().error).toBe('Registration failed - push service not available');
    w.server.restDown = true;
    expect(await w.store.push.enable()).toBe('failed');
    expect(w.store.push.view.get().error).toMatch(/Cannot reach the server/);
    w.server.restDown = false;
    expect(await w.store.push.enable()).toBe('on');
  });

  it('does one thing at a time, in the order asked', async () => {
    const w = await world();
    const on = w.store.push.enable();
    const off = w.store.push.disable();
    const onAgain = w.store.push.enable();
    await Promise.all([on, off, onAgain]);
    expect(status(w)).toBe('on');
    expect(devices(w)).toHaveLength(1);
    expect(w.platform.pushManager.subscribed).toHaveLength(2);
  });

  it('leaves nothing of a session that ended meanwhile', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.platform.gate = gate;
    const enabling = w.store.push.enable();
    await until(() => gate.length === 1, 'asking for the push manager');
    expect(status(w)).toBe('working');
    const out = w.store.logout();
    w.platform.gate = null;
    gate.shift()!();
    await Promise.all([enabling, out]);
    expect(status(w)).toBe('unknown');
  });

  it('ends the session when the server refuses the token', async () => {
    const w = await world();
    const failing = Object.create(w.server.notifications) as typeof w.server.notifications;
    failing.pushKey = async () => {
      throw new ApiError(401, 'unauthorized', 'Invalid token');
    };
    const store = new ChatStore({ api: w.server, realtime: w.server, storage: new MemoryStorage(), notificationsApi: failing, push: w.platform });
    stores.push(store);
    await store.login(w.me.email, 'password');
    await store.push.enable();
    expect(store.getState().auth.status).toBe('anonymous');
  });
});
