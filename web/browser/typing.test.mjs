// Typing indicators in the browser against the real server: while Alice types to Bob, Bob's
// chat list row says "Alice is typing…" instead of the last message, and so does the chat's
// header when he opens it (with the words in a polite live region); it goes when she sends,
// and when she empties the box. Bob's phone (375 px, dark) sees the same. Screenshots of the
// list row and the header, desktop light and 375 px dark.
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
  startChat,
  startParley,
} from './helpers.mjs';

describe('typing indicators', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let bobUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await startChat(alice, 'Bob');
    await alice.getByLabel('Message', { exact: true }).fill('Hi Bob');
    await alice.getByLabel('Message', { exact: true }).press('Enter');
    await bob.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  const row = (page) => page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Alice/ });

  test('the chat list row and the header say that Alice is typing, until she sends', async () => {
    const box = alice.getByLabel('Message', { exact: true });
    await box.pressSequentially('See you at', { delay: 20 });
    const typing = row(bob).getByTestId('chat-typing');
    await typing.filter({ hasText: 'Alice is typing…' }).waitFor();
    assert.equal(await row(bob).getByTestId('chat-preview').count(), 0, 'the preview makes way');
    await screenshot(bob, 'typing-01-chat-list-desktop-light.png');

    await openChat(bob, 'Alice');
    const header = bob.getByTestId('typing-indicator');
    await header.filter({ hasText: 'Alice is typing…' }).waitFor();
    assert.equal(await bob.getByTestId('typing-announcer').getAttribute('aria-live'), 'polite');
    assert.equal(await bob.getByTestId('typing-announcer').innerText(), 'Alice is typing…');
    await screenshot(bob, 'typing-02-header-desktop-light.png');

    // Alice never sees herself typing.
    assert.equal(await alice.getByTestId('typing-indicator').count(), 0);

    await box.pressSequentially(' noon', { delay: 20 });
    await box.press('Enter');
    await message(bob, 'See you at noon').waitFor();
    await header.waitFor({ state: 'detached' });
    await bob.getByTestId('peer-presence').waitFor();
    assert.equal(await bob.getByTestId('typing-announcer').innerText(), '');
  });

  test('emptying the box stops it, and a phone in dark mode shows the same', async () => {
    const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, bobUser);
    await row(phone).waitFor();

    const box = alice.getByLabel('Message', { exact: true });
    await box.pressSequentially('Actually', { delay: 20 });
    await row(phone).getByTestId('chat-typing').filter({ hasText: 'Alice is typing…' }).waitFor();
    await screenshot(phone, 'typing-03-chat-list-375-dark.png');
    await openChat(phone, 'Alice');
    const header = phone.getByTestId('typing-indicator');
    await header.filter({ hasText: 'Alice is typing…' }).waitFor();
    const box375 = await header.boundingBox();
    assert.ok(box375 && box375.x >= 0 && box375.x + box375.width <= 375, `in view: ${JSON.stringify(box375)}`);
    await screenshot(phone, 'typing-04-header-375-dark.png');

    await box.fill('');
    await header.waitFor({ state: 'detached' });
    await bob.getByTestId('typing-indicator').waitFor({ state: 'detached' });
    await phone.getByTestId('peer-presence').waitFor();
    await phone.context().close();
  });
});
