// The registration form's password rules in the browser: the strength meter (Weak, Fair,
// Strong, announced as it changes), a common password refused with the server's own words
// before any request, blank passwords, and the same form at phone width in the dark theme.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, pageErrors, screenshot, startParley } from './helpers.mjs';

const COMMON = 'This password is too common. Choose one that is harder to guess.';

describe('registration password rules', () => {
  let server;
  let browser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The meter and its announced text. */
  const meter = (page) => page.getByRole('meter', { name: 'Strength' });
  const strengthText = (page) => page.getByTestId('password-strength').locator('[aria-live="polite"]');
  const password = (page) => page.getByLabel('Password', { exact: true });

  test('the meter rates as the person types; a common password is refused with the server words', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Name').fill('Dana');
    await page.getByLabel('Email').fill(`dana.${process.pid}@example.com`);

    await password(page).fill('password');
    await password(page).blur();
    await page.getByText(COMMON).waitFor();
    await strengthText(page).filter({ hasText: 'Weak' }).waitFor();
    assert.equal(await meter(page).getAttribute('aria-valuetext'), 'Weak');
    // The server answers a request the form would not send in the same words.
    const direct = await fetch(`${server.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `direct.${process.pid}@example.com`, name: 'D', password: 'password' }),
    });
    assert.equal(direct.status, 400);
    assert.equal((await direct.json()).message, COMMON);

    // Submitting keeps the person on the form, the password field focused and described.
    let registerRequests = 0;
    page.on('request', (r) => r.url().includes('/auth/register') && registerRequests++);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'password');
    assert.equal(registerRequests, 0, 'a refused password never reaches the server');
    assert.equal(await password(page).getAttribute('aria-invalid'), 'true');
    await screenshot(page, '30-register-common-password.png');

    await password(page).fill('        ');
    await page.getByText('The password cannot be only spaces. Use letters, digits or symbols too.').waitFor();

    await password(page).fill('violet tractor pebble 41 moonlight');
    await strengthText(page).filter({ hasText: 'Strong' }).waitFor();
    assert.equal(await meter(page).getAttribute('aria-valuetext'), 'Strong');
    assert.equal(await page.getByText(COMMON).count(), 0);
    const described = await password(page).getAttribute('aria-describedby');
    const textId = await strengthText(page).getAttribute('id');
    assert.ok(described.split(' ').includes(textId), `the input is described by the strength (${described})`);
    await screenshot(page, '31-register-strong-password.png');

    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('me-name').filter({ hasText: 'Dana' }).waitFor();
    await page.context().close();
  });

  test('phone width in the dark theme: the meter fits and reads Fair or Weak', async () => {
    const page = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Name').fill('Eli');
    await password(page).fill('sunshine');
    await strengthText(page).filter({ hasText: 'Weak' }).waitFor();
    await password(page).blur();  // errors show once the field was left, as for every field
    await page.getByText(COMMON).waitFor();
    await password(page).fill('Tulip-Harbor-7');
    await strengthText(page).filter({ hasText: /Fair|Strong/ }).waitFor();
    const box = await meter(page).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `the meter fits the screen: ${JSON.stringify(box)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scrolling (scrollWidth ${width})`);
    await password(page).fill('password1');
    await strengthText(page).filter({ hasText: 'Weak' }).waitFor();
    await page.getByText(COMMON).waitFor();
    await screenshot(page, '32-register-phone-dark.png');
    await page.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
