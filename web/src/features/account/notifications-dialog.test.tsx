// @vitest-environment happy-dom
// The Notifications dialog against the fake server and a fake push manager: turning this
// device's notifications on asks the browser's permission and subscribes this browser to push,
// registered with the server (off: gone from both); it says when push is not available here; the
// switches kept by the server (push, previews, sound) save at once, sound also on this device;
// and a refusal shows in words with what the server has put back.
import { afterEach, beforeEach, expect, it } from 'vitest';

import { ApiError } from '../../client/errors';
import { FakePushPlatform } from '../../client/fake-push';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { NotificationsDialog } from './NotificationsDialog';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The browser's Notification, as far as the dialog asks it: the permission, granted when asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.answer;
  }
}

const cleanups: (() => void)[] = [];
beforeEach(() => {
  FakeNotification.permission = 'default';
  FakeNotification.answer = 'granted';
  (globalThis as { Notification?: unknown }).Notification = FakeNotification;
  localStorage.clear();
});
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  delete (globalThis as { Notification?: unknown }).Notification;
});

async function setup(prepare: (server: FakeServer, platform: FakePushPlatform) => void = () => undefined) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const platform = new FakePushPlatform();
  prepare(server, platform);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications, push: platform });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');

  const { el, q, wait, click } = await renderDialog(store, <NotificationsDialog onClose={() => undefined} />, cleanups);
  const checked = (id: string) => q(`[data-testid="${id}"]`)?.getAttribute('aria-checked');
  const text = (id: string) => q(`[data-testid="${id}"]`)?.textContent ?? '';
  await wait(() => q('[data-testid="notifications-push"]') !== null, 'loaded');
  return { server, store, platform, me, el, q, wait, click, checked, text };
}

it('turns this device on with the permission, subscribing to push, and off again', async () => {
  const t = await setup();
  await t.wait(() => t.store.push.view.get().status === 'off', 'push checked');
  expect(t.checked('notifications-desktop')).toBe('false');
  expect(t.text('notifications-push-status')).toBe('');

  await t.click(t.q('[data-testid="notifications-desktop"]'));
  await t.wait(() => t.checked('notifications-desktop') === 'true', 'on');
  await t.wait(() => t.text('notifications-push-status').includes('reach this device'), 'push on');
  expect(localStorage.getItem('parley.desktopNotifications')).toBe('on');
  const sub = t.platform.pushManager.current!;
  expect(t.server.notifications.devices.map((d) => [d.endpoint, d.label])).toEqual([[sub.endpoint, 'Chrome on Linux']]);

  await t.click(t.q('[data-testid="notifications-desktop"]'));
  await t.wait(() => t.server.notifications.devices.length === 0, 'removed at the server');
  expect(t.checked('notifications-desktop')).toBe('false');
  expect(sub.unsubscribed).toBe(true);
  expect(t.text('notifications-push-status')).toBe('');
});

it('says when the browser refuses the permission, and subscribes nothing', async () => {
  FakeNotification.answer = 'denied';
  const t = await setup();
  await t.click(t.q('[data-testid="notifications-desktop"]'));
  await t.wait(() => t.el.textContent?.includes('Your browser blocks notifications') === true, 'blocked');
  expect(t.checked('notifications-desktop')).toBe('false');
  expect(t.q<HTMLButtonElement>('[data-testid="notifications-desktop"]')?.disabled).toBe(true);
  expect(t.platform.pushManager.subscribed).toEqual([]);
});

it('says when push is not available here, the server does not push, or it failed', async () => {
  let t = await setup((_, platform) => {
    platform.supported = false;
  });
  await t.wait(() => t.text('notifications-push-status').includes('not available in this browser'), 'unsupported');
  for (const c of cleanups.splice(0).reverse()) c();

  t = await setup((server) => {
    server.notifications.pushEnabled = false;
  });
  await t.wait(() => t.text('notifications-push-status').includes('This server does not send push notifications'), 'disabled');
  expect(t.text('notifications-push-status')).toContain('You are notified while Parley is open in a tab.');
  for (const c of cleanups.splice(0).reverse()) c();

  t = await setup((_, platform) => {
    platform.pushManager.refuse = new Error('push service not available');
  });
  await t.click(t.q('[data-testid="notifications-desktop"]'));
  await t.wait(() => t.text('notifications-push-status').includes('could not be set up here: push service not available'), 'failed');
  expect(t.checked('notifications-desktop')).toBe('true'); // the in-page notifications still work
});

it('saves the switches kept by the server at once, the sound also on this device', async () => {
  const t = await setup();
  expect(t.checked('notifications-push')).toBe('true');
  expect(t.checked('notifications-previews')).toBe('true');
  expect(t.checked('notifications-sound')).toBe('true');
  expect(t.text('notifications-status')).toBe('Changes are saved at once.');

  await t.click(t.q('[data-testid="notifications-previews"]'));
  expect(t.checked('notifications-previews')).toBe('false');
  await t.wait(() => t.text('notifications-status') === 'Saved.', 'saved');
  await t.click(t.q('[data-testid="notifications-push"]'));
  await t.click(t.q('[data-testid="notifications-sound"]'));
  await t.wait(() => t.text('notifications-status') === 'Saved.' && t.server.notifications.changes.length === 3, 'saved');
  expect(t.server.notifications.of(t.me.id)).toMatchObject({ push: false, previews: false, sound: false });
  expect(localStorage.getItem('parley.notificationSound')).toBe('off');

  // Another device turns the sound on again: the switch follows.
  t.server.notifications.changeElsewhere(t.me.id, { ...t.server.notifications.of(t.me.id), sound: true });
  await t.wait(() => t.checked('notifications-sound') === 'true', 'followed');
});

it('shows a refusal in words, with what the server has put back', async () => {
  const t = await setup();
  t.server.notifications.failChanges = [new ApiError(400, 'invalid_input', 'previews must be true or false')];
  await t.click(t.q('[data-testid="notifications-previews"]'));
  await t.wait(() => t.text('notifications-error') === 'Not saved: previews must be true or false', 'refused');
  expect(t.checked('notifications-previews')).toBe('true');
});
