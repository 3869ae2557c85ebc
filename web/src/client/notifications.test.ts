// Notification settings in the state layer: the pure rules (the server's document read
// defensively, a change applied, quiet chats in words, which messages are owed a notice) and
// store.notifications against the fake server: loaded after signing in and again after a
// reconnect, each change shown at once and sent in order, a refusal putting back what the
// server has with the reason in words (and a toast for a chat's), notifications:updated from
// another device, and the fake's checks as Parley makes them.
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import {
  applyChange,
  chatSetting,
  isQuiet,
  keywordProblem,
  muteUntil,
  readNotificationSettings,
  settingText,
  wantsNotice,
  DEFAULT_SETTINGS,
} from './notifications';
import { DND_FOREVER, MUTED_FOREVER, type NotificationSettings } from './notifications-wire';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, ChatMessage, User } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const HOUR = 3600 * 1000;

function msg(chatId: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 'm1',
    chatId,
    senderId: 'bob',
    content: 'hello',
    status: 'SENT',
    createdAt: new Date(NOW).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq: 1,
    clientMessageId: null,
    ...extra,
  };
}

describe('notification rules', () => {
  it('reads the server\'s document with the defaults for what is missing or wrong', () => {
    expect(readNotificationSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readNotificationSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(
      readNotificationSettings({
        push: false,
        previews: 'no',
        chats: [
          { chatId: 'a', level: 'mentions', mutedUntil: null },
          { chatId: 'b', level: 'loud', mutedUntil: 5 },
          { chatId: 'c', level: 'all', mutedUntil: null },
          { level: 'nothing' },
          7,
        ],
      }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      push: false,
      previews: true,
      sound: true,
      chats: [
        { chatId: 'a', level: 'mentions', mutedUntil: null },
        { chatId: 'b', level: 'all', mutedUntil: 5 },
      ],
    });
  });

  it('reads the keywords, the time zone and Do not disturb, each part with its default', () => {
    expect(
      readNotificationSettings({
        keywords: ['deploy', 7, 'release notes'],
        timeZone: 'Europe/Berlin',
        dnd: { until: DND_FOREVER, schedule: { enabled: true, start: '23:30', end: '7:00', days: [6, 0, 9, 'x'] }, allow: ['ann', 3] },
        dndActiveUntil: NOW + HOUR,
      }),
    ).toMatchObject({
      keywords: ['deploy', 'release notes'],
      timeZone: 'Europe/Berlin',
      dnd: { until: DND_FOREVER, schedule: { enabled: true, start: '23:30', end: '08:00', days: [0, 6] }, allow: ['ann'] },
      dndActiveUntil: NOW + HOUR,
    });
    expect(readNotificationSettings({ timeZone: '', dnd: { until: 'soon', schedule: null } })).toMatchObject({
      timeZone: 'UTC',
      dnd: { until: null, schedule: { enabled: false, start: '22:00', end: '08:00', days: [0, 1, 2, 3, 4, 5, 6] }, allow: [] },
      dndActiveUntil: null,
    });
  });

  it('applies a change of the keywords, time zone and each part of Do not disturb, leaving when it ends to be worked out', () => {
    const held: NotificationSettings = { ...DEFAULT_SETTINGS, keywords: ['a1'], dndActiveUntil: NOW + HOUR };
    expect(applyChange(held, { kind: 'account', patch: { keywords: ['deploy'] } })).toEqual({ ...held, keywords: ['deploy'] });
    const quiet = { enabled: true, start: '22:00', end: '07:00', days: [1, 2] };
    const after = applyChange(held, { kind: 'account', patch: { dnd: { schedule: quiet } } });
    expect(after.dnd).toEqual({ until: null, schedule: quiet, allow: [] });
    expect(after.dndActiveUntil).toBeNull();
    const allowed = applyChange(after, { kind: 'account', patch: { dnd: { allow: ['ann'] } } });
    expect(allowed.dnd).toEqual({ until: null, schedule: quiet, allow: ['ann'] });
    expect(applyChange(held, { kind: 'account', patch: { timeZone: 'Asia/Tokyo' } })).toMatchObject({ timeZone: 'Asia/Tokyo', dndActiveUntil: null });
  });

  it('limits keywords to 20 of 2 to 40 characters, each once', () => {
    expect(keywordProblem([], 'deploy')).toBeNull();
    expect(keywordProblem([], '  ok  ')).toBeNull();
    expect(keywordProblem([], 'x')).toBe('A keyword has 2 to 40 characters.');
    expect(keywordProblem([], 'x'.repeat(41))).toBe('A keyword has 2 to 40 characters.');
    expect(keywordProblem(['Deploy'], 'deploy')).toBe('“deploy” is a keyword already.');
    const twenty = Array.from({ length: 20 }, (_, i) => `word${i}`);
    expect(keywordProblem(twenty, 'more')).toBe('You can have at most 20 keywords.');
  });

  it('keeps quiet during Do not disturb but for mentions of the people allowed through it', () => {
    const s: NotificationSettings = {
      ...DEFAULT_SETTINGS,
      keywords: ['deploy'],
      dnd: { ...DEFAULT_SETTINGS.dnd, until: NOW + HOUR, allow: ['bob'] },
      chats: [{ chatId: 'muted', level: 'all', mutedUntil: MUTED_FOREVER }],
    };
    expect(wantsNotice(s, msg('a'), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('a', { mentions: ['me'] }), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('a', { content: 'the deploy is done' }), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('a', { senderId: 'carol', mentions: ['me'] }), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('muted', { mentions: ['me'] }), 'me', NOW)).toBe(false);
    // Once it ended, everything notifies again.
    expect(wantsNotice(s, msg('a'), 'me', NOW + 2 * HOUR)).toBe(true);
    // Quiet hours are Do not disturb too (UTC: 12:00 is inside 09:00 to 17:00).
    const quiet: NotificationSettings = { ...DEFAULT_SETTINGS, dnd: { ...DEFAULT_SETTINGS.dnd, schedule: { enabled: true, start: '09:00', end: '17:00', days: [0, 1, 2, 3, 4, 5, 6] } } };
    expect(wantsNotice(quiet, msg('a'), 'me', NOW)).toBe(false);
  });

  it('counts keywords, @all and an answer to the user as mentions at "mentions"', () => {
    const s: NotificationSettings = { ...DEFAULT_SETTINGS, keywords: ['Deploy'], chats: [{ chatId: 'g', level: 'mentions', mutedUntil: null }] };
    expect(wantsNotice(s, msg('g', { content: 'deploy now' }), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('g', { mentionsAll: true }), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('g', { content: 'redeploy now' }), 'me', NOW)).toBe(false);
  });

  it('applies a change of the switches or of one chat, listing only chats not at the default', () => {
    let s = applyChange(DEFAULT_SETTINGS, { kind: 'account', patch: { previews: false } });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, previews: false });
    s = applyChange(s, { kind: 'chat', chatId: 'a', patch: { level: 'mentions' } });
    s = applyChange(s, { kind: 'chat', chatId: 'a', patch: { mutedUntil: NOW + HOUR } });
    expect(chatSetting(s, 'a')).toEqual({ chatId: 'a', level: 'mentions', mutedUntil: NOW + HOUR });
    s = applyChange(s, { kind: 'chat', chatId: 'a', patch: { level: 'all', mutedUntil: null } });
    expect(s.chats).toEqual([]);
    expect(chatSetting(s, 'z')).toEqual({ chatId: 'z', level: 'all', mutedUntil: null });
  });

  it('mutes for a while or until unmuted', () => {
    expect(muteUntil(HOUR, NOW)).toBe(NOW + HOUR);
    expect(muteUntil(null, NOW)).toBe(MUTED_FOREVER);
  });

  it('says when a chat is quiet, and how', () => {
    const c = (level: 'all' | 'mentions' | 'nothing', mutedUntil: number | null) => ({ chatId: 'a', level, mutedUntil });
    expect(isQuiet(c('all', null), NOW)).toBe(false);
    expect(isQuiet(c('all', NOW + 1), NOW)).toBe(true);
    expect(isQuiet(c('all', NOW - 1), NOW)).toBe(false); // the mute ran out
    expect(isQuiet(c('nothing', null), NOW)).toBe(true);
    expect(isQuiet(c('mentions', null), NOW)).toBe(false);
    expect(settingText(c('all', null), NOW)).toBe('');
    expect(settingText(c('all', MUTED_FOREVER), NOW)).toBe('Muted');
    expect(settingText(c('all', NOW + HOUR), NOW)).toMatch(/^Muted until \S/);
    expect(settingText(c('nothing', NOW - 1), NOW)).toBe('Notifications off');
    expect(settingText(c('mentions', null), NOW)).toBe('Mentions only');
  });

  it('owes a notice by the chat\'s level and mute, mentions at "mentions"', () => {
    const s: NotificationSettings = {
      ...DEFAULT_SETTINGS,
      chats: [
        { chatId: 'muted', level: 'all', mutedUntil: NOW + HOUR },
        { chatId: 'was-muted', level: 'all', mutedUntil: NOW - HOUR },
        { chatId: 'none', level: 'nothing', mutedUntil: null },
        { chatId: 'ment', level: 'mentions', mutedUntil: null },
        { chatId: 'ment-muted', level: 'mentions', mutedUntil: MUTED_FOREVER },
      ],
    };
    expect(wantsNotice(null, msg('muted'), 'me', NOW)).toBe(true); // not loaded yet
    expect(wantsNotice(s, msg('other'), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('muted'), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('was-muted'), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('none', { mentions: ['me'] }), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('ment'), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('ment', { mentions: ['carol'] }), 'me', NOW)).toBe(false);
    expect(wantsNotice(s, msg('ment', { mentions: ['carol', 'me'] }), 'me', NOW)).toBe(true);
    expect(wantsNotice(s, msg('ment-muted', { mentions: ['me'] }), 'me', NOW)).toBe(false);
  });
});

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  chat: Chat;
}

