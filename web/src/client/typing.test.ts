// Typing indicators in the state layer: the words shown, the typists heard (the user left out,
// a lost stop expires, a dropped connection forgets them all), and
// what the composer's typing sends (typing:start at most every 3 s, typing:stop once).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeServer, settle, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import { FORGET_AFTER_MS, START_EVERY_MS, typingText } from './typing';

describe('typingText', () => {
  it('names one or two typists and counts more', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Alice'])).toBe('Alice is typing…');
    expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingText(['Alice', 'Bob', 'Carol', 'Dan'])).toBe('4 people are typing…');
  });
});

describe('store.typing', () => {
  let server: FakeServer;
  let store: ChatStore;
  let clock = 0;
  let me = '';
  let bob = '';

  beforeEach(async () => {
    server = new FakeServer();
    const user = server.addUser('Me', true);
    me = user.id;
    bob = server.addUser('Bob').id;
    clock = 1_000_000;
    store = new ChatStore({
      api: server,
      realtime: server,
      storage: new MemoryStorage(),
      now: () => new Date(clock),
    });
    await store.login(user.email, 'password');
    await until(() => store.getState().connection === 'connected');
    await settle();
  });
  afterEach(() => {
    store.destroy();
    vi.useRealTimers();
  });

  const typingRequests = () => server.requests.filter(([e]) => e.startsWith('typing:'));

  it('keeps the typists heard without the user', () => {
    server.push({ type: 'typing', event: { chatId: 'c1', userIds: [me, bob] } });
    expect(store.typing.typists.entry('c1')).toEqual([bob]);
    server.push({ type: 'typing', event: { chatId: 'c1', userIds: [me] } });
    expect(store.typing.typists.entry('c1')).toBeUndefined();
    server.push({ type: 'typing', event: { chatId: 'c1', userIds: [bob] } });
    expect(store.typing.typists.entry('c1')).toEqual([bob]);
    server.push({ type: 'typing', event: { chatId: 'c1', userIds: [] } });
    expect(store.typing.typists.get()).toEqual({});
  });

  it('forgets a chat\'s typists when no update came for a while, and all of them when the connection drops', () => {
    vi.useFakeTimers();
    server.push({ type: 'typing', event: { chatId: 'c1', userIds: [bob] } });
    server.push({ type: 'typing', event: { chatId: 'c2', userIds: [bob] } });
    vi.advanceTimersByTime(FORGET_AFTER_MS - 1);
    server.push({ type: 'typing', event: { chatId: 'c2', userIds: [bob] } }); // heard again: kept longer
    vi.advanceTimersByTime(1);
    expect(store.typing.typists.entry('c1')).toBeUndefined();
    expect(store.typing.typists.entry('c2')).toEqual([bob]);
    server.push({ type: 'disconnected', reason: 'transport close' });
    expect(store.typing.typists.get()).toEqual({});
  });

  it('sends typing:start at most every 3 s while there is text, and typing:stop once when it is emptied', () => {
    store.typing.typed('c1', 'h');
    store.typing.typed('c1', 'he');
    clock += START_EVERY_MS - 1;
    store.typing.typed('c1', 'hel');
    expect(typingRequests()).toEqual([['typing:start', { chatId: 'c1' }]]);
    clock += 1;
    store.typing.typed('c1', 'hell');
    expect(typingRequests()).toHaveLength(2);
    store.typing.typed('c1', '  ');
    store.typing.typed('c1', '');
    store.typing.stop('c1'); // leaving the chat: already stopped
    expect(typingRequests().slice(2)).toEqual([['typing:stop', { chatId: 'c1' }]]);
    // Typing again starts again at once.
    store.typing.typed('c1', 'x');
    expect(typingRequests().at(-1)).toEqual(['typing:start', { chatId: 'c1' }]);
  });
});
