// The user's devices that get push notifications (store.push.devices) against the fake server
// and a fake push manager: listed oldest first, only one's own, with this browser's marked;
// removed by id (another's answers 404 and stays); this browser's own removal says so; a failure
// to load or remove says the server's words and can be tried again; a device already gone leaves
// the list; this browser registering or forgetting its subscription shows at once, also over a
// load on its way; nothing of a session that ended.
import { afterEach, expect, it } from 'vitest';

import { ApiError } from './errors';
import { FakePushPlatform } from './fake-push';
import { FakeServer, until } from './fakes';
import type { PushSubscriptionBody } from './notifications-wire';
import { deviceName, isThisDevice } from './push-devices';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

interface World {
  server: FakeServer;
  store: ChatStore;
  platform: FakePushPlatform;
  me: User;
  /** Registers a device of `user` at the server, as another browser of theirs would. */
  other(label: string, user?: User): Promise<string>;
}

let n = 0;

async function world(): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const platform = new FakePushPlatform();
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications, push: platform });
  stores.push(store);
  await store.login(me.email, 'password');
  const other = async (label: string, user = me) => {
    const body: PushSubscriptionBody = { endpoint: `https://push.example.com/other/${++n}`, expirationTime: null, keys: { p256dh: 'p', auth: 'a' }, label };
    return (await server.notifications.addPushSubscription(`token-${user.id}`, body)).id;
  };
  return { server, store, platform, me, other };
}

const view = (w: World) => w.store.push.devices.view.get();
const labels = (w: World) => view(w).devices?.map((d) => d.label);
const thisOne = (w: World) => view(w).devices?.filter((d) => isThisDevice(view(w), d)).map((d) => d.label);
const atServer = (w: World) => w.server.notifications.devices.filter((d) => d.userId === w.me.id).map((d) => d.label);

it('lists only the user\'s own devices, oldest first, with this browser\'s marked', async () => {
  const w = await world();
  const someoneElse = w.server.addUser('Someone', true);
  await w.other('Phone');
  await w.other('Their laptop', someoneElse);
  await w.store.push.enable();
  await w.other('Tablet');
  expect(view(w).devices).toBeNull();

  await w.store.push.devices.load();
  expect(labels(w)).toEqual(['Phone', 'Chrome on Linux', 'Tablet']);
  expect(thisOne(w)).toEqual(['Chrome on Linux']);
  expect(view(w)).toMatchObject({ loading: false, loadError: null, thisEndpoint: w.platform.pushManager.current?.endpoint });
});

it('lists none when no device gets push notifications, and marks none without a subscription', async () => {
  const w = await world();
  await w.store.push.devices.load();
  expect(view(w).devices).toEqual([]);
  await w.other('Phone');
  await w.store.push.devices.load();
  expect(thisOne(w)).toEqual([]);
  expect(view(w).thisEndpoint).toBeNull();
});

it('says it is loading while the list is on its way', async () => {
  const w = await world();
  const gate: Array<() => void> = [];
  w.server.notifications.devicesGate = gate;
  const loading = w.store.push.devices.load();
  await until(() => gate.length === 1, 'asked');
  expect(view(w)).toMatchObject({ devices: null, loading: true });
  gate.shift()!();
  await loading;
  expect(view(w)).toMatchObject({ devices: [], loading: false });
});

it('removes another device by id', async () => {
  const w = await world();
  await w.store.push.enable();
  const phone = await w.other('Phone');
  await w.store.push.devices.load();
  expect(await w.store.push.devices.remove(phone)).toBe('removed');
  expect(labels(w)).toEqual(['Chrome on Linux']);
  expect(atServer(w)).toEqual(['Chrome on Linux']);
  expect(w.platform.pushManager.current?.unsubscribed).toBe(false);
});

it('says when the removed device was this browser, which then unsubscribes as when turned off', async () => {
  const w = await world();
  await w.store.push.enable();
  await w.other('Phone');
  await w.store.push.devices.load();
  const mine = view(w).devices!.find((d) => isThisDevice(view(w), d))!;
  const sub = w.platform.pushManager.current!;

  expect(await w.store.push.devices.remove(mine.id)).toBe('this device');
  expect(labels(w)).toEqual(['Phone']);
  expect(view(w).thisEndpoint).toBeNull();
  await w.store.push.disable(); // what the dialog does next, as its switch turned off
  expect(sub.unsubscribed).toBe(true);
  expect(w.store.push.view.get().status).toBe('off');
  expect(labels(w)).toEqual(['Phone']);
  expect(atServer(w)).toEqual(['Phone']);
});

