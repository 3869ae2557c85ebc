// Threads applied to the slices: a thread's replies page by page (thread:history), reading it
// (thread:read, once per new position), following it or not (thread:follow), the list of
// followed threads (threads:list, refreshed on every connect and when a thread not listed yet
// hears a reply), and what the server pushes: replies (the `message` event with threadRootId),
// thread:updated (a root's new summary, also in the chat's messages) and thread:read (the user
// read it on some device). Edits and deletions reach the threads held through
// message-lifecycle.ts. Used by ChatStore (its `threads`), Inbound and MessageLifecycle; the
// pure transitions are in threads.ts.
import { t as translate } from '../i18n/core';
import { errorMessage } from './errors';
import { tombstone, withDeletedItems, withHiddenItems } from './lifecycle';
import { mergeMessages } from './messages';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { mapLists } from './state';
import {
  type TargetChange,
  withFollowedPage,
  withFollowedRead,
  withFollowedReply,
  withFollowedRoots,
  withFollowedSummary,
  withoutFollowed,
  withReplyTargets,
  withThreadSummary,
} from './threads';
import type { ChatMessage, DeletedEvent, ThreadReadEvent, ThreadUpdatedEvent, ViewMessage } from './types';

/** Replies per thread:history page. */
const THREAD_PAGE = 50;
/** Followed threads per threads:list page. */
const FOLLOWED_PAGE = 50;
/** A reply in a thread not listed yet asks for the list again after this long (more may follow). */
const REFRESH_DELAY_MS = 300;

export interface ThreadHost {
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  showToast(text: string): void;
}

