// The scrolling list of a chat's messages. Scroll rules:
//  - opening a chat shows the newest messages;
//  - new messages keep the view at the bottom if it was there (or if they are one's own);
//    otherwise a "new messages" button counts them;
//  - scrolling near the top loads the previous page, keeping the view where it was;
//  - jumping to a message (a pin) scrolls it to the middle and flashes it.
import { Fragment, type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { userName } from '../../client/selectors';
import type { User, ViewMessage } from '../../client/types';
import { dayKey, dayLabel } from '../../shared/format';
import { ArrowDownIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { MessageBubble, type MessageAction } from './MessageBubble';
import { useReadReceipts } from './useReadReceipts';

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 240;

interface Props {
  chatId: string;
  items: ViewMessage[];
  me: string;
  users: Readonly<Record<string, User>>;
  loaded: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  selecting: boolean;
  selected: ReadonlySet<string>;
  jump: { id: string; nonce: number } | null;
  onAction: (action: MessageAction, m: ViewMessage) => void;
}

interface Geometry {
  scrollTop: number;
  scrollHeight: number;
  atBottom: boolean;
}

export function MessageList({
  chatId,
  items,
  me,
  users,
  loaded,
  hasOlder,
  loadingOlder,
  selecting,
  selected,
  jump,
  onAction,
}: Props) {
  const store = useChatStore();
  const now = useNow(60000);
  const scroller = useRef<HTMLDivElement>(null);
  const geom = useRef<Geometry>({ scrollTop: 0, scrollHeight: 0, atBottom: true });
  const prev = useRef<{ chatId: string; firstId?: string; lastId?: string } | null>(null);
  const [newCount, setNewCount] = useState(0);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);

  useReadReceipts(scroller, chatId, items);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    geom.current = { scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, atBottom };
    if (atBottom) setNewCount(0);
  }, []);

  const maybeLoadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el || !loaded || !hasOlder || loadingOlder) return;
    if (el.scrollTop < NEAR_TOP_PX || el.scrollHeight <= el.clientHeight) void store.loadOlder(chatId);
  }, [store, chatId, loaded, hasOlder, loadingOlder]);

  const onScroll = () => {
    measure();
    maybeLoadOlder();
  };

  // Keep the view in place across renders (see the rules above).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.id;
    const last = items[items.length - 1]?.id;
    const p = prev.current;
    if (!p || p.chatId !== chatId || p.lastId === undefined) {
      el.scrollTop = el.scrollHeight;
      setNewCount(0);
    } else if (last === p.lastId && first !== p.firstId) {
      el.scrollTop = geom.current.scrollTop + (el.scrollHeight - geom.current.scrollHeight);
    } else if (last !== p.lastId) {
      const lastMsg = items[items.length - 1];
      const start = items.findIndex((m) => m.id === p.lastId);
      const added = start >= 0 ? items.slice(start + 1) : lastMsg ? [lastMsg] : [];
      const fromMe = added.some((m) => m.senderId === me && (m.pending || m.failed !== undefined));
      if (geom.current.atBottom || fromMe || lastMsg?.senderId === me) {
        el.scrollTop = el.scrollHeight;
      } else {
        const others = added.filter((m) => m.senderId !== me).length;
        if (others > 0) setNewCount((n) => n + others);
      }
    } else if (geom.current.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    prev.current = { chatId, firstId: first, lastId: last };
    measure();
  }, [items, chatId, me, measure]);

  // A short first page, or a tall window: fetch more until the scroller can scroll.
  useEffect(() => {
    maybeLoadOlder();
  }, [maybeLoadOlder, items]);

  // The composer growing or the window resizing must not lift the newest message off screen.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (geom.current.atBottom) el.scrollTop = el.scrollHeight;
      measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);

  useEffect(() => {
    if (!jump) return;
    const el = document.getElementById(`message-${jump.id}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    const bubble = el.querySelector<HTMLElement>('.rounded-2xl');
    if (bubble) {
      bubble.classList.remove('flash');
      void bubble.offsetWidth; // restart the animation
      bubble.classList.add('flash');
    }
  }, [jump]);

  // Tapping outside a message hides its toolbar.
  useEffect(() => {
    if (!activeId) return;
    const off = () => setActiveId(null);
    document.addEventListener('click', off);
    return () => document.removeEventListener('click', off);
  }, [activeId]);

  const handle = useCallback(
    (action: MessageAction, m: ViewMessage) => {
      if (action === 'activate') setActiveId((id) => (id === m.id ? null : m.id));
      else if (action === 'focus') setFocusId(m.id);
      else onAction(action, m);
    },
    [onAction],
  );

  // One tab stop for the whole list: the focused message, else the newest one.
  const stored = items.filter((m) => !m.pending && m.failed === undefined);
  const rovingId = stored.some((m) => m.id === focusId) ? focusId : (stored[stored.length - 1]?.id ?? null);

  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown' && e.key !== 'Home' && e.key !== 'End') return;
    const current = (e.target as HTMLElement).dataset.bubble;
    if (!current) return;
    const i = stored.findIndex((m) => m.id === current);
    const j =
      e.key === 'Home' ? 0 : e.key === 'End' ? stored.length - 1 : e.key === 'ArrowUp' ? Math.max(0, i - 1) : Math.min(stored.length - 1, i + 1);
    const next = stored[j];
    if (!next) return;
    e.preventDefault();
    setFocusId(next.id);
    scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(next.id)}"]`)?.focus();
  };

  const toBottom = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    setNewCount(0);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="scrollbar-thin h-full overflow-y-auto bg-chat pt-4 pb-3 [overflow-anchor:none]"
        data-testid="message-scroller"
      >
        {/* Few messages sit at the bottom, next to the composer, as in any messenger. */}
        <div className="flex min-h-full flex-col justify-end">
        {loaded && !hasOlder && items.length > 0 && (
          <p className="pb-2 text-center text-xs text-muted">This is the beginning of the conversation.</p>
        )}
        {loadingOlder && (
          <p className="pb-2 text-center text-xs text-muted" role="status">
            Loading earlier messages…
          </p>
        )}
        {!loaded && items.length === 0 && <p className="py-10 text-center text-sm text-muted">Loading messages…</p>}
        {loaded && items.length === 0 && (
          <div className="flex flex-1 flex-col items-center justify-center gap-1 px-6 text-center">
            <p className="font-medium">No messages here yet</p>
            <p className="text-sm text-muted">Say hello — your first message starts the conversation.</p>
          </div>
        )}
        <ol aria-label="Messages" aria-describedby="message-keys" className="flex flex-col" onKeyDown={onListKey}>
          {items.map((m, i) => {
            const before = items[i - 1];
            const newDay = !before || dayKey(before.createdAt) !== dayKey(m.createdAt);
            const groupStart = newDay || before?.senderId !== m.senderId;
            return (
              <Fragment key={m.id}>
                {newDay && (
                  <li className="sticky top-1 z-20 my-2 flex justify-center">
                    <span className="rounded-full bg-panel/90 px-3 py-1 text-xs font-medium text-muted shadow-soft backdrop-blur">
                      {dayLabel(m.createdAt, now)}
                    </span>
                  </li>
                )}
                <MessageBubble
                  message={m}
                  own={m.senderId === me}
                  senderName={userName(users, m.senderId)}
                  forwardedFrom={m.isForwarded ? userName(users, m.originalSenderId) : null}
                  selecting={selecting}
                  selected={selected.has(m.id)}
                  active={activeId === m.id}
                  groupStart={groupStart && !newDay}
                  focusable={m.id === rovingId}
                  onAction={handle}
                />
              </Fragment>
            );
          })}
        </ol>
        <p id="message-keys" className="sr-only">
          Arrow keys move between messages; Enter shows the actions of a message.
        </p>
        </div>
      </div>
      {newCount > 0 && (
        <button
          type="button"
          onClick={toBottom}
          className="absolute bottom-4 left-1/2 z-30 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-accent px-4 py-2 text-sm font-medium text-on-accent shadow-lg transition hover:bg-accent-strong"
        >
          <ArrowDownIcon size={16} />
          {newCount === 1 ? '1 new message' : `${newCount} new messages`}
        </button>
      )}
    </div>
  );
}
