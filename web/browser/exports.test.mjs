// Exporting chats in the browser, against the real server. Ann Lee writes with Bob Stone in four
// scripts; from the chat's menu "Export chat…" opens Settings › Your data with that chat chosen;
// she starts a JSON export, the list follows it to "Ready", and Download saves a file that holds
// her messages. A CSV export for spreadsheets of all her chats downloads too and reads back. On
// a phone (375 px, dark) the section fits. Screenshots go to SCREENSHOT_DIR as exports-*.png;
// the views pass axe.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, newPage, openChat, register, screenshot, send, startChat, startParley, uniqueEmail,
} from './helpers.mjs';

const TEXTS = ['Hello Bob', 'Привет, Боб', 'こんにちは', 'שלום בוב 🎉'];

/** Saves what clicking `button` downloads; its suggested name and text. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('exports in the browser', () => {
  let server;
  let browser;
  let ann;
  let annUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    const bob = await newPage(browser);
    annUser = await register(ann, server.url, 'Ann Lee', { email: uniqueEmail('ann') });
    await register(bob, server.url, 'Bob Stone', { email: uniqueEmail('bob') });
    await startChat(ann, 'Bob Stone');
    for (const text of TEXTS) await send(ann, text);
    await openChat(bob, 'Ann Lee');
    await message(bob, TEXTS[3]).waitFor();
    await bob.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('"Export chat…" opens Your data with the chat chosen; the JSON export downloads with every message', async () => {
    await ann.getByRole('button', { name: /^Notifications for this chat/ }).first().click();
    await ann.getByTestId('chat-export').click();
    const form = ann.getByTestId('export-form');
    await form.waitFor();
    assert.match(ann.url(), /\/settings\/data/);
    assert.equal(await form.getByRole('checkbox', { name: /Bob Stone/ }).isChecked(), true);
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'exports-01-form-desktop-light.png');

    await form.getByTestId('export-start').click();
    const item = ann.getByTestId('export-item').first();
    const button = item.getByTestId('export-download');
    await button.waitFor({ timeout: 15000 });
    await item.getByText(/Ready/).waitFor();
    assert.deepEqual(await audit(ann), []);
    await screenshot(ann, 'exports-02-ready-desktop-light.png');

    const file = await download(ann, button);
    assert.match(file.name, /^parley-export-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(file.text);
    assert.equal(doc.format, 'parley-export');
    assert.equal(doc.chats.length, 1);
    assert.deepEqual(doc.chats[0].messages.map((m) => m.content), TEXTS);
  });

  test('a CSV of all chats for spreadsheets downloads and reads back; the section fits a dark phone', async () => {
    const form = ann.getByTestId('export-form');
    await form.getByRole('radio', { name: 'All chats' }).check();
    await form.getByRole('radio', { name: /CSV/ }).check();
    await form.getByRole('checkbox', { name: 'For spreadsheets (Excel)' }).check();
    await form.getByTestId('export-start').click();
    const item = ann.getByTestId('export-item').filter({ hasText: 'CSV' }).first();
    const button = item.getByTestId('export-download');
    await button.waitFor({ timeout: 15000 });
    const file = await download(ann, button);
    assert.match(file.name, /\.csv$/);
    assert.ok(file.text.startsWith('\ufeffchat_id,'), 'a byte-order mark, then the header');
    for (const text of TEXTS) assert.ok(file.text.includes(text), `the CSV has "${text}"`);

    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, annUser);
    await phone.goto(new URL('/settings/data', server.url).href);
    await phone.getByTestId('export-form').waitFor();
    await phone.getByTestId('export-item').first().waitFor();
    const over = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(over, 0, 'nothing runs off to the side');
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'exports-03-phone-dark.png');
  });
});
