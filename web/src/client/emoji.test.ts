// Custom emoji sets in the state layer: the server's set loaded at connect, a group's when the
// group is opened (not a private chat's), both loaded again on emoji:updated and after a
// reconnect, what a chat may use (the same map until a set changes), adding and removing (shown
// at once; refusals thrown for the UI to say), forgotten at logout; reactions with a custom
// emoji, kept after it left its set.
import { afterEach, describe, expect, it } from 'vitest';

import { SERVER_SET } from './emoji-actions';
import { ApiError } from './errors';
import { EmojiServer } from './fake-emoji';
import { settle, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

async function world(admin = false) {
  const server = new EmojiServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  if (admin) server.admins = [me.email];
  const group = server.addGroup('Trip', [me.id, bob.id], { role: 'owner' });
  const other = server.addGroup('Book club', [me.id, bob.id]);
  const direct = server.addChat(me.id, bob.id);
  server.seedEmoji(null, 'party');
  server.seedEmoji(group.id, 'cake');
  server.seedEmoji(other.id, 'book');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.emoji.serverSet() !== undefined, 'server set loaded');
  return { server, store, me, bob, group, other, direct };
}

const codes = (store: ChatStore, chatId: string | null) => [...store.emoji.lookup(chatId).keys()].sort();

describe('custom emoji sets in the store', () => {
  it('loads the server’s set at connect and a group’s when it is opened', async () => {
    const w = await world();
    expect(w.store.emoji.serverSet()).toEqual({ emoji: [expect.objectContaining({ shortcode: 'party', chatId: null })], canManage: false });
    expect(codes(w.store, w.group.id)).toEqual([':party:']);

    await until(() => w.store.getState().ready, 'chats listed');
    w.store.openChat(w.direct.id);
    w.store.openChat(w.group.id);
    await until(() => w.store.emoji.set(w.group.id) !== undefined, 'group set loaded');
    expect(w.store.emoji.set(w.group.id)?.canManage).toBe(true);
    expect(codes(w.store, w.group.id)).toEqual([':cake:', ':party:']);
    // Another group's emoji are not usable here, nor a group's in a private chat.
    expect(codes(w.store, w.direct.id)).toEqual([':party:']);
    expect(w.server.emojiCalls.filter((c) => c.startsWith('GET'))).toEqual(['GET server', `GET ${w.group.id}`]);

    // Opened again: not loaded again.
    w.store.openChat(w.direct.id);
    w.store.openChat(w.group.id);
    await settle();
    expect(w.server.emojiCalls.filter((c) => c === `GET ${w.group.id}`)).toHaveLength(1);
  });

  it('loads a group’s set when the chat open turns out to be a group once the list comes', async () => {
    const server = new EmojiServer();
    const me = server.addUser('Me', true);
    const bob = server.addUser('Bob');
    const group = server.addGroup('Trip', [me.id, bob.id]);
    server.seedEmoji(group.id, 'cake');
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
    stores.push(store);
    server.reachable = false;
    await store.login(me.email, 'password');
    store.openChat(group.id); // a reload on /chat/<id>: the list has not come yet
    expect(store.emoji.set(group.id)).toBeUndefined();
    server.restore();
    await until(() => store.emoji.set(group.id) !== undefined, 'group set loaded');
    expect(codes(store, group.id)).toEqual([':cake:']);
  });

  it('keeps one map per chat until a set it comes from changes', async () => {
    const w = await world();
    const before = w.store.emoji.lookup(w.group.id);
    expect(w.store.emoji.lookup(w.group.id)).toBe(before);
    expect(w.store.emoji.lookup(w.direct.id)).not.toBe(before);
    w.store.openChat(w.group.id);
    await until(() => w.store.emoji.set(w.group.id) !== undefined, 'group set loaded');
    const after = w.store.emoji.lookup(w.group.id);
    expect(after).not.toBe(before);
    // The other group's set loading leaves this chat's map as it was.
    await w.store.emoji.load(w.other.id);
    expect(w.store.emoji.lookup(w.group.id)).toBe(after);
  });

  it('loads a set again when the server says it changed, and every set held after a reconnect', async () => {
    const w = await world();
    w.store.openChat(w.group.id);
    await until(() => w.store.emoji.set(w.group.id) !== undefined, 'group set loaded');

    w.server.seedEmoji(null, 'shipit');
    w.server.push({ type: 'emoji_updated', event: { chatId: null } });
    await until(() => codes(w.store, null).length === 2, 'server set reloaded');
    expect(codes(w.store, null)).toEqual([':party:', ':shipit:']);

    w.server.removeBySomeoneElse(w.group.id, 'cake');
    await until(() => !w.store.emoji.lookup(w.group.id).has(':cake:'), 'group set reloaded');

    // A group whose set is not held (nor open): nothing asked.
    const asked = w.server.emojiCalls.length;
    w.server.push({ type: 'emoji_updated', event: { chatId: w.other.id } });
    await settle();
    expect(w.server.emojiCalls.length).toBe(asked);

    // Changed while away: every set held is loaded again.
    w.server.drop();
    w.server.seedEmoji(w.group.id, 'pie');
    w.server.seedEmoji(null, 'wave');
    w.server.restore();
    await until(() => w.store.emoji.lookup(w.group.id).has(':pie:') && w.store.emoji.lookup(w.group.id).has(':wave:'), 'reloaded after reconnect');
  });

  it('adds and removes for the set’s admins, shown at once; refusals are thrown', async () => {
    const w = await world(true);
    expect(w.store.emoji.serverSet()?.canManage).toBe(true);
    const added = await w.store.emoji.add(null, 'wave', new Uint8Array([1, 2, 3]));
    expect(added.shortcode).toBe('wave');
    expect(codes(w.store, null)).toEqual([':party:', ':wave:']);
    expect(w.server.emojiCalls).toContain('POST server wave');

    await expect(w.store.emoji.add(null, 'wave', new Uint8Array([1]))).rejects.toMatchObject({ code: 'conflict', status: 409 });
    w.server.maxEmoji = 2;
    await expect(w.store.emoji.add(null, 'more', new Uint8Array([1]))).rejects.toMatchObject({ code: 'emoji_limit' });
    await expect(w.store.emoji.add(null, 'big', new Uint8Array(256 * 1024 + 1))).rejects.toMatchObject({ code: 'payload_too_large' });

    await w.store.emoji.remove(null, 'party');
    expect(codes(w.store, null)).toEqual([':wave:']);
    await expect(w.store.emoji.remove(null, 'party')).rejects.toMatchObject({ code: 'not_found' });

    // A group's set: its owner manages it; the other group's member does not.
    await w.store.emoji.add(w.group.id, 'pie', new Uint8Array([1]));
    await expect(w.store.emoji.add(w.other.id, 'pie', new Uint8Array([1]))).rejects.toBeInstanceOf(ApiError);
    // Nothing changed in the store: only the toast-free refusal (the UI says it).
    expect(w.store.getState().toast).toBeNull();
  });

  it('forgets the sets at logout', async () => {
    const w = await world();
    await w.store.logout();
    expect(w.store.emoji.sets.get()).toEqual({});
    expect(w.store.emoji.sets.entry(SERVER_SET)).toBeUndefined();
  });

  it('reacts with a custom emoji, and keeps the reaction after the emoji left its set', async () => {
    const w = await world();
    const [m] = w.server.store(w.group.id, w.bob.id, 'Dinner at eight?');
    w.store.openChat(w.group.id);
    await until(() => w.store.getState().messages[w.group.id]?.loaded === true, 'chat loaded');
    w.server.push({ type: 'message', message: m });
    expect(await w.store.reactions.toggle(w.group.id, m.id, ':cake:')).toBe(true);
    const held = () => w.store.getState().messages[w.group.id]?.items.find((x) => x.id === m.id)?.reactions;
    expect(held()).toEqual([{ emoji: ':cake:', count: 1, me: true }]);

    w.server.removeBySomeoneElse(w.group.id, 'cake');
    await until(() => !w.store.emoji.lookup(w.group.id).has(':cake:'), 'set reloaded');
    expect(held()).toEqual([{ emoji: ':cake:', count: 1, me: true }]);
    expect(await w.store.reactions.toggle(w.group.id, m.id, ':cake:')).toBe(true);
    expect(held()).toEqual([]);
  });
});
