// The interface's language in a real browser. Messages in Hebrew and Arabic lay themselves out
// right to left in the English (left-to-right) interface, English ones left to right: in the
// bubbles, the chat list's preview and the message box as it is typed in. Then the interface in
// Spanish (the language chosen on this device, and in the person's settings where the server
// keeps them): its words, and its dates as Spanish writes them. Screenshots of both go to
// test-output/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, message, newPage, pageErrors, register, screenshot, send, startChat, startParley } from './helpers.mjs';

const HEBREW = 'שלום! מה שלומך היום?';
const ARABIC = 'مرحبا، كيف حالك اليوم؟';
const ENGLISH = 'Hello, how are you today?';
const DAY = 24 * 60 * 60 * 1000;

/** The computed direction of the element at `selector` inside `locator`. */
const direction = (locator, selector) => locator.locator(selector).first().evaluate((el) => getComputedStyle(el).direction);

/**
 * The interface in `language` on this page: the choice kept on the device, and in the person's
 * settings when the server keeps them (a server without them answers 404, and the device's
 * choice is enough).
 */
async function chooseLanguage(page, base, language) {
  const saved = await page.evaluate(
    async ([url, locale]) => {
      localStorage.setItem('parley.locale', locale);
      const token = localStorage.getItem('parley.token');
      const res = await fetch(url, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ settings: { language: { locale } } }),
      }).catch(() => null);
      return res?.status ?? 0;
    },
    [`${base}/api/v1/me/settings`, language],
  );
  assert.ok(saved === 404 || (saved >= 200 && saved < 300), `the settings answered ${saved}`);
  await page.reload();
}

describe('the interface language and right-to-left text', () => {
  let server;
  let browser;
  let alice;
  let bob;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    await register(alice, server.url, 'Alice');
    await register(bob, server.url, 'Bob');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('Hebrew and Arabic messages run right to left, English ones left to right', async () => {
    await startChat(alice, 'Bob');
    await send(alice, ENGLISH);
    await message(alice, ENGLISH).waitFor();
    const line = alice.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Bob/ });
    await line.getByTestId('chat-preview').filter({ hasText: ENGLISH }).waitFor();
    assert.equal(await direction(line, '[data-testid="chat-preview"]'), 'ltr');
    await startChat(bob, 'Alice');
    await send(bob, HEBREW);
    await message(alice, HEBREW).waitFor();
    await send(alice, ARABIC);
    await message(alice, ARABIC).waitFor();

    assert.equal(await alice.evaluate(() => getComputedStyle(document.documentElement).direction), 'ltr', 'the interface');
    for (const [text, dir] of [
      [HEBREW, 'rtl'],
      [ARABIC, 'rtl'],
      [ENGLISH, 'ltr'],
    ]) {
      assert.equal(await direction(message(alice, text), '[data-testid="message-body"]'), dir, text);
      assert.equal(await direction(message(alice, text), '[data-testid="message-text"]'), dir, text);
    }
    // Right to left, the text starts at the bubble's right: its first word is right of its last.
    const [first, last] = await message(alice, HEBREW)
      .getByTestId('message-text')
      .evaluate((el) => {
        const range = document.createRange();
        const node = el.querySelector('*')?.firstChild ?? el.firstChild;
        const text = node?.textContent ?? '';
        range.setStart(node, 0);
        range.setEnd(node, 1);
        const a = range.getBoundingClientRect().left;
        range.setStart(node, text.length - 2);
        range.setEnd(node, text.length - 1);
        return [a, range.getBoundingClientRect().left];
      });
    assert.ok(first > last, `the first letter (${first}) is right of the last (${last})`);

    // The chat list: Bob's line shows "You: مرحبا…" ("You:" isolated), right to left as its message.
    await line.getByTestId('chat-preview').filter({ hasText: ARABIC }).waitFor();
    assert.equal(await direction(line, '[data-testid="chat-preview"]'), 'rtl');
    // Alice's line on Bob's side: her Arabic message alone.
    const bobsLine = bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ });
    await bobsLine.getByTestId('chat-preview').filter({ hasText: ARABIC }).waitFor();
    assert.equal(await direction(bobsLine, '[data-testid="chat-preview"]'), 'rtl');

    // The message box follows what is typed in it.
    const box = alice.getByLabel('Message', { exact: true });
    await box.fill('עברית');
    assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    await box.fill('English');
    assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'ltr');
    await box.fill('');
    await screenshot(alice, 'language-rtl-messages.png');
  });

  test('in Spanish: its words, and days and times as Spanish writes them', async () => {
    await chooseLanguage(alice, server.url, 'es');
    await alice.getByRole('button', { name: 'Nuevo chat' }).waitFor();
    assert.equal(await alice.evaluate(() => document.documentElement.lang), 'es');
    await alice.getByRole('button', { name: /^Buscar o iniciar chat/ }).waitFor();
    await alice.getByRole('navigation', { name: 'Lista de chats' }).getByRole('link', { name: /^Bob/ }).click();
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();
    const box = alice.getByLabel('Mensaje', { exact: true });
    await box.waitFor();
    assert.equal(await box.getAttribute('placeholder'), 'Escribe un mensaje…');
    await alice.getByText('Hoy', { exact: true }).first().waitFor();
    await alice.getByTestId('peer-presence').filter({ hasText: 'en línea' }).waitFor();

    // Bob leaves: "últ. vez hoy a las 14:05", a 24-hour clock.
    const bobPage = bob;
    bob = null;
    await bobPage.context().close();
    const presence = alice.getByTestId('peer-presence');
    await presence.filter({ hasText: /^últ\. vez/ }).waitFor();
    assert.match(await presence.innerText(), /^últ\. vez (hace un momento|hoy a las \d{1,2}:\d{2})$/);

    // Twelve days on, the day separator is a date in Spanish ("19 de diciembre").
    await alice.clock.setFixedTime(new Date(Date.now() + 12 * DAY));
    await alice.reload();
    await alice.getByTestId('chat-title').filter({ hasText: 'Bob' }).waitFor();
    const day = await alice.locator('[data-day]').first().getAttribute('data-day');
    assert.match(day ?? '', /^\d{1,2} de [a-zé]+( de \d{4})?$/u);
    await alice.getByText(day, { exact: true }).first().waitFor();
    await screenshot(alice, 'language-es.png');

    // The account menu in Spanish too.
    await alice.getByRole('button', { name: 'Cuenta y ajustes' }).click();
    await alice.getByRole('menuitem', { name: 'Privacidad' }).waitFor();
    await alice.keyboard.press('Escape');

    // Back in English for whoever uses this page next.
    await chooseLanguage(alice, server.url, 'en');
    await alice.getByRole('button', { name: 'New chat' }).waitFor();
  });
});
