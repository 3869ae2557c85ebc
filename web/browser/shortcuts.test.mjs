// Keyboard shortcuts in the browser against the real server. Alice has private chats with Bob
// and Carol; Bob wrote to her. `?` opens the shortcuts' help (axe finds nothing serious in it),
// Esc closes it and focus goes back to the message that had it; `?` typed in the message box is
// text; Alt+Down and Alt+Up move to the next and previous chat of the list (the address and the
// heading follow), from the message box too; R on a focused message starts a reply to it, T
// opens its thread and Esc closes the thread; Ctrl+F searches the open chat and Ctrl+Shift+F
// every chat, Esc closing the search; on a 375 px phone the account menu's "Keyboard shortcuts"
// opens the help. Screenshots of the help at 1280 and 375 px, light and dark, go to
// SCREENSHOT_DIR as shortcuts-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, newPage, openChat, pageErrors, register, screenshot, send, startChat, startParley, uniqueEmail,
} from './helpers.mjs';

const FROM_BOB = 'Are you coming to the harbour tonight?';

/** The help dialog, as a screen reader finds it. */
const helpOf = (page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' });

/** The chat list's chats, top to bottom, as their links' names start. */
const chatOrder = (page) =>
  page.getByRole('navigation', { name: 'Chat list' }).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));

/** The keys the help shows for shortcut `id`, chord by chord ("Ctrl K"), and what it says of them. */
const keysShown = (page, id) =>
  page.locator(`[data-shortcut="${id}"] [data-chord]`).evaluateAll((chords) =>
    chords.map((c) => ({
      shown: [...c.querySelectorAll('kbd kbd')].map((k) => k.textContent).join(' '),
      spoken: c.querySelector('.sr-only')?.textContent,
    })),
  );

/** The `data-bubble` of the focused element, if it is a message. */
const focusedBubble = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-bubble') ?? null);

/** Focuses the bubble of the message whose text is `text`, as the arrow keys would. */
async function focusMessage(page, text) {
  const bubble = message(page, text).locator('[data-bubble]');
  await bubble.scrollIntoViewIfNeeded();
  await bubble.focus();
  return bubble.getAttribute('data-bubble');
}

