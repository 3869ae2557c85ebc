// Reports and moderation in the state layer: the pure rules (the server's answers read
// defensively, the comment counted in characters, pages and their cursor, the audit log in
// words, ids shortened) and store.moderation against the fake server: the role read on connect
// and after a reconnect; a report of a message joining the user's reports, its refusals thrown
// in the server's words, a report that also blocks reading the blocks again; the queue with its
// filters, pages and a group's view, an answer for an older filter dropped; dismiss and delete
// (the message gone for everyone in the chat), a report closed already refused; a report's
// person removed from its group by its owner (the client in the group and the one removed each
// hearing it), refused to the server's staff who are no admins of the group, for the group's
// owner, and for a report not of a message in a group; the audit log; the staff, roles given and
// taken; logout forgetting it all.
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import {
  auditActionText,
  categoryLabel,
  commentCount,
  commentLength,
  isStaff,
  nextCursor,
  personLabel,
  readAuditPage,
  readModerationReport,
  readQueuePage,
  readReport,
  readReportPage,
  readRole,
  readStaff,
  readSuspensions,
  reportErrorText,
  reportTitle,
  actionErrorText,
  liftErrorText,
  mayRemoveFromGroup,
  resolutionLabel,
  shortId,
  SUSPEND_DURATIONS,
  suspendedText,
  suspendSeconds,
  withReport,
} from './moderation';
import { OPEN_REPORTS } from './moderation-actions';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, ChatMessage, Report, User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const report = (id: string, extra: Partial<Report> = {}): Report => ({
  id,
  kind: 'message',
  targetId: 'm1',
  userId: 'u2',
  chatId: 'c1',
  category: 'spam',
  comment: '',
  status: 'open',
  createdAt: '2025-01-01T12:00:00.000Z',
  resolvedAt: null,
  resolution: null,
  ...extra,
});

