// Auto-moderation in the state layer: the pure rules (a rule's form: each kind's own settings
// sent and no others, the checks before sending, the field a refusal names; rules, hits, mutes,
// dry runs and notices read defensively; the words), the REST calls as HttpAutomodApi makes them,
// store.automod against the fake server (rules added, changed, switched off, deleted, tried with
// a dry run; hits filtered and decided, a decided one refused; mutes listed, lifted, given;
// warnings; notices read and heard), and the sender's side: a message held for review stays as
// "Waiting for review", never sent again, and becomes the delivered message once approved; one
// rejected by a rule or refused while muted says the server's words (only the muted one may be
// sent again); a held message a moderator rejects is marked so; an edit a rule rejects is put
// back with the server's words; logout forgets it all.
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  checkRuleForm,
  dryRunText,
  durationText,
  emptyRuleForm,
  fieldShown,
  formDomains,
  formWords,
  hitDecisions,
  mayRetry,
  muteSeconds,
  noticeText,
  readDryRun,
  readHit,
  readHitPage,
  readMutes,
  readNotice,
  readNotices,
  readRule,
  readRules,
  refusedField,
  ruleActionText,
  ruleFormOf,
  ruleMatchText,
  ruleSettings,
  sendRefusal,
  withNotice,
  type RuleForm,
} from './automod';
import { HttpAutomodApi } from './automod-api';
import type { ModerationNotice, Rule } from './automod-wire';
import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import { markFailed, markHeldRejected, mergeMessages } from './messages';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, User, ViewMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  vi.unstubAllGlobals();
});

const form = (extra: Partial<RuleForm>): RuleForm => ({ ...emptyRuleForm(), name: 'Rule', ...extra });

