// Email digests in the browser against the real server and a real SMTP server on loopback
// (smtp-server, its mail parsed with mailparser; both from tests/e2e's packages, which
// scripts/setup.sh installs). Parley runs on a port chosen first, so that its --public_url, and
// with it the links it emails, is its own address; a minute of the digests' delay lasts 100 ms.
// Ben Okafor asks for the link in the Notifications dialog ("We sent a link to …"), the link
// from the mail opened in another tab says his address is verified and the dialog shows the
// digests' switch at once; he chooses 5 minutes and leaves. Ann Weber writes to him; the digest
// comes, and its unsubscribe link, opened in a browser with no session (a mail app's), changes
// nothing until "Stop email digests" is pressed; then the settings say email is off, in the
// dialog too. A link that is not valid says so. The dialog's section and both pages pass axe,
// and are screenshotted at 1280 and 375 px in both themes (SCREENSHOT_DIR, email-*.png).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, newPage, pageErrors, register, restAs, screenshot, send, startChat, startParley, uniqueEmail, waitUntil,
} from './helpers.mjs';

const e2ePackages = createRequire(new URL('../../tests/e2e/package.json', import.meta.url));
const { SMTPServer } = e2ePackages('smtp-server');
const { simpleParser } = e2ePackages('mailparser');

