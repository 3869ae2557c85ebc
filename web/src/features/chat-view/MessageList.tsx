// The scrolling list of a chat's messages. Scroll rules:
//  - opening a chat with unread messages shows the first of them at the top, under an
//    "N unread messages" divider (taken once, when the messages are first there and current —
//    those of the offline snapshot once caught up, unless the server cannot be reached — after
//    loading up to UNREAD_PAGES older pages while the oldest one held is unread); otherwise the
//    newest messages; nothing is marked read before the view is there;
//  - new messages keep the view at the bottom if it was there (or if they are one's own);
//  - whenever the view is not at the bottom, a button scrolls there, with the unread count;
//  - scrolling near the top loads the previous page, keeping the view where it was;
//  - jumping to a message (a pin, a reply's original, a search's result) scrolls it to the
//    middle and flashes it; a search's result keeps the words found marked;
//  - a window of older history (a reply's original far back, loaded around it) is shown
//    instead of the newest messages: scrolling near either end grows it by a page, the view
//    does not follow the bottom, and the scroll-to-bottom button goes back to the newest.
// The day of the messages at the top shows in a band above the list, never over a message.
// In a group, a message from someone the user blocked is folded into a compact row, "Message from
// a blocked user — Show": Show unfolds it for this view (until the chat is left), and focus goes
// to it.
import { Fragment, type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import { useChatStore, useWrittenTimes } from '../../app/store-context';
import { unreadCount } from '../../client/messages';
import { isSystem } from '../../client/groups';
import { isFolded } from '../../client/blocks';
import { userName } from '../../client/selectors';
import { messageText } from '../../client/files';
import { marksFor, type SearchHighlight } from '../../client/search';
import type { GroupRole, User, ViewMessage } from '../../client/types';
import { dayKey, dayLabel } from '../../shared/format';
import { useNow } from '../../shared/useNow';
import { matchesShortcut } from '../../shared/shortcuts';
import { MAX_QUOTE_CHARS } from '../../client/threads';
import { canReact, isStored, keyedAction, menuActions, type ActionExtra, type MessageAction } from './message-actions';
import { FoldedMessage } from './FoldedMessage';
import { MessageBubble } from './MessageBubble';
import { MessageMenu, type MenuPlace } from './MessageMenu';
import { ScrollToBottom } from './ScrollToBottom';
import { unreadLabel, unreadMark, type UnreadMark } from './unread';
import { useReadReceipts } from './useReadReceipts';
import { useT } from '../../i18n';

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 240;
/** Room left above the unread divider when a chat opens at it. */
const DIVIDER_MARGIN_PX = 8;
/** Older pages fetched at most, on opening, to find the first unread message. */
const UNREAD_PAGES = 5;

interface Props {
  chatId: string;
  items: ViewMessage[];
  me: string;
  users: Readonly<Record<string, User>>;
  loaded: boolean;
  /**
   * The messages held are current (not only the offline snapshot's, which a catch-up may add
   * to): where the chat opens is decided only then.
   */
  current: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  selecting: boolean;
  selected: ReadonlySet<string>;
  jump: { id: string; nonce: number } | null;
  onAction: (action: MessageAction, m: ViewMessage, extra?: ActionExtra) => void;
  /** A group: incoming messages name their sender; own ones have "Message info". */
  group?: boolean;
  /** The user may pin here. */
  canPin?: boolean;
  /** A group the user is no longer in: nothing to edit or delete. */
  left?: boolean;
  /** The user's role in the group (deleting others' messages for everyone). */
  role?: GroupRole;
  /** The group's own edit window (seconds; 0 or absent: the server's). */
  editWindowSeconds?: number;
  /** `items` are a window of older history, not the newest messages (see the rules above). */
  windowed?: { hasOlder: boolean; loadingOlder: boolean; loadingNewer: boolean } | null;
  /** A reply's quoted block was pressed: show the message it answers. */
  onJumpTo?: (messageId: string) => void;
  /** A message a search jumped to: its words found are marked while the search is open. */
  highlight?: SearchHighlight | null;
  /**
   * The people the user blocked: a group folds their messages, and the menu offers "Block
   * sender" or "Unblock sender"; absent: neither.
   */
  blocked?: ReadonlySet<string>;
}

const NONE_SHOWN: ReadonlySet<string> = new Set();

/** The text selected inside message `id`'s text, if the selection lies there (for "Quote selected text"). */
export function selectedQuote(root: HTMLElement | null, id: string, content: string): string | undefined {
  const sel = window.getSelection?.();
  if (!root || !sel || sel.isCollapsed || sel.rangeCount === 0) return undefined;
  const text = root.querySelector(`[data-bubble="${CSS.escape(id)}"] [data-testid="message-text"]`);
  if (!text || !sel.anchorNode || !sel.focusNode || !text.contains(sel.anchorNode) || !text.contains(sel.focusNode)) return undefined;
  const quote = sel.toString().trim();
  return quote !== '' && content.includes(quote) && [...quote].length <= MAX_QUOTE_CHARS ? quote : undefined;
}

interface Geometry {
  scrollTop: number;
  scrollHeight: number;
  atBottom: boolean;
}

/** The label of the last day separator scrolled above the top of `el`, if any. */
function dayAbove(el: HTMLElement): string | null {
  const top = el.getBoundingClientRect().top;
  let label: string | null = null;
  for (const sep of el.querySelectorAll<HTMLElement>('[data-day]')) {
    if (sep.getBoundingClientRect().bottom > top) break;
    label = sep.dataset.day ?? null;
  }
  return label;
}

export function MessageList({
  chatId,
  items,
  me,
  users,
  loaded,
  current,
  hasOlder,
  loadingOlder,
  selecting,
  selected,
  jump,
  onAction,
  group = false,
  canPin = true,
  left = false,
  role,
  editWindowSeconds,
  windowed = null,
  onJumpTo,
  highlight = null,
  blocked,
}: Props) {
  const t = useT();
  const store = useChatStore();
  const writtenTimes = useWrittenTimes();
  const now = useNow(60000);
  const scroller = useRef<HTMLDivElement>(null);
  const geom = useRef<Geometry>({ scrollTop: 0, scrollHeight: 0, atBottom: true });
  const prev = useRef<{ chatId: string; firstId?: string; lastId?: string; windowed?: boolean } | null>(null);
  const positioned = useRef<string | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [topDay, setTopDay] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  /** The open menu: its message, where, when it opened (what it offers depends on the time), the text selected in it. */
  const [menu, setMenu] = useState<{ id: string; at: MenuPlace; time: number; quote?: string } | null>(null);
  /** The folded messages unfolded in this view (of this chat). */
  const [unfolded, setUnfolded] = useState<{ chatId: string; ids: ReadonlySet<string> }>({ chatId, ids: NONE_SHOWN });
  const shown = unfolded.chatId === chatId ? unfolded.ids : NONE_SHOWN;
  const folded = (m: ViewMessage) => blocked !== undefined && isFolded(m, group, blocked, shown);
  const isWindowed = windowed !== null;
  const windowedRef = useRef(isWindowed);
  windowedRef.current = isWindowed;
  /** Going back to the newest messages: the next layout lands at the bottom. */
  const toBottomNext = useRef(false);
  // Where the chat opened: taken once per chat, when its messages are first there and the
  // first unread one is held (or UNREAD_PAGES older pages did not reach it).
  const [mark, setMark] = useState<{ chatId: string; value: UnreadMark | null } | null>(null);
  const olderFetched = useRef<{ chatId: string; pages: number }>({ chatId, pages: 0 });
  if (olderFetched.current.chatId !== chatId) olderFetched.current = { chatId, pages: 0 };
  const oldest = items.find(isStored);
  const firstUnreadMayBeOlder =
    hasOlder &&
    oldest !== undefined &&
    oldest.senderId !== me &&
    oldest.status !== 'READ' &&
    olderFetched.current.pages < UNREAD_PAGES;
  const marked = mark?.chatId === chatId;
  if (loaded && current && !marked && !loadingOlder && !firstUnreadMayBeOlder) setMark({ chatId, value: unreadMark(items, me) });
  const divider = marked ? mark.value : null;

  // Each attempt ends with a tick, so that one which fetched nothing is followed by the next.
  const [olderTick, setOlderTick] = useState(0);
  useEffect(() => {
    if (!loaded || !current || marked || loadingOlder || !firstUnreadMayBeOlder) return;
    olderFetched.current.pages++;
    void store.loadOlder(chatId).finally(() => setOlderTick((t) => t + 1));
  }, [store, chatId, loaded, current, marked, loadingOlder, firstUnreadMayBeOlder, olderTick]);

  useReadReceipts(scroller, chatId, items, marked);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    geom.current = { scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, atBottom: bottom };
    setAtBottom(bottom);
    setTopDay(dayAbove(el));
  }, []);

  const wOlder = windowed?.hasOlder ?? false;
  const wLoadingOlder = windowed?.loadingOlder ?? false;
  const wLoadingNewer = windowed?.loadingNewer ?? false;
  const maybeLoadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    if (isWindowed) {
      if (wOlder && !wLoadingOlder && el.scrollTop < NEAR_TOP_PX) void store.loadWindow(chatId, true);
      if (!wLoadingNewer && el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_TOP_PX) void store.loadWindow(chatId, false);
      return;
    }
    if (!loaded || !marked || !hasOlder || loadingOlder) return;
    if (el.scrollTop < NEAR_TOP_PX || el.scrollHeight <= el.clientHeight) void store.loadOlder(chatId);
  }, [store, chatId, loaded, marked, hasOlder, loadingOlder, isWindowed, wOlder, wLoadingOlder, wLoadingNewer]);

  const menuRef = useRef(menu);
  menuRef.current = menu;
  const closeMenu = useCallback((restoreFocus: boolean) => {
    const open = menuRef.current;
    setMenu(null);
    if (open && restoreFocus) {
      scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(open.id)}"]`)?.focus();
    }
  }, []);

  const onScroll = () => {
    measure();
    maybeLoadOlder();
    if (menu) closeMenu(false);
  };

  // Keep the view in place across renders (see the rules above).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.id;
    const last = items[items.length - 1]?.id;
    const p = prev.current;
    if (toBottomNext.current && !isWindowed) {
      toBottomNext.current = false;
      el.scrollTop = el.scrollHeight;
    } else if (p && p.windowed !== isWindowed) {
      // A window opened (a jump follows) or joined the newest messages: the view stays.
    } else if (isWindowed) {
      // Growing the window: a page above keeps the view where it was; one below changes nothing.
      if (p && last === p.lastId && first !== p.firstId) {
        el.scrollTop = geom.current.scrollTop + (el.scrollHeight - geom.current.scrollHeight);
      }
    } else if (positioned.current !== chatId) {
      // Opening: at the unread divider once the messages are there, else at the bottom.
      const line = divider ? el.querySelector<HTMLElement>('[data-testid="unread-divider"]') : null;
      if (line) {
        el.scrollTop += line.getBoundingClientRect().top - el.getBoundingClientRect().top - DIVIDER_MARGIN_PX;
      } else {
        el.scrollTop = el.scrollHeight;
      }
      if (marked) positioned.current = chatId;
    } else if (p && last === p.lastId && first !== p.firstId) {
      el.scrollTop = geom.current.scrollTop + (el.scrollHeight - geom.current.scrollHeight);
    } else if (p && last !== p.lastId) {
      const lastMsg = items[items.length - 1];
      const start = items.findIndex((m) => m.id === p.lastId);
      const added = start >= 0 ? items.slice(start + 1) : lastMsg ? [lastMsg] : [];
      const fromMe = added.some((m) => m.senderId === me && !isStored(m));
      if (geom.current.atBottom || fromMe || lastMsg?.senderId === me) el.scrollTop = el.scrollHeight;
    } else if (geom.current.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    prev.current = { chatId, firstId: first, lastId: last, windowed: isWindowed };
    measure();
  }, [items, chatId, me, measure, divider, marked, isWindowed]);

  // A short first page, or a tall window: fetch more until the scroller can scroll.
  useEffect(() => {
    maybeLoadOlder();
  }, [maybeLoadOlder, items]);

  // The composer growing or the window resizing must not lift the newest message off screen.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (geom.current.atBottom && !windowedRef.current) el.scrollTop = el.scrollHeight;
      measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);

  // Once the message is there (a window of older history may render a moment after the jump).
  const jumped = useRef<number | null>(null);
  useEffect(() => {
    if (!jump || jumped.current === jump.nonce) return;
    const el = document.getElementById(`message-${jump.id}`);
    if (!el) return;
    jumped.current = jump.nonce;
    el.scrollIntoView({ block: 'center' });
    measure();
    const bubble = el.querySelector<HTMLElement>('[data-bubble]');
    if (bubble) {
      bubble.classList.remove('flash');
      void bubble.offsetWidth; // restart the animation
      bubble.classList.add('flash');
      setFocusId(jump.id);
    }
  }, [jump, items, measure]);

  const openMenu = useCallback(
    (m: ViewMessage, at: MenuPlace) =>
      setMenu({ id: m.id, at, time: Date.now(), quote: selectedQuote(scroller.current, m.id, messageText(m)) }),
    [],
  );
  const focusMessage = useCallback((m: ViewMessage) => setFocusId(m.id), []);

  // One tab stop for the whole list: the focused message, else the newest one. System lines
  // are read in passing, not stops of their own; a folded message is its Show button.
  const bubbles = items.filter((m) => !isSystem(m) && !folded(m));

  const unfold = ({ id }: ViewMessage) => {
    setUnfolded({ chatId, ids: new Set([...shown, id]) });
    setFocusId(id);
    // The Show button is gone: focus goes to the message it showed.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(id)}"]`)?.focus());
  };
  const rovingId = bubbles.some((m) => m.id === focusId) ? focusId : (bubbles[bubbles.length - 1]?.id ?? null);

  /** What a message's menu (and its keys) offer, as of `time`. */
  const offered = (m: ViewMessage, time: number, quote?: string) =>
    menuActions(m, {
      own: m.senderId === me,
      group,
      canPin,
      me,
      now: time,
      left,
      role,
      editWindowSeconds,
      quote,
      senderBlocked: blocked?.has(m.senderId),
    });

  // The focused message's keys (the shortcuts' table): arrows, Home and End move; R, E and T
  // reply, edit and open its thread, when its menu offers that. Enter and the menu keys are the
  // bubble's own.
  const onListKey = (e: KeyboardEvent) => {
    const current = (e.target as HTMLElement).dataset.bubble;
    if (!current || e.defaultPrevented) return;
    const i = bubbles.findIndex((m) => m.id === current);
    const here = bubbles[i];
    const key = e.nativeEvent;
    if (!matchesShortcut(key, 'messageMove') && !matchesShortcut(key, 'messageEnds')) {
      const action = here && !selecting ? keyedAction(key, offered(here, Date.now())) : null;
      if (action && here) {
        e.preventDefault();
        onAction(action, here);
      }
      return;
    }
    const j =
      e.key === 'Home' ? 0 : e.key === 'End' ? bubbles.length - 1 : e.key === 'ArrowUp' ? Math.max(0, i - 1) : Math.min(bubbles.length - 1, i + 1);
    const next = bubbles[j];
    if (!next) return;
    e.preventDefault();
    setFocusId(next.id);
    scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(next.id)}"]`)?.focus();
  };

  const toBottom = () => {
    const el = scroller.current;
    if (!el) return;
    if (isWindowed) {
      toBottomNext.current = true;
      store.leaveWindow(chatId);
      return;
    }
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    el.scrollTo({ top: el.scrollHeight, behavior: reduce ? 'auto' : 'smooth' });
  };

  const menuMessage = menu ? items.find((m) => m.id === menu.id) : undefined;

  return (
    <div className="relative flex min-h-0 flex-1 flex-col" data-chat-backdrop>
      {/* The day of the messages at the top, in a band of its own: it never covers a message. */}
      <div className="flex h-7 shrink-0 items-end justify-center bg-chat" aria-hidden="true" data-testid="day-band">
        {topDay && (
          <span className="rounded-full bg-panel px-3 py-0.5 text-xs font-medium text-muted shadow-soft">{topDay}</span>
        )}
      </div>
      <div
        ref={scroller}
        onScroll={onScroll}
        className="scrollbar-thin min-h-0 flex-1 overflow-y-auto bg-chat pt-1 pb-3 [overflow-anchor:none]"
        data-testid="message-scroller"
      >
        {/* Few messages sit at the bottom, next to the composer, as in any messenger. */}
        <div className="flex min-h-full flex-col justify-end">
          {(isWindowed ? !wOlder : loaded && !hasOlder) && items.length > 0 && (
            <p className="pb-2 text-center text-xs text-muted">{t('chat.list.beginning')}</p>
          )}
          {(isWindowed ? wLoadingOlder : loadingOlder) && (
            <p className="pb-2 text-center text-xs text-muted" role="status">
              {t('chat.list.loadingEarlier')}
            </p>
          )}
          {!loaded && items.length === 0 && <p className="py-10 text-center text-sm text-muted">{t('chat.list.loading')}</p>}
          {loaded && items.length === 0 && (
            <div className="flex flex-1 flex-col items-center justify-center gap-1 px-6 text-center">
              <p className="font-medium">{t('chat.list.empty')}</p>
              <p className="text-sm text-muted">{t('chat.list.emptyHint')}</p>
            </div>
          )}
          <ol aria-label={t('chat.list.messages')} aria-describedby="message-keys" className="flex flex-col" onKeyDown={onListKey}>
            {items.map((m, i) => {
              const before = items[i - 1];
              const newDay = !before || dayKey(before.createdAt) !== dayKey(m.createdAt);
              const unreadStart = divider?.id === m.id;
              const system = isSystem(m);
              const runStart =
                newDay || unreadStart || before?.senderId !== m.senderId || (before !== undefined && isSystem(before));
              const groupStart = runStart;
              const day = newDay ? dayLabel(m.createdAt, now) : '';
              return (
                <Fragment key={m.id}>
                  {newDay && (
                    <li className="my-2 flex justify-center" data-day={day}>
                      <span className="rounded-full bg-panel/90 px-3 py-1 text-xs font-medium text-muted shadow-soft">
                        {day}
                      </span>
                    </li>
                  )}
                  {unreadStart && divider && (
                    <li className="mt-3 mb-1 flex items-center gap-3 px-3 md:px-6" data-testid="unread-divider">
                      <span className="h-px flex-1 bg-accent/40" />
                      <span className="rounded-full bg-accent-soft px-3 py-0.5 text-xs font-semibold text-accent">
                        {unreadLabel(divider.count)}
                      </span>
                      <span className="h-px flex-1 bg-accent/40" />
                    </li>
                  )}
                  {folded(m) ? (
                    <FoldedMessage message={m} me={me} onShow={unfold} />
                  ) : system ? (
                    <li
                      id={`message-${m.id}`}
                      data-message-id={m.id}
                      data-seq={m.seq}
                      data-system="true"
                      data-unread={m.senderId !== me && m.status !== 'READ' ? 'true' : undefined}
                      className="my-2 flex justify-center px-6"
                      onContextMenu={(e) => {
                        e.preventDefault();
                        openMenu(m, { x: e.clientX, y: e.clientY });
                      }}
                    >
                      <span
                        className="max-w-[90%] rounded-xl bg-panel/90 px-3 py-1 text-center text-xs font-medium text-muted shadow-soft break-words [overflow-wrap:anywhere]"
                        dir="auto"
                        data-testid="system-line"
                      >
                        {m.content}
                      </span>
                    </li>
                  ) : (
                  <MessageBubble
                    message={m}
                    own={m.senderId === me}
                    senderName={userName(users, m.senderId)}
                    forwardedFrom={m.isForwarded ? userName(users, m.originalSenderId) : null}
                    writtenAt={m.senderId === me && m.clientMessageId ? writtenTimes[m.clientMessageId] : undefined}
                    selecting={selecting}
                    selected={selected.has(m.id)}
                    menuOpen={menu?.id === m.id}
                    groupStart={groupStart && !newDay}
                    focusable={m.id === rovingId}
                    onAction={onAction}
                    onMenu={openMenu}
                    onFocus={focusMessage}
                    showSender={group && m.senderId !== me && runStart}
                    avatarRoom={group && m.senderId !== me}
                    onJumpTo={onJumpTo}
                    me={me}
                    users={m.thread ? users : undefined}
                    now={m.thread ? now : undefined}
                    highlights={marksFor(highlight, m)}
                  />
                  )}
                </Fragment>
              );
            })}
          </ol>
          {isWindowed && wLoadingNewer && (
            <p className="py-2 text-center text-xs text-muted" role="status">
              {t('chat.list.loadingNewer')}
            </p>
          )}
          <p id="message-keys" className="sr-only">
            {t('chat.list.keys')}
          </p>
        </div>
      </div>
      {(!atBottom || isWindowed) && items.length > 0 && <ScrollToBottom unread={isWindowed ? 0 : unreadCount(items, me)} onClick={toBottom} />}
      {menu && menuMessage && !selecting && (
        <MessageMenu
          label={t('chat.messageActions')}
          actions={offered(menuMessage, menu.time, menu.quote)}
          at={menu.at}
          onClose={closeMenu}
          onPick={(action) => onAction(action, menuMessage, { quote: menu.quote })}
          react={canReact(menuMessage, { left }) ? menuMessage : undefined}
        />
      )}
    </div>
  );
}
