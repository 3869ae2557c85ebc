// End to end in a real browser: two people register, find each other, chat, and watch the
// ticks; presence; reload; pins and forwards; a revoked session; phone width and dark theme.
// Screenshots of the main screens go to test-output/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  messageAction,
  messageTexts,
  newPage,
  pageErrors,
  openChat,
  register,
  restAs,
  screenshot,
  send,
  startChat,
  startParley,
} from './helpers.mjs';

const evil = '<img src=x onerror="window.__owned=1"><b>bold</b> javascript:alert(1)';

describe('chatting in the browser', () => {
  let server;
  let browser;
  let alice; // page
  let bob; // page
  let aliceUser;
  let bobUser;
  let carolUser;
  let carol;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('register pages validate input and show server errors', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await screenshot(page, '01-login.png');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter your name.').waitFor();
    await page.getByText('Enter your email address.').waitFor();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByText('That does not look like an email address.').waitFor();
    await page.getByText('Use at least 8 characters.').waitFor();
    await screenshot(page, '02-register-errors.png');
    // A wrong password gets the server's answer.
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password', { exact: true }).fill('whatever-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await page.context().close();
  });

  test('two users register, open a chat, exchange messages and see the ticks turn to read', async () => {
    alice = await newPage(browser);
    bob = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');

    // The people directory, then the private chat with Bob.
    await alice.getByRole('button', { name: 'New chat' }).click();
    await alice.getByRole('button', { name: /^Chat with Bob\W+online/ }).waitFor();
    await screenshot(alice, '03-people-directory.png');
    await alice.getByRole('button', { name: /^Chat with Bob\b/ }).click();
    await alice.getByRole('heading', { name: 'Bob' }).waitFor();
    await send(alice, 'Hello Bob — ça va?');
    // Bob has a connected device: delivered as soon as it is stored.
    await message(alice, 'Hello Bob — ça va?').and(alice.locator('[data-status="DELIVERED"]')).waitFor();
    assert.equal(await message(alice, 'Hello Bob — ça va?').locator('[role="img"]').getAttribute('aria-label'), 'Delivered');

    // Bob sees the new chat with one unread message, and the sender's presence.
    const bobList = bob.getByRole('navigation', { name: 'Chat list' });
    await bobList.getByRole('link', { name: /^Alice\W+online\b.*\b1 unread$/ }).waitFor();
    assert.equal(await bobList.getByTestId('unread-badge').innerText(), '1');
    await screenshot(bob, '04-chat-list.png');

    // Opening the chat puts the message on screen: read receipt, ✓✓✓ on Alice's side.
    await openChat(bob, 'Alice');
    await message(bob, 'Hello Bob — ça va?').waitFor();
    await message(alice, 'Hello Bob — ça va?').and(alice.locator('[data-status="READ"]')).waitFor();
    await bobList.getByTestId('unread-badge').waitFor({ state: 'detached' });
    assert.equal(await message(alice, 'Hello Bob — ça va?').locator('[role="img"]').innerText(), '✓✓✓');
    // Read ticks have their own colour, unlike sent and delivered ones.
    const colors = await message(alice, 'Hello Bob — ça va?').locator('[role="img"]').evaluate((el) => {
      const probe = document.createElement('span');
      probe.className = 'text-tick';
      document.body.append(probe);
      const tick = getComputedStyle(probe).color;
      probe.remove();
      return { read: getComputedStyle(el).color, tick };
    });
    assert.notEqual(colors.read, colors.tick);

    // Bob answers with a link; Alice has the chat open, so it is read at once.
    await send(bob, 'Hi Alice! See https://example.com/docs?x=1');
    const reply = message(alice, 'Hi Alice! See https://example.com/docs?x=1');
    await reply.waitFor();
    const link = reply.getByRole('link', { name: 'https://example.com/docs?x=1' });
    assert.equal(await link.getAttribute('href'), 'https://example.com/docs?x=1');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await message(bob, 'Hi Alice! See https://example.com/docs?x=1').and(bob.locator('[data-status="READ"]')).waitFor();

    // Shift+Enter adds a line; Enter sends.
    const box = alice.getByLabel('Message', { exact: true });
    await box.fill('line one');
    await box.press('Shift+Enter');
    await box.type('line two');
    assert.equal(await box.inputValue(), 'line one\nline two');
    await box.press('Enter');
    await message(bob, 'line one\nline two').waitFor();
    assert.equal(await box.inputValue(), '');

    // Text is text: markup arrives as characters, scripts never run, javascript: is no link.
    await send(alice, evil);
    const shown = message(bob, evil);
    await shown.waitFor();
    assert.equal(await shown.locator('b, img, script').count(), 0);
    assert.equal(await shown.getByRole('link').count(), 0);
    assert.equal(await bob.evaluate(() => window.__owned), undefined);

    // An incoming message is announced to screen readers.
    await send(alice, 'Are you there?');
    await bob.getByTestId('live-region').filter({ hasText: 'New message from Alice: Are you there?' }).waitFor();
    await message(alice, 'Are you there?').and(alice.locator('[data-status="READ"]')).waitFor();
    await screenshot(alice, '05-chat.png');
  });

  test('reloading shows the same history, once', async () => {
    const before = await messageTexts(alice);
    await alice.reload();
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();
    await message(alice, 'Are you there?').waitFor();
    assert.deepEqual(await messageTexts(alice), before);
    // The ticks survive too.
    await message(alice, 'Hello Bob — ça va?').and(alice.locator('[data-status="READ"]')).waitFor();
  });

  test('presence changes when a user closes the app, with "last seen"', async () => {
    await bob.getByTestId('peer-presence').filter({ hasText: /^online$/ }).waitFor();
    await alice.context().close();
    await bob.getByTestId('peer-presence').filter({ hasText: /^last seen / }).waitFor();
    await bob
      .getByRole('navigation', { name: 'Chat list' })
      .locator('[data-presence="offline"]')
      .first()
      .waitFor();
    alice = await newPage(browser);
    await login(alice, server.url, aliceUser);
    await bob.getByTestId('peer-presence').filter({ hasText: /^online$/ }).waitFor();
    await openChat(alice, 'Bob');
    await message(alice, 'Are you there?').waitFor();
  });

  test('pin a message, jump to it, and unpin it', async () => {
    await messageAction(alice, 'Hello Bob — ça va?', 'Pin');
    await alice.getByTestId('pinned-text').filter({ hasText: 'Hello Bob — ça va?' }).waitFor();
    // Bob has the chat open (joined): he sees the pin live.
    await bob.getByTestId('pinned-text').filter({ hasText: 'Hello Bob — ça va?' }).waitFor();
    await alice.getByRole('button', { name: /^Pinned message: Hello Bob — ça va?/ }).click();
    await message(alice, 'Hello Bob — ça va?').locator('.flash').waitFor();
    await message(alice, 'Hello Bob — ça va?').locator('svg[aria-label="Pinned"]').waitFor();
  });

  test('forward several messages with a comment to another chat', async () => {
    carol = await newPage(browser);
    carolUser = await register(carol, server.url, 'Carol');
    await startChat(alice, 'Carol');
    await send(alice, 'Hi Carol');
    // Carol's list learns about the new chat from its first message.
    await carol.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice.*1 unread/ }).waitFor();
    await openChat(alice, 'Bob');

    // Select two messages and forward them.
    await messageAction(alice, 'Hello Bob — ça va?', 'Select');
    await message(alice, 'Hi Alice! See https://example.com/docs?x=1').click();
    await alice.getByText('2 selected').waitFor();
    await alice.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Forward' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Forward 2 messages' });
    await dialog.waitFor();
    await dialog.getByRole('checkbox').first().waitFor();
    await dialog.getByLabel(/Carol/).check();
    await dialog.getByPlaceholder('Add a comment (optional)').fill('Look at these');
    await screenshot(alice, '06-forward-dialog.png');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // Alice lands in the chat with Carol, which shows the comment, then both, labelled.
    await alice.getByTestId('chat-title').filter({ hasText: 'Carol' }).waitFor();
    const fwdFromAlice = message(alice, 'Hello Bob — ça va?');
    const fwdFromBob = message(alice, 'Hi Alice! See https://example.com/docs?x=1');
    await fwdFromBob.getByTestId('forwarded-label').filter({ hasText: 'Forwarded from Bob' }).waitFor();
    await fwdFromAlice.getByTestId('forwarded-label').filter({ hasText: 'Forwarded from Alice' }).waitFor();
    await message(alice, 'Look at these').waitFor();
    const texts = await messageTexts(alice);
    assert.deepEqual(texts.slice(-3), ['Look at these', 'Hello Bob — ça va?', 'Hi Alice! See https://example.com/docs?x=1']);

    // Carol sees them too, with the labels.
    await openChat(carol, 'Alice');
    await message(carol, 'Hi Alice! See https://example.com/docs?x=1')
      .getByTestId('forwarded-label')
      .filter({ hasText: 'Forwarded from Bob' })
      .waitFor();
    await message(carol, 'Look at these').waitFor();

    // One message from its menu; Esc closes the dialog without forwarding.
    await messageAction(alice, 'Hi Carol', 'Forward');
    const single = alice.getByRole('dialog', { name: 'Forward message' });
    await single.waitFor();
    await alice.keyboard.press('Escape');
    await single.waitFor({ state: 'detached' });
  });

  test('unpin from the pinned bar', async () => {
    await openChat(alice, 'Bob');
    await alice.getByRole('button', { name: 'Unpin this message' }).click();
    await alice.getByTestId('pinned-bar').waitFor({ state: 'detached' });
    await bob.getByTestId('pinned-bar').waitFor({ state: 'detached' });
  });

  test('keyboard: the messages are one tab stop; arrows move, Enter opens the menu, Esc closes it', async () => {
    const focused = () =>
      alice.evaluate(() => ({
        text: document.activeElement?.closest('li[data-message-id]')?.querySelector('[data-testid="message-text"]')
          ?.textContent,
        label: document.activeElement?.getAttribute('aria-label'),
      }));
    await alice.getByLabel('Message', { exact: true }).focus();
    await alice.keyboard.press('Shift+Tab');
    assert.equal((await focused()).text, 'Are you there?');
    await alice.keyboard.press('ArrowUp');
    assert.equal((await focused()).text, evil);
    await alice.keyboard.press('Enter');
    const menu = alice.getByRole('menu', { name: 'Message actions' });
    await menu.waitFor();
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Reply');
    await alice.keyboard.press('ArrowDown');
    assert.equal(await alice.evaluate(() => document.activeElement?.textContent), 'Reply in thread');
    await alice.keyboard.press('ArrowUp');
    await alice.keyboard.press('ArrowUp');
    // Above the actions, the quick reactions: one stop for up and down, left and right along them.
    assert.equal(await alice.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'React with 👍');
    await alice.keyboard.press('ArrowRight');
    assert.equal(await alice.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'React with ❤️');
    await alice.keyboard.press('ArrowUp');
    assert.equal(await alice.evaluate(() => document.activeElement?.textContent), 'Delete', 'the arrows wrap around');
    await alice.keyboard.press('ArrowDown');
    assert.equal(await alice.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'React with 👍');
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await alice.waitForFunction(() => document.activeElement?.hasAttribute('data-bubble'));
    assert.equal((await focused()).text, evil);
    // The context-menu key and Shift+F10 open it too.
    await alice.keyboard.press('Shift+F10');
    await menu.waitFor();
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // Tab leaves the list for the composer in one step.
    await alice.keyboard.press('Tab');
    assert.equal((await focused()).label, 'Message');
  });

  test('phone width: the list and the chat take turns on one screen', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 812 } });
    await login(phone, server.url, bobUser);
    const list = phone.getByRole('navigation', { name: 'Chat list' });
    await list.getByRole('link', { name: /^Alice/ }).waitFor();
    await screenshot(phone, '07-phone-chat-list.png');
    await openChat(phone, 'Alice');
    assert.equal(await list.isVisible(), false);
    await message(phone, 'Are you there?').waitFor();
    await send(phone, 'Typing on my phone');
    await message(alice, 'Typing on my phone').waitFor();
    await screenshot(phone, '08-phone-chat.png');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scrolling (scrollWidth ${width})`);
    await phone.getByRole('button', { name: 'Back to chats' }).click();
    await list.waitFor();
    await phone.context().close();
  });

  test('dark theme follows the system', async () => {
    const dark = await newPage(browser, { colorScheme: 'dark' });
    await login(dark, server.url, carolUser);
    await openChat(dark, 'Alice');
    await message(dark, 'Look at these').waitFor();
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.match(bg, /rgb\((\d{1,2}), (\d{1,2}), (\d{1,2})\)/, `dark background, got ${bg}`);
    await screenshot(dark, '09-dark-chat.png');
    const darkPhone = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 812 } });
    await darkPhone.goto(`${server.url}/login`);
    await darkPhone.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await screenshot(darkPhone, '10-dark-phone-login.png');
    await dark.context().close();
    await darkPhone.context().close();
  });

  test('a session signed out elsewhere sends the open page back to login at once, with a message', async () => {
    const page = await newPage(browser);
    await login(page, server.url, carolUser);
    // The page's socket must be up first: a socket that connects after the logout is refused
    // at the handshake, which reads as an expired session rather than a signed-out one.
    await page.locator('[data-connection="connected"]').waitFor();
    // Sign this token's session out behind the page's back (as another tab of it would): the
    // server ends the page's socket, and the page goes to the login page without a reload.
    await page.evaluate(async () => {
      const token = localStorage.getItem('parley.token');
      await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    });
    await page.getByRole('status').filter({ hasText: 'You were signed out of this session' }).waitFor();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('parley.token')), null);
    await screenshot(page, '11-signed-out-elsewhere.png');
    await page.context().close();
  });

  test('logout returns to the login page', async () => {
    await carol.getByRole('button', { name: 'Account and settings' }).click();
    await carol.getByRole('menuitem', { name: 'Log out' }).click();
    await carol.getByRole('alertdialog', { name: 'Log out?' }).getByRole('button', { name: 'Log out' }).click();
    await carol.getByRole('heading', { name: 'Welcome back' }).waitFor();
    const r = await restAs(carol, server.url, '/api/v1/me');
    assert.equal(r.status, 401);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
