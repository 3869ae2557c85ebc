// Keywords, the time zone and Do not disturb through store.notifications against the fake
// server: each change shown at once and sent as one PATCH (Do not disturb by its parts), when
// the Do not disturb in force ends shown before the server answers and then as it says, this
// device's time zone given with the first change while the server has the default (never over
// a zone chosen), and the server's refusals in its words.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, until } from './fakes';
import { dndActiveUntil } from './dnd';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import { DND_FOREVER } from './notifications-wire';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const NOW = Date.UTC(2025, 0, 15, 12, 0);
const HOUR = 3600 * 1000;

async function world(deviceZone = 'UTC') {
  const server = new FakeServer();
  server.notifications.now = () => NOW;
  const me = server.addUser('Me', true);
  const ann = server.addUser('Ann', true);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    notificationsApi: server.notifications,
    now: () => new Date(NOW),
    timeZone: () => deviceZone,
  });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');
  return { server, store, me, ann };
}

const patches = (server: FakeServer) => server.notifications.changes.filter(([route]) => route.startsWith('PATCH')).map(([, body]) => body);
const saved = (store: ChatStore) => until(() => store.notifications.view.get().save === 'saved', 'saved');

describe('Do not disturb through the store', () => {
  it('turns it on for a while: shown in force at once, then as the server says', async () => {
    const { server, store, me } = await world();
    store.notifications.setDndUntil(NOW + HOUR);
    expect(store.notifications.settings()?.dnd.until).toBe(NOW + HOUR);
    expect(dndActiveUntil(store.notifications.settings(), NOW)).toBe(NOW + HOUR);
    await saved(store);
    expect(patches(server)).toEqual([{ dnd: { until: NOW + HOUR } }]);
    expect(store.notifications.settings()?.dndActiveUntil).toBe(NOW + HOUR);
    expect(server.notifications.of(me.id).dnd.until).toBe(NOW + HOUR);

    store.notifications.setDndUntil(null);
    expect(dndActiveUntil(store.notifications.settings(), NOW)).toBeNull();
    await saved(store);
    expect(store.notifications.settings()?.dndActiveUntil).toBeNull();
  });

  it('keeps the quiet hours, the people allowed and the keywords, each its own change', async () => {
    const { server, store, me, ann } = await world();
    const quiet = { enabled: true, start: '11:00', end: '13:30', days: [1, 2, 3] };
    store.notifications.setQuietHours(quiet);
    store.notifications.setDndAllow([ann.id]);
    store.notifications.setKeywords(['deploy', 'release notes']);
    await until(() => patches(server).length === 3 && store.notifications.view.get().save === 'saved', 'all saved');
    expect(patches(server)).toEqual([{ dnd: { schedule: quiet } }, { dnd: { allow: [ann.id] } }, { keywords: ['deploy', 'release notes'] }]);
    expect(server.notifications.of(me.id)).toMatchObject({
      keywords: ['deploy', 'release notes'],
      dnd: { until: null, schedule: quiet, allow: [ann.id] },
      // A Wednesday at 12:00 UTC is inside the quiet hours.
      dndActiveUntil: Date.UTC(2025, 0, 15, 13, 30),
    });
    expect(store.notifications.settings()).toMatchObject({ dnd: { schedule: quiet, allow: [ann.id] }, dndActiveUntil: Date.UTC(2025, 0, 15, 13, 30) });
  });

  it('puts back what the server has when it refuses, in its words', async () => {
    const { store } = await world();
    store.notifications.setQuietHours({ enabled: true, start: '22:00', end: '22:00', days: [1] });
    await until(() => store.notifications.view.get().save === 'failed', 'refused');
    expect(store.notifications.view.get().error).toBe('Not saved: Quiet hours cannot start and end at the same time');
    expect(store.notifications.settings()?.dnd.schedule.enabled).toBe(false);

    store.notifications.setKeywords(['x']);
    await until(() => store.notifications.view.get().error === 'Not saved: A keyword must have 2 to 40 characters', 'keyword refused');
    expect(store.notifications.settings()?.keywords).toEqual([]);
  });
});

describe('the time zone', () => {
  it('goes with the user’s first change while the server has the default, once', async () => {
    const { server, store, me } = await world('Europe/Berlin');
    expect(store.notifications.pendingTimeZone()).toBe('Europe/Berlin');
    store.notifications.setSound(false);
    expect(store.notifications.settings()?.timeZone).toBe('Europe/Berlin');
    store.notifications.setDndUntil(DND_FOREVER);
    await until(() => patches(server).length === 2 && store.notifications.view.get().save === 'saved', 'saved');
    expect(patches(server)).toEqual([{ sound: false, timeZone: 'Europe/Berlin' }, { dnd: { until: DND_FOREVER } }]);
    expect(server.notifications.of(me.id).timeZone).toBe('Europe/Berlin');
    expect(store.notifications.pendingTimeZone()).toBeNull();
  });

  it('is not given over one the server has, nor over one the user chose', async () => {
    const a = await world('Europe/Berlin');
    a.store.notifications.setTimeZone('UTC');
    a.store.notifications.setSound(false);
    await until(() => patches(a.server).length === 2 && a.store.notifications.view.get().save === 'saved', 'saved');
    expect(patches(a.server)).toEqual([{ timeZone: 'UTC' }, { sound: false }]);

    const b = await world('Europe/Berlin');
    b.server.notifications.changeElsewhere(b.me.id, { ...b.server.notifications.of(b.me.id), timeZone: 'Asia/Tokyo' });
    expect(b.store.notifications.pendingTimeZone()).toBeNull();
    b.store.notifications.setSound(false);
    await saved(b.store);
    expect(patches(b.server)).toEqual([{ sound: false }]);
  });

  it('is refused when the server does not know it', async () => {
    const { store } = await world();
    store.notifications.setTimeZone('Mars/Olympus');
    await until(() => store.notifications.view.get().save === 'failed', 'refused');
    expect(store.notifications.view.get().error).toBe('Not saved: Unknown time zone: Mars/Olympus');
    expect(store.notifications.settings()?.timeZone).toBe('UTC');
  });
});
