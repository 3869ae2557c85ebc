// Scheduled messages in the browser, against the real server. Ana Souza (her browser in
// Berlin) has a message to Tomás Ruiz scheduled a few seconds ahead: "1 scheduled message" shows
// above her box at once and its list has the text; when its time comes it arrives at Tomás with
// the clock mark ("Sent by schedule") and leaves Ana's list. With the clock beside Send she
// schedules another for tomorrow 09:00, weekly (the box empties), edits its text and makes it
// once, then cancels it (asked first); the server's list follows each step. A file attached in
// her box is scheduled with it (no text): the list names it. On her phone (375 px, dark) the dialog fits the screen. The dialog passes axe;
// screenshots go to SCREENSHOT_DIR as scheduled-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, newPage, openChat, pageErrors, register, restAs, screenshot, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';

const ZONE = 'Europe/Berlin';
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

  test('a message scheduled a few seconds ahead waits in the list, then arrives with the clock mark', async () => {
    // Through the API (the dialog takes whole minutes; the next test uses it): 4 s ahead.
    const chatId = decodeURIComponent(new URL(ana.url()).pathname.split('/').pop());
    const at = Math.ceil((Date.now() + 4000) / 1000) * 1000;
    const made = await ana.evaluate(async ([url, body]) => {
      const token = localStorage.getItem('parley.token');
      const res = await fetch(url, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    }, [`${server.url}/api/v1/chats/${chatId}/scheduled`,
      { content: 'Good morning from the past', start: new Date(at).toISOString().slice(0, 19), timeZone: 'UTC' }]);
    assert.equal(made.status, 201, JSON.stringify(made.body));

    // Heard at once: the bar counts it, its list has it; nothing was sent yet.
    await bar(ana).filter({ hasText: '1 scheduled message' }).waitFor();
    await bar(ana).click();
    const item = ana.getByTestId('scheduled-item').filter({ hasText: 'Good morning from the past' });
    await item.waitFor();
    assert.match(await item.getByTestId('scheduled-next').innerText(), /^Next: /);
    assert.equal(await message(ana, 'Good morning from the past').count(), 0);
    assert.equal(await message(tomas, 'Good morning from the past').count(), 0);
    await screenshot(ana, 'scheduled-02-list-desktop-light.png');

    // Its time comes: Tomás gets it, marked; it leaves Ana's list.
    const arrived = message(tomas, 'Good morning from the past');
    await arrived.waitFor({ timeout: at - Date.now() + 15000 });
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
    assert.equal(await dialog.getByLabel('Message', { exact: true }).inputValue(), 'Draft plan');
    assert.equal(await dialog.getByTestId('schedule-zone-input').inputValue(), ZONE);
    await dialog.getByTestId('schedule-quick').getByRole('button').nth(1).click();
    await dialog.getByLabel('Repeat', { exact: true }).selectOption('weekly');
    await dialog.getByTestId('schedule-rule-words').filter({ hasText: /^Every \w+day at / }).waitFor();
    await waitUntil(async () => (await dialog.getByTestId('schedule-preview-times').locator('li').count()) === 5, 'five times previewed');
    assert.deepEqual(await audit(ana), []);
    await screenshot(ana, 'scheduled-01-dialog-desktop-light.png');
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

  test('a file attached in the box is scheduled with it, and named in the list', async () => {
    await ana.getByTestId('attach-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Agenda for Monday') });
    const tray = ana.getByTestId('composer-tray');
    await tray.locator('[data-testid="tray-item"][data-status="done"]').waitFor();
    await ana.getByRole('button', { name: 'Schedule message', exact: true }).click();
    const dialog = ana.getByRole('dialog', { name: 'Schedule message' });
    await dialog.getByTestId('schedule-files').filter({ hasText: 'notes.txt' }).waitFor();
    await dialog.getByTestId('schedule-quick').getByRole('button').nth(1).click();
    await screenshot(ana, 'scheduled-06-dialog-file-desktop-light.png');
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await tray.waitFor({ state: 'detached' });

    await bar(ana).filter({ hasText: '1 scheduled message' }).waitFor();
    if ((await ana.getByTestId('scheduled-panel').count()) === 0) await bar(ana).click();
    const item = ana.getByTestId('scheduled-item');
    await item.getByTestId('scheduled-text').filter({ hasText: 'notes.txt' }).waitFor();
    const listed = await pending(ana, server.url);
    assert.deepEqual(listed.map((x) => [x.content, x.attachments.map((a) => a.name)]), [['', ['notes.txt']]]);
    await screenshot(ana, 'scheduled-07-list-file-desktop-light.png');

    await item.getByRole('button', { name: 'Cancel the scheduled message “notes.txt”' }).click();
    await ana.getByTestId('scheduled-cancel-confirm').click();
    await ana.getByTestId('scheduled-bar').waitFor({ state: 'detached' });
    assert.deepEqual(await pending(ana, server.url), []);
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
