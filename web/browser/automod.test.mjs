// Auto-moderation in the browser against the real server, started with Ada as its configured
// administrator (--server_admins); Carol's group "Garden club" has Bob in it:
//  - Ada opens Moderation, the Rules tab (the whole server's rules), writes a "words" rule that
//    holds, tries it with "Dry run" (it reports Bob's earlier message as a match) and saves it;
//  - Bob sends a message with the word: his bubble says "Waiting for review" (no Retry), Carol
//    does not get it (she gets Bob's next message);
//  - Bob reloads the page while it is held: the bubble is still there, waiting for review, with
//    "Remove from this device" (his device kept it);
//  - Ada approves it in the Auto-moderation tab (its card names the group, which she is not in):
//    Carol sees it, and Bob's bubble becomes the delivered message (once, after another reload
//    too);
//  - a rule that rejects with its own words: Bob sees them under his bubble, Carol nothing;
//  - on a 375 px phone in the light and dark themes, the tab row's fade at the end that hides
//    tabs (at the start once End selects the last tab, scrolled into view), and the Rules tab,
//    with axe-core finding nothing serious (screenshots).
// Nothing waits by sleeping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit,
  launchBrowser,
  message,
  messageTexts,
  newPage,
  openChat,
  pageErrors,
  register,
  screenshot,
  screenshotPath,
  send,
  startParley,
  uniqueEmail,
} from './helpers.mjs';

const GROUP = 'Garden club';
const EARLIER = 'I sell a cheap rolex, ask me';
const HELD = 'Genuine rolex for sale';
const AFTER = 'Anyone for tea on Sunday?';
const SCAM = 'Buy bitcoin now, double your money';
const SCAM_WORDS = 'Scams are not allowed here';

