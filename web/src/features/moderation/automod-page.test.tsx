// @vitest-environment happy-dom
// The moderation page's auto-moderation against the fake server: the Rules tab (the scopes an
// administrator may choose: the server and the groups they own; a new words rule tried with a dry
// run, which says how many recent messages would match and shows them, then saved, switched off
// and deleted after asking; a rule's switch moving before the server answers, and back with the
// refusal beside it; the editor showing only the kind's fields, and the action's; what is wrong
// said beside its field: the checks made here, focus on the first, and the server's refusal as an
// alert the field is described by); the Auto-moderation tab (held messages approved, flagged ones
// deleted after asking, the filter; a group the administrator is not in named by the title the
// server gives); the Mutes tab (unmute); a report's person warned and muted from the queue; a
// group's owner reaching the group's own rules.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { ruleSettings, emptyRuleForm } from '../../client/automod';
import { ApiError } from '../../client/errors';
import { FakeServer, until } from '../../client/fakes';
import { shortId } from '../../client/moderation';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { User } from '../../client/types';
import { ModerationPage } from './ModerationPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

type Seed = (server: FakeServer, people: { me: User; bob: User; carol: User }) => void;

async function setup(as: 'admin' | 'owner' = 'admin', chatScope = false, seed?: Seed) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  if (as === 'admin') server.moderation.admins = [me.email];
  const group = server.addGroup('Team', [me.id, carol.id, bob.id], { role: 'owner' });
  const other = server.addGroup('Others', [carol.id, me.id, bob.id]);
  server.store(group.id, bob.id, 'Buy cheap watches');
  server.store(group.id, carol.id, 'Good morning');
  server.store(other.id, carol.id, 'Hi');
  seed?.(server, { me, bob, carol });

  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), automodApi: server.automod });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.moderation.role.get().loaded && store.slices.chats.get().ready, 'ready');

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
  const q = <E extends Element = HTMLElement>(sel: string, within: ParentNode = el) => within.querySelector<E>(sel) ?? document.querySelector<E>(sel);
  const all = <E extends Element = HTMLElement>(sel: string, within: ParentNode = el) => [...within.querySelectorAll<E>(sel)];
  const button = (name: string, within: ParentNode = document) =>
    [...within.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
  const tab = (name: string) => all('[role="tab"]').find((t) => t.textContent === name);
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
  /** The control labelled `label` in the rule editor. */
  const field = <E extends HTMLElement = HTMLInputElement>(label: string) => {
    const l = all<HTMLLabelElement>('[data-testid="rule-editor"] label').find((x) => x.textContent?.replace(' (optional)', '') === label);
    return l ? (document.getElementById(l.htmlFor) as E | null) : null;
  };
  const labels = () => all<HTMLLabelElement>('[data-testid="rule-editor"] [data-field] > label').map((l) => l.textContent);
  const status = () => q('[data-testid="moderation-status"]')?.textContent;
  return { server, store, me, bob, carol, group, other, el, wait, click, q, all, button, tab, choose, type, field, labels, status };
}

