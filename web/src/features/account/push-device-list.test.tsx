// @vitest-environment happy-dom
// "Devices that get push notifications" in the Notifications dialog, against the fake server and
// a fake push manager: each device with its name, when it was added and a Remove button named
// for it, this browser's marked; "No device gets push notifications yet." for none; a polite
// status while loading and after a removal; removing this browser's entry turns its switch off
// and unsubscribes it; a failure to load or remove says the server's words with a retry, and the
// rest of the dialog works on; nothing of it where the server does not push.
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { ApiError } from '../../client/errors';
import { FakePushPlatform } from '../../client/fake-push';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { formatDate } from '../../shared/format';
import { NotificationsDialog } from './NotificationsDialog';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
beforeEach(() => {
  // The browser's Notification, granted: this device's notifications can be on.
  (globalThis as { Notification?: unknown }).Notification = { permission: 'granted', requestPermission: async () => 'granted' };
  localStorage.clear();
});
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  delete (globalThis as { Notification?: unknown }).Notification;
});

interface Options {
  /** This browser's notifications on and registered before the dialog opens. */
  subscribed?: boolean;
  /** Labels of the user's other devices, registered before the dialog opens. */
  others?: string[];
  prepare?: (server: FakeServer) => void;
}

async function setup({ subscribed = false, others = [], prepare = () => undefined }: Options = {}) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const platform = new FakePushPlatform();
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications, push: platform });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');
  if (subscribed) {
    localStorage.setItem('parley.desktopNotifications', 'on');
    platform.on = true;
    await store.push.enable();
  }
  for (const [i, label] of others.entries()) {
    const keys = { p256dh: 'p', auth: 'a' };
    await server.notifications.addPushSubscription(`token-${me.id}`, { endpoint: `https://push.example.com/other/${i}`, expirationTime: null, keys, label });
  }
  prepare(server);

  const { el, q, wait, click } = await renderDialog(store, <NotificationsDialog onClose={() => undefined} />, cleanups);
  const section = () => q('[data-testid="push-devices"]');
  const rows = () => [...el.querySelectorAll<HTMLElement>('[data-testid="push-device"]')];
  const names = () => rows().map((r) => r.querySelector('span')?.textContent);
  const button = (name: string) => [...el.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name) ?? null;
  const status = () => q('[data-testid="push-devices-status"]')?.textContent ?? '';
  const alert = () => section()?.querySelector('[role="alert"]')?.textContent ?? '';
  return { server, store, platform, me, el, q, wait, click, section, rows, names, button, status, alert };
}

it('lists each device with its name, when it was added and a Remove button named for it, this one marked', async () => {
  const t = await setup({ others: ['Phone'], subscribed: true });
  await t.wait(() => t.rows().length === 2, 'listed');
  expect(t.section()?.querySelector('h4')?.textContent).toBe('Devices that get push notifications');
  expect(t.names()).toEqual(['Chrome on Linux', 'Phone']); // oldest first
  const [mine, phone] = t.rows();
  const stored = t.server.notifications.devices;
  expect(phone?.textContent).toBe(`Phoneadded ${formatDate(stored[1]!.createdAt)}Remove`);
  expect(mine?.textContent).toContain('This device');
  expect(phone?.textContent).not.toContain('This device');
  expect(t.button('Remove Phone')?.textContent).toBe('Remove');
  expect(t.button('Remove Chrome on Linux (this device)')).not.toBeNull();
  expect(t.section()?.querySelector('ul')?.getAttribute('aria-labelledby')).toBe(t.section()?.querySelector('h4')?.id);
});

it('says when no device gets push notifications', async () => {
  const t = await setup();
  await t.wait(() => t.section()?.textContent?.includes('No device gets push notifications yet.') === true, 'empty');
  expect(t.rows()).toEqual([]);
});

it('says politely that the list is loading', async () => {
  const gate: Array<() => void> = [];
  const t = await setup({ others: ['Phone'], prepare: (server) => (server.notifications.devicesGate = gate) });
  await t.wait(() => gate.length === 1, 'asked');
  expect(t.status()).toBe('Loading your devices…');
  expect(t.q('[data-testid="push-devices-status"]')?.getAttribute('role')).toBe('status');
  t.server.notifications.devicesGate = null;
  await act(async () => gate.shift()!());
  await t.wait(() => t.rows().length === 1, 'listed');
  expect(t.status()).toBe('');
});

