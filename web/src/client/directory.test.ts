import { afterEach, describe, expect, it } from 'vitest';

import type { DirectoryPage } from './api';
import { DirectorySearch } from './directory';
import { ApiError } from './errors';
import { FakeServer, settle } from './fakes';
import { ChatStore } from './store';
import { MemoryStorage } from './storage';

/** Timers that fire only when the test says so. */
class ManualTimers {
  pending = new Map<number, () => void>();
  private next = 0;
  set = (fn: () => void): unknown => {
    this.pending.set(++this.next, fn);
    return this.next;
  };
  clear = (h: unknown): void => {
    this.pending.delete(h as number);
  };
  fire(): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const fn of all) fn();
  }
}

function server(names: string[]): { server: FakeServer; token: string } {
  const s = new FakeServer();
  for (const n of names) s.addUser(n);
  const me = s.addUser('Zz Me');
  return { server: s, token: `token-${me.id}` }; // the fake's tokens name their user
}

const searches: DirectorySearch[] = [];
afterEach(() => {
  for (const d of searches.splice(0)) d.dispose();
});

function make(fetch: (q: string, cursor: string | undefined) => Promise<DirectoryPage>, timers = new ManualTimers()) {
  const d = new DirectorySearch(fetch, { setTimer: timers.set, clearTimer: timers.clear, debounceMs: 250 });
  searches.push(d);
  return { d, timers };
}

describe('DirectorySearch', () => {
  it('loads the first page at once and further pages on demand, to the end', async () => {
    const { server: s, token } = server(['Ann', 'bob', 'Cid', 'Dee', 'Eve']);
    const { d } = make((q, cursor) => s.directory(token, { q, cursor, limit: 2 }));
    d.start();
    expect(d.getState().loading).toBe(true);
    await settle();
    expect(d.getState().users.map((u) => u.name)).toEqual(['Ann', 'bob']);
    expect(d.getState()).toMatchObject({ hasMore: true, loading: false, loaded: true });
    d.loadMore();
    d.loadMore(); // ignored while the page is on its way
    await settle();
    d.loadMore();
    await settle();
    expect(d.getState().users.map((u) => u.name)).toEqual(['Ann', 'bob', 'Cid', 'Dee', 'Eve', 'Zz Me']);
    expect(d.getState().hasMore).toBe(false);
    expect(s.directoryQueries.map((q) => q.cursor)).toEqual([undefined, '2', '4']);
    d.loadMore(); // nothing left
    await settle();
    expect(s.directoryQueries).toHaveLength(3);
  });

  it('searches after a pause in typing, once, with the trimmed text', async () => {
    const { server: s, token } = server(['Ann', 'Anna', 'Bob']);
    const { d, timers } = make((q, cursor) => s.directory(token, { q, cursor }));
    d.start();
    await settle();
    for (const q of ['a', 'an', 'ann', ' ann ']) d.setQuery(q);
    expect(d.getState().query).toBe(' ann ');
    expect(d.getState().loading).toBe(true);
    expect(s.directoryQueries).toHaveLength(1); // nothing asked while typing
    timers.fire();
    await settle();
    expect(s.directoryQueries.map((q) => q.q)).toEqual(['', 'ann']);
    expect(d.getState().users.map((u) => u.name)).toEqual(['Ann', 'Anna']);
    // Spaces alone search nothing new.
    d.setQuery('ann');
    expect(timers.pending.size).toBe(0);
    expect(d.getState().loading).toBe(false);
  });

  it('drops the answer of a search that was replaced while on its way', async () => {
    const { server: s, token } = server(['Ann', 'Bob']);
    s.directoryGate = [];
    const { d, timers } = make((q, cursor) => s.directory(token, { q, cursor }));
    d.setQuery('ann');
    timers.fire();
    d.setQuery('bob');
    timers.fire();
    await settle();
    const [first, second] = s.directoryGate;
    second!(); // bob answers first
    await settle();
    first!(); // then the stale ann
    await settle();
    expect(d.getState().query).toBe('bob');
    expect(d.getState().users.map((u) => u.name)).toEqual(['Bob']);
  });

  it('shows a failure and retries what failed', async () => {
    let fail = true;
    const { server: s, token } = server(['Ann', 'Bob', 'Cid']);
    const { d } = make(async (q, cursor) => {
      if (fail) throw new ApiError(0, 'network', 'Cannot reach the server.');
      return s.directory(token, { q, cursor, limit: 2 });
    });
    d.start();
    await settle();
    expect(d.getState()).toMatchObject({ error: 'Cannot reach the server.', loading: false, loaded: false });
    fail = false;
    d.retry();
    await settle();
    expect(d.getState().users).toHaveLength(2);
    fail = true;
    d.loadMore();
    await settle();
    expect(d.getState().error).toBe('Cannot reach the server.');
    expect(d.getState().users).toHaveLength(2); // what was shown stays
    fail = false;
    d.retry();
    await settle();
    expect(d.getState().users.map((u) => u.name)).toEqual(['Ann', 'Bob', 'Cid', 'Zz Me']);
  });

  it('reads pages through the store, whose 401 ends the session', async () => {
    const s = new FakeServer();
    const me = s.addUser('Me', true);
    s.addUser('Bob');
    const store = new ChatStore({ api: s, realtime: s, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0 });
    await store.login(me.email, 'password');
    const page = await store.directoryPage('bo', undefined);
    expect(page.users.map((u) => u.name)).toEqual(['Bob']);
    expect(s.directoryQueries.at(-1)).toMatchObject({ q: 'bo', limit: 30 });
    s.directory = async () => {
      throw new ApiError(401, 'unauthorized', 'Invalid token');
    };
    await expect(store.directoryPage('', undefined)).rejects.toThrow('Invalid token');
    expect(store.getState().auth.token).toBeNull();
    store.destroy();
  });
});
