// Pure functions over a chat's message list, the rules that keep it right whatever order
// history pages, live events, acknowledgements and retries arrive in:
//  - one entry per message: matched by id, and a pending message of one's own by its
//    clientMessageId when the stored copy arrives;
//  - ordered by seq, pending messages last in the order they were written;
//  - a message's status only goes up (SENT < DELIVERED < READ);
//  - a deletion (for everyone, or for oneself: hidden) is for good, and an edit is not undone
//    by an older copy of the message (a page fetched before it): the higher editCount wins;
//  - reactions are not undone by an older copy either (the higher changeSeq wins), nor by a
//    copy without them (reactions.ts: reactionsKept).
// Every function returns a new array and leaves its input untouched, so React can compare by
// reference.
import { reactionsKept } from './reactions';
import type { ChatMessage, MessageStatus, SendRefusal, ViewMessage } from './types';

const RANK: Record<MessageStatus, number> = { SENT: 0, DELIVERED: 1, READ: 2 };

export function statusRank(s: MessageStatus): number {
  return RANK[s] ?? 0;
}

/** The higher of two statuses. */
export function maxStatus(a: MessageStatus, b: MessageStatus): MessageStatus {
  return statusRank(b) > statusRank(a) ? b : a;
}

export function pendingId(clientMessageId: string): string {
  return `local:${clientMessageId}`;
}

