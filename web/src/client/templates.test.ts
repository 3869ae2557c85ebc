// Message templates in the state layer: the pure rules (the server's objects read defensively,
// the variables and who {name} is, the "/word" at the caret and the templates it suggests, what
// is wrong with a draft, a change's PATCH body, the categories, refusals in words) and
// store.templates against the fake server: loaded once connected, each chat's suggestions and
// quick replies, create, change (with the version) and delete shown at once, refusals thrown,
// a group's canned responses for members and admins, templates:updated and a reconnect read
// again, uses counted, and an older answer dropped.
import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n/core';
import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import {
  byCategory,
  categoriesOf,
  draftProblems,
  expandTemplate,
  firstName,
  insertExpansion,
  matchTemplates,
  nameFor,
  readCannedSet,
  readTemplate,
  readTemplateList,
  slashQueryAt,
  templateErrorText,
  templatePatch,
  todayText,
  varsFor,
  type TemplateDraft,
} from './templates';
import type { Template } from './templates-wire';
import type { Chat, User, ViewMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  setLocale('en');
});

function tpl(over: Partial<Template> = {}): Template {
  return {
    id: 't1',
    chatId: null,
    title: 'Thanks',
    category: '',
    shortcut: 'thanks',
    content: 'Thank you, {first_name}!',
    createdBy: 'u1',
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    uses: 0,
    lastUsedAt: null,
    ...over,
  };
}

const draft = (over: Partial<TemplateDraft> = {}): TemplateDraft => ({ title: 'Thanks', category: '', shortcut: 'thanks', content: 'Thank you!', ...over });

describe('reading templates', () => {
  it('reads what it needs and defaults the rest; one without an id, a title or a text is dropped', () => {
    expect(readTemplate({ id: 'a', title: 'Hi', content: 'Hello' })).toEqual({
      id: 'a', chatId: null, title: 'Hi', category: '', shortcut: null, content: 'Hello', createdBy: '',
      createdAt: 0, updatedAt: 0, version: 0, uses: 0, lastUsedAt: null,
    });
    expect(readTemplate({ id: 'a', title: 'Hi', content: 'x', shortcut: '/Thanks', chatId: 'g1', uses: 3, lastUsedAt: 5, category: ' Sales ' })).toMatchObject({
      shortcut: 'thanks', chatId: 'g1', uses: 3, lastUsedAt: 5, category: 'Sales',
    });
    expect(readTemplate({ id: 'a', title: 'Hi', content: 'x', shortcut: '', uses: 'many' })).toMatchObject({ shortcut: null, uses: 0 });
    expect(readTemplate({ title: 'Hi', content: 'x' })).toBeNull();
    expect(readTemplate({ id: 'a', content: 'x' })).toBeNull();
    expect(readTemplate({ id: 'a', title: 'Hi' })).toBeNull();
    expect(readTemplate('nope')).toBeNull();
  });

  it('keeps the server\'s order, each once; reads a group\'s set with its canManage', () => {
    const list = [{ id: 'b', title: 'B', content: 'b' }, { id: 'a', title: 'A', content: 'a' }, { id: 'b', title: 'B2', content: 'b' }, null];
    expect(readTemplateList({ templates: list }).map((x) => x.id)).toEqual(['b', 'a']);
    expect(readTemplateList(list).map((x) => x.title)).toEqual(['B', 'A']);
    expect(readTemplateList({})).toEqual([]);
    expect(readCannedSet({ templates: list, canManage: true })).toMatchObject({ canManage: true });
    expect(readCannedSet({ templates: list, canManage: 'yes' }).canManage).toBe(false);
  });
});

