// A thread's panel beside the chat (over it below 1024 px; the whole screen on phones): the
// root, its replies (fetched page by page, and live: new replies, edits, deletions, the user's
// own pending ones), its own composer with "Also send to chat", following the thread or not.
// Shown, it marks the thread read up to its newest reply. Esc (or the close button) closes it;
// focus goes to its heading when it opens. A reply a search jumped to is scrolled to, flashed
// and has its words found marked. Each message has the menu of the timeline's, where
// "Reply" and "Quote selected text" answer inside the thread and "Edit" edits in its composer.
// In a group, a message from someone the user blocked is folded as in the timeline
// (FoldedMessage), Show unfolding it here.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';

import { useBlockedIds, useChatMessages, useChatStore, useConnection, useFollowed, useSession, useThread, useUsers, useWrittenTimes } from '../../app/store-context';
import { isFolded } from '../../client/blocks';
import { maxSeq } from '../../client/messages';
import { userName } from '../../client/selectors';
import { threadReplies } from '../../client/threads';
import { hasAttachments, messageText } from '../../client/files';
import { marksFor, type SearchHighlight } from '../../client/search';
import type { ViewMessage } from '../../client/types';
import { BackIcon, CloseIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { matchesShortcut } from '../../shared/shortcuts';
import { t as translate, useT } from '../../i18n';
import { Composer, type Editing, type Replying } from './Composer';
import { type ActionExtra, canReact, keyedAction, menuActions, type MessageAction } from './message-actions';
import { FoldedMessage } from './FoldedMessage';
import { MessageBubble } from './MessageBubble';
import { selectedQuote } from './MessageList';
import { MessageMenu, type MenuPlace } from './MessageMenu';

interface Props {
  chatId: string;
  rootId: string;
  /** The chat's title (the panel's subtitle). */
  chatTitle: string;
  onClose: () => void;
  /** Actions carried out by the chat view (its dialogs: delete, edit history, forward, info). */
  onAction: (action: MessageAction, m: ViewMessage, extra?: ActionExtra) => void;
  /** A reply's original that is not in this thread: shown in the chat. */
  onJumpTo: (messageId: string) => void;
  group: boolean;
  canPin: boolean;
  left: boolean;
  role?: 'owner' | 'admin' | 'member';
  /** The group's own edit window (seconds; 0 or absent: the server's). */
  editWindowSeconds?: number;
  /** The user may write here. */
  canSend: boolean;
  /** A search's result in this thread: scrolled to and flashed once shown, its words marked. */
  highlight?: SearchHighlight | null;
}

const EMPTY: ViewMessage[] = [];
/** Actions that make no sense inside the panel (selection is the timeline's). */
const NOT_HERE = new Set<MessageAction>(['select', 'thread']);

export function ThreadPanel({
  chatId,
  rootId,
  chatTitle,
  onClose,
  onAction,
  onJumpTo,
  group,
  canPin,
  left,
  role,
  editWindowSeconds,
  canSend,
  highlight = null,
}: Props) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const users = useUsers();
  const writtenTimes = useWrittenTimes();
  const now = useNow(60000);
  const thread = useThread(rootId);
  const chatItems = useChatMessages(chatId)?.items ?? EMPTY;
  const following = useFollowed((f) => (f.threads.some((t) => t.root.id === rootId) ? true : f.loaded && f.next === null ? false : undefined));
  const unread = useFollowed((f) => f.threads.find((t) => t.root.id === rootId)?.unread ?? 0);
  const replies = useMemo(() => threadReplies(thread, chatItems, rootId), [thread, chatItems, rootId]);
  // The chat's copy of the root is the newest (its summary follows thread:updated there too).
  const root = chatItems.find((m) => m.id === rootId) ?? thread?.root ?? null;
  const [replying, setReplying] = useState<Replying | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [menu, setMenu] = useState<{ id: string; at: MenuPlace; time: number; quote?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = useBlockedIds();
  /** The folded messages (a blocked person's, in a group) unfolded here. */
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(() => new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    setReplying(null);
    setEditing(null);
    heading.current?.focus();
  }, [chatId, rootId]);

  // Loaded when shown, and again after each reconnect (what changed meanwhile).
  const connected = useConnection() === 'connected';
  useEffect(() => {
    if (connected) void store.threads.open(chatId, rootId);
  }, [store, chatId, rootId, connected]);

  // Shown: read up to the newest reply (again as new ones arrive while it is open).
  const newest = maxSeq(replies);
  useEffect(() => {
    if (newest === 0) return;
    const read = () => {
      if (document.visibilityState === 'visible') store.threads.markRead(rootId, newest);
    };
    read();
    document.addEventListener('visibilitychange', read);
    return () => document.removeEventListener('visibilitychange', read);
  }, [store, rootId, newest, unread]);

  // Replies from others arriving while it is open are announced (not those loaded with it).
  const [announcement, setAnnouncement] = useState('');
  const lastReply = useRef<string | null | undefined>(undefined);
  const newestReply = replies[replies.length - 1];
  useEffect(() => {
    const prev = lastReply.current;
    lastReply.current = thread?.loaded ? (newestReply?.id ?? null) : undefined;
    if (prev === undefined || !newestReply || newestReply.id === prev || newestReply.senderId === me) return;
    setAnnouncement(translate('chat.thread.newReply', { name: userName(users, newestReply.senderId), text: newestReply.content }));
  }, [newestReply, thread?.loaded, me, users]);

  // New replies keep the view at the bottom when it was there.
  const count = replies.length;
  useEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count, thread?.loaded]);

  // Esc closes the panel when it is on top (a menu, a dialog, or the composer's reply or edit take it first).
  useEscapeLayer(onClose);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    if (menu) setMenu(null);
    if (el.scrollTop < 120 && thread?.hasOlder && !thread.loadingOlder) {
      const before = el.scrollHeight;
      void store.threads.loadOlder(rootId).then(() => {
        requestAnimationFrame(() => {
          if (scroller.current) scroller.current.scrollTop += scroller.current.scrollHeight - before;
        });
      });
    }
  };

  const flash = (id: string): boolean => {
    const el = scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(id)}"]`);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    return true;
  };

  // A search's result: flashed once it is among the replies shown (or is the root).
  const shownFor = useRef<number | null>(null);
  const found = highlight !== null && (root?.id === highlight.messageId || replies.some((m) => m.id === highlight.messageId));
  useEffect(() => {
    if (!highlight || !found || shownFor.current === highlight.nonce) return;
    shownFor.current = highlight.nonce;
    atBottom.current = false;
    requestAnimationFrame(() => flash(highlight.messageId));
  });

  const jumpTo = useCallback(
    (id: string) => {
      if (!flash(id)) onJumpTo(id);
    },
    [onJumpTo],
  );

  const act = useCallback(
    (action: MessageAction, m: ViewMessage, extra?: ActionExtra) => {
      switch (action) {
        case 'reply':
        case 'quote':
          setEditing(null);
          setReplying({
            id: m.id,
            senderName: m.senderId === me ? translate('chat.reply.yourself') : userName(users, m.senderId),
            excerpt: m.content,
            ...(action === 'quote' && extra?.quote ? { quote: extra.quote } : {}),
          });
          return;
        case 'edit':
          setReplying(null);
          setEditing({ id: m.id, content: messageText(m), ...(hasAttachments(m) ? { files: true } : {}) });
          return;
        default:
          onAction(action, m, extra);
      }
    },
    [me, users, onAction],
  );

  const menuRef = useRef(menu);
  menuRef.current = menu;
  const closeMenu = useCallback((restoreFocus: boolean) => {
    const open = menuRef.current;
    setMenu(null);
    if (open && restoreFocus) scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(open.id)}"]`)?.focus();
  }, []);
  const openMenu = useCallback(
    (m: ViewMessage, at: MenuPlace) => setMenu({ id: m.id, at, time: Date.now(), quote: selectedQuote(scroller.current, m.id, messageText(m)) }),
    [],
  );
  const noop = useCallback(() => undefined, []);
  const endReply = useCallback(() => setReplying(null), []);
  const endEdit = useCallback(() => setEditing(null), []);

  const toggleFollow = async () => {
    if (following === undefined) return;
    setBusy(true);
    try {
      await store.threads.follow(rootId, !following);
      store.showToast(following ? t('chat.thread.unfollowed') : t('chat.thread.followed'));
    } catch {
      store.showToast(t('chat.thread.followFailed'));
    } finally {
      setBusy(false);
    }
  };

  const menuMessage = menu ? (root?.id === menu.id ? root : replies.find((m) => m.id === menu.id)) : undefined;
  /** What a message's menu (and its keys) offer here, as of `time`. */
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
      inThread: true,
      senderBlocked: blocked.has(m.senderId),
    }).filter((a) => !NOT_HERE.has(a.action));

  // A focused message's keys, as in the timeline (the shortcuts' table): arrows, Home and End
  // move between the messages; R and E reply and edit here.
  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const id = (e.target as HTMLElement).dataset.bubble;
    if (!id || e.defaultPrevented) return;
    const key = e.nativeEvent;
    const all = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-bubble]')];
    const i = all.findIndex((el) => el.dataset.bubble === id);
    if (matchesShortcut(key, 'messageMove') || matchesShortcut(key, 'messageEnds')) {
      const j = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : e.key === 'ArrowUp' ? Math.max(0, i - 1) : Math.min(all.length - 1, i + 1);
      e.preventDefault();
      all[j]?.focus();
      return;
    }
    const m = root?.id === id ? root : replies.find((r) => r.id === id);
    const action = m ? keyedAction(key, offered(m, Date.now())) : null;
    if (action && m) {
      e.preventDefault();
      act(action, m);
    }
  };
  const replyCount = Math.max(root?.thread?.replyCount ?? 0, replies.filter((m) => !m.pending && m.failed === undefined).length);

  const unfold = ({ id }: ViewMessage) => {
    setUnfolded((prev) => new Set([...prev, id]));
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(id)}"]`)?.focus());
  };

  const bubble = (m: ViewMessage, isRoot: boolean) =>
    isFolded(m, group, blocked, unfolded) ? (
      <FoldedMessage key={m.id} message={m} me={me} idPrefix="thread-message-" onShow={unfold} />
    ) : (
      <MessageBubble
        key={m.id}
        message={m}
        own={m.senderId === me}
        senderName={userName(users, m.senderId)}
        forwardedFrom={m.isForwarded ? userName(users, m.originalSenderId) : null}
        writtenAt={m.senderId === me && m.clientMessageId ? writtenTimes[m.clientMessageId] : undefined}
        selecting={false}
        selected={false}
        menuOpen={menu?.id === m.id}
        groupStart
        focusable
        onAction={act}
        onMenu={openMenu}
        onFocus={noop}
        showSender={m.senderId !== me}
        onJumpTo={jumpTo}
        now={isRoot ? undefined : now}
        idPrefix="thread-message-"
        me={me}
        highlights={marksFor(highlight, m)}
      />
    );

  return (
    <aside
      aria-labelledby="thread-heading"
      className="absolute inset-0 z-20 flex min-h-0 flex-col bg-chat lg:static lg:z-auto lg:w-[380px] lg:shrink-0 lg:border-s lg:border-line"
      data-testid="thread-panel"
    >
      <header className="flex items-center gap-2 border-b border-line bg-panel px-2 py-2.5 md:px-3">
        <button
          type="button"
          onClick={onClose}
          aria-label={t('chat.thread.close')}
          title={t('chat.thread.closeShortcut')}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg lg:size-9"
        >
          <BackIcon className="lg:hidden" />
          <CloseIcon className="max-lg:hidden" size={18} />
        </button>
        <div className="min-w-0 flex-1">
          <h2 id="thread-heading" ref={heading} tabIndex={-1} className="truncate font-semibold outline-none">
            {t('chat.thread.title')}
          </h2>
          <p className="truncate text-sm text-muted" dir="auto">{chatTitle}</p>
        </div>
        {following !== undefined && !left && (
          <button
            type="button"
            onClick={() => void toggleFollow()}
            disabled={busy}
            aria-pressed={following}
            className={`h-9 shrink-0 rounded-full border px-3 text-sm font-medium transition max-md:h-11 ${
              following ? 'border-line text-fg hover:bg-hover' : 'border-accent bg-accent text-on-accent hover:bg-accent-strong'
            }`}
            data-testid="follow-thread"
          >
            {following ? t('chat.thread.following') : t('chat.thread.follow')}
          </button>
        )}
      </header>
      <div ref={scroller} onScroll={onScroll} className="scrollbar-thin min-h-0 flex-1 overflow-y-auto pt-1 pb-3" data-testid="thread-scroller">
        {!root && !thread?.error && <p className="py-10 text-center text-sm text-muted">{t('chat.thread.loading')}</p>}
        {thread?.error && !root && (
          <p className="px-6 py-10 text-center text-sm text-muted" role="alert">
            {t('chat.thread.error', { error: thread.error })}
          </p>
        )}
        {root && (
          <ol aria-label={t('chat.thread.messages')} aria-describedby="thread-message-keys" className="flex flex-col" onKeyDown={onListKey}>
            {bubble(root, true)}
            <li className="mt-3 mb-1 flex items-center gap-3 px-3 md:px-4" data-testid="thread-reply-count">
              <span className="text-xs font-semibold text-muted">
                {replyCount === 0 ? t('chat.thread.noReplies') : t('chat.replies', { count: replyCount })}
              </span>
              <span className="h-px flex-1 bg-line" />
            </li>
            {thread?.loadingOlder && (
              <li className="py-2 text-center text-xs text-muted" role="status">
                {t('chat.thread.loadingEarlier')}
              </li>
            )}
            {replies.map((m) => bubble(m, false))}
          </ol>
        )}
        <p id="thread-message-keys" className="sr-only">
          {t('chat.thread.keys')}
        </p>
      </div>
      {canSend && root && !root.deleted ? (
        <Composer
          chatId={chatId}
          autoFocus={false}
          threadRootId={rootId}
          draftKey={`thread:${rootId}`}
          replying={replying}
          onReplyEnd={endReply}
          editing={editing}
          onEditEnd={endEdit}
        />
      ) : null}
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="thread-live-region">
        {announcement}
      </div>
      {menu && menuMessage && (
        <MessageMenu
          label={t('chat.messageActions')}
          actions={offered(menuMessage, menu.time, menu.quote)}
          at={menu.at}
          onClose={closeMenu}
          onPick={(action) => act(action, menuMessage, { quote: menu.quote })}
          react={canReact(menuMessage, { left }) ? menuMessage : undefined}
        />
      )}
    </aside>
  );
}
