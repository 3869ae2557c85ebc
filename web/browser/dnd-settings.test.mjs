// Do not disturb, quiet hours and keywords in the Notifications dialog, against the real server.
// Rosa Lindqvist's browser is in Berlin: the dialog shows that time zone, and her first change
// gives it to the server. She turns Do not disturb on for 1 hour: the dialog says "On until" the
// time it ends, the moon shows by her name and in the chat's header; Karim Haddad's message then
// neither chimes nor notifies while her tab is in the background, until she lets him through and
// he mentions her. She sets quiet hours (22:30 to 07:15, not starting on Sundays) and keywords;
// after a reload all of it is there again, and on her phone (375 px, dark) too. The dialog passes
// axe; screenshots go to SCREENSHOT_DIR as dnd-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, newPage, pageErrors, register, restAs, screenshot, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';
import { chimes, notices, recordNotifications, setHidden, unread } from './notices.mjs';

const ZONE = 'Europe/Berlin';
const chatLink = (page, name) => page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${name}`) });
const settled = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));

async function openDialog(page) {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Notifications' }).click();
  const dialog = page.getByTestId('notifications-dialog');
  await dialog.getByTestId('dnd-settings').waitFor();
  return dialog;
}

async function closeDialog(dialog) {
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await dialog.waitFor({ state: 'detached' });
}

const saved = (dialog) => dialog.getByTestId('notifications-status').filter({ hasText: 'Saved.' }).waitFor();

/** `until` as the dialog says it: the time of day in Berlin. */
const berlinTime = (page, until) =>
  page.evaluate(([t, zone]) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: zone }), [until, ZONE]);

describe('Do not disturb and keywords in the browser', () => {
  let server;
  let browser;
  let rosa;
  let karim;
  let rosaUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    rosa = await newPage(browser, { timezoneId: ZONE });
    karim = await newPage(browser);
    await rosa.context().grantPermissions(['notifications'], { origin: server.url });
    await rosa.context().addInitScript(recordNotifications);
    rosaUser = await register(rosa, server.url, 'Rosa Lindqvist', { email: uniqueEmail('rosa') });
    await register(karim, server.url, 'Karim Haddad', { email: uniqueEmail('karim') });
    await startChat(karim, 'Rosa Lindqvist');
    await send(karim, 'hello Rosa');
    await chatLink(rosa, 'Karim Haddad').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('on for 1 hour: the dialog, her name and the chat’s header say until when; the server has it in her time zone', async () => {
    const dialog = await openDialog(rosa);
    const device = dialog.getByRole('switch', { name: 'Notifications on this device' });
    if ((await device.getAttribute('aria-checked')) !== 'true') await device.click();
    const zone = dialog.getByTestId('time-zone-input');
    assert.equal(await zone.inputValue(), ZONE);
    await dialog.getByTestId('time-zone').filter({ hasText: 'saved with your next change' }).waitFor();
    assert.equal(await dialog.getByRole('radio', { name: '1 hour' }).isChecked(), true);

    const started = Date.now();
    await dialog.getByRole('switch', { name: 'Do not disturb' }).click();
    await saved(dialog);
    const { body } = await restAs(rosa, server.url, '/api/v1/me/notifications');
    assert.equal(body.timeZone, ZONE);
    assert.ok(body.dnd.until >= started + 3600e3 - 60e3 && body.dnd.until <= Date.now() + 3600e3, JSON.stringify(body.dnd));
    assert.equal(body.dndActiveUntil, body.dnd.until);
    const time = await berlinTime(rosa, body.dnd.until);
    assert.equal(await dialog.getByTestId('dnd-status').textContent(), `On until ${time}.`);
    await dialog.getByTestId('time-zone').filter({ hasText: 'saved with your next change' }).waitFor({ state: 'detached' });
    await closeDialog(dialog);

    assert.equal(await rosa.getByTestId('dnd-indicator').textContent(), `Do not disturb until ${time}`);
    await chatLink(rosa, 'Karim Haddad').click();
    // Beside her name and in the chat's header (a moon, its words for screen readers).
    await waitUntil(async () => (await rosa.getByTestId('dnd-indicator').count()) === 2, 'the moon in the chat’s header');
    assert.deepEqual(await rosa.getByTestId('dnd-indicator').allTextContents(), [`Do not disturb until ${time}`, `Do not disturb until ${time}`]);
    await screenshot(rosa, 'dnd-on.png');
  });

  test('while on, nothing chimes or notifies, until someone let through mentions her', async () => {
    await rosa.goto(`${server.url}/`);
    await chatLink(rosa, 'Karim Haddad').waitFor();
    await setHidden(rosa, true);
    await send(karim, 'are you around?');
    await chatLink(rosa, 'Karim Haddad').filter({ hasText: 'are you around?' }).waitFor();
    await waitUntil(async () => (await unread(rosa)) > 0, 'the message counted');
    assert.equal(await chimes(rosa), 0);
    assert.deepEqual(await notices(rosa), []);

    await setHidden(rosa, false);
    const dialog = await openDialog(rosa);
    await dialog.getByRole('button', { name: 'Add people to People who can reach you' }).click();
    await dialog.getByLabel('Search people to add to People who can reach you').fill('Kar');
    await dialog.getByRole('checkbox', { name: 'Karim Haddad' }).check();
    await saved(dialog);
    await dialog.getByRole('list', { name: 'People who can reach you' }).getByText('Karim Haddad').waitFor();
    await closeDialog(dialog);
    await setHidden(rosa, true);

    await send(karim, 'no mention, still quiet');
    await chatLink(rosa, 'Karim Haddad').filter({ hasText: 'no mention, still quiet' }).waitFor();
    assert.equal(await chimes(rosa), 0);
    await send(karim, '@Rosa Lindqvist the build is red');
    await waitUntil(async () => (await chimes(rosa)) === 1, 'the mention chiming');
    await waitUntil(async () => (await notices(rosa)).length === 1, 'the mention notified');
    assert.match((await notices(rosa))[0].body, /^Mentions you · @Rosa Lindqvist the build is red/);
    await setHidden(rosa, false);
  });

  test('quiet hours and keywords are saved, and are there again after a reload and on her phone', async () => {
    const dialog = await openDialog(rosa);
    await dialog.getByRole('switch', { name: 'Quiet hours' }).click();
    await saved(dialog);
    await dialog.getByLabel('From', { exact: true }).fill('22:30');
    await dialog.getByLabel(/^To( \(next day\))?$/).fill('07:15');
    await dialog.getByRole('button', { name: 'Sun', exact: true }).click();
    await saved(dialog);

    const keyword = dialog.getByLabel('New keyword');
    await keyword.fill('deploy');
    await keyword.press('Enter');
    await dialog.getByRole('button', { name: 'Remove keyword deploy' }).waitFor();
    await keyword.fill('release notes');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('button', { name: 'Remove keyword release notes' }).waitFor();
    await keyword.fill('x');
    await keyword.press('Enter');
    await dialog.getByTestId('keyword-problem').filter({ hasText: 'A keyword has 2 to 40 characters.' }).waitFor();
    await keyword.fill('');
    await dialog.getByRole('button', { name: 'Remove keyword deploy' }).click();
    await dialog.getByRole('button', { name: 'Remove keyword deploy' }).waitFor({ state: 'detached' });
    await saved(dialog);

    const { body } = await restAs(rosa, server.url, '/api/v1/me/notifications');
    assert.deepEqual(body.keywords, ['release notes']);
    assert.deepEqual(body.dnd.schedule, { enabled: true, start: '22:30', end: '07:15', days: [1, 2, 3, 4, 5, 6] });
    await dialog.getByTestId('dnd-settings').scrollIntoViewIfNeeded();
    await settled(rosa);
    await screenshot(rosa, 'dnd-settings.png');
    assert.deepEqual(await audit(rosa), []);
    await dialog.getByTestId('keyword-settings').scrollIntoViewIfNeeded();
    await settled(rosa);
    await screenshot(rosa, 'dnd-keywords.png');

    await rosa.reload();
    const again = await openDialog(rosa);
    const check = async (d) => {
      assert.equal(await d.getByRole('switch', { name: 'Do not disturb' }).getAttribute('aria-checked'), 'true');
      assert.match(await d.getByTestId('dnd-status').textContent(), /^On until \S/);
      assert.equal(await d.getByRole('switch', { name: 'Quiet hours' }).getAttribute('aria-checked'), 'true');
      assert.equal(await d.getByLabel('From', { exact: true }).inputValue(), '22:30');
      assert.equal(await d.getByLabel(/^To( \(next day\))?$/).inputValue(), '07:15');
      assert.equal(await d.getByRole('button', { name: 'Sun', exact: true }).getAttribute('aria-pressed'), 'false');
      assert.equal(await d.getByRole('button', { name: 'Mon', exact: true }).getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await d.getByRole('list', { name: 'Your keywords' }).getByRole('listitem').allTextContents(), ['release notes']);
      await d.getByRole('list', { name: 'People who can reach you' }).getByText('Karim Haddad').waitFor();
      assert.equal(await d.getByTestId('time-zone-input').inputValue(), ZONE);
    };
    await check(again);
    await closeDialog(again);

    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark', timezoneId: ZONE });
    await login(phone, server.url, rosaUser);
    const onPhone = await openDialog(phone);
    await check(onPhone);
    await onPhone.getByTestId('dnd-settings').scrollIntoViewIfNeeded();
    await settled(phone);
    await screenshot(phone, 'dnd-settings-375-dark.png');
    assert.deepEqual(await audit(phone), []);
    await closeDialog(onPhone);
    await phone.getByTestId('dnd-indicator').waitFor();
    await screenshot(phone, 'dnd-chat-list-375-dark.png');
    await phone.context().close();
  });

  test('turned off, the moon goes', async () => {
    const dialog = await openDialog(rosa);
    await dialog.getByRole('switch', { name: 'Do not disturb' }).click();
    await saved(dialog);
    assert.equal((await restAs(rosa, server.url, '/api/v1/me/notifications')).body.dnd.until, null);
    await closeDialog(dialog);
    // Quiet hours may hold right now (22:30 to 07:15 in Berlin): then the moon stays for them.
    const { body } = await restAs(rosa, server.url, '/api/v1/me/notifications');
    if (body.dndActiveUntil === null) await rosa.getByTestId('dnd-indicator').waitFor({ state: 'detached' });
    else assert.equal(await rosa.getByTestId('dnd-indicator').textContent(), `Do not disturb until ${await berlinTime(rosa, body.dndActiveUntil)}`);
  });
});
