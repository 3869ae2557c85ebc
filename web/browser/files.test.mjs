// Files and media in the browser against the real server: Ada (desktop, light) sends Bo an
// album of three pictures with a caption (chosen with the paperclip: the tray shows each with
// its progress), a PDF and a voice message recorded from Chromium's fake microphone; Bo (a
// phone, 375 px, dark) sees the album's grid with its placeholders and thumbnails, opens the
// viewer and moves through it with the keyboard, sees the PDF's card (its first page) and
// downloads it, and plays the voice message from its waveform. A larger upload, slowed down,
// shows its progress, stops when the browser goes offline, waits, and resumes from the
// server's offset when back online (one upload created, not two); a file over the server's
// limit is refused in words before any upload; a WebM made with ffmpeg shows its poster and
// plays in place. Screenshots of each screen, light and dark,
// desktop and phone; axe finds nothing serious on them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { audit, launchBrowser, message, newPage, openChat, pageErrors, register, screenshot, send, startChat, startParley, waitUntil } from './helpers.mjs';
import { png } from '../../tests/support/png.mjs';

const CAPTION = 'Our trip to the coast';
const HELLO = 'Photos from Saturday coming';


/** A one-page PDF saying `text` in large letters (its cross-reference table computed). */
function makePdf(text) {
  const stream = `BT /F1 42 Tf 60 680 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
function file(name, bytes) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

/** Waits until every image in `locator` has loaded, with pixels. */
async function imagesLoaded(locator, count) {
  await waitUntil(
    () => locator.evaluateAll((imgs, n) => imgs.length === n && imgs.every((img) => img.complete && img.naturalWidth > 0), count),
    `${count} image(s) loaded`,
  );
}

/** Slows the page's uploads to `bytesPerSecond` (Chromium's network emulation); -1: back to full speed. */
async function throttleUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  return cdp;
}

describe('files and media', () => {
  let server;
  let browser;
  let ada;
  let bo;
  let boDesk;
  /** Upload creations (POST /api/v1/uploads) Ada's page made. */
  const creations = [];

  before(async () => {
    server = await startParley();
    browser = await launchBrowser({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'] });
    ada = await newPage(browser);
    bo = await newPage(browser, { colorScheme: 'dark', viewport: { width: 375, height: 740 } });
    await ada.context().grantPermissions(['microphone'], { origin: server.url });
    ada.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/uploads') creations.push(r.url());
    });
    await register(ada, server.url, 'Ada');
    const boUser = await register(bo, server.url, 'Bo');
    await startChat(ada, 'Bo');
    await send(ada, HELLO);
    await openChat(bo, 'Ada');
    await message(bo, HELLO).waitFor();
    // Bo's desktop, in the dark, signed in as Bo too.
    boDesk = await newPage(browser, { colorScheme: 'dark' });
    await boDesk.goto(`${server.url}/login`);
    await boDesk.getByLabel('Email').fill(boUser.email);
    await boDesk.getByLabel('Password', { exact: true }).fill(boUser.password);
    await boDesk.getByRole('button', { name: 'Sign in' }).click();
    await boDesk.getByTestId('me-name').filter({ hasText: 'Bo' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an album of three pictures with a caption: the tray, then the grid for both', async () => {
    const pngs = [png(960, 640, 10), png(640, 960, 90), png(800, 800, 170)].map((b, i) => file(`coast-${i + 1}.png`, b));
    await ada.getByTestId('attach-input').setInputFiles(pngs);
    const tray = ada.getByTestId('composer-tray');
    await tray.getByTestId('tray-item').nth(2).waitFor();
    assert.equal(await ada.getByLabel('Message', { exact: true }).getAttribute('placeholder'), 'Add a caption…');
    await waitUntil(async () => (await tray.locator('[data-testid="tray-item"][data-status="done"]').count()) === 3, 'three uploads done');
    await ada.getByLabel('Message', { exact: true }).fill(CAPTION);
    await ada.getByLabel('Message', { exact: true }).press('Enter');
    await tray.waitFor({ state: 'detached' });

    const adaBubble = message(ada, CAPTION);
    await adaBubble.and(ada.locator('li[data-status]:not([data-status="PENDING"])')).waitFor();
    await imagesLoaded(adaBubble.getByTestId('thumbnail'), 3);

    const boBubble = message(bo, CAPTION);
    const album = boBubble.getByTestId('album');
    await album.waitFor();
    assert.equal(await album.getAttribute('data-layout'), '3');
    assert.equal(await album.getByTestId('media-tile').count(), 3);
    // Each tile has its placeholder (a decoded ThumbHash) under the thumbnail.
    const placeholders = await album.getByTestId('placeholder').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')?.slice(0, 22)));
    assert.deepEqual(placeholders, ['data:image/png;base64,', 'data:image/png;base64,', 'data:image/png;base64,']);
    await imagesLoaded(album.getByTestId('thumbnail'), 3);
    assert.match(await boBubble.locator('[data-bubble]').getAttribute('aria-label'), /^Ada, 3 photos, /);
    await screenshot(bo, 'files-01-album-375-dark.png');
    assert.deepEqual(await audit(bo), []);
    await screenshot(ada, 'files-02-album-1280-light.png');
  });

  test('the viewer opens at the picture pressed and moves with the keyboard', async () => {
    const album = message(bo, CAPTION).getByTestId('album');
    await album.getByTestId('media-tile').first().click();
    const viewer = bo.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.waitFor();
    assert.match(await viewer.getByTestId('viewer-position').innerText(), /^Photo 1 of 3 · [\d.]+ (bytes|KB|MB)$/);
    await imagesLoaded(viewer.getByTestId('viewer-full'), 1);
    await bo.keyboard.press('ArrowRight');
    await viewer.getByTestId('viewer-position').filter({ hasText: /^Photo 2 of 3/ }).waitFor();
    assert.equal(await viewer.getByTestId('viewer-name').innerText(), 'coast-2.png');
    await imagesLoaded(viewer.getByTestId('viewer-full'), 1);
    await bo.keyboard.press('+');
    await waitUntil(async () => Number(await viewer.getByTestId('viewer-image').getAttribute('data-scale')) > 1, 'zoomed in');
    await screenshot(bo, 'files-03-viewer-375-dark.png');
    assert.deepEqual(await audit(bo), []);
    await bo.keyboard.press('ArrowRight');
    await viewer.getByTestId('viewer-position').filter({ hasText: /^Photo 3 of 3/ }).waitFor();
    // The next picture starts unzoomed (its scale may follow the position by a frame).
    await waitUntil(async () => (await viewer.getByTestId('viewer-image').getAttribute('data-scale')) === '1', 'unzoomed');
    assert.match(await viewer.getByTestId('viewer-download').getAttribute('href'), /^\//);
    await bo.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    // Focus is back on the tile that opened it.
    assert.equal(await bo.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'media-tile');
  });

  test('a PDF: its card with its first page; downloaded whole', async () => {
    const pdf = makePdf('Quarterly report');
    await ada.getByTestId('attach-input').setInputFiles(file('report.pdf', pdf));
    await ada.getByTestId('composer-tray').locator('[data-testid="tray-item"][data-status="done"]').waitFor();
    await ada.getByRole('button', { name: 'Send the file' }).click();
    const card = bo.getByTestId('document-card').filter({ hasText: 'report.pdf' });
    await card.waitFor();
    await card.getByText(/^\d+(\.\d)? (bytes|KB)$/).waitFor();
    await imagesLoaded(card.getByTestId('document-thumbnail'), 1);
    const [download] = await Promise.all([bo.waitForEvent('download'), card.getByTestId('document-download').click()]);
    assert.equal(download.suggestedFilename(), 'report.pdf');
    const saved = path.join(dir, 'saved.pdf');
    await download.saveAs(saved);
    assert.deepEqual(fs.readFileSync(saved), pdf);
  });

  test('a voice message from the microphone: recorded, previewed, sent, played from its waveform', async () => {
    // Held, then slid to the left: cancelled, nothing to send.
    const mic = ada.getByRole('button', { name: 'Record a voice message' });
    const box = await mic.boundingBox();
    await ada.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ada.mouse.down();
    await ada.getByTestId('voice-timer').filter({ hasText: /^0:01$/ }).waitFor({ timeout: 10000 });
    await ada.mouse.move(box.x - 150, box.y + box.height / 2, { steps: 6 });
    await ada.getByTestId('voice-recording').waitFor({ state: 'detached' });
    await ada.mouse.up();
    assert.equal(await ada.getByTestId('voice-preview').count(), 0, 'cancelled: no preview');

    await mic.press('Enter'); // hands-free
    await ada.getByTestId('voice-recording').waitFor();
    await ada.getByTestId('voice-timer').filter({ hasText: /^0:0[2-9]$/ }).waitFor({ timeout: 10000 });
    await ada.getByRole('button', { name: 'Stop recording' }).click();
    const preview = ada.getByTestId('voice-preview');
    await preview.waitFor();
    await screenshot(ada, 'files-04-voice-preview-1280-light.png');
    assert.deepEqual(await audit(ada), []);
    await preview.getByRole('button', { name: 'Send voice message' }).click();
    await preview.waitFor({ state: 'detached' });

    const player = bo.getByTestId('voice-player').last();
    await player.waitFor();
    await waitUntil(async () => (await player.getByTestId('waveform').getAttribute('data-bars')) === '64', 'the waveform of 64 bars');
    const slider = player.getByRole('slider');
    assert.match(await slider.getAttribute('aria-label'), /^Position in voice message from Ada$/);
    assert.ok(Number(await slider.getAttribute('aria-valuemax')) >= 1, 'it lasts a second or more');
    await player.getByTestId('voice-play').click();
    await waitUntil(async () => (await player.getByTestId('voice-play').getAttribute('data-playing')) === 'true', 'playing');
    await player.getByTestId('voice-speed').click();
    assert.equal(await player.getByTestId('voice-speed').innerText(), '1.5×');
    await slider.focus();
    await bo.keyboard.press('End');
    await waitUntil(async () => (await slider.getAttribute('aria-valuenow')) === (await slider.getAttribute('aria-valuemax')), 'at the end');
    await player.scrollIntoViewIfNeeded();
    await screenshot(bo, 'files-05-pdf-voice-375-dark.png');
    await openChat(boDesk, 'Ada');
    await boDesk.getByTestId('voice-player').last().waitFor();
    await imagesLoaded(boDesk.getByTestId('document-thumbnail'), 1);
    await boDesk.getByTestId('voice-player').last().scrollIntoViewIfNeeded();
    await screenshot(boDesk, 'files-06-chat-1280-dark.png');
    assert.deepEqual(await audit(boDesk), []);
  });

  test('a large upload shows its progress, waits while offline and resumes where it stopped', async () => {
    // 20 MiB: three chunks of at most 8 MiB, at 4 MiB/s.
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i >> 12) & 255;
    const before = creations.length;
    const cdp = await throttleUploads(ada, 4 * 1024 * 1024);
    await ada.getByTestId('attach-input').setInputFiles(file('dataset.bin', big));
    const item = ada.getByTestId('tray-item').filter({ hasText: 'dataset.bin' });
    const bar = item.getByRole('progressbar', { name: 'Uploading dataset.bin' });
    await waitUntil(async () => Number(await bar.getAttribute('aria-valuenow')) >= 5, 'some progress');
    await screenshot(ada, 'files-07-tray-progress-1280-light.png');
    assert.deepEqual(await audit(ada), []);
    await ada.getByLabel('Message', { exact: true }).fill('The data set');
    await ada.getByLabel('Message', { exact: true }).press('Enter');
    // The message shows at once, uploading.
    const pending = message(ada, 'The data set');
    await pending.getByTestId('uploading').waitFor();
    const card = pending.getByTestId('pending-card');
    await card.waitFor();
    await screenshot(ada, 'files-08-uploading-1280-light.png');
    // The same on a phone.
    await ada.setViewportSize({ width: 375, height: 740 });
    await card.scrollIntoViewIfNeeded();
    await screenshot(ada, 'files-08b-uploading-375-light.png');
    await ada.setViewportSize({ width: 1280, height: 800 });

    // Offline past the first chunk: a request on its way is not cut (Chromium's emulation), the
    // next one fails, and the upload waits. (The session that throttles is the one that says
    // offline: Chromium keeps network conditions per DevTools session.)
    await waitUntil(async () => Number(await card.getByRole('progressbar').getAttribute('aria-valuenow')) >= 45, 'past the first chunk');
    await ada.context().setOffline(true);
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await pending.locator('[data-testid="pending-card"][data-status="waiting"]').waitFor({ timeout: 30000 });
    await card.getByText('Waiting for the connection…').waitFor();
    const stoppedAt = Number(await card.getByRole('progressbar').getAttribute('aria-valuenow'));
    assert.ok(stoppedAt > 0 && stoppedAt < 100, `stopped part-way (${stoppedAt}%)`);
    await screenshot(ada, 'files-09-waiting-1280-light.png');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await ada.context().setOffline(false);
    await pending.and(ada.locator('li[data-status]:not([data-status="PENDING"])')).waitFor({ timeout: 30000 });
    assert.equal(creations.length - before, 1, 'one upload, resumed, not started again');
    await bo.getByTestId('document-card').filter({ hasText: 'dataset.bin' }).getByText('21 MB').waitFor();
    await cdp.detach();
  });

  test('a file over the server’s limit is refused before uploading, in words', async () => {
    const limit = await ada.evaluate(async () => {
      const res = await fetch('/api/v1/uploads', { method: 'OPTIONS', headers: { Authorization: `Bearer ${localStorage.getItem('parley.token')}` } });
      return Number(res.headers.get('Tus-Max-Size'));
    });
    assert.ok(limit > 0, 'the server announces its limit (Tus-Max-Size)');
    const before = creations.length;
    // A sparse file: as large as the limit and one byte more, without writing it all.
    const p = path.join(dir, 'huge.iso');
    const fd = fs.openSync(p, 'w');
    fs.ftruncateSync(fd, limit + 1);
    fs.closeSync(fd);
    await ada.getByTestId('attach-input').setInputFiles(p);
    const notice = ada.getByTestId('tray-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /^huge\.iso is [\d.]+ [KMGT]B; the limit is [\d.]+ [KMGT]B\.$/);
    assert.equal(creations.length, before, 'nothing uploaded');
    await ada.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('a video: its poster, then played in place from the server (ranges)', async () => {
    const webm = path.join(dir, 'clip.webm');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '2',
      '-c:v', 'libvpx', '-b:v', '200k', webm]);
    await ada.getByTestId('attach-input').setInputFiles(webm);
    await ada.getByTestId('composer-tray').locator('[data-testid="tray-item"][data-status="done"]').waitFor();
    await ada.getByRole('button', { name: 'Send the file' }).click();
    const poster = bo.getByTestId('video-poster').last();
    await poster.waitFor();
    await imagesLoaded(poster.getByTestId('thumbnail'), 1);
    await poster.click();
    const player = bo.getByTestId('video-player').last();
    await player.waitFor();
    // Decoded frames arrived: the browser fetched the file through its signed link.
    await waitUntil(() => player.evaluate((v) => v.readyState >= 2 && v.videoWidth === 320), 'the video plays');
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