describe('a rule\'s form', () => {
  it('sends only its kind\'s settings, and the action\'s', () => {
    expect(ruleSettings(form({ kind: 'words', words: 'spam\n cheap watches , \n\n', pattern: 'x', maxMessages: '9' }))).toEqual({
      name: 'Rule',
      enabled: true,
      kind: 'words',
      action: 'hold',
      words: ['spam', 'cheap watches'],
    });
    expect(ruleSettings(form({ kind: 'flood', maxMessages: '5', perSeconds: '10', action: 'mute', muteSeconds: '3600', message: ' Slow down ' }))).toEqual({
      name: 'Rule',
      enabled: true,
      kind: 'flood',
      action: 'mute',
      maxMessages: 5,
      perSeconds: 10,
      muteSeconds: 3600,
      message: 'Slow down',
    });
    expect(ruleSettings(form({ kind: 'links', linkMode: 'deny', domains: 'https://Example.com/x, spam.net' }))).toMatchObject({
      kind: 'links',
      linkMode: 'deny',
      domains: ['example.com', 'spam.net'],
    });
    expect(ruleSettings(form({ kind: 'links', linkMode: 'any', domains: 'a.com' })).domains).toBeUndefined();
    expect(ruleSettings(form({ kind: 'regex', pattern: '\\bfree\\s+money\\b', action: 'reject', message: '' }))).toEqual({
      name: 'Rule',
      enabled: true,
      kind: 'regex',
      action: 'reject',
      pattern: '\\bfree\\s+money\\b',
    });
    // Accounts younger than: required for new_account, optional (blank or 0: none) for the others.
    expect(ruleSettings(form({ kind: 'new_account', newAccountHours: '24' }))).toMatchObject({ kind: 'new_account', newAccountHours: 24 });
    expect(ruleSettings(form({ kind: 'words', words: 'x', newAccountHours: '0' })).newAccountHours).toBeUndefined();
    expect(ruleSettings(form({ kind: 'mentions', maxMentions: '5', newAccountHours: '48' }))).toMatchObject({ maxMentions: 5, newAccountHours: 48 });
  });

  it('shows each kind\'s fields, mute\'s length for mute and the sender\'s words for reject and mute', () => {
    const shown = (f: RuleForm) => (Object.keys(f) as Array<keyof RuleForm>).filter((k) => fieldShown(f, k));
    expect(shown(form({ kind: 'words', action: 'hold' }))).toEqual(['name', 'enabled', 'kind', 'action', 'words', 'newAccountHours']);
    expect(shown(form({ kind: 'links', linkMode: 'any', action: 'flag' }))).toContain('linkMode');
    expect(shown(form({ kind: 'links', linkMode: 'any', action: 'flag' }))).not.toContain('domains');
    expect(shown(form({ kind: 'links', linkMode: 'allow', action: 'flag' }))).toContain('domains');
    expect(shown(form({ kind: 'repeats', action: 'reject' }))).toEqual(['name', 'enabled', 'kind', 'action', 'perSeconds', 'maxRepeats', 'newAccountHours', 'message']);
    expect(shown(form({ kind: 'flood', action: 'mute' }))).toEqual([
      'name',
      'enabled',
      'kind',
      'action',
      'maxMessages',
      'perSeconds',
      'newAccountHours',
      'muteSeconds',
      'message',
    ]);
  });

  it('checks what it can before sending', () => {
    expect(checkRuleForm(form({ words: 'spam' }))).toEqual({});
    expect(checkRuleForm(form({ name: '  ', words: ' , ' }))).toEqual({ name: 'Give the rule a name.', words: 'List at least one word or phrase.' });
    expect(checkRuleForm(form({ name: 'x'.repeat(101), words: 'a' })).name).toBe('A name has at most 100 characters.');
    expect(checkRuleForm(form({ kind: 'regex', pattern: '' }))).toEqual({ pattern: 'Write a pattern.' });
    expect(checkRuleForm(form({ kind: 'links', linkMode: 'deny', domains: '' }))).toEqual({ domains: 'List at least one domain.' });
    expect(checkRuleForm(form({ kind: 'flood', maxMessages: '', perSeconds: '7200' }))).toEqual({
      maxMessages: 'Required.',
      perSeconds: 'A whole number from 1 to 3,600.',
    });
    expect(checkRuleForm(form({ kind: 'repeats', maxRepeats: '1' })).maxRepeats).toBe('A whole number from 2 to 100.');
    expect(checkRuleForm(form({ kind: 'mentions', maxMentions: '2.5' })).maxMentions).toBe('A whole number from 1 to 1,000.');
    expect(checkRuleForm(form({ kind: 'new_account', newAccountHours: '' })).newAccountHours).toBe('Required.');
    expect(checkRuleForm(form({ kind: 'new_account', newAccountHours: '0' })).newAccountHours).toBe('A whole number from 1 to 8,760.');
    expect(checkRuleForm(form({ words: 'a', newAccountHours: '' }))).toEqual({});
  });

  it('finds the field a refusal is about', () => {
    expect(refusedField('pattern must be a string')).toBe('pattern');
    expect(refusedField('maxMessages and perSeconds are required')).toBe('maxMessages');
    expect(refusedField('newAccountHours is required for a new_account rule')).toBe('newAccountHours');
    expect(refusedField('not a valid pattern: missing ): (a')).toBe('pattern');
    expect(refusedField('a word rule needs at least one word with a letter or a digit')).toBe('words');
    expect(refusedField('a link rule for some domains needs domains')).toBe('domains');
    expect(refusedField('A scope holds at most 50 rules')).toBeNull();
  });

  it('round-trips a rule the server keeps', () => {
    const rule: Rule = {
      id: 'r1',
      chatId: null,
      name: 'Flood',
      enabled: false,
      kind: 'flood',
      action: 'mute',
      maxMessages: 5,
      perSeconds: 10,
      muteSeconds: 600,
      message: 'Slow down',
      updatedBy: null,
      updatedAt: null,
    };
    const f = ruleFormOf(rule);
    expect(f).toMatchObject({ name: 'Flood', enabled: false, kind: 'flood', maxMessages: '5', perSeconds: '10', muteSeconds: '600', message: 'Slow down', newAccountHours: '' });
    const { id: _i, chatId: _c, updatedBy: _b, updatedAt: _a, ...settings } = rule;
    expect(ruleSettings(f)).toEqual(settings);
    expect(ruleFormOf({ ...settings, kind: 'words', words: ['a', 'b c'] }).words).toBe('a\nb c');
  });

  it('says a rule, its action and the dry run in words', () => {
    expect(ruleMatchText({ name: 'x', enabled: true, kind: 'words', action: 'hold', words: ['a', 'b', 'c', 'd', 'e'] })).toBe('Words: a, b, c and 2 more');
    expect(ruleMatchText({ name: 'x', enabled: true, kind: 'flood', action: 'hold', maxMessages: 5, perSeconds: 60 })).toBe('More than 5 messages in 1 minute');
    expect(ruleMatchText({ name: 'x', enabled: true, kind: 'links', action: 'flag', linkMode: 'allow', domains: ['ok.org'] })).toBe('Links to other domains than ok.org');
    expect(ruleMatchText({ name: 'x', enabled: true, kind: 'mentions', action: 'flag', maxMentions: 5, newAccountHours: 24 })).toBe(
      'More than 5 mentions, from accounts younger than 24 hours',
    );
    expect(ruleMatchText({ name: 'x', enabled: true, kind: 'new_account', action: 'hold', newAccountHours: 2 })).toBe('Accounts younger than 2 hours');
    expect(ruleActionText({ name: 'x', enabled: true, kind: 'words', action: 'mute' })).toBe('Reject and mute for 10 minutes');
    expect(ruleActionText({ name: 'x', enabled: true, kind: 'words', action: 'hold' })).toBe('Hold for review');
    expect(dryRunText({ checked: 120, matchedCount: 3 })).toBe('3 of 120 recent messages would match');
    expect(dryRunText({ checked: 1, matchedCount: 0 })).toBe('0 of 1 recent message would match');
    expect([45, 60, 600, 3600, 7200, 86400, 604800, 90].map(durationText)).toEqual([
      '45 seconds',
      '1 minute',
      '10 minutes',
      '1 hour',
      '2 hours',
      '1 day',
      '1 week',
      '90 seconds',
    ]);
    expect(['10m', '1h', '1d', '1w', '?'].map(muteSeconds)).toEqual([600, 3600, 86400, 604800, 3600]);
    expect(formWords('a,b\n c ')).toEqual(['a', 'b', 'c']);
    expect(formDomains('http://A.com/path b.org')).toEqual(['a.com', 'b.org']);
  });
});

