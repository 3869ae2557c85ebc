// Accessibility audit with axe-core (injected from node_modules): no serious or critical
// violation on the sign-in and registration pages, the chat list, an open chat (at its unread
// divider), a message's menu, a message still sending, the people directory, the account menu
// and every dialog (profile, privacy, the server's custom emoji, log out, the keyboard shortcuts, forward, new group, group info with a
// member's actions and
// an invite link, message info, a message's edit history, deleting a message), a group chat
// (system lines, sender names, an edited message, a deleted one, the box editing a message), an invite link's
// page (a group to join, a link that does not exist), the settings page's sections and its
// custom colours, in the light, the dark and the high-contrast theme (chosen in the settings,
// on a light ground at desktop width and a dark one at 375 px), at desktop width and at 375 px.
// The page must also have a main heading.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  messageAction,
  newPage,
  openChat,
  openMessageMenu,
  pageErrors,
  register,
  screenshot,
  send,
  sendFromAnotherDevice,
  startChat,
  startParley,
  uniqueEmail,
  audit,
} from './helpers.mjs';

const MODES = [
  { name: 'light-desktop', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  { name: 'dark-desktop', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  { name: 'light-375', colorScheme: 'light', viewport: { width: 375, height: 740 } },
  { name: 'dark-375', colorScheme: 'dark', viewport: { width: 375, height: 740 } },
  // Last: the theme is Alice's setting, kept by the server, and put back after each of these.
  { name: 'hc-desktop', colorScheme: 'light', viewport: { width: 1280, height: 800 }, theme: 'high-contrast' },
  { name: 'hc-375', colorScheme: 'dark', viewport: { width: 375, height: 740 }, theme: 'high-contrast' },
];

/** Changes Alice's settings on the server (a merge patch), as another device of hers would. */
async function patchSettings(page, settings) {
  const status = await page.evaluate(async (body) => {
    const token = localStorage.getItem('parley.token');
    const res = await fetch('/api/v1/me/settings', {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ settings: body }),
    });
    return res.status;
  }, settings);
  assert.equal(status, 200);
}

