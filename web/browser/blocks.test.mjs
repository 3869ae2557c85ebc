// Blocking in the browser against the real server. Alice and Bob have a private chat; Alice's
// phone (375 px, dark theme) is signed in too:
//  - Alice blocks Bob from the chat's contact info (asked first): her message box gives way to
//    "You blocked Bob." with Unblock, on her phone too (blocks:updated), and neither sees the
//    other's presence any longer;
//  - Bob's message fails with the server's words, "You cannot send messages to this person", and
//    is not sent again;
//  - "Blocked people" in Alice's Privacy dialog lists Bob; Unblock there brings her message box
//    back, and Bob's Retry and new messages reach her;
//  - in a group with Carol, Alice blocks Carol from a message's menu ("Block sender"): Carol's
//    messages fold into "Message from a blocked user — Show", Show (from the keyboard) unfolds
//    one; a private chat with Carol shows the blocked bar;
//  - the folded rows, the bar, the dialogs and the list on the phone in the dark theme, with
//    axe-core finding nothing serious (screenshots).
// Nothing waits by sleeping: each "never" is checked once a later event has arrived.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit,
  launchBrowser,
  login,
  message,
  newPage,
  openChat,
  openMessageMenu,
  pageErrors,
  register,
  restAs,
  screenshot,
  send,
  startChat,
  startParley,
} from './helpers.mjs';

const GROUP = 'Trio';
const BLOCKED_TEXT = 'You cannot send messages to this person';

