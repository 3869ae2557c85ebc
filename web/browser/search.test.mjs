// Message search in the browser against the real server. Alice and Bob share a private chat
// whose oldest message (Bob's "We redeployed…") is 1,000 messages back, with Japanese and
// English messages after it, and a group with another "deploy". Alice searches Japanese by a
// substring (東京) and English by part of a word (deploy finds redeployed), sees the results
// grouped by chat with the words marked, moves through them with the keyboard and jumps to the
// one 1,000 messages back: it is loaded around, shown in the timeline, with the words marked
// in its bubble. Ctrl+F searches the open chat (its chip), a query mistake shows its place,
// Esc closes and gives focus back. On a 375 px phone the panel fills the screen, a result
// shows its chat and the chat's search button comes back to the results. Screenshots (light
// and dark, desktop and phone) go to SCREENSHOT_DIR as search-*.png, each checked with axe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { audit, launchBrowser, login, newPage, pageErrors, register, restAs, screenshot, startChat, startParley } from './helpers.mjs';

const FILLERS = 1000;
const TARGET = 'We redeployed the billing service on Friday';
const JAPANESE = '明日の会議は東京で行います';
const CHECKLIST = 'Deploy checklist is ready for review';
const GROUP = 'Release crew';
const GROUP_TEXT = 'The deploy window moves to Monday';

/** A socket with `token` (another device of its user). */
async function deviceOf(token, base) {
  const socket = io(base, { auth: { token }, transports: ['websocket'] });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

const tokenOf = (page) => page.evaluate(() => localStorage.getItem('parley.token'));

/** The timeline's message (not a thread panel's) whose text is exactly `text`. */
function inTimeline(page, text) {
  return page
    .getByTestId('message-scroller')
    .locator('li[data-message-id]')
    .filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/** Whether the element is inside the visible part of its scroller. */
function inView(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('[data-testid="message-scroller"]').getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  });
}

/** The search box's text typed as a person types it. */
async function typeQuery(page, text) {
  const box = page.getByRole('combobox', { name: 'Search messages' });
  await box.fill('');
  await box.pressSequentially(text, { delay: 20 });
  return box;
}

/** The marked words of the results, in order. */
function resultMarks(page) {
  return page.locator('[role="option"]').evaluateAll((options) => options.map((o) => [...o.querySelectorAll('mark')].map((m) => m.textContent)));
}

/** The visible buttons, links and fields smaller than 44 × 44 px to tap (as tap-targets.test.mjs). */
function tooSmall(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, a[href], [role="button"], [role="option"], input')) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || r.bottom < 0 || r.top > innerHeight) continue;
      if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30)}": ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

/** The result whose snippet contains `text`. */
function result(page, text) {
  return page.locator('[role="option"]').filter({ hasText: text });
}

