// Notification settings kept by the server, in the browser against the real server. Rosa
// Lindqvist, on two devices, turns message text off in the Notifications dialog: the server
// keeps it and her other device's dialog follows at once (notifications:updated), the sound too
// (kept on that device for when the server cannot be reached). She mutes her chat with Karim
// Haddad from the chat's menu: the chat list shows a bell struck through, it stays after a
// reload, and his messages neither chime nor notify while her tab is in the background, until
// she unmutes it. At "Mentions only" a message that does not mention her stays quiet too. Her
// devices that get push notifications are listed in the dialog, and one removed there is gone at
// the server. The dialog and the menu pass axe; screenshots go to SCREENSHOT_DIR as
// notification-settings-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, newPage, pageErrors, register, restAs, screenshot, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';
import { chimes, notices, recordNotifications, setHidden, unread } from './notices.mjs';

const chatLink = (page, name) => page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${name}`) });

async function openDialog(page) {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Notifications' }).click();
  const dialog = page.getByTestId('notifications-dialog');
  await dialog.getByRole('switch', { name: 'Push notifications' }).waitFor();
  return dialog;
}

/** The base64url of `n` random bytes, the first one `first` when given. */
function randomBase64url(n, first) {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  if (first !== undefined) bytes[0] = first;
  return Buffer.from(bytes).toString('base64url');
}

/**
 * Registers a device of the user signed in on `page` for push notifications, as that device's
 * browser would (push.example.com is never contacted unless a message is sent to the user).
 */
async function addPushDevice(page, base, label) {
  const body = {
    endpoint: `https://push.example.com/${randomBase64url(16)}`,
    keys: { p256dh: randomBase64url(65, 0x04), auth: randomBase64url(16) },
    label,
  };
  const answer = await page.evaluate(
    async ([url, json]) => {
      const token = localStorage.getItem('parley.token');
      const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: json });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [`${base}/api/v1/push/subscriptions`, JSON.stringify(body)],
  );
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

const checked = (dialog, name) => dialog.getByRole('switch', { name }).getAttribute('aria-checked');

/** Picks one item of the open chat's notification menu. */
async function chatMenu(page, item) {
  await page.getByTestId('chat-notifications-button').click();
  const menu = page.getByTestId('chat-notifications-menu');
  await menu.getByRole(/^(All messages|Mentions only|Nothing)$/.test(item) ? 'menuitemradio' : 'menuitem', { name: item, exact: true }).click();
  await menu.waitFor({ state: 'detached' });
}

