// The chat switcher in the browser against the real server. Quentin Marlowe has a private chat
// with Bea Lindqvist and a group "Harbor watch" with her and Zelda Okonkwo, with whom he has no
// chat yet. Ctrl+K opens the switcher from anywhere with the recent chats; "okon" finds Zelda
// (the server's people, one request for the whole word typed) with the typed part marked, and
// Enter opens a new private chat with her; "harb" finds the group with its member count; Zelda
// then shows as her chat; Esc closes and gives focus back. On a 375 px phone the button above
// the chat list opens it full screen, every target is 44 px to tap, and a tap on an option opens
// its chat. Each state is checked with axe; screenshots (desktop light and dark, phone light and
// dark) go to SCREENSHOT_DIR (default test-output/screenshots) as switcher-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, newPage, pageErrors, register, restAs, screenshotPath, startChat, startParley, uniqueEmail,
} from './helpers.mjs';

const shot = (page, name) => page.screenshot({ path: screenshotPath(`switcher-${name}.png`) });

const GROUP = 'Harbor watch';

/** The switcher's box, as a screen reader finds it. */
const boxOf = (page) => page.getByRole('combobox', { name: 'Find a chat or a person' });

/** The option of the switcher whose name is `name`. */
const optionOf = (page, name) =>
  page.getByTestId('switcher').getByRole('option').filter({ has: page.getByTestId('switcher-name').getByText(name, { exact: true }) });

/** The names of a section's options ("chats", "people", "recent-chats"). */
const sectionNames = (page, section) => page.getByTestId(`switcher-section-${section}`).getByTestId('switcher-name').allInnerTexts();

/** Types into the switcher's box as a person types. */
async function typeQuery(page, text) {
  const box = boxOf(page);
  await box.fill('');
  await box.pressSequentially(text, { delay: 30 });
  return box;
}

