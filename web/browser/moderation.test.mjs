// Reports and moderation in the browser against the real server, started with Ada as its
// configured administrator (--server_admins):
//  - Alice reports a message of Bob's in their private chat from its menu ("Report…"), with a
//    category and a comment; the toast says it was sent, and My reports lists it as Open;
//  - Alice, not staff, has no "Moderation" in her menu, and the page says the server's refusal;
//  - Ada opens Moderation from her menu: the report's card with its comment and the messages
//    kept (Bob's marked), "Delete message" with a reason (asked first): the card says Resolved;
//    Alice sees the message deleted, and her report Resolved;
//  - Carol, owner of a group, opens "Reports" from its info panel: only that group's reports,
//    one dismissed (the card says Dismissed), the group's audit log names her;
//  - Ada makes Carol a moderator from the Staff tab (the people directory), and takes it back;
//  - Alice reports Bob; Ada suspends him from the report's card for 1 day (asked first): the card
//    says Resolved / suspended, Bob's open page goes to the sign-in screen saying his account is
//    suspended and signing in is refused; Ada lifts it from the Suspensions tab and Bob signs in;
//  - the report dialog, the page and its Suspensions tab on a 375 px phone in the dark theme, with axe-core finding
//    nothing serious (screenshots).
// Nothing waits by sleeping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit,
  launchBrowser,
  login,
  message,
  newPage,
  openChat,
  openMessageMenu,
  pageErrors,
  register,
  restAs,
  screenshot,
  send,
  startChat,
  startParley,
  uniqueEmail,
} from './helpers.mjs';

const SPAM = 'Buy cheap watches at example.com';
const RUDE = 'You are all idiots';
const GROUP = 'Book club';