const VIEWS = [
  { suffix: '1280-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { suffix: '1280-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  { suffix: '375-light', viewport: { width: 375, height: 740 }, colorScheme: 'light' },
  { suffix: '375-dark', viewport: { width: 375, height: 740 }, colorScheme: 'dark' },
];

/** A loopback port free now (Parley is started on it, its public URL known before it starts). */
async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The link to `path` ("/verify-email") in a mail's text. */
function linkIn(mail, base, path) {
  const found = mail.text.match(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${path}\\?token=[^\\s"<>]+`));
  assert.ok(found, `no ${path} link in:\n${mail.text}`);
  return found[0];
}

async function openDialog(page) {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Notifications' }).click();
  const dialog = page.getByTestId('notifications-dialog');
  await dialog.getByTestId('email-settings').waitFor();
  return dialog;
}

/** Screenshots and audits `page` as it is, in each view (each a viewport and a colour scheme); `ready` runs after each switch. */
async function everyView(page, name, ready = async () => undefined) {
  for (const view of VIEWS) {
    await page.setViewportSize(view.viewport);
    await page.emulateMedia({ colorScheme: view.colorScheme });
    await ready();
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await screenshot(page, `email-${name}-${view.suffix}.png`);
    assert.deepEqual(await audit(page), [], `${name} at ${view.suffix}`);
  }
  await page.setViewportSize(VIEWS[0].viewport);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('email digests', () => {
  const inbox = [];
  let smtp;
  let server;
  let browser;
  let ben;
  let benUser;
  let verifyLink;

  /** The mails to `address` once there are `count` of them. */
  const mailsTo = (address, count) =>
    waitUntil(() => {
      const got = inbox.filter((m) => m.to.includes(address));
      return got.length >= count && got;
    }, `${count} mails to ${address}`);

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        simpleParser(stream).then((mail) => {
          inbox.push({ mail, to: session.envelope.rcptTo.map((r) => r.address) });
          done();
        }, done);
      },
    });
    await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    server = await startParley({
      port,
      args: [
        '--smtp_url', `smtp://127.0.0.1:${smtp.server.address().port}`,
        '--smtp_from', 'Parley <chat@parley.test>',
        '--public_url', `http://127.0.0.1:${port}`,
        '--email_minute_ms', '100',
        '--job_poll_ms', '50',
      ],
    });
    browser = await launchBrowser();
    ben = await newPage(browser);
    benUser = await register(ben, server.url, 'Ben Okafor', { email: uniqueEmail('ben') });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => (smtp ? smtp.close(resolve) : resolve()));
    assert.deepEqual(pageErrors, []);
  });

  test('Verify address emails a link; opened in another tab, it verifies and the dialog shows the switch', async () => {
    const dialog = await openDialog(ben);
    const section = dialog.getByTestId('email-settings');
    await section.getByText(benUser.email, { exact: true }).waitFor();
    await section.getByText('Not verified', { exact: true }).waitFor();
    assert.equal(await section.getByRole('switch').count(), 0);

    await section.getByRole('button', { name: 'Verify address' }).click();
    await section.getByRole('status').filter({ hasText: `We sent a link to ${benUser.email}.` }).waitFor();
    const [mail] = await mailsTo(benUser.email, 1);
    assert.equal(mail.mail.subject, 'Verify your email address for Parley');
    verifyLink = linkIn(mail.mail, server.url, '/verify-email');
    await everyView(ben, 'settings-link-sent', () => section.scrollIntoViewIfNeeded());

    const tab = await ben.context().newPage();
    await tab.goto(verifyLink);
    await tab.getByTestId('verify-email-result').filter({ hasText: `Your address ${benUser.email} is verified.` }).waitFor();
    // The dialog left open in the first tab follows (notifications:updated).
    const digests = section.getByRole('switch', { name: 'Email me about unread messages' });
    await digests.waitFor();
    assert.equal(await digests.getAttribute('aria-checked'), 'true');
    await section.getByText('Verified', { exact: true }).waitFor();
    // Signed in, "Open Parley" is the chats.
    await tab.getByRole('link', { name: 'Open Parley' }).click();
    await tab.getByTestId('me-name').filter({ hasText: 'Ben Okafor' }).waitFor();
    await tab.close();
  });

  test('the delay is chosen in the dialog; what stays unread comes as a digest with an unsubscribe link', async () => {
    const dialog = ben.getByTestId('notifications-dialog');
    const section = dialog.getByTestId('email-settings');
    await section.getByLabel('Email after a message is unread for').selectOption({ label: '5 minutes' });
    await dialog.getByTestId('notifications-status').filter({ hasText: 'Saved.' }).waitFor();
    const { body } = await restAs(ben, server.url, '/api/v1/me/notifications');
    assert.deepEqual(
      { email: body.email, emailDelayMinutes: body.emailDelayMinutes, emailVerified: body.emailVerified, emailAddress: body.emailAddress },
      { email: true, emailDelayMinutes: 5, emailVerified: true, emailAddress: benUser.email },
    );
    await everyView(ben, 'settings-verified', () => section.scrollIntoViewIfNeeded());
    // Ben leaves: nothing of his reads what comes now.
    await ben.context().close();

    const ann = await newPage(browser);
    await register(ann, server.url, 'Ann Weber', { email: uniqueEmail('ann') });
    await startChat(ann, 'Ben Okafor');
    await send(ann, 'Lunch at noon tomorrow?');
    const [, digest] = await mailsTo(benUser.email, 2);
    assert.equal(digest.mail.subject, '1 unread message in Ann Weber');
    assert.match(digest.mail.text, /Ann Weber: Lunch at noon tomorrow\?/);
    assert.ok(digest.mail.headerLines.some((h) => h.key === 'list-unsubscribe-post'), 'the one-click header');
    const unsubscribe = linkIn(digest.mail, server.url, '/unsubscribe');

    // Opened where no one is signed in, as from a mail app: it asks, and asking changes nothing.
    const reader = await newPage(browser);
    await reader.goto(unsubscribe);
    await reader.getByRole('heading', { level: 1, name: 'Stop email digests?' }).waitFor();
    assert.equal(new URL(reader.url()).pathname, '/unsubscribe');
    await everyView(reader, 'unsubscribe-asking');
    await reader.reload();
    await reader.getByRole('button', { name: 'Stop email digests' }).waitFor();
    const still = await newPage(browser);
    await login(still, server.url, benUser);
    assert.equal((await restAs(still, server.url, '/api/v1/me/notifications')).body.email, true);

    await reader.getByRole('button', { name: 'Stop email digests' }).click();
    await reader.getByTestId('unsubscribe-result').filter({ hasText: 'Parley will not email you about unread messages any more.' }).waitFor();
    await everyView(reader, 'unsubscribe-stopped');
    assert.equal((await restAs(still, server.url, '/api/v1/me/notifications')).body.email, false);
    const dialog2 = await openDialog(still);
    const digests = dialog2.getByRole('switch', { name: 'Email me about unread messages' });
    await waitUntil(async () => (await digests.getAttribute('aria-checked')) === 'false', 'the switch off');
    assert.equal(await dialog2.getByLabel('Email after a message is unread for').isDisabled(), true);

    // Signed out, "Open Parley" is the sign-in page.
    await reader.getByRole('link', { name: 'Open Parley' }).click();
    await reader.getByRole('button', { name: 'Sign in' }).waitFor();
    await reader.context().close();
    await still.context().close();
    await ann.context().close();
  });

  test('the verify page, signed out: the address verified, or a link that is not valid', async () => {
    const page = await newPage(browser);
    await page.goto(verifyLink);
    await page.getByTestId('verify-email-result').filter({ hasText: `Your address ${benUser.email} is verified.` }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/verify-email');
    await everyView(page, 'verified');

    const token = new URL(verifyLink).searchParams.get('token');
    await page.goto(`${server.url}/verify-email?token=${encodeURIComponent(`${token}x`)}`);
    await page.getByTestId('verify-email-error').filter({ hasText: 'This link is not valid or has expired; ask for a new one' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'This link did not work' }).waitFor();
    await everyView(page, 'verify-failed');
    await page.getByRole('link', { name: 'Back to Parley' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });
});
