// @vitest-environment happy-dom
// "Moderation notices" in the Privacy dialog against the fake server: the empty state; the
// notices the latest first, each with its kind, its group and its words (a warning, a mute with
// its end); a notice heard while it shows joining it at once, and said in a toast.
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ModerationNotices } from './ModerationNotices';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup(seed: (server: FakeServer, me: string, carol: string, group: string) => Promise<void> = async () => undefined) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const carol = server.addUser('Carol', true);
  const group = server.addGroup('Team', [carol.id, me.id]);
  server.moderation.admins = [carol.email];
  await seed(server, me.id, carol.id, group.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), automodApi: server.automod });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected' && store.slices.chats.get().ready, 'connected');
  const t = await renderDialog(store, <ModerationNotices />, cleanups);
  await t.wait(() => t.q('[role="status"]') === null, 'loaded');
  const rows = () => [...t.el.querySelectorAll('[data-testid="moderation-notice"]')].map((li) => li.textContent ?? '');
  return { server, store, me, carol, group, rows, ...t };
}

it('says when there is nothing', async () => {
  const t = await setup();
  expect(t.q('[data-testid="moderation-notices-empty"]')?.textContent).toBe('No notices.');
  expect(t.q('h3')?.textContent).toBe('Moderation notices');
});

it('lists the notices, the latest first, and one heard while it shows', async () => {
  const t = await setup(async (server, me, carol, group) => {
    await server.automod.warn(`token-${carol}`, me, group, 'Be kind');
    await server.automod.mute(`token-${carol}`, me, group, 600, 'Spam');
  });
  expect(t.rows()).toEqual([
    expect.stringMatching(/^MutedTeam · .+You are muted in Team until .+: Spam$/),
    expect.stringMatching(/^WarningTeam · .+A moderator warns you \(Team\): Be kind$/),
  ]);
  await act(async () => {
    await t.server.automod.warn(`token-${t.carol.id}`, t.me.id, null, 'Mind the rules');
  });
  await t.wait(() => t.rows().length === 3, 'heard');
  expect(t.rows()[0]).toMatch(/^Warning.+A moderator warns you: Mind the rules$/);
  expect(t.store.getState().toast?.text).toBe('A moderator warns you: Mind the rules');
});
