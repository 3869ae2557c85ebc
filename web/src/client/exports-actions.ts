// The person's data exports applied to the client's state: the list read when Settings › Your
// data opens (and again after every reconnect once it was read: progress told meanwhile was
// missed), kept current by export:progress (queued, running with its count, done, failed; the
// copy further along always wins, so an answer that was on its way while newer news came does
// not put an export back), starting one (shown at once, queued), a download (the export read
// again for a fresh signed link, which the UI hands to the browser) and removing one (gone at
// once from the list once the server agrees; one the server no longer has leaves it too).
// Starting and downloading throw the refusal for the UI to say (exportErrorText). An export
// that finishes while the person is elsewhere (the list not shown: watch()) is told in a toast. Used by ChatStore (its
// `exports`); the pure rules are exports.ts.
import { t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import { exportBody, mergeExports, notBehind, readExport, withExport, withoutExport, type ExportDraft } from './exports';
import type { ExportsApi } from './exports-api';
import type { Export } from './exports-wire';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { RealtimeEvent } from './types';

/** What is on its way for one export. */
export type ExportBusy = 'downloading' | 'removing';

export interface ExportsView {
  /** The person's exports, newest first; null until read. */
  list: readonly Export[] | null;
  loading: boolean;
  /** Reading failed (retry with load()). */
  loadError: string | null;
  /** The exports with an action on its way. */
  busy: Readonly<Record<string, ExportBusy>>;
}

const INITIAL: ExportsView = { list: null, loading: false, loadError: null, busy: {} };

export interface ExportsHost {
  /** null: this client has no exports (nothing is read; actions refuse). */
  readonly api: ExportsApi | null;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session'>;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  showToast(text: string): void;
}

export class ExportActions {
  readonly view = new Slice<ExportsView>(INITIAL);

  private readonly host: ExportsHost;
  private readonly unsubscribe: () => void;
  /** Each export heard of since the session began (answers and events), the copy furthest along. */
  private readonly heard = new Map<string, Export>();
  /** Exports removed in this session: a list read meanwhile does not bring them back. */
  private readonly removed = new Set<string>();
  /** The latest read asked for; answers to older ones are dropped. */
  private asked = 0;
  /** Exports started here in this session, with the read asked for when their start was answered. */
  private readonly startedHere = new Map<string, number>();
  /** How many views show the list now (watch()). */
  private watchers = 0;

  constructor(host: ExportsHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.asked++;
    this.heard.clear();
    this.removed.clear();
    this.startedHere.clear();
    this.view.set(INITIAL);
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
  }

  /** Whether this client makes exports at all. */
  available(): boolean {
    return this.host.api !== null;
  }

  /** The person's exports (null until read). */
  list(): readonly Export[] | null {
    return this.view.get().list;
  }

  find(id: string): Export | undefined {
    return this.list()?.find((e) => e.id === id);
  }

  /** A view shows the list: it is read now, and a finished export needs no toast meanwhile. Returns its end. */
  watch(): () => void {
    this.watchers++;
    void this.load();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.watchers--;
    };
  }

  /** Reads the person's exports. Failures are quiet (a 401 ends the session), kept in loadError. */
  async load(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const n = ++this.asked;
    this.patch({ loading: true, loadError: null });
    try {
      const answer = await api.list(this.host.slices.session.token());
      if (s !== this.host.session() || n !== this.asked) return;
      // What was heard meanwhile (an export that moved on) wins over the answer; one started here
      // after the read was asked may be missing from it, and stays.
      let list: readonly Export[] = mergeExports([...this.heard.values()], answer.filter((e) => !this.removed.has(e.id)));
      for (const e of list) this.heard.set(e.id, e);
      for (const [id, mark] of this.startedHere) {
        const e = this.heard.get(id);
        if (mark >= n && e && !list.some((x) => x.id === id)) list = withExport(list, e);
      }
      this.patch({ list, loading: false, loadError: null });
    } catch (err) {
      if (s !== this.host.session() || n !== this.asked) return;
      this.host.handleError(err, s, false);
      this.patch({ loading: false, loadError: errorMessage(err) });
    }
  }

  /** Starts an export of what the form holds; shown at once. Throws the refusal (exportErrorText says it). */
  async create(draft: ExportDraft): Promise<Export> {
    const api = this.requireApi();
    const s = this.host.session();
    try {
      const made = await api.create(this.host.slices.session.token(), exportBody(draft));
      if (s === this.host.session()) {
        this.startedHere.set(made.id, this.asked);
        this.apply(made);
      }
      return made;
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * A fresh signed link to a finished export's file (the export read again; what it says is
   * shown). Throws the refusal; an export not (or no longer) downloadable throws in words.
   */
  async downloadUrl(id: string): Promise<string> {
    const api = this.requireApi();
    return this.busyWith(id, 'downloading', async (token, current) => {
      const e = await api.get(token, id);
      if (current()) this.apply(e);
      if (e.state !== 'done' || !e.url) throw new ApiError(409, 'not_ready', t('exports.error.notReady'));
      return e.url;
    });
  }

  /** Removes an export (and its file); it leaves the list once the server agrees (or no longer has it). Throws other refusals. */
  async remove(id: string): Promise<void> {
    const api = this.requireApi();
    try {
      await this.busyWith(id, 'removing', async (token, current) => {
        await api.remove(token, id);
        if (current()) this.gone(id);
      });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }

  private requireApi(): ExportsApi {
    const api = this.host.api;
    if (!api) throw new ApiError(0, 'unavailable', t('exports.error.unavailable'));
    return api;
  }

  /**
   * Runs `call` on one export with it marked `busy`; `current()` says whether the session is
   * still the one it began in. A 404 (the export is gone) takes it out of the list.
   */
  private async busyWith<T>(id: string, busy: ExportBusy, call: (token: string, current: () => boolean) => Promise<T>): Promise<T> {
    const s = this.host.session();
    const current = () => s === this.host.session();
    this.setBusy(id, busy);
    try {
      return await call(this.host.slices.session.token(), current);
    } catch (err) {
      if (current()) {
        this.host.handleError(err, s, false);
        if (err instanceof ApiError && err.status === 404) this.gone(id);
      }
      throw err;
    } finally {
      if (current()) this.setBusy(id, null);
    }
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated' || !this.host.api) return;
    if (e.type === 'connected') {
      // Progress told while away was not heard: a list held is read again.
      if (this.list() !== null) void this.load();
    } else if (e.type === 'export_progress') {
      // The Export itself; {export} is read too.
      const raw = e.event as { export?: unknown } | null | undefined;
      const news = readExport(raw && typeof raw === 'object' && 'export' in raw ? raw.export : raw);
      if (!news || this.removed.has(news.id)) return;
      const before = this.heard.get(news.id);
      this.apply(news);
      if (news.state === 'done' && before && before.state !== 'done' && notBehind(news, before) && this.watchers === 0) this.host.showToast(t('exports.readyToast'));
    }
  }

  /** News of one export (an answer, an event): kept as heard, and into the list once it was read. */
  private apply(e: Export): void {
    if (this.removed.has(e.id)) return;
    const known = this.heard.get(e.id);
    if (!known || notBehind(e, known)) this.heard.set(e.id, e);
    const list = this.list();
    if (list !== null) this.patch({ list: withExport(list, e) });
  }

  private gone(id: string): void {
    this.removed.add(id);
    this.heard.delete(id);
    const list = this.list();
    if (list !== null) this.patch({ list: withoutExport(list, id) });
  }

  private setBusy(id: string, busy: ExportBusy | null): void {
    const { [id]: _was, ...rest } = this.view.get().busy;
    this.patch({ busy: busy === null ? rest : { ...rest, [id]: busy } });
  }

  private patch(patch: Partial<ExportsView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}
