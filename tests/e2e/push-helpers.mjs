// Web Push tests' helpers: the push service stand-in (web-push-testing, from
// scripts/services.sh: PARLEY_TEST_PUSH_URL), a browser's subscription at it registered with
// Parley, and the pushes a device received, decrypted by the stand-in.
import assert from 'node:assert/strict';

import { get, request } from './helpers.mjs';

export const PUSH = process.env.PARLEY_TEST_PUSH_URL;

/** The server options the push tests run with: the stand-in is on loopback, jobs are polled often. */
export const PUSH_ARGS = ['--push_insecure_endpoints', 'on', '--job_poll_ms', '100'];

export async function pushService(path, body) {
  assert.ok(PUSH, 'PARLEY_TEST_PUSH_URL is not set: run under scripts/services.sh');
  const res = await fetch(`${PUSH}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, json, text };
}

// A browser's subscription at the push service for the server's key, registered for `user`.
export async function subscribeDevice(server, user, label = 'Chromium on Linux') {
  const key = await get(server, '/api/v1/push/key', user.token);
  assert.equal(key.status, 200);
  const made = await pushService('/subscribe', { applicationServerKey: key.json.publicKey, userVisibleOnly: 'true' });
  assert.equal(made.status, 200, JSON.stringify(made.json));
  const { endpoint, keys, clientHash } = made.json.data;
  const res = await request(server, 'POST', '/api/v1/push/subscriptions', {
    token: user.token,
    body: { endpoint, expirationTime: null, keys, label },
  });
  assert.equal(res.status, 201, res.text);
  return { id: res.json.id, endpoint, keys, clientHash };
}

export async function received(device) {
  const res = await pushService('/get-notifications', { clientHash: device.clientHash });
  if (res.status !== 200) return [];  // none yet (web-push-testing answers 400 until one came)
  return res.json.data.messages.map((text) => JSON.parse(text));
}

// The pushes a device received once there are `count` of them.
export async function pushesOnce(device, count, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await received(device);
    if (got.length >= count) return got;
    if (Date.now() > deadline) assert.fail(`${count} pushes expected, ${got.length} came: ${JSON.stringify(got)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// How many jobs of `kind` the server's instances have run (each instance counts its own; a
// cluster's url alternates between its two instances).
export async function jobRuns(server, kind = 'notify_message') {
  const urls = new Set([server.url, server.url]);
  let total = 0;
  const pattern = new RegExp(`^parley_job_run_seconds_count\\{kind="${kind}"\\} (\\d+)$`, 'm');
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    total += Number(text.match(pattern)?.[1] ?? 0);
  }
  return total;
}

export async function runsReach(server, count, kind = 'notify_message', ms = 10000) {
  const deadline = Date.now() + ms;
  while ((await jobRuns(server, kind)) < count) {
    if (Date.now() > deadline) assert.fail(`${kind} jobs never reached ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
