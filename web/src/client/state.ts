// The shape of the client's state (the whole of it, as ChatStore.getState() composes it from the
// slices) and the pure transitions of one chat's message state, used by the store (store.ts),
// its synchronisation (sync.ts) and the slices. No I/O here.
import { t } from '../i18n/core';
import { contiguousSeq, maxSeq, mergeMessages } from './messages';
import type { Chat, ChatMessage, ConnectionState, User, ViewMessage } from './types';

export interface ChatMessagesState {
  items: ViewMessage[];
  /** The newest page has been fetched. */
  loaded: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Every stored message from the oldest held up to this seq is held. */
  syncedSeq: number;
  /**
   * The messages held were put back from the offline snapshot and have not been caught up with
   * the server this session: newer ones may be missing and statuses may be old.
   */
  cached: boolean;
  /**
   * The chat's changeSeq (edits, deletions, pins, hidden messages) up to which the messages
   * held are current: the change feed (chat:changes) is read from here after a reconnect.
   */
  changeSeq: number;
  /**
   * A stretch of older history fetched around a message far back (a reply's original), apart
   * from `items` (a gap between them): shown instead of the newest messages while set, grown
   * page by page either way, and merged into `items` once it reaches them.
   */
  window?: HistoryWindow | null;
}

export interface HistoryWindow {
  items: ViewMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
}

export interface AuthState {
  status: 'anonymous' | 'authenticated';
  token: string | null;
  user: User | null;
  /** Why the user is back at the login page (expired or revoked session). */
  notice: string | null;
}

export interface ChatState {
  auth: AuthState;
  connection: ConnectionState;
  /** The chat list has been fetched at least once this session. */
  ready: boolean;
  users: Readonly<Record<string, User>>;
  chats: Readonly<Record<string, Chat>>;
  /** Groups the user is no longer in (kept read-only). */
  left: Readonly<Record<string, true>>;
  messages: Readonly<Record<string, ChatMessagesState>>;
  pinned: Readonly<Record<string, ChatMessage[]>>;
  activeChatId: string | null;
  toast: { id: number; text: string } | null;
}

export const TOKEN_KEY = 'parley.token';
export const USER_KEY = 'parley.user';
/** Why the last session ended, kept so a reload of the login page still says it. */
export const NOTICE_KEY = 'parley.notice';
export const expiredNotice = () => t('app.session.expired');
/** Shown when this session was signed out while open (here in another tab, or elsewhere). */
export const signedOutNotice = () => t('app.session.signedOut');
/** Said on the sign-in page when the server signed the user out because their account was suspended. */
export const suspendedNotice = () => t('app.session.suspended');

export const EMPTY_MESSAGES: ChatMessagesState = {
  items: [],
  loaded: false,
  hasOlder: true,
  loadingOlder: false,
  syncedSeq: 0,
  cached: false,
  changeSeq: 0,
};

export function isUser(v: unknown): v is User {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.name === 'string' && typeof o.email === 'string';
}

/** Pinned messages, the latest pin first. */
export function sortPinned(list: ChatMessage[]): ChatMessage[] {
  return [...list].sort((a, b) => ((b.pinnedAt ?? '') < (a.pinnedAt ?? '') ? -1 : 1));
}

/**
 * The newest page arrived (it is complete up to its last seq). When the messages held already
 * (the offline snapshot's) end before the page begins, they are dropped: a gap between them
 * would never be filled, older pages being asked for before the oldest held message.
 * `changeSeq`: the chat's changeSeq known before the page was asked for (the page is at least
 * that current); messages kept from before are only as current as the changeSeq held.
 */
export function withNewestPage(
  st: ChatMessagesState,
  page: ChatMessage[],
  pageSize: number,
  changeSeq?: number,
): ChatMessagesState {
  const first = page[0]?.seq ?? 0;
  const apart = st.loaded && first > st.syncedSeq + 1;
  const held = apart ? st.items.filter((m) => m.pending || m.failed !== undefined) : st.items;
  const items = mergeMessages(held, page);
  return {
    ...st,
    items,
    loaded: true,
    hasOlder: st.loaded && !apart ? st.hasOlder : page.length >= pageSize,
    syncedSeq: contiguousSeq(items, Math.max(apart ? 0 : st.syncedSeq, maxSeq(page))),
    cached: false,
    changeSeq: changeSeq === undefined ? st.changeSeq : st.loaded && !apart ? Math.min(st.changeSeq, changeSeq) : changeSeq,
  };
}

