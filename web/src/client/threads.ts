// Replies, quotes and threads as the client sees them, pure: which messages belong to the
// chat's timeline (a thread reply not also sent to the chat belongs to its thread only), what
// a reply's preview of the message it answers becomes when that message is edited or deleted
// (the server computes previews when a reply is read, so one held goes stale otherwise), a
// thread root's summary, a thread's replies as the panel shows them, and the list of followed
// threads with their unread counts. No I/O here: thread-actions.ts applies these to the slices.
import { isThreadOnly, mergeMessages } from './messages';
import type { ChatMessage, FollowedThread, ReplyPreview, ThreadSummary, ViewMessage } from './types';

/** How much of the answered message a reply's preview shows (code points; the server's kReplyExcerptChars). */
export const REPLY_EXCERPT_CHARS = 160;
/** The longest quote the server takes (its max_quote_chars default). */
export const MAX_QUOTE_CHARS = 1000;

/** The start of a message's text, as a reply's preview shows it. */
export function excerptOf(content: string): string {
  const chars = [...content];
  return chars.length <= REPLY_EXCERPT_CHARS ? content : chars.slice(0, REPLY_EXCERPT_CHARS).join('');
}

/** The preview of `m` (sent by `senderName`) for a reply written now. */
export function previewOf(m: ChatMessage, senderName: string): ReplyPreview {
  return { id: m.id, senderId: m.senderId, senderName, excerpt: m.deleted ? '' : excerptOf(m.content), deleted: m.deleted === true };
}

/** The messages of the chat's timeline: neither those the user hid nor thread-only replies (the same array when none is). */
export function timelineMessages(items: ViewMessage[]): ViewMessage[] {
  return items.some((m) => m.hidden || isThreadOnly(m)) ? items.filter((m) => !m.hidden && !isThreadOnly(m)) : items;
}

/** What became of an answered message: its text now, or deleted. */
export interface TargetChange {
  content: string;
  deleted: boolean;
}

/** The changes of these stored copies (an edit, a deletion, a page of the change feed), by id. */
export function targetChanges(messages: readonly ChatMessage[]): Map<string, TargetChange> {
  return new Map(messages.filter((m) => !m.hidden).map((m) => [m.id, { content: m.content, deleted: m.deleted === true }]));
}

/** The ids deleted for everyone (message:deleted), as changes. */
export function deletedTargets(ids: readonly string[]): Map<string, TargetChange> {
  return new Map(ids.map((id) => [id, { content: '', deleted: true }]));
}

/**
 * The replies in `items` that answer a changed message show it as it is now: the new excerpt,
 * or "deleted" with the quote gone. Returns `items` itself when no reply changes.
 */
export function withReplyTargets(items: ViewMessage[], changes: ReadonlyMap<string, TargetChange>): ViewMessage[] {
  if (changes.size === 0) return items;
  let changed = false;
  const out = items.map((m) => {
    const c = m.replyToId ? changes.get(m.replyToId) : undefined;
    if (!c || !m.replyTo) return m;
    const prev = m.replyTo;
    if (c.deleted) {
      if (prev.deleted && m.quote === undefined) return m;
      changed = true;
      const next: ViewMessage = { ...m, replyTo: { ...prev, excerpt: '', deleted: true } };
      delete next.quote;
      return next;
    }
    const excerpt = excerptOf(c.content);
    if (!prev.deleted && prev.excerpt === excerpt) return m;
    changed = true;
    return { ...m, replyTo: { ...prev, excerpt, deleted: false } };
  });
  return changed ? out : items;
}

/** `rootId`'s summary is `thread` now (in whichever list holds the root). */
export function withThreadSummary(items: ViewMessage[], rootId: string, thread: ThreadSummary): ViewMessage[] {
  let changed = false;
  const out = items.map((m) => {
    if (m.id !== rootId || sameSummary(m.thread, thread)) return m;
    changed = true;
    return { ...m, thread };
  });
  return changed ? out : items;
}

function sameSummary(a: ThreadSummary | undefined, b: ThreadSummary): boolean {
  return (
    a !== undefined &&
    a.replyCount === b.replyCount &&
    a.lastReplyAt === b.lastReplyAt &&
    a.participants.length === b.participants.length &&
    a.participants.every((p, i) => p === b.participants[i])
  );
}

