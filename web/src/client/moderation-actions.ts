// Reports and moderation applied to the client's state (store.moderation): the user's server
// role (read on every connect, signing in included), reporting (waiting for the server; the
// report joins the user's own list, and a report that also blocks reads the blocks again), the
// user's reports (paged), and for moderators the queue (filtered by status, category and group,
// paged; each action on a report shows the report the server answers), the audit log (all of
// it, or a group's) and the server's staff (administrators give and take roles). Each list
// drops the answer of a page asked for before the filter changed. Loads are quiet (a 401 ends
// the session) and keep their failure to show; changes throw the server's refusal for the UI to
// say. The pure rules are in moderation.ts.
import type { ChatApi } from './api';
import { ApiError, errorMessage } from './errors';
import {
  appendPage,
  MODERATION_PAGE,
  nextCursor,
  readAuditPage,
  readModerationReport,
  readQueuePage,
  readReport,
  readReportPage,
  readRole,
  readStaff,
  readSuspensions,
  withReport,
} from './moderation';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type {
  AuditEntry,
  ModerationReport,
  RealtimeEvent,
  Report,
  ReportActionName,
  ReportCategory,
  ReportRequest,
  ReportStatus,
  ServerRole,
  StaffMember,
  Suspension,
} from './types';

export interface RoleView {
  /** The user's server role; null: none, or not known yet. */
  role: ServerRole | null;
  /** The role was read since signing in. */
  loaded: boolean;
}

/** A list read page by page, the latest first, for one `key` (a filter). */
export interface PagedView<T, K> {
  key: K;
  /** null until the first page came. */
  items: readonly T[] | null;
  /** The cursor of the next page; null: no more. */
  more: string | null;
  loading: boolean;
  /** The last page asked for failed (ask again with more(), or open()). */
  error: string | null;
}

/** Which reports the queue shows: a status (null: all), a category (null: all), a group's. */
export interface QueueFilter {
  status: ReportStatus | null;
  category: ReportCategory | null;
  chatId: string | null;
}

export const OPEN_REPORTS: QueueFilter = { status: 'open', category: null, chatId: null };

export interface StaffListView {
  /** null until loaded. */
  staff: readonly StaffMember[] | null;
  loading: boolean;
  error: string | null;
  /** The people whose role is being changed. */
  changing: Readonly<Record<string, true>>;
}

/** The reports with an action on its way, and which. */
export type Acting = Readonly<Record<string, ReportActionName>>;

export interface SuspensionsView {
  /** null until loaded. */
  suspensions: readonly Suspension[] | null;
  loading: boolean;
  error: string | null;
  /** The people whose suspension is being lifted. */
  lifting: Readonly<Record<string, true>>;
}

export interface ModerationHost {
  readonly api: ChatApi;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session'>;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  /** A report also blocked its person: the blocks list is read again. */
  blocksChanged(): void;
  /** A report's person was muted: the mutes shown are read again. */
  mutesChanged(): void;
}

type Page<T> = { items: T[]; nextBefore: string | null };

/** What a paged list needs of its owner. */
export type PagedHost = Pick<ModerationHost, 'slices' | 'session' | 'handleError'>;

/**
 * One paged list: open(key) reads the first page for a key (a filter), more() the next; an
 * answer for an older key or an older open() is dropped.
 */
export class Paged<T extends { id: string }, K> {
  readonly view: Slice<PagedView<T, K>>;
  private readonly host: PagedHost;
  private readonly fetch: (token: string, key: K, before: string | undefined, limit: number) => Promise<Page<T>>;
  private readonly filtered: (key: K) => boolean;
  private readonly initial: PagedView<T, K>;
  /** Bumped by open() and reset(): older answers are dropped. */
  private generation = 0;
  private busy = false;

  constructor(
    host: PagedHost,
    initialKey: K,
    fetch: (token: string, key: K, before: string | undefined, limit: number) => Promise<Page<T>>,
    filtered: (key: K) => boolean = () => false,
  ) {
    this.host = host;
    this.fetch = fetch;
    this.filtered = filtered;
    this.initial = { key: initialKey, items: null, more: null, loading: false, error: null };
    this.view = new Slice(this.initial);
  }

  /** Reads the first page for `key` (what was shown for another key goes at once). */
  open(key: K): Promise<void> {
    const same = JSON.stringify(key) === JSON.stringify(this.view.get().key);
    this.generation++;
    this.busy = false;
    this.view.update((v) => (same ? { ...v, key } : { ...this.initial, key }));
    return this.page(undefined);
  }

  /** Reads the next page, if there is one and none is on its way. */
  more(): Promise<void> {
    const v = this.view.get();
    if (this.busy || v.more === null) return Promise.resolve();
    return this.page(v.more);
  }

  /** Changes the items shown (an action's answer). */
  update(fn: (items: readonly T[]) => readonly T[]): void {
    this.view.update((v) => (v.items ? { ...v, items: fn(v.items) } : v));
  }

