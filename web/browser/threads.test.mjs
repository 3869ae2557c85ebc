// Replies, quotes and threads in the browser against the real server: Alice answers Bob's
// message (the preview above the composer, the quoted block in the timeline), quotes a
// fragment she selected in it, sees her replies' previews follow Bob's edit, jumps to an
// original 500 messages back (loaded around it, highlighted), then opens the thread of Bob's
// message and posts in it; Bob sees the reply count rise and the thread in his threads list
// with an unread count, opens it, and the count clears. Screenshots of the reply preview and
// the thread panel, desktop and 375 px, light and dark, each checked with axe-core.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

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
  startChat,
  startParley,
  waitUntil,
} from './helpers.mjs';

const FILLERS = 500;
const FAR = 'The far original, five hundred messages back';
const PLAN = 'Let us meet at the old station at noon';
const PLAN_EDITED = 'Let us meet at the old station at one';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The serious and critical violations axe finds on the page as it is now. */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A socket with `token` (another device of its user). */
async function deviceOf(token, base) {
  const socket = io(base, { auth: { token }, transports: ['websocket'] });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Selects `fragment` inside the text of the message whose text is `text`. */
async function selectIn(page, text, fragment) {
  await message(page, text)
    .getByTestId('message-text')
    .evaluate((el, frag) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.textContent.indexOf(frag);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + frag.length);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return;
      }
      throw new Error(`no "${frag}" in the message`);
    }, fragment);
}

/** The timeline's message (not a thread panel's) whose text is exactly `text`. */
function inTimeline(page, text) {
  return page
    .getByTestId('message-scroller')
    .locator('li[data-message-id]')
    .filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/** Texts of the timeline's messages (not a thread panel's), in order. */
function timelineTexts(page) {
  return page.getByTestId('message-scroller').locator('li[data-message-id] [data-testid="message-text"]').allInnerTexts();
}

/** Whether the element is inside the visible part of its scroller. */
function inView(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('[data-testid="message-scroller"]').getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  });
}

