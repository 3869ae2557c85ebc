// Group chats end to end in a real browser, three people in three browser contexts: Ann
// creates a group with Ben and Cal from the "New group" dialog, they chat (sender names, ticks
// that reach READ once both others read), Ann looks at a message's info, what the info panel
// offers an owner and a member, an announcement group, and Ben removed: his composer is
// replaced. Screenshots at desktop width and at 375 px, light and dark.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  messageAction,
  newPage,
  openChat,
  pageErrors,
  register,
  screenshot,
  send,
  startParley,
} from './helpers.mjs';

/** The system line whose text contains `text`. */
const systemLine = (page, text) => page.getByTestId('system-line').filter({ hasText: text });

async function openGroupInfo(page) {
  await page.getByRole('button', { name: 'Group info' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Group info' });
  await dialog.waitFor();
  return dialog;
}

describe('group chats in the browser', () => {
  let server;
  let browser;
  let ann;
  let ben;
  let cal;
  let calUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    ben = await newPage(browser);
    cal = await newPage(browser);
    await register(ann, server.url, 'Ann');
    await register(ben, server.url, 'Ben');
    calUser = await register(cal, server.url, 'Cal');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Ann creates a group with Ben and Cal from the New group dialog', async () => {
    await ann.getByRole('button', { name: 'New group' }).click();
    const dialog = ann.getByRole('dialog', { name: 'New group' });
    await dialog.waitFor();
    // A name is needed.
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Give the group a name.' }).waitFor();
    await dialog.getByLabel('Group name').fill('Weekend climbing');
    await dialog.getByLabel('Description (optional)').fill('Saturday at the crag');
    await dialog.getByLabel('Search people to add').fill('Be');
    await dialog.getByRole('checkbox', { name: 'Ben' }).check();
    await dialog.getByLabel('Search people to add').fill('cal');
    await dialog.getByRole('checkbox', { name: 'Cal' }).check();
    await dialog.getByRole('button', { name: 'Remove Ben' }).waitFor();
    await screenshot(ann, 'groups-01-new-group.png');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ann.getByTestId('chat-title').filter({ hasText: 'Weekend climbing' }).waitFor();
    await ann.getByTestId('peer-presence').filter({ hasText: '3 members' }).waitFor();
    await systemLine(ann, 'created the group').waitFor();

    // chat:added: it is in Ben's and Cal's lists at once, with the system line as its preview.
    for (const page of [ben, cal]) {
      const link = page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Weekend climbing/ });
      await link.waitFor();
      await openChat(page, 'Weekend climbing');
      await systemLine(page, 'Ann created the group').waitFor();
    }
  });

  test('they chat: sender names, and Ann\'s ticks reach READ once both others read', async () => {
    await send(ann, 'Who brings the rope?');
    for (const page of [ben, cal]) {
      const m = message(page, 'Who brings the rope?');
      await m.waitFor();
      assert.equal(await m.getByTestId('sender-name').innerText(), 'Ann');
    }
    await message(ann, 'Who brings the rope?').and(ann.locator('[data-status="READ"]')).waitFor();

    await send(ben, 'I do');
    const fromBen = message(ann, 'I do');
    await fromBen.waitFor();
    assert.equal(await fromBen.getByTestId('sender-name').innerText(), 'Ben');
    await fromBen.getByTestId('sender-avatar').waitFor();
    await send(ben, 'and the quickdraws');
    // The second of a run does not repeat the name.
    assert.equal(await message(ann, 'and the quickdraws').getByTestId('sender-name').count(), 0);
    await message(ben, 'and the quickdraws').and(ben.locator('[data-status="READ"]')).waitFor();

    // The chat list names the sender of a group's last message.
    await ben.getByRole('navigation', { name: 'Chat list' }).isVisible();
    await screenshot(ann, 'groups-02-chat.png');

    // Message info: who received and read Ann's message.
    await messageAction(ann, 'Who brings the rope?', 'Message info');
    const info = ann.getByRole('dialog', { name: 'Message info' });
    await info.getByTestId('read-by').getByText('Ben').waitFor();
    await info.getByTestId('read-by').getByText('Cal').waitFor();
    await screenshot(ann, 'groups-03-message-info.png');
    await ann.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });
  });

  test('the info panel: the owner manages members and settings, a member sees no such actions', async () => {
    const panel = await openGroupInfo(ann);
    await panel.getByTestId('group-info-title').filter({ hasText: 'Weekend climbing' }).waitFor();
    await panel.getByText('Saturday at the crag').waitFor();
    await panel.getByTestId('group-settings').waitFor();
    const calRow = panel.locator('[data-member-id]').filter({ hasText: 'Cal' });
    await calRow.getByRole('button', { name: /Manage/ }).click();
    await calRow.getByRole('button', { name: 'Make admin' }).click();
    await calRow.getByTestId('member-role').filter({ hasText: 'Admin' }).waitFor();
    await screenshot(ann, 'groups-04-info-owner.png');
    await systemLine(cal, 'Ann made Cal an admin').waitFor();

    // Ben, a member: no settings, nobody to manage; he may add members and leave.
    const benPanel = await openGroupInfo(ben);
    await benPanel.locator('[data-member-id]').filter({ hasText: 'Cal' }).getByTestId('member-role').filter({ hasText: 'Admin' }).waitFor();
    assert.equal(await benPanel.getByTestId('group-settings').count(), 0);
    assert.equal(await benPanel.getByRole('button', { name: /Manage/ }).count(), 0);
    assert.equal(await benPanel.getByRole('button', { name: 'Edit name and description' }).count(), 0);
    await benPanel.getByRole('button', { name: 'Add members' }).waitFor();
    await benPanel.getByRole('button', { name: 'Leave group' }).waitFor();
    await ben.keyboard.press('Escape');
    await benPanel.waitFor({ state: 'detached' });

    // An announcement group: Ben's composer gives way to a note; Cal, an admin, still writes.
    await panel.getByLabel('Who can send messages').selectOption('admins');
    await ben.getByTestId('admins-only-note').filter({ hasText: 'Only admins can send messages' }).waitFor();
    assert.equal(await ben.getByLabel('Message', { exact: true }).count(), 0);
    await cal.getByLabel('Message', { exact: true }).waitFor();
    await screenshot(ben, 'groups-05-announcement.png');
    await panel.getByLabel('Who can send messages').selectOption('everyone');
    await ben.getByLabel('Message', { exact: true }).waitFor();
  });

  test('Ann removes Ben: he can no longer send, the others see the line', async () => {
    const panel = ann.getByRole('dialog', { name: 'Group info' });
    const benRow = panel.locator('[data-member-id]').filter({ hasText: 'Ben' });
    await benRow.getByRole('button', { name: /Manage/ }).click();
    await benRow.getByRole('button', { name: 'Remove from group' }).click();
    const confirm = ann.getByRole('alertdialog', { name: 'Remove Ben?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await confirm.waitFor({ state: 'detached' });
    await panel.locator('[data-member-id]').filter({ hasText: 'Ben' }).waitFor({ state: 'detached' });
    await ann.keyboard.press('Escape');

    await ben.getByTestId('not-member-note').filter({ hasText: 'You are no longer a member of this group.' }).waitFor();
    assert.equal(await ben.getByLabel('Message', { exact: true }).count(), 0);
    // What he saw stays, read (system lines too: no unread count left).
    await message(ben, 'Who brings the rope?').waitFor();
    await ben.getByTestId('unread-badge').waitFor({ state: 'detached' });
    await screenshot(ben, 'groups-06-removed.png');
    await systemLine(cal, 'Ann removed Ben').waitFor();
    await ann.getByTestId('peer-presence').filter({ hasText: '2 members' }).waitFor();

    // A message after the removal reaches Cal, not Ben.
    await send(ann, 'Just us two then');
    await message(cal, 'Just us two then').waitFor();
    assert.equal(await message(ben, 'Just us two then').count(), 0);
  });

  test('at 375 px, light and dark: the group, its panel', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme });
      await login(page, server.url, calUser);
      await openChat(page, 'Weekend climbing');
      await message(page, 'Just us two then').waitFor();
      await screenshot(page, `groups-375-${colorScheme}-chat.png`);
      const panel = await openGroupInfo(page);
      await panel.locator('[data-member-id]').first().waitFor();
      await screenshot(page, `groups-375-${colorScheme}-info.png`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Back to chats' }).click();
      await page.getByRole('navigation', { name: 'Chat list' }).waitFor();
      await screenshot(page, `groups-375-${colorScheme}-list.png`);
      await page.context().close();
    }
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
