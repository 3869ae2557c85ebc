// What the client keeps for itself, per user: drafts, and the time a queued message was written.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, until } from './fakes';
import { StoredRecordSlice } from './slices';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

// The fake server's clock starts at 12:00; this client's clock says 11:00.
const WRITTEN = new Date(Date.UTC(2025, 0, 1, 11, 0, 0));

async function world() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const storage = new MemoryStorage();
  const make = () => {
    const store = new ChatStore({
      api: server,
      realtime: server,
      storage,
      readDelayMs: 0,
      retryDelayMs: 0,
      now: () => WRITTEN,
    });
    stores.push(store);
    return store;
  };
  const store = make();
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  return { server, storage, store, me, chat, make };
}

describe('sending', () => {
  it('trims blank space around the text and keeps the line breaks inside', async () => {
    const w = await world();
    w.store.send(w.chat.id, '  \n hello\n\n  world \n\t');
    w.store.send(w.chat.id, ' \n ');
    await until(() => w.store.outboxItems().length === 0, 'sent');
    expect(w.server.stored.map((m) => m.content)).toEqual(['hello\n\n  world']);
  });

  it('keeps the time a queued message was written, across a reload', async () => {
    const w = await world();
    w.server.drop();
    w.store.send(w.chat.id, 'written offline');
    w.server.restore();
    await until(() => w.store.outboxItems().length === 0, 'sent');
    const stored = w.server.stored[0]!;
    expect(Date.parse(stored.createdAt)).toBeGreaterThan(WRITTEN.getTime());
    expect(w.store.slices.writtenTimes.entry(stored.clientMessageId!)).toBe(WRITTEN.toISOString());

    w.store.destroy();
    const again = w.make();
    await again.init();
    expect(again.slices.writtenTimes.entry(stored.clientMessageId!)).toBe(WRITTEN.toISOString());
  });
});

describe('drafts', () => {
  it('keeps a draft per chat, for the same user only, and forgets them on logout', async () => {
    const w = await world();
    w.store.setDraft(w.chat.id, 'half a thought');
    w.store.setDraft('other-chat', 'another');
    w.store.setDraft('other-chat', '');
    expect(w.store.slices.drafts.get()).toEqual({ [w.chat.id]: 'half a thought' });

    w.store.destroy();
    const again = w.make();
    await again.init();
    expect(again.slices.drafts.entry(w.chat.id)).toBe('half a thought');

    await again.logout();
    expect(again.slices.drafts.get()).toEqual({});
    expect(w.storage.getItem(`parley.drafts.${w.me.id}`)).toBeNull();
    // Signed out, nothing is kept.
    again.setDraft(w.chat.id, 'ignored');
    expect(again.slices.drafts.get()).toEqual({});
  });
});

describe('StoredRecordSlice', () => {
  it('keeps at most its limit, dropping the entries set longest ago', () => {
    const storage = new MemoryStorage();
    const slice = new StoredRecordSlice(storage, 'test.', 2);
    slice.put('a', '1'); // closed: ignored
    expect(slice.get()).toEqual({});
    slice.open('u');
    slice.put('a', '1');
    slice.put('b', '2');
    slice.put('a', '3'); // set again: now the newest
    slice.put('c', '4');
    expect(slice.get()).toEqual({ a: '3', c: '4' });
    expect(JSON.parse(storage.getItem('test.u') ?? '{}')).toEqual({ a: '3', c: '4' });
    slice.close();
    expect(slice.get()).toEqual({});
    slice.open('u');
    expect(slice.entry('c')).toBe('4');
  });
});