/** One thread as the client holds it. */
export interface ThreadState {
  chatId: string;
  /** The root as thread:history last gave it (the chat's copy, when held, is newer). */
  root: ViewMessage | null;
  /** Replies fetched (thread:history) or heard live, oldest first. */
  replies: ViewMessage[];
  loaded: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Why it could not be loaded (a deleted root, no access). */
  error?: string;
}

export const EMPTY_THREAD: ThreadState = { chatId: '', root: null, replies: [], loaded: false, hasOlder: false, loadingOlder: false };

/**
 * The thread's replies as its panel shows them: those fetched, and those of the chat held (its
 * live replies, the user's own pending ones, their edits), merged; hidden ones left out.
 */
export function threadReplies(thread: ThreadState | undefined, chatItems: readonly ViewMessage[], rootId: string): ViewMessage[] {
  const own = chatItems.filter((m) => m.threadRootId === rootId);
  const all = mergeMessages(thread?.replies ?? [], own);
  return all.some((m) => m.hidden) ? all.filter((m) => !m.hidden) : all;
}

/** The threads the user follows, latest reply first. */
export interface FollowedState {
  loaded: boolean;
  threads: FollowedThread[];
  /** The cursor of the next page, null on the last. */
  next: string | null;
}

export const EMPTY_FOLLOWED: FollowedState = { loaded: false, threads: [], next: null };

/** Unread replies over every followed thread. */
export function followedUnread(s: FollowedState): number {
  let n = 0;
  for (const t of s.threads) n += t.unread;
  return n;
}

function lastReplyAt(t: FollowedThread): string {
  return t.root.thread?.lastReplyAt ?? t.root.createdAt;
}

function sortFollowed(list: FollowedThread[]): FollowedThread[] {
  return [...list].sort((a, b) => (lastReplyAt(a) < lastReplyAt(b) ? 1 : lastReplyAt(a) > lastReplyAt(b) ? -1 : 0));
}

/** Changes one followed thread (nothing when it is not in the list). */
function patchFollowed(s: FollowedState, rootId: string, fn: (t: FollowedThread) => FollowedThread): FollowedState {
  const i = s.threads.findIndex((t) => t.root.id === rootId);
  const t = s.threads[i];
  if (!t) return s;
  const next = fn(t);
  if (next === t) return s;
  const threads = [...s.threads];
  threads[i] = next;
  return { ...s, threads: sortFollowed(threads) };
}

/** A reply from someone else was posted in a followed thread (heard live, not read yet). */
export function withFollowedReply(s: FollowedState, reply: ChatMessage): FollowedState {
  const rootId = reply.threadRootId;
  if (!rootId) return s;
  return patchFollowed(s, rootId, (t) => (reply.seq <= t.readSeq ? t : { ...t, unread: t.unread + 1 }));
}

/** The thread's summary changed (thread:updated, thread:read). */
export function withFollowedSummary(s: FollowedState, rootId: string, thread: ThreadSummary): FollowedState {
  return patchFollowed(s, rootId, (t) => (sameSummary(t.root.thread, thread) ? t : { ...t, root: { ...t.root, thread } }));
}

/** The user read the thread up to `readSeq`, `unread` left (thread:read, or its acknowledgement). */
export function withFollowedRead(s: FollowedState, rootId: string, readSeq: number, unread: number): FollowedState {
  return patchFollowed(s, rootId, (t) => (readSeq < t.readSeq ? t : t.readSeq === readSeq && t.unread === unread ? t : { ...t, readSeq, unread }));
}

/** The root itself changed (an edit, a deletion): the list shows it as it is now. */
export function withFollowedRoots(s: FollowedState, roots: readonly ChatMessage[]): FollowedState {
  let next = s;
  for (const r of roots) {
    next = patchFollowed(next, r.id, (t) => ({ ...t, root: { ...r, thread: r.thread ?? t.root.thread } }));
  }
  return next;
}

/** A page of threads:list: the first replaces the list, later ones add to it. */
export function withFollowedPage(s: FollowedState, page: FollowedThread[], next: string | null, first: boolean): FollowedState {
  const byRoot = new Map<string, FollowedThread>();
  for (const t of first ? [] : s.threads) byRoot.set(t.root.id, t);
  for (const t of page) byRoot.set(t.root.id, t);
  return { loaded: true, threads: sortFollowed([...byRoot.values()]), next };
}

/** Stopped following a thread: it leaves the list. */
export function withoutFollowed(s: FollowedState, rootId: string): FollowedState {
  const threads = s.threads.filter((t) => t.root.id !== rootId);
  return threads.length === s.threads.length ? s : { ...s, threads };
}
