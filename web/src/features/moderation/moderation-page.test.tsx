// @vitest-environment happy-dom
// The moderation page against the fake server: a moderator sees the open reports as cards (the
// reporter, the person, the category, the comment, the kept messages with the reported one
// marked), filters by status and category, dismisses one with a reason (asked first; the card
// says Dismissed) and deletes a message (Resolved); the audit log names who did what; an
// administrator's Staff tab lists the configured administrator (not removable) and gives and
// takes a role; the tab row, too narrow on a phone, hints at the tabs it hides and scrolls the
// one chosen into view; staff suspend a report's person for a chosen time (asked first; the card
// says Resolved / suspended) and lift it from the Suspensions tab; a group's owner sees its
// reports only with its chatId, and anyone else the server's refusal; a group's owner removes a
// reported sender from the group (asked first; the card says Resolved / removed), and staff who
// are no admins of the group read the server's refusal in the dialog.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { User } from '../../client/types';
import { ModerationPage } from './ModerationPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  vi.restoreAllMocks();
});

type As = 'admin' | 'moderator' | 'owner' | 'member';

async function setup(as: As, chatScope = false, seed?: (server: FakeServer, me: User, bob: User) => Promise<void>) {
  const server = new FakeServer();
  const ada = server.addUser('Ada', true);
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  server.moderation.admins = [ada.email];
  server.moderation.reportLimit = 100;
  if (as === 'moderator') server.moderation.given.set(me.id, { role: 'moderator', at: server.tick() });
  const chat = server.addChat(carol.id, bob.id);
  server.store(chat.id, carol.id, 'Hi Bob');
  const [spam] = server.store(chat.id, bob.id, 'Buy cheap watches');
  server.store(chat.id, carol.id, 'Please stop');
  const group = server.addGroup('Team', as === 'owner' ? [me.id, carol.id, bob.id] : [carol.id, me.id, bob.id]);
  const [rude] = server.store(group.id, bob.id, 'Rude words');
  await server.moderation.report(carol.id, { kind: 'message', targetId: spam!.id, category: 'spam', comment: 'Ads again' });
  await server.moderation.report(carol.id, { kind: 'user', targetId: bob.id, category: 'harassment' });
  await server.moderation.report(carol.id, { kind: 'message', targetId: rude!.id, category: 'harassment', comment: 'In the group' });
  await seed?.(server, me, bob);

  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), automodApi: server.automod });
  cleanups.push(() => store.destroy());
  await store.login((as === 'admin' ? ada : me).email, 'password');
  await until(() => store.moderation.role.get().loaded, 'role');

  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(
      <StoreProvider store={store}>
        <ModerationPage chatId={chatScope ? group.id : null} />
      </StoreProvider>,
    );
  });
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const click = (e: Element | null | undefined) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel) ?? document.querySelector<E>(sel);
  const button = (name: string, within: ParentNode = document) =>
    [...within.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
  const cards = () => [...el.querySelectorAll<HTMLElement>('[data-testid="report-card"]')];
  const tab = (name: string) => [...el.querySelectorAll('[role="tab"]')].find((t) => t.textContent === name);
  const choose = (select: HTMLSelectElement, value: string) =>
    act(async () => {
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  const type = (box: HTMLTextAreaElement | HTMLInputElement, text: string) =>
    act(async () => {
      const proto = box instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(box, text);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const status = () => q('[data-testid="moderation-status"]')?.textContent;
  return { server, store, ada, me, bob, carol, chat, group, spam: spam!, el, wait, click, q, button, cards, tab, choose, type, status };
}

/** Acts on the card at `index` ("Dismiss" or "Delete message"), with `reason`. */
async function act0(t: Awaited<ReturnType<typeof setup>>, index: number, action: 'Dismiss' | 'Delete message', reason: string) {
  await t.click(t.button(action, t.cards()[index]));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  expect(d.getAttribute('role')).toBe('alertdialog');
  await t.type(d.querySelector('textarea')!, reason);
  await t.click([...d.querySelectorAll('button[type="submit"]')][0]);
  await t.wait(() => t.q('[data-testid="report-action-dialog"]') === null, 'dialog closed');
}

it('shows a moderator the open reports with their people, comment and context, the reported message marked', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  expect([...t.el.querySelectorAll('[role="tab"]')].map((e) => e.textContent)).toEqual(['Reports', 'Auto-moderation', 'Rules', 'Mutes', 'Audit log', 'Suspensions']);
  const spamCard = t.cards()[2]!;
  expect(spamCard.querySelector('h3')?.textContent).toBe('Spam · Message');
  expect(spamCard.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Open');
  expect(spamCard.querySelector('[data-testid="report-reporter"]')?.textContent).toContain('Carol');
  expect(spamCard.querySelector('[data-testid="report-about"]')?.textContent).toContain('Bob');
  expect(spamCard.querySelector('blockquote')?.textContent).toBe('Comment: Ads again');
  const context = [...spamCard.querySelectorAll('[data-testid="context-message"]')];
  expect(context.map((li) => li.querySelector('[data-testid="context-text"]')?.textContent)).toEqual(['Hi Bob', 'Buy cheap watches', 'Please stop']);
  expect(context.map((li) => li.getAttribute('aria-current'))).toEqual([null, 'true', null]);
  expect(context[1]!.textContent).toContain('Reported message');
  // A person's report has no message to delete.
  expect(t.button('Delete message', t.cards()[1])).toBeUndefined();
  expect(t.button('Dismiss', t.cards()[1])).toBeDefined();
  expect(t.status()).toBe('3 reports.');
});

it('filters by category and status, asking the server again', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  const [statusSelect, categorySelect] = [...t.el.querySelectorAll('select')];
  await t.choose(categorySelect!, 'spam');
  await t.wait(() => t.cards().length === 1, 'spam only');
  expect(t.server.moderation.queries.at(-1)).toEqual({ status: 'open', category: 'spam', limit: 20 });
  await t.choose(statusSelect!, 'dismissed');
  await t.wait(() => t.q('[data-testid="queue-empty"]') !== null, 'none dismissed');
  expect(t.q('[data-testid="queue-empty"]')?.textContent).toBe('No reports match these filters.');
});

it('dismisses with a reason and deletes a message, each card showing its new status; the audit log names them', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  await act0(t, 1, 'Dismiss', 'Not harassment');
  expect(t.cards()[1]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Dismissed');
  expect(t.cards()[1]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Dismissed by Me · /);
  expect(t.button('Dismiss', t.cards()[1])).toBeUndefined();
  expect(t.status()).toBe('Report dismissed.');

  await act0(t, 2, 'Delete message', '');
  expect(t.cards()[2]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Resolved');
  expect(t.cards()[2]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Message deleted by Me/);
  expect(t.server.stored.find((m) => m.id === t.spam.id)?.deleted).toBe(true);
  expect(t.status()).toBe('Message deleted; the report is resolved.');

  await t.click(t.tab('Audit log'));
  await t.wait(() => t.el.querySelectorAll('[data-testid="audit-entry"]').length === 2, 'audit');
  const lines = [...t.el.querySelectorAll('[data-testid="audit-entry"]')].map((e) => e.textContent ?? '');
  expect(lines[0]).toMatch(/^Me deleted Bob's message · in /);
  expect(lines[1]).toContain('Me dismissed the report of Bob');
  expect(lines[1]).toContain('Reason: Not harassment');
});

it('says a report closed meanwhile in the server\'s words', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  await t.server.moderation.act(t.ada.id, t.server.moderation.reports[0]!.id, 'dismiss');
  await t.click(t.button('Dismiss', t.cards()[2]));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  await t.click(d.querySelector('button[type="submit"]'));
  await t.wait(() => d.querySelector('[role="alert"]') !== null, 'refused');
  expect(d.querySelector('[role="alert"]')?.textContent).toBe('Could not dismiss the report: This report was closed already');
});

it('hints at the tabs a narrow row hides, and scrolls the tab chosen into view; the keys still move between tabs', async () => {
  const scrolled: string[] = [];
  vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement) {
    scrolled.push(this.textContent ?? '');
  });
  const t = await setup('admin');
  await t.wait(() => t.cards().length === 3, 'cards');
  const list = t.q('[role="tablist"]')!;
  const start = t.q('[data-testid="tabs-hidden-start"]')!;
  const end = t.q('[data-testid="tabs-hidden-end"]')!;
  // Outside the tablist, which holds its tabs only, and hidden from assistive technologies.
  expect([...list.children].map((c) => c.getAttribute('role'))).toEqual(Array(7).fill('tab'));
  expect([start, end].map((f) => f.getAttribute('aria-hidden'))).toEqual(['true', 'true']);
  expect([start.dataset.shown, end.dataset.shown]).toEqual(['false', 'false']); // all fit (no layout here)

  // A phone: 375 px of a 640 px row.
  let left = 0;
  Object.defineProperty(list, 'scrollWidth', { configurable: true, value: 640 });
  Object.defineProperty(list, 'clientWidth', { configurable: true, value: 375 });
  Object.defineProperty(list, 'scrollLeft', {
    configurable: true,
    get: () => left,
    set: (v: number) => {
      left = v;
    },
  });
  const scrollTo = (x: number) =>
    act(async () => {
      left = x;
      list.dispatchEvent(new Event('scroll'));
    });
  await scrollTo(0);
  expect([start.dataset.shown, end.dataset.shown]).toEqual(['false', 'true']);
  expect(end.className).toContain('opacity-100');
  expect(start.className).toContain('opacity-0');
  await scrollTo(120);
  expect([start.dataset.shown, end.dataset.shown]).toEqual(['true', 'true']);
  await scrollTo(265);
  expect([start.dataset.shown, end.dataset.shown]).toEqual(['true', 'false']);
  await scrollTo(0);

  // Chosen by click or by the keys: selected, focused, scrolled into view.
  await t.click(t.tab('Suspensions'));
  expect(t.tab('Suspensions')?.getAttribute('aria-selected')).toBe('true');
  expect(scrolled.at(-1)).toBe('Suspensions');
  const key = (k: string) => act(async () => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
  (t.tab('Suspensions') as HTMLElement).focus();
  await key('ArrowRight');
  expect(document.activeElement).toBe(t.tab('Staff'));
  expect(t.tab('Staff')?.getAttribute('aria-selected')).toBe('true');
  expect(t.tab('Staff')?.getAttribute('tabindex')).toBe('0');
  expect(scrolled.at(-1)).toBe('Staff');
  await key('ArrowRight'); // round to the first
  expect(document.activeElement).toBe(t.tab('Reports'));
  expect(scrolled.at(-1)).toBe('Reports');
  await key('End');
  expect(document.activeElement).toBe(t.tab('Staff'));
  expect([...list.querySelectorAll('[role="tab"][tabindex="0"]')].map((e) => e.textContent)).toEqual(['Staff']);
});

it('gives an administrator the Staff tab: the configured administrator stays, a moderator is given and removed', async () => {
  const t = await setup('admin');
  await t.wait(() => t.cards().length === 3, 'cards');
  expect([...t.el.querySelectorAll('[role="tab"]')].map((e) => e.textContent)).toEqual([
    'Reports',
    'Auto-moderation',
    'Rules',
    'Mutes',
    'Audit log',
    'Suspensions',
    'Staff',
  ]);
  await t.click(t.tab('Staff'));
  const members = () => [...t.el.querySelectorAll('[data-testid="staff-member"]')].map((e) => e.textContent ?? '');
  await t.wait(() => members().length === 1, 'staff');
  expect(members()[0]).toContain('Ada (you)');
  expect(members()[0]).toContain('Administrator · configured');
  expect(t.button('Remove role of Ada')).toBeUndefined();

  const search = t.q<HTMLInputElement>('input[aria-label="Search people to give a role"]')!;
  await t.type(search, 'Carol');
  await t.wait(() => [...t.el.querySelectorAll('input[type="checkbox"]')].length > 0, 'people found');
  const carolBox = [...t.el.querySelectorAll('label')].find((l) => l.textContent?.includes('Carol'))!.querySelector('input')!;
  await t.click(carolBox);
  await t.click(t.button('Give role'));
  await t.wait(() => members().length === 2, 'Carol given');
  expect(members()[1]).toMatch(/Carol.*Moderator · since /);
  expect(t.status()).toBe('Carol is now a moderator.');
  await t.click(t.button('Remove role of Carol'));
  await t.wait(() => members().length === 1, 'Carol removed');
  expect(t.server.moderation.given.size).toBe(0);
});

it('suspends a report\'s person for 7 days with a reason, then lifts it from the Suspensions tab', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  const personCard = t.cards()[1]!;
  await t.click(t.button('Suspend Bob…', personCard));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  expect(d.getAttribute('role')).toBe('alertdialog');
  expect(d.textContent).toContain('Suspend Bob?');
  const radios = [...d.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['1 hour', '1 day', '7 days', '30 days', 'Until lifted']);
  expect(radios.find((r) => r.checked)?.closest('label')?.textContent).toBe('1 day');
  expect(d.querySelector('fieldset legend')?.textContent).toBe('How long');
  await t.click(radios[2]);
  await t.type(d.querySelector('textarea')!, 'Threats');
  await t.click(d.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="report-action-dialog"]') === null, 'dialog closed');
  expect(t.cards()[1]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Resolved');
  expect(t.cards()[1]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Resolved \/ suspended Bob by Me · /);
  expect(t.status()).toBe('Bob is suspended for 7 days.');
  const kept = t.server.moderation.suspended.get(t.bob.id)!;
  expect(Date.parse(kept.until!) - Date.parse(kept.at)).toBe(7 * 86400 * 1000);
  expect(kept.reason).toBe('Threats');

  await t.click(t.tab('Suspensions'));
  const rows = () => [...t.el.querySelectorAll('[data-testid="suspension"]')];
  await t.wait(() => rows().length === 1, 'listed');
  expect(rows()[0]!.textContent).toMatch(/Bob · bob@example.com.*Since .* · until .* · by Me.*Reason: Threats/);
  await t.click(t.button('Lift the suspension of Bob'));
  const lift = t.q('[data-testid="lift-dialog"]')!;
  expect(lift.textContent).toContain('Lift the suspension of Bob?');
  await t.type(lift.querySelector('textarea')!, 'Appeal');
  await t.click(lift.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="suspensions-empty"]') !== null, 'lifted');
  expect(t.server.moderation.suspended.size).toBe(0);
  expect(t.status()).toBe('The suspension of Bob is lifted.');
});

it('shows a group\'s owner its message reports only; anyone else the server\'s refusal', async () => {
  const owner = await setup('owner', true);
  await owner.wait(() => owner.cards().length === 1, 'group reports');
  expect(owner.cards()[0]!.textContent).toContain('Rude words');
  expect(owner.cards()[0]!.textContent).toContain('In the group');
  await act0(owner, 0, 'Dismiss', '');
  expect(owner.cards()[0]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Dismissed');

  const member = await setup('member');
  await member.wait(() => member.q('[data-testid="queue-error"]') !== null, 'refused');
  expect(member.q('[data-testid="queue-error"]')?.textContent).toContain("Only the server's moderators see every report");
  expect(member.cards()).toHaveLength(0);
});

it('lets a group\'s owner remove a reported sender from the group, asked first; the card says so', async () => {
  const t = await setup('owner', true);
  await t.wait(() => t.cards().length === 1, 'group reports');
  await t.click(t.button('Remove from group…', t.cards()[0]));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  expect(d.getAttribute('role')).toBe('alertdialog');
  expect(d.textContent).toContain('Remove Bob from the group?');
  expect(d.textContent).toContain("Bob leaves the report's group at once");
  expect(document.activeElement?.textContent).toBe('Cancel');
  await t.type(d.querySelector('textarea')!, 'Insults');
  await t.click(d.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="report-action-dialog"]') === null, 'dialog closed');
  expect(t.cards()[0]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Resolved');
  expect(t.cards()[0]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Resolved \/ removed Bob from the group by Me · /);
  expect(t.button('Remove from group…', t.cards()[0])).toBeUndefined();
  expect(t.status()).toBe('Bob is removed from the group.');
  expect(t.server.chatList.find((c) => c.id === t.group.id)?.participants).toEqual([t.me.id, t.carol.id]);

  await t.click(t.tab('Audit log'));
  await t.wait(() => t.el.querySelectorAll('[data-testid="audit-entry"]').length === 1, 'audit');
  const line = t.q('[data-testid="audit-entry"]')?.textContent ?? '';
  expect(line).toMatch(/^Me removed Bob from the group/);
  expect(line).toContain('Reason: Insults');
});

it('offers the removal for message reports only, and says the server\'s refusal to staff who are no admins of the group', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  const [groupCard, personCard, privateCard] = t.cards();
  expect(t.button('Remove from group…', personCard)).toBeUndefined();
  // A chat the moderator is not in may be a group: offered, and the server decides.
  expect(t.button('Remove from group…', privateCard)).toBeDefined();
  await t.click(t.button('Remove from group…', groupCard));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  await t.click(d.querySelector('button[type="submit"]'));
  await t.wait(() => d.querySelector('[role="alert"]') !== null, 'refused');
  expect(d.querySelector('[role="alert"]')?.textContent).toBe('Could not remove the person from the group: Only admins can remove members');
  expect(d.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBe(false);
  await t.click(t.button('Cancel', d));
  expect(t.cards()[0]!.querySelector('[data-testid="report-status"]')?.textContent).toBe('Status: Open');
  expect(t.server.chatList.find((c) => c.id === t.group.id)?.participants).toContain(t.bob.id);

  await t.click(t.button('Remove from group…', t.cards()[2]));
  const p = t.q('[data-testid="report-action-dialog"]')!;
  await t.click(p.querySelector('button[type="submit"]'));
  await t.wait(() => p.querySelector('[role="alert"]') !== null, 'refused');
  expect(p.querySelector('[role="alert"]')?.textContent).toBe(
    'Could not remove the person from the group: Only a report of a message in a group can end in a removal',
  );
});

it('does not offer the removal for a report in a private chat the client holds', async () => {
  const t = await setup('moderator', false, async (server, me, bob) => {
    const held = server.addChat(me.id, bob.id);
    const [m] = server.store(held.id, bob.id, 'Psst');
    await server.moderation.report(me.id, { kind: 'message', targetId: m!.id, category: 'spam' });
  });
  await t.wait(() => t.cards().length === 4, 'cards');
  const heldCard = t.cards()[0]!;
  expect(heldCard.textContent).toContain('a private chat');
  expect(t.button('Delete message', heldCard)).toBeDefined();
  expect(t.button('Remove from group…', heldCard)).toBeUndefined();
  expect(t.button('Remove from group…', t.cards()[1])).toBeDefined(); // the group's
});

it('names the people it knows and shortens the ids of others', async () => {
  const t = await setup('moderator');
  await t.wait(() => t.cards().length === 3, 'cards');
  const stranger: User = { id: '0192f3a4-5b6c-7d8e-9f00-112233445566', name: '', email: '' };
  t.server.moderation.log.push({ id: 'audit-x', actorId: stranger.id, action: 'dismiss', userId: t.bob.id, chatId: null, reportId: null, reason: '', details: { kind: 'user' }, at: t.server.tick() });
  await t.click(t.tab('Audit log'));
  await t.wait(() => t.el.querySelectorAll('[data-testid="audit-entry"]').length === 1, 'audit');
  expect(t.q('[data-testid="audit-entry"]')?.textContent).toMatch(/^0192f3a4… dismissed the report of Bob/);
});
