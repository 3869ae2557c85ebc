// Notifications while Parley is in the background, in the browser against the real server.
// Ivy Marchetti turns them on in the Notifications dialog (the browser's permission granted to
// the site); her tab goes to the background; Theo Brandt writes to her: one notification for the
// chat, replaced by the next with the count, the tab's title and icon counting too. A click on
// the notification opens the chat, and the icon is plain again once it is read. Nothing is shown
// while the tab is visible, or once she turned them off. A chime sounds for a message in a chat
// she is not looking at, not for the one on screen, not for what a page load fills in, and not
// once the sound is off. The dialog is
// checked with axe;
// screenshots go to SCREENSHOT_DIR as notifications-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, newPage, pageErrors, register, screenshotPath, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';
import { chimes, notices, recordNotifications, setHidden, unread } from './notices.mjs';

const favicon = (page) => page.evaluate(() => document.querySelector('link[rel="icon"]').getAttribute('href'));

async function setNotifications(page, on, name = 'Notifications on this device') {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Notifications' }).click();
  const dialog = page.getByTestId('notifications-dialog');
  const toggle = dialog.getByRole('switch', { name });
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
  await waitUntil(async () => (await toggle.getAttribute('aria-checked')) === String(on), `the switch ${on ? 'on' : 'off'}`);
  return dialog;
}

describe('notifications while in the background', () => {
  let server;
  let browser;
  let ivy;
  let theo;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ivy = await newPage(browser);
    theo = await newPage(browser);
    await ivy.context().grantPermissions(['notifications'], { origin: server.url });
    await ivy.context().addInitScript(recordNotifications);
    await register(ivy, server.url, 'Ivy Marchetti', { email: uniqueEmail('ivy') });
    await register(theo, server.url, 'Theo Brandt', { email: uniqueEmail('theo') });
    await startChat(theo, 'Ivy Marchetti');
    await send(theo, 'hello Ivy');
    await ivy.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Theo Brandt/ }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('the dialog turns them on with the permission granted, and passes axe', async () => {
    const dialog = await setNotifications(ivy, true);
    await ivy.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await ivy.screenshot({ path: screenshotPath('notifications-dialog.png') });
    assert.deepEqual(await audit(ivy), []);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  });

  test('a hidden tab gets one notification per chat, with the count, and the icon a badge', async () => {
    await setHidden(ivy, true);
    await send(theo, 'are you there?');
    const [first] = await waitUntil(async () => {
      const n = await notices(ivy);
      return n.length >= 1 && n;
    }, 'a notification');
    assert.equal(first.title, 'Theo Brandt');
    assert.equal(first.body, 'are you there?\n2 new messages');
    assert.match(first.tag, /^chat:/);
    await send(theo, 'lunch at noon?');
    const all = await waitUntil(async () => {
      const n = await notices(ivy);
      return n.length >= 2 && n;
    }, 'a second notification');
    assert.equal(all[1].body, 'lunch at noon?\n3 new messages');
    assert.equal(all[1].tag, first.tag, 'the same tag: it replaces the first');
    assert.equal(await ivy.title(), '(3) Parley');
    const icon = await waitUntil(async () => {
      const href = await favicon(ivy);
      return href.startsWith('data:image/svg+xml,') && href;
    }, 'a badged icon');
    assert.match(decodeURIComponent(icon), />3<\/text><\/svg>\s*$/);
  });

  test('a click on the notification opens the chat, and the icon is plain once it is read', async () => {
    await setHidden(ivy, false);
    await ivy.evaluate(() => window.__lastNotice.dispatchEvent(new Event('click')));
    await ivy.getByTestId('chat-title').filter({ hasText: 'Theo Brandt' }).waitFor();
    await waitUntil(async () => (await ivy.title()) === 'Parley', 'the title without a count');
    await waitUntil(async () => (await favicon(ivy)) === '/favicon.svg', 'the plain icon');
  });

  test('nothing while the tab is visible, or once they are off', async () => {
    await ivy.goto(`${server.url}/`);
    await ivy.getByRole('navigation', { name: 'Chat list' }).waitFor();
    let unreadBefore = await unread(ivy);
    await send(theo, 'visible now');
    await waitUntil(async () => (await unread(ivy)) > unreadBefore, 'the message counted');
    assert.deepEqual(await notices(ivy), []);
    const dialog = await setNotifications(ivy, false);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await setHidden(ivy, true);
    unreadBefore = await unread(ivy);
    await send(theo, 'hidden but off');
    await waitUntil(async () => (await unread(ivy)) > unreadBefore, 'the message counted');
    assert.deepEqual(await notices(ivy), []);
  });

  test('a chime for a chat not on screen, none for the one on screen or with the sound off', async () => {
    await setHidden(ivy, false);
    await ivy.goto(`${server.url}/`);
    await ivy.getByRole('navigation', { name: 'Chat list' }).waitFor();
    const before = await chimes(ivy);
    await send(theo, 'a chime, please');
    await waitUntil(async () => (await chimes(ivy)) === before + 1, 'a chime');
    await ivy.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Theo Brandt/ }).click();
    await ivy.getByTestId('chat-title').filter({ hasText: 'Theo Brandt' }).waitFor();
    await send(theo, 'on screen');
    await ivy.getByTestId('message-text').getByText('on screen', { exact: true }).waitFor();
    assert.equal(await chimes(ivy), before + 1, 'no chime for the chat on screen');
    const dialog = await setNotifications(ivy, false, 'Sound for new messages');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await ivy.goto(`${server.url}/`);
    await ivy.getByRole('navigation', { name: 'Chat list' }).waitFor();
    const unreadBefore = await unread(ivy);
    await send(theo, 'quietly');
    await waitUntil(async () => (await unread(ivy)) > unreadBefore, 'the message counted');
    assert.equal(await chimes(ivy), 0, 'no chime with the sound off (since the page loaded)');
  });
});