  reset(): void {
    this.generation++;
    this.busy = false;
    this.view.set(this.initial);
  }

  private async page(before: string | undefined): Promise<void> {
    const s = this.host.session();
    const generation = this.generation;
    const key = this.view.get().key;
    this.busy = true;
    this.view.update((v) => ({ ...v, loading: true, error: null }));
    const current = () => s === this.host.session() && generation === this.generation;
    try {
      const page = await this.fetch(this.host.slices.session.token(), key, before, MODERATION_PAGE);
      if (!current()) return;
      const more = nextCursor(page, page.items.length, MODERATION_PAGE, this.filtered(key));
      this.view.update((v) => ({
        ...v,
        items: before === undefined || !v.items ? page.items : appendPage(v.items, page.items),
        more,
        loading: false,
      }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (current()) this.view.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    } finally {
      if (current()) this.busy = false;
    }
  }
}

const NO_STAFF: StaffListView = { staff: null, loading: false, error: null, changing: {} };
const NO_ROLE: RoleView = { role: null, loaded: false };
const NO_SUSPENSIONS: SuspensionsView = { suspensions: null, loading: false, error: null, lifting: {} };

export class ModerationActions {
  /** The user's server role. */
  readonly role = new Slice<RoleView>(NO_ROLE);
  /** The user's own reports. */
  readonly mine: Paged<Report, null>;
  /** The moderation queue. */
  readonly queue: Paged<ModerationReport, QueueFilter>;
  /** The queue's reports with an action on its way. */
  readonly acting = new Slice<Acting>({});
  /** The audit log: all of it (key null) or a group's. */
  readonly audit: Paged<AuditEntry, string | null>;
  /** The server's staff. */
  readonly staff = new Slice<StaffListView>(NO_STAFF);
  /** The accounts suspended now (staff). */
  readonly suspensions = new Slice<SuspensionsView>(NO_SUSPENSIONS);

  private readonly host: ModerationHost;
  private readonly unsubscribe: () => void;
  private roleMark = 0;
  private staffMark = 0;
  private suspensionsMark = 0;

  constructor(host: ModerationHost) {
    this.host = host;
    const api = host.api;
    this.mine = new Paged<Report, null>(host, null, async (token, _key, before, limit) => {
      const page = readReportPage(await api.myReports(token, before, limit));
      return { items: page.reports, nextBefore: page.nextBefore };
    });
    this.queue = new Paged<ModerationReport, QueueFilter>(
      host,
      OPEN_REPORTS,
      async (token, f, before, limit) => {
        const query = {
          ...(f.status ? { status: f.status } : {}),
          ...(f.category ? { category: f.category } : {}),
          ...(f.chatId ? { chatId: f.chatId } : {}),
          ...(before ? { before } : {}),
          limit,
        };
        const page = readQueuePage(await api.moderationQueue(token, query));
        return { items: page.reports, nextBefore: page.nextBefore };
      },
      // A group's view leaves out the reports that are not of its messages after paging.
      (f) => f.chatId !== null,
    );
    this.audit = new Paged<AuditEntry, string | null>(host, null, async (token, chatId, before, limit) => {
      const page = readAuditPage(await api.auditLog(token, { ...(chatId ? { chatId } : {}), ...(before ? { before } : {}), limit }));
      return { items: page.entries, nextBefore: page.nextBefore };
    });
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.roleMark++;
    this.staffMark++;
    this.role.set(NO_ROLE);
    this.mine.reset();
    this.queue.reset();
    this.acting.set({});
    this.audit.reset();
    this.staff.set(NO_STAFF);
    this.suspensionsMark++;
    this.suspensions.set(NO_SUSPENSIONS);
  }

  destroy(): void {
    this.unsubscribe();
    for (const s of [this.role, this.mine.view, this.queue.view, this.acting, this.audit.view, this.staff, this.suspensions]) s.clearListeners();
  }

  /** Reads the user's server role. Quiet: a failure leaves it as it was. */
  async loadRole(): Promise<void> {
    const s = this.host.session();
    const mark = ++this.roleMark;
    try {
      const role = readRole(await this.host.api.moderationRole(this.host.slices.session.token()));
      if (s === this.host.session() && mark === this.roleMark) this.role.set({ role, loaded: true });
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
    }
  }

  /**
   * Sends a report; resolves with it as the server has it once it does (and it joins the user's
   * reports). Throws the server's refusal (moderation.ts reportErrorText says it).
   */
  async report(request: ReportRequest): Promise<Report | null> {
    const s = this.host.session();
    try {
      const report = readReport(await this.host.api.report(this.host.slices.session.token(), request));
      if (s !== this.host.session()) return report;
      if (report) this.mine.update((items) => withReport(items, report));
      if (request.block) this.host.blocksChanged();
      return report;
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * Dismisses a report of the queue, deletes its message for everyone, or acts on its person:
   * suspends them (staff; for `durationSeconds`, absent: until lifted), warns them (the reason is
   * what they read), mutes them (for `durationSeconds`, the server's default an hour), or
   * removes them from the report's group (its owner and admins; the group's members hear it as
   * any removal), with a reason kept in the audit log; the card shows the report the server
   * answers, and suspensions or mutes read before are read again.
   * Throws the refusal (409: it was closed already; 403: not an admin of the group; 400: not a
   * report of a message in a group; moderation.ts actionErrorText says it).
   */
  async act(reportId: string, action: ReportActionName, reason = '', durationSeconds?: number): Promise<void> {
    const s = this.host.session();
    this.acting.update((a) => ({ ...a, [reportId]: action }));
    try {
      const answer = readModerationReport(
        await this.host.api.actOnReport(
          this.host.slices.session.token(),
          reportId,
          action,
          reason.trim() || undefined,
          action === 'suspend' || action === 'mute' ? durationSeconds : undefined,
        ),
      );
      if (s !== this.host.session() || !answer) return;
      if (action === 'suspend' && this.suspensions.get().suspensions !== null) void this.loadSuspensions();
      if (action === 'mute') this.host.mutesChanged();
      // The answer's context is the same as the card's; what it lacks is kept.
      this.queue.update((items) =>
        items.map((r) => (r.id === answer.id ? { ...answer, context: answer.context.length > 0 ? answer.context : r.context } : r)),
      );
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) {
        const { [reportId]: _done, ...rest } = this.acting.get();
        this.acting.set(rest);
      }
    }
  }

  /** Reads the staff (staff only). Quiet; the failure is kept in the view. */
  async loadStaff(): Promise<void> {
    const s = this.host.session();
    const mark = ++this.staffMark;
    this.staff.update((v) => ({ ...v, loading: true, error: null }));
    try {
      const staff = readStaff(await this.host.api.staff(this.host.slices.session.token()));
      if (s === this.host.session() && mark === this.staffMark) this.staff.update((v) => ({ ...v, staff, loading: false }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (mark === this.staffMark) this.staff.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    }
  }

  /**
   * Gives `userId` a server role, or takes it ('none'); administrators only. Shows the staff the
   * server answers; throws its refusal.
   */
  async setRole(userId: string, role: ServerRole | 'none', reason = ''): Promise<void> {
    const s = this.host.session();
    const mark = ++this.staffMark;
    this.staff.update((v) => ({ ...v, changing: { ...v.changing, [userId]: true } }));
    try {
      const staff = readStaff(await this.host.api.setServerRole(this.host.slices.session.token(), userId, role, reason.trim() || undefined));
      if (s !== this.host.session()) return;
      if (mark === this.staffMark) this.staff.update((v) => ({ ...v, staff, loading: false, error: null }));
      // The user's own role changed: what they may see changes too.
      if (userId === this.host.slices.session.get().user?.id) void this.loadRole();
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) {
        this.staff.update((v) => {
          const { [userId]: _done, ...rest } = v.changing;
          return { ...v, changing: rest };
        });
      }
    }
  }

  /** Reads the accounts suspended now (staff only). Quiet; the failure is kept in the view. */
  async loadSuspensions(): Promise<void> {
    const s = this.host.session();
    const mark = ++this.suspensionsMark;
    this.suspensions.update((v) => ({ ...v, loading: true, error: null }));
    try {
      const suspensions = readSuspensions(await this.host.api.suspensions(this.host.slices.session.token()));
      if (s === this.host.session() && mark === this.suspensionsMark) this.suspensions.update((v) => ({ ...v, suspensions, loading: false }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (mark === this.suspensionsMark) this.suspensions.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    }
  }

  /**
   * Lifts `userId`'s suspension (staff), with a reason kept in the audit log; the person leaves
   * the list. A 404 (lifted already, or it ended) leaves it too, and is thrown like any refusal.
   */
  async lift(userId: string, reason = ''): Promise<void> {
    const s = this.host.session();
    this.suspensionsMark++;
    this.suspensions.update((v) => ({ ...v, lifting: { ...v.lifting, [userId]: true } }));
    const drop = () =>
      this.suspensions.update((v) => ({ ...v, suspensions: v.suspensions ? v.suspensions.filter((x) => x.userId !== userId) : v.suspensions }));
    try {
      await this.host.api.unsuspendUser(this.host.slices.session.token(), userId, reason.trim() || undefined);
      if (s === this.host.session()) drop();
    } catch (err) {
      if (s !== this.host.session()) throw err;
      if (err instanceof ApiError && err.status === 404) drop();
      this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) {
        this.suspensions.update((v) => {
          const { [userId]: _done, ...rest } = v.lifting;
          return { ...v, lifting: rest };
        });
      }
    }
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    // A role given or taken while away: read again on every (re)connect.
    if (e.type === 'connected') void this.loadRole();
  }
}
