// @vitest-environment happy-dom
// The pages of the links Parley emails, against the fake server: /verify-email verifies at once
// (once, however often it is rendered) and says the address is verified with a link that opens
// Parley, or the server's refusal with the way back (and Try again when the server could not be
// reached); /unsubscribe changes nothing until "Stop email digests" is pressed, then confirms,
// or says why not in the server's words and lets the person try again.
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, settle } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { UnsubscribePage } from './UnsubscribePage';
import { VerifyEmailPage } from './VerifyEmailPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A signed-out page with the fake server: the links need no session. */
async function show(page: (server: FakeServer) => ReactNode, prepare: (server: FakeServer) => Promise<void> | void = () => undefined) {
  const server = new FakeServer();
  const ben = server.addUser('Ben', true);
  await prepare(server);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
    store.destroy();
  });
  await act(async () => root.render(<StoreProvider store={store}>{page(server)}</StoreProvider>));
  const q = (sel: string) => el.querySelector<HTMLElement>(sel);
  const text = (id: string) => q(`[data-testid="${id}"]`)?.textContent ?? '';
  const state = (id: string) => q(`[data-testid="${id}"]`)?.dataset.state;
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const button = (name: string) => [...el.querySelectorAll('button')].find((b) => b.textContent === name) ?? null;
  const click = (b: HTMLElement | null) =>
    act(async () => {
      if (!b) throw new Error('nothing to click');
      b.click();
    });
  return { server, ben, el, q, text, state, wait, button, click };
}

/** The fake's verification link for Ben. */
async function verificationLink(server: FakeServer): Promise<string> {
  const ben = server.userList[0]!;
  await server.notifications.requestEmailVerification(`token-${ben.id}`);
  return server.notifications.mails.at(-1)!.token;
}

it('verifies the address at once and says so, with a link that opens Parley', async () => {
  let token = '';
  const t = await show(
    () => <VerifyEmailPage token={token} />,
    async (server) => {
      token = await verificationLink(server);
    },
  );
  await t.wait(() => t.state('verify-email') === 'verified', 'verified');
  expect(t.q('h1')?.textContent).toBe('Address verified');
  expect(t.text('verify-email-result')).toBe(`Your address ${t.ben.email} is verified.`);
  expect(t.q('[data-testid="verify-email-result"]')?.getAttribute('role')).toBe('status');
  expect(t.q('[data-testid="open-parley"]')?.getAttribute('href')).toBe('/');
  expect(t.q('[data-testid="open-parley"]')?.textContent).toBe('Open Parley');
  expect(t.server.notifications.of(t.ben.id).emailVerified).toBe(true);
  expect(t.server.notifications.linkCalls).toEqual([['verify', token]]);
  // The outcome's heading has focus, so it is read out.
  expect(document.activeElement).toBe(t.q('h1'));
});

it('shows the server\'s refusal of a link with the way back, and Try again only when the server was not reached', async () => {
  const t = await show(() => <VerifyEmailPage token="forged" />);
  await t.wait(() => t.state('verify-email') === 'failed', 'failed');
  expect(t.q('h1')?.textContent).toBe('This link did not work');
  expect(t.q('[data-testid="verify-email-error"]')?.getAttribute('role')).toBe('alert');
  expect(t.text('verify-email-error')).toBe('This link is not valid or has expired; ask for a new one');
  expect(t.text('open-parley')).toBe('Back to Parley');
  expect(t.button('Try again')).toBeNull();

  let token = '';
  const down = await show(
    () => <VerifyEmailPage token={token} />,
    async (server) => {
      token = await verificationLink(server);
      server.restDown = true;
    },
  );
  await down.wait(() => down.state('verify-email') === 'failed', 'failed');
  expect(down.text('verify-email-error')).toContain('Cannot reach the server');
  down.server.restDown = false;
  await down.click(down.button('Try again'));
  await down.wait(() => down.state('verify-email') === 'verified', 'verified on the second try');
});

it('says a link without its token is not complete, asking the server nothing', async () => {
  const t = await show(() => <VerifyEmailPage token="" />);
  expect(t.state('verify-email')).toBe('failed');
  expect(t.text('verify-email-error')).toBe('This link is not complete. Open the link from the email again.');
  await settle();
  expect(t.server.notifications.linkCalls).toEqual([]);
});

it('asks before stopping digests, then stops them and confirms', async () => {
  let token = '';
  const t = await show(
    () => <UnsubscribePage token={token} />,
    (server) => {
      token = server.notifications.digestMailed(server.userList[0]!.id);
    },
  );
  expect(t.q('h1')?.textContent).toBe('Stop email digests?');
  await settle();
  // Opening the page changed nothing.
  expect(t.server.notifications.linkCalls).toEqual([]);
  expect(t.server.notifications.of(t.ben.id).email).toBe(true);

  await t.click(t.button('Stop email digests'));
  await t.wait(() => t.state('unsubscribe') === 'stopped', 'stopped');
  expect(t.q('h1')?.textContent).toBe('Email digests stopped');
  expect(t.text('unsubscribe-result')).toBe('Parley will not email you about unread messages any more.');
  expect(t.server.notifications.of(t.ben.id).email).toBe(false);
  expect(t.server.notifications.linkCalls).toEqual([['unsubscribe', token]]);
  expect(document.activeElement).toBe(t.q('h1'));
});

it('says why digests were not stopped, in the server\'s words, and tries again', async () => {
  const t = await show(() => <UnsubscribePage token="unsubscribe.nobody" />);
  await t.click(t.button('Stop email digests'));
  await t.wait(() => t.state('unsubscribe') === 'failed', 'failed');
  expect(t.q('[data-testid="unsubscribe-error"]')?.getAttribute('role')).toBe('alert');
  expect(t.text('unsubscribe-error')).toBe('Could not stop them: This link is not valid or has expired');
  await t.click(t.button('Stop email digests'));
  await t.wait(() => t.server.notifications.linkCalls.length === 2, 'asked again');
});
