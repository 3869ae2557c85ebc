// Mentions end to end against the real server, four people in their own browser contexts: Ann
// Lee creates the group "Design" with Ben Ortiz, Bertil Nyman and Cleo Park; in it she types
// "@Be", moves through the suggestions with the arrow keys, picks Ben with Enter and sends.
// Ben, on his chat list, sees the "@" badge (and its count once a second mention, "@Ben Ortiz"
// typed in full, comes) and the title's count; he opens the chat and the messages are marked as
// mentioning him, his name a chip. Cleo, a member, is not offered "@all"; Ann, the owner, is,
// and Cleo sees that message marked for her. The suggestions and the chat pass axe;
// screenshots at 1280 and 375 px in light and dark go to SCREENSHOT_DIR as mentions-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { audit, launchBrowser, newPage, openChat, pageErrors, register, screenshot, startParley, uniqueEmail, waitUntil } from './helpers.mjs';
import { unread } from './notices.mjs';

const GROUP = 'Design';
const chatLink = (page, said = '') =>
  page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${GROUP}.*${said}`) });
const box = (page) => page.getByRole('combobox', { name: 'Message' });
const suggestions = (page) => page.getByRole('listbox', { name: 'People to mention' });
/** The names the suggestion list offers, in order. */
const offered = (page) =>
  suggestions(page)
    .getByRole('option')
    .evaluateAll((options) => options.map((o) => o.querySelector('.font-medium')?.textContent ?? ''));
const settled = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));

async function createGroup(page, members) {
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await dialog.getByLabel('Group name').fill(GROUP);
  for (const name of members) {
    await dialog.getByLabel('Search people to add').fill(name.split(' ')[0]);
    await dialog.getByRole('checkbox', { name }).check();
  }
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
}

describe('mentions in the browser', () => {
  let server;
  let browser;
  let ann;
  let ben;
  let cleo;
  /** Ben's unread count before the mentions (the group's system line). */
  let before0 = 0;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    ben = await newPage(browser);
    cleo = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    const bertil = await newPage(browser);
    await register(ann, server.url, 'Ann Lee', { email: uniqueEmail('ann') });
    await register(ben, server.url, 'Ben Ortiz', { email: uniqueEmail('ben') });
    await register(bertil, server.url, 'Bertil Nyman', { email: uniqueEmail('bertil') });
    await register(cleo, server.url, 'Cleo Park', { email: uniqueEmail('cleo') });
    await bertil.context().close();
    await createGroup(ann, ['Ben Ortiz', 'Bertil Nyman', 'Cleo Park']);
    await chatLink(ben).filter({ hasText: 'created' }).waitFor();
    await chatLink(cleo).waitFor();
    before0 = await unread(ben);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('Ann types "@Be", picks Ben with the keyboard and sends', async () => {
    await box(ann).click();
    await ann.keyboard.type('@Be');
    await suggestions(ann).waitFor();
    assert.deepEqual(await offered(ann), ['Ben Ortiz', 'Bertil Nyman']);
    assert.equal(await box(ann).getAttribute('aria-expanded'), 'true');
    const first = suggestions(ann).getByRole('option', { name: 'Ben Ortiz' });
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    assert.equal(await box(ann).getAttribute('aria-activedescendant'), await first.getAttribute('id'));

    await ann.keyboard.press('ArrowDown');
    await suggestions(ann).getByRole('option', { name: 'Bertil Nyman', selected: true }).waitFor();
    await ann.keyboard.press('ArrowUp');
    await suggestions(ann).getByRole('option', { name: 'Ben Ortiz', selected: true }).waitFor();
    await settled(ann);
    await screenshot(ann, 'mentions-suggestions.png');
    assert.deepEqual(await audit(ann), []);

    await ann.keyboard.press('Enter');
    await suggestions(ann).waitFor({ state: 'detached' });
    assert.equal(await box(ann).inputValue(), '@Ben Ortiz ');
    await ann.keyboard.type('can you review the mockups?');
    await ann.keyboard.press('Enter');
    const sent = ann.locator('li[data-message-id][data-own="true"]').filter({ hasText: 'can you review the mockups?' });
    await waitUntil(async () => ['SENT', 'DELIVERED', 'READ'].includes(await sent.getAttribute('data-status')), 'stored');
    await sent.locator('.mention', { hasText: '@Ben Ortiz' }).waitFor();
    // Her own message mentions someone else: no mark for her.
    assert.equal(await sent.getAttribute('data-mentions-me'), null);
  });

  test('Ben, in his chat list, sees the @ badge and the title’s count; a second mention typed in full counts', async () => {
    const badge = chatLink(ben).getByTestId('mention-badge');
    await badge.waitFor();
    assert.equal(await badge.textContent(), '@');
    // The link's name says it in words (the badge itself is hidden from screen readers).
    await chatLink(ben, ', 1 unread mention(?!s)').waitFor();
    await waitUntil(async () => (await unread(ben)) === before0 + 1, 'the title’s count');

    await box(ann).fill('@Ben Ortiz and the icons too');
    await box(ann).press('Enter');
    await waitUntil(async () => (await badge.textContent()) === '@2', 'the second mention');
    await chatLink(ben, ', 2 unread mentions').waitFor();
    await waitUntil(async () => (await unread(ben)) === before0 + 2, 'the title’s count');
    assert.equal(await chatLink(ben).getByTestId('unread-badge').textContent(), String(before0 + 2));
    await settled(ben);
    await screenshot(ben, 'mentions-chat-list.png');
  });

  test('Ben opens the chat: the messages are marked as mentioning him, his name a chip', async () => {
    await openChat(ben, GROUP);
    const marked = ben.locator('li[data-message-id][data-mentions-me="true"]');
    await waitUntil(async () => (await marked.count()) === 2, 'both messages marked');
    const bubble = marked.first().locator('[role="article"]');
    assert.match(await bubble.getAttribute('aria-label'), /^Ann Lee, mentions you, /);
    assert.equal(await marked.first().locator('.mention.mention-me').textContent(), '@Ben Ortiz');
    await chatLink(ben).getByTestId('mention-badge').waitFor({ state: 'detached' });
    await waitUntil(async () => (await unread(ben)) === 0, 'read');
    await settled(ben);
    await screenshot(ben, 'mentions-chat.png');
    assert.deepEqual(await audit(ben), []);

    await ben.emulateMedia({ colorScheme: 'dark' });
    await settled(ben);
    await screenshot(ben, 'mentions-chat-dark.png');
    assert.deepEqual(await audit(ben), []);
    await ben.setViewportSize({ width: 375, height: 740 });
    await ben.emulateMedia({ colorScheme: 'light' });
    await settled(ben);
    await screenshot(ben, 'mentions-chat-375.png');
    assert.deepEqual(await audit(ben), []);
  });

  test('a member is not offered @all; the owner is, and the members see it marked for them', async () => {
    await openChat(cleo, GROUP);
    await box(cleo).click();
    await cleo.keyboard.type('@');
    await suggestions(cleo).waitFor();
    assert.deepEqual(await offered(cleo), ['Ann Lee', 'Ben Ortiz', 'Bertil Nyman']);
    await cleo.keyboard.type('al');
    await suggestions(cleo).waitFor({ state: 'detached' });
    await cleo.keyboard.press('Backspace');
    await cleo.keyboard.press('Backspace');
    await suggestions(cleo).waitFor();
    // At 375 px the list sits above the box, inside the screen.
    const list = await suggestions(cleo).boundingBox();
    const field = await box(cleo).boundingBox();
    assert.ok(list && field && list.y >= 0 && list.y + list.height <= field.y + 1 && list.x >= 0 && list.x + list.width <= 375, JSON.stringify({ list, field }));
    await settled(cleo);
    await screenshot(cleo, 'mentions-suggestions-375-dark.png');
    assert.deepEqual(await audit(cleo), []);
    await cleo.keyboard.press('Escape');
    await suggestions(cleo).waitFor({ state: 'detached' });

    await box(ann).click();
    await ann.keyboard.type('@al');
    await suggestions(ann).getByRole('option', { name: '@all — Everyone in this group' }).waitFor();
    await ann.keyboard.press('Enter');
    await ann.keyboard.type('standup in 5');
    await ann.keyboard.press('Enter');

    const forCleo = cleo.locator('li[data-message-id][data-mentions-me="true"]').filter({ hasText: 'standup in 5' });
    await forCleo.waitFor();
    assert.equal(await forCleo.locator('.mention.mention-me').textContent(), '@all');
    await settled(cleo);
    await screenshot(cleo, 'mentions-all-375-dark.png');
  });
});
