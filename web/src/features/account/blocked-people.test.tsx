// @vitest-environment happy-dom
// "Blocked people" in the Privacy dialog against the fake server: the empty state, the people
// blocked (latest first, name, email and when), Unblock taking one out at once, a block made on
// another device showing up, and a refusal to unblock said in the server's words.
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';

import { ApiError } from '../../client/errors';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { BlockedPeople } from './BlockedPeople';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup(block: (server: FakeServer, me: string, others: string[]) => Promise<void> = async () => undefined) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  server.addChat(me.id, bob.id);
  await block(server, me.id, [bob.id, carol.id]);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  const t = await renderDialog(store, <BlockedPeople />, cleanups);
  await t.wait(() => t.q('[role="status"]') === null, 'loaded');
  const rows = () => [...t.el.querySelectorAll('[data-testid="blocked-person"]')].map((li) => li.textContent ?? '');
  return { server, store, me, bob, carol, rows, ...t };
}

it('says when nobody is blocked', async () => {
  const t = await setup();
  expect(t.q('[data-testid="blocked-empty"]')?.textContent).toBe("You haven't blocked anyone.");
  expect(t.q('section')?.getAttribute('aria-labelledby')).toBeTruthy();
});

it('lists the people blocked, the latest first, and unblocks one at once', async () => {
  const t = await setup(async (server, me, [bob, carol]) => {
    await server.blocks.set(me, bob!, true);
    await server.blocks.set(me, carol!, true);
  });
  expect(t.rows()).toHaveLength(2);
  expect(t.rows()[0]).toContain('Carol');
  expect(t.rows()[0]).toContain('carol@example.com');
  expect(t.rows()[0]).toMatch(/Blocked \S/);
  expect(t.rows()[1]).toContain('Bob');
  const unblockBob = t.q<HTMLButtonElement>('button[aria-label="Unblock Bob"]')!;
  expect(unblockBob.textContent).toBe('Unblock');
  await t.click(unblockBob);
  await t.wait(() => t.rows().length === 1, 'Bob unblocked');
  expect(t.rows()[0]).toContain('Carol');
  expect(t.server.blocks.has(t.me.id, t.bob.id)).toBe(false);
});

it('shows a block made on another device, and a refusal in the server\'s words', async () => {
  const t = await setup();
  await act(async () => {
    await t.server.blocks.set(t.me.id, t.bob.id, true);
  });
  await t.wait(() => t.rows().length === 1, 'Bob listed');
  t.server.blocks.failChanges = [new ApiError(503, 'unavailable', 'Try again later')];
  await t.click(t.q('button[aria-label="Unblock Bob"]'));
  await t.wait(() => t.q('[data-testid="blocked-error"]') !== null, 'refused');
  expect(t.q('[data-testid="blocked-error"]')?.textContent).toBe('Could not unblock: Try again later');
  expect(t.rows()).toHaveLength(1);
});
