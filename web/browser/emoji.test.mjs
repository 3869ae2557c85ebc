// Custom emoji in the browser against the real server, started with Ada as its admin
// (--server_admins): Ada adds :party: to the server's set in the "Custom emoji" dialog of her
// account menu (a file over 256 KiB and a file that is no image are refused in words first);
// Olga, who owns a group, adds :cake: to the group's set in its info panel; Max, a member, finds
// neither upload form (no dialog in his menu, the group's set read-only), finds both in the
// picker's Custom category, reacts with :cake: (the chip shows its image, for Olga too) and
// sends a message with both shortcodes (shown as images inline, larger when alone); once Ada
// removes :party:, it is text again on every screen. Screenshots
// of the dialog and the picker at 375 px in the dark theme.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  message,
  newPage,
  openChat,
  openMessageMenu,
  pageErrors,
  register,
  screenshot,
  send,
  startParley,
  uniqueEmail,
  waitUntil,
} from './helpers.mjs';
import { png } from '../../tests/support/png.mjs';

const PLAN = 'Dinner at eight on Friday?';
const CHEERS = 'Cheers :party: and :cake: and :nope:';


const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-emoji-'));
function file(name, bytes) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

/** Waits until every image in `locator` has loaded and has pixels (the server's WebP decodes). */
async function imagesLoaded(locator, count) {
  await waitUntil(
    () =>
      locator.evaluateAll(
        (imgs, n) => imgs.length === n && imgs.every((img) => img.complete && img.naturalWidth > 0),
        count,
      ),
    `${count} image(s) loaded`,
  );
}