/** The visible buttons, links, fields and options smaller than 44 × 44 px (as tap-targets.test.mjs). */
function tooSmall(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.querySelector('dialog[open]') ?? document;
    for (const el of root.querySelectorAll('button, a[href], [role="button"], [role="option"], input')) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || r.bottom < 0 || r.top > innerHeight) continue;
      if (r.width < 44 || r.height < 44) {
        out.push(`${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30)}": ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
}

describe('the chat switcher', () => {
  let server;
  let browser;
  let quentin;
  let quentinUser;
  /** The paths of the switcher's requests to the server, in order. */
  const asked = [];

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    const zelda = await newPage(browser);
    const bea = await newPage(browser);
    quentin = await newPage(browser);
    await register(zelda, server.url, 'Zelda Okonkwo', { email: uniqueEmail('zelda') });
    await register(bea, server.url, 'Bea Lindqvist', { email: uniqueEmail('bea') });
    quentinUser = await register(quentin, server.url, 'Quentin Marlowe', { email: uniqueEmail('quentin') });
    const zeldaId = (await restAs(zelda, server.url, '/api/v1/me')).body.id;
    const beaId = (await restAs(bea, server.url, '/api/v1/me')).body.id;
    await zelda.context().close();
    await bea.context().close();
    await startChat(quentin, 'Bea Lindqvist');
    const made = await quentin.evaluate(
      async ([url, body]) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${localStorage.getItem('parley.token')}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json().catch(() => null) };
      },
      [`${server.url}/api/v1/groups`, { title: GROUP, memberIds: [zeldaId, beaId] }],
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await quentin.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${GROUP}`) }).waitFor();
    quentin.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/search/chats') asked.push(url.searchParams.get('q'));
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('the server answers the switcher as the client reads it', async () => {
    const r = await restAs(quentin, server.url, '/api/v1/search/chats?q=okon');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.chats, []);
    assert.deepEqual(r.body.people.map((u) => u.name), ['Zelda Okonkwo']);
    const bad = await restAs(quentin, server.url, `/api/v1/search/chats?q=${encodeURIComponent('?!')}`);
    assert.equal(bad.status, 400);
  });

  test('Ctrl+K opens it with the recent chats; "okon" finds Zelda, and Enter opens a chat with her', async () => {
    await quentin.goto(server.url);
    await quentin.getByRole('navigation', { name: 'Chat list' }).waitFor();
    asked.length = 0;
    await shot(quentin, 'sidebar-desktop-light');
    await quentin.keyboard.press('Control+K');
    const dialog = quentin.getByRole('dialog', { name: 'Find or start a chat' });
    await dialog.waitFor();
    const box = boxOf(quentin);
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    assert.deepEqual(await sectionNames(quentin, 'recent-chats'), [GROUP, 'Bea Lindqvist']);
    await shot(quentin, 'recent-desktop-light');
    assert.deepEqual(await audit(quentin), []);

    await typeQuery(quentin, 'okon');
    const zelda = optionOf(quentin, 'Zelda Okonkwo');
    await zelda.waitFor();
    assert.deepEqual(await sectionNames(quentin, 'people'), ['Zelda Okonkwo']);
    assert.deepEqual(await zelda.locator('mark').allInnerTexts(), ['Okon']);
    assert.match(await zelda.innerText(), /Start a chat/);
    await quentin.getByTestId('switcher-status').filter({ hasText: '1 person.' }).waitFor();
    // Typing paused once: one request, for the whole word.
    assert.deepEqual(asked, ['okon']);
    // The only option is active: Enter opens it.
    assert.equal(await box.getAttribute('aria-activedescendant'), await zelda.getAttribute('id'));
    assert.equal(await zelda.getAttribute('aria-selected'), 'true');
    await shot(quentin, 'people-desktop-light');
    assert.deepEqual(await audit(quentin), []);

    await box.press('Enter');
    await quentin.getByTestId('chat-title').filter({ hasText: 'Zelda Okonkwo' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    assert.match(new URL(quentin.url()).pathname, /^\/chat\//);
    await quentin.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: /^Zelda Okonkwo/ }).waitFor();
  });

  test('"harb" finds the group; Zelda now shows as her chat; Esc gives focus back', async () => {
    const composer = quentin.getByLabel('Message', { exact: true });
    await composer.focus();
    await quentin.keyboard.press('Control+K');
    await typeQuery(quentin, 'harb');
    const group = optionOf(quentin, GROUP);
    await group.waitFor();
    assert.deepEqual(await group.locator('mark').allInnerTexts(), ['Harb']);
    assert.match(await group.innerText(), /3 members/);
    assert.deepEqual(await sectionNames(quentin, 'chats'), [GROUP]);
    await quentin.getByTestId('switcher-status').filter({ hasText: /^1 chat\.$/ }).waitFor();
    await shot(quentin, 'group-desktop-light');

    // Up and Down move the active option through both sections.
    await typeQuery(quentin, 'o');
    await optionOf(quentin, 'Zelda Okonkwo').waitFor();
    assert.deepEqual(await sectionNames(quentin, 'chats'), ['Zelda Okonkwo']);
    assert.equal(await quentin.getByTestId('switcher-section-people').count(), 0);
    await typeQuery(quentin, 'harb');
    await group.waitFor();
    await boxOf(quentin).press('Enter');
    await quentin.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();

    await composer.focus();
    await quentin.keyboard.press('Control+K');
    await boxOf(quentin).waitFor();
    await quentin.keyboard.press('Escape');
    await quentin.getByTestId('switcher').waitFor({ state: 'detached' });
    await quentin.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message');
  });

  test('dark theme', async () => {
    const dark = await newPage(browser, { colorScheme: 'dark' });
    await login(dark, server.url, quentinUser);
    await dark.keyboard.press('Control+K');
    await boxOf(dark).waitFor();
    await shot(dark, 'recent-desktop-dark');
    await typeQuery(dark, 'o');
    await optionOf(dark, 'Zelda Okonkwo').waitFor();
    await optionOf(dark, 'Bea Lindqvist').waitFor({ state: 'detached' });
    await dark.getByTestId('switcher-loading').waitFor({ state: 'detached' });
    await shot(dark, 'results-desktop-dark');
    assert.deepEqual(await audit(dark), []);
    await dark.context().close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`on a 375 px phone (${colorScheme}) it fills the screen and a tap opens a chat`, async () => {
      const phone = await newPage(browser, { viewport: { width: 375, height: 812 }, colorScheme });
      await login(phone, server.url, quentinUser);
      await shot(phone, `sidebar-phone-${colorScheme}`);
      assert.deepEqual(await tooSmall(phone), []);
      await phone.getByRole('button', { name: 'Find or start a chat' }).click();
      const dialog = phone.getByTestId('switcher');
      await dialog.waitFor();
      const box = await dialog.boundingBox();
      assert.equal(Math.round(box.width), 375);
      assert.ok(box.height >= 800, `full height (${box.height})`);
      await shot(phone, `recent-phone-${colorScheme}`);
      assert.deepEqual(await tooSmall(phone), []);

      await typeQuery(phone, 'o');
      await optionOf(phone, 'Zelda Okonkwo').waitFor();
      await phone.getByTestId('switcher-loading').waitFor({ state: 'detached' });
      await shot(phone, `results-phone-${colorScheme}`);
      assert.deepEqual(await tooSmall(phone), []);
      assert.deepEqual(await audit(phone), []);
      assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= 375), true);

      await typeQuery(phone, 'lind');
      await optionOf(phone, 'Bea Lindqvist').click();
      await phone.getByTestId('chat-title').filter({ hasText: 'Bea Lindqvist' }).waitFor();
      await dialog.waitFor({ state: 'detached' });
      await phone.context().close();
    });
  }
});