describe('notification settings kept by the server', () => {
  let server;
  let browser;
  let rosa;
  let rosaElsewhere;
  let karim;
  let rosaUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    rosa = await newPage(browser);
    rosaElsewhere = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    karim = await newPage(browser);
    await rosa.context().grantPermissions(['notifications'], { origin: server.url });
    await rosa.context().addInitScript(recordNotifications);
    await rosaElsewhere.context().addInitScript(recordNotifications);
    rosaUser = await register(rosa, server.url, 'Rosa Lindqvist', { email: uniqueEmail('rosa') });
    await register(karim, server.url, 'Karim Haddad', { email: uniqueEmail('karim') });
    await login(rosaElsewhere, server.url, rosaUser);
    await startChat(karim, 'Rosa Lindqvist');
    await send(karim, 'hello Rosa');
    await chatLink(rosa, 'Karim Haddad').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('the dialog saves on the server, and another device follows at once', async () => {
    const dialog = await openDialog(rosa);
    const elsewhere = await openDialog(rosaElsewhere);
    assert.equal(await checked(elsewhere, 'Show message text in notifications'), 'true');

    await dialog.getByRole('switch', { name: 'Show message text in notifications' }).click();
    await dialog.getByTestId('notifications-status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await restAs(rosa, server.url, '/api/v1/me/notifications')).body.previews, false);
    await waitUntil(async () => (await checked(elsewhere, 'Show message text in notifications')) === 'false', 'the other device following');

    await dialog.getByRole('switch', { name: 'Sound for new messages' }).click();
    await waitUntil(async () => (await checked(elsewhere, 'Sound for new messages')) === 'false', 'the sound following');
    await waitUntil(
      () => rosaElsewhere.evaluate(() => localStorage.getItem('parley.notificationSound') === 'off'),
      'the sound kept on the other device',
    );
    await rosa.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await screenshot(rosa, 'notification-settings-dialog.png');
    await screenshot(rosaElsewhere, 'notification-settings-dialog-375-dark.png');
    assert.deepEqual(await audit(rosa), []);

    // Back as it was for the tests below: the sound on.
    await dialog.getByRole('switch', { name: 'Sound for new messages' }).click();
    await dialog.getByTestId('notifications-status').filter({ hasText: 'Saved.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await elsewhere.getByRole('button', { name: 'Close', exact: true }).last().click();
  });

  test('a muted chat shows a bell struck through, and neither chimes nor notifies until unmuted', async () => {
    const dialog = await openDialog(rosa);
    const device = dialog.getByRole('switch', { name: 'Notifications on this device' });
    if ((await device.getAttribute('aria-checked')) !== 'true') await device.click();
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

    await chatLink(rosa, 'Karim Haddad').click();
    await chatMenu(rosa, 'For 1 hour');
    await rosa.getByTestId('chat-notifications-button').and(rosa.getByRole('button', { name: /^Notifications for this chat: Muted until / })).waitFor();
    // The button shows the choice at once; the server has it when its answer is back.
    await waitUntil(async () => {
      const { body } = await restAs(rosa, server.url, '/api/v1/me/notifications');
      return body.chats.some((c) => c.level === 'all' && c.mutedUntil > Date.now());
    }, 'the server keeps the mute');
    await rosa.getByTestId('chat-notifications-button').click();
    await rosa.getByTestId('chat-notifications-menu').waitFor();
    await screenshot(rosa, 'notification-settings-menu.png');
    assert.deepEqual(await audit(rosa), []);
    await rosa.keyboard.press('Escape');

    await rosa.goto(`${server.url}/`);
    await chatLink(rosa, 'Karim Haddad').getByTestId('chat-muted-icon').waitFor();
    assert.match(await chatLink(rosa, 'Karim Haddad').textContent(), /muted until/);
    await setHidden(rosa, true);
    await send(karim, 'while muted');
    await chatLink(rosa, 'Karim Haddad').filter({ hasText: 'while muted' }).waitFor();
    await waitUntil(async () => (await unread(rosa)) > 0, 'the message counted');
    assert.equal(await chimes(rosa), 0);
    assert.deepEqual(await notices(rosa), []);

    await setHidden(rosa, false);
    await chatLink(rosa, 'Karim Haddad').click();
    await chatMenu(rosa, 'Unmute');
    await rosa.getByRole('button', { name: 'Notifications for this chat', exact: true }).waitFor();
    await rosa.goto(`${server.url}/`);
    await chatLink(rosa, 'Karim Haddad').waitFor();
    assert.equal(await chatLink(rosa, 'Karim Haddad').getByTestId('chat-muted-icon').count(), 0);
    await send(karim, 'unmuted now');
    await waitUntil(async () => (await chimes(rosa)) === 1, 'a chime');
  });

  test('at "Mentions only" a message that does not mention her stays quiet; "Nothing" shows as off', async () => {
    await chatLink(rosa, 'Karim Haddad').click();
    await chatMenu(rosa, 'Mentions only');
    await rosa.getByRole('button', { name: 'Notifications for this chat: Mentions only' }).waitFor();
    await rosa.goto(`${server.url}/`);
    await chatLink(rosa, 'Karim Haddad').waitFor();
    await send(karim, 'no mention here');
    // The chat's line shows it (the title's count may still be the reloaded page's snapshot).
    await chatLink(rosa, 'Karim Haddad').filter({ hasText: 'no mention here' }).waitFor();
    await waitUntil(async () => (await unread(rosa)) > 0, 'the message counted');
    assert.equal(await chimes(rosa), 0);

    await chatLink(rosa, 'Karim Haddad').click();
    await chatMenu(rosa, 'Nothing');
    await chatLink(rosa, 'Karim Haddad').getByTestId('chat-muted-icon').waitFor();
    assert.match(await chatLink(rosa, 'Karim Haddad').textContent(), /notifications off/);
  });

  // Last: the devices registered here stay, and no message is sent to Rosa after it.
  test('her devices that get push notifications are listed, and one removed is gone at the server', async () => {
    const phone = await addPushDevice(rosa, server.url, 'Phone');
    const laptop = await addPushDevice(rosa, server.url, 'Firefox on Windows');
    const dialog = await openDialog(rosa);
    const elsewhere = await openDialog(rosaElsewhere);
    for (const d of [dialog, elsewhere]) {
      const list = d.getByRole('list', { name: 'Devices that get push notifications' });
      await list.getByRole('listitem').filter({ hasText: 'Phone' }).waitFor();
      await list.getByRole('listitem').filter({ hasText: 'Firefox on Windows' }).waitFor();
      await list.scrollIntoViewIfNeeded();
    }
    assert.match(await dialog.getByRole('listitem').filter({ hasText: 'Phone' }).textContent(), /added \S/);
    await rosa.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await rosaElsewhere.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await screenshot(rosa, 'notification-settings-devices.png');
    await screenshot(rosaElsewhere, 'notification-settings-devices-375-dark.png');
    assert.deepEqual(await audit(rosa), []);
    assert.deepEqual(await audit(rosaElsewhere), []);

    await dialog.getByRole('button', { name: 'Remove Phone' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Phone removed.' }).waitFor();
    await dialog.getByRole('listitem').filter({ hasText: 'Phone' }).waitFor({ state: 'detached' });
    const { body } = await restAs(rosa, server.url, '/api/v1/push/subscriptions');
    const ids = body.subscriptions.map((s) => s.id);
    assert.ok(!ids.includes(phone.id), 'the server forgot the phone');
    assert.ok(ids.includes(laptop.id), 'the laptop stays');
    await dialog.getByRole('listitem').filter({ hasText: 'Firefox on Windows' }).waitFor();
    assert.deepEqual(await audit(rosa), []);
  });
});
