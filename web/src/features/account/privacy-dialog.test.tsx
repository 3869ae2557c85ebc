// @vitest-environment happy-dom
// The Privacy dialog against the fake server: it loads the settings, each switch and radio
// saves at once ("Saved."), people are added to an exception list from the directory and taken
// out again (moving between the lists), and a refusal shows in words with what the server has
// put back.
import { afterEach, expect, it } from 'vitest';

import { ApiError } from '../../client/errors';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { PrivacyDialog } from './PrivacyDialog';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');

  const { el, q, wait, click } = await renderDialog(store, <PrivacyDialog onClose={() => undefined} />, cleanups);
  const status = () => q('[data-testid="privacy-status"]')?.textContent ?? '';
  await wait(() => q('[data-testid="privacy-read-receipts"]') !== null, 'loaded');
  return { server, store, me, bob, el, q, wait, click, status };
}

it('saves each switch and radio at once and says so', async () => {
  const t = await setup();
  const receipts = t.q('[data-testid="privacy-read-receipts"]')!;
  expect(receipts.getAttribute('role')).toBe('switch');
  expect(receipts.getAttribute('aria-checked')).toBe('true');
  expect(t.el.querySelector(`#${CSS.escape(receipts.getAttribute('aria-describedby')!)}`)?.textContent).toContain(
    "you don't see when people read yours in private chats either",
  );
  expect(t.status()).toBe('Changes are saved at once.');

  await t.click(receipts);
  expect(receipts.getAttribute('aria-checked')).toBe('false');
  await t.wait(() => t.status() === 'Saved.', 'saved');
  expect(t.server.privacy.of(t.me.id).readReceipts).toBe(false);

  await t.click(t.q('[data-testid="privacy-typing"]'));
  const nobody = t.q<HTMLInputElement>('input[type="radio"][value="nobody"]')!;
  expect(t.q<HTMLInputElement>('input[type="radio"][value="everybody"]')!.checked).toBe(true);
  await t.click(nobody);
  expect(nobody.checked).toBe(true);
  await t.wait(() => t.status() === 'Saved.' && t.server.privacy.patches.length === 3, 'saved');
  expect(t.server.privacy.patches).toEqual([{ readReceipts: false }, { typing: false }, { lastSeen: 'nobody' }]);
});

it('adds people to an exception list from the directory, moves them, and removes them', async () => {
  const t = await setup();
  const always = t.q('[data-testid="privacy-always"]')!;
  const never = t.q('[data-testid="privacy-never"]')!;
  expect(always.textContent).toContain('Nobody.');
  const add = always.querySelector('button[aria-expanded]')!;
  expect(add.getAttribute('aria-label')).toBe('Add people to Always share with');
  await t.click(add);
  expect(add.getAttribute('aria-expanded')).toBe('true');
  await t.wait(() => always.querySelector(`input[data-user-id="${t.bob.id}"]`) !== null, 'Bob offered');
  // The user is not offered.
  expect(always.querySelector(`input[data-user-id="${t.me.id}"]`)).toBeNull();
  await t.click(always.querySelector(`input[data-user-id="${t.bob.id}"]`));
  await t.wait(() => always.querySelector('[aria-label="Remove Bob from Always share with"]') !== null, 'Bob listed');
  await t.wait(() => t.status() === 'Saved.', 'saved');
  expect(t.server.privacy.of(t.me.id).always).toEqual([t.bob.id]);

  // Into "Never share with": out of "Always share with".
  await t.click(never.querySelector('button[aria-expanded]'));
  await t.wait(() => never.querySelector(`input[data-user-id="${t.bob.id}"]`) !== null, 'Bob offered');
  await t.click(never.querySelector(`input[data-user-id="${t.bob.id}"]`));
  await t.wait(() => never.querySelector('[aria-label="Remove Bob from Never share with"]') !== null, 'Bob in never');
  expect(always.querySelector('[aria-label="Remove Bob from Always share with"]')).toBeNull();
  await t.wait(() => t.status() === 'Saved.', 'saved');
  expect(t.server.privacy.of(t.me.id)).toMatchObject({ always: [], never: [t.bob.id] });

  await t.click(never.querySelector('[aria-label="Remove Bob from Never share with"]'));
  await t.wait(() => t.server.privacy.of(t.me.id).never.length === 0 && t.status() === 'Saved.', 'removed');
  expect(never.textContent).toContain('Nobody.');
});

it('shows a refusal in words, with what the server has', async () => {
  const t = await setup();
  t.server.privacy.failPatches = [new ApiError(400, 'invalid_input', 'typing must be true or false')];
  const typing = t.q('[data-testid="privacy-typing"]')!;
  await t.click(typing);
  await t.wait(() => t.q('[data-testid="privacy-error"]') !== null, 'error shown');
  expect(t.q('[data-testid="privacy-error"]')!.getAttribute('role')).toBe('alert');
  expect(t.q('[data-testid="privacy-error"]')!.textContent).toBe('Not saved: typing must be true or false');
  expect(typing.getAttribute('aria-checked')).toBe('true');
});
