// The account around the chat list and the sign-in form: showing the password, the link to sign
// in when the email is taken, focus on the chat list after signing in, the account menu, the
// profile (name and email, the name editable and shown at once) and logging out only after
// saying yes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, login, newPage, offlineSnapshots, pageErrors, register, restAs, screenshot, startParley } from './helpers.mjs';

describe('account', () => {
  let server;
  let browser;
  let alice;
  let aliceUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    aliceUser = await register(alice, server.url, 'Alice');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the password can be shown and hidden with a toggle button', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    const password = page.getByLabel('Password', { exact: true });
    const toggle = page.getByRole('button', { name: 'Show password' });
    await password.fill('a secret');
    assert.equal(await password.getAttribute('type'), 'password');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await password.getAttribute('type'), 'text');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'account-01-password-shown.png');
    await toggle.press('Space');
    assert.equal(await password.getAttribute('type'), 'password');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await page.context().close();
  });

  test('an email already taken offers a link to sign in instead', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/register`);
    await page.getByLabel('Name').fill('Alice Again');
    await page.getByLabel('Email').fill(aliceUser.email);
    await page.getByLabel('Password', { exact: true }).fill('another long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'An account with this email already exists.' });
    const link = alert.getByRole('link', { name: 'Sign in instead?' });
    assert.equal(await link.getAttribute('href'), '/login');
    await screenshot(page, 'account-02-email-taken.png');
    await link.click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    // The way back is a link too.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Parley account' }).waitFor();
    await page.context().close();
  });

  test('after signing in, focus is on the chat list', async () => {
    const page = await newPage(browser);
    await login(page, server.url, aliceUser);
    await page.waitForFunction(() => document.activeElement?.id === 'chat-list');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.equal(label, 'Chat list');
    await page.context().close();
  });

  test('the account menu opens the profile, where the name is changed and shown at once', async () => {
    const menuButton = alice.getByRole('button', { name: 'Account and settings' });
    await menuButton.click();
    const menu = alice.getByRole('menu', { name: 'Account and settings' });
    await menu.waitFor();
    // The first item has focus; arrow keys move between the items.
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Settings');
    await alice.keyboard.press('ArrowDown');
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Profile');
    await alice.keyboard.press('ArrowDown');
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Privacy');
    await alice.keyboard.press('ArrowDown');
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Notifications');
    await alice.keyboard.press('ArrowDown');
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Keyboard shortcuts');
    await alice.keyboard.press('ArrowDown');
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Log out…');
    await screenshot(alice, 'account-03-menu.png');
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await menuButton.evaluate((b) => b === document.activeElement), true, 'focus back on the button');

    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Profile' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Profile' });
    await dialog.getByTestId('profile-email').filter({ hasText: aliceUser.email }).waitFor();
    await dialog.getByTestId('profile-name').filter({ hasText: 'Alice' }).waitFor();
    const name = dialog.getByLabel('Name', { exact: true });
    assert.equal(await name.inputValue(), 'Alice');
    await name.fill('  Alice Liddell ');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Name saved.' }).waitFor();
    // Shown at once in the profile and in the chat list's header behind the dialog.
    await dialog.getByTestId('profile-name').filter({ hasText: /^Alice Liddell$/ }).waitFor();
    await alice.getByTestId('me-name').filter({ hasText: /^Alice Liddell$/ }).waitFor();
    await screenshot(alice, 'account-04-profile-saved.png');

    // A name the server refuses says why.
    await name.fill('Bad\u202Ename');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'invisible or control character' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');

    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await menuButton.evaluate((b) => b === document.activeElement), true, 'focus back on the menu button');
    const me = await restAs(alice, server.url, '/api/v1/me');
    assert.equal(me.body.name, 'Alice Liddell');
    // It stays after a reload.
    await alice.reload();
    await alice.getByTestId('me-name').filter({ hasText: /^Alice Liddell$/ }).waitFor();
  });

  test('logging out asks first; Cancel keeps the session, Log out ends it', async () => {
    const menuButton = alice.getByRole('button', { name: 'Account and settings' });
    await menuButton.click();
    await alice.getByRole('menuitem', { name: 'Log out' }).click();
    const confirm = alice.getByRole('alertdialog', { name: 'Log out?' });
    await confirm.getByText('You will need your email and password to sign in again.').waitFor();
    // Cancel has focus: Enter by mistake does not log out.
    await alice.waitForFunction(() => document.activeElement?.textContent === 'Cancel');
    await screenshot(alice, 'account-05-logout-confirm.png');
    await alice.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    assert.equal((await restAs(alice, server.url, '/api/v1/me')).status, 200, 'still signed in');

    await menuButton.click();
    await alice.getByRole('menuitem', { name: 'Log out' }).click();
    await confirm.getByRole('button', { name: 'Log out' }).click();
    await alice.getByRole('heading', { name: 'Welcome back' }).waitFor();
    assert.equal((await restAs(alice, server.url, '/api/v1/me')).status, 401, 'the session is revoked');
    // Nothing of the account is kept for offline use after logging out.
    const kept = JSON.parse(await offlineSnapshots(alice));
    assert.equal(kept.length, 0);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
