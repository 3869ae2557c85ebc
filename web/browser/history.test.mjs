// A long conversation in the browser: older pages load on scrolling up without moving what the
// reader is looking at, and a message arriving while they read old ones shows on the
// scroll-to-bottom button's count instead of yanking the view down. Read receipts follow what
// is on screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import {
  launchBrowser,
  login,
  message,
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

const TOTAL = 120;

/** Whether the message is inside the visible part of the scroller. */
function inView(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('[data-testid="message-scroller"]').getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  });
}
const label = (i) => `history message ${String(i).padStart(3, '0')}`;

describe('long history', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let chatId;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    await register(alice, server.url, 'Alice');
    const bobUser = await register(bob, server.url, 'Bob');
    const token = await bob.evaluate(() => localStorage.getItem('parley.token'));
    // Bob's browser is closed while the history is written, so his next visit loads it page by
    // page. He writes it himself, from another device, so none of it is unread for him (a chat
    // with unread messages opens at the first of them: unread.test.mjs).
    await bob.context().close();
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());

    // Fill the chat quickly from a second device of Bob's (a plain socket.io-client).
    const socket = io(server.url, { auth: { token }, transports: ['websocket'] });
    try {
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      for (let i = 1; i <= TOTAL; i++) {
        const ack = await socket.timeout(5000).emitWithAck('message', { chatId, content: label(i), clientMessageId: `fill-${i}` });
        assert.equal(ack.seq, i);
      }
    } finally {
      socket.disconnect();
    }
    bob = await newPage(browser, { viewport: { width: 1000, height: 700 } });
    await login(bob, server.url, bobUser);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('opens at the newest message and loads older pages when scrolling up', async () => {
    await openChat(bob, 'Alice');
    await message(bob, label(TOTAL)).waitFor();
    const shown = await messageTexts(bob);
    assert.ok(shown.length < TOTAL, `one page first (${shown.length})`);
    assert.equal(shown.at(-1), label(TOTAL));
    assert.ok(await inView(message(bob, label(TOTAL))), 'opens at the newest message');
    assert.equal(await inView(message(bob, shown[0])), false);

    const scroller = bob.getByTestId('message-scroller');
    for (let round = 0; round < 10; round++) {
      const anchor = (await messageTexts(bob))[0];
      const top = (await scroller.boundingBox()).y;
      await scroller.evaluate((el) => {
        el.scrollTop = 0;
      });
      await bob.waitForFunction(
        ([first]) => {
          const items = document.querySelectorAll('li[data-message-id] [data-testid="message-text"]');
          return items.length > 0 && (items[0].textContent !== first || document.body.innerText.includes('beginning of the conversation'));
        },
        [anchor],
      );
      // The message that was at the top stays there while the page above it loads.
      const afterBox = await message(bob, anchor).boundingBox();
      if ((await messageTexts(bob))[0] !== anchor) {
        assert.ok(afterBox.y >= top && afterBox.y < top + 150, `view kept its place (top ${top}, now ${afterBox.y})`);
      }
      if ((await messageTexts(bob)).length === TOTAL) break;
    }
    await bob.getByText('This is the beginning of the conversation.').waitFor();
    assert.deepEqual(await messageTexts(bob), Array.from({ length: TOTAL }, (_, i) => label(i + 1)));
  });

  test('a message arriving while reading old ones counts on the scroll-to-bottom button', async () => {
    // Bob is at the top of the history.
    await bob.getByTestId('message-scroller').evaluate((el) => {
      el.scrollTop = 0;
    });
    await send(alice, 'fresh news');
    const button = bob.getByRole('button', { name: 'Scroll to the newest message, 1 unread' });
    await button.waitFor();
    assert.equal(await bob.getByTestId('scroll-to-bottom-count').innerText(), '1');
    assert.equal(await inView(message(bob, 'fresh news')), false, 'the view stays on the old messages');
    // Not on screen: not read yet.
    await message(alice, 'fresh news').and(alice.locator('[data-status="DELIVERED"]')).waitFor();
    await screenshot(bob, '12-new-messages-button.png');
    await button.click();
    await bob.waitForFunction(() => {
      const el = document.querySelector('[data-testid="message-scroller"]');
      return el && el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    });
    await message(alice, 'fresh news').and(alice.locator('[data-status="READ"]')).waitFor();
    await bob.getByTestId('scroll-to-bottom').waitFor({ state: 'detached' });
  });

  test('the server kept every message once', async () => {
    const r = await restAs(bob, server.url, `/api/v1/chats/${encodeURIComponent(chatId)}/messages?limit=200`);
    assert.equal(r.status, 200);
    assert.equal(r.body.length, TOTAL + 1);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
