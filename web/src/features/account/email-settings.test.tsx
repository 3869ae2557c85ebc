// @vitest-environment happy-dom
// The Notifications dialog's Email section against the fake server: one muted line when the
// server sends no email; the address not verified, "Verify address" has the link emailed and
// says where it went, or why not in the server's words (asked too often, no email, no
// connection); the link opened (anywhere) shows the address verified with the switch and the
// delay, each saved at once, the delay offered in words and refused in words when the server
// does.
import { afterEach, expect, it } from 'vitest';
import { act } from 'react';

import { ApiError } from '../../client/errors';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { NotificationsDialog } from './NotificationsDialog';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup(prepare: (server: FakeServer) => void = () => undefined) {
  const server = new FakeServer();
  const me = server.addUser('Ben', true);
  prepare(server);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');
  const { el, q, wait, click } = await renderDialog(store, <NotificationsDialog onClose={() => undefined} />, cleanups);
  await wait(() => q('[data-testid="email-settings"]') !== null, 'shown');
  const text = (id: string) => q(`[data-testid="${id}"]`)?.textContent ?? '';
  const section = () => q('[data-testid="email-settings"]')!;
  const button = (name: string) => [...section().querySelectorAll('button')].find((b) => b.textContent === name) ?? null;
  return { server, store, me, el, q, wait, click, text, section, button };
}

it('says in one line that the server sends no email', async () => {
  const t = await setup((server) => {
    server.notifications.emailEnabled = false;
  });
  expect(t.text('email-unavailable')).toBe('This server sends no email.');
  expect(t.section().querySelector('button, select')).toBeNull();
  expect(t.q('[data-testid="email-address"]')).toBeNull();
});

it('emails the link that verifies the address, says where it went, and shows the switch once it is opened', async () => {
  const t = await setup();
  expect(t.text('email-address')).toBe(t.me.email);
  expect(t.text('email-verified')).toBe('Not verified');
  expect(t.q('[data-testid="email-switch"]')).toBeNull();
  expect(t.q('[data-testid="email-sent"]')?.getAttribute('role')).toBe('status');
  expect(t.text('email-sent')).toBe('');

  await t.click(t.button('Verify address'));
  await t.wait(() => t.text('email-sent') !== '', 'sent');
  expect(t.text('email-sent')).toBe(`We sent a link to ${t.me.email}. Open it to verify your address.`);
  expect(t.server.notifications.mails).toEqual([{ to: t.me.email, kind: 'verify', token: expect.any(String) }]);
  expect(t.button('Send the link again')).not.toBeNull();

  // The link opened, on this device or another: the server tells the dialog.
  await act(async () => {
    await t.server.notifications.verifyEmail(t.server.notifications.mails[0]!.token);
  });
  await t.wait(() => t.q('[data-testid="email-switch"]') !== null, 'the switch');
  expect(t.text('email-verified')).toBe('Verified');
  expect(t.q('[data-testid="email-verify"]')).toBeNull();
  expect(t.q('[data-testid="email-switch"]')?.getAttribute('aria-checked')).toBe('true');
  const select = t.q<HTMLSelectElement>('[data-testid="email-delay"]')!;
  expect(t.el.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('Email after a message is unread for');
  expect([...select.options].map((o) => o.textContent)).toEqual(['5 minutes', '15 minutes', '30 minutes', '1 hour', '3 hours', '12 hours', '24 hours']);
  expect(select.value).toBe('15');
});

it('says why the link was not sent, in the server\'s words', async () => {
  const t = await setup();
  for (let i = 0; i < 3; i++) await t.server.notifications.requestEmailVerification(`token-${t.me.id}`);
  await t.click(t.button('Verify address'));
  await t.wait(() => t.q('[data-testid="email-error"]') !== null, 'refused');
  expect(t.q('[data-testid="email-error"]')?.getAttribute('role')).toBe('alert');
  expect(t.text('email-error')).toBe('Could not send the link: A verification email was sent just now; check your inbox');
  expect(t.text('email-sent')).toBe('');

  t.server.restDown = true;
  await t.click(t.button('Verify address'));
  await t.wait(() => t.text('email-error').includes('Cannot reach the server'), 'no connection');
});

it('saves the switch and the delay at once, and shows a refusal with what the server has', async () => {
  const t = await setup();
  await act(async () => {
    await t.server.notifications.requestEmailVerification(`token-${t.me.id}`);
    await t.server.notifications.verifyEmail(t.server.notifications.mails[0]!.token);
  });
  await t.wait(() => t.q('[data-testid="email-switch"]') !== null, 'verified');

  const select = () => t.q<HTMLSelectElement>('[data-testid="email-delay"]')!;
  const choose = (value: string) =>
    act(async () => {
      select().value = value;
      select().dispatchEvent(new Event('change', { bubbles: true }));
    });
  await choose('180');
  await t.wait(() => t.store.notifications.view.get().save === 'saved', 'saved');
  expect(t.server.notifications.of(t.me.id).emailDelayMinutes).toBe(180);
  expect(select().value).toBe('180');

  await t.click(t.q('[data-testid="email-switch"]'));
  expect(t.q('[data-testid="email-switch"]')?.getAttribute('aria-checked')).toBe('false');
  expect(select().disabled).toBe(true);
  await t.wait(() => t.server.notifications.of(t.me.id).email === false && t.store.notifications.view.get().save === 'saved', 'off');
  expect(t.server.notifications.changes.map(([, body]) => body)).toEqual([{ emailDelayMinutes: 180 }, { email: false }]);

  t.server.notifications.failChanges = [new ApiError(400, 'invalid_input', 'emailDelayMinutes must be at most 1440')];
  await t.click(t.q('[data-testid="email-switch"]'));
  await t.wait(() => t.text('notifications-error') === 'Not saved: emailDelayMinutes must be at most 1440', 'refused');
  expect(t.q('[data-testid="email-switch"]')?.getAttribute('aria-checked')).toBe('false');
});
