// The building blocks of the client's state: a Slice is one part of it (the session, the
// connection, the chats, ...) with its own value and listeners, so a component that reads one
// slice is not asked to render again when another changes. A KeyedSlice is a record (one entry
// per chat) whose entries can also be subscribed to one at a time: a message in one chat
// notifies that chat's readers only. No React here; the UI reads slices through
// useSyncExternalStore (src/app/store-context.tsx). Single-threaded: listeners run synchronously,
// in the order they subscribed, after the value has changed.

export type Listener = () => void;

/** What readers need of a slice: its value and a way to hear of changes. */
export interface Readable<T> {
  get(): T;
  subscribe(listener: Listener): () => void;
}

/** What readers need of a keyed slice: one entry and a way to hear of its changes. */
export interface KeyedReadable<V> extends Readable<Readonly<Record<string, V>>> {
  entry(key: string): V | undefined;
  subscribeEntry(key: string, listener: Listener): () => void;
}

export class Slice<T> implements Readable<T> {
  private value: T;
  private readonly listeners = new Set<Listener>();

  constructor(initial: T) {
    this.value = initial;
  }

  get = (): T => this.value;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the value; listeners hear of it only when it is a different one. */
  set(next: T): void {
    const prev = this.value;
    if (Object.is(prev, next)) return;
    this.value = next;
    this.changed(prev, next);
    for (const l of [...this.listeners]) l();
  }

  update(fn: (value: T) => T): void {
    this.set(fn(this.value));
  }

  /** Drops every listener (the client is going away). */
  clearListeners(): void {
    this.listeners.clear();
  }

  /** Runs before the listeners on each change; KeyedSlice tells the entries' readers here. */
  protected changed(_prev: T, _next: T): void {}
}

const NO_ENTRIES: Readonly<Record<string, never>> = Object.freeze({});

export class KeyedSlice<V> extends Slice<Readonly<Record<string, V>>> implements KeyedReadable<V> {
  private readonly entryListeners = new Map<string, Set<Listener>>();

  constructor(initial: Readonly<Record<string, V>> = NO_ENTRIES) {
    super(initial);
  }

  entry = (key: string): V | undefined => this.get()[key];

  subscribeEntry = (key: string, listener: Listener): (() => void) => {
    let set = this.entryListeners.get(key);
    if (!set) {
      set = new Set();
      this.entryListeners.set(key, set);
    }
    set.add(listener);
    return () => {
      const s = this.entryListeners.get(key);
      s?.delete(listener);
      if (s?.size === 0) this.entryListeners.delete(key);
    };
  };

  /** Replaces one entry; nothing happens when it is the same value. */
  setEntry(key: string, next: V): void {
    const all = this.get();
    if (key in all && Object.is(all[key], next)) return;
    this.set({ ...all, [key]: next });
  }

  /** Drops one entry. */
  deleteEntry(key: string): void {
    const all = this.get();
    if (!(key in all)) return;
    const { [key]: _gone, ...rest } = all;
    this.set(rest);
  }

  override clearListeners(): void {
    super.clearListeners();
    this.entryListeners.clear();
  }

  protected override changed(prev: Readonly<Record<string, V>>, next: Readonly<Record<string, V>>): void {
    for (const [key, listeners] of [...this.entryListeners]) {
      if (Object.is(prev[key], next[key])) continue;
      for (const l of [...listeners]) l();
    }
  }
}
