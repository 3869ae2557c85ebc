// Reactions in the browser against the real server: Alice reacts to Bob's message from the
// quick reactions in its menu; Bob sees the chip live, sees who reacted (the card on hover, the
// dialog), adds the same reaction (2, marked his); Alice takes hers back; the full picker finds
// an emoji by search; too many reactions get a toast in words; the message box's emoji button
// inserts at the caret and the emoji counts as Alice's most used; Bob's unread reactions show
// as a heart in his chat list (live, and after a reload) and clear when he opens the chat.
// Screenshots at desktop width (light and dark) and at 375 px in dark, each checked with axe.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import {
  TIMEOUT_MS,
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
  waitUntil,
} from './helpers.mjs';

const PLAN = 'Dinner at eight at the harbour?';
const SECOND = 'I booked the table by the window';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * The serious and critical violations axe finds on the page as it is now. `exclude`: selectors
 * of parts that are not the app's own markup (emoji-mart's picker puts aria-selected and
 * aria-posinset on plain buttons in its shadow tree; its search, emoji and categories are named).
 */
async function audit(page, exclude = []) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (skip) => {
    const context = skip.length > 0 ? { include: [['html']], exclude: skip.map((s) => [s]) } : document;
    // eslint-disable-next-line no-undef
    const r = await axe.run(context, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  }, exclude);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The reaction chip `emoji` under the message whose text is `text`. */
function chip(page, text, emoji) {
  return message(page, text).locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);
}

/** Waits until the chip shows `count` (0: gone) and, when `mine` is given, is marked so or not. */
async function chipShows(page, text, emoji, count, mine) {
  const c = chip(page, text, emoji);
  if (count === 0) {
    await c.waitFor({ state: 'detached' });
    return;
  }
  await waitUntil(async () => {
    if ((await c.count()) !== 1) return false;
    const label = await c.getAttribute('aria-label');
    const pressed = await c.getAttribute('aria-pressed');
    return label.startsWith(`${emoji} ${count} reaction`) && (mine === undefined || pressed === String(mine));
  }, `${emoji} ${count}${mine === undefined ? '' : mine ? ' (mine)' : ' (not mine)'} under "${text}"`);
}

/** Picks a quick reaction (by its button's name) in the menu of the message `text`. */
async function quickReact(page, text, name) {
  const menu = await openMessageMenu(page, text);
  await menu.getByRole('menuitem', { name }).click();
  await menu.waitFor({ state: 'detached' });
}

/** Searches `query` in an open picker and picks the emoji `emoji` among the results. */
async function pickBySearch(picker, query, emoji) {
  const search = picker.locator('input[type="search"]');
  await search.waitFor();
  await search.fill(query);
  await picker.getByRole('button', { name: emoji, exact: true }).first().click();
}