describe('blocking people', () => {
  let server;
  let browser;
  let alice;
  let bob;
  let carol;
  let phone;
  let bobUser;
  let chatId;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    alice = await newPage(browser);
    bob = await newPage(browser);
    carol = await newPage(browser);
    const aliceUser = await register(alice, server.url, 'Alice');
    bobUser = await register(bob, server.url, 'Bob');
    await register(carol, server.url, 'Carol');
    await startChat(alice, 'Bob');
    chatId = decodeURIComponent(new URL(alice.url()).pathname.split('/').pop());
    await send(alice, 'Hi Bob');
    await openChat(bob, 'Alice');
    await message(bob, 'Hi Bob').waitFor();
    phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, aliceUser);
    await openChat(phone, 'Bob');
    await phone.getByLabel('Message', { exact: true }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const presenceIs = (page, text) =>
    page.waitForFunction((t) => document.querySelector('[data-testid="peer-presence"]')?.textContent === t, text);
  const bar = (page) => page.getByTestId('blocked-bar');

  /** Opens Alice's Privacy dialog (on `page`) at its "Blocked people", loaded. */
  async function openBlocked(page = alice) {
    await page.getByRole('button', { name: 'Account and settings' }).click();
    await page.getByRole('menuitem', { name: 'Privacy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Privacy' });
    const section = dialog.getByRole('region', { name: /^Blocked people/ });
    await section.getByText(/You haven't blocked anyone\.|Unblock/).first().waitFor();
    return { dialog, section };
  }

  async function closeDialog(dialog) {
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });
  }

  test('Alice blocks Bob from the chat\'s contact info: the message box gives way to the blocked bar', async () => {
    await presenceIs(alice, 'online');
    await presenceIs(bob, 'online');
    await alice.getByRole('button', { name: 'Contact info' }).click();
    const info = alice.getByRole('dialog', { name: 'Contact info' });
    await info.getByText(bobUser.email).waitFor();
    await info.getByRole('button', { name: 'Block Bob' }).click();

    const ask = alice.getByRole('alertdialog', { name: 'Block Bob?' });
    await ask.getByText('They will not be able to message you or see when you are online.').waitFor();
    assert.equal(await alice.evaluate(() => document.activeElement?.textContent), 'Cancel', 'Cancel has focus first');
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'blocks-01-confirm.png');
    await ask.getByRole('button', { name: 'Block', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await info.getByText('You blocked Bob.').waitFor();
    await info.getByRole('button', { name: 'Unblock Bob' }).waitFor();
    await closeDialog(info);

    await bar(alice).getByText('You blocked Bob.').waitFor();
    await bar(alice).getByRole('button', { name: 'Unblock' }).waitFor();
    assert.equal(await alice.getByLabel('Message', { exact: true }).count(), 0);
    const stored = (await restAs(alice, server.url, '/api/v1/me/blocks')).body;
    assert.deepEqual(stored.blocks.map((b) => b.user.name), ['Bob']);

    // Her phone hears of it (blocks:updated) while the chat is open there.
    await bar(phone).getByText('You blocked Bob.').waitFor();
    assert.equal(await phone.getByLabel('Message', { exact: true }).count(), 0);
    // Neither sees the other's presence.
    await presenceIs(alice, '');
    await presenceIs(bob, '');
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'blocks-02-bar.png');
  });

  test('Bob\'s message fails with "You cannot send messages to this person" and is not sent again', async () => {
    await send(bob, 'Are you there?');
    const failed = message(bob, 'Are you there?');
    await failed.getByText(`Not sent: ${BLOCKED_TEXT}`).waitFor();
    await failed.getByRole('button', { name: 'Retry' }).waitFor();
    // Bob can still write (the server decides); the box is his as before.
    await bob.getByLabel('Message', { exact: true }).waitFor();
    // The server kept nothing, and Bob's outbox is empty (nothing retried behind the scenes).
    const held = (await restAs(alice, server.url, `/api/v1/chats/${encodeURIComponent(chatId)}/messages`)).body;
    assert.deepEqual(held.map((m) => m.content), ['Hi Bob']);
    const outbox = await bob.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('parley.outbox.'))
        .flatMap((k) => JSON.parse(localStorage.getItem(k) ?? '[]')),
    );
    assert.deepEqual(outbox, []);
    assert.equal(await message(alice, 'Are you there?').count(), 0);
  });

  test('"Blocked people" lists Bob; Unblock there brings the message box back, and Bob\'s messages arrive', async () => {
    const { dialog, section } = await openBlocked();
    const row = section.getByRole('listitem').filter({ hasText: 'Bob' });
    await row.getByText(bobUser.email, { exact: false }).waitFor();
    await row.getByText(/^Blocked /).waitFor();
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'blocks-03-list.png');
    await row.getByRole('button', { name: 'Unblock Bob' }).click();
    await section.getByText("You haven't blocked anyone.").waitFor();
    await closeDialog(dialog);

    await alice.getByLabel('Message', { exact: true }).waitFor();
    assert.equal(await bar(alice).count(), 0);
    await phone.getByLabel('Message', { exact: true }).waitFor();
    await presenceIs(alice, 'online');

    // Bob retries the refused message, then writes another: both reach Alice.
    await message(bob, 'Are you there?').getByRole('button', { name: 'Retry' }).click();
    await message(alice, 'Are you there?').waitFor();
    await send(bob, 'Back again');
    await message(alice, 'Back again').waitFor();
    assert.equal(await message(bob, 'Are you there?').getByText(/^Not sent/).count(), 0);
    // And Alice can write to him.
    await send(alice, 'Welcome back');
    await message(bob, 'Welcome back').waitFor();
  });

  test('in a group, Carol\'s messages fold away once Alice blocks her from a message\'s menu; Show unfolds one', async () => {
    await alice.getByRole('button', { name: 'New group' }).click();
    const create = alice.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill(GROUP);
    for (const name of ['Bob', 'Carol']) {
      await create.getByLabel('Search people to add').fill(name);
      await create.getByRole('checkbox', { name }).check();
    }
    await create.getByRole('button', { name: 'Create group' }).click();
    await create.waitFor({ state: 'detached' });
    await alice.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    await openChat(carol, GROUP);
    await openChat(bob, GROUP);
    await send(carol, 'Carol here');
    await message(alice, 'Carol here').waitFor();

    const menu = await openMessageMenu(alice, 'Carol here');
    await menu.getByRole('menuitem', { name: 'Block sender' }).click();
    const ask = alice.getByRole('alertdialog', { name: 'Block Carol?' });
    await ask.getByRole('button', { name: 'Block', exact: true }).click();
    await ask.waitFor({ state: 'detached' });

    const folded = alice.getByTestId('folded-message');
    await folded.first().waitFor();
    assert.equal(await message(alice, 'Carol here').count(), 0);
    assert.match(await folded.first().innerText(), /^Message from a blocked user\s+—\s+Show$/);
    await send(carol, 'Second from Carol');
    await send(bob, 'Bob here');
    await message(alice, 'Bob here').waitFor();
    assert.equal(await folded.count(), 2);
    assert.equal(await message(alice, 'Second from Carol').count(), 0);

    // From the keyboard: Enter on Show unfolds, and focus lands on the message.
    const show = folded.first().getByRole('button', { name: 'Show message from a blocked user' });
    await show.focus();
    await alice.keyboard.press('Enter');
    await message(alice, 'Carol here').waitFor();
    assert.equal(await folded.count(), 1);
    assert.equal(
      await alice.evaluate(() => document.activeElement?.closest('li[data-message-id]')?.textContent?.includes('Carol here') ?? false),
      true,
      'focus on the message shown',
    );
    // The shown message's menu offers to unblock its sender.
    const again = await openMessageMenu(alice, 'Carol here');
    await again.getByRole('menuitem', { name: 'Unblock sender' }).waitFor();
    await alice.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
    assert.deepEqual(await audit(alice), []);
    await screenshot(alice, 'blocks-04-group.png');

    // Carol is told nothing; her messages went to the group.
    assert.equal(await carol.getByText(/Not sent/).count(), 0);
  });

  test('on a 375 px phone in the dark theme: folded rows, the blocked bar and the list fit', async () => {
    const fits = async (el) => {
      const b = await el.boundingBox();
      assert.ok(b && b.x >= 0 && b.x + b.width <= 375 + 0.5, `in view: ${JSON.stringify(b)}`);
    };
    await phone.getByRole('button', { name: 'Back to chats' }).click();
    await openChat(phone, GROUP);
    const folded = phone.getByTestId('folded-message');
    await folded.first().waitFor();
    assert.equal(await folded.count(), 2, 'this view shows none unfolded');
    await fits(folded.first());
    const showBox = await folded.first().getByRole('button', { name: 'Show message from a blocked user' }).boundingBox();
    assert.ok(showBox && showBox.width >= 44 && showBox.height >= 44, `Show is 44 × 44 px to tap: ${JSON.stringify(showBox)}`);
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'blocks-05-group-375-dark.png');

    // A private chat with Carol: the blocked bar.
    await phone.getByRole('button', { name: 'Back to chats' }).click();
    await startChat(phone, 'Carol');
    await bar(phone).getByText('You blocked Carol.').waitFor();
    await fits(bar(phone));
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'blocks-06-bar-375-dark.png');

    await phone.getByRole('button', { name: 'Back to chats' }).click();
    const { dialog, section } = await openBlocked(phone);
    await section.getByRole('button', { name: 'Unblock Carol' }).scrollIntoViewIfNeeded();
    await fits(dialog);
    await fits(section.getByRole('listitem').first());
    assert.deepEqual(await audit(phone), []);
    await screenshot(phone, 'blocks-07-list-375-dark.png');
    await section.getByRole('button', { name: 'Unblock Carol' }).click();
    await section.getByText("You haven't blocked anyone.").waitFor();
    await closeDialog(dialog);
    await openChat(phone, 'Carol');
    await phone.getByLabel('Message', { exact: true }).waitFor();
    // Unblocked on the phone: the desktop's group unfolds.
    await message(alice, 'Second from Carol').waitFor();
    assert.equal(await alice.getByTestId('folded-message').count(), 0);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
