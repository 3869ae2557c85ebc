// Privacy settings in the browser against the real server, Alice changing hers in the Privacy
// dialog (account menu) while Bob, who chats with her, watches:
//  - "Last seen & online": Nobody hides her presence from Bob's chat header (and, by
//    reciprocity, Bob's from her), Everybody shows it again; so do "Never share with" Bob and
//    taking him out of it;
//  - read receipts off: Bob sees his message read first, then, with them off, a message she
//    has read stays delivered for him (after a reload too, and after she turns them on again);
//    by reciprocity she sees her own messages delivered, not read;
//  - typing indicators off: Bob sees "Alice is typing…" first, then nothing while she types
//    (watched by a MutationObserver until her message arrives after it), then again once on;
//  - the dialog on a 375 px phone in the dark theme, fitting the screen (screenshot).
// Nothing waits by sleeping: each "never" is checked once a later event has arrived.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  newPage,
  openChat,
  pageErrors,
  register,
  restAs,
  screenshot,
  send,
  startChat,
  startParley,
  waitUntil,
} from './helpers.mjs';

describe('privacy settings', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let aliceUser;
  let chatId;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
    await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());
    await send(alice, 'Hi Bob');
    await openChat(bob, 'Alice');
    await message(bob, 'Hi Bob').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens Alice's Privacy dialog (on `page`), loaded. */
  async function openPrivacy(page = alice) {
    await page.getByRole('button', { name: 'Account and settings' }).click();
    await page.getByRole('menuitem', { name: 'Privacy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Privacy' });
    await dialog.getByRole('switch', { name: 'Read receipts' }).waitFor();
    return dialog;
  }

  /** Waits until every change made in the dialog is saved, and closes it. */
  async function savedAndClosed(dialog) {
    await dialog.getByTestId('privacy-status').filter({ hasText: /^Saved\.$/ }).waitFor();
    assert.equal(await dialog.getByTestId('privacy-error').count(), 0);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });
  }

  const presence = (page) => page.getByTestId('peer-presence');
  /** Waits until the chat header's presence line says exactly `text` ('' for nothing). */
  const presenceIs = (page, text) =>
    page.waitForFunction((t) => document.querySelector('[data-testid="peer-presence"]')?.textContent === t, text);

  test('"Last seen & online": Nobody hides Alice\'s presence from Bob (and his from her), Everybody shows it', async () => {
    await presence(bob).filter({ hasText: /^online$/ }).waitFor();
    await presence(alice).filter({ hasText: /^online$/ }).waitFor();

    let dialog = await openPrivacy();
    const everybody = dialog.getByRole('radio', { name: 'Everybody' });
    const nobody = dialog.getByRole('radio', { name: 'Nobody' });
    assert.equal(await everybody.isChecked(), true);
    assert.equal(await dialog.getByRole('group', { name: 'Last seen & online' }).count(), 1);
    await nobody.check();
    await savedAndClosed(dialog);
    assert.equal((await restAs(alice, server.url, '/api/v1/me/privacy')).body.lastSeen, 'nobody');

    // Bob sees neither "online" nor a last seen: nothing at all.
    await presenceIs(bob, '');
    // By reciprocity Alice no longer sees Bob's.
    await presenceIs(alice, '');
    const bobsView = await restAs(bob, server.url, '/api/v1/contacts');
    const her = bobsView.body.find((u) => u.name === 'Alice');
    assert.equal(her.isOnline, false);
    assert.equal(her.lastSeen ?? null, null);
    // After a reload too.
    await bob.reload();
    await bob.getByTestId('chat-title').filter({ hasText: 'Alice' }).waitFor();
    await message(bob, 'Hi Bob').waitFor();
    await presenceIs(bob, '');

    dialog = await openPrivacy();
    await dialog.getByRole('radio', { name: 'Everybody' }).check();
    await savedAndClosed(dialog);
    await presence(bob).filter({ hasText: /^online$/ }).waitFor();
    await presence(alice).filter({ hasText: /^online$/ }).waitFor();
  });

  test('"Never share with" Bob hides Alice\'s presence from him until he is taken out of it', async () => {
    const dialog = await openPrivacy();
    const never = dialog.getByTestId('privacy-never');
    await never.getByRole('button', { name: 'Add people to Never share with' }).click();
    await never.getByLabel('Search people to add to Never share with').fill('Bob');
    await never.getByRole('checkbox', { name: 'Bob' }).check();
    const remove = never.getByRole('button', { name: 'Remove Bob from Never share with' });
    await remove.waitFor();
    await dialog.getByTestId('privacy-status').filter({ hasText: /^Saved\.$/ }).waitFor();
    await presenceIs(bob, '');
    await presenceIs(alice, '');
    const stored = (await restAs(alice, server.url, '/api/v1/me/privacy')).body;
    assert.deepEqual(stored.never.map((u) => u.name), ['Bob']);

    await remove.click();
    await never.getByText('Nobody.').waitFor();
    await savedAndClosed(dialog);
    await presence(bob).filter({ hasText: /^online$/ }).waitFor();
    await presence(alice).filter({ hasText: /^online$/ }).waitFor();
  });

  test('read receipts off: what Alice reads stays delivered for Bob, and she sees no one\'s read', async () => {
    // On: Bob sees his message read.
    await send(bob, 'Receipts on?');
    await message(alice, 'Receipts on?').waitFor();
    await message(bob, 'Receipts on?').locator('[data-status="READ"]').waitFor();

    const dialog = await openPrivacy();
    const receipts = dialog.getByRole('switch', { name: 'Read receipts' });
    assert.equal(await receipts.getAttribute('aria-checked'), 'true');
    await receipts.click();
    assert.equal(await receipts.getAttribute('aria-checked'), 'false');
    await savedAndClosed(dialog);

    await send(bob, 'Receipts off?');
    await message(alice, 'Receipts off?').waitFor();
    await message(bob, 'Receipts off?').locator('[data-status="DELIVERED"]').waitFor();
    // The server took Alice's read (her own view says read) ...
    await waitUntil(async () => {
      const page = await restAs(alice, server.url, `/chats/${chatId}/messages`);
      return page.body.find((m) => m.content === 'Receipts off?')?.status === 'READ';
    }, 'Alice\'s read of "Receipts off?" stored');
    // ... and whatever it sent Bob about it came before her next message.
    await send(alice, 'Read it, quietly');
    await message(bob, 'Read it, quietly').waitFor();
    assert.equal(await message(bob, 'Receipts off?').getAttribute('data-status'), 'DELIVERED');
    assert.equal(await message(bob, 'Receipts off?').locator('[data-status="READ"]').count(), 0);
    const bobsPage = await restAs(bob, server.url, `/chats/${chatId}/messages`);
    assert.equal(bobsPage.body.find((m) => m.content === 'Receipts off?').status, 'DELIVERED');

    // Reciprocity: Bob reads her message (his receipts are on), she sees it delivered only.
    await waitUntil(async () => {
      const page = await restAs(bob, server.url, `/chats/${chatId}/messages`);
      return page.body.find((m) => m.content === 'Read it, quietly')?.status === 'READ';
    }, 'Bob\'s read of "Read it, quietly" stored');
    await send(bob, 'Did you see my tick?');
    await message(alice, 'Did you see my tick?').waitFor();
    assert.equal(await message(alice, 'Read it, quietly').getAttribute('data-status'), 'DELIVERED');
    await screenshot(bob, 'privacy-01-receipts-off-desktop-light.png');

    // On again: what she read meanwhile stays unrevealed.
    const again = await openPrivacy();
    await again.getByRole('switch', { name: 'Read receipts' }).click();
    await savedAndClosed(again);
    await bob.reload();
    await message(bob, 'Receipts off?').waitFor();
    assert.equal(await message(bob, 'Receipts off?').getAttribute('data-status'), 'DELIVERED');
  });

  test('typing indicators off: Bob sees Alice typing, then not while they are off', async () => {
    const box = alice.getByLabel('Message', { exact: true });
    const indicator = bob.getByTestId('typing-indicator');
    // On: Bob sees it.
    await box.pressSequentially('Let me think', { delay: 20 });
    await indicator.filter({ hasText: 'Alice is typing…' }).waitFor();
    await box.fill('');
    await indicator.waitFor({ state: 'detached' });

    const dialog = await openPrivacy();
    const typing = dialog.getByRole('switch', { name: 'Typing indicators' });
    await typing.click();
    assert.equal(await typing.getAttribute('aria-checked'), 'false');
    await savedAndClosed(dialog);

    // Bob's page notes any typing it shows from now on.
    await bob.evaluate(() => {
      window.sawTyping = [];
      const note = () => {
        for (const sel of ['[data-testid="typing-indicator"]', '[data-testid="chat-typing"]']) {
          const el = document.querySelector(sel);
          if (el) window.sawTyping.push(el.textContent);
        }
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await box.pressSequentially('A quiet answer', { delay: 20 });
    await box.press('Enter');
    await message(bob, 'A quiet answer').waitFor();
    assert.deepEqual(await bob.evaluate(() => window.sawTyping), []);

    // On again: it shows again (the observer sees it too).
    const again = await openPrivacy();
    await again.getByRole('switch', { name: 'Typing indicators' }).click();
    await savedAndClosed(again);
    await box.pressSequentially('And a loud one', { delay: 20 });
    await indicator.filter({ hasText: 'Alice is typing…' }).waitFor();
    assert.ok((await bob.evaluate(() => window.sawTyping)).includes('Alice is typing…'));
    await box.fill('');
    await indicator.waitFor({ state: 'detached' });
  });

  test('the dialog fits a 375 px phone in the dark theme, and follows changes from another device', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, aliceUser);
    const dialog = await openPrivacy(phone);
    const fits = async (el) => {
      const b = await el.boundingBox();
      assert.ok(b && b.x >= 0 && b.y >= 0 && b.x + b.width <= 375 && b.y + b.height <= 740, `in view: ${JSON.stringify(b)}`);
    };
    await fits(dialog);
    // The line saying how saving goes stays in view under the scrolling settings.
    await fits(dialog.getByTestId('privacy-status'));
    assert.equal(await dialog.evaluate((d) => d.scrollHeight <= d.clientHeight), true, 'only the settings scroll');
    await screenshot(phone, 'privacy-02-dialog-375-dark.png');
    const never = dialog.getByTestId('privacy-never');
    await never.getByRole('button', { name: 'Add people to Never share with' }).click();
    await never.getByRole('checkbox', { name: 'Bob' }).scrollIntoViewIfNeeded();
    await fits(dialog);
    const overflow = await dialog.evaluate((d) =>
      [d, ...d.querySelectorAll('*')].some(
        (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1,
      ),
    );
    assert.equal(overflow, false, 'nothing scrolls sideways');
    await screenshot(phone, 'privacy-03-dialog-375-dark-picker.png');
    await never.getByRole('button', { name: 'Done adding to Never share with' }).click();

    // Alice's desktop page changes a setting: the phone's open dialog shows it (privacy:updated).
    const desktop = await openPrivacy();
    await desktop.getByRole('radio', { name: 'People I chat with' }).check();
    await savedAndClosed(desktop);
    await dialog.getByRole('radio', { name: 'People I chat with' }).and(phone.locator(':checked')).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });
    // Bob chats with Alice: he still sees her.
    await presence(bob).filter({ hasText: /^online$/ }).waitFor();
    await phone.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
