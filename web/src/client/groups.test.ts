import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, settle, until } from './fakes';
import { groupRights, groupView, mergeChat, roleAfter, slowModeWait, withFloors } from './groups';
import { unreadCount } from './messages';
import { EMPTY_MESSAGES } from './state';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, ChatMessage, ViewMessage } from './types';

function msg(seq: number, senderId: string, extra: Partial<ViewMessage> = {}): ViewMessage {
  return {
    id: `m${seq}`,
    chatId: 'g',
    senderId,
    content: `text ${seq}`,
    status: 'SENT',
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq,
    clientMessageId: null,
    ...extra,
  };
}

const group = (extra: Partial<Chat> = {}): Chat => ({
  id: 'g',
  participants: ['me', 'bob', 'carol'],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  kind: 'group',
  title: 'Climbing',
  memberCount: 3,
  settings: { sendMessages: 'everyone', addMembers: 'everyone', editInfo: 'admins', pinMessages: 'everyone', slowModeSeconds: 0 },
  ...extra,
});

describe('group rules', () => {
  it('ticks come from the floors: DELIVERED up to deliveredSeq, READ up to readSeq, never lower', () => {
    const items = [msg(1, 'me'), msg(2, 'me'), msg(3, 'me', { status: 'READ' }), msg(4, 'me')];
    const out = withFloors(items, 3, 1);
    expect(out.map((m) => m.status)).toEqual(['READ', 'DELIVERED', 'READ', 'SENT']);
    expect(withFloors(out, 3, 1)).toBe(out);
    expect(withFloors(items, 0, 0)).toBe(items);
    const pending = [msg(0, 'me', { pending: true })];
    expect(withFloors(pending, 5, 5)).toBe(pending);
  });

  it('unread counts come from the user\'s own read watermark, not the group-wide status', () => {
    const items = [msg(1, 'bob'), msg(2, 'carol'), msg(3, 'me'), msg(4, 'bob'), msg(5, 'bob')];
    const st = { ...EMPTY_MESSAGES, items };
    expect(unreadCount(groupView(group(), 'me', st).items, 'me')).toBe(4);
    const seen = groupView(group({ lastReadSeq: 4 }), 'me', st);
    expect(unreadCount(seen.items, 'me')).toBe(1);
    // A private chat is left as it is.
    expect(groupView({ ...group(), kind: 'private' }, 'me', st)).toBe(st);
  });

  it('a system line is not unread for its actor, and counts for the others', () => {
    const line = msg(1, 'me', { kind: 'system', system: { type: 'created', actorId: 'me' } });
    expect(unreadCount([line], 'me')).toBe(0);
    expect(unreadCount([line], 'bob')).toBe(1);
  });

  it('a chat from an event keeps the role and read watermark it lacks, and floors never fall', () => {
    const held = group({ role: 'admin', lastReadSeq: 7, deliveredSeq: 5, readSeq: 4, version: 3 });
    const event = group({ title: 'Bouldering', deliveredSeq: 3, readSeq: 2, version: 4 });
    const merged = mergeChat(held, event);
    expect(merged).toMatchObject({ title: 'Bouldering', role: 'admin', lastReadSeq: 7, deliveredSeq: 5, readSeq: 4 });
    // An older version (a list fetched before the event) does not undo the event's title.
    const stale = mergeChat(merged, group({ title: 'Climbing', version: 2, role: 'member' }));
    expect(stale).toMatchObject({ title: 'Bouldering', role: 'member' });
    // Nor does its changeSeq go back (the change feed would read changes twice, never miss one).
    const changed = mergeChat(group({ version: 5, changeSeq: 9 }), group({ version: 4, changeSeq: 6 }));
    expect(changed.changeSeq).toBe(9);
    expect(mergeChat(group({ version: 5, changeSeq: 9 }), group({ version: 6, changeSeq: 12 })).changeSeq).toBe(12);
  });

  it('a system line tells the user of their own new role', () => {
    const line = (system: ChatMessage['system']) => msg(1, 'bob', { kind: 'system', system });
    expect(roleAfter(line({ type: 'role_changed', actorId: 'bob', userIds: ['me'], role: 'admin' }), 'me')).toBe('admin');
    expect(roleAfter(line({ type: 'role_changed', actorId: 'bob', userIds: ['carol'], role: 'admin' }), 'me')).toBeUndefined();
    expect(roleAfter(line({ type: 'owner_changed', actorId: 'bob', userIds: ['me'] }), 'me')).toBe('owner');
    expect(roleAfter(line({ type: 'owner_changed', actorId: 'me', userIds: ['bob'] }), 'me')).toBe('admin');
    expect(roleAfter(msg(1, 'bob'), 'me')).toBeUndefined();
  });

  it('rights follow the role and the settings; a left group allows nothing', () => {
    const member = groupRights(group({ role: 'member' }));
    expect(member).toMatchObject({ send: true, addMembers: true, editInfo: false, settings: false, invite: false, transfer: false });
    expect(member.remove('member')).toBe(false);
    const admin = groupRights(group({ role: 'admin' }));
    expect(admin).toMatchObject({ editInfo: true, settings: true, invite: true, transfer: false });
    expect(admin.remove('admin')).toBe(true);
    expect(admin.remove('owner')).toBe(false);
    expect(admin.changeRole('owner')).toBe(false);
    expect(groupRights(group({ role: 'owner' }))).toMatchObject({ transfer: true, invite: true });
    const announcement = group({ role: 'member', settings: { sendMessages: 'admins', addMembers: 'admins' } });
    expect(groupRights(announcement)).toMatchObject({ send: false, addMembers: false });
    expect(groupRights({ ...announcement, role: 'admin' }).send).toBe(true);
    expect(groupRights(group({ role: 'owner' }), true)).toMatchObject({ send: false, settings: false, invite: false, transfer: false });
  });

  it('slow mode: the wait runs from the user\'s last message; admins do not wait', () => {
    const slow = group({ role: 'member', settings: { slowModeSeconds: 60 } });
    const items = [msg(1, 'me'), msg(2, 'bob')];
    const sent = Date.parse(items[0]!.createdAt);
    expect(slowModeWait(slow, items, 'me', sent + 15_000)).toBe(45);
    expect(slowModeWait(slow, items, 'me', sent + 61_000)).toBe(0);
    expect(slowModeWait({ ...slow, role: 'admin' }, items, 'me', sent + 1000)).toBe(0);
    expect(slowModeWait(slow, [msg(2, 'bob')], 'me', sent)).toBe(0);
  });
});

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

