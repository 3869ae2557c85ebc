// Messages after they are sent, end to end in a real browser: Ann and Bob in a private chat,
// Bob also on a second device. Ann edits (from the menu, and with the Up key) and Bob sees the
// new text, the "edited" label and both versions in the history; Ann deletes for everyone and
// Bob sees the tombstone; Bob deletes for himself and the message goes from his devices only;
// Bob's second device, offline while Ann edits and deletes, shows both once back, without a
// reload (the change feed); a selection of two is deleted at once. Screenshots of the chat, the
// delete dialog and the history dialog in both themes at desktop width and at 375 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  message,
  messageAction,
  newPage,
  openChat,
  pageErrors,
  register,
  screenshot,
  send,
  startChat,
  startParley,
} from './helpers.mjs';

/** The row of the message with this id. */
const row = (page, id) => page.locator(`li[data-message-id="${id}"]`);
/** The tombstone in the place of the message with this id. */
const tombstone = (page, id) => page.locator(`li[data-message-id="${id}"][data-deleted="true"]`);
const messageBox = (page) => page.getByLabel('Message', { exact: true });
const preview = (page, name) =>
  page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${name}`) }).getByTestId('chat-preview');

/** The id of the message with this text, once the server has it (not the one it has while sending). */
async function idOf(page, text) {
  const m = message(page, text);
  await m.and(page.locator('li:not([data-status="PENDING"])')).waitFor();
  return m.getAttribute('data-message-id');
}

/** Runs "Delete" from the message's menu and picks `choice` in the dialog. */
async function deleteMessage(page, text, choice) {
  await messageAction(page, text, 'Delete');
  const dialog = page.getByRole('alertdialog', { name: 'Delete message?' });
  await dialog.getByRole('button', { name: choice, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('editing and deleting messages in the browser', () => {
  let server;
  let browser;
  let ann;
  let bob;
  /** Bob's second device. */
  let bob2;
  let bobUser;
  let annUser;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    ann = await newPage(browser);
    bob = await newPage(browser);
    bob2 = await newPage(browser);
    annUser = await register(ann, server.url, 'Ann');
    bobUser = await register(bob, server.url, 'Bob');
    await login(bob2, server.url, bobUser);
    await startChat(ann, 'Bob');
    for (const text of ['Meet at 10', 'Bring the maps', 'The secret plan', 'See you there, tmorrow']) await send(ann, text);
    for (const page of [bob, bob2]) {
      await openChat(page, 'Ann');
      await message(page, 'See you there, tmorrow').waitFor();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Ann edits from the menu: Bob sees the new text, "edited", and both versions', async () => {
    await messageAction(ann, 'Meet at 10', 'Edit');
    const banner = ann.getByTestId('editing-banner');
    await banner.getByText('Editing message').waitFor();
    assert.equal(await banner.getByTestId('editing-original').innerText(), 'Meet at 10');
    assert.equal(await messageBox(ann).inputValue(), 'Meet at 10');
    await messageBox(ann).fill('Meet at 11');
    await messageBox(ann).press('Enter');
    await banner.waitFor({ state: 'detached' });
    await message(ann, 'Meet at 11').getByTestId('edited-label').waitFor();
    assert.equal(await messageBox(ann).inputValue(), '', 'the box is empty again');

    const edited = message(bob, 'Meet at 11');
    await edited.getByTestId('edited-label').waitFor();
    assert.equal(await message(bob, 'Meet at 10').count(), 0);
    await edited.getByTestId('edited-label').click();
    const history = bob.getByRole('dialog', { name: 'Edit history' });
    await history.getByTestId('version').nth(1).waitFor();
    assert.deepEqual(await history.getByTestId('version-text').allInnerTexts(), ['Meet at 10', 'Meet at 11']);
    await history.getByText('Original').waitFor();
    await history.getByText('Current').waitFor();
    await screenshot(bob, 'lifecycle-01-history.png');
    await bob.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
  });

  test('the Up key in the empty box edits Ann\'s last message; Esc cancels', async () => {
    await messageBox(ann).focus();
    await ann.keyboard.press('ArrowUp');
    await ann.getByTestId('editing-banner').getByText('See you there, tmorrow').waitFor();
    await ann.keyboard.press('Escape');
    await ann.getByTestId('editing-banner').waitFor({ state: 'detached' });
    assert.equal(await messageBox(ann).inputValue(), '');

    await ann.keyboard.press('ArrowUp');
    assert.equal(await messageBox(ann).inputValue(), 'See you there, tmorrow');
    await messageBox(ann).fill('See you there, tomorrow');
    await ann.keyboard.press('Enter');
    await message(bob, 'See you there, tomorrow').getByTestId('edited-label').waitFor();
    // Bob's chat list follows the edit of the last message.
    await preview(bob, 'Ann').filter({ hasText: 'See you there, tomorrow' }).waitFor();
    // "Edit history" in the menu shows the same as the label.
    await messageAction(bob, 'See you there, tomorrow', 'Edit history');
    const history = bob.getByRole('dialog', { name: 'Edit history' });
    await history.getByTestId('version').nth(1).waitFor();
    assert.deepEqual(await history.getByTestId('version-text').allInnerTexts(), ['See you there, tmorrow', 'See you there, tomorrow']);
    await bob.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
  });

  test('Ann deletes for everyone: a tombstone in its place for both', async () => {
    const id = await idOf(ann, 'The secret plan');
    await messageAction(ann, 'The secret plan', 'Delete');
    const dialog = ann.getByRole('alertdialog', { name: 'Delete message?' });
    await dialog.getByRole('button', { name: 'Delete for everyone' }).waitFor();
    await dialog.getByRole('button', { name: 'Delete for me' }).waitFor();
    await screenshot(ann, 'lifecycle-02-delete-dialog.png');
    await dialog.getByRole('button', { name: 'Delete for everyone' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tombstone(ann, id).getByText('You deleted this message').waitFor();
    for (const page of [bob, bob2]) {
      await tombstone(page, id).getByText('This message was deleted').waitFor();
      assert.equal(await message(page, 'The secret plan').count(), 0);
    }
    // A tombstone's menu has only "Delete" (for oneself).
    await tombstone(bob, id).locator('[data-bubble]').click({ button: 'right' });
    const menu = bob.getByRole('menu', { name: 'Message actions' });
    assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(), ['Delete']);
    await bob.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await screenshot(bob, 'lifecycle-03-tombstone.png');
  });

  test('Bob deletes for himself: gone from his devices, still there for Ann', async () => {
    const id = await idOf(bob, 'Bring the maps');
    await messageAction(bob, 'Bring the maps', 'Delete');
    const dialog = bob.getByRole('alertdialog', { name: 'Delete message?' });
    await dialog.getByRole('button', { name: 'Delete for me' }).waitFor();
    // Ann's message: Bob may not delete it for everyone.
    assert.equal(await dialog.getByRole('button', { name: 'Delete for everyone' }).count(), 0);
    await dialog.getByRole('button', { name: 'Delete for me' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(bob, id).waitFor({ state: 'detached' });
    await row(bob2, id).waitFor({ state: 'detached' });
    await message(ann, 'Bring the maps').waitFor();
    assert.equal(await row(ann, id).getAttribute('data-deleted'), null);
  });

  test('Bob\'s second device, offline meanwhile, shows the edit and the tombstone once back, without a reload', async () => {
    const editedId = await idOf(ann, 'Meet at 11');
    const deletedId = await idOf(ann, 'Bring the maps');
    await bob2.evaluate(() => {
      window.notReloaded = true;
    });
    // What the second device asks for once back: the change feed from the changeSeq it holds.
    const feed = [];
    bob2.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const text = String(f.payload);
        if (text.includes('"chat:changes"')) feed.push(text);
      }),
    );
    await bob2.context().setOffline(true);
    await bob2.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();

    await messageAction(ann, 'Meet at 11', 'Edit');
    await messageBox(ann).fill('Meet at noon');
    await messageBox(ann).press('Enter');
    await deleteMessage(ann, 'Bring the maps', 'Delete for everyone');
    // Bob's first device hears it live (the message he hid stays hidden).
    await message(bob, 'Meet at noon').waitFor();
    assert.equal(await row(bob, deletedId).count(), 0);
    // The second one, offline, still shows the old text.
    await message(bob2, 'Meet at 11').waitFor();

    await bob2.context().setOffline(false);
    await bob2.locator('[data-connection="connected"]').waitFor({ timeout: 30000 });
    await row(bob2, editedId).getByTestId('message-text').getByText('Meet at noon', { exact: true }).waitFor();
    await row(bob2, editedId).getByTestId('edited-label').waitFor();
    assert.equal(await message(bob2, 'Meet at 11').count(), 0);
    // Bob had hidden it: it stays hidden, no tombstone either.
    assert.equal(await row(bob2, deletedId).count(), 0);
    assert.equal(await bob2.evaluate(() => window.notReloaded), true, 'no reload');
    assert.ok(feed.length >= 1, 'the change feed was read');
  });

  test('a second offline round: an edit and a deletion of messages Bob still sees', async () => {
    await send(ann, 'Shall we take the train?');
    await send(ann, 'Or the bus');
    await message(bob2, 'Or the bus').waitFor();
    const trainId = await idOf(ann, 'Shall we take the train?');
    const busId = await idOf(ann, 'Or the bus');
    await bob2.context().setOffline(true);
    await bob2.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();
    await messageAction(ann, 'Shall we take the train?', 'Edit');
    await messageBox(ann).fill('Shall we take the 9:15 train?');
    await messageBox(ann).press('Enter');
    await deleteMessage(ann, 'Or the bus', 'Delete for everyone');
    await tombstone(bob, busId).waitFor();
    await message(bob2, 'Or the bus').waitFor();

    await bob2.context().setOffline(false);
    await bob2.locator('[data-connection="connected"]').waitFor({ timeout: 30000 });
    await tombstone(bob2, busId).getByText('This message was deleted').waitFor();
    await row(bob2, trainId).getByTestId('message-text').getByText('Shall we take the 9:15 train?', { exact: true }).waitFor();
    await row(bob2, trainId).getByTestId('edited-label').waitFor();
    assert.equal(await bob2.evaluate(() => window.notReloaded), true, 'no reload');
    // The chat list shows the deletion of the last message.
    await preview(bob2, 'Ann').filter({ hasText: 'This message was deleted' }).waitFor();
  });

  test('a selection of two deleted at once', async () => {
    await send(ann, 'Wrong chat, sorry');
    await send(ann, 'Ignore that');
    const ids = [await idOf(ann, 'Wrong chat, sorry'), await idOf(ann, 'Ignore that')];
    await message(bob, 'Ignore that').waitFor();
    await messageAction(ann, 'Wrong chat, sorry', 'Select');
    await message(ann, 'Ignore that').getByRole('checkbox').check();
    const bar = ann.getByRole('toolbar', { name: 'Selection' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Delete 2 messages' }).click();
    const dialog = ann.getByRole('alertdialog', { name: 'Delete 2 messages?' });
    await dialog.getByRole('button', { name: 'Delete for everyone' }).click();
    await dialog.waitFor({ state: 'detached' });
    await bar.waitFor({ state: 'detached' });
    for (const page of [ann, bob]) for (const id of ids) await tombstone(page, id).waitFor();
    await screenshot(ann, 'lifecycle-04-after-selection.png');
  });

  for (const mode of [
    { name: 'light-desktop', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
    { name: 'dark-desktop', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
    { name: 'light-375', colorScheme: 'light', viewport: { width: 375, height: 740 } },
    { name: 'dark-375', colorScheme: 'dark', viewport: { width: 375, height: 740 } },
  ]) {
    test(`screens (${mode.name}): an edited message and tombstones, the delete and history dialogs`, async () => {
      // Bob's view: Ann's edited messages and her deletions.
      const page = await newPage(browser, { viewport: mode.viewport, colorScheme: mode.colorScheme });
      await login(page, server.url, bobUser);
      await openChat(page, 'Ann');
      await message(page, 'Shall we take the 9:15 train?').getByTestId('edited-label').waitFor();
      await page.locator('li[data-deleted="true"]').first().waitFor();
      await screenshot(page, `lifecycle-${mode.name}-chat.png`);
      await message(page, 'Shall we take the 9:15 train?').getByTestId('edited-label').click();
      await page.getByRole('dialog', { name: 'Edit history' }).getByTestId('version').nth(1).waitFor();
      await screenshot(page, `lifecycle-${mode.name}-history.png`);
      await page.keyboard.press('Escape');
      await page.context().close();

      // Ann's: deleting her message (for everyone or for herself), and editing one.
      const own = await newPage(browser, { viewport: mode.viewport, colorScheme: mode.colorScheme });
      await login(own, server.url, annUser);
      await openChat(own, 'Bob');
      await messageAction(own, 'Shall we take the 9:15 train?', 'Delete');
      await own.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for everyone' }).waitFor();
      await screenshot(own, `lifecycle-${mode.name}-delete-dialog.png`);
      await own.keyboard.press('Escape');
      await own.getByRole('alertdialog').waitFor({ state: 'detached' });
      await messageAction(own, 'Meet at noon', 'Edit');
      await own.getByTestId('editing-banner').waitFor();
      // The save button's colour has finished changing.
      await own.waitForFunction(() => document.querySelector('button[aria-label="Save the edit"]')?.getAnimations().length === 0);
      await screenshot(own, `lifecycle-${mode.name}-editing.png`);
      await own.context().close();
    });
  }

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
