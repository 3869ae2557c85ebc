// Tap targets on a phone (375 px wide): every visible button, standalone link, menu item and
// form control (or the label that wraps it) is at least 44 × 44 px; a link inside message text
// is at least 44 px tall (its width is the text's, as WCAG allows for inline links). Checked on
// the sign-in page, the chat list, an open chat with a message's "more" button shown (a narrow
// window with a mouse; touch screens use a long press instead), with its menu open, while
// editing it and in the dialog deleting it, the account menu and the dialogs, and the group
// screens (the new group dialog, a group chat, its info panel with a member's actions and an
// invite link, the edit form) and an invite link's page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  message,
  messageAction,
  newPage,
  openChat,
  openMessageMenu,
  pageErrors,
  register,
  screenshot,
  send,
  startChat,
  startParley,
} from './helpers.mjs';

const MIN = 44;

/** The visible targets on the page that are too small, described. */
function tooSmall(page) {
  return page.evaluate((min) => {
    const out = [];
    const shown = (el) => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.pointerEvents === 'none' || el.closest('[inert], [aria-hidden="true"]')) return false;
      for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).opacity === '0') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    };
    // With a modal dialog open, only what is in it can be tapped.
    const root = document.querySelector('dialog[open]') ?? document;
    for (const el of root.querySelectorAll('button, a[href], [role="button"], [role="menuitem"], input, textarea')) {
      if (!shown(el)) continue;
      const target = el.matches('input[type="radio"], input[type="checkbox"]') ? (el.closest('label') ?? el) : el;
      const r = target.getBoundingClientRect();
      const inline = el.matches('[data-testid="message-text"] a');
      const small = inline ? r.height < min : r.width < min || r.height < min;
      if (small) {
        const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30) || el.tagName;
        out.push(`${el.tagName.toLowerCase()} "${name}": ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, MIN);
}

describe('tap targets at 375 px', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    const bob = await newPage(browser);
    await register(bob, server.url, 'Bob');
    page = await newPage(browser, { viewport: { width: 375, height: 740 } });
    await register(page, server.url, 'Alice');
    await startChat(page, 'Bob');
    await send(page, 'The plan is at https://example.com/plan');
    await openChat(bob, 'Alice');
    await send(bob, 'ok');
    await message(page, 'ok').waitFor();
    await bob.context().close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('sign-in and registration', async () => {
    const anon = await newPage(browser, { viewport: { width: 375, height: 740 } });
    await anon.goto(`${server.url}/login`);
    await anon.getByRole('button', { name: 'Show password' }).waitFor();
    assert.deepEqual(await tooSmall(anon), [], 'sign-in');
    await anon.getByRole('link', { name: 'Create an account' }).click();
    await anon.getByRole('button', { name: 'Create account' }).waitFor();
    assert.deepEqual(await tooSmall(anon), [], 'registration');
    await screenshot(anon, 'tap-01-register-375.png');
    await anon.context().close();
  });

  test('an open chat with the menu of a message, and the chat list', async () => {
    const text = 'The plan is at https://example.com/plan';
    const mine = message(page, text);
    // Hovered, the message shows its "more" button beside the bubble, never over the text.
    await mine.locator('[data-bubble]').hover({ position: { x: 8, y: 8 } });
    const more = mine.getByRole('button', { name: 'Message actions' });
    await page.waitForFunction((el) => getComputedStyle(el).opacity === '1', await more.elementHandle());
    await screenshot(page, 'tap-02-chat-more-375.png');
    assert.deepEqual(await tooSmall(page), [], 'open chat');
    const bubble = await mine.locator('[data-bubble]').boundingBox();
    const button = await more.boundingBox();
    assert.ok(button.x + button.width <= bubble.x || button.x >= bubble.x + bubble.width, 'the button is beside the bubble');
    // Its menu.
    await openMessageMenu(page, text);
    await screenshot(page, 'tap-03-message-menu-375.png');
    assert.deepEqual(await tooSmall(page), [], 'message menu');
    await page.keyboard.press('Escape');
    await page.getByRole('menu', { name: 'Message actions' }).waitFor({ state: 'detached' });
    // Editing it, and deleting it.
    await messageAction(page, text, 'Edit');
    await page.getByTestId('editing-banner').waitFor();
    assert.deepEqual(await tooSmall(page), [], 'editing a message');
    await page.keyboard.press('Escape');
    await page.getByTestId('editing-banner').waitFor({ state: 'detached' });
    await messageAction(page, text, 'Delete');
    await page.getByRole('alertdialog', { name: 'Delete message?' }).waitFor();
    assert.deepEqual(await tooSmall(page), [], 'delete dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog', { name: 'Delete message?' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Bob/ }).waitFor();
    assert.deepEqual(await tooSmall(page), [], 'chat list');
  });

  test('the account menu and its dialogs', async () => {
    await page.getByRole('button', { name: 'Account and settings' }).click();
    await page.getByRole('menu').waitFor();
    assert.deepEqual(await tooSmall(page), [], 'menu');
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await page.getByRole('dialog', { name: 'Profile' }).waitFor();
    assert.deepEqual(await tooSmall(page), [], 'profile');
    await screenshot(page, 'tap-04-profile-375.png');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Account and settings' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('alertdialog', { name: 'Log out?' }).waitFor();
    assert.deepEqual(await tooSmall(page), [], 'log out');
    await page.keyboard.press('Escape');
  });

  test('groups: the new group dialog, a group chat, its info panel', async () => {
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Tap group');
    await dialog.getByRole('checkbox', { name: 'Bob' }).check();
    assert.deepEqual(await tooSmall(page), [], 'new group dialog');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByTestId('chat-title').filter({ hasText: 'Tap group' }).waitFor();
    await send(page, 'In the group');
    await message(page, 'In the group').waitFor();
    assert.deepEqual(await tooSmall(page), [], 'group chat');
    await page.getByRole('button', { name: 'Group info' }).first().click();
    const info = page.getByRole('dialog', { name: 'Group info' });
    const bobRow = info.locator('[data-member-id]').filter({ hasText: 'Bob' });
    await bobRow.getByRole('button', { name: /Manage/ }).click();
    await bobRow.getByRole('button', { name: 'Make admin' }).waitFor();
    // The panel scrolls: every part of it in turn.
    for (const part of ['Edit name and description', 'Set limit', 'Create invite link', 'Make admin', 'Leave group']) {
      await info.getByRole('button', { name: part }).scrollIntoViewIfNeeded();
      assert.deepEqual(await tooSmall(page), [], `group info (${part})`);
    }
    await info.getByRole('button', { name: 'Create invite link' }).click();
    const inviteRow = info.locator('[data-invite-token]').first();
    await inviteRow.getByRole('button', { name: 'Revoke' }).scrollIntoViewIfNeeded();
    assert.deepEqual(await tooSmall(page), [], 'group info (an invite link)');
    const invitePath = new URL((await inviteRow.getByTestId('invite-url').textContent()).trim()).pathname;
    await info.getByRole('button', { name: 'Edit name and description' }).click();
    await page.getByRole('dialog', { name: 'Edit group' }).getByLabel('Group name').waitFor();
    assert.deepEqual(await tooSmall(page), [], 'edit group');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Back to chats' }).click();

    // An invite link's page: as a member of its group, and for a link that does not exist.
    await page.goto(`${server.url}${invitePath}`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    assert.deepEqual(await tooSmall(page), [], 'join page');
    await page.goto(`${server.url}/join/no-such-link`);
    await page.getByTestId('join-problem').waitFor();
    assert.deepEqual(await tooSmall(page), [], 'join page (no such link)');
    await screenshot(page, 'tap-05-join-problem-375.png');
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
