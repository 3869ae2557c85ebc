// Message templates in the browser, against the real server. Ann Lee makes a template in
// Settings › Templates (shortcut /thanks, "Thank you, {first_name}!", the preview filled in with
// a sample name); in her private chat with Bob Stone she types "/tha", the list offers it, Enter
// puts "Thank you, Bob!" in the box and she sends it: Bob gets exactly that, and the server
// counted the use. Bob writes again: a quick reply chip shows above Ann's box and one tap sends
// it. In a group Ann (its owner) adds a canned response in the info panel; Cal Park, a member,
// sees it there read-only and inserts it with "/" ({first_name} being Ann, who wrote last).
// Ctrl+/ opens the list (a "/" put at the caret), from the box or from outside any field. On a
// phone (375 px, dark) the list, the chips and the settings fit. Screenshots go to
// SCREENSHOT_DIR as templates-*.png; the views pass axe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, messageTexts, newPage, openChat, pageErrors, register, restAs, screenshot, send, startChat, startParley,
  uniqueEmail, waitUntil,
} from './helpers.mjs';

const GROUP = 'Support desk';
const box = (page) => page.getByLabel('Message', { exact: true });
const picker = (page) => page.getByRole('listbox', { name: 'Templates' });
const chips = (page) => page.getByRole('group', { name: 'Quick replies' });
const settled = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));

/** Opens Settings › Templates from the account menu. */
async function openTemplates(page) {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByTestId('settings-page').waitFor();
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.getByTestId('templates-section').waitFor();
}

