// Scheduled messages in the state layer: the pure rules (the server's objects read
// defensively, the pending list after news, the proposed starts and what is wrong with one, the
// notices) and store.scheduled against the fake server: loaded once connected, scheduling,
// editing with the version (only what changed; a stale one read again), cancelling, sending
// now (the message in its chat at once, marked as a schedule's), occurrences the server sends,
// misses and cancellations told in a toast (also those that happened while away), a load
// overtaken by newer news, previews, and the person's time zone as the default.
import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n/core';
import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import { msToLocal, formatLocal } from './rrule';
import {
  cancelledNotice,
  defaultStart,
  excerpt,
  missedNotice,
  newlyMissed,
  quickStarts,
  readScheduled,
  readScheduledList,
  scheduledErrorText,
  scheduledTitle,
  startProblem,
  withScheduled,
} from './scheduled';
import { patchOf, type ScheduleDraft } from './scheduled-actions';
import type { ScheduledMessage } from './scheduled-wire';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  setLocale('en');
});

const HOUR = 60 * 60 * 1000;

function sched(over: Partial<ScheduledMessage> = {}): ScheduledMessage {
  return {
    id: 's1',
    chatId: 'c1',
    content: 'Standup in five',
    attachments: [],
    timeZone: 'Europe/Berlin',
    start: '2026-12-08T09:00',
    rrule: null,
    recipientZone: false,
    state: 'pending',
    nextAt: 1000,
    upcoming: [1000],
    sentCount: 0,
    missedCount: 0,
    lastSentAt: null,
    lastMissedAt: null,
    lastMessageId: null,
    reason: null,
    version: 1,
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

describe('scheduled rules', () => {
  it('reads the server\'s objects defensively', () => {
    expect(readScheduled(null)).toBeNull();
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'later' })).toBeNull();
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'pending', nextAt: 5, rrule: '', upcoming: [5, 'x', 9] })).toEqual({
      ...sched({ content: '', timeZone: 'UTC', start: '', nextAt: 5, upcoming: [5, 9], version: 0, createdAt: 0, updatedAt: 0 }),
    });
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'cancelled', reason: 'no_access', nextAt: null })?.reason).toBe('no_access');
    // Its files as a message's; those without an id or a name left out, an unknown kind a plain file.
    const file = { id: 'f1', kind: 'image', name: 'plan.png', size: 10, mime: 'image/png', thumbnail: true, width: 4 };
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'pending', attachments: [file, { id: 'f2' }, 'x', { id: 'f3', name: 'a.bin', kind: 'hologram' }] })?.attachments).toEqual([
      file,
      { id: 'f3', name: 'a.bin', kind: 'file', size: 0, mime: 'application/octet-stream', thumbnail: false },
    ]);
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'pending', attachments: 'nope' })?.attachments).toEqual([]);
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'cancelled', reason: 'bored' })?.reason).toBeNull();
    // nextAt alone: the upcoming list has it.
    expect(readScheduled({ id: 's1', chatId: 'c1', state: 'pending', nextAt: 7 })?.upcoming).toEqual([7]);
    const list = readScheduledList({
      scheduled: [sched({ id: 'b', nextAt: 30 }), sched({ id: 'a', nextAt: 10 }), sched({ id: 'c', state: 'done' }), { id: 'x' }, sched({ id: 'a', nextAt: 10 })],
    });
    expect(list.map((s) => s.id)).toEqual(['a', 'b']);
    expect(readScheduledList('nothing')).toEqual([]);
  });

  it('keeps the pending list: newer copies win, ended ones leave, ordered by the next time', () => {
    let list = withScheduled([], sched({ id: 'a', nextAt: 50 }));
    list = withScheduled(list, sched({ id: 'b', nextAt: 20 }));
    expect(list.map((s) => s.id)).toEqual(['b', 'a']);
    list = withScheduled(list, sched({ id: 'a', nextAt: 10, version: 2 }));
    expect(list.map((s) => [s.id, s.nextAt])).toEqual([
      ['a', 10],
      ['b', 20],
    ]);
    // An older copy changes nothing.
    expect(withScheduled(list, sched({ id: 'a', nextAt: 99, version: 1 }))).toEqual(list);
    list = withScheduled(list, sched({ id: 'b', state: 'done', version: 2 }));
    expect(list.map((s) => s.id)).toEqual(['a']);
  });

  it('proposes the next full hour at least ten minutes ahead, tomorrow and Monday at 09:00', () => {
    // Wednesday 2 December 2026, 14:55 in Berlin (13:55 UTC).
    const now = Date.UTC(2026, 11, 2, 13, 55);
    expect(formatLocal(defaultStart('Europe/Berlin', now))).toBe('2026-12-02T16:00');
    expect(formatLocal(defaultStart('Europe/Berlin', Date.UTC(2026, 11, 2, 13, 40)))).toBe('2026-12-02T15:00');
    expect(formatLocal(defaultStart('Europe/Berlin', Date.UTC(2026, 11, 2, 22, 55)))).toBe('2026-12-03T01:00');
    expect(formatLocal(defaultStart('Europe/Berlin', Date.UTC(2026, 11, 2, 22, 30)))).toBe('2026-12-03T00:00');
    expect(quickStarts('Europe/Berlin', now).map((q) => [q.id, formatLocal(q.start), q.today])).toEqual([
      ['soon', '2026-12-02T16:00', true],
      ['tomorrow', '2026-12-03T09:00', false],
      ['monday', '2026-12-07T09:00', false],
    ]);
    // On a Sunday, Monday is tomorrow: offered once.
    expect(quickStarts('UTC', Date.UTC(2026, 11, 6, 10)).map((q) => q.id)).toEqual(['soon', 'tomorrow']);
    // A zone this browser does not know: UTC.
    expect(formatLocal(defaultStart('Mars/Olympus', now))).toBe('2026-12-02T15:00');
  });

  it('says what is wrong with a start', () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(startProblem('2026-12-02T12:30', 'Europe/Berlin', now)).toBe('Pick a time in the future.');
    expect(startProblem('2026-12-02T13:30', 'Europe/Berlin', now)).toBeNull();
    expect(startProblem('2026-12-02T13:30', 'UTC', now)).toBeNull();
    expect(startProblem('2027-12-02T11:59', 'UTC', now)).toBeNull();
    expect(startProblem('2027-12-02T12:01', 'UTC', now)).toBe('A message can be scheduled at most a year ahead.');
    expect(startProblem('', 'UTC', now)).toBe('Pick a date and a time.');
    expect(startProblem('2026-12-02T13:30', 'Nowhere/Else', now)).toBe('This time zone is not known. Pick one from the list.');
  });

  it('tells of misses and of cancellations in words', () => {
    expect(excerpt('  A long first line that goes on and on\nsecond', 20)).toBe('A long first line t…');
    const missed = sched({ lastMissedAt: Date.UTC(2026, 11, 8, 8), missedCount: 1, version: 2 });
    expect(newlyMissed(sched(), missed)).toBe(true);
    expect(newlyMissed(missed, missed)).toBe(false);
    expect(newlyMissed(undefined, missed)).toBe(false);
    expect(missedNotice(missed, 'Europe/Berlin')).toMatch(/^A scheduled message was skipped on .*9:00.* because the server was down: “Standup in five”$/);
    expect(cancelledNotice(sched({ state: 'cancelled', reason: 'no_access' }))).toBe(
      'A scheduled message was cancelled: you can no longer send in this chat. “Standup in five”',
    );
    expect(cancelledNotice(sched({ state: 'cancelled', reason: 'chat_deleted' }))).toBe('A scheduled message was cancelled: its chat was deleted. “Standup in five”');
    expect(cancelledNotice(sched({ state: 'cancelled' }))).toBeNull();
    // Files without a text: their names say which one.
    const files = [
      { id: 'f1', kind: 'file' as const, name: 'plan.pdf', size: 1, mime: 'application/pdf', thumbnail: false },
      { id: 'f2', kind: 'image' as const, name: 'map.png', size: 1, mime: 'image/png', thumbnail: true },
    ];
    expect(scheduledTitle(sched({ content: '', attachments: files }))).toBe('plan.pdf, map.png');
    expect(scheduledTitle(sched({ attachments: files }))).toBe('Standup in five');
    expect(cancelledNotice(sched({ content: ' ', attachments: files, state: 'cancelled', reason: 'chat_deleted' }))).toBe(
      'A scheduled message was cancelled: its chat was deleted. “plan.pdf, map.png”',
    );
    expect(scheduledErrorText(new ApiError(409, 'conflict', 'Stale version'))).toMatch(/^It changed meanwhile/);
    expect(scheduledErrorText(new ApiError(404, 'not_found', 'x'))).toMatch(/^This scheduled message is gone/);
    expect(scheduledErrorText(new ApiError(400, 'invalid_input', 'rrule: BYDAY=XX is not a weekday'))).toBe('rrule: BYDAY=XX is not a weekday');
    setLocale('es');
    expect(cancelledNotice(sched({ state: 'cancelled', reason: 'chat_deleted' }))).toBe('Se canceló un mensaje programado: su chat se eliminó. «Standup in five»');
  });

  it('sends only what changed, with the version', () => {
    const held = sched({ version: 4, rrule: 'FREQ=DAILY' });
    const draft: ScheduleDraft = { content: 'Standup in five', start: '2026-12-08T09:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=DAILY', recipientZone: false };
    expect(patchOf(held, draft)).toEqual({ version: 4 });
    expect(patchOf(held, { ...draft, content: ' Standup in ten ' })).toEqual({ version: 4, content: 'Standup in ten' });
    expect(patchOf(held, { ...draft, start: '2026-12-09T10:00' })).toEqual({ version: 4, start: '2026-12-09T10:00', timeZone: 'Europe/Berlin' });
    expect(patchOf(held, { ...draft, rrule: null })).toEqual({ version: 4, rrule: null, timeZone: 'Europe/Berlin' });
    expect(patchOf(held, { ...draft, timeZone: 'Asia/Tokyo' })).toEqual({ version: 4, timeZone: 'Asia/Tokyo' });
    expect(patchOf(held, { ...draft, recipientZone: true })).toEqual({ version: 4, recipientZone: true });
    expect(patchOf(sched({ start: '2026-12-08T09:00:00' }), { ...draft, rrule: null })).toEqual({ version: 1 });
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  chat: Chat;
}

async function world(seed?: (server: FakeServer, me: User, bob: User, chat: Chat) => void, timeZone = 'Europe/Berlin'): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  seed?.(server, me, bob, chat);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    readDelayMs: 0,
    retryDelayMs: 0,
    scheduledApi: server.scheduled,
    timeZone: () => timeZone,
  });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.scheduled.list() !== null, 'scheduled loaded');
  return { server, store, me, bob, chat };
}