describe('reading the answers', () => {
  it('reads rules defensively, dropping what it cannot use', () => {
    expect(readRule({ id: 'r', kind: 'words', action: 'hold', name: 'W', words: ['a', 3], chatId: '', maxMessages: 'x', enabled: null })).toEqual({
      id: 'r',
      chatId: null,
      name: 'W',
      enabled: true,
      kind: 'words',
      action: 'hold',
      words: ['a'],
      updatedBy: null,
      updatedAt: null,
    });
    expect(readRule({ id: 'r', kind: 'telepathy', action: 'hold' })).toBeNull();
    expect(readRule({ kind: 'words', action: 'hold' })).toBeNull();
    expect(readRules({ rules: [{ id: 'a', kind: 'regex', action: 'flag', pattern: 'x' }, { id: 'a', kind: 'regex', action: 'flag' }, null] }).map((r) => r.id)).toEqual(['a']);
    expect(readRules(null)).toEqual([]);
  });

  it('reads a dry run, hits, mutes and notices', () => {
    expect(readDryRun({ checked: 2, matchedCount: 1, matches: [{ id: 'm', chatId: 'c', senderId: 'u', sender: { id: 'u', name: 'Bob' }, content: 'spam', seq: 4, createdAt: 't' }] })).toEqual({
      checked: 2,
      matchedCount: 1,
      matches: [{ id: 'm', chatId: 'c', senderId: 'u', sender: { id: 'u', name: 'Bob', email: '' }, content: 'spam', seq: 4, createdAt: 't' }],
    });
    expect(readDryRun({ matches: [{ id: 'm' }] })).toMatchObject({ checked: 1, matchedCount: 1 });
    const hit = readHit({ id: 'h', chatId: 'c', userId: 'u', user: null, scope: 'group', action: 'hold', rules: [{ id: 'r', name: 'W' }, 'x'], content: 'spam', messageId: null, status: 'held', createdAt: 't' });
    expect(hit).toMatchObject({ scope: 'group', action: 'hold', status: 'held', rules: [{ id: 'r', name: 'W' }], decidedBy: null });
    expect(readHit({ id: 'h', action: 'zap', status: 'odd' })).toMatchObject({ action: 'flag', status: 'done', scope: 'server', chatTitle: null });
    expect(readHit({ id: 'h', chatId: 'g', chatTitle: 'Book club' })?.chatTitle).toBe('Book club');
    expect(readHit({ id: 'h', chatId: 'c', chatTitle: null })?.chatTitle).toBeNull();
    expect(readHitPage({ hits: [{ id: 'a' }, {}], nextBefore: 'a' })).toMatchObject({ nextBefore: 'a', hits: [{ id: 'a' }] });
    expect(hitDecisions({ status: 'held' })).toEqual(['approve', 'reject']);
    expect(hitDecisions({ status: 'open' })).toEqual(['dismiss', 'delete']);
    expect(hitDecisions({ status: 'approved' })).toEqual([]);
    expect(
      readMutes({ mutes: [{ userId: 'b', until: '2025-02-01' }, { userId: 'a', until: '2025-01-01', chatId: 'g', by: null }, { until: 'x' }] }).map((m) => `${m.userId}/${m.chatId}`),
    ).toEqual(['a/g', 'b/null']);
    expect(readMutes({ mutes: [{ userId: 'a', until: '1', chatId: 'g', chatTitle: 'Book club' }, { userId: 'b', until: '2', chatId: null }] }).map((m) => m.chatTitle)).toEqual([
      'Book club',
      null,
    ]);
    expect(readNotice({ id: 'n', kind: 'spell', text: 'x' })).toBeNull();
    const n = (id: string, at: string): ModerationNotice => ({ id, kind: 'warning', chatId: null, text: id, at, until: null });
    expect(readNotices({ notices: [n('a', '1'), n('b', '3'), n('a', '2')] }).map((x) => x.id)).toEqual(['b', 'a']);
    expect(withNotice([n('a', '1'), n('b', '0')], n('b', '2')).map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('says a notice in words', () => {
    const when = (iso: string) => iso.slice(11, 16);
    expect(noticeText({ kind: 'warning', text: 'Be kind', chatId: 'g', until: null }, 'Team')).toBe('A moderator warns you (Team): Be kind');
    expect(noticeText({ kind: 'muted', text: 'Spam', chatId: 'g', until: '2025-01-01T14:05:00Z' }, 'Team', new Date(), when)).toBe('You are muted in Team until 14:05: Spam');
    expect(noticeText({ kind: 'muted', text: '', chatId: null, until: '2025-01-01T14:05:00Z' }, '', new Date(), when)).toBe('You are muted until 14:05.');
    expect(noticeText({ kind: 'held_rejected', text: 'A moderator rejected your message: spam', chatId: 'g', until: null })).toBe(
      'A moderator rejected your message: spam',
    );
    expect(noticeText({ kind: 'held_approved', text: '', chatId: 'g', until: null })).toBe('A moderator approved your message.');
  });

  it('knows which refusals are moderation\'s, and which may be sent again', () => {
    expect(['held', 'rejected', 'muted', 'blocked', 'timeout'].map(sendRefusal)).toEqual(['held', 'rejected', 'muted', null, null]);
    expect([undefined, 'muted', 'held', 'rejected', 'held_rejected'].map((r) => mayRetry(r as never))).toEqual([true, true, false, false, false]);
  });
});

describe('held messages in a chat\'s list', () => {
  const pending = (cid: string): ViewMessage => ({
    id: `local:${cid}`,
    chatId: 'c',
    senderId: 'me',
    content: cid,
    status: 'SENT',
    createdAt: '2025-01-01T12:00:00.000Z',
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq: 0,
    clientMessageId: cid,
    pending: true,
  });

  it('a held message becomes the delivered one when its stored copy comes with its clientMessageId', () => {
    const list = markFailed([pending('a')], 'a', 'Waiting for review', 'held');
    expect(list[0]).toMatchObject({ pending: false, failed: 'Waiting for review', refusal: 'held' });
    const stored = { ...pending('a'), id: 'm1', seq: 7, pending: undefined };
    delete stored.pending;
    const merged = mergeMessages(list, [stored]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: 'm1', seq: 7 });
    expect(merged[0]!.failed).toBeUndefined();
    expect(merged[0]!.refusal).toBeUndefined();
  });

  it('marks the one held message rejected; with several held, none', () => {
    const one = markFailed([pending('a'), pending('b')], 'a', 'Waiting for review', 'held');
    const marked = markHeldRejected(one, 'Rejected by a moderator');
    expect(marked[0]).toMatchObject({ refusal: 'held_rejected', failed: 'Rejected by a moderator' });
    expect(marked[1]).toMatchObject({ pending: true });
    const two = markFailed(one, 'b', 'Waiting for review', 'held');
    expect(markHeldRejected(two, 'x')).toBe(two);
  });
});

describe('HttpAutomodApi', () => {
  function fetched(status = 200, answer: unknown = {}) {
    const calls: Array<{ url: string; method: string; body: unknown; auth: string | null }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body as string) : undefined, auth: headers.Authorization ?? null });
      return new Response(status === 204 ? null : JSON.stringify(answer), { status });
    });
    return calls;
  }

  it('calls the routes with the scope, the settings and the token', async () => {
    const api = new HttpAutomodApi('http://host/');
    const calls = fetched();
    const settings = { name: 'W', enabled: true, kind: 'words' as const, action: 'hold' as const, words: ['x'] };
    await api.rules('t', null);
    await api.rules('t', 'g 1');
    await api.addRule('t', 'g1', settings);
    await api.updateRule('t', 'r/1', settings);
    await api.dryRun('t', null, settings, 200);
    await api.hits('t', { status: 'held', limit: 20 });
    await api.decideHit('t', 'h1', 'reject', 'no');
    await api.mute('t', 'u1', 'g1', 600);
    await api.unmute('t', 'u1', null);
    await api.mutes('t', null);
    await api.notices('t');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://host/api/v1/moderation/rules',
      'GET http://host/api/v1/moderation/rules?chatId=g+1',
      'POST http://host/api/v1/moderation/rules',
      'PUT http://host/api/v1/moderation/rules/r%2F1',
      'POST http://host/api/v1/moderation/rules/dry-run',
      'GET http://host/api/v1/moderation/hits?status=held&limit=20',
      'POST http://host/api/v1/moderation/hits/h1/actions',
      'POST http://host/api/v1/moderation/users/u1/mute',
      'POST http://host/api/v1/moderation/users/u1/unmute',
      'GET http://host/api/v1/moderation/mutes',
      'GET http://host/api/v1/me/moderation-notices',
    ]);
    expect(calls.every((c) => c.auth === 'Bearer t')).toBe(true);
    expect(calls[2]!.body).toEqual({ ...settings, chatId: 'g1' });
    expect(calls[3]!.body).toEqual(settings);
    expect(calls[4]!.body).toEqual({ ...settings, limit: 200 });
    expect(calls[6]!.body).toEqual({ action: 'reject', reason: 'no' });
    expect(calls[7]!.body).toEqual({ chatId: 'g1', durationSeconds: 600 });
    expect(calls[8]!.body).toEqual({});
  });

  it('answers nothing for 204, and throws the server\'s refusal in its words', async () => {
    const api = new HttpAutomodApi();
    fetched(204);
    await expect(api.deleteRule('t', 'r1')).resolves.toBeUndefined();
    fetched(400, { statusCode: 400, error: 'invalid_input', message: 'pattern must be a string' });
    await expect(api.addRule('t', null, { name: 'x', enabled: true, kind: 'regex', action: 'flag' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_input',
      message: 'pattern must be a string',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// store.automod against the fake server

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  carol: User;
  chat: Chat;
  group: Chat;
}

/** Me, Bob and Carol; Me and Bob's private chat; Carol's group with Me and Bob. `as`: who signs in. */
async function world(as: 'me' | 'carol' | 'admin' = 'me', seed?: (w: Omit<World, 'store'>) => void | Promise<void>): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const chat = server.addChat(me.id, bob.id);
  server.store(chat.id, bob.id, 'Hello there');
  const group = server.addGroup('Team', [carol.id, me.id, bob.id]);
  server.store(group.id, bob.id, 'Buy cheap watches');
  if (as === 'admin') server.moderation.admins = [me.email];
  const w = { server, me, bob, carol, chat, group };
  await seed?.(w);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), automodApi: server.automod, readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login((as === 'carol' ? carol : me).email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  return { ...w, store };
}

const items = (w: World, chatId: string) => w.store.getState().messages[chatId]?.items ?? [];
const own = (w: World, chatId: string) => items(w, chatId).filter((m) => m.senderId === w.me.id);

describe('store.automod: rules', () => {
  it('a group\'s owner adds a rule, tries it first, switches it off and deletes it', async () => {
    const w = await world('carol');
    const a = w.store.automod;
    await a.loadRules(w.group.id);
    expect(a.rules.get()).toMatchObject({ scope: w.group.id, rules: [], loading: false, error: null });

    const settings = ruleSettings(form({ name: 'Watches', words: 'cheap watches' }));
    const dry = await a.dryRun(w.group.id, settings);
    expect(dry).toMatchObject({ checked: 1, matchedCount: 1, matches: [{ content: 'Buy cheap watches', sender: { name: 'Bob' } }] });
    expect(w.server.automod.rulesKept).toHaveLength(0); // a dry run saves nothing

    const rule = await a.saveRule(w.group.id, null, settings);
    expect(rule).toMatchObject({ name: 'Watches', chatId: w.group.id, enabled: true, updatedBy: w.carol.id });
    expect(a.rules.get().rules!.map((r) => r.name)).toEqual(['Watches']);

    await a.setEnabled(rule, false);
    expect(a.rules.get().rules![0]!.enabled).toBe(false);
    expect(w.server.automod.rulesKept[0]).toMatchObject({ enabled: false, words: ['cheap watches'] });
    expect(a.rules.get().busy).toEqual({});

    const changed = await a.saveRule(w.group.id, rule.id, { ...settings, name: 'Watch ads', action: 'reject', message: 'No ads' });
    expect(a.rules.get().rules).toEqual([changed]);
    await a.deleteRule(changed);
    expect(a.rules.get().rules).toEqual([]);
    expect(w.server.automod.rulesKept).toHaveLength(0);
  });

  it('switches a rule at once, one switch at a time, and back when the server refuses', async () => {
    const w = await world('carol');
    const a = w.store.automod;
    const rule = await a.saveRule(w.group.id, null, ruleSettings(form({ name: 'Watches', words: 'watches' })));
    await a.loadRules(w.group.id);
    // The server answers when the test says so.
    const update = w.server.automod.updateRule.bind(w.server.automod);
    let answer = () => {};
    w.server.automod.updateRule = async (...args) => {
      await new Promise<void>((r) => (answer = r));
      return update(...args);
    };
    const shown = () => a.rules.get().rules![0]!;

    const off = a.setEnabled(rule, false);
    expect(shown().enabled).toBe(false); // before the server answers
    expect(a.rules.get().busy).toEqual({ [rule.id]: true });
    await expect(a.setEnabled(shown(), true)).resolves.toBe(false); // the first is on its way
    expect(shown().enabled).toBe(false);
    answer();
    await expect(off).resolves.toBe(true);
    expect(shown()).toMatchObject({ enabled: false, updatedBy: w.carol.id });
    expect(w.server.automod.rulesKept[0]!.enabled).toBe(false);
    expect(a.rules.get().busy).toEqual({});

    w.server.automod.failChanges.push(new ApiError(403, 'forbidden', "Only the group's owner and admins moderate it"));
    const on = a.setEnabled(shown(), true);
    expect(shown().enabled).toBe(true);
    answer();
    await expect(on).rejects.toMatchObject({ status: 403 });
    expect(shown().enabled).toBe(false); // switched back
    expect(w.server.automod.rulesKept[0]!.enabled).toBe(false);
    expect(a.rules.get().busy).toEqual({});
    expect(w.store.getState().toast).toBeNull(); // the page says it

    // Read again while refused: the list shows the server's rule, not switched back over it.
    w.server.automod.failChanges.push(new ApiError(500, 'internal', 'Try later'));
    const again = a.setEnabled(shown(), true);
    w.server.automod.rulesKept[0]!.enabled = true;
    await a.loadRules(w.group.id);
    answer();
    await expect(again).rejects.toMatchObject({ status: 500 });
    expect(shown().enabled).toBe(true);
  });

  it('throws the refusal naming the setting; a member is refused the group\'s rules, and anyone not staff the server\'s', async () => {
    const w = await world('carol');
    const err = await w.store.automod.saveRule(w.group.id, null, ruleSettings(form({ kind: 'regex', pattern: '(' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(refusedField((err as ApiError).message)).toBe('pattern');
    expect(w.store.getState().toast).toBeNull(); // the form says it

    await w.store.automod.loadRules(null);
    expect(w.store.automod.rules.get()).toMatchObject({ scope: null, rules: null, error: "Only the server's moderators see its rules" });

    const m = await world('me');
    await m.store.automod.loadRules(m.group.id);
    expect(m.store.automod.rules.get().error).toBe("Only the group's owner and admins moderate it");
  });

  it('drops rules of a scope asked for before another', async () => {
    const w = await world('admin', async (x) => {
      await x.server.automod.addRule(`token-${x.me.id}`, null, ruleSettings(form({ name: 'Server', words: 'a' })));
      await x.server.automod.addRule(`token-${x.me.id}`, x.group.id, ruleSettings(form({ name: 'Group', words: 'b' })));
    });
    const first = w.store.automod.loadRules(null);
    const second = w.store.automod.loadRules(w.group.id);
    await Promise.all([first, second]);
    expect(w.store.automod.rules.get()).toMatchObject({ scope: w.group.id, rules: [{ name: 'Group' }] });
  });

  it('a rule deleted meanwhile leaves the list, and the refusal is thrown', async () => {
    const w = await world('carol');
    const rule = await w.store.automod.saveRule(w.group.id, null, ruleSettings(form({ words: 'x' })));
    await w.store.automod.loadRules(w.group.id);
    w.server.automod.rulesKept.length = 0;
    await expect(w.store.automod.deleteRule(rule)).rejects.toMatchObject({ status: 404 });
    expect(w.store.automod.rules.get().rules).toEqual([]);
  });
});

describe('the sender\'s side', () => {
  async function ruled(action: 'hold' | 'reject' | 'mute', extra: Partial<RuleForm> = {}) {
    return world('me', async (x) => {
      await x.server.automod.addRule(`token-${x.carol.id}`, x.group.id, ruleSettings(form({ name: 'Ads', words: 'watches', action, ...extra })));
    });
  }

  it('a held message waits for review, is not sent again, and becomes the delivered message once approved', async () => {
    const w = await ruled('hold');
    w.store.send(w.group.id, 'Cheap watches here');
    await until(() => own(w, w.group.id)[0]?.refusal === 'held', 'held');
    const held = own(w, w.group.id)[0]!;
    expect(held).toMatchObject({ pending: false, failed: 'Waiting for review', content: 'Cheap watches here' });
    expect(w.store.getState().toast?.text).toBe("Your message is waiting for a moderator's review");
    expect(w.store.outboxItems()).toEqual([]);
    expect(w.server.stored.some((m) => m.content === 'Cheap watches here')).toBe(false);
    // Neither sent again nor dropped here.
    w.store.retry(w.group.id, held.id);
    w.store.discard(w.group.id, held.id);
    await settle();
    expect(own(w, w.group.id)).toHaveLength(1);
    expect(w.server.requests.filter(([e]) => e === 'message')).toHaveLength(1);

    const [hit] = w.server.automod.hitsKept;
    expect(hit).toMatchObject({ status: 'held', clientMessageId: held.clientMessageId });
    await w.server.automod.decideHit(`token-${w.carol.id}`, hit!.id, 'approve');
    await until(() => own(w, w.group.id)[0]?.refusal === undefined, 'delivered');
    const delivered = own(w, w.group.id);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ content: 'Cheap watches here', clientMessageId: held.clientMessageId });
    expect(delivered[0]!.failed).toBeUndefined();
    expect(delivered[0]!.id).not.toBe(held.id);
    expect(w.store.getState().toast?.text).toBe('A moderator approved your message; it was delivered');
  });

  it('a held message a moderator rejects says so, and may be deleted', async () => {
    const w = await ruled('hold');
    await w.store.automod.loadNotices();
    w.store.send(w.group.id, 'More watches');
    await until(() => own(w, w.group.id)[0]?.refusal === 'held', 'held');
    await w.server.automod.decideHit(`token-${w.carol.id}`, w.server.automod.hitsKept[0]!.id, 'reject', 'Ads');
    await until(() => own(w, w.group.id)[0]?.refusal === 'held_rejected', 'rejected');
    expect(own(w, w.group.id)[0]!.failed).toBe('Rejected by a moderator');
    expect(w.store.getState().toast?.text).toBe('A moderator rejected your message: Ads');
    expect(w.store.automod.notices.get().notices!.map((n) => n.kind)).toEqual(['held_rejected']);
    w.store.retry(w.group.id, own(w, w.group.id)[0]!.id);
    expect(own(w, w.group.id)[0]!.refusal).toBe('held_rejected');
    w.store.discard(w.group.id, own(w, w.group.id)[0]!.id);
    expect(own(w, w.group.id)).toEqual([]);
  });

  it('a message a rule rejects says the server\'s words and is not sent again', async () => {
    const w = await ruled('reject', { message: 'No watch ads here' });
    w.store.send(w.group.id, 'watches!');
    await until(() => own(w, w.group.id)[0]?.refusal === 'rejected', 'rejected');
    expect(own(w, w.group.id)[0]!.failed).toBe('No watch ads here');
    expect(w.store.getState().toast?.text).toBe('Message not sent: No watch ads here');
    w.store.retry(w.group.id, own(w, w.group.id)[0]!.id);
    await settle();
    expect(own(w, w.group.id)[0]!.refusal).toBe('rejected');
    expect(w.server.requests.filter(([e]) => e === 'message')).toHaveLength(1);
  });

  it('a mute rule refuses and mutes: the next message is refused as muted, and may be sent again once lifted', async () => {
    const w = await ruled('mute', { message: 'Muted for ads' });
    await w.store.automod.loadNotices();
    w.store.send(w.group.id, 'watches');
    await until(() => own(w, w.group.id)[0]?.refusal === 'muted', 'muted');
    expect(w.store.getState().toast?.text).toBe('Message not sent: Muted for ads');
    const [notice] = w.store.automod.notices.get().notices!;
    expect(notice).toMatchObject({ kind: 'muted', chatId: w.group.id, text: 'Muted for ads' });
    expect(noticeText(notice!, 'Team')).toMatch(/^You are muted in Team until .+: Muted for ads$/);
    w.store.send(w.group.id, 'Sorry');
    await until(() => own(w, w.group.id)[1]?.refusal === 'muted', 'muted again');
    expect(own(w, w.group.id)[1]!.failed).toMatch(/^You are muted in this group for \d+ more minutes$/);
    w.server.automod.mutesKept.length = 0;
    w.store.retry(w.group.id, own(w, w.group.id)[1]!.id);
    await until(() => w.server.stored.some((m) => m.content === 'Sorry'), 'sent');
    await until(() => own(w, w.group.id).some((m) => m.content === 'Sorry' && m.failed === undefined && !m.pending), 'delivered');
  });

  it('an edit a rule rejects is put back, with the server\'s words', async () => {
    const w = await ruled('reject', { message: 'No watch ads here' });
    w.store.send(w.group.id, 'Hello all');
    await until(() => own(w, w.group.id).some((m) => !m.pending && m.seq > 0), 'sent');
    const sent = own(w, w.group.id)[0]!;
    const ok = await w.store.lifecycle.edit(w.group.id, sent.id, 'Hello, buy watches');
    expect(ok).toBe(false);
    expect(own(w, w.group.id)[0]!.content).toBe('Hello all');
    expect(w.store.getState().toast?.text).toBe('Could not edit the message: No watch ads here');
  });
});

describe('store.automod: hits, mutes, warnings and notices', () => {
  async function heldWorld() {
    return world('admin', async (x) => {
      const token = `token-${x.me.id}`;
      await x.server.automod.addRule(token, null, ruleSettings(form({ name: 'Held', words: 'watches', action: 'hold' })));
      await x.server.automod.addRule(token, null, ruleSettings(form({ name: 'Flag', words: 'cheap', action: 'flag' })));
      for (const [who, text] of [
        [x.bob.id, 'cheap watches'],
        [x.carol.id, 'cheap shoes'],
      ] as const) {
        try {
          x.server.automod.check(who, x.group.id, text, null);
          const [m] = x.server.store(x.group.id, who, text);
          x.server.automod.hitsKept.at(-1)!.messageId = m.id;
        } catch {
          // held
        }
      }
    });
  }

  it('lists the held ones, then the flagged ones, then all; approves one, and a second decision is refused', async () => {
    const w = await heldWorld();
    const hits = w.store.automod.hits;
    await hits.open({ chatId: null, status: 'held' });
    expect(hits.view.get().items!.map((h) => `${h.content}:${h.status}:${h.user?.name}`)).toEqual(['cheap watches:held:Bob']);
    expect(w.server.automod.hitQueries.at(-1)).toEqual({ status: 'held', limit: 20 });
    await hits.open({ chatId: null, status: 'open' });
    expect(hits.view.get().items!.map((h) => `${h.content}:${h.status}:${h.rules.map((r) => r.name).join('+')}`)).toEqual(['cheap shoes:open:Flag']);
    await hits.open({ chatId: w.group.id, status: 'all' });
    expect(w.server.automod.hitQueries.at(-1)).toEqual({ chatId: w.group.id, limit: 20 });
    expect(hits.view.get().items).toHaveLength(2);

    const held = hits.view.get().items!.find((h) => h.status === 'held')!;
    await w.store.automod.decide(held.id, 'approve');
    expect(hits.view.get().items!.find((h) => h.id === held.id)).toMatchObject({ status: 'approved', decidedBy: w.me.id });
    expect(w.store.automod.deciding.get()).toEqual({});
    expect(w.server.stored.filter((m) => m.content === 'cheap watches')).toHaveLength(1);
    await expect(w.store.automod.decide(held.id, 'approve')).rejects.toMatchObject({ status: 409, message: 'This was decided already' });

    const flagged = hits.view.get().items!.find((h) => h.status === 'open')!;
    await w.store.automod.decide(flagged.id, 'dismiss', 'Fine');
    expect(hits.view.get().items!.find((h) => h.id === flagged.id)!.status).toBe('dismissed');
  });

  it('mutes a person for an hour and lists it; lifts it; a mute ended meanwhile leaves the list', async () => {
    const w = await world('carol');
    const a = w.store.automod;
    await a.loadMutes(w.group.id);
    expect(a.mutes.get().mutes).toEqual([]);
    await a.mute(w.bob.id, w.group.id, 3600, 'Spam');
    await until(() => (a.mutes.get().mutes?.length ?? 0) === 1 && !a.mutes.get().loading, 'listed');
    const [mute] = a.mutes.get().mutes!;
    expect(mute).toMatchObject({ userId: w.bob.id, chatId: w.group.id, by: w.carol.id, reason: 'Spam', user: { name: 'Bob' } });
    expect(Date.parse(mute!.until) - Date.parse(mute!.at)).toBe(3600 * 1000);
    await a.unmute(mute!);
    expect(a.mutes.get().mutes).toEqual([]);
    expect(w.server.automod.mutesKept).toEqual([]);

    await a.mute(w.bob.id, w.group.id, 600);
    await until(() => (a.mutes.get().mutes?.length ?? 0) === 1 && !a.mutes.get().loading, 'listed again');
    w.server.automod.mutesKept.length = 0;
    await expect(a.unmute(a.mutes.get().mutes![0]!)).rejects.toMatchObject({ status: 404 });
    expect(a.mutes.get().mutes).toEqual([]);
    await expect(a.mute(w.carol.id, w.group.id, 600)).rejects.toThrow('One cannot mute oneself');
  });

  it('a report\'s person muted from the queue: the mutes shown are read again', async () => {
    const w = await world('admin', async (x) => {
      const [m] = x.server.store(x.group.id, x.bob.id, 'Rude');
      await x.server.moderation.report(x.carol.id, { kind: 'message', targetId: m.id, category: 'harassment' });
    });
    await w.store.automod.loadMutes(null);
    await w.store.moderation.queue.open({ status: 'open', category: null, chatId: null });
    await w.store.moderation.act(w.server.moderation.reports[0]!.id, 'mute', '', 86400);
    expect(w.store.moderation.queue.view.get().items![0]).toMatchObject({ status: 'resolved', resolution: 'muted' });
    await until(() => (w.store.automod.mutes.get().mutes?.length ?? 0) === 1, 'mutes read again');
    const [mute] = w.store.automod.mutes.get().mutes!;
    expect(mute).toMatchObject({ userId: w.bob.id, chatId: w.group.id });
    expect(Date.parse(mute!.until) - Date.parse(mute!.at)).toBe(86400 * 1000);
  });

  it('warns a person: they hear it as a toast and in their notices; the notices list keeps what came meanwhile', async () => {
    const w = await world('me', async (x) => {
      await x.server.automod.warn(`token-${x.carol.id}`, x.me.id, x.group.id, 'Earlier');
    });
    const a = w.store.automod;
    await a.loadNotices();
    expect(a.notices.get().notices!.map((n) => n.text)).toEqual(['Earlier']);
    await w.server.automod.warn(`token-${w.carol.id}`, w.me.id, w.group.id, 'Be kind');
    expect(w.store.getState().toast?.text).toBe('A moderator warns you (Team): Be kind');
    expect(a.notices.get().notices!.map((n) => n.text)).toEqual(['Be kind', 'Earlier']);
    await expect(a.warn(w.bob.id, w.group.id, 'x')).rejects.toMatchObject({ status: 403 });
  });

  it('forgets everything at logout', async () => {
    const w = await world('carol');
    await w.store.automod.loadRules(w.group.id);
    await w.store.automod.loadMutes(w.group.id);
    await w.store.automod.loadNotices();
    await w.store.logout();
    expect(w.store.automod.rules.get().rules).toBeNull();
    expect(w.store.automod.mutes.get().mutes).toBeNull();
    expect(w.store.automod.notices.get().notices).toBeNull();
  });
});