async function world(): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    notificationsApi: server.notifications,
    now: () => new Date(NOW),
  });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');
  return { server, store, me, bob, chat };
}

const view = (w: World) => w.store.notifications.view.get();

describe('store.notifications', () => {
  it('loads the settings after signing in, with each chat\'s by chat', async () => {
    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const bob = server.addUser('Bob', true);
    const chat = server.addChat(me.id, bob.id);
    server.notifications.changeElsewhere(me.id, { ...DEFAULT_SETTINGS, sound: false, chats: [{ chatId: chat.id, level: 'nothing', mutedUntil: null }] });
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
    stores.push(store);
    expect(store.notifications.settings()).toBeNull();
    expect(store.notifications.chat(chat.id)).toEqual({ chatId: chat.id, level: 'all', mutedUntil: null });
    await store.login(me.email, 'password');
    await until(() => store.notifications.settings() !== null, 'loaded');
    expect(store.notifications.settings()).toMatchObject({ push: true, previews: true, sound: false });
    expect(store.notifications.chat(chat.id).level).toBe('nothing');
    expect(store.notifications.chats.entry(chat.id)?.level).toBe('nothing');
  });

  it('shows a change of a switch at once, sends it, and says when it is saved', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.notifications.changeGate = gate;
    w.store.notifications.setPreviews(false);
    w.store.notifications.setPush(false);
    expect(view(w).settings).toMatchObject({ previews: false, push: false });
    expect(view(w).save).toBe('saving');
    await settle();
    expect(w.server.notifications.changes).toHaveLength(1); // the next waits for its answer
    while (gate.length > 0 || w.server.notifications.changes.length < 2) {
      await until(() => gate.length > 0, 'a change waiting');
      gate.shift()!();
      await settle();
    }
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.notifications.changes).toEqual([
      ['PATCH /api/v1/me/notifications', { previews: false }],
      ['PATCH /api/v1/me/notifications', { push: false }],
    ]);
    expect(w.server.notifications.of(w.me.id)).toMatchObject({ previews: false, push: false, sound: true });
  });

  it('sets a chat\'s level and mutes and unmutes it, each chat\'s line hearing only of its own', async () => {
    const w = await world();
    const other = w.server.addChat(w.me.id, w.server.addUser('Carol', true).id);
    let heard = 0;
    let heardOther = 0;
    w.store.notifications.chats.subscribeEntry(w.chat.id, () => heard++);
    w.store.notifications.chats.subscribeEntry(other.id, () => heardOther++);

    w.store.notifications.setChatLevel(w.chat.id, 'mentions');
    expect(w.store.notifications.chat(w.chat.id).level).toBe('mentions');
    w.store.notifications.muteChat(w.chat.id, 8 * HOUR);
    expect(w.store.notifications.chat(w.chat.id).mutedUntil).toBe(NOW + 8 * HOUR);
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.notifications.changes).toEqual([
      [`PUT /api/v1/chats/${w.chat.id}/notifications`, { level: 'mentions' }],
      [`PUT /api/v1/chats/${w.chat.id}/notifications`, { mutedUntil: NOW + 8 * HOUR }],
    ]);
    expect(w.server.notifications.of(w.me.id).chats).toEqual([{ chatId: w.chat.id, level: 'mentions', mutedUntil: NOW + 8 * HOUR }]);

    w.store.notifications.muteChat(w.chat.id, null);
    await until(() => view(w).save === 'saved' && w.server.notifications.changes.length === 3, 'muted always');
    expect(w.store.notifications.chat(w.chat.id).mutedUntil).toBe(MUTED_FOREVER);
    w.store.notifications.unmuteChat(w.chat.id);
    w.store.notifications.setChatLevel(w.chat.id, 'all');
    await until(() => w.server.notifications.changes.length === 5 && view(w).save === 'saved', 'back to the default');
    expect(w.store.notifications.chats.entry(w.chat.id)).toBeUndefined();
    expect(w.server.notifications.of(w.me.id).chats).toEqual([]);
    expect(heard).toBeGreaterThan(0);
    expect(heardOther).toBe(0);
    // Setting the level it has already sends nothing.
    w.store.notifications.setChatLevel(w.chat.id, 'all');
    expect(w.server.notifications.changes).toHaveLength(5);
  });

  it('puts back what the server has when it refuses, says why, and drops what was built on it', async () => {
    const w = await world();
    const gate: Array<() => void> = [];
    w.server.notifications.changeGate = gate;
    w.server.notifications.failChanges = [new ApiError(403, 'forbidden', 'You are not a member of this chat')];
    w.store.notifications.setChatLevel(w.chat.id, 'nothing');
    w.store.notifications.setSound(false);
    expect(view(w).settings).toMatchObject({ sound: false, chats: [{ chatId: w.chat.id, level: 'nothing' }] });
    await until(() => gate.length === 1, 'PUT sent');
    w.server.notifications.changeGate = null;
    gate.shift()!();
    await until(() => view(w).save === 'failed', 'failed');
    expect(view(w).error).toBe('Not saved: You are not a member of this chat');
    expect(view(w).settings).toEqual(w.server.notifications.of(w.me.id));
    expect(w.store.notifications.chat(w.chat.id).level).toBe('all');
    expect(w.store.getState().toast?.text).toBe('Not saved: You are not a member of this chat');
    expect(w.server.notifications.changes).toHaveLength(1);
    // The next change works again.
    w.store.notifications.setSound(false);
    expect(view(w).error).toBeNull();
    await until(() => view(w).save === 'saved', 'saved');
    expect(w.server.notifications.of(w.me.id).sound).toBe(false);
  });

  it('has the fake refuse what Parley refuses', async () => {
    const w = await world();
    const token = `token-${w.me.id}`;
    const api = w.server.notifications;
    const group = w.server.addGroup('Others', [w.bob.id]);
    await expect(api.setChatNotifications(token, 'chat-none', { level: 'all' })).rejects.toMatchObject({ status: 404 });
    await expect(api.setChatNotifications(token, group.id, { level: 'all' })).rejects.toMatchObject({ status: 403 });
    await expect(api.setChatNotifications(token, w.chat.id, { level: 'loud' as 'all' })).rejects.toMatchObject({ status: 400 });
    await expect(api.setChatNotifications(token, w.chat.id, { mutedUntil: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(api.updateNotifications(token, { push: 'yes' as unknown as boolean })).rejects.toMatchObject({ status: 400, code: 'invalid_input' });
    await expect(api.getNotifications('token-nobody')).rejects.toMatchObject({ status: 401 });
  });

  it('follows notifications:updated from another device', async () => {
    const w = await world();
    w.server.notifications.changeElsewhere(w.me.id, { ...DEFAULT_SETTINGS, previews: false, chats: [{ chatId: w.chat.id, level: 'all', mutedUntil: MUTED_FOREVER }] });
    expect(view(w).settings?.previews).toBe(false);
    expect(w.store.notifications.chat(w.chat.id).mutedUntil).toBe(MUTED_FOREVER);
  });

  it('loads again after a reconnect, and forgets it all at logout', async () => {
    const w = await world();
    w.server.drop();
    w.server.notifications.changeElsewhere(w.me.id, { ...DEFAULT_SETTINGS, sound: false, chats: [] }); // missed
    expect(view(w).settings?.sound).toBe(true);
    w.server.restore();
    await until(() => view(w).settings?.sound === false, 'read again');
    await w.store.logout();
    expect(view(w).settings).toBeNull();
    expect(w.store.notifications.chats.get()).toEqual({});
  });

  it('keeps the defaults, and sends nothing, without a notifications API', async () => {
    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
    stores.push(store);
    await store.login(me.email, 'password');
    await until(() => store.getState().connection === 'connected', 'connected');
    store.notifications.setSound(false);
    expect(store.notifications.settings()).toBeNull();
    expect(server.notifications.changes).toEqual([]);
  });
});