function compare(a: ViewMessage, b: ViewMessage): number {
  const ap = a.pending || a.failed !== undefined ? 1 : 0;
  const bp = b.pending || b.failed !== undefined ? 1 : 0;
  if (ap !== bp) return ap - bp;
  if (ap === 0 && a.seq !== b.seq) return a.seq - b.seq;
  if (ap === 1 && (a.localOrder ?? 0) !== (b.localOrder ?? 0)) return (a.localOrder ?? 0) - (b.localOrder ?? 0);
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The stored copy `next` of a message already held as `prev`, keeping the higher status, the
 * later edit, and a deletion or hiding already known (copies that say less come from before).
 */
function combine(prev: ViewMessage, next: ChatMessage): ViewMessage {
  const out: ViewMessage = { ...next, status: maxStatus(prev.status, next.status) };
  if (prev.deleted && !next.deleted) {
    out.deleted = true;
    out.deletedAt = prev.deletedAt;
    out.deletedBy = prev.deletedBy;
    out.content = prev.content;
    delete out.attachments;
    delete out.caption;
    out.isPinned = false;
    out.pinnedAt = null;
    out.pinnedBy = null;
  } else if (!next.deleted && (prev.editCount ?? 0) > (next.editCount ?? 0)) {
    out.content = prev.content;
    if (prev.caption !== undefined) out.caption = prev.caption;
    out.editedAt = prev.editedAt;
    out.editCount = prev.editCount;
  }
  // A tombstone has no files (whatever copy says otherwise).
  if (out.deleted) {
    delete out.attachments;
    delete out.caption;
  }
  if (prev.hidden && !next.hidden) {
    out.hidden = true;
    out.content = prev.content;
  }
  // A thread's summary only grows; an answered message's deletion is for good.
  if (prev.thread && (next.thread?.replyCount ?? 0) < prev.thread.replyCount) out.thread = prev.thread;
  if (prev.replyTo?.deleted && next.replyTo && !next.replyTo.deleted) {
    out.replyTo = prev.replyTo;
    delete out.quote;
  }
  const kept = reactionsKept(prev, next);
  if (kept.reactions !== undefined) out.reactions = kept.reactions;
  if (kept.changeSeq !== undefined) out.changeSeq = kept.changeSeq;
  return out;
}

/**
 * Merges stored messages (a history page, a live event, an acknowledgement) into `list`.
 * Messages from other chats are the caller's business: this merges whatever it is given.
 */
export function mergeMessages(list: readonly ViewMessage[], incoming: readonly ChatMessage[]): ViewMessage[] {
  if (incoming.length === 0) return list as ViewMessage[];
  const byId = new Map<string, ViewMessage>();
  const pendingByClientId = new Map<string, string>();
  for (const m of list) {
    byId.set(m.id, m);
    if ((m.pending || m.failed !== undefined) && m.clientMessageId) pendingByClientId.set(m.clientMessageId, m.id);
  }
  for (const m of incoming) {
    if (m.clientMessageId) {
      const localId = pendingByClientId.get(m.clientMessageId);
      if (localId !== undefined) {
        const local = byId.get(localId);
        byId.delete(localId);
        pendingByClientId.delete(m.clientMessageId);
        if (local) {
          const existing = byId.get(m.id);
          byId.set(m.id, combine(existing ?? { ...local, pending: false }, m));
          continue;
        }
      }
    }
    const existing = byId.get(m.id);
    byId.set(m.id, existing ? combine(existing, m) : { ...m });
  }
  return [...byId.values()].sort(compare);
}

/**
 * Adds a message of one's own that the server has not stored yet: pending, or (with `failed`
 * set) one it refused that this device kept (held for review, held.ts).
 */
export function addPending(list: readonly ViewMessage[], m: ViewMessage): ViewMessage[] {
  if (list.some((x) => x.id === m.id || (x.clientMessageId !== null && x.clientMessageId === m.clientMessageId))) {
    return list as ViewMessage[];
  }
  return [...list, m.failed === undefined ? { ...m, pending: true } : m].sort(compare);
}

/**
 * Marks the pending message with this clientMessageId as refused by the server; `refusal`: it was
 * moderation (a message held for review stays, to become the delivered one if approved: its
 * stored copy comes with the same clientMessageId).
 */
export function markFailed(list: readonly ViewMessage[], clientMessageId: string, reason: string, refusal?: SendRefusal): ViewMessage[] {
  return list.map((m) =>
    m.clientMessageId === clientMessageId && m.pending ? { ...m, pending: false, failed: reason, ...(refusal ? { refusal } : {}) } : m,
  );
}

/** A message of the user's waiting for a moderator's review. */
export function isHeld(m: Pick<ViewMessage, 'refusal'>): boolean {
  return m.refusal === 'held';
}

/**
 * A moderator rejected a held message of the chat: the notice names neither the message nor its
 * text, so the one held message there is marked (`text` in its place of the reason); with
 * several held, none is (the notice still says it). Returns `list` itself when nothing changes.
 */
export function markHeldRejected(list: readonly ViewMessage[], text: string): ViewMessage[] {
  const held = list.filter(isHeld);
  if (held.length !== 1) return list as ViewMessage[];
  const target = held[0]!;
  return list.map((m) => (m === target ? { ...m, refusal: 'held_rejected' as const, failed: text } : m));
}

export function removeMessage(list: readonly ViewMessage[], id: string): ViewMessage[] {
  return list.filter((m) => m.id !== id);
}

/** Raises one message's status; never lowers it. Returns `list` itself when nothing changes. */
export function applyStatus(list: readonly ViewMessage[], messageId: string, status: MessageStatus): ViewMessage[] {
  let changed = false;
  const out = list.map((m) => {
    if (m.id !== messageId || statusRank(status) <= statusRank(m.status)) return m;
    changed = true;
    return { ...m, status };
  });
  return changed ? out : (list as ViewMessage[]);
}

/** Marks every message from others up to `seq` as READ, as chat:read does on the server. */
export function markReadUpTo(list: readonly ViewMessage[], me: string, seq: number): ViewMessage[] {
  let changed = false;
  const out = list.map((m) => {
    if (m.pending || m.senderId === me || m.seq > seq || m.status === 'READ') return m;
    changed = true;
    return { ...m, status: 'READ' as const };
  });
  return changed ? out : (list as ViewMessage[]);
}

/**
 * A thread reply not also sent to the chat: it belongs to its thread's panel, not to the
 * chat's timeline (nor to the chat's unread count or last message).
 */
export function isThreadOnly(m: Pick<ChatMessage, 'threadRootId' | 'alsoToChat'>): boolean {
  return m.threadRootId !== undefined && m.threadRootId !== '' && m.alsoToChat !== true;
}

/**
 * Messages from others in the timeline that are not READ yet (those the user deleted for
 * themself, and thread-only replies, aside: a thread counts its own).
 */
export function unreadCount(list: readonly ViewMessage[], me: string): number {
  let n = 0;
  for (const m of list) if (!m.pending && !m.hidden && m.senderId !== me && m.status !== 'READ' && !isThreadOnly(m)) n++;
  return n;
}

/** Whether some timeline message from others up to `seq` is not READ yet. */
export function hasUnreadUpTo(list: readonly ViewMessage[], me: string, seq: number): boolean {
  return list.some((m) => !m.pending && m.senderId !== me && m.seq <= seq && m.status !== 'READ' && !isThreadOnly(m));
}

/** The highest seq among stored messages, 0 when there is none. */
export function maxSeq(list: readonly ViewMessage[]): number {
  let s = 0;
  for (const m of list) if (!m.pending && m.failed === undefined && m.seq > s) s = m.seq;
  return s;
}

/**
 * The seq up to which the list is known complete: starting from `from` (already known
 * complete), the highest seq reachable through consecutive seqs present in the list.
 */
export function contiguousSeq(list: readonly ViewMessage[], from: number): number {
  const seqs = new Set<number>();
  for (const m of list) if (!m.pending && m.failed === undefined) seqs.add(m.seq);
  let s = from;
  while (seqs.has(s + 1)) s++;
  return s;
}

/** The newest stored or pending message of the timeline the user sees (not one hidden), for the chat list. */
export function lastMessage(list: readonly ViewMessage[]): ViewMessage | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m && !m.hidden && !isThreadOnly(m)) return m;
  }
  return undefined;
}

/** The oldest stored message, the anchor for loading an older page. */
export function oldestStored(list: readonly ViewMessage[]): ViewMessage | undefined {
  return list.find((m) => !m.pending && m.failed === undefined);
}
