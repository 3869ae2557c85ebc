// Where the client keeps what must survive a reload: the token, the signed-in user, and each
// user's outbox. localStorage in the browser; an in-memory map in tests.

/** The part of the Web Storage API the client uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  private readonly map = new Map<string, string>();

  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }

  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** localStorage when the page may use it, else memory (private modes that refuse storage). */
export function browserStorage(): KeyValueStorage {
  try {
    const probe = '__parley_probe__';
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return new MemoryStorage();
  }
}

export function readJson<T>(storage: KeyValueStorage, key: string, check: (v: unknown) => v is T): T | null {
  const text = storage.getItem(key);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return check(v) ? v : null;
  } catch {
    return null;
  }
}