it('removes another device at the server, says so, and keeps the focus in the list', async () => {
  const t = await setup({ others: ['Phone', 'Tablet'], subscribed: true });
  await t.wait(() => t.rows().length === 3, 'listed');
  t.button('Remove Phone')?.focus();
  await t.click(t.button('Remove Phone'));
  await t.wait(() => t.names().join() === 'Chrome on Linux,Tablet', 'removed');
  expect(t.server.notifications.devices.map((d) => d.label)).toEqual(['Chrome on Linux', 'Tablet']);
  expect(t.status()).toBe('Phone removed.');
  expect(document.activeElement).toBe(t.section()?.querySelector('h4'));
  expect(t.q('[data-testid="notifications-desktop"]')?.getAttribute('aria-checked')).toBe('true');
});

it('removing this device\'s entry turns its switch off and unsubscribes this browser', async () => {
  const t = await setup({ others: ['Phone'], subscribed: true });
  await t.wait(() => t.rows().length === 2, 'listed');
  const sub = t.platform.pushManager.current!;
  expect(t.q('[data-testid="notifications-desktop"]')?.getAttribute('aria-checked')).toBe('true');

  await t.click(t.button('Remove Chrome on Linux (this device)'));
  await t.wait(() => t.q('[data-testid="notifications-desktop"]')?.getAttribute('aria-checked') === 'false', 'switch off');
  await t.wait(() => sub.unsubscribed, 'unsubscribed');
  expect(t.names()).toEqual(['Phone']);
  expect(t.server.notifications.devices.map((d) => d.label)).toEqual(['Phone']);
  expect(localStorage.getItem('parley.desktopNotifications')).toBe('off');
  await t.wait(() => t.store.push.view.get().status === 'off', 'push off');
});

it('says why loading failed, with a retry, while the rest of the dialog works', async () => {
  const t = await setup({
    others: ['Phone'],
    prepare: (server) => (server.notifications.failDevices = [new ApiError(500, 'internal', 'The database is busy')]),
  });
  await t.wait(() => t.alert() !== '', 'failed');
  expect(t.alert()).toBe('Could not load your devices: The database is busy' + 'Try again');
  await t.click(t.q('[data-testid="notifications-previews"]'));
  await t.wait(() => t.server.notifications.of(t.me.id).previews === false, 'the rest saves');

  await t.click(t.button('Try again'));
  await t.wait(() => t.rows().length === 1, 'listed');
  expect(t.alert()).toBe('');
});

it('says why a removal failed, keeps the device, and removes it when tried again', async () => {
  const t = await setup({ others: ['Phone'] });
  await t.wait(() => t.rows().length === 1, 'listed');
  t.server.notifications.failDevices = [new ApiError(500, 'internal', 'The database is busy')];
  await t.click(t.button('Remove Phone'));
  await t.wait(() => t.alert() !== '', 'failed');
  expect(t.alert()).toBe('Could not remove Phone: The database is busy' + 'Try again');
  expect(t.names()).toEqual(['Phone']);

  await t.click(t.button('Try again to remove Phone'));
  await t.wait(() => t.rows().length === 0, 'removed');
  expect(t.alert()).toBe('');
  expect(t.server.notifications.devices).toEqual([]);
});

it('shows a Remove button as busy while its removal is on its way', async () => {
  const t = await setup({ others: ['Phone'] });
  await t.wait(() => t.rows().length === 1, 'listed');
  const gate: Array<() => void> = [];
  t.server.notifications.devicesGate = gate;
  await t.click(t.button('Remove Phone'));
  await t.wait(() => gate.length === 1, 'asked');
  expect(t.button('Remove Phone')?.textContent).toBe('Removing…');
  expect(t.button('Remove Phone')?.getAttribute('aria-disabled')).toBe('true');
  await t.click(t.button('Remove Phone')); // asks nothing more
  expect(gate).toHaveLength(1);
  t.server.notifications.devicesGate = null;
  await act(async () => gate.shift()!());
  await t.wait(() => t.rows().length === 0, 'removed');
});

it('is not there where the server does not push', async () => {
  const t = await setup({ prepare: (server) => (server.notifications.pushEnabled = false) });
  await t.wait(() => t.store.push.view.get().status === 'disabled', 'checked');
  expect(t.section()).toBeNull();
});
