// @vitest-environment happy-dom
// Messages moderation keeps back, in the chat view against the fake server: one held for review
// shows "Waiting for review" with a clock and offers neither Retry nor Delete, only "Remove
// from this device" (the server keeps it held), and turns into the delivered message once a
// moderator approves it; one a moderator rejects says so, with Delete only; one a rule rejects
// says the server's words, with Delete only; one refused while muted also offers Retry.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { emptyRuleForm, ruleSettings } from '../../client/automod';
import type { RuleAction } from '../../client/automod-wire';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ChatView } from './ChatView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  window.history.replaceState(null, '', '/');
});

const Nothing = () => null;

async function setup(action: RuleAction, message?: string) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const carol = server.addUser('Carol', true);
  const group = server.addGroup('Team', [carol.id, me.id]);
  server.store(group.id, carol.id, 'Welcome');
  await server.automod.addRule(`token-${carol.id}`, group.id, ruleSettings({ ...emptyRuleForm(), name: 'Ads', words: 'watches', action, message: message ?? '' }));
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), automodApi: server.automod, retryDelayMs: 0 });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    store.openChat(group.id);
    root.render(
      <StoreProvider store={store}>
        <ChatView chatId={group.id} PinnedBar={Nothing} ForwardDialog={Nothing} GroupInfo={Nothing} MessageInfo={Nothing} />
      </StoreProvider>,
    );
  });
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const mine = () => [...el.querySelectorAll<HTMLElement>('li[data-own="true"]')];
  const buttons = (li: Element) => [...li.querySelectorAll('button')].map((b) => b.textContent?.trim()).filter((t) => t !== '');
  const label = (li: Element) => li.querySelector('[data-bubble]')?.getAttribute('aria-label') ?? '';
  const send = (text: string) => act(async () => store.send(group.id, text));
  return { server, store, me, carol, group, el, wait, mine, buttons, label, send };
}

it('a held message waits for review without Retry, and becomes the delivered message once approved', async () => {
  const t = await setup('hold');
  await t.send('Cheap watches');
  await t.wait(() => t.mine()[0]?.dataset.status === 'HELD', 'held');
  const li = t.mine()[0]!;
  expect(li.querySelector('[data-testid="held-text"]')?.textContent).toBe('Waiting for review');
  expect(li.querySelector('[role="img"][data-status="HELD"]')?.getAttribute('aria-label')).toBe('Waiting for review');
  expect(t.label(li)).toMatch(/, waiting for review$/);
  expect(t.buttons(li)).toEqual(['Remove from this device']);

  await act(async () => {
    await t.server.automod.decideHit(`token-${t.carol.id}`, t.server.automod.hitsKept[0]!.id, 'approve');
  });
  await t.wait(() => t.mine()[0]?.dataset.status === 'SENT', 'delivered');
  expect(t.mine()).toHaveLength(1);
  expect(t.mine()[0]!.querySelector('[data-testid="held-note"]')).toBeNull();
  expect(t.mine()[0]!.querySelector('[data-testid="message-text"]')?.textContent).toBe('Cheap watches');
});

it('a held message is removed from this device only: the bubble goes, the server keeps it for review', async () => {
  const t = await setup('hold');
  await t.send('Cheap watches');
  await t.wait(() => t.mine()[0]?.dataset.status === 'HELD', 'held');
  const remove = [...t.mine()[0]!.querySelectorAll('button')].find((b) => b.textContent === 'Remove from this device')!;
  expect(remove.title).toBe("It stays waiting for a moderator's review, and is delivered if approved");
  expect(t.store.slices.held.get()).toHaveLength(1);
  await act(async () => remove.click());
  await t.wait(() => t.mine().length === 0, 'removed');
  expect(t.store.slices.held.get()).toEqual([]);
  expect(t.server.automod.hitsKept[0]!.status).toBe('held');
});

it('a held message a moderator rejects says so, with Delete only', async () => {
  const t = await setup('hold');
  await t.send('More watches');
  await t.wait(() => t.mine()[0]?.dataset.status === 'HELD', 'held');
  await act(async () => {
    await t.server.automod.decideHit(`token-${t.carol.id}`, t.server.automod.hitsKept[0]!.id, 'reject');
  });
  await t.wait(() => t.mine()[0]?.dataset.status === 'FAILED', 'rejected');
  const li = t.mine()[0]!;
  expect(li.querySelector('[data-testid="failed-note"] span')?.textContent).toBe('Rejected by a moderator');
  expect(t.label(li)).toMatch(/, rejected by a moderator$/);
  expect(t.buttons(li)).toEqual(['Delete']);
});

it('a message a rule rejects shows the server\'s words with Delete only; one refused while muted also offers Retry', async () => {
  const rejected = await setup('reject', 'No watch ads here');
  await rejected.send('watches');
  await rejected.wait(() => rejected.mine()[0]?.dataset.status === 'FAILED', 'rejected');
  expect(rejected.mine()[0]!.querySelector('[data-testid="failed-note"] span')?.textContent).toBe('Not sent: No watch ads here');
  expect(rejected.buttons(rejected.mine()[0]!)).toEqual(['Delete']);

  const muted = await setup('mute', 'Muted for ads');
  await muted.send('watches');
  await muted.wait(() => muted.mine()[0]?.dataset.status === 'FAILED', 'muted');
  expect(muted.mine()[0]!.querySelector('[data-testid="failed-note"] span')?.textContent).toBe('Not sent: Muted for ads');
  expect(muted.buttons(muted.mine()[0]!)).toEqual(['Retry', 'Delete']);
});
