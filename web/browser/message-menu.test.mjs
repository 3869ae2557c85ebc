// The message menu in the browser: a right click opens it; on a phone (375 px, touch) a long
// press does; "Copy text" puts the text on the clipboard; forwarding goes to several chats at
// once, with the comment arriving before the forwarded messages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  TIMEOUT_MS,
  launchBrowser,
  login,
  message,
  messageAction,
  messageTexts,
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

/** A phone: 375 px wide, touch screen, in `colorScheme`. */
async function newPhone(browser, colorScheme = 'light') {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    hasTouch: true,
    isMobile: true,
    colorScheme,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.stack || err}`));
  return page;
}

/** Presses `locator` with a finger and holds it until the message menu is open, then lifts. */
async function longPress(page, locator) {
  const box = await locator.boundingBox();
  const point = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await page.getByRole('menu', { name: 'Message actions' }).waitFor();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('the message menu', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let carol;
  let dave;
  let bobUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    carol = await newPage(browser);
    dave = await newPage(browser);
    await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await register(carol, server.url, 'Carol');
    await register(dave, server.url, 'Dave');
    for (const [page, name] of [
      [carol, 'Carol'],
      [dave, 'Dave'],
    ]) {
      await startChat(alice, name);
      await send(alice, `Hi ${name}`);
      await page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ }).waitFor();
      await openChat(page, 'Alice');
    }
    await startChat(alice, 'Bob');
    await send(alice, 'The plan: meet at noon.');
    await openChat(bob, 'Alice');
    await send(bob, 'Bring the maps, please.');
    await message(alice, 'Bring the maps, please.').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a right click opens the menu beside the message, not over its text; Escape closes it', async () => {
    const menu = await openMessageMenu(alice, 'Bring the maps, please.');
    const items = await menu.locator('[role="menuitem"]:not([data-reaction])').allInnerTexts();
    assert.deepEqual(items, ['Reply', 'Reply in thread', 'Copy text', 'Forward', 'Pin', 'Select', 'Delete', 'Report…', 'Block sender']);
    // Above them, the quick reactions (the defaults for someone who has reacted to nothing yet).
    const quick = await menu.getByRole('group', { name: 'React' }).getByRole('menuitem').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    assert.deepEqual(quick, ['React with 👍', 'React with ❤️', 'React with 😂', 'React with 😮', 'React with 😢', 'React with 🙏', 'More reactions']);
    assert.equal(await alice.evaluate(() => document.activeElement?.textContent), 'Reply', 'focus on the first item');
    await screenshot(alice, 'menu-01-right-click.png');
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // The "more" button sits beside the bubble: it never covers the message's text.
    const row = message(alice, 'Bring the maps, please.');
    await row.hover();
    const more = row.getByRole('button', { name: 'Message actions' });
    const moreBox = await more.boundingBox();
    const textBox = await row.getByTestId('message-body').boundingBox();
    assert.ok(moreBox.x >= textBox.x + textBox.width, 'the more button is to the right of the text');
    await more.click();
    await menu.waitFor();
    await alice.mouse.click(5, 5);
    await menu.waitFor({ state: 'detached' });
  });

  test('"Copy text" puts the message on the clipboard', async () => {
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await messageAction(alice, 'The plan: meet at noon.', 'Copy text');
    await alice.getByRole('alert').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    assert.equal(await alice.evaluate(() => navigator.clipboard.readText()), 'The plan: meet at noon.');
  });

  test('on a phone, a long press opens the menu', async () => {
    for (const scheme of ['light', 'dark']) {
      const phone = await newPhone(browser, scheme);
      await login(phone, server.url, bobUser);
      await openChat(phone, 'Alice');
      const bubble = message(phone, 'The plan: meet at noon.').locator('[data-bubble]');
      await bubble.waitFor();
      await longPress(phone, bubble);
      const menu = phone.getByRole('menu', { name: 'Message actions' });
      // Inside the screen, with finger-sized items.
      const box = await menu.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `menu inside the screen (${box.x}..${box.x + box.width})`);
      for (const item of await menu.getByRole('menuitem').all()) {
        assert.ok((await item.boundingBox()).height >= 44, 'menu items are at least 44 px tall');
      }
      // The long press did not also open a link or select the text.
      assert.equal(await phone.evaluate(() => String(window.getSelection())), '');
      await screenshot(phone, `menu-02-phone-long-press-${scheme}.png`);
      await menu.getByRole('menuitem', { name: 'Select' }).tap();
      await phone.getByRole('toolbar', { name: 'Selection' }).getByText('1 selected').waitFor();
      // Checkboxes on one side, whoever wrote the message.
      await send(bob, 'one more line from Bob');
      const xs = await phone.locator('li[data-message-id] input[type="checkbox"]').evaluateAll((els) =>
        els.map((el) => Math.round(el.getBoundingClientRect().x)),
      );
      assert.ok(xs.length >= 2 && xs.every((x) => x === xs[0]), `checkboxes in one column (${xs.join(', ')})`);
      await screenshot(phone, `menu-03-phone-selecting-${scheme}.png`);
      // The forward dialog fits the phone.
      await phone.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Forward' }).tap();
      const dialog = phone.getByRole('dialog', { name: 'Forward message' });
      await dialog.getByTestId('forward-preview').waitFor();
      const d = await dialog.boundingBox();
      assert.ok(d.x >= 0 && d.x + d.width <= 375, 'the dialog fits the screen');
      await screenshot(phone, `menu-04-phone-forward-${scheme}.png`);
      await phone.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await phone.context().close();
    }
  });

  test('forward two messages to two chats at once; the comment arrives first', async () => {
    await messageAction(alice, 'The plan: meet at noon.', 'Select');
    await message(alice, 'Bring the maps, please.').click();
    await alice.getByText('2 selected').waitFor();
    await alice.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Forward' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Forward 2 messages' });
    await dialog.waitFor();
    // A preview of what goes.
    const preview = dialog.getByTestId('forward-preview');
    assert.match(await preview.innerText(), /Alice:\s*The plan: meet at noon\.\s*Bob:\s*Bring the maps, please\./);
    await dialog.getByLabel('Carol').check();
    await dialog.getByLabel('Dave').check();
    await dialog.getByText('2 chats chosen').waitFor();
    await dialog.getByPlaceholder('Add a comment (optional)').fill('For Saturday:');
    await screenshot(alice, 'menu-05-forward-two-chats.png');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await alice.getByRole('alert').filter({ hasText: 'Forwarded to 2 chats.' }).waitFor();
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();

    for (const page of [carol, dave]) {
      await message(page, 'Bring the maps, please.').getByTestId('forwarded-label').filter({ hasText: 'Forwarded from Bob' }).waitFor();
      const texts = await messageTexts(page);
      assert.deepEqual(texts.slice(-3), ['For Saturday:', 'The plan: meet at noon.', 'Bring the maps, please.']);
      const seqs = await page
        .locator('li[data-message-id]')
        .evaluateAll((els) => els.slice(-3).map((el) => Number(el.getAttribute('data-seq'))));
      assert.deepEqual(seqs, [seqs[0], seqs[0] + 1, seqs[0] + 2], 'stored in that order');
    }
    await screenshot(carol, 'menu-06-forward-received.png');
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
