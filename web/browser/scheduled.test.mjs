// Scheduled messages in the browser, against the real server. Ana Souza (her browser in
// Berlin) writes to Tomás Ruiz and schedules it with the clock beside Send for the next minute
// (the dialog takes minutes): the box empties, "1 scheduled message" shows above it and its list
// has the text; when the minute comes it arrives at Tomás with the clock mark ("Sent by
// schedule") and leaves Ana's list. She schedules another for tomorrow 09:00, weekly, edits
// its text and makes it once, then cancels it (asked first); the server's list follows each
// step. On her phone (375 px, dark) the dialog fits the screen. The dialog passes axe;
// screenshots go to SCREENSHOT_DIR as scheduled-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, newPage, openChat, pageErrors, register, restAs, screenshot, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';

const ZONE = 'Europe/Berlin';
const MINUTE = 60 * 1000;

/** `at` (epoch ms) as Berlin's wall clock: the date and time inputs' values. */
function berlin(at) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The next whole minute at least 8 s away (the server takes a first time in the future). */
function nextMinute() {
  const now = Date.now();
  let at = Math.ceil(now / MINUTE) * MINUTE;
  if (at - now < 8000) at += MINUTE;
  return at;
}

async function openScheduleDialog(page, text) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Schedule message', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule message' });
  await dialog.waitFor();
  return dialog;
}

const bar = (page) => page.getByTestId('scheduled-bar-button');
const pending = (page, base) => restAs(page, base, '/api/v1/me/scheduled').then((r) => r.body?.scheduled ?? []);