describe('reports and moderation', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let ada;
  let carol;
  let adaUser;
  let bobUser;
  let groupId;

  before(async () => {
    const adaEmail = uniqueEmail('Ada');
    server = await startParley({ args: ['--server_admins', adaEmail] });
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    ada = await newPage(browser);
    carol = await newPage(browser);
    await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    adaUser = await register(ada, server.url, 'Ada', { email: adaEmail });
    await register(carol, server.url, 'Carol');
    await startChat(alice, 'Bob');
    await send(alice, 'Hi Bob');
    await openChat(bob, 'Alice');
    await send(bob, SPAM);
    await message(alice, SPAM).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The account menu's items, opened and closed again. */
  async function menuItems(page) {
    await page.getByRole('button', { name: 'Account and settings' }).click();
    const menu = page.getByRole('menu', { name: 'Account and settings' });
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allInnerTexts();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    return items.map((s) => s.trim());
  }

  /** Opens the Privacy dialog at "My reports", loaded; returns the section. */
  async function myReports(page) {
    await page.getByRole('button', { name: 'Account and settings' }).click();
    await page.getByRole('menuitem', { name: 'Privacy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Privacy' });
    const section = dialog.getByRole('region', { name: /^My reports/ });
    await section.getByTestId('my-report').or(section.getByTestId('my-reports-empty')).first().waitFor();
    return { dialog, section };
  }

  async function closeDialog(dialog) {
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Acts on `card` ("Dismiss" or "Delete message") with `reason`, and waits for the dialog to close. */
  async function actOn(page, card, action, reason) {
    await card.getByRole('button', { name: action, exact: true }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'Cancel has focus first');
    await ask.getByLabel(/^Reason/).fill(reason);
    await ask.locator('button[type="submit"]').click();
    await ask.waitFor({ state: 'detached' });
  }

  test('Alice reports Bob\'s message from its menu, with a comment; My reports lists it as Open', async () => {
    const menu = await openMessageMenu(alice, SPAM);
    const items = (await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(items.slice(-2), ['Report…', 'Block sender']);
    await menu.getByRole('menuitem', { name: 'Report…' }).click();

    const dialog = alice.getByRole('dialog', { name: 'Report message' });
    await dialog.waitFor();
    const reasons = dialog.getByRole('group', { name: 'Why are you reporting this message?' });
    assert.deepEqual(
      await reasons.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.closest('label').querySelector('span span').textContent)),
      ['Spam', 'Harassment', 'Violence', 'Sexual content', 'Illegal', 'Other'],
    );
    // Sent without a reason: said in words.
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose why you are reporting this.' }).waitFor();
    await reasons.getByRole('radio', { name: /^Spam/ }).check();
    await dialog.getByLabel(/^Comment/).fill('He sends this to everyone');
    await dialog.getByText('25 / 1000').waitFor();
    await dialog.getByRole('checkbox', { name: 'Also block Bob' }).waitFor();
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'moderation-01-report-dialog.png');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await alice.getByRole('alert').filter({ hasText: 'Report sent. Moderators will review it.' }).waitFor();
    // Not blocked: that was not asked for.
    await alice.getByLabel('Message', { exact: true }).waitFor();

    const { dialog: privacy, section } = await myReports(alice);
    const row = section.getByTestId('my-report').first();
    await row.getByText('Message · Spam').waitFor();
    assert.equal(await row.getByTestId('my-report-status').textContent(), 'Status: Open');
    await closeDialog(privacy);
  });

  test('Alice, not staff, has no Moderation in her menu, and the page says the server\'s refusal', async () => {
    assert.ok(!(await menuItems(alice)).includes('Moderation'), 'no Moderation item');
    assert.deepEqual((await restAs(alice, server.url, '/api/v1/moderation/role')).body, { serverRole: null });
    await alice.goto(`${server.url}/moderation`);
    await alice.getByTestId('queue-error').getByText("Only the server's moderators see every report").waitFor();
    await alice.getByRole('button', { name: 'Back to chats' }).click();
    await alice.getByTestId('moderation-page').waitFor({ state: 'detached' });
    await openChat(alice, 'Bob');
  });

  test('Ada opens Moderation, sees the report with its context, and deletes the message; Alice sees it gone and her report Resolved', async () => {
    assert.ok((await menuItems(ada)).includes('Moderation'), 'Moderation for the administrator');
    await ada.getByRole('button', { name: 'Account and settings' }).click();
    await ada.getByRole('menuitem', { name: 'Moderation' }).click();
    await ada.waitForURL(/\/moderation$/);
    const page = ada.getByTestId('moderation-page');
    await page.getByRole('heading', { name: 'Moderation' }).waitFor();
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Reports');
    assert.equal(await page.getByLabel('Status').inputValue(), 'open');

    const card = page.getByTestId('report-card').filter({ hasText: 'He sends this to everyone' });
    await card.waitFor();
    await card.getByRole('heading', { name: 'Spam · Message' }).waitFor();
    assert.match(await card.getByTestId('report-reporter').innerText(), /^Alice/);
    assert.match(await card.getByTestId('report-about').innerText(), /^Bob/);
    const context = card.getByTestId('context-message');
    assert.deepEqual(await context.getByTestId('context-text').allInnerTexts(), ['Hi Bob', SPAM]);
    assert.equal(await context.nth(1).getAttribute('aria-current'), 'true');
    await context.nth(1).getByText('Reported message').waitFor();
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'moderation-02-queue.png');

    await actOn(ada, card, 'Delete message', 'Spam link');
    assert.equal(await card.getByTestId('report-status').textContent(), 'Status: Resolved');
    await card.getByTestId('report-closed').getByText(/^Message deleted by Ada/).waitFor();
    await page.getByTestId('moderation-status').getByText('Message deleted; the report is resolved.').waitFor({ state: 'attached' });
    assert.equal(await card.getByRole('button', { name: 'Dismiss' }).count(), 0);

    // Alice: the message is gone, for everyone (Bob too).
    await message(alice, SPAM).waitFor({ state: 'detached' });
    await alice.getByTestId('message-deleted').filter({ hasText: 'This message was deleted' }).waitFor();
    await message(bob, SPAM).waitFor({ state: 'detached' });
    const { dialog, section } = await myReports(alice);
    await section.getByTestId('my-report-status').filter({ hasText: 'Resolved' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'moderation-03-my-reports.png');
    await closeDialog(dialog);

    // The audit log says who did it.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const line = page.getByTestId('audit-entry').first();
    await line.getByText("Ada deleted Bob's message").waitFor();
    await line.getByText('Reason: Spam link').waitFor();
  });

  test('Carol, a group\'s owner, sees its reports from the info panel and dismisses one', async () => {
    await carol.getByRole('button', { name: 'New group' }).click();
    const create = carol.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill(GROUP);
    for (const name of ['Alice', 'Bob']) {
      await create.getByLabel('Search people to add').fill(name);
      await create.getByRole('checkbox', { name }).check();
    }
    await create.getByRole('button', { name: 'Create group' }).click();
    await create.waitFor({ state: 'detached' });
    await carol.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    groupId = decodeURIComponent(new URL(carol.url()).pathname.split('/').pop());
    await openChat(bob, GROUP);
    await send(bob, RUDE);
    await openChat(alice, GROUP);
    const menu = await openMessageMenu(alice, RUDE);
    await menu.getByRole('menuitem', { name: 'Report…' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Report message' });
    await dialog.getByRole('radio', { name: /^Harassment/ }).check();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A member finds no Reports in the info panel; the owner does.
    await alice.getByRole('button', { name: 'Group info' }).first().click();
    const aliceInfo = alice.getByRole('dialog', { name: 'Group info' });
    await aliceInfo.getByRole('button', { name: 'Report group…' }).waitFor();
    assert.equal(await aliceInfo.getByRole('button', { name: 'Reports', exact: true }).count(), 0);
    await closeDialog(aliceInfo);

    await carol.getByRole('button', { name: 'Group info' }).first().click();
    const info = carol.getByRole('dialog', { name: 'Group info' });
    await info.getByRole('button', { name: 'Reports', exact: true }).click();
    await carol.waitForURL((u) => u.pathname === '/moderation' && u.searchParams.get('chatId') === groupId);
    const page = carol.getByTestId('moderation-page');
    await page.getByRole('heading', { name: `Reports in ${GROUP}` }).waitFor();
    const cards = page.getByTestId('report-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 1, 'only the group\'s reports');
    const card = cards.first();
    await card.getByRole('heading', { name: 'Harassment · Message' }).waitFor();
    await card.getByTestId('context-message').filter({ hasText: RUDE }).waitFor();
    assert.deepEqual(await page.getByRole('tab').allInnerTexts(), ['Reports', 'Auto-moderation', 'Rules', 'Mutes', 'Audit log']);

    await actOn(carol, card, 'Dismiss', 'Just banter');
    assert.equal(await card.getByTestId('report-status').textContent(), 'Status: Dismissed');
    // The message stays.
    await message(alice, RUDE).waitFor();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-entry').first().getByText("Carol dismissed the report of Bob's message").waitFor();
    assert.equal(await page.getByTestId('audit-entry').count(), 1, 'the group\'s lines only');
    assert.deepEqual(await audit(carol), []);
    await screenshot(carol, 'moderation-04-group-audit.png');
    await page.getByRole('button', { name: 'Back to the group' }).click();
    await carol.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
  });

  test('Ada makes Carol a moderator from the Staff tab, and takes it back', async () => {
    const page = ada.getByTestId('moderation-page');
    await page.getByRole('tab', { name: 'Staff' }).click();
    const staff = page.getByTestId('staff-member');
    await staff.first().waitFor();
    assert.equal(await staff.count(), 1);
    assert.match(await staff.first().innerText(), /Ada \(you\)[\s\S]*Administrator · configured/);
    assert.equal(await staff.first().getByRole('button').count(), 0, 'a configured administrator is not removed here');

    await page.getByLabel('Search people to give a role').fill('Carol');
    await page.getByRole('checkbox', { name: 'Carol' }).check();
    await page.getByRole('button', { name: 'Give role' }).click();
    await staff.filter({ hasText: 'Carol' }).getByText(/Moderator · since /).waitFor();
    await page.getByTestId('moderation-status').getByText('Carol is now a moderator.').waitFor({ state: 'attached' });
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'moderation-07-staff.png');
    // Carol's menu has Moderation once her client reads her role again.
    await carol.reload();
    await carol.getByTestId('me-name').waitFor();
    assert.ok((await menuItems(carol)).includes('Moderation'), 'Moderation for the new moderator');

    await page.getByRole('button', { name: 'Remove role of Carol' }).click();
    await staff.filter({ hasText: 'Carol' }).waitFor({ state: 'detached' });
    assert.deepEqual((await restAs(carol, server.url, '/api/v1/moderation/role')).body, { serverRole: null });
    assert.deepEqual(await audit(ada), []);
  });

  test('Ada suspends Bob from a report for 1 day: his page is signed out; she lifts it and he signs in again', async () => {
    await openChat(alice, 'Bob');
    await alice.getByRole('button', { name: 'Contact info' }).click();
    await alice.getByRole('dialog', { name: 'Contact info' }).getByRole('button', { name: 'Report Bob…' }).click();
    const report = alice.getByRole('dialog', { name: 'Report Bob' });
    await report.getByRole('radio', { name: /^Harassment/ }).check();
    await report.getByLabel(/^Comment/).fill('He keeps threatening me');
    await report.getByRole('button', { name: 'Submit' }).click();
    await report.waitFor({ state: 'detached' });
    await alice.keyboard.press('Escape');

    const page = ada.getByTestId('moderation-page');
    await page.getByRole('tab', { name: 'Reports' }).click();
    const card = page.getByTestId('report-card').filter({ hasText: 'He keeps threatening me' });
    await card.getByRole('heading', { name: 'Harassment · Person' }).waitFor();
    await card.getByRole('button', { name: 'Suspend Bob…' }).click();
    const ask = ada.getByRole('alertdialog', { name: 'Suspend Bob?' });
    await ask.waitFor();
    assert.equal(await ada.evaluate(() => document.activeElement?.textContent), 'Cancel', 'Cancel has focus first');
    const how = ask.getByRole('group', { name: 'How long' });
    assert.deepEqual(await how.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.closest('label').textContent)), [
      '1 hour',
      '1 day',
      '7 days',
      '30 days',
      'Until lifted',
    ]);
    await how.getByRole('radio', { name: '1 day' }).check();
    await ask.getByLabel(/^Reason/).fill('Threats');
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'moderation-08-suspend-dialog.png');
    await ask.getByRole('button', { name: 'Suspend', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await card.getByTestId('report-status').textContent(), 'Status: Resolved');
    await card.getByTestId('report-closed').getByText(/^Resolved \/ suspended Bob by Ada/).waitFor();
    await page.getByTestId('moderation-status').getByText('Bob is suspended for 1 day.').waitFor({ state: 'attached' });

    // Bob's open page: signed out, told why; signing in is refused while it lasts.
    await bob.getByRole('button', { name: 'Sign in' }).waitFor();
    await bob.getByRole('status').filter({ hasText: 'Your account is suspended' }).waitFor();
    await bob.getByLabel('Email').fill(bobUser.email);
    await bob.getByLabel('Password', { exact: true }).fill(bobUser.password);
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('alert').filter({ hasText: 'This account is suspended' }).waitFor();

    await page.getByRole('tab', { name: 'Suspensions' }).click();
    const row = page.getByTestId('suspension').filter({ hasText: 'Bob' });
    await row.waitFor();
    assert.match(await row.innerText(), /Since [\s\S]* · until [\s\S]* · by Ada[\s\S]*Reason: Threats/);
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'moderation-09-suspensions.png');
    await row.getByRole('button', { name: 'Lift the suspension of Bob' }).click();
    const lift = ada.getByRole('alertdialog', { name: 'Lift the suspension of Bob?' });
    await lift.getByLabel(/^Reason/).fill('Apologised');
    await lift.getByRole('button', { name: 'Lift suspension' }).click();
    await lift.waitFor({ state: 'detached' });
    await page.getByTestId('suspensions-empty').waitFor();
    await page.getByTestId('moderation-status').getByText('The suspension of Bob is lifted.').waitFor({ state: 'attached' });

    await login(bob, server.url, bobUser);
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-entry').first().getByText('Ada lifted the suspension of Bob').waitFor();
  });

  test('on a 375 px phone in the dark theme: the report dialog and the moderation page fit', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    const fits = async (el) => {
      const b = await el.boundingBox();
      assert.ok(b && b.x >= 0 && b.x + b.width <= 375 + 0.5, `in view: ${JSON.stringify(b)}`);
    };
    await login(phone, server.url, adaUser);
    await phone.goto(`${server.url}/moderation`);
    const page = phone.getByTestId('moderation-page');
    const status = page.getByLabel('Status');
    await status.selectOption('all');
    const card = page.getByTestId('report-card').first();
    await card.waitFor();
    await fits(page);
    await fits(card);
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'moderation-05-page-375-dark.png');
    await page.getByRole('tab', { name: 'Suspensions' }).click();
    await page.getByTestId('suspensions-empty').waitFor();
    await fits(page.getByRole('tabpanel'));
    assert.deepEqual(await audit(phone), []);
    await page.getByRole('tab', { name: 'Reports' }).click();

    await page.getByRole('button', { name: 'Back to chats' }).click();
    await startChat(phone, 'Bob');
    await phone.getByRole('button', { name: 'Contact info' }).click();
    await phone.getByRole('dialog', { name: 'Contact info' }).getByRole('button', { name: 'Report Bob…' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Report Bob' });
    await dialog.getByRole('radio', { name: /^Other/ }).check();
    await fits(dialog);
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'moderation-06-report-375-dark.png');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
