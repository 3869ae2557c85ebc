// The user's privacy settings applied to the client's state: loaded when asked for (the
// Privacy dialog opens) and again on every connect once loaded, changed at once as the user
// changes them (each change a PATCH, one at a time, in order; shown before the server answers,
// what it last said back if it refuses, with the refusal in words), and followed from every
// device (privacy:updated). When who may see the user's last seen changes, the user list is read
// again: by reciprocity, what the user may see of others changed too. Used by ChatStore (its
// `privacy`); the pure rules are in privacy.ts.
import type { ChatApi } from './api';
import { ApiError, errorMessage } from './errors';
import {
  applyChange,
  audienceChanged,
  overLimit,
  patchOf,
  privacyErrorText,
  readSettings,
  withExceptions,
  withoutException,
  MAX_EXCEPTIONS,
  type ExceptionList,
  type PrivacyChange,
} from './privacy';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { LastSeenAudience, PrivacySettings, RealtimeEvent, User } from './types';

export interface PrivacyView {
  /** The settings as shown: the server's, with the changes on their way; null until loaded. */
  settings: PrivacySettings | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** 'saving' while changes are on their way, 'saved' once the server took them all. */
  save: 'idle' | 'saving' | 'saved' | 'failed';
  /** Why the last change was not saved. */
  error: string | null;
}

const INITIAL: PrivacyView = { settings: null, loading: false, loadError: null, save: 'idle', error: null };

export interface PrivacyHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  /** What the user may see of others' presence changed: it is read again. */
  refreshPresence(s: number): void;
}

export class PrivacyActions {
  readonly view = new Slice<PrivacyView>(INITIAL);

  private readonly host: PrivacyHost;
  private readonly unsubscribe: () => void;
  /** What the server last said. */
  private confirmed: PrivacySettings | null = null;
  /** Changes not answered yet, in order; the first is on its way. */
  private queue: PrivacyChange[] = [];
  private sending = false;
  /** Orders loads against newer news (an event, a PATCH's answer): an older load is dropped. */
  private mark = 0;
  private applied = 0;

  constructor(host: PrivacyHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    this.confirmed = null;
    this.queue = [];
    this.sending = false;
    this.applied = ++this.mark;
    this.view.set(INITIAL);
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
  }

  /** The settings as shown (null until loaded). */
  settings(): PrivacySettings | null {
    return this.view.get().settings;
  }

  /**
   * Reads the settings from the server. `fresh`: a new look at them (the dialog opened), which
   * forgets the "Saved." or the error of before.
   */
  async load(fresh = true): Promise<void> {
    const s = this.host.session();
    const mark = ++this.mark;
    this.patchView(fresh && this.queue.length === 0 ? { loading: true, loadError: null, save: 'idle', error: null } : { loading: true, loadError: null });
    try {
      const answer = readSettings(await this.host.api.getPrivacy(this.host.slices.session.token()));
      if (s !== this.host.session() || mark < this.applied) return;
      this.confirm(answer, mark);
      this.patchView({ loading: false });
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patchView({ loading: false, loadError: errorMessage(err) });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Changes: each shown at once and sent, in order

  setReadReceipts(on: boolean): void {
    this.change({ readReceipts: on });
  }

  setTyping(on: boolean): void {
    this.change({ typing: on });
  }

  setLastSeen(audience: LastSeenAudience): void {
    if (this.settings()?.lastSeen === audience) return;
    this.change({ lastSeen: audience });
  }

  /**
   * Adds people to "Always share with" or "Never share with" (out of the other list); false
   * when the list would be longer than the server takes (then nothing is sent).
   */
  addExceptions(list: ExceptionList, users: readonly User[]): boolean {
    const shown = this.settings();
    if (!shown) return false;
    const change = withExceptions(shown, list, users);
    if (!change) return true;
    if (overLimit(shown, list, (change[list]?.length ?? 0) - shown[list].length)) {
      this.patchView({ save: 'failed', error: `Not saved: a list holds at most ${MAX_EXCEPTIONS} people.` });
      return false;
    }
    this.change(change);
    return true;
  }

  removeException(list: ExceptionList, userId: string): void {
    const shown = this.settings();
    const change = shown && withoutException(shown, list, userId);
    if (change) this.change(change);
  }

  /** Shows `change` at once and queues it for the server. */
  change(change: PrivacyChange): void {
    if (!this.confirmed) return;
    this.queue.push(change);
    this.patchView({ settings: this.shown(), save: 'saving', error: null });
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    const s = this.host.session();
    try {
      while (this.queue.length > 0 && s === this.host.session()) {
        const change = this.queue[0]!;
        const mark = ++this.mark;
        let answer: PrivacySettings;
        try {
          answer = readSettings(await this.host.api.updatePrivacy(this.host.slices.session.token(), patchOf(change)));
        } catch (err) {
          if (s !== this.host.session()) return;
          // What was queued after it was built on it: dropped too; what the server has shows.
          this.queue = [];
          this.host.handleError(err, s, false);
          this.patchView({ settings: this.confirmed, save: 'failed', error: privacyErrorText(err) });
          if (err instanceof ApiError && err.isNetwork) return;
          // The server may have changed meanwhile (another device): read it again.
          void this.load(false);
          return;
        }
        if (s !== this.host.session()) return;
        this.queue.shift();
        this.confirm(answer, mark);
      }
      if (s === this.host.session()) this.patchView({ save: 'saved' });
    } finally {
      if (s === this.host.session()) this.sending = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // What the server pushes

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    if (e.type === 'privacy') {
      // Not loaded here before: what changed is not known, so presence is read again anyway.
      this.confirm(readSettings(e.settings), ++this.mark, true);
    } else if (e.type === 'connected' && this.confirmed && this.queue.length === 0) {
      // privacy:updated may have been missed while away.
      void this.load(false);
    }
  }

  /** The server's settings now: shown with the changes still on their way. */
  private confirm(settings: PrivacySettings, mark: number, news = false): void {
    const before = this.confirmed;
    this.confirmed = settings;
    this.applied = Math.max(this.applied, mark);
    this.patchView({ settings: this.shown() });
    if (before ? audienceChanged(before, settings) : news) this.host.refreshPresence(this.host.session());
  }

  private shown(): PrivacySettings | null {
    return this.confirmed && this.queue.reduce(applyChange, this.confirmed);
  }

  private patchView(patch: Partial<PrivacyView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}
