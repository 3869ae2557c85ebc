// The people directory in the browser, on a phone in the dark theme: the server pages it
// (the end of the list loads the next page as it scrolls into view), the search box asks the
// server after a pause in typing, and choosing someone opens the chat.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, pageErrors, register, screenshot, startParley, waitUntil } from './helpers.mjs';

const PEOPLE = 40; // more than one page (30)

describe('people directory', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await startParley({
      args: ['--rate_auth_burst', '1000', '--password_hash_memory_kib', '1024', '--password_hash_ops', '1'],
    });
    for (let i = 1; i <= PEOPLE; i++) {
      const n = String(i).padStart(2, '0');
      const res = await fetch(`${server.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `person${n}.${process.pid}@example.com`, name: `Person ${n}`, password: 'password-1' }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await register(page, server.url, 'Alice');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  const rows = () => page.getByRole('list', { name: 'People on this server' }).getByRole('button', { name: /^Chat with / });

  test('pages load as the list scrolls, and by the "Show more people" button', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    const box = page.getByRole('searchbox', { name: 'Search people' });
    await box.waitFor();
    // The first page holds 30 users, Alice among them, who is left out of her own list.
    await waitUntil(async () => (await rows().count()) === 29, 'the first page');
    await screenshot(page, 'directory-phone-dark.png');
    await rows().first().and(page.getByRole('button', { name: /^Chat with Person 01\b/ })).waitFor();
    await rows().last().scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Show more people' }).scrollIntoViewIfNeeded().catch(() => {});
    await waitUntil(async () => (await rows().count()) === PEOPLE, 'every person after scrolling');
    assert.equal(await page.getByRole('button', { name: 'Show more people' }).count(), 0, 'no more pages');
  });

  test('the search asks the server and finds people whatever the case', async () => {
    const box = page.getByRole('searchbox', { name: 'Search people' });
    await box.fill('');
    await box.pressSequentially('PERSON 0', { delay: 20 });
    await waitUntil(async () => (await rows().count()) === 9, 'Person 01..09');
    await box.fill('person 17');
    await waitUntil(async () => (await rows().count()) === 1, 'only Person 17');
    await screenshot(page, 'directory-phone-dark-search.png');
    await box.fill('nobody at all');
    await page.getByText('Nobody matches that search.').waitFor();
    await box.fill('person 17');
    await rows().first().click();
    await page.getByTestId('chat-title').filter({ hasText: 'Person 17' }).waitFor();
  });

  test('on a desktop in the light theme', async () => {
    const desk = await newPage(browser, { viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await register(desk, server.url, 'Bob');
    await desk.getByRole('button', { name: 'New chat' }).click();
    await waitUntil(async () => (await desk.getByRole('button', { name: /^Chat with Person/ }).count()) === 28, 'first page');  // 30 with Alice and Bob
    await screenshot(desk, 'directory-desktop-light.png');
    await desk.context().close();
  });
});