async function openGroupInfo(page) {
  await page.getByRole('button', { name: 'Group info' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Group info' });
  await dialog.waitFor();
  return dialog;
}

async function openAccountMenu(page) {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  const menu = page.getByRole('menu', { name: 'Account and settings' });
  await menu.waitFor();
  return menu;
}

describe('custom emoji', () => {
  let server;
  let browser;
  let ada;
  let olga;
  let max;
  const adaEmail = uniqueEmail('Ada');

  before(async () => {
    server = await startParley({ args: ['--server_admins', adaEmail] });
    browser = await launchBrowser();
    ada = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 740 } });
    olga = await newPage(browser);
    max = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 740 } });
    await register(ada, server.url, 'Ada', { email: adaEmail });
    await register(olga, server.url, 'Olga');
    await register(max, server.url, 'Max');
    // Olga's group with Max.
    await olga.getByRole('button', { name: 'New group' }).click();
    const dialog = olga.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Supper club');
    await dialog.getByLabel('Search people to add').fill('Max');
    await dialog.getByRole('checkbox', { name: 'Max' }).check();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await olga.getByTestId('chat-title').filter({ hasText: 'Supper club' }).waitFor();
    await send(olga, PLAN);
    await message(olga, PLAN).and(olga.locator('li[data-status]:not([data-status="PENDING"])')).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the server’s admin adds :party: in the Custom emoji dialog; refusals are in words', async () => {
    const menu = await openAccountMenu(ada);
    await menu.getByRole('menuitem', { name: 'Custom emoji' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Custom emoji' });
    await dialog.getByTestId('emoji-set-empty').waitFor();
    const form = dialog.getByTestId('emoji-upload');

    // Checked here before sending: too large, and a bad shortcode.
    await form.getByLabel('Image').setInputFiles(file('huge.png', Buffer.alloc(300 * 1024, 1)));
    await form.getByRole('alert').filter({ hasText: 'The image is 300 KiB; an emoji can be at most 256 KiB.' }).waitFor();
    await form.getByLabel('Image').setInputFiles(file('party.png', png(32, 32, 40)));
    await form.getByLabel('Shortcode').fill('a b');
    await form.getByRole('button', { name: 'Add emoji' }).click();
    await form.getByRole('alert').filter({ hasText: 'A shortcode is 2 to 32 of a–z, 0–9, _, + and -.' }).waitFor();

    await form.getByLabel('Shortcode').fill(':Party:');
    assert.equal(await form.getByLabel('Shortcode').inputValue(), ':party:');
    await form.getByRole('button', { name: 'Add emoji' }).click();
    const row = dialog.locator('[data-shortcode="party"]');
    await row.waitFor();
    await imagesLoaded(row.locator('img[alt=":party:"]'), 1);
    assert.equal(await form.getByLabel('Shortcode').inputValue(), '');

    // Refused by the server: not an image (its words).
    await form.getByLabel('Image').setInputFiles(file('fake.png', Buffer.from('not an image at all')));
    await form.getByLabel('Shortcode').fill('fake');
    await form.getByRole('button', { name: 'Add emoji' }).click();
    const refusal = dialog.getByTestId('emoji-error');
    await refusal.filter({ hasText: /^Not accepted: / }).waitFor();
    assert.equal(await dialog.locator('[data-shortcode="fake"]').count(), 0);
    await row.getByRole('button', { name: 'Remove :party:' }).waitFor();
    await screenshot(ada, 'emoji-01-dialog-375-dark.png');
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  test('the group’s owner adds :cake: in its info panel; a member sees the set without a form', async () => {
    // Olga is no server admin: no such item in her menu.
    const menu = await openAccountMenu(olga);
    await menu.getByRole('menuitem', { name: 'Profile' }).waitFor();
    assert.equal(await menu.getByRole('menuitem', { name: 'Custom emoji' }).count(), 0);
    await olga.keyboard.press('Escape');

    const info = await openGroupInfo(olga);
    const section = info.getByTestId('group-emoji');
    await section.getByText('No custom emoji in this group yet.').waitFor();
    await section.getByLabel('Image').setInputFiles(file('cake.png', png(48, 48, 200)));
    assert.equal(await section.getByLabel('Shortcode').inputValue(), 'cake', 'the shortcode comes from the file name');
    await section.getByRole('button', { name: 'Add emoji' }).click();
    await imagesLoaded(section.locator('[data-shortcode="cake"] img'), 1);
    await olga.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });

    // Max: no dialog in his menu; the group's set read-only.
    const maxMenu = await openAccountMenu(max);
    await maxMenu.getByRole('menuitem', { name: 'Profile' }).waitFor();
    assert.equal(await maxMenu.getByRole('menuitem', { name: 'Custom emoji' }).count(), 0);
    await max.keyboard.press('Escape');
    await openChat(max, 'Supper club');
    const maxInfo = await openGroupInfo(max);
    const maxSection = maxInfo.getByTestId('group-emoji');
    await imagesLoaded(maxSection.locator('[data-shortcode="cake"] img'), 1);
    assert.equal(await maxSection.getByTestId('emoji-upload').count(), 0, 'no upload form for a member');
    assert.equal(await maxSection.getByRole('button', { name: /^Remove/ }).count(), 0, 'no remove button for a member');
    await max.keyboard.press('Escape');
    await maxInfo.waitFor({ state: 'detached' });
  });

  test('a member finds both in the picker’s Custom category and reacts with one', async () => {
    const menu = await openMessageMenu(max, PLAN);
    // The quick reactions stay Unicode.
    assert.equal(await menu.locator('[data-reaction^=":"]').count(), 0);
    await menu.getByRole('menuitem', { name: 'More reactions' }).click();
    const picker = max.getByTestId('reaction-picker');
    await picker.locator('input[type="search"]').waitFor();
    await picker.getByRole('button', { name: 'Custom', exact: true }).click();
    const party = picker.getByRole('button', { name: ':party:', exact: true });
    const cake = picker.getByRole('button', { name: ':cake:', exact: true });
    await party.waitFor();
    await cake.waitFor();
    await imagesLoaded(picker.locator('button img[alt=":cake:"], button img[alt=":party:"]'), 2);
    await screenshot(max, 'emoji-02-picker-375-dark.png');
    await cake.click();
    await picker.waitFor({ state: 'detached' });

    for (const page of [max, olga]) {
      const chip = message(page, PLAN).locator('[data-testid="reaction-chip"][data-emoji=":cake:"]');
      await chip.waitFor();
      await imagesLoaded(chip.locator('img[alt=":cake:"]'), 1);
      assert.match(await chip.getAttribute('aria-label'), /^:cake: 1 reaction/);
    }
    // Who reacted shows the image too.
    await message(olga, PLAN).getByTestId('who-reacted-button').click();
    const who = olga.getByTestId('who-reacted');
    await imagesLoaded(who.getByTestId('reactor').locator('img[alt=":cake:"]'), 1);
    await olga.keyboard.press('Escape');
    await who.waitFor({ state: 'detached' });
  });

  test('shortcodes in a message show as images inline; alone, larger', async () => {
    await send(max, CHEERS);
    for (const page of [max, olga]) {
      const body = page.locator('li[data-message-id]').filter({ hasText: ':nope:' });
      await body.waitFor();
      const text = body.getByTestId('message-text');
      await imagesLoaded(text.locator('img'), 2);
      assert.deepEqual(await text.locator('img').evaluateAll((imgs) => imgs.map((i) => `${i.alt} ${i.title}`)), [
        ':party: :party:',
        ':cake: :cake:',
      ]);
      // Unknown shortcodes stay text; the alt text makes the whole message read right.
      assert.match(await text.innerText(), /:nope:/);
    }
    await send(max, ':party:');
    const alone = max.locator('li[data-message-id]').last().getByTestId('message-text').locator('img');
    await imagesLoaded(alone, 1);
    // (The bubble is drawn again when the server confirms it: the locator is read anew.)
    await waitUntil(async () => ((await alone.boundingBox())?.height ?? 0) >= 40, 'a custom emoji alone is larger');
    await screenshot(max, 'emoji-03-chat-375-dark.png');
  });

  test('removed from its set, an emoji is text again for everyone, live', async () => {
    const menu = await openAccountMenu(ada);
    await menu.getByRole('menuitem', { name: 'Custom emoji' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Custom emoji' });
    await dialog.getByRole('button', { name: 'Remove :party:' }).click();
    await dialog.getByTestId('emoji-set-empty').waitFor();
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    for (const page of [max, olga]) {
      const text = page.locator('li[data-message-id]').filter({ hasText: ':nope:' }).getByTestId('message-text');
      await waitUntil(async () => (await text.locator('img').count()) === 1, 'only :cake: an image');
      assert.match(await text.innerText(), /^Cheers :party: and/);
    }
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