async function openGroupInfo(page) {
  await page.getByRole('button', { name: 'Group info' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Group info' });
  await dialog.waitFor();
  return dialog;
}

/** Nothing on the page is wider than the screen. */
async function fitsWidth(page) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(over, 0, 'nothing runs off to the side');
}

describe('message templates in the browser', () => {
  let server;
  let browser;
  let ann;
  let bob;
  let cal;
  let annUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    bob = await newPage(browser);
    cal = await newPage(browser);
    annUser = await register(ann, server.url, 'Ann Lee', { email: uniqueEmail('ann') });
    await register(bob, server.url, 'Bob Stone', { email: uniqueEmail('bob') });
    await register(cal, server.url, 'Cal Park', { email: uniqueEmail('cal') });
    await startChat(ann, 'Bob Stone');
    await send(ann, 'Hi Bob');
    await openChat(bob, 'Ann Lee');
    await message(bob, 'Hi Bob').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Ann makes a template with a shortcut in Settings › Templates', async () => {
    await openTemplates(ann);
    const section = ann.getByTestId('templates-section');
    await section.getByText('type /thanks in any message box', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'New template' }).click();
    const form = ann.getByTestId('template-form');
    await form.getByLabel('Title', { exact: true }).fill('Thanks');
    await form.getByLabel('Category (optional)').fill('Replies');
    await form.getByLabel('Shortcut (optional)').fill('Thanks');
    assert.equal(await form.getByLabel('Shortcut (optional)').inputValue(), 'thanks');
    const text = form.getByLabel('Text', { exact: true });
    await text.fill('Thank you, !');
    await text.press('ArrowLeft');
    await form.getByRole('button', { name: 'Insert {first_name}: Their first name' }).click();
    assert.equal(await text.inputValue(), 'Thank you, {first_name}!');
    assert.equal(await form.getByTestId('template-preview-text').innerText(), 'Thank you, Alex!');
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'templates-01-form-desktop-light.png');
    await form.getByRole('button', { name: 'Create template' }).click();
    await form.waitFor({ state: 'detached' });

    const item = section.getByTestId('template-item').filter({ hasText: 'Thanks' });
    await item.getByText('/thanks', { exact: true }).waitFor();
    const mine = await restAs(ann, server.url, '/api/v1/me/templates');
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(mine.body.templates.map((x) => [x.title, x.shortcut, x.category, x.content, x.chatId]), [
      ['Thanks', 'thanks', 'Replies', 'Thank you, {first_name}!', null],
    ]);
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'templates-02-settings-desktop-light.png');
    await ann.getByTestId('settings-page').getByRole('button', { name: 'Back to chats' }).click();
    await ann.getByTestId('settings-page').waitFor({ state: 'detached' });
  });

  test('"/tha" in the chat with Bob offers it; Enter inserts "Thank you, Bob!", which Bob receives', async () => {
    await openChat(ann, 'Bob Stone');
    await box(ann).click();
    await ann.keyboard.type('/tha');
    const option = picker(ann).getByRole('option').filter({ hasText: 'Thanks' });
    await option.waitFor();
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    assert.equal(await box(ann).getAttribute('aria-expanded'), 'true');
    assert.equal(await box(ann).getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    await settled(ann);
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'templates-03-picker-desktop-light.png');

    await ann.keyboard.press('Enter');
    await picker(ann).waitFor({ state: 'detached' });
    assert.equal(await box(ann).inputValue(), 'Thank you, Bob!');
    await ann.keyboard.press('Enter');
    await message(bob, 'Thank you, Bob!').waitFor();
    assert.equal((await messageTexts(bob)).filter((x) => x === 'Thank you, Bob!').length, 1);
    await waitUntil(async () => (await restAs(ann, server.url, '/api/v1/me/templates')).body?.templates?.[0]?.uses === 1, 'the use counted');
  });

  test('after Bob writes again, a quick reply chip shows and one tap sends it', async () => {
    assert.equal(await chips(ann).count(), 0);
    await send(bob, 'Could you send the invoice too?');
    await message(ann, 'Could you send the invoice too?').waitFor();
    const chip = chips(ann).getByRole('button', { name: 'Send quick reply: Thanks' });
    await chip.waitFor();
    await chips(ann).getByRole('button', { name: 'Edit before sending: Thanks' }).waitFor();
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'templates-04-quick-replies-desktop-light.png');
    await chip.click();
    await waitUntil(async () => (await messageTexts(bob)).filter((x) => x === 'Thank you, Bob!').length === 2, 'the quick reply arrived');
    // The newest message is hers now: no chips.
    await chips(ann).waitFor({ state: 'detached' });
    assert.equal(await box(ann).inputValue(), '');
  });

  test('in a group Ann adds a canned response; Cal sees it read-only and inserts it with "/"', async () => {
    await ann.getByRole('button', { name: 'New group' }).click();
    const dialog = ann.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill(GROUP);
    for (const name of ['Bob Stone', 'Cal Park']) {
      await dialog.getByLabel('Search people to add').fill(name.split(' ')[0]);
      await dialog.getByRole('checkbox', { name }).check();
    }
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ann.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    await send(ann, 'Welcome to the support desk');

    const info = await openGroupInfo(ann);
    const canned = info.getByTestId('canned-responses');
    await canned.getByText('No canned responses yet.').waitFor();
    await canned.getByRole('button', { name: 'New canned response' }).click();
    const form = canned.getByTestId('template-form');
    await form.getByLabel('Title', { exact: true }).fill('Opening hours');
    await form.getByLabel('Shortcut (optional)').fill('hours');
    await form.getByLabel('Text', { exact: true }).fill('Hi {first_name}, we are open from 9 to 17.');
    await screenshot(ann, 'templates-05-canned-form-desktop-light.png');
    await form.getByRole('button', { name: 'Create canned response' }).click();
    await canned.getByTestId('template-item').filter({ hasText: 'Opening hours' }).waitFor();
    assert.deepEqual(await audit(ann), []);
    await ann.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });

    await openChat(cal, GROUP);
    await message(cal, 'Welcome to the support desk').waitFor();
    const calInfo = await openGroupInfo(cal);
    const calCanned = calInfo.getByTestId('canned-responses');
    await calCanned.getByTestId('template-item').filter({ hasText: 'Opening hours' }).waitFor();
    assert.equal(await calCanned.getByRole('button', { name: 'New canned response' }).count(), 0);
    assert.equal(await calCanned.getByRole('button', { name: /^(Edit|Delete) / }).count(), 0);
    await calCanned.getByText('Type / in the message box to use one.').waitFor();
    await calCanned.scrollIntoViewIfNeeded();
    await screenshot(cal, 'templates-06-canned-member-desktop-light.png');
    await cal.keyboard.press('Escape');
    await calInfo.waitFor({ state: 'detached' });

    await box(cal).click();
    await cal.keyboard.type('/hou');
    const option = picker(cal).getByRole('option').filter({ hasText: 'Opening hours' });
    await option.waitFor();
    await option.getByText('Group', { exact: true }).waitFor();
    await option.click();
    assert.equal(await box(cal).inputValue(), 'Hi Ann, we are open from 9 to 17.');
    await cal.keyboard.press('Enter');
    await message(ann, 'Hi Ann, we are open from 9 to 17.').waitFor();
  });

  test('Ctrl+/ opens the list, from the box or from outside any field', async () => {
    await openChat(ann, 'Bob Stone');
    await box(ann).click();
    await ann.keyboard.type('Sure');
    await ann.keyboard.press('Control+/');
    await picker(ann).waitFor();
    assert.equal(await box(ann).inputValue(), 'Sure /');
    await ann.keyboard.press('Escape');
    await picker(ann).waitFor({ state: 'detached' });
    await box(ann).fill('');

    await ann.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await ann.keyboard.press('Control+/');
    await picker(ann).getByRole('option').filter({ hasText: 'Thanks' }).waitFor();
    assert.equal(await box(ann).inputValue(), '/');
    assert.equal(await ann.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
    await ann.keyboard.press('Escape');
    await box(ann).fill('');
    // The help lists it.
    await ann.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await ann.keyboard.press('?');
    const help = ann.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.locator('[data-shortcut="insertTemplate"]').getByText('Insert a template').waitFor();
    await ann.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  test('on a phone, in dark mode, the list, the chips and the settings fit', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, annUser);
    await openChat(phone, 'Bob Stone');
    await send(bob, 'Thanks for the invoice!');
    await chips(phone).getByRole('button', { name: 'Send quick reply: Thanks' }).waitFor();
    const row = await chips(phone).boundingBox();
    assert.ok(row && row.x >= 0 && row.x + row.width <= 375, `the chips fit: ${JSON.stringify(row)}`);
    await fitsWidth(phone);
    await screenshot(phone, 'templates-07-quick-replies-375-dark.png');

    await box(phone).click();
    await phone.keyboard.type('/');
    await picker(phone).waitFor();
    const list = await picker(phone).boundingBox();
    assert.ok(list && list.x >= 0 && list.x + list.width <= 375, `the list fits: ${JSON.stringify(list)}`);
    await settled(phone);
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'templates-08-picker-375-dark.png');
    await phone.keyboard.press('Escape');
    await box(phone).fill('');

    // On a phone the chat covers the chat list and its account menu.
    await phone.getByRole('button', { name: 'Back to chats' }).click();
    await openTemplates(phone);
    await phone.getByTestId('template-item').filter({ hasText: 'Thanks' }).waitFor();
    await fitsWidth(phone);
    await screenshot(phone, 'templates-09-settings-375-dark.png');
    await phone.getByRole('button', { name: 'Edit “Thanks”' }).click();
    await phone.getByTestId('template-form').waitFor();
    await fitsWidth(phone);
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'templates-10-form-375-dark.png');
    await phone.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
