// The user's scheduled messages applied to the client's state: the pending ones loaded on every
// connect (GET /api/v1/me/scheduled; signing in included: the first connect follows it), a
// chat's read again when its list is opened, and kept current by scheduled:updated (created,
// edited, sent, missed or ended on any of the user's devices or by the server itself), each
// chat's part kept by chat so a chat hears only of its own. Scheduling, editing (with the
// version held: 409 when stale or being sent, the list read again), cancelling and sending one
// now wait for the server and throw its refusal for the dialog or the list to show; a preview
// of a rule's next occurrences is asked for as the dialog changes (the caller aborts the older).
// An occurrence missed while the server was down, and a scheduled message the server cancelled
// (no longer allowed to send there, the chat deleted), are told in a toast; a load that was on
// its way while newer news came keeps the newer. Used by ChatStore (its `scheduled`); the pure
// rules are scheduled.ts and rrule.ts.
import { ApiError, errorMessage } from './errors';
import type { Realtime } from './realtime';
import {
  byNext,
  cancelledNotice,
  chatScheduled,
  missedNotice,
  newlyMissed,
  notOlder,
  readScheduled,
  withScheduled,
  withoutScheduled,
} from './scheduled';
import type { ScheduledApi } from './scheduled-api';
import type { PreviewBody, ScheduleBody, ScheduledMessage, SchedulePatch } from './scheduled-wire';
import type { Slices } from './slices';
import { KeyedSlice, Slice } from './slices/slice';
import type { ChatMessage, RealtimeEvent } from './types';

/** What is on its way for one scheduled message. */
export type ScheduledBusy = 'saving' | 'sending' | 'cancelling';

export interface ScheduledView {
  /** The user's pending scheduled messages, by next occurrence; null until loaded. */
  list: readonly ScheduledMessage[] | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** The scheduled messages with an action on its way. */
  busy: Readonly<Record<string, ScheduledBusy>>;
}

const INITIAL: ScheduledView = { list: null, loading: false, loadError: null, busy: {} };
const NONE: readonly ScheduledMessage[] = Object.freeze([]);

export interface ScheduledHost {
  /** null: this client has no scheduled messages (nothing is loaded; actions refuse). */
  readonly api: ScheduledApi | null;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session'>;
  session(): number;
  /** The person's time zone: their notification settings' (this device's while the server has the default). */
  timeZone(): string;
  /** A message the server sent now (send now), into its chat. */
  receive(m: ChatMessage): void;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  showToast(text: string): void;
}

/** What the schedule dialog sends: the text, the first occurrence's wall clock and its zone, the rule; a new one's files. */
export interface ScheduleDraft {
  /** With files, their caption (may be empty). */
  content: string;
  /** A new one's files: ids of the person's finished uploads (a change keeps the files as scheduled). */
  attachments?: readonly string[];
  /** "YYYY-MM-DDTHH:MM" in `timeZone`. */
  start: string;
  timeZone: string;
  /** null: once. */
  rrule: string | null;
  /** A private chat's: the time is the other person's wall clock. */
  recipientZone: boolean;
}

export class ScheduledActions {
  readonly view = new Slice<ScheduledView>(INITIAL);
  /** Each chat's pending scheduled messages, by next occurrence; chats with none are absent. */
  readonly byChat = new KeyedSlice<readonly ScheduledMessage[]>();

  private readonly host: ScheduledHost;
  private readonly unsubscribe: () => void;
  /** Rises with every load and every piece of news applied. */
  private mark = 0;
  /** The newest copy heard of each scheduled message (ended ones too), and when it was heard. */
  private readonly latest = new Map<string, { s: ScheduledMessage; mark: number }>();

  constructor(host: ScheduledHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.mark++;
    this.latest.clear();
    this.view.set(INITIAL);
    this.byChat.set({});
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
    this.byChat.clearListeners();
  }

  /** Whether this client schedules messages at all. */
  available(): boolean {
    return this.host.api !== null;
  }

  /** The person's time zone, the dialog's default. */
  timeZone(): string {
    return this.host.timeZone();
  }

  /** The pending ones (null until loaded). */
  list(): readonly ScheduledMessage[] | null {
    return this.view.get().list;
  }

  /** One chat's pending ones. */
  chat(chatId: string): readonly ScheduledMessage[] {
    return this.byChat.entry(chatId) ?? NONE;
  }

  /** One of them, by id. */
  find(id: string): ScheduledMessage | undefined {
    return this.view.get().list?.find((s) => s.id === id);
  }