describe('variables', () => {
  const me: User = { id: 'me', name: 'Ann Lee', email: 'ann@example.com' };
  const users: Record<string, User> = {
    me,
    bob: { id: 'bob', name: 'Bob Stone', email: 'b@example.com' },
    cal: { id: 'cal', name: 'Cal', email: 'c@example.com' },
  };
  const privateChat = { id: 'c1', participants: ['me', 'bob'] } as Chat;
  const group = { id: 'g1', participants: ['me', 'bob', 'cal'], kind: 'group', title: 'Sales team' } as Chat;
  const msg = (senderId: string, over: Partial<ViewMessage> = {}) => ({ id: `m-${senderId}`, senderId, content: 'x', ...over }) as ViewMessage;
  const now = Date.UTC(2025, 11, 7, 12);

  it('fills in each variable and leaves anything else in braces as typed', () => {
    const vars = { name: 'Bob Stone', first_name: 'Bob', my_name: 'Ann Lee', date: '7 December 2025' };
    expect(expandTemplate('Hi {name} ({first_name}), {my_name} here on {date}. {unknown} {NAME} {name', vars)).toBe(
      'Hi Bob Stone (Bob), Ann Lee here on 7 December 2025. {unknown} {NAME} {name',
    );
    expect(expandTemplate('{first_name}{first_name}', vars)).toBe('BobBob');
    expect(firstName('  María José  García ')).toBe('María');
    expect(firstName('')).toBe('');
  });

  it('is the other person in a private chat, whatever was said last', () => {
    expect(nameFor({ chat: privateChat, me, users, items: [msg('me')], now })).toBe('Bob Stone');
    expect(varsFor({ chat: privateChat, me, users, items: [], now })).toMatchObject({ name: 'Bob Stone', first_name: 'Bob', my_name: 'Ann Lee' });
  });

  it('in a group: the sender answered, else of the latest message from someone else, else the group', () => {
    const items = [msg('bob'), msg('cal'), msg('me'), msg('cal', { id: 'sys', kind: 'system' }), msg('bob', { id: 'gone', deleted: true })];
    expect(nameFor({ chat: group, me, users, items, replyToSenderId: 'bob', now })).toBe('Bob Stone');
    expect(nameFor({ chat: group, me, users, items, now })).toBe('Cal');
    expect(nameFor({ chat: group, me, users, items, replyToSenderId: 'me', now })).toBe('Cal');
    expect(nameFor({ chat: group, me, users, items: [msg('me')], now })).toBe('Sales team');
  });

  it('writes today as the interface\'s language does', () => {
    setLocale('en');
    expect(todayText(now)).toMatch(/7 December 2025|December 7, 2025/);
    setLocale('es');
    expect(todayText(now)).toBe('7 de diciembre de 2025');
  });
});

describe('the "/word" at the caret', () => {
  it('is a "/" starting the box or after a space or line break, with the word around the caret', () => {
    expect(slashQueryAt('/th', 3)).toEqual({ start: 0, end: 3, query: 'th' });
    expect(slashQueryAt('Hi /th', 6)).toEqual({ start: 3, end: 6, query: 'th' });
    expect(slashQueryAt('Hi\n/', 4)).toEqual({ start: 3, end: 4, query: '' });
    expect(slashQueryAt('/thanks now', 3)).toEqual({ start: 0, end: 7, query: 'thanks' });
    expect(slashQueryAt('/gracías', 8)).toEqual({ start: 0, end: 8, query: 'gracías' });
    expect(slashQueryAt('https://x', 9)).toBeNull();
    expect(slashQueryAt('a/b', 3)).toBeNull();
    expect(slashQueryAt('/th is', 6)).toBeNull();
    expect(slashQueryAt(`/${'x'.repeat(40)}`, 41)).toBeNull();
  });

  it('is replaced by the expansion, the caret after it', () => {
    const q = slashQueryAt('Hello /tha there', 10)!;
    expect(insertExpansion('Hello /tha there', q, 'Thank you!')).toEqual({ text: 'Hello Thank you! there', caret: 16 });
  });

  it('suggests shortcuts starting with it first, then titles and texts holding it, case and accents ignored, in the server\'s order', () => {
    const list = [
      tpl({ id: 'a', title: 'Address', shortcut: 'addr', content: 'Our office: 1 Main St' }),
      tpl({ id: 'b', title: 'Thanks a lot', shortcut: null, content: 'Muchas gracias' }),
      tpl({ id: 'c', title: 'Bye', shortcut: 'thx', content: 'See you' }),
      tpl({ id: 'd', title: 'Café', shortcut: 'cafe', content: 'Coffee?' }),
      tpl({ id: 'e', title: 'Gracias', shortcut: 'grácias', content: 'Thanks' }),
    ];
    const ids = (q: string) => matchTemplates(list, q).map((x) => x.id);
    expect(ids('')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids('th')).toEqual(['c', 'b', 'e']);
    expect(ids('TH')).toEqual(['c', 'b', 'e']);
    expect(ids('CAFÉ')).toEqual(['d']);
    expect(ids('gracias')).toEqual(['e', 'b']);
    expect(ids('main')).toEqual(['a']);
    expect(ids('zzz')).toEqual([]);
  });
});

