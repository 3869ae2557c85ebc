// The service worker's push handler in Chromium against the real server: push messages are
// delivered to the worker through the DevTools protocol (ServiceWorker.deliverPushMessage), as
// a push service's would be, and the notifications it shows are read back from its
// registration: the chat's title and text with the count, one per chat (the next replaces the
// one before), a plain notice for a payload without preview or a malformed one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, pageErrors, register, startParley, uniqueEmail, waitUntil } from './helpers.mjs';

const shown = (page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })),
  );

describe('push notifications from the service worker', () => {
  let server;
  let browser;
  let page;
  let deliver;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.context().grantPermissions(['notifications'], { origin: server.url });
    await register(page, server.url, 'Nora Quist', { email: uniqueEmail('nora') });
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await page.context().newCDPSession(page);
    const registrations = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    const registration = await waitUntil(
      () => registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted),
      'the worker registration',
    );
    deliver = (data) =>
      cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: registration.registrationId, data });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('a message shows its chat and text, and the next for that chat replaces it with the count', async () => {
    await deliver(JSON.stringify({ chatId: 'c-1', title: 'Design', body: 'Ann: the mockups are up' }));
    await waitUntil(async () => (await shown(page)).length === 1, 'one notification');
    assert.deepEqual(await shown(page), [{ title: 'Design', body: 'Ann: the mockups are up', tag: 'chat:c-1' }]);
    await deliver(JSON.stringify({ chatId: 'c-1', title: 'Design', body: 'Ben: looks good', count: 2 }));
    await waitUntil(async () => (await shown(page))[0]?.body.startsWith('Ben'), 'the replacement');
    assert.deepEqual(await shown(page), [{ title: 'Design', body: 'Ben: looks good\n2 new messages', tag: 'chat:c-1' }]);
    await deliver(JSON.stringify({ chatId: 'c-2', title: 'Ann Lee', body: 'hi' }));
    await waitUntil(async () => (await shown(page)).length === 2, 'a second chat');
  });

  test('without a preview, or with a payload it cannot read, a plain notice', async () => {
    await deliver(JSON.stringify({ chatId: 'c-3', title: 'Ann Lee', count: 3 }));
    await waitUntil(async () => (await shown(page)).some((n) => n.tag === 'chat:c-3'), 'the notice');
    assert.deepEqual((await shown(page)).find((n) => n.tag === 'chat:c-3'), {
      title: 'Ann Lee',
      body: 'New message\n3 new messages',
      tag: 'chat:c-3',
    });
    await deliver('not json {');
    await waitUntil(async () => (await shown(page)).some((n) => n.tag === 'parley'), 'the plain notice');
    assert.deepEqual((await shown(page)).find((n) => n.tag === 'parley'), { title: 'Parley', body: 'New message', tag: 'parley' });
  });
});