/** A start `hours` from now, in `zone`'s wall clock. */
const inHours = (hours: number, zone = 'Europe/Berlin') => formatLocal(msToLocal(Date.now() + hours * HOUR, zone));

function draft(over: Partial<ScheduleDraft> = {}): ScheduleDraft {
  return { content: 'Hello later', start: inHours(2), timeZone: 'Europe/Berlin', rrule: null, recipientZone: false, ...over };
}

const ids = (w: World) => (w.store.scheduled.list() ?? []).map((s) => s.id);

describe('store.scheduled', () => {
  it('loads the pending ones once connected, each chat\'s part kept by chat', async () => {
    const w = await world((server, me, _bob, chat) => {
      const token = `token-${me.id}`;
      void server.scheduled.create(token, chat.id, { content: 'later', start: inHours(3), timeZone: 'UTC' });
      void server.scheduled.create(token, chat.id, { content: 'sooner', start: inHours(1), timeZone: 'UTC' });
    });
    await until(() => (w.store.scheduled.list() ?? []).length === 2, 'both');
    expect(w.store.scheduled.list()?.map((s) => s.content)).toEqual(['sooner', 'later']);
    expect(w.store.scheduled.chat(w.chat.id).map((s) => s.content)).toEqual(['sooner', 'later']);
    expect(w.store.scheduled.chat('other')).toEqual([]);
    expect(w.store.scheduled.view.get().loading).toBe(false);
  });

  it('schedules a message, in the person\'s time zone by default', async () => {
    const w = await world();
    expect(w.store.scheduled.timeZone()).toBe('Europe/Berlin');
    const heard: number[] = [];
    w.store.scheduled.byChat.subscribeEntry(w.chat.id, () => heard.push(1));
    const made = await w.store.scheduled.create(w.chat.id, draft({ content: '  Hello later  ', rrule: 'FREQ=WEEKLY;BYDAY=MO' }));
    expect(made).toMatchObject({ content: 'Hello later', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO', state: 'pending' });
    expect(ids(w)).toEqual([made.id]);
    expect(w.store.scheduled.chat(w.chat.id)).toHaveLength(1);
    expect(heard.length).toBeGreaterThan(0);
    // The event of the same change, heard after the answer, changes nothing.
    await settle();
    expect(ids(w)).toEqual([made.id]);
  });

  it('throws the server\'s refusal and keeps nothing', async () => {
    const w = await world();
    await expect(w.store.scheduled.create(w.chat.id, draft({ start: inHours(-1) }))).rejects.toMatchObject({ status: 400 });
    await expect(w.store.scheduled.create(w.chat.id, draft({ start: inHours(24 * 400) }))).rejects.toMatchObject({ status: 400 });
    expect(ids(w)).toEqual([]);
  });

  it('edits with the version held, and reads the list again after a 409', async () => {
    const w = await world();
    const made = await w.store.scheduled.create(w.chat.id, draft());
    const changed = await w.store.scheduled.edit(made.id, draft({ content: 'Hello a bit later', start: made.start }));
    expect(changed.content).toBe('Hello a bit later');
    expect(w.server.scheduled.patches.at(-1)).toEqual({ version: 1, content: 'Hello a bit later' });
    expect(w.store.scheduled.find(made.id)?.version).toBe(2);

    // Being sent right now: refused, and the list is read again.
    w.server.scheduled.sending.add(made.id);
    const loads = w.server.scheduled.calls.filter((c) => c === 'GET mine').length;
    const refusal = await w.store.scheduled.edit(made.id, draft({ content: 'Too late', start: made.start })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(scheduledErrorText(refusal)).toMatch(/being sent right now/);
    await until(() => w.server.scheduled.calls.filter((c) => c === 'GET mine').length === loads + 1, 'read again');
    expect(w.store.scheduled.find(made.id)?.content).toBe('Hello a bit later');
    expect(w.store.scheduled.view.get().busy).toEqual({});
  });

  it('cancels one; one gone meanwhile leaves the list', async () => {
    const w = await world();
    const a = await w.store.scheduled.create(w.chat.id, draft({ content: 'a' }));
    const b = await w.store.scheduled.create(w.chat.id, draft({ content: 'b', start: inHours(3) }));
    const cancelling = w.store.scheduled.cancel(a.id);
    expect(w.store.scheduled.view.get().busy).toEqual({ [a.id]: 'cancelling' });
    await cancelling;
    expect(ids(w)).toEqual([b.id]);
    expect(w.server.scheduled.all.get(a.id)?.s.state).toBe('cancelled');
    // Gone on the server (sent elsewhere) but still held here: 404 takes it away.
    w.server.scheduled.all.set(b.id, { author: w.me.id, s: { ...b, state: 'done' } });
    await expect(w.store.scheduled.cancel(b.id)).rejects.toMatchObject({ status: 404 });
    expect(ids(w)).toEqual([]);
    expect(w.store.scheduled.chat(w.chat.id)).toEqual([]);
  });

  it('sends one now: the message shows at once marked as a schedule\'s; a one-off is done, a recurring one moves on', async () => {
    const w = await world();
    await w.store.openChat(w.chat.id);
    const once = await w.store.scheduled.create(w.chat.id, draft({ content: 'once' }));
    const daily = await w.store.scheduled.create(w.chat.id, draft({ content: 'daily', rrule: 'FREQ=DAILY', start: inHours(5) }));
    await w.store.scheduled.sendNow(once.id);
    const shown = () => w.store.getState().messages[w.chat.id]?.items ?? [];
    expect(shown().map((m) => [m.content, m.scheduled])).toEqual([['once', true]]);
    expect(ids(w)).toEqual([daily.id]);
    const before = w.store.scheduled.find(daily.id)!;
    await w.store.scheduled.sendNow(daily.id);
    expect(shown().map((m) => m.content)).toEqual(['once', 'daily']);
    const after = w.store.scheduled.find(daily.id)!;
    expect(after.sentCount).toBe(1);
    expect(after.nextAt).toBe((before.nextAt ?? 0) + 24 * HOUR);
  });

  it('follows what the server sends: an occurrence sent, one missed, one cancelled, told in a toast', async () => {
    const w = await world();
    const daily = await w.store.scheduled.create(w.chat.id, draft({ content: 'daily standup', rrule: 'FREQ=DAILY' }));
    const once = await w.store.scheduled.create(w.chat.id, draft({ content: 'once', start: inHours(4) }));

    w.server.scheduled.fire(once.id);
    await until(() => ids(w).length === 1, 'the one-off left');
    await until(() => (w.store.getState().messages[w.chat.id]?.items ?? []).some((m) => m.content === 'once' && m.scheduled), 'its message arrived');

    w.server.scheduled.miss(daily.id);
    await until(() => w.store.getState().toast !== null, 'a toast');
    expect(w.store.getState().toast?.text).toMatch(/^A scheduled message was skipped on .* because the server was down: “daily standup”$/);
    expect(w.store.scheduled.find(daily.id)?.missedCount).toBe(1);

    w.store.dismissToast(w.store.getState().toast!.id);
    w.server.scheduled.serverCancel(daily.id, 'no_access');
    await until(() => ids(w).length === 0, 'cancelled');
    expect(w.store.getState().toast?.text).toBe('A scheduled message was cancelled: you can no longer send in this chat. “daily standup”');
  });

  it('tells of an occurrence missed while away once connected again', async () => {
    const w = await world();
    const daily = await w.store.scheduled.create(w.chat.id, draft({ content: 'daily', rrule: 'FREQ=DAILY' }));
    w.server.drop();
    w.server.scheduled.miss(daily.id, true);
    w.server.restore();
    await until(() => w.store.getState().toast !== null, 'a toast');
    expect(w.store.getState().toast?.text).toMatch(/skipped .*“daily”$/);
    expect(w.store.scheduled.find(daily.id)?.missedCount).toBe(1);
  });

  it('keeps newer news over a load that was on its way', async () => {
    const w = await world();
    const a = await w.store.scheduled.create(w.chat.id, draft({ content: 'a' }));
    const gate: Array<() => void> = [];
    w.server.scheduled.listGate = gate;
    const loading = w.store.scheduled.load();
    await until(() => gate.length === 1, 'asked');
    w.server.scheduled.listGate = null;
    // Meanwhile: a changed, b made (events), then the old answer lands.
    const token = `token-${w.me.id}`;
    await w.server.scheduled.update(token, w.chat.id, a.id, { content: 'a2', version: 1 });
    const b = await w.server.scheduled.create(token, w.chat.id, { content: 'b', start: inHours(6), timeZone: 'UTC' });
    await settle();
    gate.shift()!();
    await loading;
    expect(w.store.scheduled.list()?.map((s) => [s.id, s.content])).toEqual([
      [a.id, 'a2'],
      [b.id, 'b'],
    ]);
    // A cancel heard meanwhile is not undone by an older load either.
    w.server.scheduled.listGate = gate;
    const again = w.store.scheduled.load();
    await until(() => gate.length === 1, 'asked again');
    w.server.scheduled.listGate = null;
    await w.server.scheduled.cancel(token, w.chat.id, b.id);
    await settle();
    gate.shift()!();
    await again;
    expect(ids(w)).toEqual([a.id]);
  });

  it('refreshes one chat without losing the others\'', async () => {
    const w = await world();
    const other = w.server.addChat(w.me.id, w.server.addUser('Carol').id);
    const a = await w.store.scheduled.create(w.chat.id, draft({ content: 'a' }));
    const c = await w.store.scheduled.create(other.id, draft({ content: 'c' }));
    await w.store.scheduled.refreshChat(w.chat.id);
    expect(ids(w).sort()).toEqual([a.id, c.id].sort());
  });

  it('previews the next occurrences, and the server\'s words for a bad rule', async () => {
    const w = await world();
    const start = inHours(2, 'UTC');
    const times = await w.store.scheduled.preview({ start, timeZone: 'UTC', rrule: 'FREQ=DAILY;COUNT=3' });
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBe(24 * HOUR);
    await expect(w.store.scheduled.preview({ start, timeZone: 'UTC', rrule: 'FREQ=SOMETIMES' })).rejects.toMatchObject({
      status: 400,
      message: 'rrule: FREQ=SOMETIMES is not a rule Parley takes',
    });
  });

  it('forgets everything at logout, and has nothing without an API', async () => {
    const w = await world();
    await w.store.scheduled.create(w.chat.id, draft());
    await w.store.logout();
    expect(w.store.scheduled.list()).toBeNull();
    expect(w.store.scheduled.byChat.get()).toEqual({});

    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
    stores.push(store);
    await store.login(me.email, 'password');
    await until(() => store.getState().connection === 'connected', 'connected');
    await settle();
    expect(store.scheduled.available()).toBe(false);
    expect(store.scheduled.list()).toBeNull();
    expect(store.scheduled.timeZone()).toBe('UTC');
  });
});