  /** Reads the user's pending scheduled messages. Failures are quiet (a 401 ends the session), kept in loadError. */
  async load(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const mark = ++this.mark;
    this.patch({ loading: true, loadError: null });
    try {
      const answer = await api.listMine(this.host.slices.session.token());
      if (s !== this.host.session()) return;
      this.merge(answer, mark, null);
      this.patch({ loading: false });
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patch({ loading: false, loadError: errorMessage(err) });
    }
  }

  /** Reads one chat's pending scheduled messages again (its list was opened). Quiet on failure. */
  async refreshChat(chatId: string): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const mark = ++this.mark;
    try {
      const answer = await api.listChat(this.host.slices.session.token(), chatId);
      if (s === this.host.session()) this.merge(answer.filter((x) => x.chatId === chatId), mark, chatId);
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
    }
  }

  /** Schedules a message; resolves to it once the server has it. Throws the refusal (scheduledErrorText says it). */
  async create(chatId: string, draft: ScheduleDraft): Promise<ScheduledMessage> {
    const api = this.requireApi();
    const s = this.host.session();
    const body: ScheduleBody = { content: draft.content.trim(), start: draft.start, timeZone: draft.timeZone };
    if (draft.rrule !== null) body.rrule = draft.rrule;
    if (draft.recipientZone) body.recipientZone = true;
    if (draft.attachments && draft.attachments.length > 0) body.attachments = [...draft.attachments];
    try {
      const made = await api.create(this.host.slices.session.token(), chatId, body);
      if (s === this.host.session()) this.apply(made);
      return made;
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * Changes a scheduled message (only what differs from the held copy is sent, with its
   * version); resolves to it as changed. A 409 (changed elsewhere, or being sent) reads the list
   * again and is thrown, like any refusal.
   */
  async edit(id: string, draft: ScheduleDraft): Promise<ScheduledMessage> {
    const api = this.requireApi();
    const held = this.find(id);
    if (!held) throw new ApiError(404, 'not_found', '');
    const patch = patchOf(held, draft);
    return this.busyWith(id, 'saving', async (token, current) => {
      const changed = await api.update(token, held.chatId, id, patch);
      if (current()) this.apply(changed);
      return changed;
    });
  }

  /** Cancels a scheduled message; resolves once the server has. Throws the refusal. */
  async cancel(id: string): Promise<void> {
    const api = this.requireApi();
    const held = this.find(id);
    if (!held) return;
    await this.busyWith(id, 'cancelling', async (token, current) => {
      await api.cancel(token, held.chatId, id);
      if (current()) this.apply({ ...held, state: 'cancelled', version: held.version + 1, updatedAt: Date.now() }, true);
    });
  }

  /**
   * Sends a scheduled message's next occurrence now: the message shows in its chat at once; a
   * one-off is then done, a recurring one moves on to its following occurrence. Throws the refusal.
   */
  async sendNow(id: string): Promise<void> {
    const api = this.requireApi();
    const held = this.find(id);
    if (!held) return;
    await this.busyWith(id, 'sending', async (token, current) => {
      const answer = await api.sendNow(token, held.chatId, id);
      if (!current()) return;
      this.host.receive(answer.message);
      if (answer.scheduled) this.apply(answer.scheduled);
      else void this.load();
    });
  }

  /**
   * Runs `call` on one scheduled message with it marked `busy`; `current()` says whether the
   * session is still the one it began in. A refusal is handled (and the list read again) in that
   * session, and thrown.
   */
  private async busyWith<T>(
    id: string,
    busy: ScheduledBusy,
    call: (token: string, current: () => boolean) => Promise<T>,
  ): Promise<T> {
    const s = this.host.session();
    const current = () => s === this.host.session();
    this.setBusy(id, busy);
    try {
      return await call(this.host.slices.session.token(), current);
    } catch (err) {
      if (current()) {
        this.host.handleError(err, s, false);
        this.refused(err, id);
      }
      throw err;
    } finally {
      if (current()) this.setBusy(id, null);
    }
  }

  /** The next occurrences (epoch ms, at most five) of a schedule; `signal` drops an older ask. Throws the server's words for a bad rule (400). */
  async preview(body: PreviewBody, signal?: AbortSignal): Promise<number[]> {
    const api = this.requireApi();
    const s = this.host.session();
    try {
      return await api.preview(this.host.slices.session.token(), body, signal);
    } catch (err) {
      if (!signal?.aborted && s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  private requireApi(): ScheduledApi {
    const api = this.host.api;
    if (!api) throw new ApiError(0, 'unavailable', '');
    return api;
  }

  /** A refusal: one gone (404) leaves the list; a stale copy or one being sent (409) reads the list again. */
  private refused(err: unknown, id: string): void {
    if (!(err instanceof ApiError)) return;
    if (err.status === 404) {
      this.mark++;
      this.show(withoutScheduled(this.list() ?? [], id));
    } else if (err.status === 409) {
      void this.load();
    }
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated' || !this.host.api) return;
    if (e.type === 'connected') {
      // What happened while away was not heard (an occurrence missed while the server was down):
      // the list is read again.
      void this.load();
    } else if (e.type === 'scheduled_updated') {
      // {scheduled} as agreed; the object alone is read too.
      const s = readScheduled(e.event?.scheduled ?? e.event);
      if (!s) return;
      const before = this.find(s.id);
      const known = this.latest.get(s.id)?.s;
      if (known && !notOlder(s, known)) return;
      this.apply(s);
      const ended = cancelledNotice(s);
      if (ended && known?.state !== 'cancelled') this.host.showToast(ended);
      else if (newlyMissed(before ?? known, s)) this.host.showToast(missedNotice(s, this.host.timeZone()));
    }
  }

  /** News of one scheduled message (an answer, an event): kept as the newest heard, the list changed. */
  private apply(s: ScheduledMessage, force = false): void {
    const known = this.latest.get(s.id)?.s;
    if (!force && known && !notOlder(s, known)) return;
    const mark = ++this.mark;
    this.latest.set(s.id, { s, mark });
    // Not loaded yet (or the load failed): what is heard shows meanwhile; the load merges with it.
    const list = this.list() ?? [];
    this.show(force ? (s.state === 'pending' ? withScheduled(withoutScheduled(list, s.id), s) : withoutScheduled(list, s.id)) : withScheduled(list, s));
  }

  /**
   * A list from the server (all, or `chatId`'s) that was asked for at `mark`: what was heard
   * since wins over it (newer copies, ended ones), and what it lacks but was heard since stays.
   * Occurrences it says were missed since the list held are told.
   */
  private merge(answer: readonly ScheduledMessage[], mark: number, chatId: string | null): void {
    const held = this.list();
    const out: ScheduledMessage[] = [];
    for (const a of answer) {
      const known = this.latest.get(a.id);
      if (known && known.s.version > a.version) {
        if (known.s.state === 'pending') out.push(known.s);
        continue;
      }
      if (known && known.mark > mark && known.s.state !== 'pending' && notOlder(known.s, a)) continue;
      this.latest.set(a.id, { s: a, mark: known?.mark ?? mark });
      out.push(a);
      const before = held?.find((x) => x.id === a.id);
      if (newlyMissed(before, a)) this.host.showToast(missedNotice(a, this.host.timeZone()));
    }
    for (const h of held ?? []) {
      if (out.some((x) => x.id === h.id)) continue;
      const heard = this.latest.get(h.id);
      // Another chat's, when only one chat was read; or news newer than the question.
      if ((chatId !== null && h.chatId !== chatId) || (heard && heard.mark > mark && heard.s.state === 'pending')) out.push(h);
    }
    this.show(out.sort(byNext));
  }

  private show(list: ScheduledMessage[]): void {
    this.patch({ list, loadError: null });
    // Each chat's part: the same array while none of its scheduled messages changed.
    const prev = this.byChat.get();
    const next: Record<string, readonly ScheduledMessage[]> = {};
    for (const chatId of new Set(list.map((s) => s.chatId))) {
      const mine = chatScheduled(list, chatId);
      const old = prev[chatId];
      next[chatId] = old && old.length === mine.length && old.every((x, i) => x === mine[i]) ? old : mine;
    }
    const same = Object.keys(next).length === Object.keys(prev).length && Object.keys(next).every((k) => next[k] === prev[k]);
    if (!same) this.byChat.set(next);
  }

  private setBusy(id: string, busy: ScheduledBusy | null): void {
    const { [id]: _was, ...rest } = this.view.get().busy;
    this.patch({ busy: busy === null ? rest : { ...rest, [id]: busy } });
  }

  private patch(patch: Partial<ScheduledView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}

/** A change's PATCH body: what differs from the held copy, and its version. */
export function patchOf(held: ScheduledMessage, draft: ScheduleDraft): SchedulePatch {
  const patch: SchedulePatch = { version: held.version };
  const content = draft.content.trim();
  if (content !== held.content) patch.content = content;
  if (draft.start !== held.start.slice(0, 16)) patch.start = draft.start;
  if (!draft.recipientZone && draft.timeZone !== held.timeZone) patch.timeZone = draft.timeZone;
  if (draft.rrule !== held.rrule) patch.rrule = draft.rrule;
  if (draft.recipientZone !== held.recipientZone) patch.recipientZone = draft.recipientZone;
  // A change of the time or the rule is read in the zone shown: it goes with them.
  if ((patch.start !== undefined || patch.rrule !== undefined) && !draft.recipientZone) patch.timeZone = draft.timeZone;
  return patch;
}