it('an administrator adds a words rule after a dry run, switches it off and deletes it', async () => {
  const t = await setup();
  await t.click(t.tab('Rules'));
  const scope = t.all<HTMLSelectElement>('select')[0]!;
  expect([...scope.options].map((o) => o.textContent)).toEqual(['The whole server', 'Team']);
  await t.wait(() => t.q('[data-testid="rules-empty"]') !== null, 'no rules');
  await t.click(t.button('New rule'));
  expect(t.q('[data-testid="rule-editor"] h3')?.textContent).toBe('New rule');
  await t.type(t.field('Name')!, 'Watches');
  await t.type(t.field<HTMLTextAreaElement>('Words and phrases')!, 'cheap watches');

  await t.click(t.button('Dry run'));
  await t.wait(() => /would match/.test(t.q('[data-testid="dry-run-count"]')?.textContent ?? ''), 'dry run');
  expect(t.q('[data-testid="dry-run-count"]')?.textContent).toBe('1 of 3 recent messages would match');
  expect(t.q('[data-testid="dry-run-count"]')?.getAttribute('role')).toBe('status');
  expect(t.all('[data-testid="dry-run-match"]').map((m) => m.textContent)).toEqual([expect.stringMatching(/^Bob.*Buy cheap watches$/)]);
  expect(t.server.automod.dryRuns).toEqual([{ chatId: null, settings: { name: 'Watches', enabled: true, kind: 'words', action: 'hold', words: ['cheap watches'] } }]);
  expect(t.server.automod.rulesKept).toEqual([]);

  await t.click(t.button('Save'));
  await t.wait(() => t.all('[data-testid="rule"]').length === 1, 'saved');
  const row = t.all('[data-testid="rule"]')[0]!;
  expect(row.textContent).toBe('WatchesWords: cheap watches · Hold for review✓Edit');
  expect(t.status()).toBe('Rule Watches added.');
  expect(t.server.automod.rulesKept[0]).toMatchObject({ chatId: null, name: 'Watches', words: ['cheap watches'], action: 'hold', enabled: true });

  const toggle = t.q('[role="switch"]', row)!;
  expect(toggle.getAttribute('aria-checked')).toBe('true');
  expect(document.getElementById(toggle.getAttribute('aria-labelledby')!)?.textContent).toBe('Watches');
  await t.click(toggle);
  await t.wait(() => t.server.automod.rulesKept[0]!.enabled === false, 'off');
  await t.wait(() => t.q('[role="switch"]')?.getAttribute('aria-checked') === 'false', 'shown off');
  expect(t.all('[data-testid="rule"]')[0]!.textContent).toContain('Off');
  expect(t.status()).toBe('Watches is off.');

  await t.click(t.button('Edit Watches'));
  expect(t.q('[data-testid="rule-editor"] h3')?.textContent).toBe('Edit rule: Watches');
  expect(t.field<HTMLTextAreaElement>('Words and phrases')!.value).toBe('cheap watches');
  await t.click(t.button('Delete rule…'));
  const ask = t.q('[data-testid="delete-rule-dialog"]')!;
  expect(ask.getAttribute('role')).toBe('alertdialog');
  expect(ask.textContent).toContain('Delete the rule Watches?');
  await t.click(t.button('Delete rule', ask));
  await t.wait(() => t.q('[data-testid="rules-empty"]') !== null, 'deleted');
  expect(t.server.automod.rulesKept).toEqual([]);
  expect(t.status()).toBe('Rule Watches deleted.');
});

