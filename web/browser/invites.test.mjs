// Invite links end to end in a real browser: Ann, the owner of a group with Ben, makes a link
// for one person in the group's info panel and copies it; Ben, a member, sees no invite links;
// Dee follows the link, sees the group, joins, lands in its chat and writes to it; Eve, with the
// same link used up, is told so and offered no Join button; a link that does not exist; someone
// signed out who follows a link comes back to it after registering; Ann, a member already, gets
// "Open chat"; a revoked link; the panel's error when the group has as many links as allowed.
// Screenshots of the join page and the invite section at 375 px, light and dark.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  newPage,
  openChat,
  pageErrors,
  register,
  screenshot,
  send,
  startParley,
} from './helpers.mjs';

async function openGroupInfo(page) {
  await page.getByRole('button', { name: 'Group info' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Group info' });
  await dialog.waitFor();
  return dialog;
}

/** Makes a link in the open info panel; returns its row (the newest, first). */
async function createInvite(panel, { expires, maxUses }) {
  const section = panel.getByTestId('invite-links');
  const before = await section.locator('[data-invite-token]').count();
  await section.getByLabel('Link expires').selectOption({ label: expires });
  await section.getByLabel('Max uses').selectOption({ label: maxUses });
  await section.getByRole('button', { name: 'Create invite link' }).click();
  await section.locator('[data-invite-token]').nth(before).waitFor();
  return section.locator('[data-invite-token]').first();
}

async function createGroup(page, title, description, members) {
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await dialog.getByLabel('Group name').fill(title);
  await dialog.getByLabel('Description (optional)').fill(description);
  for (const name of members) {
    await dialog.getByLabel('Search people to add').fill(name);
    await dialog.getByRole('checkbox', { name }).check();
  }
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('chat-title').filter({ hasText: title }).waitFor();
}

const joinPage = (page) => page.getByTestId('join-page');

describe('invite links in the browser', () => {
  let server;
  let browser;
  let ann;
  let annUser;
  let ben;
  /** The link for one person, as Ann copied it. */
  let oneUseUrl;
  /** A link without limits, made later. */
  let openUrl;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    await ann.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    ben = await newPage(browser);
    annUser = await register(ann, server.url, 'Ann');
    await register(ben, server.url, 'Ben');
    await createGroup(ann, 'Trail runners', 'Sunday long runs', ['Ben']);
    await ben.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Trail runners/ }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the owner makes a link for one person in the info panel and copies it', async () => {
    const panel = await openGroupInfo(ann);
    const section = panel.getByTestId('invite-links');
    await section.getByRole('heading', { name: 'Invite links' }).waitFor();
    await section.getByText('No invite links yet.').waitFor();
    const row = await createInvite(panel, { expires: 'After 1 day', maxUses: '1' });
    await row.getByTestId('invite-meta').filter({ hasText: '0 of 1 use · expires in 1 day' }).waitFor();
    assert.equal(await row.getByTestId('invite-badge').count(), 0);

    oneUseUrl = (await row.getByTestId('invite-url').textContent()).trim();
    assert.match(oneUseUrl, new RegExp(`^${server.url}/join/[A-Za-z0-9_-]{16,}$`));
    await row.getByRole('button', { name: 'Copy' }).click();
    await row.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await ann.evaluate(() => navigator.clipboard.readText()), oneUseUrl);
    await screenshot(ann, 'invites-01-panel.png');
  });

  test('a member who is not an admin sees no invite links', async () => {
    await openChat(ben, 'Trail runners');
    const panel = await openGroupInfo(ben);
    await panel.locator('[data-member-id]').filter({ hasText: 'Ann' }).waitFor();
    assert.equal(await panel.getByTestId('invite-links').count(), 0);
    assert.equal(await panel.getByRole('button', { name: 'Create invite link' }).count(), 0);
    await ben.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('Dee follows the link, sees the group, joins it and writes to it', async () => {
    const dee = await newPage(browser);
    await register(dee, server.url, 'Dee');
    await dee.goto(oneUseUrl);
    await joinPage(dee).getByRole('heading', { name: 'Trail runners' }).waitFor();
    await joinPage(dee).getByText('Sunday long runs').waitFor();
    await joinPage(dee).getByTestId('join-members').filter({ hasText: '2 members' }).waitFor();
    // The heading has focus: a screen reader starts there.
    await dee.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'join-title');
    await screenshot(dee, 'invites-02-join.png');

    await joinPage(dee).getByRole('button', { name: 'Join group' }).click();
    await dee.getByTestId('chat-title').filter({ hasText: 'Trail runners' }).waitFor();
    assert.match(new URL(dee.url()).pathname, /^\/chat\//);
    await dee.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Trail runners/ }).waitFor();
    await dee.getByTestId('peer-presence').filter({ hasText: '3 members' }).waitFor();
    await dee.getByTestId('system-line').filter({ hasText: 'Dee joined the group with an invite link' }).waitFor();

    await send(dee, 'Hi all, Dee here');
    await message(ann, 'Hi all, Dee here').waitFor();
    await message(ben, 'Hi all, Dee here').waitFor();
    await ann.getByTestId('system-line').filter({ hasText: 'Dee joined the group with an invite link' }).waitFor();

    // Ann's panel, still open, shows the link used up (the group changed: the list reloads).
    const row = ann.getByTestId('invite-links').locator('[data-invite-token]').first();
    await row.getByTestId('invite-meta').filter({ hasText: '1 of 1 use' }).waitFor();
    await row.getByTestId('invite-badge').filter({ hasText: 'Used up' }).waitFor();
    await dee.context().close();
  });

  test('Eve, with the link used up, is told so and offered no Join button', async () => {
    const eve = await newPage(browser);
    await register(eve, server.url, 'Eve');
    await eve.goto(oneUseUrl);
    const problem = joinPage(eve).getByTestId('join-problem');
    await problem.getByRole('heading', { name: 'This invite link has been used up' }).waitFor();
    assert.equal(await eve.getByRole('button', { name: 'Join group' }).count(), 0);
    await screenshot(eve, 'invites-03-used-up.png');

    // A link that does not exist.
    await eve.goto(`${server.url}/join/no-such-link`);
    await joinPage(eve).getByRole('heading', { name: 'This invite link does not exist' }).waitFor();
    assert.equal(await eve.getByRole('button', { name: 'Join group' }).count(), 0);
    await joinPage(eve).getByRole('link', { name: 'Back to chats' }).click();
    await eve.waitForURL(`${server.url}/`);
    await joinPage(eve).waitFor({ state: 'detached' });
    await eve.context().close();
  });

  test('signed out, the link waits for the sign-up and opens after it; a member gets "Open chat"', async () => {
    const panel = ann.getByRole('dialog', { name: 'Group info' });
    const row = await createInvite(panel, { expires: 'Never', maxUses: 'No limit' });
    await row.getByTestId('invite-meta').filter({ hasText: '0 uses · never expires' }).waitFor();
    openUrl = (await row.getByTestId('invite-url').textContent()).trim();

    const fay = await newPage(browser);
    await fay.goto(openUrl);
    await fay.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await fay.getByTestId('invite-pending').waitFor();
    await fay.getByRole('link', { name: 'Create an account' }).click();
    await fay.getByLabel('Name').fill('Fay');
    await fay.getByLabel('Email').fill(`fay.${process.pid}@example.com`);
    await fay.getByLabel('Password', { exact: true }).fill('pw-Fay-secret');
    await fay.getByRole('button', { name: 'Create account' }).click();
    await joinPage(fay).getByRole('heading', { name: 'Trail runners' }).waitFor();
    assert.equal(new URL(fay.url()).pathname, new URL(openUrl).pathname);
    await joinPage(fay).getByRole('button', { name: 'Join group' }).click();
    await fay.getByTestId('chat-title').filter({ hasText: 'Trail runners' }).waitFor();
    await fay.context().close();

    // Ann, a member already, follows her own link (in another tab of hers).
    const annTab = await ann.context().newPage();
    await annTab.goto(openUrl);
    await joinPage(annTab).getByTestId('join-member').filter({ hasText: 'You are a member of this group' }).waitFor();
    assert.equal(await annTab.getByRole('button', { name: 'Join group' }).count(), 0);
    await screenshot(annTab, 'invites-04-member.png');
    await joinPage(annTab).getByRole('button', { name: 'Open chat' }).click();
    await annTab.getByTestId('chat-title').filter({ hasText: 'Trail runners' }).waitFor();
    await annTab.close();
    await ann.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('at 375 px, light and dark: the join page and the invite links', async () => {
    // The link without limits: the join page shows "Join group"; the panel, both links.
    const url = openUrl;

    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme });
      await register(page, server.url, `Hal${colorScheme === 'light' ? 'Light' : 'Dark'}`);
      await page.goto(url);
      await joinPage(page).getByRole('button', { name: 'Join group' }).waitFor();
      await screenshot(page, `invites-375-${colorScheme}-join.png`);
      await page.goto(`${server.url}/join/no-such-link`);
      await joinPage(page).getByTestId('join-problem').waitFor();
      await screenshot(page, `invites-375-${colorScheme}-problem.png`);
      await page.context().close();

      const owner = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme });
      await login(owner, server.url, annUser);
      await openChat(owner, 'Trail runners');
      const ownerPanel = await openGroupInfo(owner);
      const invites = ownerPanel.getByTestId('invite-links');
      await invites.getByTestId('invite-badge').filter({ hasText: 'Used up' }).waitFor();
      // The panel's own scroll only (scrollIntoView would scroll the dialog too).
      await invites.evaluate((el) => {
        const body = el.closest('[data-testid="group-info-body"]');
        body.scrollTop += el.getBoundingClientRect().top - body.getBoundingClientRect().top;
      });
      await screenshot(owner, `invites-375-${colorScheme}-panel.png`);
      await owner.context().close();
    }
  });

  test('a revoked link admits nobody; too many links is refused in the panel', async () => {
    const panel = await openGroupInfo(ann);
    const section = panel.getByTestId('invite-links');
    const token = new URL(openUrl).pathname.split('/').pop();
    const row = section.locator(`[data-invite-token="${token}"]`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = ann.getByRole('alertdialog', { name: 'Revoke invite link?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await section.getByRole('heading', { name: 'Invite links' }).and(ann.locator(':focus')).waitFor();

    const gus = await newPage(browser);
    await register(gus, server.url, 'Gus');
    await gus.goto(openUrl);
    await joinPage(gus).getByRole('heading', { name: 'This invite link was revoked' }).waitFor();
    await gus.context().close();

    // As many usable links as a group may have (50), made over REST; the next one is refused.
    const chatId = decodeURIComponent(new URL(ann.url()).pathname.split('/').pop());
    const made = await ann.evaluate(
      async ([base, id]) => {
        const token = localStorage.getItem('parley.token');
        const statuses = [];
        for (let i = 0; i < 50; i++) {
          const res = await fetch(`${base}/api/v1/chats/${id}/invites`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({}),
          });
          statuses.push(res.status);
          if (res.status !== 201) break;
        }
        return statuses;
      },
      [server.url, chatId],
    );
    // The used-up and the revoked links do not count: 50 more were made.
    assert.deepEqual(made, Array(50).fill(201));
    await section.getByRole('button', { name: 'Create invite link' }).click();
    await section.getByRole('alert').filter({ hasText: 'at most 50 usable invite links' }).waitFor();
    await ann.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('opened while the connection is down, the panel lists the links once it is back', async () => {
    await ann.context().setOffline(true);
    await ann.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();
    const panel = await openGroupInfo(ann);
    const section = panel.getByTestId('invite-links');
    await section.getByText('Loading invite links…').waitFor();
    assert.equal(await section.getByRole('alert').count(), 0);
    await ann.context().setOffline(false);
    await section.locator('[data-invite-token]').first().waitFor();
    assert.equal(await section.getByRole('alert').count(), 0);
    await ann.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
