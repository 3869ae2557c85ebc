// A settings document the server keeps for the user, changed optimistically and in order: what
// the server last confirmed, the changes not answered yet (sent one at a time, the first on its
// way), and what is shown, the confirmed document with those changes applied on top. A load is
// dropped when newer news (the document's event, a change's answer) came while it was on its
// way; a refusal drops the change and those queued after it (built on it), shows what the
// server has with the refusal in words, and reads the server again (another device may have
// changed it); the document's event (privacy:updated, notifications:updated) is applied as the
// server's; a (re)connect reads it again, since an event may have been missed meanwhile; the end
// of the session forgets it all, and what is on its way is dropped when it answers. Used by
// PrivacyActions and NotificationActions, which say what their document is and how it is read
// and changed. No React; single-threaded, like the slices.
import { ApiError, errorMessage } from './errors';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { RealtimeEvent } from './types';

export interface SettingsView<D> {
  /** The settings as shown: the server's, with the changes on their way; null until loaded. */
  settings: D | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** 'saving' while changes are on their way, 'saved' once the server took them all. */
  save: 'idle' | 'saving' | 'saved' | 'failed';
  /** Why the last change was not saved. */
  error: string | null;
}

const INITIAL: SettingsView<never> = { settings: null, loading: false, loadError: null, save: 'idle', error: null };

export interface ServerSettingsHost {
  /** The document's event, and 'connected'. */
  readonly realtime: Pick<Realtime, 'subscribe'>;
  /** Whether the user is signed in, and the token. */
  readonly slices: Pick<Slices, 'session'>;
  /** Changes when a session ends: what was on its way for the one before is dropped. */
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

/** Where the document is kept: read whole, changed one change at a time. */
export interface SettingsServer<D, C> {
  get(token: string): Promise<D>;
  /**
   * Sends one change. Answers how the server's document reads now, from what was confirmed when
   * the answer came (an answer may carry only the part the change was about).
   */
  send(token: string, change: C): Promise<(confirmed: D) => D>;
}

export interface ServerSettingsOptions<D, C> {
  /** null: this client keeps no such settings (nothing is read or sent). */
  server: SettingsServer<D, C> | null;
  /** A change shown on a document. */
  apply(settings: D, change: C): D;
  /** The document `e` carries when it is this document's event, else null. */
  fromEvent(e: RealtimeEvent): D | null;
  /**
   * When a (re)connect reads the document: 'always' (signing in included), or only
   * 'once-loaded' and with nothing on its way (the answers bring the server's document).
   */
  readOnConnect: 'always' | 'once-loaded';
  /** A refusal of a change, in words. */
  errorText(err: unknown): string;
  /** The server's document changed; `before` null: not known here before; `pushed`: by its event. */
  onConfirmed?(before: D | null, after: D, pushed: boolean): void;
  /** What is shown changed (null: forgotten). */
  onShown?(shown: D | null): void;
  /** A change was refused; what the server has shows already. */
  onRefused?(err: unknown, change: C, text: string): void;
}

export class ServerSettings<D, C> {
  readonly view = new Slice<SettingsView<D>>(INITIAL);

  private readonly host: ServerSettingsHost;
  private readonly options: ServerSettingsOptions<D, C>;
  private readonly unsubscribe: () => void;
  /** What the server last said. */
  private confirmed: D | null = null;
  /** Changes not answered yet, in order; the first is on its way. */
  private queue: C[] = [];
  private sending = false;
  /** Orders loads against newer news (an event, a change's answer): an older load is dropped. */
  private mark = 0;
  private applied = 0;

  constructor(host: ServerSettingsHost, options: ServerSettingsOptions<D, C>) {
    this.host = host;
    this.options = options;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    this.confirmed = null;
    this.queue = [];
    this.sending = false;
    this.applied = ++this.mark;
    this.view.set(INITIAL);
    this.options.onShown?.(null);
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
  }

  /** The settings as shown (null until loaded). */
  settings(): D | null {
    return this.view.get().settings;
  }

  /**
   * Reads the settings from the server. `fresh`: a new look at them (a dialog opened), which
   * forgets the "Saved." or the error of before.
   */
  async load(fresh = true): Promise<void> {
    const server = this.options.server;
    if (!server) return;
    const s = this.host.session();
    const mark = ++this.mark;
    this.patchView(fresh && this.queue.length === 0 ? { loading: true, loadError: null, save: 'idle', error: null } : { loading: true, loadError: null });
    try {
      const answer = await server.get(this.host.slices.session.token());
      if (s !== this.host.session()) return;
      if (mark >= this.applied) this.confirm(answer, mark);
      this.patchView({ loading: false });
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patchView({ loading: false, loadError: errorMessage(err) });
    }
  }

  /** Shows `change` at once and queues it for the server (nothing before the settings load). */
  change(change: C): void {
    if (!this.confirmed) return;
    this.queue.push(change);
    this.show({ save: 'saving', error: null });
    void this.flush();
  }

  /** Says a change was not saved without sending it (refused here, before the server). */
  notSaved(error: string): void {
    this.patchView({ save: 'failed', error });
  }

  private async flush(): Promise<void> {
    const server = this.options.server;
    if (this.sending || !server) return;
    this.sending = true;
    const s = this.host.session();
    try {
      while (this.queue.length > 0 && s === this.host.session()) {
        const change = this.queue[0]!;
        const mark = ++this.mark;
        let answer: (confirmed: D) => D;
        try {
          answer = await server.send(this.host.slices.session.token(), change);
        } catch (err) {
          if (s === this.host.session()) this.refused(err, change, s);
          return;
        }
        if (s !== this.host.session() || !this.confirmed) return;
        this.queue.shift();
        this.confirm(answer(this.confirmed), mark);
      }
      if (s === this.host.session()) this.patchView({ save: 'saved' });
    } finally {
      if (s === this.host.session()) this.sending = false;
    }
  }

  /** A change refused: it and what was queued after it (built on it) are dropped. */
  private refused(err: unknown, change: C, s: number): void {
    this.queue = [];
    const text = this.options.errorText(err);
    this.host.handleError(err, s, false);
    this.show({ save: 'failed', error: text });
    this.options.onRefused?.(err, change, text);
    // The server may have changed meanwhile (another device): read it again.
    if (!(err instanceof ApiError && err.isNetwork)) void this.load(false);
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    const pushed = this.options.fromEvent(e);
    if (pushed) this.confirm(pushed, ++this.mark, true);
    else if (e.type === 'connected' && this.readsOnConnect()) void this.load(false);
  }

  private readsOnConnect(): boolean {
    return this.options.readOnConnect === 'always' || (this.confirmed !== null && this.queue.length === 0);
  }

  /** The server's settings now: shown with the changes still on their way. */
  private confirm(settings: D, mark: number, pushed = false): void {
    const before = this.confirmed;
    this.confirmed = settings;
    this.applied = Math.max(this.applied, mark);
    this.show({});
    this.options.onConfirmed?.(before, settings, pushed);
  }

  private show(patch: Partial<SettingsView<D>>): void {
    const confirmed = this.confirmed;
    const shown = confirmed === null ? null : this.queue.reduce<D>((d, c) => this.options.apply(d, c), confirmed);
    this.patchView({ ...patch, settings: shown });
    this.options.onShown?.(shown);
  }

  private patchView(patch: Partial<SettingsView<D>>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}