describe('reactions', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let aliceUser;
  let bobUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    await send(alice, 'Hi Bob');
    await bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ }).waitFor({ timeout: TIMEOUT_MS });
    await openChat(bob, 'Alice');
    await send(bob, PLAN);
    await message(alice, PLAN).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('a quick reaction reaches the author live; who reacted; the same reaction again; taken back', async () => {
    const menu = await openMessageMenu(alice, PLAN);
    // Focus on the first action, as before; the quick reactions are above it.
    assert.equal(await alice.evaluate(() => document.activeElement?.textContent), 'Reply');
    await screenshot(alice, 'reactions-00-menu-desktop-light.png');
    assert.deepEqual(await audit(alice), [], 'menu with quick reactions');
    await menu.getByRole('menuitem', { name: 'React with 👍' }).click();
    await menu.waitFor({ state: 'detached' });
    await chipShows(alice, PLAN, '👍', 1, true);
    // Bob sees it live, not his.
    await chipShows(bob, PLAN, '👍', 1, false);
    assert.equal(await chip(bob, PLAN, '👍').getAttribute('aria-label'), '👍 1 reaction. Toggle');

    // Who reacted: the card when the mouse rests on the chip, the dialog from the button.
    await chip(bob, PLAN, '👍').hover();
    const card = bob.getByTestId('reactors-card');
    await card.filter({ hasText: 'Alice' }).waitFor();
    await screenshot(bob, 'reactions-01-card-desktop-light.png');
    await bob.mouse.move(5, 5);
    await card.waitFor({ state: 'detached' });
    await message(bob, PLAN).getByRole('button', { name: 'See who reacted' }).click();
    const dialog = bob.getByTestId('who-reacted');
    await dialog.getByTestId('reactor').filter({ hasText: 'Alice' }).waitFor();
    assert.equal(await dialog.getByTestId('reactor').count(), 1);
    await screenshot(bob, 'reactions-01-who-reacted-dialog-desktop-light.png');
    assert.deepEqual(await audit(bob), [], 'who reacted');
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Bob adds the same one from the keyboard: 2, marked his; Alice sees 2 as well.
    await chip(bob, PLAN, '👍').focus();
    await bob.keyboard.press('Enter');
    await chipShows(bob, PLAN, '👍', 2, true);
    assert.equal(await chip(bob, PLAN, '👍').getAttribute('aria-label'), '👍 2 reactions, including you. Toggle');
    await chipShows(alice, PLAN, '👍', 2, true);

    // Alice takes hers back with a click.
    await chip(alice, PLAN, '👍').click();
    await chipShows(alice, PLAN, '👍', 1, false);
    await chipShows(bob, PLAN, '👍', 1, true);
  });

  test('the picker finds an emoji by search; too many reactions are refused in words', async () => {
    const menu = await openMessageMenu(alice, PLAN);
    await menu.getByRole('menuitem', { name: 'More reactions' }).click();
    const picker = alice.getByTestId('reaction-picker');
    await picker.waitFor();
    await pickBySearch(picker, 'rocket', '🚀');
    await picker.waitFor({ state: 'detached' });
    await chipShows(alice, PLAN, '🚀', 1, true);
    await chipShows(bob, PLAN, '🚀', 1, false);
    // Focus went back to the message.
    assert.equal(await alice.evaluate(() => document.activeElement?.closest('li[data-message-id]')?.textContent?.includes('Dinner')), true);

    // Two more of Alice's (three in all), then a fourth: refused, the chip does not stay.
    await quickReact(alice, PLAN, 'React with ❤️');
    await chipShows(alice, PLAN, '❤️', 1, true);
    await quickReact(alice, PLAN, 'React with 😮');
    await chipShows(alice, PLAN, '😮', 1, true);
    await quickReact(alice, PLAN, 'React with 😢');
    await alice.getByRole('alert').filter({ hasText: 'You can put at most 3 reactions on a message. Take one of yours back to add another.' }).waitFor();
    await chipShows(alice, PLAN, '😢', 0);
    // Back to one: the 😮 and ❤️ go again.
    await chip(alice, PLAN, '😮').click();
    await chipShows(alice, PLAN, '😮', 0);
    await chip(alice, PLAN, '❤️').click();
    await chipShows(alice, PLAN, '❤️', 0);
  });

  test('the message box inserts an emoji at the caret; it counts as Alice’s most used', async () => {
    const box = alice.getByLabel('Message', { exact: true });
    await box.fill('See you there');
    await box.press('End');
    await alice.getByRole('button', { name: 'Insert emoji' }).click();
    const picker = alice.getByTestId('emoji-insert-picker');
    await picker.locator('input[type="search"]').waitFor();
    await screenshot(alice, 'reactions-02-emoji-picker-desktop-light.png');
    assert.deepEqual(await audit(alice, ['em-emoji-picker']), [], 'emoji picker');
    await pickBySearch(picker, 'tada', '🎉');
    await picker.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'See you there🎉');
    // The caret is after it, in the box: writing goes on.
    await alice.keyboard.type('!');
    assert.equal(await box.inputValue(), 'See you there🎉!');
    await box.press('Enter');
    await message(bob, 'See you there🎉!').waitFor();
    await waitUntil(async () => {
      const r = await restAs(alice, server.url, '/api/v1/me/emoji/frequent');
      return r.status === 200 && r.body.emoji.some((e) => e.emoji === '🎉');
    }, 'the picked emoji among Alice’s most used');
  });

  test('the author’s unread reactions: a heart in the chat list, live and after a reload, cleared by opening the chat', async () => {
    await send(bob, SECOND);
    await message(alice, SECOND).waitFor();
    // Bob is away from the chat: the list only.
    await bob.goto(`${server.url}/`);
    const line = bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ });
    await line.waitFor();
    const badge = line.getByTestId('reactions-badge');
    assert.equal(await badge.count(), 0);

    await quickReact(alice, SECOND, 'React with 😂');
    await badge.filter({ hasText: '1' }).waitFor();
    await waitUntil(async () => /1 new reaction to your messages/.test(await line.textContent()), 'the badge in the line’s words');
    await screenshot(bob, 'reactions-03-unread-badge-desktop-light.png');
    // After a reload: loaded at connect.
    await bob.reload();
    await badge.filter({ hasText: '1' }).waitFor();
    // Opening the chat reads them.
    await line.click();
    await bob.getByTestId('chat-title').filter({ hasText: 'Alice' }).waitFor();
    await badge.waitFor({ state: 'detached' });
    await chipShows(bob, SECOND, '😂', 1, false);
    await waitUntil(async () => {
      const r = await restAs(bob, server.url, '/api/v1/me/reactions/unread');
      return r.status === 200 && r.body.chats.every((c) => c.count === 0);
    }, 'no unread reactions on the server');
  });

  test('screenshots: desktop dark, and 375 px dark with the menu, the chips and the picker as a sheet', async () => {
    const desk = await newPage(browser, { colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
    await login(desk, server.url, bobUser);
    await openChat(desk, 'Alice');
    await chipShows(desk, PLAN, '👍', 1, true);
    await screenshot(desk, 'reactions-04-chips-desktop-dark.png');
    assert.deepEqual(await audit(desk), [], 'chips desktop dark');
    await desk.context().close();

    const phone = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 740 } });
    await login(phone, server.url, aliceUser);
    await openChat(phone, 'Bob');
    await chipShows(phone, PLAN, '🚀', 1, true);
    await message(phone, PLAN).scrollIntoViewIfNeeded();
    await screenshot(phone, 'reactions-05-chips-375-dark.png');
    assert.deepEqual(await audit(phone), [], 'chips 375 dark');
    const menu = await openMessageMenu(phone, PLAN);
    const box = await menu.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the menu fits the screen (${box.x}..${box.x + box.width})`);
    await screenshot(phone, 'reactions-06-menu-375-dark.png');
    await menu.getByRole('menuitem', { name: 'More reactions' }).click();
    const picker = phone.getByTestId('reaction-picker');
    await picker.locator('input[type="search"]').waitFor();
    // A sheet across the bottom, the full width.
    const sheet = await picker.boundingBox();
    assert.equal(Math.round(sheet.width), 375);
    assert.equal(Math.round(sheet.x), 0);
    assert.ok(Math.round(sheet.y + sheet.height) <= 740 && Math.round(sheet.y + sheet.height) >= 738, 'at the bottom');
    await screenshot(phone, 'reactions-07-picker-375-dark.png');
    assert.deepEqual(await audit(phone, ['em-emoji-picker']), [], 'picker 375 dark');
    await pickBySearch(picker, 'pizza', '🍕');
    await chipShows(phone, PLAN, '🍕', 1, true);
    await chipShows(bob, PLAN, '🍕', 1, false);
    await phone.context().close();
  });
});