it('keeps to the server\'s rule: another person\'s device is not found, and stays', async () => {
  const w = await world();
  const theirs = await w.other('Their phone', w.server.addUser('Someone', true));
  await expect(w.server.notifications.removePushDevice(`token-${w.me.id}`, theirs)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  expect(w.server.notifications.devices.map((d) => d.label)).toEqual(['Their phone']);
  // Not held in the list: nothing is asked.
  expect(await w.store.push.devices.remove(theirs)).toBe('failed');
});

it('says why loading failed in the server\'s words, and loads when tried again', async () => {
  const w = await world();
  await w.other('Phone');
  w.server.notifications.failDevices = [new ApiError(500, 'internal', 'The database is busy')];
  await w.store.push.devices.load();
  expect(view(w)).toMatchObject({ devices: null, loading: false, loadError: 'The database is busy' });
  await w.store.push.devices.load();
  expect(view(w)).toMatchObject({ loadError: null });
  expect(labels(w)).toEqual(['Phone']);
});

it('keeps a device whose removal failed, says why with its name, and removes it when tried again', async () => {
  const w = await world();
  const phone = await w.other('Phone');
  await w.store.push.devices.load();
  w.server.notifications.failDevices = [new ApiError(500, 'internal', 'The database is busy')];
  expect(await w.store.push.devices.remove(phone)).toBe('failed');
  expect(view(w)).toMatchObject({ removing: [], removeError: { id: phone, label: 'Phone', message: 'The database is busy' } });
  expect(labels(w)).toEqual(['Phone']);

  expect(await w.store.push.devices.remove(phone)).toBe('removed');
  expect(view(w)).toMatchObject({ devices: [], removing: [], removeError: null });
});

it('lets a device removed from elsewhere meanwhile leave the list', async () => {
  const w = await world();
  const phone = await w.other('Phone');
  await w.store.push.devices.load();
  await w.server.notifications.removePushDevice(`token-${w.me.id}`, phone);
  expect(await w.store.push.devices.remove(phone)).toBe('removed');
  expect(view(w)).toMatchObject({ devices: [], removeError: null });
});

it('shows this browser registering and forgetting its subscription at once', async () => {
  const w = await world();
  await w.other('Phone');
  await w.store.push.devices.load();
  await w.store.push.enable();
  expect(labels(w)).toEqual(['Phone', 'Chrome on Linux']);
  expect(thisOne(w)).toEqual(['Chrome on Linux']);
  await w.store.push.disable();
  expect(labels(w)).toEqual(['Phone']);
  expect(view(w).thisEndpoint).toBeNull();
});

it('loads again when this browser registered while a load was on its way', async () => {
  const w = await world();
  await w.store.push.devices.load();
  const gate: Array<() => void> = [];
  w.server.notifications.devicesGate = gate;
  const loading = w.store.push.devices.load();
  await until(() => gate.length === 1, 'asked');
  w.server.notifications.devicesGate = null;
  await w.store.push.enable(); // the server now has it; the answer on its way may not
  gate.shift()!();
  await loading;
  expect(labels(w)).toEqual(['Chrome on Linux']);
  expect(thisOne(w)).toEqual(['Chrome on Linux']);
});

it('forgets the list when the session ends, and shows nothing of a load answered after', async () => {
  const w = await world();
  await w.other('Phone');
  await w.store.push.devices.load();
  const gate: Array<() => void> = [];
  w.server.notifications.devicesGate = gate;
  const loading = w.store.push.devices.load();
  await until(() => gate.length === 1, 'asked');
  await w.store.logout();
  expect(view(w).devices).toBeNull();
  gate.shift()!();
  await loading;
  expect(view(w)).toMatchObject({ devices: null, loading: false, loadError: null });
});

it('names a device without a label', () => {
  expect(deviceName({ id: '1', endpoint: 'https://x', label: '  ', createdAt: 0 })).toBe('Unnamed device');
  expect(deviceName({ id: '1', endpoint: 'https://x', label: 'Phone', createdAt: 0 })).toBe('Phone');
});