describe('scheduled messages in the browser', () => {
  let server;
  let browser;
  let ana;
  let tomas;
  let anaUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ana = await newPage(browser, { timezoneId: ZONE });
    tomas = await newPage(browser);
    anaUser = await register(ana, server.url, 'Ana Souza', { email: uniqueEmail('ana') });
    await register(tomas, server.url, 'Tomás Ruiz', { email: uniqueEmail('tomas') });
    await startChat(ana, 'Tomás Ruiz');
    await send(ana, 'Hola Tomás');
    await openChat(tomas, 'Ana Souza');
    await message(tomas, 'Hola Tomás').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('a message scheduled for the next minute waits in the list, then arrives with the clock mark', { timeout: 120000 }, async () => {
    const at = nextMinute();
    const { date, time } = berlin(at);
    const dialog = await openScheduleDialog(ana, 'Good morning from the past');
    assert.equal(await dialog.getByLabel('Message', { exact: true }).inputValue(), 'Good morning from the past');
    assert.equal(await dialog.getByTestId('schedule-zone-input').inputValue(), ZONE);
    await dialog.getByLabel('Date', { exact: true }).fill(date);
    await dialog.getByLabel('Time', { exact: true }).fill(time);
    // Once: the server's preview has one time.
    await dialog.getByTestId('schedule-preview-times').locator('li').first().waitFor();
    assert.equal(await dialog.getByTestId('schedule-preview-times').locator('li').count(), 1);
    assert.deepEqual(await audit(ana), []);
    await screenshot(ana, 'scheduled-01-dialog-desktop-light.png');
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // The box is empty, nothing was sent now, and the bar counts it.
    assert.equal(await ana.getByLabel('Message', { exact: true }).inputValue(), '');
    assert.equal(await message(ana, 'Good morning from the past').count(), 0);
    await bar(ana).filter({ hasText: '1 scheduled message' }).waitFor();
    await bar(ana).click();
    const item = ana.getByTestId('scheduled-item').filter({ hasText: 'Good morning from the past' });
    await item.waitFor();
    assert.match(await item.getByTestId('scheduled-next').innerText(), /^Next: /);
    const listed = await pending(ana, server.url);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].content, 'Good morning from the past');
    assert.equal(listed[0].timeZone, ZONE);
    assert.equal(listed[0].start.slice(0, 16), `${date}T${time}`);
    assert.equal(listed[0].nextAt, at);
    await screenshot(ana, 'scheduled-02-list-desktop-light.png');

    // The minute comes: Tomás gets it, marked; it leaves Ana's list.
    const arrived = message(tomas, 'Good morning from the past');
    await arrived.waitFor({ timeout: at - Date.now() + 30000 });
    await arrived.getByRole('img', { name: 'Sent by schedule' }).waitFor();
    assert.match(await arrived.locator('[data-bubble]').getAttribute('aria-label'), /, sent by schedule/);
    await message(ana, 'Good morning from the past').getByRole('img', { name: 'Sent by schedule' }).waitFor();
    await ana.getByTestId('scheduled-bar').waitFor({ state: 'detached' });
    assert.deepEqual(await pending(ana, server.url), []);
    await screenshot(tomas, 'scheduled-03-arrived-desktop-light.png');
  });

  test('one scheduled for tomorrow is edited, then cancelled after asking', async () => {
    const dialog = await openScheduleDialog(ana, 'Draft plan');
    // The second quick choice: tomorrow at 09:00.
    await dialog.getByTestId('schedule-quick').getByRole('button').nth(1).click();
    await dialog.getByLabel('Repeat', { exact: true }).selectOption('weekly');
    await dialog.getByTestId('schedule-rule-words').filter({ hasText: /^Every \w+day at / }).waitFor();
    await waitUntil(async () => (await dialog.getByTestId('schedule-preview-times').locator('li').count()) === 5, 'five times previewed');
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await bar(ana).filter({ hasText: '1 scheduled message' }).waitFor();
    await bar(ana).click();
    const item = ana.getByTestId('scheduled-item');
    await item.filter({ hasText: 'Draft plan' }).waitFor();
    assert.match(await item.getByTestId('scheduled-rule').innerText(), /^Every \w+day at /);
    let listed = await pending(ana, server.url);
    assert.match(listed[0].rrule, /^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/);
    assert.equal(listed[0].start.slice(11, 16), '09:00');
    const version = listed[0].version;

    // Edit: the text, and once instead of weekly.
    await item.getByRole('button', { name: 'Edit the scheduled message “Draft plan”' }).click();
    const edit = ana.getByRole('dialog', { name: 'Edit scheduled message' });
    await edit.waitFor();
    assert.equal(await edit.getByLabel('Message', { exact: true }).inputValue(), 'Draft plan');
    assert.equal(await edit.getByLabel('Repeat', { exact: true }).inputValue(), 'weekly');
    await edit.getByLabel('Message', { exact: true }).fill('Final plan');
    await edit.getByLabel('Repeat', { exact: true }).selectOption('never');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await edit.waitFor({ state: 'detached' });
    await item.filter({ hasText: 'Final plan' }).waitFor();
    assert.equal(await item.getByTestId('scheduled-rule').count(), 0);
    listed = await pending(ana, server.url);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].content, 'Final plan');
    assert.equal(listed[0].rrule, null);
    assert.ok(listed[0].version > version, 'a new version');

    // Cancel asks first.
    await item.getByRole('button', { name: 'Cancel the scheduled message “Final plan”' }).click();
    const ask = ana.getByRole('alertdialog', { name: 'Cancel this scheduled message?' });
    await ask.waitFor();
    await screenshot(ana, 'scheduled-04-cancel-desktop-light.png');
    await ask.getByRole('button', { name: 'Cancel message', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await ana.getByTestId('scheduled-bar').waitFor({ state: 'detached' });
    assert.deepEqual(await pending(ana, server.url), []);
    assert.equal(await message(tomas, 'Final plan').count(), 0);
  });

  test('on a phone the dialog fits the screen, in dark mode', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark', timezoneId: ZONE });
    await login(phone, server.url, anaUser);
    await openChat(phone, 'Tomás Ruiz');
    const dialog = await openScheduleDialog(phone, 'From my phone');
    await dialog.getByLabel('Repeat', { exact: true }).selectOption('custom');
    await dialog.getByTestId('schedule-custom').waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `in view: ${JSON.stringify(box)}`);
    const scrollWidth = await dialog.evaluate((d) => d.querySelector('form').scrollWidth - d.querySelector('form').clientWidth);
    assert.equal(scrollWidth, 0, 'nothing runs off to the side');
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'scheduled-05-dialog-375-dark.png');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // Nothing scheduled, the text still in the box.
    assert.equal(await phone.getByLabel('Message', { exact: true }).inputValue(), 'From my phone');
    assert.deepEqual(await pending(phone, server.url), []);
    await phone.context().close();
  });
});