describe('moderation rules', () => {
  it('reads reports defensively: unknown words become the nearest, missing ids are dropped', () => {
    expect(readReport({ ...report('r1'), extra: 1 })).toEqual(report('r1'));
    expect(readReport({ id: 'r2', kind: 'thing', category: 'rude', status: 'weird', userId: '', chatId: 7 })).toEqual({
      id: 'r2',
      kind: 'message',
      targetId: '',
      userId: null,
      chatId: null,
      category: 'other',
      comment: '',
      status: 'open',
      createdAt: '',
      resolvedAt: null,
      resolution: null,
    });
    expect(readReport({ kind: 'user' })).toBeNull();
    expect(readReport(null)).toBeNull();
    expect(readReportPage({ reports: [report('a'), 5, { id: '' }], nextBefore: 'a' })).toEqual({ reports: [report('a')], nextBefore: 'a' });
    expect(readReportPage('nonsense')).toEqual({ reports: [], nextBefore: null });
  });

  it('reads a moderator\'s card: its people, and its context in order', () => {
    const m = (id: string, seq: number) => ({ id, chatId: 'c1', senderId: 'u2', content: `m${seq}`, seq, createdAt: '' });
    const card = readModerationReport({
      ...report('r1'),
      reporter: { id: 'u1', name: 'Ann', email: 'ann@x.org' },
      user: { id: 'u2', name: 'Bob' },
      resolvedBy: null,
      context: [m('b', 2), 'junk', m('a', 1), { id: 'c' }],
    });
    expect(card?.reporter).toEqual({ id: 'u1', name: 'Ann', email: 'ann@x.org' });
    expect(card?.user).toEqual({ id: 'u2', name: 'Bob', email: '' });
    expect(card?.context.map((x) => x.id)).toEqual(['a', 'b']);
    expect(readQueuePage({ reports: [{ ...report('r2'), reporter: null, user: null }], nextBefore: null }).reports[0]?.context).toEqual([]);
  });

  it('reads the audit log, the staff and the role', () => {
    expect(readAuditPage({ entries: [{ id: 'e1', actorId: 'u1', action: 'delete', details: 'x', at: 't' }, {}], nextBefore: 'e1' })).toEqual({
      entries: [{ id: 'e1', actorId: 'u1', action: 'delete', userId: null, chatId: null, reportId: null, reason: '', details: {}, at: 't' }],
      nextBefore: 'e1',
    });
    expect(
      readStaff({
        staff: [
          { user: { id: 'a', name: 'Ada' }, role: 'admin', grantedAt: null, configured: true },
          { user: { id: 'a', name: 'Again' }, role: 'moderator' },
          { user: { id: 'b', name: 'Bea' }, role: 'owner' },
          { user: { id: 'c', name: 'Cy' }, role: 'moderator', grantedAt: '2025-01-01T00:00:00.000Z' },
        ],
      }),
    ).toEqual([
      { user: { id: 'a', name: 'Ada', email: '' }, role: 'admin', grantedAt: null, configured: true },
      { user: { id: 'c', name: 'Cy', email: '' }, role: 'moderator', grantedAt: '2025-01-01T00:00:00.000Z', configured: false },
    ]);
    expect(readRole({ serverRole: 'moderator' })).toBe('moderator');
    expect(readRole({ serverRole: null })).toBeNull();
    expect(readRole({ serverRole: 'owner' })).toBeNull();
    expect(isStaff('admin')).toBe(true);
    expect(isStaff(null)).toBe(false);
  });

  it('counts a comment in characters, as the server does', () => {
    expect(commentLength('héllo')).toBe(5);
    expect(commentLength('👋🏽')).toBe(2);
    expect(commentCount('a'.repeat(1000))).toEqual({ text: '1000 / 1000', over: false });
    expect(commentCount('😀'.repeat(1001))).toEqual({ text: '1001 / 1000', over: true });
  });

  it('pages: a full page has more after it, a short one is the last (unless the server filters after paging)', () => {
    expect(nextCursor({ nextBefore: 'x' }, 20, 20)).toBe('x');
    expect(nextCursor({ nextBefore: 'x' }, 3, 20)).toBeNull();
    expect(nextCursor({ nextBefore: 'x' }, 3, 20, true)).toBe('x');
    expect(nextCursor({ nextBefore: 'x' }, 0, 20, true)).toBeNull();
    expect(nextCursor({ nextBefore: null }, 20, 20)).toBeNull();
  });

  it('replaces a report by its newer copy, or puts a new one first', () => {
    const list = [report('b'), report('a')];
    expect(withReport(list, report('a', { status: 'resolved' })).map((r) => `${r.id}:${r.status}`)).toEqual(['b:open', 'a:resolved']);
    expect(withReport(list, report('c')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('says it in words, naming people where it knows them', () => {
    expect(categoryLabel('sexual')).toBe('Sexual content');
    expect(reportTitle('user', 'Alice')).toBe('Report Alice');
    expect(reportTitle('message', 'Alice')).toBe('Report message');
    expect(reportTitle('group', 'Team')).toBe('Report group');
    expect(reportErrorText(new ApiError(429, 'rate_limited', 'Too many reports; try again in a minute'))).toBe(
      'Could not send the report: Too many reports; try again in a minute',
    );
    expect(shortId('0192f3a4-5b6c-7d8e-9f00-112233445566')).toBe('0192f3a4…');
    expect(shortId('short')).toBe('short');
    const users = { u1: { name: 'Ann' } };
    expect(personLabel(users, 'u1')).toBe('Ann');
    expect(personLabel(users, '0192f3a4-5b6c-7d8e')).toBe('0192f3a4…');
    expect(personLabel(users, null)).toBe('');
    expect(auditActionText({ action: 'delete', details: { kind: 'message' } }, 'Bob')).toBe("deleted Bob's message");
    expect(auditActionText({ action: 'dismiss', details: { kind: 'user' } }, 'Bob')).toBe('dismissed the report of Bob');
    expect(auditActionText({ action: 'dismiss', details: { kind: 'group' } }, '')).toBe('dismissed the report of a group');
    expect(auditActionText({ action: 'role', details: { role: 'moderator' } }, 'Cy')).toBe('made Cy a moderator');
    expect(auditActionText({ action: 'role', details: { role: 'admin' } }, 'Cy')).toBe('made Cy an administrator');
    expect(auditActionText({ action: 'role', details: { role: 'none' } }, 'Cy')).toBe("took Cy's server role");
    expect(auditActionText({ action: 'ban', details: {} }, 'Cy')).toBe('ban (Cy)');
  });
});

describe('removal rules', () => {
  it('offers a removal for a report of a message in a group, or in a chat the client does not hold', () => {
    const group = { kind: 'group' as const };
    expect(mayRemoveFromGroup(report('r1'), group)).toBe(true);
    expect(mayRemoveFromGroup(report('r1'), undefined)).toBe(true); // the server decides
    expect(mayRemoveFromGroup(report('r1'), {})).toBe(false); // a private chat
    expect(mayRemoveFromGroup(report('r1', { userId: null }), group)).toBe(false);
    expect(mayRemoveFromGroup(report('r1', { kind: 'user', chatId: null }), undefined)).toBe(false);
    expect(mayRemoveFromGroup(report('r1', { kind: 'group', userId: null }), group)).toBe(false);
  });

  it('says it in words: the resolution, the refusal, the audit line', () => {
    expect(resolutionLabel('removed')).toBe('Sender removed from the group');
    expect(['deleted', 'warned', 'muted', 'suspended'].map(resolutionLabel)).toEqual(['Message deleted', 'Person warned', 'Person muted', 'Account suspended']);
    expect([null, 'dismissed', 'banished'].map(resolutionLabel)).toEqual([null, null, null]);
    expect(actionErrorText(new ApiError(403, 'forbidden', 'Only admins can remove members'), 'remove')).toBe(
      'Could not remove the person from the group: Only admins can remove members',
    );
    expect(auditActionText({ action: 'remove', details: { kind: 'message' } }, 'Bob')).toBe('removed Bob from the group');
    expect(auditActionText({ action: 'remove', details: { kind: 'message' } }, '')).toBe('removed someone from the group');
  });
});

describe('suspension rules', () => {
  it('offers 1 hour to 30 days or until lifted, in seconds the server takes', () => {
    expect(SUSPEND_DURATIONS.map((d) => d.label)).toEqual(['1 hour', '1 day', '7 days', '30 days', 'Until lifted']);
    expect(suspendSeconds('1h')).toBe(3600);
    expect(suspendSeconds('1d')).toBe(86400);
    expect(suspendSeconds('30d')).toBe(2592000);
    expect(suspendSeconds('lifted')).toBeUndefined();
    expect(suspendSeconds('nonsense')).toBeUndefined();
    for (const d of SUSPEND_DURATIONS) if (d.seconds !== null) expect(d.seconds >= 60 && d.seconds <= 315360000).toBe(true);
  });

  it('reads the suspensions defensively: each person once, those ending soonest first, then those until lifted', () => {
    const list = readSuspensions({
      suspensions: [
        { userId: 'u1', user: { id: 'u1', name: 'Al', email: 'al@x' }, by: 'a', at: '2025-01-01T00:00:00Z', until: null, reason: 'spam' },
        { userId: 'u2', user: null, by: 'a', at: '2025-01-02T00:00:00Z', until: '2025-02-01T00:00:00Z' },
        { userId: 'u3', by: 'a', at: '2025-01-03T00:00:00Z', until: '2025-01-10T00:00:00Z', reason: 'x' },
        { userId: 'u2', by: 'b', at: '2025-01-04T00:00:00Z', until: null },
        { user: { id: 'u4' } },
        'junk',
      ],
    });
    expect(list.map((s) => s.userId)).toEqual(['u3', 'u2', 'u1']);
    expect(list[1]).toEqual({ userId: 'u2', user: null, by: 'a', at: '2025-01-02T00:00:00Z', until: '2025-02-01T00:00:00Z', reason: '' });
    expect(list[2]!.user?.name).toBe('Al');
    expect(readSuspensions(null)).toEqual([]);
  });

  it('says it in words', () => {
    expect(suspendedText('Bob', '1d')).toBe('Bob is suspended for 1 day.');
    expect(suspendedText('', 'lifted')).toBe('The person is suspended until lifted.');
    expect(actionErrorText(new ApiError(400, 'invalid_input', 'One cannot suspend oneself'), 'suspend')).toBe(
      'Could not suspend the account: One cannot suspend oneself',
    );
    expect(liftErrorText(new ApiError(404, 'not_found', 'Not suspended'))).toBe('Could not lift the suspension: Not suspended');
    expect(auditActionText({ action: 'suspend', details: { until: null } }, 'Bob')).toBe('suspended Bob');
    expect(auditActionText({ action: 'unsuspend', details: {} }, 'Bob')).toBe('lifted the suspension of Bob');
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  carol: User;
  chat: Chat;
  group: Chat;
  bobs: ChatMessage;
}

/** Me, Bob and Carol; Me and Bob's private chat with a message from Bob; Carol's group with Me and Bob. */
async function world(seed?: (server: FakeServer, w: Omit<World, 'store'>) => void | Promise<void>, as: 'me' | 'carol' = 'me'): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const chat = server.addChat(me.id, bob.id);
  server.store(chat.id, me.id, 'Hello');
  const [bobs] = server.store(chat.id, bob.id, 'Buy cheap watches');
  const group = server.addGroup('Team', [carol.id, me.id, bob.id]);
  const w = { server, me, bob, carol, chat, group, bobs: bobs! };
  await seed?.(server, w);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login((as === 'me' ? me : carol).email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.moderation.role.get().loaded, 'role loaded');
  return { ...w, store };
}

const mine = (w: World) => (w.store.moderation.mine.view.get().items ?? []).map((r) => `${r.kind}:${r.category}:${r.status}`);
const queue = (w: World) => w.store.moderation.queue.view.get();

describe('store.moderation: reporting', () => {
  it('reads the role once connected: none for most people', async () => {
    const w = await world();
    expect(w.store.moderation.role.get()).toEqual({ role: null, loaded: true });
  });

  it('reports a message with a comment; it joins the user\'s reports, open', async () => {
    const w = await world();
    await w.store.moderation.mine.open(null);
    expect(mine(w)).toEqual([]);
    const sent = await w.store.moderation.report({ kind: 'message', targetId: w.bobs.id, category: 'spam', comment: 'Again and again' });
    expect(sent).toMatchObject({ kind: 'message', targetId: w.bobs.id, userId: w.bob.id, chatId: w.chat.id, comment: 'Again and again', status: 'open' });
    expect(mine(w)).toEqual(['message:spam:open']);
    const kept = w.server.moderation.reports[0]!;
    expect(kept.context.map((m) => m.content)).toEqual(['Hello', 'Buy cheap watches']);
    expect(w.store.getState().toast).toBeNull(); // the dialog says it
  });

  it('throws the server\'s refusals: one\'s own message, oneself, too many', async () => {
    const w = await world();
    const own = w.server.stored.find((m) => m.senderId === w.me.id)!;
    await expect(w.store.moderation.report({ kind: 'message', targetId: own.id, category: 'spam' })).rejects.toThrow("One cannot report one's own message");
    await expect(w.store.moderation.report({ kind: 'user', targetId: w.me.id, category: 'other' })).rejects.toThrow('One cannot report oneself');
    await expect(w.store.moderation.report({ kind: 'user', targetId: w.bob.id, category: 'other', comment: 'x'.repeat(1001) })).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    w.server.moderation.reportLimit = 1;
    await w.store.moderation.report({ kind: 'group', targetId: w.group.id, category: 'illegal' });
    await expect(w.store.moderation.report({ kind: 'group', targetId: w.group.id, category: 'illegal' })).rejects.toMatchObject({
      status: 429,
      message: 'Too many reports; try again in a minute',
    });
    expect(w.server.moderation.reports).toHaveLength(1);
  });

  it('a report that also blocks shows the person blocked', async () => {
    const w = await world();
    expect(w.store.blocks.isBlocked(w.bob.id)).toBe(false);
    await w.store.moderation.report({ kind: 'user', targetId: w.bob.id, category: 'harassment', block: true });
    await until(() => w.store.blocks.isBlocked(w.bob.id), 'blocked');
    expect(w.server.blocks.has(w.me.id, w.bob.id)).toBe(true);
    const kept = w.server.moderation.reports[0]!;
    expect(kept.context.map((m) => m.content)).toEqual(['Hello', 'Buy cheap watches']); // their private chat's latest
  });

  it('pages through the user\'s reports with Load more', async () => {
    const w = await world(async (server, x) => {
      server.moderation.reportLimit = 100;
      for (let i = 0; i < 25; i++) await server.moderation.report(x.me.id, { kind: 'user', targetId: x.bob.id, category: i === 0 ? 'violence' : 'spam' });
    });
    const m = w.store.moderation.mine;
    await m.open(null);
    expect(m.view.get().items).toHaveLength(20);
    expect(m.view.get().more).not.toBeNull();
    await m.more();
    expect(m.view.get().items).toHaveLength(25);
    expect(m.view.get().more).toBeNull();
    expect(mine(w).at(-1)).toBe('user:violence:open'); // the oldest last
  });
});

describe('store.moderation: the queue', () => {
  async function staffWorld() {
    return world(async (server, x) => {
      server.moderation.admins = [x.me.email];
      server.moderation.reportLimit = 100;
      await server.moderation.report(x.carol.id, { kind: 'user', targetId: x.bob.id, category: 'harassment' });
      await server.moderation.report(x.bob.id, { kind: 'group', targetId: x.group.id, category: 'spam' });
    });
  }

  it('staff see every open report, with its people; filters ask the server again', async () => {
    const w = await staffWorld();
    expect(w.store.moderation.role.get().role).toBe('admin');
    const [groupMessage] = w.server.store(w.group.id, w.bob.id, 'Rude words');
    await w.server.moderation.report(w.carol.id, { kind: 'message', targetId: groupMessage!.id, category: 'harassment', comment: 'Not nice' });
    await w.store.moderation.queue.open(OPEN_REPORTS);
    expect(queue(w).items?.map((r) => r.kind)).toEqual(['message', 'group', 'user']);
    const card = queue(w).items![0]!;
    expect(card.reporter?.name).toBe('Carol');
    expect(card.user?.name).toBe('Bob');
    expect(card.comment).toBe('Not nice');
    expect(card.context.at(-1)?.content).toBe('Rude words');
    expect(queue(w).more).toBeNull();

    await w.store.moderation.queue.open({ ...OPEN_REPORTS, category: 'harassment' });
    expect(queue(w).items?.map((r) => r.kind)).toEqual(['message', 'user']);
    expect(w.server.moderation.queries.at(-1)).toEqual({ status: 'open', category: 'harassment', limit: 20 });
  });

  it('drops a page asked for before the filter changed', async () => {
    const w = await staffWorld();
    const gate: Array<() => void> = [];
    w.server.moderation.queueGate = gate;
    const first = w.store.moderation.queue.open(OPEN_REPORTS);
    await until(() => gate.length === 1, 'first asked');
    const second = w.store.moderation.queue.open({ ...OPEN_REPORTS, category: 'spam' });
    await until(() => gate.length === 2, 'second asked');
    expect(queue(w).items).toBeNull(); // the other filter's cards went at once
    gate[1]!();
    await second;
    gate[0]!();
    await first;
    expect(queue(w).items?.map((r) => r.category)).toEqual(['spam']);
    expect(queue(w).key.category).toBe('spam');
    expect(queue(w).loading).toBe(false);
  });

  it('dismisses a report: the card shows its new status; once closed, another action is refused', async () => {
    const w = await staffWorld();
    await w.store.moderation.queue.open(OPEN_REPORTS);
    const id = queue(w).items![1]!.id;
    const acting = w.store.moderation.act(id, 'dismiss', '  Not spam  ');
    expect(w.store.moderation.acting.get()).toEqual({ [id]: 'dismiss' });
    await acting;
    expect(w.store.moderation.acting.get()).toEqual({});
    expect(queue(w).items![1]).toMatchObject({ id, status: 'dismissed', resolution: 'dismissed', resolvedBy: w.me.id });
    expect(w.server.moderation.log.at(-1)).toMatchObject({ action: 'dismiss', reason: 'Not spam', reportId: id });
    await expect(w.store.moderation.act(id, 'dismiss')).rejects.toMatchObject({ status: 409, message: 'This report was closed already' });
  });

  it('deletes a reported message for everyone: it is gone from the chat', async () => {
    const w = await world(async (server, x) => {
      server.moderation.admins = [x.me.email];
      await server.moderation.report(x.bob.id, { kind: 'message', targetId: server.stored[0]!.id, category: 'spam' });
    });
    // Me is an admin and in the chat: the deletion reaches the open chat.
    w.store.openChat(w.chat.id);
    await until(() => (w.store.getState().messages[w.chat.id]?.items.length ?? 0) === 2, 'chat loaded');
    await w.store.moderation.queue.open(OPEN_REPORTS);
    const card = queue(w).items![0]!;
    await w.store.moderation.act(card.id, 'delete');
    expect(queue(w).items![0]).toMatchObject({ status: 'resolved', resolution: 'deleted' });
    expect(queue(w).items![0]!.context).toHaveLength(2);
    await until(() => w.store.getState().messages[w.chat.id]?.items[0]?.deleted === true, 'deleted');
    expect(w.server.stored[0]?.deleted).toBe(true);
  });

  it('a group\'s owner sees its message reports only, with its chatId; without it, the refusal', async () => {
    const w = await world(async (server, x) => {
      server.moderation.reportLimit = 100;
      const [m] = server.store(x.group.id, x.bob.id, 'Spam in the group');
      await server.moderation.report(x.me.id, { kind: 'message', targetId: m!.id, category: 'spam' });
      await server.moderation.report(x.me.id, { kind: 'group', targetId: x.group.id, category: 'spam' });
      await server.moderation.report(x.me.id, { kind: 'message', targetId: x.bobs.id, category: 'spam' });
    }, 'carol');
    expect(w.store.moderation.role.get().role).toBeNull();
    await w.store.moderation.queue.open(OPEN_REPORTS);
    expect(queue(w).error).toBe("Only the server's moderators see every report");
    expect(w.store.getState().toast).toBeNull();
    await w.store.moderation.queue.open({ ...OPEN_REPORTS, chatId: w.group.id });
    expect(queue(w).error).toBeNull();
    expect(queue(w).items?.map((r) => `${r.kind}:${r.chatId === w.group.id}`)).toEqual(['message:true']);
    // The server filtered after paging: the next page is asked for until one is empty.
    expect(queue(w).more).not.toBeNull();
    await w.store.moderation.queue.more();
    expect(queue(w).more).toBeNull();
    await w.store.moderation.act(queue(w).items![0]!.id, 'dismiss');
    expect(queue(w).items![0]?.status).toBe('dismissed');
  });
});

describe('store.moderation: removal from a group', () => {
  /** Bob's message in Carol's group (Carol its owner, Me a member), reported by Me. */
  async function groupWorld(as: 'me' | 'carol', seed?: (server: FakeServer, w: Omit<World, 'store'>) => void | Promise<void>) {
    return world(async (server, x) => {
      server.moderation.reportLimit = 100;
      const [rude] = server.store(x.group.id, x.bob.id, 'Rude words');
      await server.moderation.report(x.me.id, { kind: 'message', targetId: rude!.id, category: 'harassment' });
      await seed?.(server, x);
    }, as);
  }
  const members = (w: World) => w.server.chatList.find((c) => c.id === w.group.id)!.participants;

  it('the group\'s owner removes a report\'s person: the card is resolved, removed; the group hears it as any removal', async () => {
    const w = await groupWorld('carol');
    await until(() => w.store.getState().chats[w.group.id]?.memberCount === 3, 'group loaded');
    await w.store.moderation.queue.open({ ...OPEN_REPORTS, chatId: w.group.id });
    const id = queue(w).items![0]!.id;
    const acting = w.store.moderation.act(id, 'remove', ' Insults ');
    expect(w.store.moderation.acting.get()).toEqual({ [id]: 'remove' });
    await acting;
    expect(w.store.moderation.acting.get()).toEqual({});
    expect(queue(w).items![0]).toMatchObject({ id, status: 'resolved', resolution: 'removed', resolvedBy: w.carol.id });
    expect(members(w)).toEqual([w.carol.id, w.me.id]);
    expect(w.server.stored.at(-1)).toMatchObject({ kind: 'system', content: 'Carol removed Bob', system: { type: 'member_removed', actorId: w.carol.id, userIds: [w.bob.id] } });
    expect(w.server.moderation.log.at(-1)).toMatchObject({ action: 'remove', userId: w.bob.id, chatId: w.group.id, reportId: id, reason: 'Insults' });
    await until(() => w.store.getState().chats[w.group.id]?.memberCount === 2, 'the group changed');
    // The reporter reads how it ended.
    expect(w.server.moderation.mine(w.me.id).reports[0]).toMatchObject({ status: 'resolved', resolution: 'removed' });
    await expect(w.store.moderation.act(id, 'remove')).rejects.toMatchObject({ status: 409 });
  });

  it('the person removed hears chat:removed: the group stays, read-only', async () => {
    // Me's message reported by Bob; Carol, its owner, removes Me.
    const w = await world(async (server, x) => {
      const [mine] = server.store(x.group.id, x.me.id, 'Rude words');
      await server.moderation.report(x.bob.id, { kind: 'message', targetId: mine!.id, category: 'harassment' });
    });
    await until(() => w.store.getState().chats[w.group.id] !== undefined, 'group loaded');
    await w.server.moderation.act(w.carol.id, w.server.moderation.reports[0]!.id, 'remove');
    await until(() => w.store.getState().left[w.group.id] === true, 'marked left');
    expect(members(w)).toEqual([w.carol.id, w.bob.id]);
  });

  it('refuses the server\'s staff who are no admins of the group: 403, the report stays open, the person stays', async () => {
    const w = await groupWorld('me', (server, x) => {
      server.moderation.admins = [x.me.email];
    });
    await w.store.moderation.queue.open(OPEN_REPORTS);
    const id = queue(w).items![0]!.id;
    await expect(w.store.moderation.act(id, 'remove')).rejects.toMatchObject({ status: 403, code: 'forbidden', message: 'Only admins can remove members' });
    expect(w.store.moderation.acting.get()).toEqual({});
    expect(queue(w).items![0]).toMatchObject({ id, status: 'open', resolution: null });
    expect(members(w)).toEqual([w.carol.id, w.me.id, w.bob.id]);
    expect(w.store.getState().toast).toBeNull(); // the dialog says it
    // Made an admin of the group, the same person may.
    w.server.moderation.groupAdmins.set(w.group.id, new Set([w.me.id]));
    await w.store.moderation.act(id, 'remove');
    expect(queue(w).items![0]).toMatchObject({ status: 'resolved', resolution: 'removed' });
    expect(members(w)).toEqual([w.carol.id, w.me.id]);
  });

  it('refuses staff outside the group, and the group\'s owner as the one to remove', async () => {
    const w = await world(async (server, x) => {
      server.moderation.admins = [x.me.email];
      server.moderation.reportLimit = 100;
      const elsewhere = server.addGroup('Elsewhere', [x.carol.id, x.bob.id]);
      const [rude] = server.store(elsewhere.id, x.bob.id, 'Rude words');
      await server.moderation.report(x.carol.id, { kind: 'message', targetId: rude!.id, category: 'harassment' });
      const [owners] = server.store(x.group.id, x.carol.id, 'Rude too');
      await server.moderation.report(x.bob.id, { kind: 'message', targetId: owners!.id, category: 'harassment' });
      server.moderation.groupAdmins.set(x.group.id, new Set([x.me.id]));
    });
    const [outside, owner] = w.server.moderation.reports;
    await expect(w.store.moderation.act(outside!.id, 'remove')).rejects.toMatchObject({ status: 403, message: 'You are not a member of this group' });
    await expect(w.store.moderation.act(owner!.id, 'remove')).rejects.toMatchObject({ status: 403, message: "Nobody can remove the group's owner" });
    expect(w.server.moderation.reports.map((r) => r.status)).toEqual(['open', 'open']);
  });

  it('refuses a report not of a message in a group: 400 invalid_input', async () => {
    const w = await world(async (server, x) => {
      server.moderation.admins = [x.me.email];
      server.moderation.reportLimit = 100;
      await server.moderation.report(x.me.id, { kind: 'message', targetId: x.bobs.id, category: 'spam' }); // a private chat's
      await server.moderation.report(x.carol.id, { kind: 'user', targetId: x.bob.id, category: 'spam' });
      await server.moderation.report(x.bob.id, { kind: 'group', targetId: x.group.id, category: 'spam' });
    });
    for (const r of w.server.moderation.reports) {
      await expect(w.store.moderation.act(r.id, 'remove')).rejects.toMatchObject({
        status: 400,
        code: 'invalid_input',
        message: 'Only a report of a message in a group can end in a removal',
      });
    }
    expect(w.server.moderation.reports.map((r) => r.status)).toEqual(['open', 'open', 'open']);
    expect(members(w)).toEqual([w.carol.id, w.me.id, w.bob.id]);
  });
});

describe('store.moderation: suspensions', () => {
  async function staffWorld() {
    return world(async (server, x) => {
      server.moderation.admins = [x.me.email];
      await server.moderation.report(x.carol.id, { kind: 'user', targetId: x.bob.id, category: 'harassment' });
    });
  }

  it('suspends a report\'s person for a day: the card is resolved, suspended; the list shows them', async () => {
    const w = await staffWorld();
    await w.store.moderation.queue.open(OPEN_REPORTS);
    await w.store.moderation.loadSuspensions();
    expect(w.store.moderation.suspensions.get().suspensions).toEqual([]);
    const id = queue(w).items![0]!.id;
    const acting = w.store.moderation.act(id, 'suspend', ' Threats ', 86400);
    expect(w.store.moderation.acting.get()).toEqual({ [id]: 'suspend' });
    await acting;
    expect(queue(w).items![0]).toMatchObject({ id, status: 'resolved', resolution: 'suspended', resolvedBy: w.me.id });
    const kept = w.server.moderation.suspended.get(w.bob.id)!;
    expect(kept.reason).toBe('Threats');
    expect(Date.parse(kept.until!) - Date.parse(kept.at)).toBe(86400 * 1000);
    // A list read before is read again.
    await until(() => (w.store.moderation.suspensions.get().suspensions ?? []).length === 1, 'listed');
    expect(w.store.moderation.suspensions.get().suspensions![0]).toMatchObject({ userId: w.bob.id, user: { name: 'Bob' }, by: w.me.id });
  });

  it('suspends until lifted without a duration, and lifts it; the list drops the person', async () => {
    const w = await staffWorld();
    await w.store.moderation.queue.open(OPEN_REPORTS);
    await w.store.moderation.act(queue(w).items![0]!.id, 'suspend');
    expect(w.server.moderation.suspended.get(w.bob.id)?.until).toBeNull();
    await w.store.moderation.loadSuspensions();
    expect(w.store.moderation.suspensions.get().suspensions?.map((s) => s.until)).toEqual([null]);
    const lifting = w.store.moderation.lift(w.bob.id, ' Appeal ');
    expect(w.store.moderation.suspensions.get().lifting).toEqual({ [w.bob.id]: true });
    await lifting;
    expect(w.store.moderation.suspensions.get()).toMatchObject({ suspensions: [], lifting: {} });
    expect(w.server.moderation.log.at(-1)).toMatchObject({ action: 'unsuspend', userId: w.bob.id, reason: 'Appeal' });
  });

  it('a suspension lifted meanwhile leaves the list, and the refusal is thrown', async () => {
    const w = await staffWorld();
    w.server.moderation.suspend(w.me.id, w.bob.id, 3600);
    await w.store.moderation.loadSuspensions();
    w.server.moderation.unsuspend(w.me.id, w.bob.id);
    await expect(w.store.moderation.lift(w.bob.id)).rejects.toMatchObject({ status: 404 });
    expect(w.store.moderation.suspensions.get().suspensions).toEqual([]);
  });

  it('people without a server role see the refusal; staff may not suspend themselves', async () => {
    const w = await world();
    await w.store.moderation.loadSuspensions();
    expect(w.store.moderation.suspensions.get()).toMatchObject({ suspensions: null, error: "Only the server's staff see suspensions" });
    expect(() => w.server.moderation.suspend(w.carol.id, w.carol.id)).toThrow(/moderators/);
    w.server.moderation.admins = [w.me.email];
    expect(() => w.server.moderation.suspend(w.me.id, w.me.id)).toThrow('One cannot suspend oneself');
  });
});

describe('store.moderation: the audit log and the staff', () => {
  it('lists the audit log, the staff, and gives and takes a role', async () => {
    const w = await world((server, x) => {
      server.moderation.admins = [x.me.email];
    });
    await w.store.moderation.loadStaff();
    expect(w.store.moderation.staff.get().staff?.map((s) => `${s.user.name}:${s.role}:${s.configured}`)).toEqual(['Me:admin:true']);
    const giving = w.store.moderation.setRole(w.carol.id, 'moderator', 'Helps out');
    expect(w.store.moderation.staff.get().changing).toEqual({ [w.carol.id]: true });
    await giving;
    expect(w.store.moderation.staff.get().changing).toEqual({});
    expect(w.store.moderation.staff.get().staff?.map((s) => `${s.user.name}:${s.role}:${s.configured}`)).toEqual([
      'Me:admin:true',
      'Carol:moderator:false',
    ]);
    await expect(w.store.moderation.setRole(w.me.id, 'none')).rejects.toThrow("A configured administrator's role is the configuration's");
    await w.store.moderation.setRole(w.carol.id, 'none');
    expect(w.store.moderation.staff.get().staff).toHaveLength(1);

    await w.store.moderation.audit.open(null);
    const entries = w.store.moderation.audit.view.get().items ?? [];
    expect(entries.map((e) => `${e.action}:${String(e.details.role)}:${e.reason}`)).toEqual(['role:none:', 'role:moderator:Helps out']);
  });

  it('a moderator may not give roles; the refusal is thrown', async () => {
    const w = await world((server, x) => {
      server.moderation.given.set(x.me.id, { role: 'moderator', at: server.tick() });
    });
    expect(w.store.moderation.role.get().role).toBe('moderator');
    await expect(w.store.moderation.setRole(w.carol.id, 'moderator')).rejects.toThrow("Only the server's administrators give roles");
  });

  it('reads the role again after a reconnect, and forgets everything at logout', async () => {
    const w = await world();
    await w.store.moderation.mine.open(null);
    w.server.drop();
    w.server.moderation.given.set(w.me.id, { role: 'moderator', at: w.server.tick() });
    w.server.restore();
    await until(() => w.store.moderation.role.get().role === 'moderator', 'role read again');
    await w.store.logout();
    await settle();
    expect(w.store.moderation.role.get()).toEqual({ role: null, loaded: false });
    expect(w.store.moderation.mine.view.get().items).toBeNull();
  });
});