describe('accessibility (axe-core)', () => {
  let server;
  let browser;
  let alice;
  /** Bob's page, left on the chat list: he writes from "another device" before each mode. */
  let bob;
  let chatId;
  /** /join/<token> of a group of Bob's that Alice is not in. */
  let invitePath;

  before(async () => {
    // Alice is the server's admin: her menu offers its custom emoji.
    const aliceEmail = uniqueEmail('Alice');
    server = await startParley({ args: ['--server_admins', aliceEmail] });
    browser = await launchBrowser();
    const a = await newPage(browser);
    const b = await newPage(browser);
    alice = await register(a, server.url, 'Alice', { email: aliceEmail });
    await register(b, server.url, 'Bob');
    await startChat(a, 'Bob');
    chatId = decodeURIComponent(new URL(a.url()).pathname.split('/').pop());
    await send(a, 'Hello Bob, see https://example.com/docs for the plan');
    await openChat(b, 'Alice');
    await message(b, 'Hello Bob, see https://example.com/docs for the plan').waitFor();
    await send(b, 'Thanks! 🎉 Reading it now');
    await message(a, 'Thanks! 🎉 Reading it now').waitFor();
    await send(a, 'Delivered only, not read yet');
    await b.goto(`${server.url}/`);
    await message(a, 'Hello Bob, see https://example.com/docs for the plan').and(a.locator('[data-status="READ"]')).waitFor();
    // A group of Alice's with Bob: its chat, info panel and message info are audited too.
    await a.getByRole('button', { name: 'New group' }).click();
    const dialog = a.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Book club');
    await dialog.getByLabel('Search people to add').fill('Bob');
    await dialog.getByRole('checkbox', { name: 'Bob' }).check();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await a.getByTestId('chat-title').filter({ hasText: 'Book club' }).waitFor();
    const bookClub = decodeURIComponent(new URL(a.url()).pathname.split('/').pop());
    await send(a, 'Chapter one tonight?');
    await openChat(b, 'Book club');
    await send(b, 'Yes, at eight');
    await message(a, 'Yes, at eight').waitFor();
    // An edited message and a deleted one (a tombstone).
    // (Each one stored before its menu is used: a message still sending has no edit, no delete.)
    const stored = (text) => message(a, text).and(a.locator('li[data-status]:not([data-status="PENDING"])')).waitFor();
    await send(a, 'Chapter two on Friday');
    await stored('Chapter two on Friday');
    await messageAction(a, 'Chapter two on Friday', 'Edit');
    await a.getByLabel('Message', { exact: true }).fill('Chapter two on Saturday');
    await a.getByLabel('Message', { exact: true }).press('Enter');
    await message(a, 'Chapter two on Saturday').getByTestId('edited-label').waitFor();
    await send(a, 'Sorry, wrong group');
    await stored('Sorry, wrong group');
    await messageAction(a, 'Sorry, wrong group', 'Delete');
    await a.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for everyone' }).click();
    await a.locator('li[data-deleted="true"]').waitFor();
    // An invite link of the book club (its row shows in the info panel), and one of a group of
    // Bob's, for Alice's view of an invitation.
    const post = (page, url, body) =>
      page.evaluate(
        async ([u, json]) => {
          const token = localStorage.getItem('parley.token');
          const res = await fetch(u, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(json),
          });
          return res.json();
        },
        [url, body],
      );
    await post(a, `/api/v1/chats/${bookClub}/invites`, { maxUses: 10, expiresInSeconds: 86400 });
    const running = await post(b, '/api/v1/groups', { title: 'Running club', description: 'Tuesdays at six', memberIds: [] });
    invitePath = (await post(b, `/api/v1/chats/${running.id}/invites`, {})).path;
    await a.context().close();
    bob = b;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const mode of MODES) {
    test(`${mode.name}: sign-in, chat list, open chat, directory, menu and dialogs`, async () => {
      const page = await newPage(browser, { viewport: mode.viewport, colorScheme: mode.colorScheme });
      const found = {};
      const check = async (what) => {
        const v = await audit(page);
        if (v.length > 0) found[what] = v;
        await screenshot(page, `a11y-${mode.name}-${what}.png`);
      };
      const phone = mode.viewport.width < 768;

      await page.goto(`${server.url}/login`);
      await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
      await check('sign-in');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByRole('heading', { name: 'Create your Parley account' }).waitFor();
      await page.getByLabel('Password', { exact: true }).fill('not so common words');
      await page.getByText('Strength:').waitFor();
      await check('register');

      // Something Alice has not read: the unread badge in the list, the divider in the chat.
      const unread = `Unread while Alice was away (${mode.name})`;
      await sendFromAnotherDevice(bob, server.url, chatId, [unread]);
      await login(page, server.url, alice);
      await page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Bob.*1 unread$/ }).waitFor();

      // The settings page, each section; in the high-contrast modes the theme is chosen there.
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Settings' }).click();
      await page.getByTestId('settings-page').waitFor();
      if (mode.theme) {
        await page.getByTestId('theme-choices').locator(`label[data-value="${mode.theme}"]`).click();
        await page.waitForFunction((t) => document.documentElement.dataset.theme === t, mode.theme);
        await page.locator('[data-testid="settings-status"][data-save="saved"]').waitFor();
      }
      await check('settings-appearance');
      await page.getByTestId('scheme-choices').locator('label[data-value="custom"]').click();
      await page.getByTestId('scheme-editor').waitFor();
      await check('settings-custom-colours');
      await page.getByTestId('scheme-choices').locator('label[data-value="classic"]').click();
      await page.locator('[data-testid="settings-status"][data-save="saved"]').waitFor();
      for (const section of ['Chats', 'Templates', 'Notifications', 'Privacy', 'Language']) {
        await page.getByRole('tab', { name: section }).click();
        await page.getByTestId(`settings-${section.toLowerCase()}`).waitFor();
        await check(`settings-${section.toLowerCase()}`);
      }
      await page.getByTestId('settings-page').getByRole('button', { name: 'Back to chats' }).click();
      await page.getByTestId('settings-page').waitFor({ state: 'detached' });
      await check('chat-list');

      // The keyboard shortcuts' help, from the account menu (as on a touch screen).
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click();
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await check('shortcuts');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'New chat' }).click();
      await page.getByRole('button', { name: /^Chat with Bob/ }).waitFor();
      await check('people');
      await page.getByRole('button', { name: 'Back to chats' }).click();

      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menu').waitFor();
      await check('account-menu');
      await page.getByRole('menuitem', { name: 'Profile' }).click();
      await page.getByRole('dialog', { name: 'Profile' }).waitFor();
      await check('profile-dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Privacy' }).click();
      const privacy = page.getByRole('dialog', { name: 'Privacy' });
      await privacy.getByRole('switch', { name: 'Read receipts' }).waitFor();
      // With Bob in "Always share with" (a row with its remove button) and its picker open.
      const always = privacy.getByTestId('privacy-always');
      await always.getByRole('button', { name: 'Add people to Always share with' }).click();
      const bobBox = always.getByRole('checkbox', { name: 'Bob' });
      if (!(await bobBox.isChecked())) await bobBox.check();
      await always.getByRole('button', { name: 'Remove Bob from Always share with' }).waitFor();
      await privacy.getByTestId('privacy-status').filter({ hasText: /Saved\.|Changes are saved/ }).waitFor();
      await check('privacy-dialog');
      await page.keyboard.press('Escape');
      await privacy.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Notifications' }).click();
      const notifications = page.getByRole('dialog', { name: 'Notifications' });
      await notifications.getByRole('switch', { name: 'Notifications on this device' }).waitFor();
      await check('notifications-dialog');
      await page.keyboard.press('Escape');
      await notifications.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Custom emoji' }).click();
      await page.getByRole('dialog', { name: 'Custom emoji' }).getByLabel('Shortcode').waitFor();
      await check('custom-emoji-dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.getByRole('alertdialog', { name: 'Log out?' }).waitFor();
      // The dialog at rest: on a phone the menu's last item was where the dialog's own "Log out"
      // now is, and the pointer left there would hover it (and its fade back would be caught).
      await page.mouse.move(0, 0);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('dialog[open] button')].every((b) => !b.matches(':hover') && b.getAnimations().length === 0),
      );
      await check('logout-dialog');
      await page.keyboard.press('Escape');

      await openChat(page, 'Bob');
      await message(page, unread).waitFor();
      await page.getByTestId('unread-divider').waitFor();
      await check('open-chat');

      // (Not on the link: a right click there keeps the browser's own menu.)
      const menu = await openMessageMenu(page, 'Thanks! 🎉 Reading it now');
      await check('message-menu');
      await menu.getByRole('menuitem', { name: 'Forward', exact: true }).click();
      await page.getByRole('dialog', { name: /^Forward/ }).waitFor();
      await check('forward-dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: /^Forward/ }).waitFor({ state: 'detached' });

      // A message written without the network: the clock and "sending…" on an own bubble.
      await page.context().setOffline(true);
      await send(page, `Written offline (${mode.name})`);
      await message(page, `Written offline (${mode.name})`).getByTestId('sending').waitFor();
      await check('sending');
      await page.context().setOffline(false);
      if (phone) await page.getByRole('button', { name: 'Back to chats' }).waitFor();

      // Groups: the new group dialog, a group chat, its info panel, a message's info.
      if (phone) await page.getByRole('button', { name: 'Back to chats' }).click();
      await page.getByRole('button', { name: 'New group' }).click();
      await page.getByRole('dialog', { name: 'New group' }).getByRole('checkbox', { name: 'Bob' }).waitFor();
      await check('new-group-dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'New group' }).waitFor({ state: 'detached' });
      await openChat(page, 'Book club');
      await message(page, 'Yes, at eight').getByTestId('sender-name').waitFor();
      await page.getByTestId('system-line').first().waitFor();
      await message(page, 'Chapter two on Saturday').getByTestId('edited-label').waitFor();
      await page.locator('li[data-deleted="true"]').waitFor();
      await check('group-chat');
      await page.getByRole('button', { name: 'Group info' }).first().click();
      const info = page.getByRole('dialog', { name: 'Group info' });
      const bobRow = info.locator('[data-member-id]').filter({ hasText: 'Bob' });
      await bobRow.getByRole('button', { name: /Manage/ }).click();
      await bobRow.getByRole('button', { name: 'Make admin' }).waitFor();
      await info.getByTestId('invite-links').locator('[data-invite-token]').first().waitFor();
      await check('group-info');
      await page.keyboard.press('Escape');
      await info.waitFor({ state: 'detached' });
      const groupMenu = await openMessageMenu(page, 'Chapter one tonight?');
      await groupMenu.getByRole('menuitem', { name: 'Message info' }).click();
      await page.getByRole('dialog', { name: 'Message info' }).getByTestId('read-by').getByText('Bob').waitFor();
      await check('message-info');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Message info' }).waitFor({ state: 'detached' });

      // A message's edit history, deleting it, and the box editing it.
      await messageAction(page, 'Chapter two on Saturday', 'Edit history');
      await page.getByRole('dialog', { name: 'Edit history' }).getByTestId('version').nth(1).waitFor();
      await check('edit-history');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Edit history' }).waitFor({ state: 'detached' });
      await messageAction(page, 'Chapter two on Saturday', 'Delete');
      await page.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for everyone' }).waitFor();
      await check('delete-dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog', { name: 'Delete message?' }).waitFor({ state: 'detached' });
      await messageAction(page, 'Chapter two on Saturday', 'Edit');
      await page.getByTestId('editing-banner').waitFor();
      await check('editing');
      await page.keyboard.press('Escape');
      await page.getByTestId('editing-banner').waitFor({ state: 'detached' });

      // An invite link's page: a group to join, and a link that does not exist.
      await page.goto(`${server.url}${invitePath}`);
      await page.getByTestId('join-page').getByRole('button', { name: 'Join group' }).waitFor();
      await check('join-page');
      await page.goto(`${server.url}/join/no-such-link`);
      await page.getByTestId('join-problem').waitFor();
      await check('join-problem');

      if (mode.theme) await patchSettings(page, { appearance: null });
      await page.context().close();
      assert.deepEqual(found, {}, `axe found serious or critical violations:\n${JSON.stringify(found, null, 2)}`);
    });
  }

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
