// Settings that follow the person, in the browser against the real server. Mira Okafor has
// Parley open on her laptop and on her phone (375 px, dark system theme). On the laptop she
// opens Settings from the account menu and picks the dark theme and a large text size: her
// phone follows at once, without reloading. She tries her own chat colours and picks text that
// cannot be read on her bubbles: the server refuses it, the contrast figure shows with "Fix",
// and Fix makes it readable and saved. She gives her chat with Tomás a background of its own
// and a sound of its own: the chat's messages show on it, the rest keep the default; his
// messages play that sound while she is elsewhere, another chat's play the default one, and
// none plays once she silences the chat. She uploads a picture as her background and blurs it.
// Each theme (light, dark, high contrast, custom) and each of the five text sizes is kept as a
// screenshot (settings-theme-*.png, settings-font-*.png in SCREENSHOT_DIR); the settings page
// and the chat's dialog pass axe. On her phone she switches the language to Spanish, and the
// laptop follows.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import {
  audit, launchBrowser, login, message, newPage, openChat, pageErrors, register, restAs, screenshot, send, startChat, startParley,
  uniqueEmail, waitUntil,
} from './helpers.mjs';
import { recordNotifications, sounds } from './notices.mjs';

/** Opens Settings from the account menu, at `section` ("Appearance", "Chats", ...). */
async function openSettings(page, section = 'Appearance') {
  await page.getByRole('button', { name: 'Account and settings' }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByTestId('settings-page').waitFor();
  await page.getByRole('tab', { name: section }).click();
  await page.getByRole('tab', { name: section, selected: true }).waitFor();
}

/** Picks a choice of a radio group of cards by its value. */
async function choose(page, group, value) {
  const card = page.getByTestId(group).locator(`label[data-value="${value}"]`);
  await card.scrollIntoViewIfNeeded();
  await card.click();
  await waitUntil(() => card.locator('input').isChecked(), `${group}: ${value} chosen`);
}

/** Waits until the settings page says everything is saved. */
const saved = (page) => page.locator('[data-testid="settings-status"][data-save="saved"]').waitFor();

const html = (page, name) => page.evaluate((n) => document.documentElement.getAttribute(n), name);
const css = (locator, property) => locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
const rootFontPx = (page) => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));

