// Reading a chat in the browser: the tab title counts unread messages, a chat opens at the first
// unread one under a divider, the scroll-to-bottom button counts what is left, the day band never
// covers a message; right-to-left text, e-mail links and trimmed text; a message written offline
// says "sending…" and keeps the time it was written; drafts in the chat list; a reload of an
// open chat lands at what came meanwhile although the offline snapshot shows the chat at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  newPage,
  offlineSnapshots,
  openChat,
  pageErrors,
  register,
  restAs,
  screenshot,
  send,
  sendFromAnotherDevice,
  startChat,
  startParley,
  waitUntil,
} from './helpers.mjs';

const label = (kind, i) => `${kind} message ${String(i).padStart(2, '0')}`;

/** Whether `locator` is at least partly inside the visible part of the message scroller. */
function inView(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('[data-testid="message-scroller"]').getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  });
}

describe('reading a chat', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let bobUser;
  let chatId;

  before(async () => {
    // Short heartbeats, so a browser whose network vanished is noticed quickly.
    server = await startParley({ args: ['--ping_interval_ms', '1000', '--ping_timeout_ms', '1000'] });
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser, { viewport: { width: 1000, height: 700 } });
    await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());
    // Bob reads the first part of the conversation.
    const earlier = Array.from({ length: 20 }, (_, i) => label('read', i + 1));
    await sendFromAnotherDevice(alice, server.url, chatId, earlier);
    await openChat(bob, 'Alice');
    await bob.getByTestId('unread-divider').waitFor();
    await bob.getByTestId('scroll-to-bottom').click();
    await message(alice, label('read', 20)).and(alice.locator('[data-status="READ"]')).waitFor();
    // Then he is away while the rest is written.
    await bob.context().close();
    await sendFromAnotherDevice(
      alice,
      server.url,
      chatId,
      Array.from({ length: 30 }, (_, i) => label('unread', i + 1)),
    );
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the tab title carries the unread count', async () => {
    bob = await newPage(browser, { viewport: { width: 1000, height: 700 } });
    await login(bob, server.url, bobUser);
    await bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /30 unread/ }).waitFor();
    await bob.waitForFunction(() => document.title === '(30) Parley');
    await screenshot(bob, 'reading-01-title-count.png');
  });

  test('a chat opens at the first unread message, under an "N unread messages" divider', async () => {
    await openChat(bob, 'Alice');
    const divider = bob.getByTestId('unread-divider');
    await divider.waitFor();
    assert.equal(await divider.innerText(), '30 unread messages');
    assert.ok(await inView(message(bob, label('unread', 1))), 'the first unread message is on screen');
    assert.equal(await inView(message(bob, label('unread', 30))), false, 'the newest is below');
    // The divider is at the top of the view, right above the first unread message.
    const view = await bob.getByTestId('message-scroller').boundingBox();
    const line = await divider.boundingBox();
    assert.ok(line.y >= view.y && line.y < view.y + 40, `divider near the top (view ${view.y}, divider ${line.y})`);
    const before = await bob.evaluate(() =>
      [...document.querySelectorAll('li[data-message-id], [data-testid="unread-divider"]')].map(
        (el) => el.querySelector('[data-testid="message-text"]')?.textContent ?? 'divider',
      ),
    );
    assert.deepEqual(before.slice(before.indexOf('divider') - 1, before.indexOf('divider') + 2), [
      label('read', 20),
      'divider',
      label('unread', 1),
    ]);
    await screenshot(bob, 'reading-02-unread-divider.png');
  });

  test('the scroll-to-bottom button counts the unread messages left, and goes there', async () => {
    const button = bob.getByTestId('scroll-to-bottom');
    await button.waitFor();
    // What is on screen is read; what is below is counted.
    await bob.waitForFunction(() => {
      const n = Number(document.querySelector('[data-testid="scroll-to-bottom-count"]')?.textContent);
      return n > 0 && n < 30;
    });
    const count = Number(await bob.getByTestId('scroll-to-bottom-count').innerText());
    assert.match(await button.getAttribute('aria-label'), new RegExp(`^Scroll to the newest message, ${count} unread$`));
    await message(alice, label('unread', 1)).and(alice.locator('[data-status="READ"]')).waitFor();
    assert.equal(await message(alice, label('unread', 30)).getAttribute('data-status'), 'DELIVERED');
    await button.click();
    await button.waitFor({ state: 'detached' });
    await message(alice, label('unread', 30)).and(alice.locator('[data-status="READ"]')).waitFor();
    await bob.waitForFunction(() => document.title === 'Parley');
    // The divider stays where it was while the chat is open.
    await bob.getByTestId('unread-divider').waitFor();

    // Scrolled up a little, the button is back, without a count: all is read.
    await bob.getByTestId('message-scroller').evaluate((el) => {
      el.scrollTop = el.scrollHeight - el.clientHeight - 300;
    });
    await button.waitFor();
    assert.equal(await bob.getByTestId('scroll-to-bottom-count').count(), 0);
    assert.equal(await button.getAttribute('aria-label'), 'Scroll to the newest message');
  });

  test('the day of the messages at the top never covers a message', async () => {
    const scroller = bob.getByTestId('message-scroller');
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    const band = bob.getByTestId('day-band');
    await band.getByText('Today').waitFor();
    const bandBox = await band.boundingBox();
    const view = await scroller.boundingBox();
    assert.ok(bandBox.y + bandBox.height <= view.y + 0.5, 'the band sits above the scroller, not over it');
    await screenshot(bob, 'reading-03-day-band.png');
    await bob.getByTestId('scroll-to-bottom').click();
    await bob.getByTestId('scroll-to-bottom').waitFor({ state: 'detached' });
  });

  test('right-to-left text is laid out right to left in its bubble; mixed text stays readable', async () => {
    await openChat(alice, 'Bob');
    const arabic = 'مرحبا، كيف حالك اليوم؟';
    const hebrew = 'שלום! see you at 10:00';
    const english = 'Meeting notes: نلتقي غدا at 9';
    for (const t of [arabic, hebrew, english]) await send(alice, t);
    await message(bob, english).waitFor();
    const dir = (t) => message(bob, t).getByTestId('message-body').evaluate((el) => getComputedStyle(el).direction);
    assert.equal(await dir(arabic), 'rtl');
    assert.equal(await dir(hebrew), 'rtl');
    assert.equal(await dir(english), 'ltr');
    // In a right-to-left bubble the time sits at the end of the text, on the left.
    const body = await message(bob, arabic).getByTestId('message-body').boundingBox();
    const time = await message(bob, arabic).locator('time').boundingBox();
    assert.ok(time.x < body.x + body.width / 2, 'the time is on the left of a right-to-left bubble');
    await screenshot(bob, 'reading-04-rtl.png');
  });

  test('e-mail addresses are links; blank space around sent text is dropped, line breaks inside kept', async () => {
    await send(alice, 'write to anna@example.com or mailto:team@example.org');
    const shown = message(bob, 'write to anna@example.com or mailto:team@example.org');
    await shown.waitFor();
    assert.equal(await shown.getByRole('link', { name: 'anna@example.com' }).getAttribute('href'), 'mailto:anna@example.com');
    assert.equal(
      await shown.getByRole('link', { name: 'mailto:team@example.org' }).getAttribute('href'),
      'mailto:team@example.org',
    );
    const box = alice.getByLabel('Message', { exact: true });
    await box.fill('   \n  first line\n\nthird line  \n\n ');
    await box.press('Enter');
    await message(bob, 'first line\n\nthird line').waitFor();
  });

  test('a message written offline says "sending…" and keeps the time it was written', async () => {
    await alice.context().setOffline(true);
    await alice.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor({ timeout: 20000 });
    // Written "an hour and a half ago" by Alice's clock, sent when the network is back.
    const written = new Date(Date.now() - 90 * 60 * 1000);
    await alice.clock.setSystemTime(written);
    await send(alice, 'written on the train');
    const mine = message(alice, 'written on the train');
    await mine.getByTestId('sending').filter({ hasText: 'sending…' }).waitFor();
    const writtenIso = await mine.locator('time').getAttribute('datetime');
    assert.ok(Math.abs(Date.parse(writtenIso) - written.getTime()) < 60000, `written at ${writtenIso}`);
    await screenshot(alice, 'reading-05-sending.png');
    await alice.clock.setSystemTime(new Date());
    await alice.context().setOffline(false);
    await mine.getByTestId('sending').waitFor({ state: 'detached', timeout: 20000 });
    assert.notEqual(await mine.getAttribute('data-status'), 'PENDING');
    assert.equal(await mine.locator('time').getAttribute('datetime'), writtenIso, 'still the time it was written');
    const r = await restAs(alice, server.url, `/api/v1/chats/${encodeURIComponent(chatId)}/messages?limit=5`);
    const stored = r.body.find((m) => m.content === 'written on the train');
    assert.ok(Date.parse(stored.createdAt) - Date.parse(writtenIso) > 60 * 60 * 1000, 'the server stamped it on arrival');
    // A reload on this device keeps it.
    await alice.reload();
    await message(alice, 'written on the train').waitFor();
    assert.equal(await message(alice, 'written on the train').locator('time').getAttribute('datetime'), writtenIso);
  });

  test('the chat list marks a draft, kept per chat and across a reload', async () => {
    await startChat(bob, 'Alice');
    const box = bob.getByLabel('Message', { exact: true });
    await box.fill('half a thought');
    await bob.goto(`${server.url}/`);
    const line = bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ });
    await line.getByTestId('draft-mark').waitFor();
    assert.equal(await line.getByTestId('chat-preview').innerText(), 'Draft: half a thought');
    await screenshot(bob, 'reading-06-draft.png');
    // Back in the chat, the draft is in the box; sending it clears the mark.
    await openChat(bob, 'Alice');
    assert.equal(await box.inputValue(), 'half a thought');
    await box.press('Enter');
    await message(alice, 'half a thought').waitFor();
    await bob.goto(`${server.url}/`);
    await line.getByTestId('chat-preview').filter({ hasText: 'You: half a thought' }).waitFor();
    assert.equal(await line.getByTestId('draft-mark').count(), 0);
  });

  test('reloading an open chat lands at what came meanwhile, not where the offline snapshot ended', async () => {
    await openChat(bob, 'Alice');
    await message(bob, 'half a thought').waitFor();
    await bob.waitForFunction(() => document.title === 'Parley');
    // The snapshot in IndexedDB holds the chat read to its end.
    const bobId = await bob.evaluate(() => JSON.parse(localStorage.getItem('parley.user')).id);
    await waitUntil(async () => {
      const chat = JSON.parse(await offlineSnapshots(bob)).at(0)?.messages?.[chatId];
      return chat?.items.some((m) => m.content === 'half a thought') && chat.items.every((m) => m.senderId === bobId || m.status === 'READ');
    }, 'the snapshot written');
    await bob.goto('about:blank');
    const meanwhile = [1, 2, 3].map((i) => `while Bob was away ${i}`);
    await sendFromAnotherDevice(alice, server.url, chatId, meanwhile);
    // The snapshot comes back at once; where the chat opens waits for the catch-up.
    await bob.goto(`${server.url}/chat/${encodeURIComponent(chatId)}`);
    const divider = bob.getByTestId('unread-divider');
    await divider.waitFor();
    assert.equal(await divider.innerText(), '3 unread messages');
    assert.ok(await inView(message(bob, meanwhile[0])), 'the first of them is on screen');
  });

  test('phone width and dark theme', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    await login(phone, server.url, bobUser);
    await openChat(phone, 'Alice');
    await message(phone, 'Meeting notes: نلتقي غدا at 9').waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scrolling (scrollWidth ${width})`);
    await screenshot(phone, 'reading-07-phone-dark.png');
    await phone.getByTestId('message-scroller').evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await phone.getByTestId('scroll-to-bottom').waitFor();
    await screenshot(phone, 'reading-08-phone-dark-scrolled.png');
    await phone.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
