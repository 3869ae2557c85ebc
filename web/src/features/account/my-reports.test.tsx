// @vitest-environment happy-dom
// "My reports" in the Privacy dialog against the fake server: the empty state; each report with
// what it was about, why, the day and its status (Open, Dismissed, Resolved), the latest first,
// a resolved one saying how (the message deleted, the sender removed from the group); "Load
// more" reading older ones; a report sent while it shows joining it.
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { MyReports } from './MyReports';
import { renderDialog } from './render-dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup(seed: (server: FakeServer, me: string, bob: string, msg: string, group: string) => Promise<void> = async () => undefined) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const admin = server.addUser('Ada', true);
  server.moderation.admins = [admin.email];
  server.moderation.reportLimit = 100;
  const chat = server.addChat(me.id, bob.id);
  const [m] = server.store(chat.id, bob.id, 'Spam!');
  const group = server.addGroup('Team', [bob.id, me.id]);
  await seed(server, me.id, bob.id, m!.id, group.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  const t = await renderDialog(store, <MyReports />, cleanups);
  await t.wait(() => t.q('[role="status"]') === null, 'loaded');
  const rows = () => [...t.el.querySelectorAll('[data-testid="my-report"]')].map((li) => li.textContent ?? '');
  const statuses = () => [...t.el.querySelectorAll('[data-testid="my-report-status"]')].map((e) => e.textContent);
  const outcomes = () => [...t.el.querySelectorAll('[data-testid="my-report-outcome"]')].map((e) => e.textContent);
  return { server, store, me, bob, admin, msg: m!.id, group, rows, statuses, outcomes, ...t };
}

it('says when nothing was reported', async () => {
  const t = await setup();
  expect(t.q('[data-testid="my-reports-empty"]')?.textContent).toBe("You haven't reported anything.");
  expect(t.q('section')?.getAttribute('aria-labelledby')).toBeTruthy();
});

it('lists the reports, the latest first, with their status in words', async () => {
  const t = await setup(async (server, me, bob, msg, group) => {
    await server.moderation.report(me, { kind: 'message', targetId: msg, category: 'spam', comment: 'Ads' });
    await server.moderation.report(me, { kind: 'user', targetId: bob, category: 'harassment' });
    await server.moderation.report(me, { kind: 'group', targetId: group, category: 'sexual' });
  });
  const [first, second] = t.server.moderation.reports;
  await t.server.moderation.act(t.admin.id, first!.id, 'delete');
  await t.server.moderation.act(t.admin.id, second!.id, 'dismiss');
  // Read again as the dialog opens again.
  await act(async () => {
    await t.store.moderation.mine.open(null);
  });
  expect(t.rows()).toHaveLength(3);
  expect(t.rows()[0]).toContain('Group · Sexual content');
  expect(t.rows()[1]).toContain('Person · Harassment');
  expect(t.rows()[2]).toContain('Message · Spam');
  expect(t.rows()[2]).toContain('“Ads”');
  expect(t.rows()[2]).toMatch(/Reported \S/);
  expect(t.statuses()).toEqual(['Status: Open', 'Status: Dismissed', 'Status: Resolved']);
  expect(t.outcomes()).toEqual(['Message deleted']);
  expect(t.rows()[2]).toMatch(/Reported .+ · Message deleted · “Ads”/);
});

it('says a report that ended in the sender\'s removal from the group', async () => {
  const t = await setup(async (server, me, bob) => {
    const club = server.addGroup('Club', [me, bob]);
    const [rude] = server.store(club.id, bob, 'Rude words');
    await server.moderation.report(me, { kind: 'message', targetId: rude!.id, category: 'harassment' });
    // Me owns the group: Me removes Bob.
    await server.moderation.act(me, server.moderation.reports[0]!.id, 'remove');
  });
  expect(t.rows()).toHaveLength(1);
  expect(t.rows()[0]).toContain('Message · Harassment');
  expect(t.statuses()).toEqual(['Status: Resolved']);
  expect(t.outcomes()).toEqual(['Sender removed from the group']);
});

it('reads older reports with Load more, and shows a report sent meanwhile at once', async () => {
  const t = await setup(async (server, me, bob) => {
    for (let i = 0; i < 21; i++) await server.moderation.report(me, { kind: 'user', targetId: bob, category: i === 0 ? 'violence' : 'spam' });
  });
  expect(t.rows()).toHaveLength(20);
  const more = [...t.el.querySelectorAll('button')].find((b) => b.textContent === 'Load more')!;
  await t.click(more);
  await t.wait(() => t.rows().length === 21, 'older');
  expect(t.rows()[20]).toContain('Violence');
  expect([...t.el.querySelectorAll('button')].some((b) => b.textContent === 'Load more')).toBe(false);

  await act(async () => {
    await t.store.moderation.report({ kind: 'group', targetId: t.group.id, category: 'illegal' });
  });
  expect(t.rows()).toHaveLength(22);
  expect(t.rows()[0]).toContain('Group · Illegal');
});