export class ThreadActions {
  private readonly host: ThreadHost;
  /** The position each thread:read was last sent with, by root. */
  private readonly readSent = new Map<string, number>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ThreadHost) {
    this.host = host;
  }

  /** Forgets what is in flight (the session ended). */
  reset(): void {
    this.readSent.clear();
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  // ------------------------------------------------------------------------------------------
  // Reading a thread

  /** Loads the thread's root and newest replies (again, when held: what changed meanwhile). */
  async open(chatId: string, rootId: string): Promise<void> {
    const { realtime, slices } = this.host;
    const s = this.host.session();
    try {
      const ack = await realtime.request('thread:history', { rootId, limit: THREAD_PAGE });
      if (s !== this.host.session()) return;
      slices.threads.patch(rootId, chatId, (t) => ({
        ...t,
        chatId: ack.root.chatId,
        root: ack.root,
        replies: mergeMessages(t.replies, ack.replies),
        loaded: true,
        hasOlder: t.loaded ? t.hasOlder : ack.replies.length >= THREAD_PAGE,
        error: undefined,
      }));
    } catch (err) {
      if (s !== this.host.session()) return;
      slices.threads.patch(rootId, chatId, (t) => ({ ...t, loaded: true, error: errorMessage(err) }));
    }
  }

  /** Loads the replies before the oldest one held. */
  async loadOlder(rootId: string): Promise<void> {
    const { realtime, slices } = this.host;
    const t = slices.threads.entry(rootId);
    const oldest = t?.replies.find((m) => !m.pending && m.failed === undefined);
    if (!t || !t.hasOlder || t.loadingOlder || !oldest) return;
    const s = this.host.session();
    slices.threads.patch(rootId, t.chatId, (x) => ({ ...x, loadingOlder: true }));
    try {
      const ack = await realtime.request('thread:history', { rootId, beforeSeq: oldest.seq, limit: THREAD_PAGE });
      if (s !== this.host.session()) return;
      slices.threads.patch(rootId, t.chatId, (x) => ({
        ...x,
        replies: mergeMessages(x.replies, ack.replies),
        hasOlder: ack.replies.length >= THREAD_PAGE,
        loadingOlder: false,
      }));
    } catch (err) {
      if (s !== this.host.session()) return;
      slices.threads.patch(rootId, t.chatId, (x) => ({ ...x, loadingOlder: false }));
      this.host.showToast(translate('app.threadFailed', { error: errorMessage(err) }));
    }
  }

  /** The user has seen the thread's replies up to `seq` (its panel shows them). */
  markRead(rootId: string, seq: number): void {
    const { realtime, slices } = this.host;
    const listed = slices.followed.get().threads.find((t) => t.root.id === rootId);
    // Nothing new to say: the position sent (or, when listed, the server's) is there already.
    if ((this.readSent.get(rootId) ?? 0) >= seq || (listed && listed.readSeq >= seq && listed.unread === 0)) return;
    if (!realtime.isConnected()) return;
    this.readSent.set(rootId, seq);
    const s = this.host.session();
    realtime
      .request('thread:read', { rootId, seq })
      .then((ack) => {
        if (s === this.host.session()) slices.followed.update((f) => withFollowedRead(f, rootId, seq, ack.unread));
      })
      .catch(() => {
        // Sent again the next time the panel shows the thread.
        if (this.readSent.get(rootId) === seq) this.readSent.delete(rootId);
      });
  }

  /** Whether the user follows the thread, as the list of followed threads says (undefined: not known). */
  following(rootId: string): boolean | undefined {
    const f = this.host.slices.followed.get();
    if (f.threads.some((t) => t.root.id === rootId)) return true;
    return f.loaded && f.next === null ? false : undefined;
  }

  /** Follows the thread or stops following it. Throws RequestError. */
  async follow(rootId: string, follow: boolean): Promise<void> {
    const s = this.host.session();
    await this.host.realtime.request('thread:follow', { rootId, follow });
    if (s !== this.host.session()) return;
    if (follow) await this.refreshFollowed();
    else this.host.slices.followed.update((f) => withoutFollowed(f, rootId));
  }

  // ------------------------------------------------------------------------------------------
  // The followed threads

  /** The first page of followed threads, afresh. */
  async refreshFollowed(): Promise<void> {
    const { realtime, slices } = this.host;
    if (!realtime.isConnected()) return;
    const s = this.host.session();
    try {
      const ack = await realtime.request('threads:list', { limit: FOLLOWED_PAGE });
      if (s === this.host.session()) slices.followed.update((f) => withFollowedPage(f, ack.threads, ack.next ?? null, true));
    } catch {
      // Asked again on the next connect.
    }
  }

  /** The next page of followed threads. */
  async loadMoreFollowed(): Promise<void> {
    const { realtime, slices } = this.host;
    const cursor = slices.followed.get().next;
    if (!cursor) return;
    const s = this.host.session();
    const ack = await realtime.request('threads:list', { cursor, limit: FOLLOWED_PAGE });
    if (s === this.host.session()) slices.followed.update((f) => withFollowedPage(f, ack.threads, ack.next ?? null, false));
  }

  private refreshSoon(): void {
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshFollowed();
    }, REFRESH_DELAY_MS);
  }

  // ------------------------------------------------------------------------------------------
  // What the server pushes

  /**
   * A stored thread reply arrived (live, or the acknowledgement of one of the user's own);
   * `fresh` when it was not held before (so it is counted once).
   */
  onReply(m: ChatMessage, fresh: boolean): void {
    const rootId = m.threadRootId;
    if (!rootId) return;
    const { slices } = this.host;
    const held = slices.threads.entry(rootId);
    if (held) slices.threads.patch(rootId, m.chatId, (t) => ({ ...t, replies: mergeMessages(t.replies, [m]) }));
    const f = slices.followed.get();
    const listed = f.threads.some((t) => t.root.id === rootId);
    const me = slices.session.me()?.id;
    if (listed && fresh && m.senderId !== me) slices.followed.update((x) => withFollowedReply(x, m));
    // A thread the user follows now (they replied, or it is theirs) that the list does not show.
    else if (!listed && f.loaded) this.refreshSoon();
  }

  /** thread:updated: the root's new summary, wherever the root is held. */
  onUpdated(e: ThreadUpdatedEvent): void {
    const { slices } = this.host;
    slices.messages.patch(e.chatId, (st) => {
      const next = mapLists(st, (items) => withThreadSummary(items, e.rootId, e.thread));
      // Each reply is one change of the chat: the changeSeq follows when none was missed.
      return st.changeSeq + 1 === e.changeSeq ? { ...next, changeSeq: e.changeSeq } : next;
    });
    const t = slices.threads.entry(e.rootId);
    if (t?.root) {
      const [root] = withThreadSummary([t.root], e.rootId, e.thread);
      if (root && root !== t.root) slices.threads.patch(e.rootId, e.chatId, (x) => ({ ...x, root }));
    }
    slices.followed.update((f) => withFollowedSummary(f, e.rootId, e.thread));
  }

  /** thread:read: the user read the thread (on this device or another). */
  onRead(e: ThreadReadEvent): void {
    this.host.slices.followed.update((f) => withFollowedRead(withFollowedSummary(f, e.rootId, e.thread), e.rootId, e.readSeq, e.unread));
  }

  /**
   * Messages of a chat changed (edits, deletions, the change feed): the threads held show them,
   * their replies' previews follow, and the followed list shows its roots as they are now.
   */
  applyChanged(chatId: string, messages: readonly ChatMessage[], changes: ReadonlyMap<string, TargetChange>): void {
    const { slices } = this.host;
    slices.threads.mapChat(chatId, (items: ViewMessage[]) => {
      const held = new Set(items.map((m) => m.id));
      const known = messages.filter((m) => held.has(m.id));
      return withReplyTargets(known.length === 0 ? items : mergeMessages(items, known), changes);
    });
    if (messages.length > 0) slices.followed.update((f) => withFollowedRoots(f, messages));
  }

  /** message:deleted: tombstones in the threads held, previews saying so, the followed roots too. */
  applyDeleted(e: DeletedEvent): void {
    const { slices } = this.host;
    slices.threads.mapChat(e.chatId, (items) => withDeletedItems(items, e));
    const gone = new Set(e.messageIds);
    const roots = slices.followed.get().threads.filter((t) => gone.has(t.root.id) && !t.root.deleted);
    if (roots.length > 0) slices.followed.update((f) => withFollowedRoots(f, roots.map((t) => tombstone(t.root, e))));
  }

  /** Applies a list transition to the threads of a chat held (their roots and replies). */
  mapChat(chatId: string, fn: (items: ViewMessage[]) => ViewMessage[]): void {
    this.host.slices.threads.mapChat(chatId, fn);
  }

  /** The user hid messages for themself: the threads held no longer show them. */
  applyHidden(chatId: string, ids: readonly string[]): void {
    this.host.slices.threads.mapChat(chatId, (items) => withHiddenItems(items, ids));
  }
}