describe('keyboard shortcuts', () => {
  let server;
  let browser;
  let alice;
  let aliceUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    const bob = await newPage(browser);
    const carol = await newPage(browser);
    alice = await newPage(browser);
    await register(bob, server.url, 'Bob Stone', { email: uniqueEmail('bob') });
    await register(carol, server.url, 'Carol Reed', { email: uniqueEmail('carol') });
    aliceUser = await register(alice, server.url, 'Alice Moss', { email: uniqueEmail('alice') });
    await carol.context().close();
    await startChat(alice, 'Carol Reed');
    await send(alice, 'Hello Carol');
    await startChat(alice, 'Bob Stone');
    await send(alice, 'Hello Bob');
    await openChat(bob, 'Alice Moss');
    await send(bob, FROM_BOB);
    await message(alice, FROM_BOB).waitFor();
    await bob.context().close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('? opens the help, which axe finds sound; Esc closes it and focus goes back', async () => {
    const id = await focusMessage(alice, FROM_BOB);
    await alice.keyboard.press('?');
    const help = helpOf(alice);
    await help.waitFor();
    // Every section, with the keys as this (non-Apple) computer writes them.
    for (const section of ['Anywhere', 'In an open chat', 'In the message box']) {
      await help.getByRole('heading', { name: section }).waitFor();
    }
    assert.deepEqual(await keysShown(alice, 'switcher'), [{ shown: 'Ctrl K', spoken: 'Control + K' }]);
    assert.deepEqual((await keysShown(alice, 'send')).map((k) => k.shown), ['Enter', 'Ctrl Enter']);
    assert.deepEqual((await keysShown(alice, 'nextChat')).map((k) => k.shown), ['Alt ↓']);
    assert.match(await help.getByTestId('shortcuts-send-setting').innerText(), /^Enter sends/);
    assert.deepEqual(await keysShown(alice, 'insertTemplate'), [{ shown: 'Ctrl /', spoken: 'Control + Slash' }]);
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'shortcuts-desktop-light.png');
    await help.locator('[data-shortcut="cancel"]').scrollIntoViewIfNeeded();
    await screenshot(alice, 'shortcuts-desktop-light-end.png');

    await alice.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    assert.equal(await focusedBubble(alice), id);
  });

  test('? typed in the message box is text, and opens nothing', async () => {
    const box = alice.getByLabel('Message', { exact: true });
    await box.fill('');
    await box.focus();
    await alice.keyboard.press('?');
    await alice.keyboard.type('Really');
    assert.equal(await box.inputValue(), '?Really');
    assert.equal(await helpOf(alice).count(), 0);
    await box.fill('');
  });

  test('Alt+Down and Alt+Up move to the next and previous chat of the list', async () => {
    const order = await chatOrder(alice);
    assert.equal(order.length, 2);
    // Bob's chat has the newest message: it is first, and open.
    await openChat(alice, 'Bob Stone');
    assert.equal(new URL(alice.url()).pathname, order[0]);
    await alice.getByLabel('Message', { exact: true }).focus();
    await alice.keyboard.press('Alt+ArrowDown');
    await alice.getByTestId('chat-title').filter({ hasText: 'Carol Reed' }).waitFor();
    assert.equal(new URL(alice.url()).pathname, order[1]);
    // The end of the list: nothing moves.
    await alice.keyboard.press('Alt+ArrowDown');
    assert.equal(new URL(alice.url()).pathname, order[1]);
    await alice.keyboard.press('Alt+ArrowUp');
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob Stone' }).waitFor();
    assert.equal(new URL(alice.url()).pathname, order[0]);
  });

  test('R on a focused message starts a reply to it; T opens its thread and Esc closes it', async () => {
    await focusMessage(alice, FROM_BOB);
    await alice.keyboard.press('r');
    const preview = alice.getByTestId('reply-preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /Bob Stone/);
    assert.match(await preview.innerText(), /harbour tonight/);
    // The box has the caret, and took no "r".
    const box = alice.getByLabel('Message', { exact: true });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    assert.equal(await box.inputValue(), '');
    await alice.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });

    await focusMessage(alice, FROM_BOB);
    await alice.keyboard.press('t');
    const panel = alice.getByTestId('thread-panel');
    await panel.waitFor();
    assert.match(new URL(alice.url()).pathname, /\/thread\//);
    await alice.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.doesNotMatch(new URL(alice.url()).pathname, /\/thread\//);
  });

  test('Ctrl+F searches the open chat, Ctrl+Shift+F every chat; Esc closes the search', async () => {
    await alice.getByLabel('Message', { exact: true }).focus();
    await alice.keyboard.press('Control+F');
    const panel = alice.getByTestId('search-panel');
    await panel.waitFor();
    assert.equal(await alice.getByTestId('search-chip-chat').innerText(), 'In: Bob Stone');
    const box = alice.getByRole('combobox', { name: 'Search messages' });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    await alice.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await alice.keyboard.press('Control+Shift+F');
    await panel.waitFor();
    assert.equal(await alice.getByTestId('search-chip-chat').count(), 0);
    await alice.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('dark theme', async () => {
    const dark = await newPage(browser, { colorScheme: 'dark' });
    await login(dark, server.url, aliceUser);
    await dark.getByRole('navigation', { name: 'Chat list' }).focus();
    await dark.keyboard.press('?');
    await helpOf(dark).waitFor();
    assert.deepEqual(await audit(dark), []);
    await screenshot(dark, 'shortcuts-desktop-dark.png');
    await dark.context().close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`on a 375 px phone (${colorScheme}) the account menu opens the help`, async () => {
      const phone = await newPage(browser, { viewport: { width: 375, height: 812 }, colorScheme });
      await login(phone, server.url, aliceUser);
      await phone.getByRole('button', { name: 'Account and settings' }).click();
      await phone.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click();
      const help = helpOf(phone);
      await help.waitFor();
      const box = await help.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `inside the screen (${box.x}, ${box.width})`);
      // No line runs wider than the dialog.
      assert.equal(await help.evaluate((d) => [...d.querySelectorAll('*')].some((el) => el.scrollWidth > d.clientWidth + 1)), false);
      assert.deepEqual(await audit(phone), []);
      await screenshot(phone, `shortcuts-phone-${colorScheme}.png`);
      await phone.getByRole('button', { name: 'Close', exact: true }).click();
      await help.waitFor({ state: 'detached' });
      await phone.context().close();
    });
  }
});