async function groupWorld(extra: Partial<Chat> = {}) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const carol = server.addUser('Carol');
  const chat = server.addGroup('Climbing', [bob.id, me.id, carol.id], extra);
  server.storeSystem(chat.id, bob.id, 'Bob created the group "Climbing"', { type: 'created', userIds: [me.id, carol.id] });
  server.store(chat.id, bob.id, 'one');
  server.store(chat.id, carol.id, 'two');
  server.store(chat.id, me.id, 'three');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, deliveredDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'group loaded');
  const items = () => store.getState().messages[chat.id]?.items ?? [];
  return { server, store, me, bob, carol, chat, items };
}

describe('a group in the store', () => {
  it('lists the group under its title; unread from the read watermark the server gave', async () => {
    const w = await groupWorld({ lastReadSeq: 2 });
    const summary = w.store.slices.chatList.summary(w.chat.id);
    expect(summary?.title).toBe('Climbing');
    expect(summary?.peer).toBeUndefined();
    expect(summary?.unread).toBe(1); // "two"; "three" is the user's own
  });

  it('chat:receipts raises the ticks of the user\'s own messages', async () => {
    const w = await groupWorld();
    const mine = () => w.items().find((m) => m.content === 'three');
    expect(mine()?.status).toBe('SENT');
    w.server.push({ type: 'receipts', event: { chatId: w.chat.id, deliveredSeq: 4, readSeq: 0 } });
    expect(mine()?.status).toBe('DELIVERED');
    w.server.push({ type: 'receipts', event: { chatId: w.chat.id, deliveredSeq: 4, readSeq: 4 } });
    expect(mine()?.status).toBe('READ');
    // An older event does not lower them.
    w.server.push({ type: 'receipts', event: { chatId: w.chat.id, deliveredSeq: 1, readSeq: 1 } });
    expect(mine()?.status).toBe('READ');
  });

  it('acknowledges group messages it received with one chat:delivered per batch', async () => {
    const w = await groupWorld();
    w.server.requests.length = 0;
    for (const text of ['four', 'five']) {
      const [m] = w.server.store(w.chat.id, w.bob.id, text);
      w.server.push({ type: 'message', message: { ...m } });
    }
    await until(() => w.server.requests.some(([e]) => e === 'chat:delivered'), 'chat:delivered');
    await settle();
    const sent = w.server.requests.filter(([e]) => e === 'chat:delivered').map(([, p]) => p);
    expect(sent).toEqual([{ chatId: w.chat.id, seq: 6 }]);
  });

  it('reading raises the user\'s read watermark and sends chat:read', async () => {
    const w = await groupWorld();
    w.store.markSeen(w.chat.id, 3);
    expect(w.store.getState().chats[w.chat.id]?.lastReadSeq).toBe(3);
    expect(w.store.slices.chatList.summary(w.chat.id)?.unread).toBe(0);
    await until(() => w.server.requests.some(([e]) => e === 'chat:read'), 'chat:read');
  });

  it('a system line giving the user a role updates it', async () => {
    const w = await groupWorld();
    const line = w.server.storeSystem(w.chat.id, w.bob.id, 'Bob made Me an admin', { type: 'role_changed', userIds: [w.me.id], role: 'admin' });
    w.server.push({ type: 'message', message: { ...line } });
    expect(w.store.getState().chats[w.chat.id]?.role).toBe('admin');
  });

  it('chat:removed keeps the group read-only; the next list without it keeps it so', async () => {
    const w = await groupWorld();
    w.server.push({ type: 'chat_removed', chatId: w.chat.id });
    expect(w.store.getState().left[w.chat.id]).toBe(true);
    w.store.send(w.chat.id, 'hello?');
    expect(w.store.outboxItems()).toHaveLength(0);
    // What it shows can still be read, here only.
    w.server.requests.length = 0;
    w.store.markSeen(w.chat.id, 3);
    expect(w.store.slices.chatList.summary(w.chat.id)?.unread).toBe(0);
    await settle();
    expect(w.server.requests.filter(([e]) => e === 'chat:read')).toEqual([]);
    expect(w.items().map((m) => m.content)).toContain('three');
    w.server.chatList = w.server.chatList.filter((c) => c.id !== w.chat.id);
    w.server.drop();
    w.server.restore();
    await settle(20);
    expect(w.store.getState().left[w.chat.id]).toBe(true);
    // A chat:updated that crossed the removal does not bring it back; being added again does.
    w.server.push({ type: 'chat', chat: { ...w.chat, title: 'Renamed' }, added: false });
    expect(w.store.getState().left[w.chat.id]).toBe(true);
    expect(w.store.getState().chats[w.chat.id]?.title).toBe('Climbing');
    w.store.groups.removeFromList(w.chat.id);
    expect(w.store.getState().chats[w.chat.id]).toBeUndefined();
  });

  it('being added again brings a left group back', async () => {
    const w = await groupWorld();
    w.server.push({ type: 'chat_removed', chatId: w.chat.id });
    w.server.push({ type: 'chat', chat: { ...w.chat }, added: true });
    expect(w.store.getState().left[w.chat.id]).toBeUndefined();
  });

  it('a group the next list lacks is one the user left meanwhile', async () => {
    const w = await groupWorld();
    w.server.chatList = w.server.chatList.filter((c) => c.id !== w.chat.id);
    w.server.drop();
    w.server.restore();
    await until(() => w.store.getState().left[w.chat.id] === true, 'marked left');
  });

  it('chat:added lists a new group, joins it and loads its messages', async () => {
    const w = await groupWorld();
    const g2 = w.server.addGroup('Second', [w.bob.id, w.me.id]);
    w.server.storeSystem(g2.id, w.bob.id, 'Bob created the group "Second"', { type: 'created', userIds: [w.me.id] });
    w.server.requests.length = 0;
    w.server.push({ type: 'chat', chat: { ...g2, role: undefined, lastReadSeq: undefined }, added: true });
    expect(w.store.getState().chats[g2.id]?.title).toBe('Second');
    await until(() => w.store.getState().messages[g2.id]?.loaded === true, 'second group loaded');
    expect(w.server.requests).toContainEqual(['chat:join', { chatId: g2.id }]);
    expect(w.store.slices.chatList.summary(g2.id)?.unread).toBe(1);
  });

  it('creating a group lists it with the user as owner', async () => {
    const w = await groupWorld();
    const chat = await w.store.groups.createGroup('  Trip ', '', [w.bob.id]);
    expect(w.server.requests).toContainEqual(['group:create', { title: 'Trip', memberIds: [w.bob.id] }]);
    expect(w.store.getState().chats[chat.id]).toMatchObject({ title: 'Trip', role: 'owner', kind: 'group' });
    // The chat:added that follows keeps the role.
    w.server.push({ type: 'chat', chat: { ...chat, role: undefined }, added: true });
    expect(w.store.getState().chats[chat.id]?.role).toBe('owner');
  });

  it('leaving keeps the group, read-only', async () => {
    const w = await groupWorld();
    await w.store.groups.leaveGroup(w.chat.id);
    expect(w.store.getState().left[w.chat.id]).toBe(true);
  });
});
