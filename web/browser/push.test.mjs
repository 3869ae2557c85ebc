// The service worker's push handler in Chromium against the real server: push messages are
// delivered to the worker through the DevTools protocol (ServiceWorker.deliverPushMessage), as
// a push service's would be, and the notifications it shows are read back from its
// registration: the chat's title and text, one per chat, the next replacing the one before and
// counting on ("2 new messages", kept in the notification's data; the server's count when it
// sends one), silently when it follows within seconds and with an alert again after that; a
// mention alerts even then and says so, also in the count; a reaction takes its chat's place
// without counting as a message; the summary after Do not disturb has a tag of its own; a plain
// notice for a payload without preview or a malformed one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, pageErrors, register, startParley, uniqueEmail, waitUntil } from './helpers.mjs';

const shown = (page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      count: n.data?.count,
      ...(n.data?.mentions ? { mentions: n.data.mentions } : {}),
      silent: n.silent,
      renotify: n.renotify,
    })),
  );
const ofChat = async (page, chatId) => (await shown(page)).filter((n) => n.tag === `chat:${chatId}`);

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

  test('a message shows its chat and text; the next for that chat replaces it, counting on, silently in a burst', async () => {
    await deliver(JSON.stringify({ chatId: 'c-1', messageId: 'm-1', title: 'Design', body: 'Ann: the mockups are up', at: Date.now() }));
    await waitUntil(async () => (await shown(page)).length === 1, 'one notification');
    assert.deepEqual(await shown(page), [
      { title: 'Design', body: 'Ann: the mockups are up', tag: 'chat:c-1', count: 1, silent: false, renotify: true },
    ]);
    await deliver(JSON.stringify({ chatId: 'c-1', messageId: 'm-2', title: 'Design', body: 'Ben: looks good', at: Date.now() }));
    await waitUntil(async () => (await shown(page))[0]?.body.startsWith('Ben'), 'the replacement');
    assert.deepEqual(await shown(page), [
      { title: 'Design', body: 'Ben: looks good\n2 new messages', tag: 'chat:c-1', count: 2, silent: true, renotify: false },
    ]);
    // The server's count wins over the one kept here.
    await deliver(JSON.stringify({ chatId: 'c-1', messageId: 'm-3', title: 'Design', body: 'Ann: and the icons', count: 7 }));
    await waitUntil(async () => (await shown(page))[0]?.count === 7, 'the server\'s count');
    assert.equal((await shown(page))[0].body, 'Ann: and the icons\n7 new messages');
    await deliver(JSON.stringify({ chatId: 'c-2', messageId: 'm-4', title: 'Ann Lee', body: 'hi' }));
    await waitUntil(async () => (await shown(page)).length === 2, 'a second chat');
  });

  test('after a quiet while, the next message alerts again', async () => {
    // A notification of this chat shown a minute ago (as the worker keeps it), then a push.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.showNotification('Ops', {
        body: 'Ann: deploy done',
        tag: 'chat:c-9',
        data: { chatId: 'c-9', count: 4, shownAt: Date.now() - 60000 },
      });
    });
    await waitUntil(async () => (await ofChat(page, 'c-9')).length === 1, 'the older notification');
    await deliver(JSON.stringify({ chatId: 'c-9', messageId: 'm-9', title: 'Ops', body: 'Ann: all green' }));
    await waitUntil(async () => (await ofChat(page, 'c-9'))[0]?.count === 5, 'the count on');
    assert.deepEqual(await ofChat(page, 'c-9'), [
      { title: 'Ops', body: 'Ann: all green\n5 new messages', tag: 'chat:c-9', count: 5, silent: false, renotify: true },
    ]);
  });

  test('a mention alerts within a burst and says so; a reaction does not count as a message; the summary stands apart', async () => {
    await deliver(JSON.stringify({ chatId: 'c-5', messageId: 'm-20', title: 'Design', body: 'Ann: hi', at: Date.now() }));
    await waitUntil(async () => (await ofChat(page, 'c-5')).length === 1, 'the first message');
    await deliver(JSON.stringify({ chatId: 'c-5', messageId: 'm-21', title: 'Design', body: 'Ann: @Nora look', at: Date.now(), mention: true }));
    await waitUntil(async () => (await ofChat(page, 'c-5'))[0]?.count === 2, 'the mention');
    assert.deepEqual(await ofChat(page, 'c-5'), [
      {
        title: 'Design',
        body: 'Mentions you · Ann: @Nora look\n2 new messages, 1 mentioning you',
        tag: 'chat:c-5',
        count: 2,
        mentions: 1,
        silent: false,
        renotify: true,
      },
    ]);

    await deliver(JSON.stringify({ kind: 'reaction', chatId: 'c-5', messageId: 'm-19', title: 'Design', body: 'Ann reacted 👍 to your message', at: Date.now() }));
    await waitUntil(async () => (await ofChat(page, 'c-5'))[0]?.body.startsWith('Ann reacted'), 'the reaction');
    assert.equal((await ofChat(page, 'c-5'))[0].body, 'Ann reacted 👍 to your message\n2 new messages, 1 mentioning you');
    assert.equal((await ofChat(page, 'c-5'))[0].count, 2);

    const summary = {
      kind: 'summary',
      title: 'While Do not disturb was on',
      body: '7 new messages in Design, Bob and 1 more chat',
      at: Date.now(),
      chats: [{ chatId: 'c-5', count: 4 }],
    };
    await deliver(JSON.stringify(summary));
    await waitUntil(async () => (await shown(page)).some((n) => n.tag === 'parley-summary'), 'the summary');
    const n = (await shown(page)).find((x) => x.tag === 'parley-summary');
    assert.deepEqual({ title: n.title, body: n.body }, { title: summary.title, body: summary.body });
    assert.equal((await ofChat(page, 'c-5')).length, 1);
  });

  test('without a preview, or with a payload it cannot read, a plain notice', async () => {
    await deliver(JSON.stringify({ chatId: 'c-3', messageId: 'm-5', title: 'Ann Lee' }));
    await waitUntil(async () => (await ofChat(page, 'c-3')).length === 1, 'the notice');
    assert.equal((await ofChat(page, 'c-3'))[0].body, 'New message');
    await deliver(JSON.stringify({ chatId: 'c-3', messageId: 'm-6', title: 'Ann Lee' }));
    await waitUntil(async () => (await ofChat(page, 'c-3'))[0]?.count === 2, 'the count');
    assert.equal((await ofChat(page, 'c-3'))[0].body, '2 new messages');
    await deliver('not json {');
    await waitUntil(async () => (await shown(page)).some((n) => n.tag === 'parley'), 'the plain notice');
    const plain = (await shown(page)).find((n) => n.tag === 'parley');
    assert.deepEqual({ title: plain.title, body: plain.body }, { title: 'Parley', body: 'New message' });
  });
});
