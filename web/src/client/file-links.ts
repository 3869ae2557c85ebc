// Signed links to files (POST /api/v1/files/links), cached per file id for as long as they
// last. Components say which files they show (want(), released when they go); the ids wanted
// within one turn of the event loop go out in one request (a page of messages: one request,
// at most MAX_LINK_IDS ids each), links are renewed a few minutes before they expire while
// still wanted, and ids the server denies are not asked for again this session. Used by
// file-actions.ts (store.files.links); no React here.
import type { FilesApi } from './files-api';
import { MAX_LINK_IDS, type FileLink } from './files-wire';
import { KeyedSlice } from './slices/slice';

/** What is known of one file's links: the link, or that the user may not read it. */
export interface LinkEntry {
  link?: FileLink;
  denied?: true;
}

export interface FileLinksHost {
  readonly api: FilesApi;
  token(): string;
  session(): number;
  /** Epoch ms. */
  now(): number;
  /** 401 ends the session; the rest is quiet (the media show their placeholder and try again later). */
  handleError(err: unknown, s: number): void;
}

export interface FileLinksOptions {
  /** Wait this long for more ids before asking (0: the next turn of the event loop). */
  batchDelayMs?: number;
  /** Renew a link this long before it expires. */
  renewBeforeMs?: number;
}

/** The longest a timer can wait (setTimeout's limit). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class FileLinks {
  /** The links held, by file id. */
  readonly entries = new KeyedSlice<LinkEntry>();
  private readonly host: FileLinksHost;
  private readonly batchDelayMs: number;
  private readonly renewBeforeMs: number;
  /** How many of the components on screen want each id. */
  private readonly wanted = new Map<string, number>();
  private readonly queued = new Set<string>();
  private readonly asking = new Set<string>();
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  /** Requests made (for tests and diagnostics). */
  requests = 0;

  constructor(host: FileLinksHost, options: FileLinksOptions = {}) {
    this.host = host;
    this.batchDelayMs = options.batchDelayMs ?? 0;
    this.renewBeforeMs = options.renewBeforeMs ?? 5 * 60 * 1000;
  }

  /** Links for these files are wanted until the returned function is called. */
  want(ids: readonly string[]): () => void {
    for (const id of ids) {
      this.wanted.set(id, (this.wanted.get(id) ?? 0) + 1);
      if (this.needs(id)) this.queued.add(id);
    }
    this.scheduleBatch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of ids) {
        const n = (this.wanted.get(id) ?? 0) - 1;
        if (n > 0) this.wanted.set(id, n);
        else {
          this.wanted.delete(id);
          this.queued.delete(id);
        }
      }
    };
  }

  /** The link held for a file (it may be about to be renewed). */
  link(id: string): FileLink | undefined {
    return this.entries.entry(id)?.link;
  }

  /** Asks again for every wanted file without a usable link (after a reconnect). */
  retry(): void {
    for (const id of this.wanted.keys()) if (this.needs(id)) this.queued.add(id);
    this.scheduleBatch();
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    this.batchTimer = null;
    this.renewTimer = null;
    this.wanted.clear();
    this.queued.clear();
    this.asking.clear();
    this.entries.set({});
  }

  /** Whether a file's link must be asked for: none held (nor denied), or it expires soon. */
  private needs(id: string): boolean {
    if (this.asking.has(id)) return false;
    const e = this.entries.entry(id);
    if (e?.denied) return false;
    if (!e?.link) return true;
    return e.link.expiresAt - this.host.now() <= this.renewBeforeMs;
  }

  private scheduleBatch(): void {
    if (this.batchTimer !== null || this.queued.size === 0) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = null;
      void this.flush();
    }, this.batchDelayMs);
  }

  private async flush(): Promise<void> {
    const ids = [...this.queued].filter((id) => !this.asking.has(id));
    this.queued.clear();
    const s = this.host.session();
    const token = this.host.token();
    if (ids.length === 0 || !token) return;
    for (let i = 0; i < ids.length; i += MAX_LINK_IDS) {
      const batch = ids.slice(i, i + MAX_LINK_IDS);
      for (const id of batch) this.asking.add(id);
      this.requests++;
      try {
        const answer = await this.host.api.links(token, batch);
        if (s !== this.host.session()) return;
        const next = { ...this.entries.get() };
        for (const link of answer.links) next[link.id] = { link };
        for (const id of answer.denied) next[id] = { denied: true };
        this.entries.set(next);
      } catch (err) {
        if (s !== this.host.session()) return;
        this.host.handleError(err, s);
      } finally {
        if (s === this.host.session()) for (const id of batch) this.asking.delete(id);
      }
    }
    this.scheduleRenewal();
  }

  /** Wakes up when the first wanted link is due for renewal. */
  private scheduleRenewal(minWaitMs = 0): void {
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    let due = Number.POSITIVE_INFINITY;
    for (const id of this.wanted.keys()) {
      const link = this.link(id);
      if (link) due = Math.min(due, link.expiresAt - this.renewBeforeMs);
    }
    if (!Number.isFinite(due)) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(minWaitMs, due - this.host.now()));
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      // Those on their way already are renewed by their answer (flush schedules again); if
      // none was due yet (a timer a little early), look again a moment later.
      this.retry();
      if (this.queued.size === 0 && this.asking.size === 0) this.scheduleRenewal(1000);
    }, wait);
  }
}