describe('replies, quotes and threads', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let aliceUser;
  let bobUser;
  let chatId;
  let farId;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());

    // The history, written quickly from other devices: Bob's far original, then 500 of Alice's
    // own (none unread for her, so the chat opens at its newest), then Alice's answer to the
    // far original. Alice's page is away meanwhile, so it loads only the newest page after.
    const tokenOf = (page) => page.evaluate(() => localStorage.getItem('parley.token'));
    const aliceDevice = await deviceOf(await tokenOf(alice), server.url);
    const bobDevice = await deviceOf(await tokenOf(bob), server.url);
    await alice.goto('about:blank');
    try {
      const far = await bobDevice.timeout(5000).emitWithAck('message', { chatId, content: FAR });
      farId = far.id;
      const device = aliceDevice;
      for (let i = 1; i <= FILLERS; i++) {
        const ack = await device.timeout(5000).emitWithAck('message', { chatId, content: `filler ${String(i).padStart(3, '0')}` });
        assert.ok(ack.id);
      }
      const reply = await device.timeout(5000).emitWithAck('message', { chatId, content: 'About that far one', replyToId: farId });
      assert.equal(reply.replyTo.id, farId);
      await device.timeout(5000).emitWithAck('chat:read', { chatId, seq: reply.seq });
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

  test('a reply and a quote show what they answer, and follow its edit', async () => {
    await alice.goto(`${server.url}/chat/${encodeURIComponent(chatId)}`);
    await message(alice, 'About that far one').waitFor();
    await openChat(bob, 'Alice');
    await send(bob, PLAN);
    await message(alice, PLAN).waitFor();

    // Reply: the preview above the composer says whom and what; Esc cancels it.
    await messageAction(alice, PLAN, 'Reply');
    const preview = alice.getByTestId('reply-preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /Replying to Bob/);
    assert.match(await preview.getByTestId('reply-preview-text').innerText(), /old station at noon/);
    // The caret is in the box, ready to write.
    assert.equal(await alice.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
    await alice.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await messageAction(alice, PLAN, 'Reply');
    await preview.waitFor();
    await screenshot(alice, 'threads-01-reply-preview-desktop-light.png');
    assert.deepEqual(await audit(alice), []);
    await send(alice, 'Sounds good');
    await preview.waitFor({ state: 'detached' });
    const replyBlock = message(alice, 'Sounds good').getByTestId('reply-block');
    await replyBlock.waitFor();
    assert.equal(await replyBlock.getByTestId('reply-sender').innerText(), 'Bob');
    assert.equal(await replyBlock.getByTestId('reply-excerpt').innerText(), PLAN);

    // Quote: a fragment selected in Bob's message, the menu opened from the keyboard.
    await selectIn(alice, PLAN, 'old station');
    const bubble = message(alice, PLAN).locator('[data-bubble]');
    await bubble.focus();
    await alice.keyboard.press('Enter');
    const menu = alice.getByRole('menu', { name: 'Message actions' });
    await menu.getByRole('menuitem', { name: 'Quote selected text' }).click();
    await preview.waitFor();
    assert.equal(await preview.getByTestId('reply-preview-text').innerText(), '“old station”');
    await send(alice, 'Which one?');
    const quoted = message(alice, 'Which one?').getByTestId('reply-block');
    await quoted.waitFor();
    assert.equal(await quoted.getByTestId('reply-excerpt').innerText(), '“old station”');
    // Bob sees them as replies too.
    await message(bob, 'Which one?').getByTestId('reply-block').waitFor();

    // Bob edits his message: Alice's reply shows the new text (her quote stays what she quoted).
    await messageAction(bob, PLAN, 'Edit');
    await bob.getByLabel('Message', { exact: true }).fill(PLAN_EDITED);
    await bob.getByLabel('Message', { exact: true }).press('Enter');
    await message(alice, PLAN_EDITED).waitFor();
    await waitUntil(async () => (await replyBlock.getByTestId('reply-excerpt').innerText()) === PLAN_EDITED, 'the reply preview to follow the edit');
    assert.equal(await quoted.getByTestId('reply-excerpt').innerText(), '“old station”');
  });

  test('the quoted block jumps to an original 500 messages back and highlights it', async () => {
    // Not loaded: only the newest page is.
    assert.equal(await alice.locator(`#message-${farId}`).count(), 0);
    const block = message(alice, 'About that far one').getByTestId('reply-block');
    assert.match(await block.innerText(), /Bob[\s\S]*The far original/);
    assert.equal(await alice.getByRole('button', { name: /^Reply to\s*Bob\s*:\s*The far original.*Show the original message\.$/ }).count(), 1);
    await block.click();
    const far = alice.locator(`[id="message-${farId}"]`);
    await far.waitFor();
    await alice.locator(`[id="message-${farId}"] [data-bubble].flash`).waitFor();
    assert.ok(await inView(far), 'the original is on screen');
    await screenshot(alice, 'threads-02-jumped-to-original.png');
    // Scrolling up from there loads what came before it (it is the first message: the start).
    // The scroll-to-bottom button goes back to the newest messages.
    await alice.getByTestId('scroll-to-bottom').click();
    await waitUntil(async () => (await timelineTexts(alice)).includes('Which one?'), 'back at the newest');
    assert.ok(await inView(message(alice, 'Which one?')), 'the newest message is on screen');
  });

  test('a thread: posted in, counted and listed for the other person, read when opened', async () => {
    await messageAction(alice, PLAN_EDITED, 'Reply in thread');
    const panel = alice.getByTestId('thread-panel');
    await panel.waitFor();
    assert.match(new URL(alice.url()).pathname, /\/thread\//);
    // Focus moved into the panel.
    assert.equal(await alice.evaluate(() => document.activeElement?.id), 'thread-heading');
    await panel.getByTestId('thread-reply-count').filter({ hasText: 'No replies yet' }).waitFor();
    const box = panel.getByLabel('Thread reply');
    await box.fill('Thread reply one');
    await box.press('Enter');
    await panel.locator('li[data-message-id]').filter({ hasText: 'Thread reply one' }).and(alice.locator('li[data-status]:not([data-status="PENDING"])')).waitFor();
    await panel.getByTestId('thread-reply-count').filter({ hasText: '1 reply' }).waitFor();
    // Not in Alice's timeline; the root shows the count.
    assert.ok(!(await timelineTexts(alice)).includes('Thread reply one'));
    await inTimeline(alice, PLAN_EDITED).getByTestId('thread-count').filter({ hasText: '1 reply' }).waitFor();
    // Replying made her a follower of the thread.
    await panel.getByTestId('follow-thread').filter({ hasText: 'Following' }).waitFor();
    // Also sent to the chat: in the timeline too.
    await panel.getByTestId('also-to-chat').check();
    await box.fill('Thread reply two, also in the chat');
    await box.press('Enter');
    await inTimeline(alice, 'Thread reply two, also in the chat').waitFor();
    await screenshot(alice, 'threads-03-panel-desktop-light.png');
    assert.deepEqual(await audit(alice), []);

    // Bob: the count on his message rose, the thread is listed with 2 unread (he wrote the
    // root, so he follows it), the chat's own unread count leaves the thread-only reply out.
    await inTimeline(bob, PLAN_EDITED).getByTestId('thread-count').filter({ hasText: '2 replies' }).waitFor();
    await bob.getByTestId('threads-unread').filter({ hasText: '2' }).waitFor();
    await bob.getByTestId('threads-button').click();
    const item = bob.getByTestId('thread-item');
    await item.getByTestId('thread-unread').filter({ hasText: '2' }).waitFor();
    await screenshot(bob, 'threads-04-threads-list.png');
    await item.click();
    const bobPanel = bob.getByTestId('thread-panel');
    await bobPanel.locator('li[data-message-id]').filter({ hasText: 'Thread reply one' }).waitFor();
    await item.getByTestId('thread-unread').waitFor({ state: 'detached' });
    await bob.getByTestId('threads-unread').waitFor({ state: 'detached' });
    // Live: Alice posts again; Bob, reading the thread, sees it at once and stays at 0 unread.
    await box.fill('Thread reply three');
    await box.press('Enter');
    await bobPanel.locator('li[data-message-id]').filter({ hasText: 'Thread reply three' }).waitFor();
    await bobPanel.getByTestId('thread-live-region').filter({ hasText: 'New reply from Alice: Thread reply three' }).waitFor();
    await bobPanel.getByTestId('thread-reply-count').filter({ hasText: '3 replies' }).waitFor();
    assert.equal(await bob.getByTestId('threads-unread').count(), 0);
    // Following can be left from the panel; Esc closes it and focus goes back to the root.
    await bobPanel.getByTestId('follow-thread').filter({ hasText: 'Following' }).click();
    await bobPanel.getByTestId('follow-thread').filter({ hasText: 'Follow' }).waitFor();
    await bob.keyboard.press('Escape');
    await bobPanel.waitFor({ state: 'detached' });
    assert.equal(await bob.getByTestId('thread-item').count(), 0);
  });

  test('screenshots: the reply preview and the thread panel, light and dark, desktop and 375 px', async () => {
    const modes = [
      { name: 'desktop-dark', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
      { name: '375-light', colorScheme: 'light', viewport: { width: 375, height: 740 } },
      { name: '375-dark', colorScheme: 'dark', viewport: { width: 375, height: 740 } },
    ];
    for (const mode of modes) {
      const page = await newPage(browser, mode);
      await login(page, server.url, aliceUser);
      await page.goto(`${server.url}/chat/${encodeURIComponent(chatId)}`);
      await inTimeline(page, 'Which one?').waitFor();
      await messageAction(page, 'Which one?', 'Reply');
      await page.getByTestId('reply-preview').waitFor();
      await screenshot(page, `threads-05-reply-preview-${mode.name}.png`);
      assert.deepEqual(await audit(page), [], `reply preview ${mode.name}`);
      await page.keyboard.press('Escape');
      await inTimeline(page, PLAN_EDITED).getByTestId('thread-line').click();
      const panel = page.getByTestId('thread-panel');
      await panel.locator('li[data-message-id]').filter({ hasText: 'Thread reply three' }).waitFor();
      if (mode.viewport.width < 768) {
        // The whole screen: the panel covers the chat.
        const box = await panel.boundingBox();
        assert.equal(Math.round(box.width), mode.viewport.width);
        assert.equal(Math.round(box.x), 0);
      }
      await screenshot(page, `threads-06-panel-${mode.name}.png`);
      assert.deepEqual(await audit(page), [], `thread panel ${mode.name}`);
      if (mode.name === '375-light') {
        // The threads list, from the chat list's header.
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'detached' });
        await page.getByRole('button', { name: 'Back to chats' }).click();
        await page.getByTestId('threads-button').click();
        await page.getByTestId('thread-item').waitFor();
        await screenshot(page, 'threads-07-threads-list-375-light.png');
        assert.deepEqual(await audit(page), [], 'threads list 375');
      }
      await page.context().close();
    }
    void bobUser;
  });
});