describe('drafts', () => {
  it('says what is wrong, field by field', () => {
    setLocale('en');
    expect(draftProblems(draft())).toEqual({});
    expect(draftProblems(draft({ shortcut: '' }))).toEqual({});
    expect(draftProblems(draft({ shortcut: '/Gracías_2-b' }))).toEqual({});
    const bad = draftProblems(draft({ title: ' ', category: 'x'.repeat(41), shortcut: 'two words', content: '\n' }));
    expect(Object.keys(bad).sort()).toEqual(['category', 'content', 'shortcut', 'title']);
    expect(draftProblems(draft({ title: 'x'.repeat(101) })).title).toBe('The title can have at most 100 characters.');
    expect(draftProblems(draft({ content: 'x'.repeat(10001) })).content).toBe('The text can have at most 10,000 characters.');
    expect(draftProblems(draft({ shortcut: 'x'.repeat(33) })).shortcut).toMatch(/^Use 1 to 32 letters/);
    const taken = [tpl({ id: 'other', shortcut: 'thanks' })];
    expect(draftProblems(draft({ shortcut: 'Thanks' }), taken).shortcut).toBe('There is a /thanks already.');
    expect(draftProblems(draft({ shortcut: 'thanks' }), taken, 'other')).toEqual({});
  });

  it('sends only what changed, with the version; a shortcut taken away is empty', () => {
    const held = tpl({ version: 4, category: 'Sales' });
    expect(templatePatch(held, { title: 'Thanks', category: 'Sales', shortcut: 'thanks', content: 'Thank you, {first_name}!' })).toEqual({ version: 4 });
    expect(templatePatch(held, { title: ' Thanks! ', category: '', shortcut: '', content: 'Ta' })).toEqual({
      version: 4, title: 'Thanks!', category: '', shortcut: '', content: 'Ta',
    });
    expect(templatePatch(tpl({ shortcut: null }), draft({ shortcut: '/THX', content: 'Thank you, {first_name}!' }))).toEqual({ version: 1, shortcut: 'thx' });
  });

  it('lists categories in order, and the templates by category (none last), by title', () => {
    const list = [tpl({ id: '1', title: 'b', category: 'Support' }), tpl({ id: '2', title: 'z' }), tpl({ id: '3', title: 'a', category: 'Support' }), tpl({ id: '4', title: 'c', category: 'Billing' })];
    expect(categoriesOf(list)).toEqual(['Billing', 'Support']);
    expect(byCategory(list).map((g) => [g.category, g.templates.map((x) => x.id)])).toEqual([['Billing', ['4']], ['Support', ['3', '1']], ['', ['2']]]);
  });

  it('says refusals in words', () => {
    setLocale('en');
    expect(templateErrorText(new ApiError(409, 'template_limit', 'full'))).toBe('There can be at most 200 templates here. Delete one to add another.');
    expect(templateErrorText(new ApiError(409, 'conflict', 'There is a /thanks already'))).toBe('There is a /thanks already');
    expect(templateErrorText(new ApiError(403, 'forbidden', 'no'))).toBe('Only the group’s admins can change its canned responses.');
    expect(templateErrorText(new ApiError(400, 'invalid_input', 'title: too long'))).toBe('title: too long');
  });
});