/** A catch-up page (after_seq = syncedSeq) arrived: complete up to its last seq. */
export function withNewerPage(st: ChatMessagesState, page: ChatMessage[]): ChatMessagesState {
  const items = mergeMessages(st.items, page);
  return { ...st, items, syncedSeq: contiguousSeq(items, Math.max(st.syncedSeq, maxSeq(page))) };
}

/** A page before the oldest held message arrived. */
export function withOlderPage(st: ChatMessagesState, page: ChatMessage[], pageSize: number): ChatMessagesState {
  return { ...st, items: mergeMessages(st.items, page), hasOlder: page.length >= pageSize, loadingOlder: false };
}

/** A live message arrived; `gap` when some before it are missing and a catch-up is due. */
export function withLiveMessage(st: ChatMessagesState, m: ChatMessage): { next: ChatMessagesState; gap: boolean } {
  const items = mergeMessages(st.items, [m]);
  if (!st.loaded) return { next: { ...st, items }, gap: false };
  if (m.seq > st.syncedSeq + 1) return { next: { ...st, items }, gap: true };
  return { next: { ...st, items, syncedSeq: contiguousSeq(items, st.syncedSeq) }, gap: false };
}

/** The oldest held message the server has (pending ones aside), for the gap's end. */
function oldestSeq(items: readonly ViewMessage[]): number {
  for (const m of items) if (!m.pending && m.failed === undefined) return m.seq;
  return Number.POSITIVE_INFINITY;
}

/** Merges a window into `items` when nothing lies between them. */
function joinWindow(st: ChatMessagesState): ChatMessagesState {
  const w = st.window;
  if (!w) return st;
  if (maxSeq(w.items) + 1 < oldestSeq(st.items) && st.items.some((m) => !m.pending && m.failed === undefined)) return st;
  return { ...st, items: mergeMessages(st.items, w.items), hasOlder: w.hasOlder, window: null };
}

/**
 * The page around a message (history `around=`) arrived: merged into the messages held when
 * it reaches them, else held as a window apart from them.
 */
export function withAroundPage(st: ChatMessagesState, page: ChatMessage[]): ChatMessagesState {
  if (page.length === 0) return st;
  const hasOlder = (page[0]?.seq ?? 1) > 1;
  const w: HistoryWindow = { items: mergeMessages([], page), hasOlder, loadingOlder: false, loadingNewer: false };
  return joinWindow({ ...st, window: w });
}

/** A page before the window's oldest message arrived. */
export function withWindowOlder(st: ChatMessagesState, page: ChatMessage[], pageSize: number): ChatMessagesState {
  const w = st.window;
  if (!w) return st;
  return { ...st, window: { ...w, items: mergeMessages(w.items, page), hasOlder: page.length >= pageSize, loadingOlder: false } };
}

/** A page after the window's newest message arrived: the window joins `items` once it reaches them. */
export function withWindowNewer(st: ChatMessagesState, page: ChatMessage[], pageSize: number): ChatMessagesState {
  const w = st.window;
  if (!w) return st;
  const next = { ...st, window: { ...w, items: mergeMessages(w.items, page), loadingNewer: false } };
  // A short page reached the newest message: nothing can lie between the window and `items`.
  if (page.length < pageSize) return { ...next, items: mergeMessages(st.items, next.window.items), hasOlder: w.hasOlder, window: null };
  return joinWindow(next);
}

/** Applies one list transition to the messages held and to the window, if any. */
export function mapLists(st: ChatMessagesState, fn: (items: ViewMessage[]) => ViewMessage[]): ChatMessagesState {
  const items = fn(st.items);
  const w = st.window;
  const wItems = w ? fn(w.items) : undefined;
  if (items === st.items && (!w || wItems === w.items)) return st;
  return { ...st, items, ...(w && wItems ? { window: { ...w, items: wItems } } : {}) };
}