describe('auto-moderation', () => {
  let server;
  let browser;
  let ada;
  let bob;
  let carol;
  let adaUser;

  before(async () => {
    const adaEmail = uniqueEmail('Ada');
    server = await startParley({ args: ['--server_admins', adaEmail] });
    browser = await launchBrowser();
    ada = await newPage(browser);
    bob = await newPage(browser);
    carol = await newPage(browser);
    adaUser = await register(ada, server.url, 'Ada', { email: adaEmail });
    await register(bob, server.url, 'Bob');
    await register(carol, server.url, 'Carol');

    await carol.getByRole('button', { name: 'New group' }).click();
    const create = carol.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill(GROUP);
    await create.getByLabel('Search people to add').fill('Bob');
    await create.getByRole('checkbox', { name: 'Bob' }).check();
    await create.getByRole('button', { name: 'Create group' }).click();
    await create.waitFor({ state: 'detached' });
    await carol.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    await openChat(bob, GROUP);
    await send(bob, EARLIER);
    await message(carol, EARLIER).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens Moderation from the account menu at `tab`; returns the page's section. */
  async function moderation(page, tab) {
    const section = page.getByTestId('moderation-page');
    if (!(await section.isVisible().catch(() => false))) {
      await page.getByRole('button', { name: 'Account and settings' }).click();
      await page.getByRole('menuitem', { name: 'Moderation' }).click();
      await section.getByRole('heading', { name: 'Moderation' }).waitFor();
    }
    await section.getByRole('tab', { name: tab, exact: true }).click();
    return section;
  }

  /** Writes a new words rule in the Rules tab (`page`'s section), up to Save (not clicked). */
  async function writeRule(section, { name, words, action, message: told }) {
    await section.getByRole('button', { name: 'New rule' }).click();
    const editor = section.getByTestId('rule-editor');
    await editor.getByRole('heading', { name: 'New rule' }).waitFor();
    await editor.getByLabel('Name').fill(name);
    assert.equal(await editor.getByLabel('What it looks at').inputValue(), 'words');
    await editor.getByLabel('Words and phrases').fill(words);
    await editor.getByLabel('What it does').selectOption(action);
    if (told) await editor.getByLabel('What the sender is told').fill(told);
    return editor;
  }

  test('Ada writes a words rule that holds, tries it with a dry run (Bob\'s earlier message matches) and saves it', async () => {
    const section = await moderation(ada, 'Rules');
    const scope = section.getByLabel('Rules of');
    assert.equal(await scope.locator('option:checked').innerText(), 'The whole server');
    await section.getByTestId('rules-empty').waitFor();

    const editor = await writeRule(section, { name: 'Watch sellers', words: 'rolex', action: 'hold' });
    // Only the words rule's fields: no pattern, no flood counts, no mute length.
    assert.equal(await editor.getByLabel('Pattern').count(), 0);
    assert.equal(await editor.getByLabel('More than this many messages').count(), 0);
    assert.equal(await editor.getByLabel('Mute for').count(), 0);

    await editor.getByRole('button', { name: 'Dry run' }).click();
    const count = section.getByTestId('dry-run-count');
    await count.getByText(/^1 of \d+ recent messages? would match$/).waitFor();
    const match = section.getByTestId('dry-run-match');
    assert.equal(await match.count(), 1);
    assert.equal(await match.getByTestId('dry-run-text').innerText(), EARLIER);
    await match.getByText('Bob', { exact: true }).waitFor();
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'automod-01-dry-run.png');

    await editor.getByRole('button', { name: 'Save' }).click();
    const rule = section.getByTestId('rule').filter({ hasText: 'Watch sellers' });
    await rule.waitFor();
    assert.match(await rule.innerText(), /Words: rolex · Hold for review/);
    assert.equal(await rule.getByRole('switch', { name: 'Watch sellers' }).getAttribute('aria-checked'), 'true');
    await section.getByTestId('moderation-status').getByText('Rule Watch sellers added.').waitFor({ state: 'attached' });
  });

  test('Bob\'s message with the word waits for review; Carol does not get it', async () => {
    await send(bob, HELD);
    const held = bob.locator('li[data-message-id]').filter({ hasText: HELD });
    await held.getByTestId('held-note').getByText('Waiting for review').waitFor();
    assert.equal(await held.getAttribute('data-status'), 'HELD');
    assert.equal(await held.getByRole('button', { name: 'Retry' }).count(), 0, 'not a failure to retry');
    await bob.getByRole('alert').filter({ hasText: "waiting for a moderator's review" }).waitFor();
    assert.deepEqual(await audit(bob), []);
    await screenshot(bob, 'automod-02-waiting-for-review.png');

    // Bob's next message reaches Carol; the held one does not.
    await send(bob, AFTER);
    await message(carol, AFTER).waitFor();
    assert.ok(!(await messageTexts(carol)).includes(HELD), 'Carol does not see the held message');
  });

  test('Bob reloads the page while it is held: it still waits for review', async () => {
    await bob.reload();
    await bob.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    const held = bob.locator('li[data-message-id]').filter({ hasText: HELD });
    await held.getByTestId('held-note').getByText('Waiting for review').waitFor();
    assert.equal(await held.count(), 1);
    assert.equal(await held.getAttribute('data-status'), 'HELD');
    assert.equal(await held.getByRole('button', { name: 'Retry' }).count(), 0, 'not a failure to retry');
    await held.getByRole('button', { name: 'Remove from this device' }).waitFor();
    // The history is back too, and the held one is not in it.
    await message(bob, AFTER).waitFor();
    assert.equal((await messageTexts(bob)).filter((t) => t === HELD).length, 1);
    assert.deepEqual(await audit(bob), []);
    await screenshot(bob, 'automod-02b-waiting-after-reload.png');
  });

  test('Ada approves it in the Auto-moderation tab: Carol sees it, and Bob\'s bubble becomes the delivered message', async () => {
    const section = await moderation(ada, 'Auto-moderation');
    assert.equal(await section.getByLabel('Show').inputValue(), 'held');
    const card = section.getByTestId('hit').filter({ hasText: HELD });
    await card.waitFor();
    assert.equal(await card.getByTestId('hit-status').textContent(), 'Status: Held');
    assert.match(await card.getByTestId('hit-sender').innerText(), /^Bob/);
    // Ada is not in the group: the server names it (chatTitle).
    assert.equal(await card.getByTestId('hit-chat').innerText(), GROUP);
    assert.match(await card.getByTestId('hit-rules').innerText(), /^Watch sellers \(the server's\)$/);
    assert.deepEqual(await audit(ada), []);
    await screenshot(ada, 'automod-03-held.png');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await card.getByTestId('hit-status').getByText('Status: Approved').waitFor();
    await card.getByTestId('hit-decided').getByText(/^Approved by Ada/).waitFor();

    await message(carol, HELD).waitFor();
    await message(bob, HELD).waitFor();
    const delivered = bob.locator('li[data-message-id]').filter({ hasText: HELD });
    await delivered.getByTestId('held-note').waitFor({ state: 'detached' });
    assert.equal(await delivered.count(), 1, 'one bubble: the held one became the delivered one');
    assert.notEqual(await delivered.getAttribute('data-status'), 'HELD');
    assert.equal((await messageTexts(bob)).filter((t) => t === HELD).length, 1);
    await bob.getByRole('alert').filter({ hasText: 'A moderator approved your message' }).waitFor();

    // Reloaded again: the delivered message, once, and nothing waiting any more.
    await bob.reload();
    await message(bob, HELD).waitFor();
    await message(bob, AFTER).waitFor();
    assert.equal(await bob.getByTestId('held-note').count(), 0);
    assert.equal((await messageTexts(bob)).filter((t) => t === HELD).length, 1);
  });

  test('a rule that rejects: Bob sees its words under his message, Carol nothing', async () => {
    const section = await moderation(ada, 'Rules');
    const editor = await writeRule(section, { name: 'No scams', words: 'bitcoin', action: 'reject', message: SCAM_WORDS });
    await editor.getByRole('button', { name: 'Save' }).click();
    await section.getByTestId('rule').filter({ hasText: 'No scams' }).waitFor();

    await send(bob, SCAM);
    const refused = bob.locator('li[data-message-id]').filter({ hasText: SCAM });
    await refused.getByTestId('failed-note').getByText(`Not sent: ${SCAM_WORDS}`).waitFor();
    assert.equal(await refused.getAttribute('data-status'), 'FAILED');
    assert.equal(await refused.getByRole('button', { name: 'Retry' }).count(), 0, 'the rule would refuse it again');
    await bob.getByRole('alert').filter({ hasText: SCAM_WORDS }).waitFor();
    await send(bob, 'See you Sunday');
    await message(carol, 'See you Sunday').waitFor();
    assert.ok(!(await messageTexts(carol)).includes(SCAM), 'Carol does not see the rejected message');
  });

  test('the tab row and the Rules tab on a 375 px phone, light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme });
      const fits = async (el) => {
        const b = await el.boundingBox();
        assert.ok(b && b.x >= 0 && b.x + b.width <= 375 + 0.5, `in view: ${JSON.stringify(b)}`);
      };
      await phone.goto(`${server.url}/login`);
      await phone.getByLabel('Email').fill(adaUser.email);
      await phone.getByLabel('Password', { exact: true }).fill(adaUser.password);
      await phone.getByRole('button', { name: 'Sign in' }).click();
      await phone.getByTestId('me-name').waitFor();
      await phone.goto(`${server.url}/moderation`);
      const section = phone.getByTestId('moderation-page');

      // The tabs do not all fit: a fade at the end of the row says there are more; End selects
      // the last, which scrolls into view, and the fade moves to the start.
      const tablist = section.getByRole('tablist', { name: 'Moderation' });
      const hidden = (edge, shown) => section.locator(`[data-testid="tabs-hidden-${edge}"][data-shown="${shown}"]`).waitFor();
      await hidden('start', false);
      await hidden('end', true);
      const row = await tablist.boundingBox();
      const tabRow = { x: 0, y: 0, width: 375, height: Math.ceil(row.y + row.height) + 8 };
      await phone.screenshot({ path: screenshotPath(`automod-06-tabs-375-${colorScheme}-start.png`), clip: tabRow });
      await section.getByRole('tab', { name: 'Reports', exact: true }).press('End');
      const staff = section.getByRole('tab', { name: 'Staff', exact: true });
      assert.equal(await staff.getAttribute('aria-selected'), 'true');
      assert.equal(await phone.evaluate(() => document.activeElement?.textContent), 'Staff');
      await hidden('start', true);
      await hidden('end', false);
      await fits(staff);
      assert.deepEqual(await audit(phone), []);
      await phone.screenshot({ path: screenshotPath(`automod-06-tabs-375-${colorScheme}-end.png`), clip: tabRow });

      await section.getByRole('tab', { name: 'Rules', exact: true }).click();
      await section.getByTestId('rule').first().waitFor();
      await fits(section);
      await fits(section.getByTestId('rule').first());
      assert.deepEqual(await audit(phone), []);
      await screenshot(phone, `automod-04-rules-375-${colorScheme}.png`);

      await section.getByRole('button', { name: 'Edit No scams' }).click();
      const editor = section.getByTestId('rule-editor');
      await editor.getByLabel('What it looks at').selectOption('flood');
      await editor.getByLabel('What it does').selectOption('mute');
      await editor.getByLabel('Within (seconds)').fill('99999');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByTestId('field-error').first().waitFor();
      await fits(editor);
      assert.deepEqual(await audit(phone), []);
      await screenshot(phone, `automod-05-editor-375-${colorScheme}.png`);
      await editor.getByRole('button', { name: 'Cancel' }).click();
      await phone.context().close();
    }
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
