// The people directory's search: what the person typed, the pages of matching users fetched
// so far, and whether more can be loaded. Typing waits for a pause (debounce) before asking
// the server; an answer to an older search is dropped, so results never jump back to what
// was typed before. No React: the UI reads it through subscribe()/getState().
import type { DirectoryPage } from './api';
import { errorMessage } from './errors';
import type { User } from './types';

export interface DirectoryView {
  query: string;
  users: readonly User[];
  /** The search of `users` has more pages. */
  hasMore: boolean;
  /** A first page (after a new search) or a further page is on its way. */
  loading: boolean;
  /** The last request failed; a retry() repeats it. */
  error: string | null;
  /** The first page of the current search arrived. */
  loaded: boolean;
}

export type FetchDirectoryPage = (q: string, cursor: string | undefined) => Promise<DirectoryPage>;

export interface DirectorySearchOptions {
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const INITIAL: DirectoryView = { query: '', users: [], hasMore: false, loading: false, error: null, loaded: false };

export class DirectorySearch {
  private view: DirectoryView = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly fetchPage: FetchDirectoryPage;
  private readonly debounceMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private timer: unknown = null;
  private cursor: string | null = null;
  /** Bumped by every new search; answers of older ones are dropped. */
  private generation = 0;
  private inFlight = false;
  private disposed = false;

  constructor(fetchPage: FetchDirectoryPage, options: DirectorySearchOptions = {}) {
    this.fetchPage = fetchPage;
    this.debounceMs = options.debounceMs ?? 250;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  getState = (): DirectoryView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The first page of everyone, at once. */
  start(): void {
    this.search();
  }

  /** What the person typed: searched after a pause in typing. */
  setQuery(query: string): void {
    if (query === this.view.query) return;
    const same = query.trim() === this.view.query.trim();
    this.set({ query });
    if (same) return; // spaces around the text change nothing the server sees
    this.cancelTimer();
    this.generation++; // what is on its way answers a search that is no longer wanted
    this.inFlight = false;
    this.set({ loading: true, error: null });
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.search();
    }, this.debounceMs);
  }

  /** The next page of the current search; nothing while one is on its way or when none is left. */
  loadMore(): void {
    if (this.inFlight || this.timer !== null || this.cursor === null || this.disposed) return;
    void this.fetch(this.generation, this.cursor);
  }

  /** Repeats what failed: the first page, or the next one. */
  retry(): void {
    if (!this.view.error) return;
    if (this.view.loaded && this.cursor !== null) this.loadMore();
    else this.search();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.listeners.clear();
  }

  /** The first page of what the query says now. */
  private search(): void {
    if (this.disposed) return;
    this.cancelTimer();
    this.generation++;
    this.cursor = null;
    this.set({ users: [], hasMore: false, loaded: false });
    void this.fetch(this.generation, undefined);
  }

  private async fetch(generation: number, cursor: string | undefined): Promise<void> {
    this.inFlight = true;
    this.set({ loading: true, error: null });
    let page: DirectoryPage;
    try {
      page = await this.fetchPage(this.view.query.trim(), cursor);
    } catch (err) {
      if (generation !== this.generation || this.disposed) return;
      this.inFlight = false;
      this.set({ loading: false, error: errorMessage(err) });
      return;
    }
    if (generation !== this.generation || this.disposed) return;
    this.inFlight = false;
    this.cursor = page.nextCursor;
    // A user added between two pages can arrive on both when names tie; keep the first.
    const seen = new Set(cursor === undefined ? [] : this.view.users.map((u) => u.id));
    const fresh = page.users.filter((u) => !seen.has(u.id));
    const users = cursor === undefined ? fresh : [...this.view.users, ...fresh];
    this.set({ users, hasMore: page.nextCursor !== null, loading: false, loaded: true, error: null });
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.clearTimer(this.timer);
    this.timer = null;
  }

  private set(patch: Partial<DirectoryView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
