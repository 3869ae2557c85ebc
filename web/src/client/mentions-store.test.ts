// Mentions through the store against the fake server: a message sent with the people it
// mentions (shown at once on the pending copy, kept in the outbox across a reload), an edit
// whose mentions replace the old ones, "@all" refused to a member who is not an admin, and the
// chat list's count of unread messages that mention the user.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

function makeStore(server: FakeServer, storage = new MemoryStorage()): ChatStore {
  const store = new ChatStore({ api: server, realtime: server, storage, readDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  return store;
}

async function world(role: 'owner' | 'member' = 'member') {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const ann = server.addUser('Ann');
  const ben = server.addUser('Ben');
  const outsider = server.addUser('Olga');
  const group = server.addGroup('Design', [me.id, ann.id, ben.id], { role });
  const storage = new MemoryStorage();
  const store = makeStore(server, storage);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[group.id]?.loaded === true, 'chat loaded');
  return { server, store, storage, me, ann, ben, outsider, group };
}

const sentPayloads = (server: FakeServer, event: string) =>
  server.requests.filter(([e]) => e === event).map(([, p]) => p as Record<string, unknown>);

describe('sending with mentions', () => {
  it('sends the ids, shows them on the pending copy, and the stored copy keeps only the chat’s people', async () => {
    const { server, store, group, ann, outsider } = await world();
    server.drop();
    await until(() => store.getState().connection !== 'connected', 'disconnected');
    store.send(group.id, '@Ann look', { mentions: [ann.id, outsider.id] });
    const pending = store.getState().messages[group.id]!.items.at(-1)!;
    expect(pending.pending).toBe(true);
    expect(pending.mentions).toEqual([ann.id, outsider.id]);

    server.restore();
    await until(() => store.getState().messages[group.id]!.items.at(-1)?.pending !== true, 'stored');
    expect(sentPayloads(server, 'message').at(-1)).toMatchObject({ content: '@Ann look', mentions: [ann.id, outsider.id] });
    expect(store.getState().messages[group.id]!.items.at(-1)!.mentions).toEqual([ann.id]);
  });

  it('keeps the mentions of a message waiting in the outbox across a reload', async () => {
    const { server, store, storage, me, group, ann } = await world();
    server.drop();
    await until(() => store.getState().connection !== 'connected', 'disconnected');
    store.send(group.id, '@Ann @all', { mentions: [ann.id], mentionsAll: true });
    store.destroy();

    const again = makeStore(server, storage);
    server.restore();
    await again.login(me.email, 'password');
    await until(() => sentPayloads(server, 'message').length > 0, 'sent after the reload');
    expect(sentPayloads(server, 'message').at(-1)).toMatchObject({ content: '@Ann @all', mentions: [ann.id], mentionsAll: true });
  });

  it('sends no mention fields for a message without any', async () => {
    const { server, store, group } = await world();
    store.send(group.id, 'plain');
    await until(() => sentPayloads(server, 'message').length > 0, 'sent');
    const payload = sentPayloads(server, 'message')[0]!;
    expect('mentions' in payload).toBe(false);
    expect('mentionsAll' in payload).toBe(false);
  });

  it('refuses @all from a member who is not an admin, in the server’s words', async () => {
    const { store, group } = await world('member');
    store.send(group.id, '@all hello', { mentionsAll: true });
    await until(() => store.getState().messages[group.id]!.items.at(-1)?.failed !== undefined, 'refused');
    expect(store.getState().messages[group.id]!.items.at(-1)!.failed).toBe('Only admins can mention everyone');
  });

  it('lets the owner mention everyone', async () => {
    const { store, group } = await world('owner');
    store.send(group.id, '@all hello', { mentionsAll: true });
    await until(() => store.getState().messages[group.id]!.items.at(-1)?.pending !== true, 'stored');
    expect(store.getState().messages[group.id]!.items.at(-1)!.mentionsAll).toBe(true);
  });
});

describe('editing with mentions', () => {
  it('replaces the mentions with the new text’s, at once and at the server', async () => {
    const { server, store, group, ann, ben } = await world();
    store.send(group.id, '@Ann hi', { mentions: [ann.id] });
    await until(() => store.getState().messages[group.id]!.items.at(-1)?.pending !== true, 'stored');
    const id = store.getState().messages[group.id]!.items.at(-1)!.id;

    const done = store.lifecycle.edit(group.id, id, '@Ben hi', { mentions: [ben.id] });
    expect(store.findMessage(group.id, id)!.mentions).toEqual([ben.id]);
    expect(await done).toBe(true);
    expect(sentPayloads(server, 'message:edit').at(-1)).toMatchObject({ content: '@Ben hi', mentions: [ben.id] });
    expect(store.findMessage(group.id, id)!.mentions).toEqual([ben.id]);

    // No mentions in the new text: none (absent) after.
    await store.lifecycle.edit(group.id, id, 'hi all');
    expect(store.findMessage(group.id, id)!.mentions).toBeUndefined();
    expect(server.stored.find((m) => m.id === id)!.mentions).toBeUndefined();
  });

  it('puts the old mentions back when the server refuses the edit', async () => {
    const { store, group, ann } = await world('member');
    store.send(group.id, '@Ann hi', { mentions: [ann.id] });
    await until(() => store.getState().messages[group.id]!.items.at(-1)?.pending !== true, 'stored');
    const id = store.getState().messages[group.id]!.items.at(-1)!.id;

    expect(await store.lifecycle.edit(group.id, id, '@all hi', { mentionsAll: true })).toBe(false);
    const m = store.findMessage(group.id, id)!;
    expect(m.content).toBe('@Ann hi');
    expect(m.mentions).toEqual([ann.id]);
    expect(m.mentionsAll).toBeUndefined();
  });
});

describe('the chat list’s unread mentions', () => {
  it('counts the unread messages from others that mention the user, and none once read', async () => {
    const { server, store, me, ann, group } = await world();
    const post = (content: string, extra: { mentions?: string[]; mentionsAll?: boolean }) => {
      const [m] = server.store(group.id, ann.id, content);
      server.mention(m, extra);
      server.push({ type: 'message', message: { ...m } });
    };
    post('@Me look', { mentions: [me.id] });
    post('no mention', {});
    post('@all', { mentionsAll: true });
    await until(() => store.slices.chatList.summary(group.id)?.unread === 3, 'three unread');
    expect(store.slices.chatList.summary(group.id)!.mentions).toBe(2);

    const last = store.getState().messages[group.id]!.items.at(-1)!;
    store.markSeen(group.id, last.seq);
    await until(() => store.slices.chatList.summary(group.id)?.unread === 0, 'read');
    expect(store.slices.chatList.summary(group.id)!.mentions).toBe(0);
  });
});
