// Helpers for the browser tests: the real `parley` serving the built client (web/dist), and
// Debian's Chromium driven by playwright-core.
//
// Nothing here sleeps to synchronise: every wait is on a selector, a page condition or a
// process event, and timeouts only turn a hang into a failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, '..');
export const repoRoot = path.resolve(webRoot, '..');

export const PARLEY_BIN = process.env.PARLEY_BIN || path.join(repoRoot, 'build/server/app/parley');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || path.join(repoRoot, 'test-output/screenshots');
export const DIST = path.join(webRoot, 'dist');
export const TIMEOUT_MS = Number(process.env.BROWSER_TIMEOUT_MS || 15000);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// ---------------------------------------------------------------------------------------------
// The server

const running = new Set();
const dataDirs = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function makeDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  dataDirs.add(dir);
  return dir;
}

function withTimeout(promise, ms, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/**
 * Starts parley on `port` (0: any free port; the bound one is read from its log line
 * "parley listening on http://HOST:PORT") serving web/dist. `args`: extra flags, later ones win.
 */
export async function startParley({ dataDir = makeDataDir(), port = 0, args = [] } = {}) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run "npm run build" first`);
  }
  const argv = [
    '--host', '127.0.0.1',
    '--port', String(port),
    '--data_dir', dataDir,
    '--web_root', DIST,
    '--log_level', 'info',
    '--threads', '2',
    '--workers', '4',
    '--password_hash_memory_kib', '1024',
    '--password_hash_ops', '1',
    '--rate_auth_burst', '100000',
    '--rate_messages_burst', '100000',
    ...args,
  ];
  const child = spawn(PARLEY_BIN, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output = (output + chunk).slice(-65536);
      const m = /parley listening on http:\/\/([^\s:]+):(\d+)/.exec(output);
      if (m) resolve(Number(m[2]));
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', onData);
    }
    child.once('error', reject);
    exited.then(({ code, signal }) =>
      reject(new Error(`parley exited (code ${code}, signal ${signal}) before listening:\n${output}`)));
  });
  let bound;
  try {
    bound = await withTimeout(listening, 20000, 'parley to log "parley listening on"');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    args,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    dataDir,
    get output() {
      return output;
    },
    /** SIGTERM and wait for the process to end. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const r = await withTimeout(exited, 20000, 'parley to exit after SIGTERM');
      return r;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The browser

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS, headless: true });
}

/** Uncaught errors in any page of this test file; each file checks it is empty at the end. */
export const pageErrors = [];

/** A fresh browser context (its own storage: one "device") with one page. */
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.stack || err}`));
  return page;
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: screenshotPath(name) });
}

let userCounter = 0;

/** Registers a new user through the UI and waits for the signed-in screen. */
export async function register(page, base, name) {
  userCounter++;
  const email = `${name.toLowerCase()}.${process.pid}.${userCounter}@example.com`;
  const password = `pw-${name}-secret`;
  await page.goto(`${base}/register`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('me-name').filter({ hasText: name }).waitFor();
  return { name, email, password };
}

export async function login(page, base, user) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').filter({ hasText: user.name }).waitFor();
}

/** Opens (creating) the private chat with `name` from the people directory. */
export async function startChat(page, name) {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('button', { name: new RegExp(`^Chat with ${name},`) }).click();
  await page.getByTestId('chat-title').filter({ hasText: name }).waitFor();
}

/** Opens an existing chat from the chat list. */
export async function openChat(page, name) {
  await page.getByRole('navigation', { name: 'Chat list' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await page.getByTestId('chat-title').filter({ hasText: name }).waitFor();
}

export async function send(page, text) {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The message list item whose text is exactly `text`. */
export function message(page, text) {
  return page
    .locator('li[data-message-id]')
    .filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/** Texts of the messages the page shows, in order. */
export async function messageTexts(page) {
  return page.locator('li[data-message-id] [data-testid="message-text"]').allInnerTexts();
}

/** Polls `fn` (sync or async) until it returns truthy; expect-style, for Node-side checks. */
export async function waitUntil(fn, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A REST call with the page's own token, as that user. */
export async function restAs(page, base, pathname) {
  return page.evaluate(
    async ([url]) => {
      const token = localStorage.getItem('parley.token');
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [`${base}${pathname}`],
  );
}
