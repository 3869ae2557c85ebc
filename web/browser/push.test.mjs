// The service worker's push handler in Chromium against the real server: push messages are
// delivered to the worker through the DevTools protocol (ServiceWorker.deliverPushMessage), as
// a push service's would be, and the notifications it shows are read back from its
// registration: the chat's title and text, one per chat, the next replacing the one before and
// counting on ("2 new messages", kept in the notification's data; the server's count when it
// sends one), silently when it follows within seconds and with an alert again after that; a
// mention alerts even then and says so, also in the count; a reaction takes its chat's place
// without counting as a message; the summary after Do not disturb has a tag of its own; a plain
// notice for a payload without preview or a malformed one. A click on a notification (dispatched
// in the worker, where the browser refuses to focus a window without a real click) closes it and
// still has the open page show its chat; the summary's opens its first chat, or the chat list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, pageErrors, register, startChat, startParley, uniqueEmail, waitUntil } from './helpers.mjs';

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
  let deliverUntil;
  /** What the worker logged, and the pushes delivered twice: shown when a test fails. */
  const workerLog = [];
  let worker;

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
    // Delivers a push and waits for what it shows. The DevTools protocol's delivery is
    // occasionally lost on a loaded machine (the worker never hears the push event): a push that
    // shows nothing within a few seconds is delivered once more, as a push service would again.
    deliverUntil = async (data, shows, what) => {
      await deliver(data);
      try {
        return await waitUntil(shows, what, 5000);
      } catch {
        workerLog.push(`delivered again: ${what}`);
        await deliver(data);
        return waitUntil(shows, what);
      }
    };
    page.context().on('serviceworker', (w) => w.on('console', (m) => workerLog.push(m.text())));
    worker = page.context().serviceWorkers()[0] ?? (await page.context().waitForEvent('serviceworker'));
  });

  after(async () => {
    if (workerLog.length > 0) console.log(`service worker:\n${workerLog.join('\n')}`);
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('a message shows its chat and text; the next for that chat replaces it, counting on, silently in a burst', async () => {
    await deliverUntil(JSON.stringify({ chatId: 'c-1', messageId: 'm-1', title: 'Design', body: 'Ann: the mockups are up', at: Date.now() }), async () => (await shown(page)).length === 1, 'one notification');
    assert.deepEqual(await shown(page), [
      { title: 'Design', body: 'Ann: the mockups are up', tag: 'chat:c-1', count: 1, silent: false, renotify: true },
    ]);
    await deliverUntil(JSON.stringify({ chatId: 'c-1', messageId: 'm-2', title: 'Design', body: 'Ben: looks good', at: Date.now() }), async () => (await shown(page))[0]?.body.startsWith('Ben'), 'the replacement');
    assert.deepEqual(await shown(page), [
      { title: 'Design', body: 'Ben: looks good\n2 new messages', tag: 'chat:c-1', count: 2, silent: true, renotify: false },
    ]);
    // The server's count wins over the one kept here.
    await deliverUntil(JSON.stringify({ chatId: 'c-1', messageId: 'm-3', title: 'Design', body: 'Ann: and the icons', count: 7 }), async () => (await shown(page))[0]?.count === 7, 'the server\'s count');
    assert.equal((await shown(page))[0].body, 'Ann: and the icons\n7 new messages');
    await deliverUntil(JSON.stringify({ chatId: 'c-2', messageId: 'm-4', title: 'Ann Lee', body: 'hi' }), async () => (await shown(page)).length === 2, 'a second chat');
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
    await deliverUntil(JSON.stringify({ chatId: 'c-9', messageId: 'm-9', title: 'Ops', body: 'Ann: all green' }), async () => (await ofChat(page, 'c-9'))[0]?.count === 5, 'the count on');
    assert.deepEqual(await ofChat(page, 'c-9'), [
      { title: 'Ops', body: 'Ann: all green\n5 new messages', tag: 'chat:c-9', count: 5, silent: false, renotify: true },
    ]);
  });

  test('a mention alerts within a burst and says so; a reaction does not count as a message; the summary stands apart', async () => {
    await deliverUntil(JSON.stringify({ chatId: 'c-5', messageId: 'm-20', title: 'Design', body: 'Ann: hi', at: Date.now() }), async () => (await ofChat(page, 'c-5')).length === 1, 'the first message');
    await deliverUntil(JSON.stringify({ chatId: 'c-5', messageId: 'm-21', title: 'Design', body: 'Ann: @Nora look', at: Date.now(), mention: true }), async () => (await ofChat(page, 'c-5'))[0]?.count === 2, 'the mention');
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

    await deliverUntil(JSON.stringify({ kind: 'reaction', chatId: 'c-5', messageId: 'm-19', title: 'Design', body: 'Ann reacted 👍 to your message', at: Date.now() }), async () => (await ofChat(page, 'c-5'))[0]?.body.startsWith('Ann reacted'), 'the reaction');
    assert.equal((await ofChat(page, 'c-5'))[0].body, 'Ann reacted 👍 to your message\n2 new messages, 1 mentioning you');
    assert.equal((await ofChat(page, 'c-5'))[0].count, 2);

    const summary = {
      kind: 'summary',
      title: 'While Do not disturb was on',
      body: '7 new messages in Design, Bob and 1 more chat',
      at: Date.now(),
      chats: [{ chatId: 'c-5', count: 4 }],
    };
    await deliverUntil(JSON.stringify(summary), async () => (await shown(page)).some((n) => n.tag === 'parley-summary'), 'the summary');
    const n = (await shown(page)).find((x) => x.tag === 'parley-summary');
    assert.deepEqual({ title: n.title, body: n.body }, { title: summary.title, body: summary.body });
    assert.equal((await ofChat(page, 'c-5')).length, 1);
  });

  test('without a preview, or with a payload it cannot read, a plain notice', async () => {
    await deliverUntil(JSON.stringify({ chatId: 'c-3', messageId: 'm-5', title: 'Ann Lee' }), async () => (await ofChat(page, 'c-3')).length === 1, 'the notice');
    assert.equal((await ofChat(page, 'c-3'))[0].body, 'New message');
    await deliverUntil(JSON.stringify({ chatId: 'c-3', messageId: 'm-6', title: 'Ann Lee' }), async () => (await ofChat(page, 'c-3'))[0]?.count === 2, 'the count');
    assert.equal((await ofChat(page, 'c-3'))[0].body, '2 new messages');
    await deliverUntil('not json {', async () => (await shown(page)).some((n) => n.tag === 'parley'), 'the plain notice');
    const plain = (await shown(page)).find((n) => n.tag === 'parley');
    assert.deepEqual({ title: plain.title, body: plain.body }, { title: 'Parley', body: 'New message' });
  });

  test('a click on a notification closes it and opens its chat in the open page, the summary its first chat or the list', async () => {
    // Ann, and Nora's chat with her; the page back on the chat list.
    const ann = { name: 'Ann Pike', email: uniqueEmail('ann'), password: 'pw-Ann-secret' };
    const registered = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ann),
    });
    assert.equal(registered.status, 201, await registered.text());
    await startChat(page, ann.name);
    const chatId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Chat list' }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);

    /** Clicks the notification tagged `tag` as the browser would: a notificationclick in the worker. */
    const click = (tag) =>
      worker.evaluate(async (t) => {
        const [notification] = await self.registration.getNotifications({ tag: t });
        if (!notification) return false;
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
        return true;
      }, tag);
    const path = () => new URL(page.url()).pathname;

    await deliverUntil(JSON.stringify({ chatId, messageId: 'm-40', title: ann.name, body: 'lunch?', at: Date.now() }), async () => (await ofChat(page, chatId)).length === 1, 'the chat\'s notification');
    assert.equal(await click(`chat:${chatId}`), true);
    await waitUntil(() => path() === `/chat/${chatId}`, 'the page on the chat');
    await page.getByTestId('chat-title').filter({ hasText: ann.name }).waitFor();
    await waitUntil(async () => (await ofChat(page, chatId)).length === 0, 'the notification closed');

    // The summary with no chat: the chat list; the worker closes it (the page closes only chats').
    const summaryShows = (body) => async () => (await shown(page)).some((n) => n.tag === 'parley-summary' && n.body === body);
    await deliverUntil(JSON.stringify({ kind: 'summary', title: 'While Do not disturb was on', body: '2 new messages', at: Date.now(), chats: [] }), summaryShows('2 new messages'), 'the summary');
    assert.equal(await click('parley-summary'), true);
    await waitUntil(() => path() === '/', 'the page on the chat list');
    await waitUntil(async () => !(await shown(page)).some((n) => n.tag === 'parley-summary'), 'the summary closed');

    // The summary with chats: its first.
    await deliverUntil(JSON.stringify({ kind: 'summary', title: 'While Do not disturb was on', body: '3 new messages', at: Date.now(), chats: [{ chatId, count: 3 }] }), summaryShows('3 new messages'), 'the second summary');
    assert.equal(await click('parley-summary'), true);
    await waitUntil(() => path() === `/chat/${chatId}`, 'the page on the summary\'s first chat');
    await waitUntil(async () => !(await shown(page)).some((n) => n.tag === 'parley-summary'), 'the second summary closed');
  });
});
