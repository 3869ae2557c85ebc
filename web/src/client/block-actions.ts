// The people the user blocked, applied to the client's state: loaded on every connect (signing
// in included: the first connect follows it), again when any of the user's devices blocks or
// unblocks someone (blocks:updated; the event's own change shows at once, the list read after it
// brings the server's), and changed by block() and unblock(), which wait for the server (the UI
// asks first, and says "Blocking…") and show the list it answers. A load that was on its way
// when newer news came (a change's answer) is dropped. Used by ChatStore (its `blocks`); the pure
// rules are in blocks.ts.
import type { ChatApi } from './api';
import { blockedIds, readBlocks, withBlocked, withoutBlocked } from './blocks';
import { errorMessage } from './errors';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { BlockedUser, BlocksUpdatedEvent, RealtimeEvent, User } from './types';

export interface BlocksView {
  /** The people blocked, the latest first; null until loaded. */
  blocks: readonly BlockedUser[] | null;
  /** Their ids (empty until loaded). */
  ids: ReadonlySet<string>;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** The people with a change on its way: true while being blocked, false while being unblocked. */
  changing: Readonly<Record<string, boolean>>;
}

const NOBODY: ReadonlySet<string> = new Set();
const INITIAL: BlocksView = { blocks: null, ids: NOBODY, loading: false, loadError: null, changing: {} };

export interface BlocksHost {
  readonly api: ChatApi;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session' | 'users'>;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

export class BlockActions {
  readonly view = new Slice<BlocksView>(INITIAL);

  private readonly host: BlocksHost;
  private readonly unsubscribe: () => void;
  /** Orders loads against changes' answers: an older load is dropped. */
  private mark = 0;
  private applied = 0;
  /** Loads on their way. */
  private loading = 0;

  constructor(host: BlocksHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets the list (the session ended). */
  reset(): void {
    this.applied = ++this.mark;
    this.loading = 0;
    this.view.set(INITIAL);
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
  }

  /** The people blocked (null until loaded). */
  list(): readonly BlockedUser[] | null {
    return this.view.get().blocks;
  }

  /** Whether the user blocked `userId` (false until the list is loaded). */
  isBlocked(userId: string): boolean {
    return this.view.get().ids.has(userId);
  }

  /** Reads the list from the server. Failures are quiet (a 401 ends the session), and kept in loadError. */
  async load(): Promise<void> {
    const s = this.host.session();
    const mark = ++this.mark;
    this.loading++;
    this.patch({ loading: true, loadError: null });
    try {
      const answer = readBlocks(await this.host.api.getBlocks(this.host.slices.session.token()));
      if (s !== this.host.session()) return;
      if (mark >= this.applied) this.show(answer, mark);
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patch({ loadError: errorMessage(err) });
    } finally {
      if (s === this.host.session() && --this.loading === 0) this.patch({ loading: false });
    }
  }

  /** Blocks `userId`; resolves once the server has it. Throws its refusal (blocks.ts blockErrorText says it). */
  block(userId: string): Promise<void> {
    return this.change(userId, true);
  }

  /** Unblocks `userId`; resolves once the server has it. Throws its refusal. */
  unblock(userId: string): Promise<void> {
    return this.change(userId, false);
  }

  private async change(userId: string, blocked: boolean): Promise<void> {
    const s = this.host.session();
    const mark = ++this.mark;
    this.patch({ changing: { ...this.view.get().changing, [userId]: blocked } });
    try {
      const answer = readBlocks(await this.host.api.setBlocked(this.host.slices.session.token(), userId, blocked));
      if (s !== this.host.session()) return;
      if (mark >= this.applied) this.show(answer, mark);
      // An answer overtaken by newer news: what the server has now is read again, unless a
      // load that will bring it is on its way already (blocks:updated usually comes first).
      else if (this.loading === 0) void this.load();
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) {
        const { [userId]: _done, ...rest } = this.view.get().changing;
        this.patch({ changing: rest });
      }
    }
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    if (e.type === 'connected') {
      // Blocks made elsewhere while away were not heard: the list is read again.
      void this.load();
    } else if (e.type === 'blocks_updated') {
      this.heard(e.event);
      void this.load();
    }
  }

  /** blocks:updated: shown at once where the list is loaded (the load after brings the server's). */
  private heard(e: BlocksUpdatedEvent): void {
    const held = this.view.get().blocks;
    if (!held || typeof e.userId !== 'string') return;
    if (!e.blocked) {
      this.show(withoutBlocked(held, e.userId), ++this.mark);
      return;
    }
    if (held.some((b) => b.user.id === e.userId)) return;
    const known: User | undefined = this.host.slices.users.get()[e.userId];
    const user = known ?? { id: e.userId, name: '', email: '' };
    this.show(withBlocked(held, user, typeof e.at === 'string' ? e.at : new Date().toISOString()), ++this.mark);
  }

  private show(blocks: BlockedUser[], mark: number): void {
    this.applied = Math.max(this.applied, mark);
    this.patch({ blocks, ids: blockedIds(blocks), loadError: null });
  }

  private patch(patch: Partial<BlocksView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}