/** The server's global settings document of the page's user. */
async function serverSettings(page, base) {
  const answer = await restAs(page, base, '/api/v1/me/settings');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

/** A small PNG: a diagonal gradient, `size` px square (zlib from Node, no image library). */
function png(size = 64) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 3)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (1 + size * 3) + 1 + x * 3;
      rows[i] = 40 + x * 2;
      rows[i + 1] = 90 + y;
      rows[i + 2] = 210 - x;
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('settings that follow the person', () => {
  let server;
  let browser;
  /** Mira's laptop and phone. */
  let laptop;
  let phone;
  let tomas;
  let ines;
  let mira;
  let tomasChat;

  before(async () => {
    server = await startParley();
    browser = await launchBrowser();
    laptop = await newPage(browser);
    await laptop.context().addInitScript(recordNotifications);
    tomas = await newPage(browser);
    ines = await newPage(browser);
    mira = await register(laptop, server.url, 'Mira Okafor', { email: uniqueEmail('mira') });
    await register(tomas, server.url, 'Tomás Ruiz', { email: uniqueEmail('tomas') });
    await register(ines, server.url, 'Inés Vidal', { email: uniqueEmail('ines') });
    await startChat(tomas, 'Mira Okafor');
    await send(tomas, 'Morning! Did you see the plans for the garden?');
    await startChat(ines, 'Mira Okafor');
    await send(ines, 'Lunch on Thursday?');
    await openChat(laptop, 'Tomás Ruiz');
    tomasChat = decodeURIComponent(new URL(laptop.url()).pathname.split('/').pop());
    await send(laptop, 'Yes, the raised beds look great. Let us start in April.');
    await message(tomas, 'Yes, the raised beds look great. Let us start in April.').waitFor();
    await send(tomas, 'Perfect, I will order the soil 🌱');
    await message(laptop, 'Perfect, I will order the soil 🌱').waitFor();
    phone = await newPage(browser, { viewport: { width: 375, height: 740 }, colorScheme: 'dark' });
    await login(phone, server.url, mira);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a theme and a text size chosen on one device show on the other at once', async () => {
    await openSettings(laptop);
    assert.equal(await html(laptop, 'data-theme'), 'system');
    // The phone follows its system (dark) until Mira chooses.
    assert.equal(await html(phone, 'data-base'), 'dark');

    await choose(laptop, 'theme-choices', 'light');
    await saved(laptop);
    await phone.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.equal(await html(phone, 'data-base'), 'light');
    assert.equal(await css(phone.locator('body'), 'background-color'), 'rgb(238, 241, 246)');

    // The keyboard moves between themes as in any radio group.
    await laptop.getByTestId('theme-choices').locator('label[data-value="light"] input').focus();
    await laptop.keyboard.press('ArrowRight');
    await laptop.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await saved(laptop);
    await phone.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.equal(await css(phone.locator('body'), 'background-color'), 'rgb(11, 14, 19)');

    await choose(laptop, 'font-size-choices', 'l');
    assert.equal(await rootFontPx(laptop), 18);
    await saved(laptop);
    await phone.waitForFunction(() => getComputedStyle(document.documentElement).fontSize === '18px');
    // A reload starts with them, before the server answers.
    await phone.reload();
    await phone.getByTestId('me-name').waitFor();
    assert.equal(await html(phone, 'data-theme'), 'dark');
    assert.equal(await rootFontPx(phone), 18);

    const doc = await serverSettings(laptop, server.url);
    assert.deepEqual(doc.global.settings.appearance, { theme: 'dark', fontSize: 'l' });
  });

  test('screenshots of each theme and each text size', async () => {
    const themes = [
      ['light', async () => choose(laptop, 'theme-choices', 'light')],
      ['dark', async () => choose(laptop, 'theme-choices', 'dark')],
      ['high-contrast', async () => choose(laptop, 'theme-choices', 'high-contrast')],
      [
        'custom',
        async () => {
          await choose(laptop, 'theme-choices', 'custom');
          await laptop.getByRole('button', { name: 'Use #0b7a75' }).click();
        },
      ],
    ];
    await openSettings(laptop);
    await choose(laptop, 'font-size-choices', 'm');
    for (const [name, pick] of themes) {
      await openSettings(laptop);
      await pick();
      await saved(laptop);
      assert.equal(await html(laptop, 'data-theme'), name);
      await screenshot(laptop, `settings-page-${name}.png`);
      await openChat(laptop, 'Tomás Ruiz');
      await message(laptop, 'Perfect, I will order the soil 🌱').waitFor();
      await screenshot(laptop, `settings-theme-${name}.png`);
    }
    // The custom theme's accent, made readable where needed, is the page's.
    assert.match(await html(laptop, 'style'), /--p-accent: #[0-9a-f]{6}/);

    await openSettings(laptop);
    await choose(laptop, 'theme-choices', 'light');
    const expected = { xs: 14, s: 15, m: 16, l: 18, xl: 20 };
    for (const [size, px] of Object.entries(expected)) {
      await openSettings(laptop);
      await choose(laptop, 'font-size-choices', size);
      await saved(laptop);
      assert.equal(await rootFontPx(laptop), px);
      await openChat(laptop, 'Tomás Ruiz');
      const bubble = message(laptop, 'Perfect, I will order the soil 🌱').locator('[data-bubble]');
      await bubble.waitFor();
      // Message text (written in px in the component) follows the root size too.
      assert.equal(Number.parseFloat(await css(bubble, 'font-size')), px * 0.9375);
      await screenshot(laptop, `settings-font-${size}.png`);
    }
    await openSettings(laptop);
    await choose(laptop, 'font-size-choices', 'm');
    await saved(laptop);
  });

  test('an unreadable colour scheme is refused with its contrast, and Fix corrects it', async () => {
    await openSettings(laptop);
    await choose(laptop, 'scheme-choices', 'ocean');
    await saved(laptop);
    await choose(laptop, 'scheme-choices', 'custom');
    const editor = laptop.getByTestId('scheme-editor');
    await editor.waitFor();
    await saved(laptop);
    await laptop.getByTestId('colour-own').fill('#777777');
    await laptop.getByTestId('colour-own-text').fill('#888888');
    // The figure shows as the colours are chosen, and the server's refusal once they are sent.
    await laptop.getByTestId('contrast-own').filter({ hasText: 'contrast 1.2:1' }).waitFor();
    const refused = laptop.getByTestId('scheme-refused');
    await refused.filter({ hasText: /^Not saved: the text on your bubbles has a contrast of 1\.\d:1 with them; at least 4\.5:1 is needed/ }).waitFor();
    // The preview still shows what was chosen; the page is back to what the server has.
    assert.equal(await css(laptop.getByTestId('preview-own'), 'background-color'), 'rgb(119, 119, 119)');
    let doc = await serverSettings(laptop, server.url);
    assert.notEqual(doc.global.settings.appearance.bubbles?.ownText, '#888888');
    await laptop.getByTestId('scheme-fix').scrollIntoViewIfNeeded();
    await screenshot(laptop, 'settings-scheme-refused.png');

    await laptop.getByTestId('scheme-fix').click();
    await refused.waitFor({ state: 'detached' });
    await saved(laptop);
    await laptop.getByTestId('contrast-own').and(laptop.locator('[data-ok="true"]')).waitFor();
    doc = await serverSettings(laptop, server.url);
    const b = doc.global.settings.appearance.bubbles;
    assert.equal(doc.global.settings.appearance.scheme, 'custom');
    assert.equal(b.own, '#777777');
    assert.notEqual(b.ownText, '#888888');
    // The phone shows the new bubbles.
    await phone.goto(`${server.url}/chat/${encodeURIComponent(tomasChat)}`);
    const own = message(phone, 'Yes, the raised beds look great. Let us start in April.').locator('[data-bubble]');
    await own.waitFor();
    await waitUntil(async () => (await css(own, 'background-color')) === 'rgb(119, 119, 119)', 'the phone\'s own bubbles in the new colour');
    await screenshot(laptop, 'settings-scheme-fixed.png');

    await choose(laptop, 'scheme-choices', 'classic');
    await saved(laptop);
  });

  test('a chat\'s own background and sound', async () => {
    await openChat(laptop, 'Tomás Ruiz');
    await laptop.getByTestId('chat-notifications-button').click();
    await laptop.getByRole('menuitem', { name: 'Background and sound…' }).click();
    const dialog = laptop.getByTestId('chat-customize-dialog');
    await dialog.waitFor();
    await choose(laptop, 'chat-background-choices', 'preset:dots');
    const backdrop = laptop.locator('[data-chat-backdrop]');
    await waitUntil(async () => (await css(backdrop, 'background-image')).includes('data:image/svg+xml'), 'the dots behind the messages');
    await dialog.getByLabel('Sound for new messages').selectOption('marimba');
    await dialog.getByTestId('chat-customize-status').filter({ hasText: 'Saved' }).waitFor();
    const violations = await audit(laptop);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await screenshot(laptop, 'settings-chat-dialog.png');
    await laptop.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await screenshot(laptop, 'settings-chat-background.png');

    // Inés's chat keeps the default ground.
    await openChat(laptop, 'Inés Vidal');
    assert.equal(await html(laptop, 'data-backdrop'), null);
    assert.equal(await css(laptop.locator('[data-chat-backdrop]'), 'background-image'), 'none');

    // Away from both chats: Tomás's message plays its sound, Inés's the default one.
    await openSettings(laptop, 'Chats');
    const before = (await sounds(laptop)).length;
    await send(tomas, 'The soil arrives on Monday');
    await waitUntil(async () => (await sounds(laptop)).length === before + 1, 'a sound for Tomás\'s message');
    assert.deepEqual((await sounds(laptop)).at(-1), { name: 'marimba', volume: 70 });
    await send(ines, 'Or Friday?');
    await waitUntil(async () => (await sounds(laptop)).length === before + 2, 'a sound for Inés\'s message');
    assert.deepEqual((await sounds(laptop)).at(-1), { name: 'chime', volume: 70 });

    // Silenced: his next message makes no sound (it does arrive).
    await openChat(laptop, 'Tomás Ruiz');
    await laptop.getByTestId('chat-notifications-button').click();
    await laptop.getByRole('menuitem', { name: 'Background and sound…' }).click();
    await dialog.getByRole('switch', { name: 'No sounds in this chat' }).click();
    await dialog.getByTestId('chat-customize-status').filter({ hasText: 'Saved' }).waitFor();
    // "Use default": the chat's background goes back to the global one (none).
    await choose(laptop, 'chat-background-choices', 'default');
    await dialog.getByTestId('chat-customize-status').filter({ hasText: 'Saved' }).waitFor();
    await laptop.keyboard.press('Escape');
    await waitUntil(async () => (await html(laptop, 'data-backdrop')) === null, 'the default ground again');
    await openSettings(laptop, 'Chats');
    const count = (await sounds(laptop)).length;
    await send(tomas, 'And the seeds on Tuesday');
    await laptop
      .getByRole('navigation', { name: 'Chat list' })
      .getByRole('link', { name: /^Tomás Ruiz/ })
      .filter({ hasText: 'And the seeds on Tuesday' })
      .waitFor();
    await send(ines, 'Friday works');
    await waitUntil(async () => (await sounds(laptop)).length === count + 1, 'Inés\'s sound');
    assert.deepEqual((await sounds(laptop)).map((s) => s.name).slice(count), ['chime']);

    const chatDoc = await restAs(laptop, server.url, `/api/v1/me/settings/chats/${encodeURIComponent(tomasChat)}`);
    assert.equal(chatDoc.status, 200);
    assert.deepEqual(chatDoc.body.settings, { sounds: { message: 'marimba', muted: true } });
  });

  test('a picture of her own as the background, blurred and dimmed', async () => {
    await openSettings(laptop);
    await laptop.getByTestId('background-file').setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: png(96) });
    await laptop.getByTestId('background-choices').locator('label[data-value="image"] input:checked').waitFor();
    await saved(laptop);
    const blur = laptop.getByTestId('background-blur');
    await blur.fill('8');
    await saved(laptop);
    await waitUntil(async () => (await serverSettings(laptop, server.url)).global.settings.appearance?.background?.blur === 8, 'the blur saved');
    const bg = (await serverSettings(laptop, server.url)).global.settings.appearance.background;
    assert.equal(bg.kind, 'image');
    assert.equal(bg.dim, 20);
    await openChat(laptop, 'Inés Vidal');
    await waitUntil(async () => (await html(laptop, 'data-backdrop')) === 'image', 'the picture behind the messages');
    const photo = await laptop.locator('[data-chat-backdrop]').evaluate((el) => getComputedStyle(el, '::before').backgroundImage);
    assert.match(photo, /^url\(/);
    assert.equal(await laptop.locator('[data-chat-backdrop]').evaluate((el) => getComputedStyle(el, '::before').filter), 'blur(8px)');
    await screenshot(laptop, 'settings-background-picture.png');

    await openSettings(laptop);
    await choose(laptop, 'background-choices', 'none');
    await saved(laptop);
  });

  test('the settings page works at 375 px and passes axe', async () => {
    // From the chat the phone was left on, back to the chat list, whose menu has Settings.
    await phone.getByRole('button', { name: 'Back to chats' }).click();
    await openSettings(phone, 'Appearance');
    const found = {};
    for (const section of ['Appearance', 'Chats', 'Notifications', 'Privacy', 'Language']) {
      await phone.getByRole('tab', { name: section }).click();
      await phone.getByRole('tab', { name: section, selected: true }).waitFor();
      const v = await audit(phone);
      if (v.length > 0) found[section] = v;
      await screenshot(phone, `settings-375-${section.toLowerCase()}.png`);
    }
    assert.deepEqual(found, {}, JSON.stringify(found, null, 2));
    // Nothing wider than the screen.
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 375);

    // In Spanish at once, on her laptop too; and back to the browser's language.
    await choose(phone, 'language-choices', 'es');
    await phone.getByRole('tab', { name: 'Idioma', selected: true }).waitFor();
    assert.equal(await html(phone, 'lang'), 'es');
    // (The laptop was left on the settings page.)
    await laptop.getByRole('tab', { name: 'Apariencia', selected: true }).waitFor();
    await screenshot(phone, 'settings-375-language-es.png');
    await choose(phone, 'language-choices', 'auto');
    await phone.getByRole('tab', { name: 'Language', selected: true }).waitFor();
    await laptop.getByRole('tab', { name: 'Appearance', selected: true }).waitFor();
    assert.equal(await html(laptop, 'lang'), 'en');
  });

  test('reduced motion, as the system asks, stops transitions and animations', async () => {
    // Every page of these tests asks for reduced motion (helpers.mjs newPage).
    const durations = await laptop.evaluate(() => {
      const probe = document.createElement('div');
      probe.className = 'transition animate-spin';
      document.body.append(probe);
      const style = getComputedStyle(probe);
      const out = [style.transitionDuration, style.animationName];
      probe.remove();
      return out;
    });
    assert.deepEqual(durations, ['0s', 'none']);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