async function signedIn() {
  const server = new FakeServer();
  const me = server.addUser('Ann Lee', true);
  const bob = server.addUser('Bob Stone');
  const cal = server.addUser('Cal');
  const chat = server.addChat(me.id, bob.id);
  const group = server.addGroup('Sales', [bob.id, me.id, cal.id], { role: 'member' });
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, templatesApi: server.templates });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.templates.list() !== null, 'templates loaded');
  return { server, store, me, bob, cal, chat, group };
}

describe('store.templates', () => {
  it('loads the user\'s own on connect, ranked by use; creates, changes and deletes them, shown at once', async () => {
    const w = await signedIn();
    expect(w.store.templates.list()).toEqual([]);
    const made = await w.store.templates.create(null, draft({ title: ' Thanks ', shortcut: '/Thanks', category: ' ' }));
    expect(made).toMatchObject({ title: 'Thanks', shortcut: 'thanks', category: '', chatId: null, version: 1 });
    expect(w.store.templates.list()?.map((x) => x.id)).toEqual([made.id]);
    await settle();

    const changed = await w.store.templates.update(made, draft({ title: 'Thanks!', shortcut: '', content: 'Thank you, {name}' }));
    expect(changed).toMatchObject({ title: 'Thanks!', shortcut: null, version: 2 });
    expect(w.store.templates.list()?.[0]).toMatchObject({ title: 'Thanks!', version: 2 });

    // A stale version is refused, and the list read again.
    await expect(w.store.templates.update(made, draft({ title: 'Old' }))).rejects.toMatchObject({ status: 409 });
    await w.store.templates.remove(changed);
    expect(w.store.templates.list()).toEqual([]);
  });

  it('refuses a shortcut taken and a full set, in words', async () => {
    const w = await signedIn();
    await w.store.templates.create(null, draft());
    const taken = await w.store.templates.create(null, draft({ title: 'Other', shortcut: 'THANKS' })).catch((e: unknown) => e);
    expect(templateErrorText(taken)).toBe('There is a /thanks already');
    w.server.templates.maxPerSet = 1;
    const full = await w.store.templates.create(null, draft({ title: 'Other', shortcut: '' })).catch((e: unknown) => e);
    expect(full).toMatchObject({ code: 'template_limit' });
  });

  it('suggests in a chat the user\'s own and the group\'s, ranked there; counts uses; quick replies follow', async () => {
    const w = await signedIn();
    const hi = w.server.templates.seed(w.me, null, { title: 'Hi', content: 'Hi {name}' });
    const bye = w.server.templates.seed(w.me, null, { title: 'Bye', content: 'Bye' }, { userId: w.me.id, chatId: 'elsewhere', count: 1 });
    const canned = w.server.templates.seed(null, w.group.id, { title: 'Pricing', content: 'See our prices', shortcut: 'price' });
    w.store.templates.open(w.group.id);
    await until(() => w.store.templates.suggested.entry(w.group.id) !== undefined, 'suggestions');
    expect(w.store.templates.suggestions(w.group.id).map((x) => x.id)).toEqual([bye.id, hi.id, canned.id]);
    expect(w.store.templates.quick.entry(w.group.id)?.map((x) => x.id)).toEqual([bye.id]);
    // Before they are read, a chat offers the user's own.
    expect(w.store.templates.suggestions(w.chat.id).map((x) => x.id)).toEqual([]);

    w.store.templates.recordUse(canned.id, w.group.id);
    await until(() => w.store.templates.quick.entry(w.group.id)?.length === 2, 'quick replies read again');
    expect(w.store.templates.quick.entry(w.group.id)?.map((x) => x.id)).toEqual([canned.id, bye.id]);
    expect(w.store.templates.suggestions(w.group.id).map((x) => x.id)).toEqual([canned.id, bye.id, hi.id]);
    expect(w.server.templates.calls).toContain(`POST use ${canned.id} ${w.group.id}`);
  });

  it('reads a group\'s canned responses: a member may not change them, an admin may', async () => {
    const w = await signedIn();
    w.server.templates.seed(null, w.group.id, { title: 'Pricing', content: 'See our prices' });
    await w.store.templates.loadCanned(w.group.id);
    expect(w.store.templates.canned.entry(w.group.id)).toMatchObject({ canManage: false, templates: [{ title: 'Pricing' }] });
    const refused = await w.store.templates.create(w.group.id, draft()).catch((e: unknown) => e);
    expect(templateErrorText(refused)).toBe('Only the group’s admins can change its canned responses.');

    w.server.templates.managers.add(w.me.id);
    await w.store.templates.loadCanned(w.group.id);
    expect(w.store.templates.canned.entry(w.group.id)?.canManage).toBe(true);
    const made = await w.store.templates.create(w.group.id, draft({ title: 'Welcome' }));
    expect(made.chatId).toBe(w.group.id);
    expect(w.store.templates.canned.entry(w.group.id)?.templates.map((x) => x.title)).toEqual(['Pricing', 'Welcome']);
    // Not a group: nothing to show.
    await w.store.templates.loadCanned(w.chat.id);
    expect(w.store.templates.canned.entry(w.chat.id)).toEqual({ templates: [], canManage: false });
  });

  it('reads again what templates:updated names, and everything after a reconnect', async () => {
    const w = await signedIn();
    w.store.templates.open(w.group.id);
    await w.store.templates.loadCanned(w.group.id);
    await until(() => w.store.templates.suggested.entry(w.group.id) !== undefined, 'suggestions');
    // Another admin adds a canned response.
    w.server.templates.seed(null, w.group.id, { title: 'Hours', content: 'We open at 9' });
    w.server.templates.announce(w.group.id);
    await until(() => w.store.templates.canned.entry(w.group.id)?.templates.length === 1, 'canned read again');
    await until(() => w.store.templates.suggestions(w.group.id).length === 1, 'suggestions read again');
    // Another device of the user's adds one of theirs.
    w.server.templates.seed(w.me, null, { title: 'Mine', content: 'x' });
    w.server.templates.announce(null);
    await until(() => w.store.templates.list()?.length === 1, 'own read again');
    await until(() => w.store.templates.suggestions(w.group.id).length === 2, 'suggestions with it');

    // Changes while away are read on reconnect.
    w.server.drop();
    w.server.templates.seed(w.me, null, { title: 'While away', content: 'y' });
    w.server.restore();
    await until(() => w.store.templates.list()?.length === 2, 'read after reconnect');
  });

  it('drops an older answer for a newer one, and forgets everything when the session ends', async () => {
    const w = await signedIn();
    w.server.templates.seed(w.me, null, { title: 'A', content: 'a' });
    const first = w.store.templates.load();
    w.server.templates.seed(w.me, null, { title: 'B', content: 'b' });
    const second = w.store.templates.load();
    await Promise.all([first, second]);
    expect(w.store.templates.list()?.map((x) => x.title)).toEqual(['A', 'B']);
    await w.store.logout();
    expect(w.store.templates.list()).toBeNull();
  });

  it('fills in the variables from the chat: the person, the sender answered, the user', async () => {
    const w = await signedIn();
    const t = tpl({ content: '{first_name}: {name}, from {my_name}' });
    expect(w.store.templates.expand(t, w.chat.id)).toBe('Bob: Bob Stone, from Ann Lee');
    w.store.openChat(w.group.id);
    const [m] = w.server.store(w.group.id, w.cal.id, 'Hello all');
    w.server.push({ type: 'message', message: { ...m! } });
    await until(() => (w.store.slices.messages.entry(w.group.id)?.items.length ?? 0) > 0, 'message');
    expect(w.store.templates.expand(t, w.group.id)).toBe('Cal: Cal, from Ann Lee');
  });
});