it('moves a rule\'s switch at once, and back with the refusal beside it when the server refuses', async () => {
  const t = await setup();
  await t.server.automod.addRule(`token-${t.me.id}`, null, ruleSettings({ ...emptyRuleForm(), name: 'Watches', words: 'watches' }));
  // The server answers when the test says so.
  const update = t.server.automod.updateRule.bind(t.server.automod);
  let answer = () => {};
  t.server.automod.updateRule = async (...args) => {
    await new Promise<void>((r) => (answer = r));
    return update(...args);
  };
  await t.click(t.tab('Rules'));
  await t.wait(() => t.all('[data-testid="rule"]').length === 1, 'listed');
  const toggle = () => t.q('[role="switch"]')!;
  const row = () => t.all('[data-testid="rule"]')[0]!;

  toggle().focus();
  await t.click(toggle());
  expect(toggle().getAttribute('aria-checked')).toBe('false'); // before the server answers
  expect(row().textContent).toContain('Off');
  expect(toggle().getAttribute('aria-busy')).toBe('true');
  expect((toggle() as HTMLButtonElement).disabled).toBe(false);
  expect(document.activeElement).toBe(toggle());
  await t.click(toggle()); // waits for the first
  expect(toggle().getAttribute('aria-checked')).toBe('false');
  await act(async () => answer());
  await t.wait(() => t.status() === 'Watches is off.', 'kept');
  expect(t.server.automod.rulesKept[0]!.enabled).toBe(false);
  expect(toggle().hasAttribute('aria-busy')).toBe(false);

  t.server.automod.failChanges.push(new ApiError(403, 'forbidden', "Only the server's moderators see its rules"));
  await t.click(toggle());
  expect(toggle().getAttribute('aria-checked')).toBe('true');
  expect(row().textContent).not.toContain('Off');
  await act(async () => answer());
  await t.wait(() => t.q('[data-testid="rule-error"]') !== null, 'refused');
  const error = t.q('[data-testid="rule-error"]')!;
  expect(error.getAttribute('role')).toBe('alert');
  expect(error.textContent).toBe("Could not switch Watches on: Only the server's moderators see its rules");
  expect(row().contains(error)).toBe(true);
  expect(toggle().getAttribute('aria-checked')).toBe('false');
  expect(toggle().getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
  expect(document.activeElement).toBe(toggle());
  expect(t.server.automod.rulesKept[0]!.enabled).toBe(false);

  // The next switch clears it.
  await t.click(toggle());
  expect(t.q('[data-testid="rule-error"]')).toBeNull();
  await act(async () => answer());
  await t.wait(() => t.status() === 'Watches is on.', 'on');
  expect(t.server.automod.rulesKept[0]!.enabled).toBe(true);
});

it('shows only the kind\'s settings and the action\'s, and says what is wrong beside its field', async () => {
  const t = await setup();
  await t.click(t.tab('Rules'));
  await t.wait(() => t.button('New rule')?.disabled === false, 'loaded');
  await t.click(t.button('New rule'));
  expect(t.labels()).toEqual(['Name', 'What it looks at', 'Words and phrases', 'Accounts younger than (hours) (optional)', 'What it does']);
  await t.choose(t.field<HTMLSelectElement>('What it looks at')!, 'flood');
  await t.choose(t.field<HTMLSelectElement>('What it does')!, 'mute');
  expect(t.labels()).toEqual([
    'Name',
    'What it looks at',
    'More than this many messages',
    'Within (seconds)',
    'Accounts younger than (hours) (optional)',
    'What it does',
    'Mute for',
    'What the sender is told',
  ]);
  expect([...t.field<HTMLSelectElement>('Mute for')!.options].map((o) => o.textContent)).toEqual(['1 minute', '5 minutes', '10 minutes', '1 hour', '1 day', '1 week']);
  expect(t.field<HTMLSelectElement>('Mute for')!.value).toBe('600');

  // Checked here first: nothing sent, the first field wrong has focus.
  await t.type(t.field('Within (seconds)')!, '7200');
  await t.click(t.button('Save'));
  await t.wait(() => t.all('[data-testid="field-error"]').length === 2, 'errors');
  expect(t.all('[data-testid="field-error"]').map((e) => e.textContent)).toEqual(['Give the rule a name.', 'A whole number from 1 to 3,600.']);
  const name = t.field('Name')!;
  expect(name.getAttribute('aria-invalid')).toBe('true');
  expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('Give the rule a name.');
  await t.wait(() => document.activeElement === name, 'focus on the name');
  expect(t.server.automod.rulesKept).toEqual([]);

  // The server's refusal, beside the field it names, as an alert.
  await t.type(name, 'Pattern');
  await t.choose(t.field<HTMLSelectElement>('What it looks at')!, 'regex');
  await t.type(t.field('Pattern')!, '(unclosed');
  await t.click(t.button('Save'));
  await t.wait(() => t.q('[data-testid="field-error"][role="alert"]') !== null, 'refused');
  const pattern = t.field('Pattern')!;
  const error = t.q('[data-testid="field-error"][role="alert"]')!;
  expect(error.textContent).toMatch(/^not a valid pattern: /);
  expect(pattern.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
  expect(pattern.getAttribute('aria-invalid')).toBe('true');
  await t.wait(() => document.activeElement === pattern, 'focus on the pattern');
  // Typing again clears it.
  await t.type(pattern, '\\bfree\\b');
  expect(t.q('[data-testid="field-error"]')).toBeNull();
  await t.click(t.button('Save'));
  await t.wait(() => t.all('[data-testid="rule"]').length === 1, 'saved');
  expect(t.server.automod.rulesKept[0]).toMatchObject({ kind: 'regex', pattern: '\\bfree\\b', action: 'mute', muteSeconds: 600 });
  expect(t.server.automod.rulesKept[0]!.maxMessages).toBeUndefined();
});

it('approves a held message, and deletes a flagged one after asking; the filter asks the server again', async () => {
  const t = await setup();
  const token = `token-${t.me.id}`;
  await t.server.automod.addRule(token, null, ruleSettings({ ...emptyRuleForm(), name: 'Held', words: 'watches', action: 'hold' }));
  await t.server.automod.addRule(token, null, ruleSettings({ ...emptyRuleForm(), name: 'Flag', words: 'shoes', action: 'flag' }));
  expect(() => t.server.automod.check(t.bob.id, t.group.id, 'More cheap watches', 'cid-1')).toThrow("Your message is waiting for a moderator's review");
  t.server.automod.check(t.carol.id, t.group.id, 'Red shoes', null);
  const [shoes] = t.server.store(t.group.id, t.carol.id, 'Red shoes');
  t.server.automod.hitsKept.at(-1)!.messageId = shoes.id;

  await t.click(t.tab('Auto-moderation'));
  const cards = () => t.all('[data-testid="hit"]');
  await t.wait(() => cards().length === 1, 'held');
  const card = cards()[0]!;
  expect(card.querySelector('h3')?.textContent).toBe('Bob · bob@example.com');
  expect(card.querySelector('[data-testid="hit-action"]')?.textContent).toBe('Held');
  expect(card.querySelector('[data-testid="hit-status"]')?.textContent).toBe('Status: Held');
  expect(card.querySelector('[data-testid="hit-text"]')?.textContent).toBe('Message: More cheap watches');
  expect(card.querySelector('[data-testid="hit-rules"]')?.textContent).toBe("Held (the server's)");
  expect(card.textContent).toContain('InTeam');
  await t.click(t.button('Approve', card));
  await t.wait(() => cards()[0]?.querySelector('[data-testid="hit-status"]')?.textContent === 'Status: Approved', 'approved');
  expect(cards()[0]!.querySelector('[data-testid="hit-decided"]')?.textContent).toMatch(/^Approved by Me · /);
  expect(t.status()).toBe('Message approved and delivered.');
  expect(t.server.stored.filter((m) => m.content === 'More cheap watches' && m.clientMessageId === 'cid-1')).toHaveLength(1);

  await t.choose(t.all<HTMLSelectElement>('select')[0]!, 'open');
  await t.wait(() => cards().length === 1 && cards()[0]!.textContent!.includes('Red shoes'), 'flagged');
  expect(t.server.automod.hitQueries.at(-1)).toEqual({ status: 'open', limit: 20 });
  await t.click(t.button('Delete message…', cards()[0]));
  const ask = t.q('[data-testid="hit-dialog"]')!;
  expect(ask.getAttribute('role')).toBe('alertdialog');
  await t.click(ask.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="hit-dialog"]') === null, 'closed');
  expect(cards()[0]!.querySelector('[data-testid="hit-status"]')?.textContent).toBe('Status: Deleted');

  await t.choose(t.all<HTMLSelectElement>('select')[0]!, 'held');
  await t.wait(() => t.q('[data-testid="hits-empty"]') !== null, 'none held');
  expect(t.q('[data-testid="hits-empty"]')?.textContent).toBe('No message is waiting for review.');
});

it('names a chat the administrator is not in by the group\'s title the server gives, else by its id', async () => {
  let club = '';
  let privateChat = '';
  const t = await setup('admin', false, (server, { bob, carol }) => {
    club = server.addGroup('Book club', [carol.id, bob.id]).id;
    privateChat = server.addChat(carol.id, bob.id).id;
  });
  expect(t.store.slices.chats.get().byId[club]).toBeUndefined();
  const token = `token-${t.me.id}`;
  await t.server.automod.addRule(token, null, ruleSettings({ ...emptyRuleForm(), name: 'Held', words: 'watches', action: 'hold' }));
  expect(() => t.server.automod.check(t.bob.id, club, 'Cheap watches', null)).toThrow(/review/);
  expect(() => t.server.automod.check(t.carol.id, privateChat, 'Watches for you', null)).toThrow(/review/);
  await t.server.automod.mute(token, t.bob.id, club, 3600, 'Spam');

  await t.click(t.tab('Auto-moderation'));
  await t.wait(() => t.all('[data-testid="hit"]').length === 2, 'held');
  const where = (card: HTMLElement) => card.querySelector('[data-testid="hit-chat"]')?.textContent;
  const [inPrivate, inClub] = t.all('[data-testid="hit"]');
  expect(where(inClub!)).toBe('Book club');
  expect(where(inPrivate!)).toBe(`chat ${shortId(privateChat)}`);

  await t.click(t.tab('Mutes'));
  await t.wait(() => t.all('[data-testid="mute"]').length === 1, 'listed');
  expect(t.all('[data-testid="mute"]')[0]!.textContent).toMatch(/In Book club · until /);
});

it('lists the mutes in force and lifts one', async () => {
  const t = await setup();
  await t.server.automod.mute(`token-${t.me.id}`, t.bob.id, t.group.id, 3600, 'Spam');
  await t.click(t.tab('Mutes'));
  await t.wait(() => t.all('[data-testid="mute"]').length === 1, 'listed');
  expect(t.all('[data-testid="mute"]')[0]!.textContent).toMatch(/Bob · bob@example.com.*In Team · until .* · by Me.*Reason: Spam/);
  await t.click(t.button('Unmute Bob'));
  await t.wait(() => t.q('[data-testid="mutes-empty"]') !== null, 'lifted');
  expect(t.server.automod.mutesKept).toEqual([]);
  expect(t.status()).toBe('Bob is no longer muted.');
});

it('warns and mutes a report\'s person from the queue', async () => {
  const t = await setup();
  t.server.moderation.reportLimit = 100;
  const rude = t.server.stored.find((m) => m.content === 'Buy cheap watches')!;
  await t.server.moderation.report(t.carol.id, { kind: 'message', targetId: rude.id, category: 'spam' });
  await t.server.moderation.report(t.carol.id, { kind: 'message', targetId: rude.id, category: 'harassment' });
  await act(() => t.store.moderation.queue.open({ status: 'open', category: null, chatId: null }));
  const cards = () => t.all('[data-testid="report-card"]');
  await t.wait(() => cards().length === 2, 'cards');

  await t.click(t.button('Mute Bob…', cards()[0]));
  const d = t.q('[data-testid="report-action-dialog"]')!;
  expect(d.textContent).toContain('Mute Bob?');
  const radios = [...d.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['10 minutes', '1 hour', '1 day', '1 week']);
  expect(radios.find((r) => r.checked)?.closest('label')?.textContent).toBe('1 hour');
  await t.click(radios[2]);
  await t.click(d.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="report-action-dialog"]') === null, 'closed');
  expect(cards()[0]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Resolved \/ muted Bob by Me/);
  expect(t.status()).toBe('Bob is muted for 1 day.');
  const [mute] = t.server.automod.mutesKept;
  expect(mute).toMatchObject({ userId: t.bob.id, chatId: t.group.id });
  expect(Date.parse(mute!.until) - Date.parse(mute!.at)).toBe(86400 * 1000);

  await t.click(t.button('Warn Bob…', cards()[1]));
  const w = t.q('[data-testid="report-action-dialog"]')!;
  expect(w.textContent).toContain('Warn Bob?');
  expect(w.querySelector('label')?.textContent).toBe('What they read (optional, also kept in the audit log)');
  await t.type(w.querySelector('textarea')!, 'Please keep it civil');
  await t.click(w.querySelector('button[type="submit"]'));
  await t.wait(() => t.q('[data-testid="report-action-dialog"]') === null, 'closed');
  expect(cards()[1]!.querySelector('[data-testid="report-closed"]')?.textContent).toMatch(/^Resolved \/ warned Bob by Me/);
  expect(t.server.automod.noticesKept.at(-1)).toMatchObject({ userId: t.bob.id, kind: 'warning', chatId: t.group.id, text: 'Please keep it civil' });
});

it('a group\'s owner manages the group\'s own rules from its page', async () => {
  const t = await setup('owner', true);
  expect(t.all('[role="tab"]').map((e) => e.textContent)).toEqual(['Reports', 'Auto-moderation', 'Rules', 'Mutes', 'Audit log']);
  await t.click(t.tab('Rules'));
  expect(t.el.querySelector('select')).toBeNull(); // the page's group, no choice
  await t.wait(() => t.q('[data-testid="rules-empty"]') !== null, 'no rules');
  await t.click(t.button('New rule'));
  await t.type(t.field('Name')!, 'Links');
  await t.choose(t.field<HTMLSelectElement>('What it looks at')!, 'links');
  await t.choose(t.field<HTMLSelectElement>('Which links')!, 'deny');
  await t.type(t.field<HTMLTextAreaElement>('Domains')!, 'spam.example');
  await t.choose(t.field<HTMLSelectElement>('What it does')!, 'reject');
  await t.type(t.field('What the sender is told')!, 'No links to that site');
  await t.click(t.button('Save'));
  await t.wait(() => t.all('[data-testid="rule"]').length === 1, 'saved');
  expect(t.server.automod.rulesKept[0]).toMatchObject({
    chatId: t.group.id,
    kind: 'links',
    linkMode: 'deny',
    domains: ['spam.example'],
    action: 'reject',
    message: 'No links to that site',
  });
  expect(t.all('[data-testid="rule"]')[0]!.textContent).toContain('Links to spam.example · Reject');
});