describe('message search', () => {
  let server;
  let browser;
  let alice;
  let aliceUser;
  let bob;
  let chatId;
  let targetId;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
    await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());
    const bobId = (await restAs(bob, server.url, '/api/v1/me')).body.id;

    // The history, written from other devices while Alice's page is away: Bob's message that
    // the search jumps to, 1,000 of Alice's own after it (none unread for her, so the chat
    // opens at its newest), then Bob's Japanese and English ones; a group with one more.
    const aliceDevice = await deviceOf(await tokenOf(alice), server.url);
    const bobDevice = await deviceOf(await tokenOf(bob), server.url);
    await alice.goto('about:blank');
    await bob.context().close();
    try {
      const target = await bobDevice.timeout(5000).emitWithAck('message', { chatId, content: TARGET });
      targetId = target.id;
      for (let i = 1; i <= FILLERS; i++) {
        const ack = await aliceDevice.timeout(5000).emitWithAck('message', { chatId, content: `filler ${String(i).padStart(4, '0')}` });
        assert.ok(ack.id, `filler ${i}: ${JSON.stringify(ack)}`);
      }
      await bobDevice.timeout(5000).emitWithAck('message', { chatId, content: JAPANESE });
      const last = await bobDevice.timeout(5000).emitWithAck('message', { chatId, content: CHECKLIST });
      await aliceDevice.timeout(5000).emitWithAck('chat:read', { chatId, seq: last.seq });
      const group = await aliceDevice.timeout(5000).emitWithAck('group:create', { title: GROUP, memberIds: [bobId] });
      assert.equal(group.status, 'ok', JSON.stringify(group));
      const g = await aliceDevice.timeout(5000).emitWithAck('message', { chatId: group.chat.id, content: GROUP_TEXT });
      await aliceDevice.timeout(5000).emitWithAck('chat:read', { chatId: group.chat.id, seq: g.seq });
    } finally {
      bobDevice.disconnect();
      aliceDevice.disconnect();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('the server answers the search API as the client reads it', async () => {
    await alice.goto(`${server.url}/chat/${encodeURIComponent(chatId)}`);
    await inTimeline(alice, CHECKLIST).waitFor();
    const r = await restAs(alice, server.url, `/api/v1/search/messages?q=${encodeURIComponent('deploy')}&limit=5`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(Array.isArray(r.body.results));
    assert.ok('nextCursor' in r.body);
    const found = r.body.results.find((x) => x.message.id === targetId);
    assert.ok(found, `the far message is found: ${JSON.stringify(r.body.results.map((x) => x.message.content))}`);
    const [h] = found.highlights;
    assert.equal(TARGET.slice(h.start, h.end).toLowerCase(), 'deploy');
    const bad = await restAs(alice, server.url, `/api/v1/search/messages?q=${encodeURIComponent('foo:bar')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_query');
    assert.equal(typeof bad.body.position, 'number');
  });

  test('Japanese is found by a substring, with the words marked', async () => {
    // The far message is not held: only the newest page is.
    assert.equal(await inTimeline(alice, TARGET).count(), 0);
    await alice.keyboard.press('Control+Shift+F');
    const panel = alice.getByTestId('search-panel');
    await panel.waitFor();
    const box = alice.getByRole('combobox', { name: 'Search messages' });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    // Nothing asked yet: the operators, each insertable.
    await alice.getByTestId('search-tip').first().waitFor();
    await screenshot(alice, 'search-empty-desktop-light.png');

    await typeQuery(alice, '東京');
    await result(alice, '東京').waitFor();
    assert.deepEqual(await resultMarks(alice), [['東京']]);
    assert.match(await alice.getByTestId('search-status').innerText(), /1 message found/);
    assert.equal(await alice.getByTestId('search-chip-chat').count(), 0, 'every chat');
  });

  test('part of an English word finds the longer one, results grouped by chat', async () => {
    await typeQuery(alice, 'deploy');
    await result(alice, 'redeployed').waitFor();
    await result(alice, GROUP_TEXT).waitFor();
    const titles = await alice.getByTestId('search-group-title').allInnerTexts();
    assert.deepEqual([...titles].sort(), ['Bob', GROUP].sort());
    const target = result(alice, 'redeployed');
    assert.deepEqual(await target.locator('mark').allInnerTexts(), ['deploy']);
    assert.equal(await target.locator('mark').evaluate((m) => m.parentElement.textContent.includes('redeployed')), true);
    assert.match(await alice.getByTestId('search-status').innerText(), /3 messages in 2 chats/);
    await screenshot(alice, 'search-results-desktop-light.png');
    assert.deepEqual(await audit(alice), []);
  });

  test('jumps to the result 1,000 messages back and marks the words in its bubble', async () => {
    // Down through the results to the far one; Enter shows it.
    const box = alice.getByRole('combobox', { name: 'Search messages' });
    const ids = await alice.locator('[role="option"]').evaluateAll((os) => os.map((o) => o.id));
    const want = await result(alice, 'redeployed').getAttribute('id');
    for (let i = 0; i <= ids.indexOf(want); i++) await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), want);
    assert.equal(await result(alice, 'redeployed').getAttribute('aria-selected'), 'true');
    await box.press('Enter');

    const bubble = inTimeline(alice, TARGET);
    await bubble.waitFor();
    await bubble.locator('mark').waitFor();
    assert.deepEqual(await bubble.locator('mark').allInnerTexts(), ['deploy']);
    assert.equal(await bubble.getByTestId('message-text').innerText(), TARGET);
    await alice.waitForFunction(
      (id) => {
        const el = document.getElementById(`message-${id}`);
        const view = el?.closest('[data-testid="message-scroller"]')?.getBoundingClientRect();
        const box = el?.getBoundingClientRect();
        return Boolean(view && box && box.top >= view.top && box.bottom <= view.bottom);
      },
      targetId,
    );
    assert.equal(await inView(bubble), true);
    // Loaded around it: the newest messages are not shown meanwhile.
    assert.equal(await inTimeline(alice, CHECKLIST).count(), 0);
    // The panel stays, the box keeps the keyboard.
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    await screenshot(alice, 'search-jump-desktop-light.png');

    // The marks last until the search changes.
    await alice.waitForTimeout(2500);
    assert.deepEqual(await bubble.locator('mark').allInnerTexts(), ['deploy']);
    await typeQuery(alice, 'deploy checklist');
    await result(alice, CHECKLIST).waitFor();
    assert.equal(await bubble.locator('mark').count(), 0);
  });

  test('Ctrl+F searches the open chat; a mistake shows its place; Esc closes', async () => {
    await alice.getByTestId('search-close').click();
    await alice.getByTestId('search-panel').waitFor({ state: 'detached' });
    await alice.getByLabel('Message', { exact: true }).focus();
    await alice.keyboard.press('Control+F');
    await alice.getByTestId('search-panel').waitFor();
    assert.equal(await alice.getByTestId('search-chip-chat').innerText(), 'In: Bob');
    await typeQuery(alice, 'deploy');
    await result(alice, 'redeployed').waitFor();
    await alice.waitForFunction(() => document.querySelectorAll('[role="option"]').length === 2);
    assert.equal(await result(alice, GROUP_TEXT).count(), 0);

    await typeQuery(alice, 'deploy foo:bar');
    const error = alice.getByTestId('search-query-error');
    await error.waitFor();
    assert.ok((await error.innerText()).length > 0);
    assert.equal(await alice.getByRole('combobox', { name: 'Search messages' }).getAttribute('aria-invalid'), 'true');
    await alice.getByTestId('search-error-mark').waitFor();
    await screenshot(alice, 'search-error-desktop-light.png');
    assert.deepEqual(await audit(alice), []);

    await alice.keyboard.press('Escape');
    await alice.getByTestId('search-panel').waitFor({ state: 'detached' });
    // Focus is back in the message box, where it was.
    await alice.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message');
  });

  test('dark theme', async () => {
    const dark = await newPage(browser, { colorScheme: 'dark' });
    await login(dark, server.url, aliceUser);
    await dark.goto(`${server.url}/chat/${encodeURIComponent(chatId)}`);
    await inTimeline(dark, CHECKLIST).waitFor();
    await dark.getByTestId('chat-search-button').click();
    await typeQuery(dark, 'deploy');
    await result(dark, 'redeployed').waitFor();
    await screenshot(dark, 'search-results-desktop-dark.png');
    assert.deepEqual(await audit(dark), []);
    await result(dark, 'redeployed').click();
    await inTimeline(dark, TARGET).locator('mark').waitFor();
    await screenshot(dark, 'search-jump-desktop-dark.png');
    await dark.context().close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`on a 375 px phone (${colorScheme}) the panel fills the screen and a result shows its chat`, async () => {
      const phone = await newPage(browser, { viewport: { width: 375, height: 812 }, colorScheme });
      await login(phone, server.url, aliceUser);
      // From the chat list: the search button above it.
      await phone.getByTestId('search-open-button').click();
      const panel = phone.getByTestId('search-panel');
      await panel.waitFor();
      const box = await panel.boundingBox();
      assert.equal(Math.round(box.width), 375);
      assert.ok(box.height > 700, `full height (${box.height})`);
      await typeQuery(phone, 'deploy');
      await result(phone, 'redeployed').waitFor();
      await screenshot(phone, `search-results-phone-${colorScheme}.png`);
      assert.deepEqual(await audit(phone), []);
      assert.deepEqual(await tooSmall(phone), []);
      // The tips and a picker are as easy to tap.
      await phone.getByTestId('search-tips-button').click();
      await phone.getByTestId('search-add-person').click();
      await phone.getByRole('textbox', { name: 'Find a person' }).waitFor();
      await phone.getByTestId('search-pick-person').first().waitFor();
      await screenshot(phone, `search-picker-phone-${colorScheme}.png`);
      assert.deepEqual(await tooSmall(phone), []);
      assert.deepEqual(await audit(phone), []);
      await phone.keyboard.press('Escape');
      await phone.getByTestId('search-tips-button').click();
      // No horizontal scrolling.
      assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= 375), true);

      await result(phone, 'redeployed').click();
      await panel.waitFor({ state: 'hidden' });
      const bubble = inTimeline(phone, TARGET);
      await bubble.locator('mark').waitFor();
      await phone.waitForFunction((id) => {
        const el = document.getElementById(`message-${id}`);
        const view = el?.closest('[data-testid="message-scroller"]')?.getBoundingClientRect();
        const b = el?.getBoundingClientRect();
        return Boolean(view && b && b.top >= view.top && b.bottom <= view.bottom);
      }, targetId);
      await screenshot(phone, `search-jump-phone-${colorScheme}.png`);

      // The chat's search button comes back to the results as they were.
      await phone.getByTestId('chat-search-button').click();
      await panel.waitFor();
      await result(phone, 'redeployed').waitFor();
      assert.equal(await phone.getByRole('combobox', { name: 'Search messages' }).inputValue(), 'deploy');
      await phone.context().close();
    });
  }
});
