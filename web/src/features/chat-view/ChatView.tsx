// One open chat: header with the other person's presence and the chat's notification menu
// (with "Export chat…": Settings › Your data with the chat chosen) (a private chat's header opens the contact info, with Report, Block and Unblock; a group's its
// info panel, with Report group), the pinned bar, the
// messages (those the user deleted for themself left out; in a group, those of people the user
// blocked folded), and the composer (or, while selecting messages, the selection bar; in a
// private chat with someone the user blocked, "You blocked Alice." with Unblock), with the
// dialogs of a message (delete, edit history, report it, block its sender) and the reaction picker;
// above the composer, the bar of the user's scheduled messages in the chat (the scheduled
// feature's, schedule-slots.ts), whose schedule dialog the composer's clock opens.
// Announces incoming messages to screen readers.
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';

import {
  useBlockedIds,
  useBlocks,
  useChatMessages,
  useChats,
  useChatStore,
  useConnection,
  usePinned,
  useSession,
  useTypingText,
  useUsers,
} from '../../app/store-context';
import { navigate } from '../../app/router';
import { groupRights, isGroup, isSystem, memberCountText, slowModeUntil } from '../../client/groups';
import { blockedNotice, blockedPeer, blockErrorText } from '../../client/blocks';
import { deleteChoices, lastEditable, type DeleteContext } from '../../client/lifecycle';
import { timelineMessages } from '../../client/threads';
import { chatTitle, peerId, userName } from '../../client/selectors';
import { hasAttachments, messageText } from '../../client/files';
import type { SearchHighlight } from '../../client/search';
import type { ChatMessage, ViewMessage } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { copyText } from '../../shared/clipboard';
import { presenceText } from '../../shared/format';
import { BackIcon, InfoIcon, SearchIcon } from '../../shared/icons';
import { ariaKeyShortcuts, shortcutText } from '../../shared/shortcuts';
import { TypingAnnouncer, TypingLine } from '../../shared/Typing';
import { useNow } from '../../shared/useNow';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { t as translate, useT } from '../../i18n';
import { ChatNotificationsMenu } from './ChatNotificationsMenu';
import { Composer, type Editing, type Replying } from './Composer';
import { BlockDialog, type BlockTarget } from './BlockDialog';
import { DeleteDialog } from './DeleteDialog';
import { PersonInfo } from './PersonInfo';
import { ReportDialog, type ReportTarget } from './ReportDialog';
import { EditHistoryDialog } from './EditHistoryDialog';
import type { ActionExtra, MessageAction } from './message-actions';
import { MessageList } from './MessageList';
import { ReactionSlotsContext, type ReactionContext, type ReactionSlots } from './reaction-slots';
import { FileSlotsContext, type FileSlots } from './file-slots';
import { ScheduleSlotsContext, type ScheduleSlots } from './schedule-slots';
import { DropZone } from './DropZone';
import { SelectionBar } from './SelectionBar';
import { ThreadPanel } from './ThreadPanel';

const EMPTY: ViewMessage[] = [];

// What the chat view shows from other features, handed in by the app (features do not import
// each other): the pinned bar and the forward dialog.
export interface ChatViewSlots {
  PinnedBar: ComponentType<{
    pinned: readonly ChatMessage[];
    onJump: (messageId: string) => void;
    onUnpin: (messageId: string) => void;
  }>;
  ForwardDialog: ComponentType<{
    /** What is forwarded, in order (the dialog previews it). */
    messages: readonly ChatMessage[];
    onClose: () => void;
    /** Forwarded to these chats. */
    onDone: (toChatIds: readonly string[]) => void;
  }>;
  /** A group's info panel (members, settings, leave); `onReport`: report the group (the chat view asks why). */
  GroupInfo: ComponentType<{ chatId: string; onClose: () => void; onReport?: () => void }>;
  /** Who received and read one of the user's group messages. */
  MessageInfo: ComponentType<{ message: ChatMessage; onClose: () => void }>;
  /** The chat's own background and sound (from its notification menu); none when absent. */
  ChatCustomize?: ComponentType<{ chatId: string; title: string; onClose: () => void }>;
  /** Reactions: the chips, the quick reactions, the pickers (reaction-slots.ts); none when absent. */
  reactions?: ReactionSlots;
  /** Files: in bubbles, the message box's tray, attach and record (file-slots.ts); none when absent. */
  files?: FileSlots;
  /** Scheduled messages: the composer's schedule dialog and the bar above it (schedule-slots.ts); none when absent. */
  schedule?: ScheduleSlots;
}

export function ChatView({
  chatId,
  threadId = null,
  highlight = null,
  onSearch,
  PinnedBar,
  ForwardDialog,
  GroupInfo,
  MessageInfo,
  ChatCustomize,
  reactions,
  files,
  schedule,
}: {
  chatId: string;
  /** The root of the thread whose panel is open. */
  threadId?: string | null;
  /**
   * A search's result to show: the history around it loaded, scrolled to and flashed, its words
   * marked while the highlight is set (a thread-only reply opens its thread).
   */
  highlight?: SearchHighlight | null;
  /** The header's search button: search this chat. */
  onSearch?: () => void;
} & ChatViewSlots) {
  const t = useT();
  const store = useChatStore();
  const chat = useChats((s) => s.byId[chatId]);
  const left = useChats((s) => s.left[chatId] === true);
  const ready = useChats((s) => s.ready);
  const me = useSession((s) => s.user?.id ?? '');
  const users = useUsers();
  const st = useChatMessages(chatId);
  const pinned = usePinned(chatId);
  const connection = useConnection();
  const typing = useTypingText(chatId);
  const blockedIds = useBlockedIds();
  const connected = connection === 'connected';
  // Messages put back from the offline snapshot are current once caught up with the server, or
  // as current as they will get while it cannot be reached.
  const current = !st?.cached || connection === 'reconnecting' || connection === 'offline';
  const now = useNow();
  // The timeline: a window of older history while one is open (a reply's original far back),
  // else the newest messages; thread-only replies and hidden messages left out.
  const win = st?.window ?? null;
  const items = useMemo(() => timelineMessages(win?.items ?? st?.items ?? EMPTY), [win?.items, st?.items]);
  // The newest messages whatever is shown (slow mode, the Up key).
  const newestItems = useMemo(() => timelineMessages(st?.items ?? EMPTY), [st?.items]);

  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [forwarding, setForwarding] = useState<readonly ChatMessage[] | null>(null);
  const [jump, setJump] = useState<{ id: string; nonce: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [showInfo, setShowInfo] = useState(false);
  const [infoFor, setInfoFor] = useState<ChatMessage | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<readonly ViewMessage[] | null>(null);
  const [historyId, setHistoryId] = useState<string | null>(null);
  const [replying, setReplying] = useState<Replying | null>(null);
  const [reactingTo, setReactingTo] = useState<ViewMessage | null>(null);
  const [showPerson, setShowPerson] = useState(false);
  const [blocking, setBlocking] = useState<BlockTarget | null>(null);
  const [reporting, setReporting] = useState<ReportTarget | null>(null);
  const [customizing, setCustomizing] = useState(false);
  const reactionContext = useMemo<ReactionContext | null>(
    () => (reactions ? { slots: reactions, chatId, canReact: !left } : null),
    [reactions, chatId, left],
  );
  const lastAnnounced = useRef<{ chatId: string; id?: string } | null>(null);

  // Leaving the chat ends selection.
  useEffect(() => {
    setSelecting(false);
    setSelected(new Set());
    setForwarding(null);
    setJump(null);
    setEditing(null);
    setDeleting(null);
    setHistoryId(null);
    setReplying(null);
    setReactingTo(null);
    setShowPerson(false);
    setBlocking(null);
    setReporting(null);
    setCustomizing(false);
  }, [chatId]);

  // The message being edited was deleted meanwhile: nothing to save.
  useEffect(() => {
    if (!editing) return;
    const m = store.findMessage(chatId, editing.id);
    if (!m || m.deleted) setEditing(null);
  }, [store, chatId, editing, st]);

  // Announce messages from others as they arrive (not the history loaded on open).
  useEffect(() => {
    const last = newestItems[newestItems.length - 1];
    const prev = lastAnnounced.current;
    lastAnnounced.current = { chatId, id: last?.id };
    if (!last || !prev || prev.chatId !== chatId || prev.id === undefined || prev.id === last.id) return;
    if (last.senderId !== me) {
      setAnnouncement(isSystem(last) ? last.content : translate('chat.newMessageFrom', { name: userName(users, last.senderId), text: last.content }));
    }
  }, [newestItems, chatId, me, users]);

  const endSelection = useCallback(() => {
    setSelecting(false);
    setSelected(new Set());
  }, []);

  // Esc leaves selection mode when it is on top (dialogs handle their own Esc).
  useEscapeLayer(endSelection, selecting);

  // The Up key in the empty message box: the user's last message that can still be edited. Read
  // through a ref, so the composer is not rendered again by every message.
  const itemsRef = useRef(newestItems);
  itemsRef.current = newestItems;
  const editLast = useCallback(() => {
    const m = lastEditable(itemsRef.current, me, Date.now(), chat?.settings?.editWindowSeconds);
    if (m) setEditing({ id: m.id, content: messageText(m), ...(hasAttachments(m) ? { files: true } : {}) });
    return m !== undefined;
  }, [me, chat?.settings?.editWindowSeconds]);
  const endEditing = useCallback(() => setEditing(null), []);

  const usersRef = useRef(users);
  usersRef.current = users;
  const onAction = useCallback(
    (action: MessageAction, m: ViewMessage, extra?: ActionExtra) => {
      switch (action) {
        case 'reply':
        case 'quote':
          setEditing(null);
          setReplying({
            id: m.id,
            senderName: m.senderId === me ? translate('chat.reply.yourself') : userName(usersRef.current, m.senderId),
            excerpt: m.content,
            ...(action === 'quote' && extra?.quote ? { quote: extra.quote } : {}),
          });
          return;
        case 'thread':
          navigate({ name: 'chat', chatId, thread: m.id });
          return;
        case 'copy':
          void copyText(messageText(m)).then((ok) =>
            store.showToast(ok ? translate('chat.copied') : translate('chat.copyFailed')),
          );
          return;
        case 'forward':
          setForwarding([m]);
          return;
        case 'pin':
        case 'unpin':
          void store.pin(m.id, action === 'pin');
          return;
        case 'select':
          setSelecting(true);
          setSelected((prev) => {
            const next = new Set(prev);
            if (next.has(m.id)) next.delete(m.id);
            else next.add(m.id);
            return next;
          });
          return;
        case 'retry':
          store.retry(chatId, m.id);
          return;
        case 'discard':
          store.discard(chatId, m.id);
          return;
        case 'forget':
          store.forgetHeld(chatId, m.id);
          return;
        case 'info':
          setInfoFor(m);
          return;
        case 'edit':
          setEditing({ id: m.id, content: messageText(m), ...(hasAttachments(m) ? { files: true } : {}) });
          return;
        case 'history':
          setHistoryId(m.id);
          return;
        case 'delete':
          setDeleting([m]);
          return;
        case 'react':
          setReactingTo(m);
          return;
        case 'report':
          setReporting({ kind: 'message', targetId: m.id, userId: m.senderId, name: userName(usersRef.current, m.senderId) });
          return;
        case 'block':
          setBlocking({ id: m.senderId, name: userName(usersRef.current, m.senderId) });
          return;
        case 'unblock':
          store.blocks.unblock(m.senderId).catch((err: unknown) => store.showToast(blockErrorText(err, false)));
          return;
      }
    },
    [store, chatId, me],
  );

  /** A window of older history is open but `messageId` is not in it: back to the newest messages. */
  const showNewest = useCallback(
    (messageId: string) => {
      const held = store.slices.messages.entry(chatId);
      if (held?.window && !held.window.items.some((m) => m.id === messageId)) store.leaveWindow(chatId);
    },
    [store, chatId],
  );

  const jumpTo = useCallback(
    async (messageId: string) => {
      showNewest(messageId);
      const found = await store.ensureLoaded(chatId, messageId);
      if (found) setJump({ id: messageId, nonce: Date.now() });
      else store.showToast(translate('chat.messageGone'));
    },
    [store, chatId, showNewest],
  );

  /**
   * A reply's original, however far back: loaded around it when not held, scrolled to and
   * flashed; one that is a thread-only reply opens its thread.
   */
  const jumpToOriginal = useCallback(
    async (messageId: string) => {
      const found = await store.loadAround(chatId, messageId);
      const m = found ? store.findMessage(chatId, messageId) : undefined;
      if (!m || m.hidden) {
        store.showToast(translate('chat.messageGone'));
      } else if (m.threadRootId && !m.alsoToChat) {
        navigate({ name: 'chat', chatId, thread: m.threadRootId });
      } else {
        showNewest(messageId);
        setJump({ id: messageId, nonce: Date.now() });
      }
    },
    [store, chatId, showNewest],
  );
  const onJumpTo = useCallback((id: string) => void jumpToOriginal(id), [jumpToOriginal]);

  // A search's result: shown once the chat's messages are there, once per jump. Opened by one,
  // the chat leaves the keyboard to the search (its box goes on moving through the results).
  const ours = highlight?.chatId === chatId ? highlight : null;
  const [openedBySearch] = useState(() => ours !== null);
  const loaded = st?.loaded ?? false;
  const searchJumped = useRef<number | null>(null);
  useEffect(() => {
    if (!ours || !loaded || searchJumped.current === ours.nonce) return;
    searchJumped.current = ours.nonce;
    void jumpToOriginal(ours.messageId);
  }, [ours, loaded, jumpToOriginal]);
  const endReply = useCallback(() => setReplying(null), []);
  const closeThread = useCallback(() => {
    navigate({ name: 'chat', chatId });
    // Focus goes back to the root in the timeline, where the thread was opened.
    requestAnimationFrame(() => {
      if (threadId) document.querySelector<HTMLElement>(`[data-bubble="${CSS.escape(threadId)}"]`)?.focus();
    });
  }, [chatId, threadId]);

  const selectedInOrder = useMemo(() => items.filter((m) => selected.has(m.id)), [items, selected]);
  // The message as it is now: an edit while the dialog is open shows in it.
  const historyMessage = historyId ? (items.find((m) => m.id === historyId) ?? store.findMessage(chatId, historyId)) : undefined;

  if (!chat) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 bg-chat p-8 text-center">
        <p className="text-muted">{ready ? t('chat.unavailable') : t('common.loading')}</p>
        <button type="button" className="text-accent hover:underline" onClick={() => navigate({ name: 'home' })}>
          {t('chat.backToChats')}
        </button>
      </div>
    );
  }

  const group = isGroup(chat);
  const rights = groupRights(chat, left);
  const deleteContext: DeleteContext = { me, now: now.getTime(), role: group && !left ? chat.role : undefined };
  const peer = group ? undefined : users[peerId(chat, me)];
  const title = chatTitle(chat, me, users);
  // A private chat with someone the user blocked: nothing can be sent there.
  const blockedId = blockedPeer(chat, me, blockedIds);
  // Presence is stale while this client is disconnected; say so instead.
  const status = group
    ? left
      ? t('chat.status.left')
      : memberCountText(chat.memberCount ?? chat.participants.length)
    : !connected
      ? t('chat.status.waiting')
      : peer
        ? presenceText(peer.isOnline, peer.lastSeen, now)
        : '';
  const heading = (
    <div className="min-w-0 text-start">
      <h2 className="truncate font-semibold" data-testid="chat-title" dir="auto">
        {title}
      </h2>
      {typing && connected && !left ? (
        <TypingLine text={typing} />
      ) : (
        <p
          className={`min-h-5 truncate text-sm ${!group && connected && peer?.isOnline ? 'text-online' : 'text-muted'}`}
          data-testid="peer-presence"
        >
          {status}
        </p>
      )}
      <TypingAnnouncer text={connected && !left ? typing : ''} />
    </div>
  );

  const searchButton = onSearch && (
    <button
      type="button"
      onClick={onSearch}
      aria-label={t('chat.search')}
      title={t('chat.searchShortcut', { key: shortcutText('searchChat') })}
      aria-keyshortcuts={ariaKeyShortcuts('searchChat')}
      className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
      data-testid="chat-search-button"
    >
      <SearchIcon />
    </button>
  );

  // What the chat notifies about and its mutes, its background and sound, and exporting it: not
  // for a group the user left.
  const notificationsMenu = !left && (
    <ChatNotificationsMenu
      chatId={chatId}
      title={title}
      onCustomize={ChatCustomize ? () => setCustomizing(true) : undefined}
      onExport={store.exports.available() ? () => navigate({ name: 'settings', section: 'data', chatId }) : undefined}
    />
  );

  const ReactionPicker = reactions?.ReactionPicker;
  const ReadReactions = reactions?.ReadReactions;
  return (
    <ReactionSlotsContext.Provider value={reactionContext}>
    <FileSlotsContext.Provider value={files ?? null}>
    <ScheduleSlotsContext.Provider value={schedule ?? null}>
    <div className="relative flex min-h-0 min-w-0 flex-1">
    <DropZone chatId={chatId} enabled={files !== undefined && !selecting && !left && !blockedId && (!group || rights.send)} label={group ? t('chat.dropLabel.group', { title }) : t('chat.dropLabel.private', { title })}>
      <header className="flex items-center gap-3 border-b border-line bg-panel px-2 py-2.5 md:px-5">
        <button
          type="button"
          onClick={() => navigate({ name: 'home' })}
          aria-label={t('chat.backToChats')}
          className="inline-flex size-9 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:hidden"
        >
          <BackIcon />
        </button>
        {group ? (
          <>
            <button
              type="button"
              onClick={() => setShowInfo(true)}
              className="flex min-w-0 flex-1 items-center gap-3 rounded-xl text-start"
              data-testid="group-header"
            >
              <Avatar id={chat.id} name={title} color={chat.avatarColor} />
              {heading}
            </button>
            {notificationsMenu}
            {searchButton}
            <button
              type="button"
              onClick={() => setShowInfo(true)}
              aria-label={t('chat.groupInfo')}
              title={t('chat.groupInfo')}
              className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
            >
              <InfoIcon />
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              onClick={() => setShowPerson(true)}
              className="flex min-w-0 flex-1 items-center gap-3 rounded-xl text-start"
              data-testid="person-header"
            >
              <Avatar id={peer?.id ?? chat.id} name={peer?.name ?? '?'} online={connected && !blockedId ? (peer?.isOnline ?? false) : undefined} />
              {heading}
            </button>
            {notificationsMenu}
            {searchButton}
            <button
              type="button"
              onClick={() => setShowPerson(true)}
              aria-label={t('chat.contactInfo')}
              title={t('chat.contactInfo')}
              className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
            >
              <InfoIcon />
            </button>
          </>
        )}
      </header>

      {pinned && pinned.length > 0 && (
        <PinnedBar pinned={pinned} onJump={(id) => void jumpTo(id)} onUnpin={(id) => void store.pin(id, false)} />
      )}

      <MessageList
        chatId={chatId}
        items={items}
        me={me}
        users={users}
        loaded={st?.loaded ?? false}
        current={current}
        hasOlder={st?.hasOlder ?? false}
        loadingOlder={st?.loadingOlder ?? false}
        selecting={selecting}
        selected={selected}
        jump={jump}
        onAction={onAction}
        group={group}
        canPin={!group || rights.pin}
        left={left}
        role={group && !left ? chat.role : undefined}
        editWindowSeconds={chat.settings?.editWindowSeconds}
        windowed={win ? { hasOlder: win.hasOlder, loadingOlder: win.loadingOlder, loadingNewer: win.loadingNewer } : null}
        onJumpTo={onJumpTo}
        highlight={ours}
        blocked={blockedIds}
      />

      {selecting ? (
        <SelectionBar
          count={selected.size}
          canDelete={!left && deleteChoices(selectedInOrder, deleteContext).forMe}
          onCancel={endSelection}
          onForward={() => setForwarding(selectedInOrder)}
          onDelete={() => setDeleting(selectedInOrder)}
        />
      ) : group && left ? (
        <div className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 border-t border-line bg-panel px-4 py-3 text-center text-sm" role="note" data-testid="not-member-note">
          <span>{t('chat.notMember')}</span>
          <button type="button" className="h-11 rounded-xl px-3 font-medium text-accent hover:bg-hover" onClick={() => setShowInfo(true)}>
            {t('chat.groupInfo')}
          </button>
        </div>
      ) : blockedId ? (
        <BlockedBar userId={blockedId} name={title} />
      ) : group && !rights.send ? (
        <p className="border-t border-line bg-panel px-4 py-4 text-center text-sm text-muted" role="note" data-testid="admins-only-note">
          {t('chat.adminsOnly')}
        </p>
      ) : (
        <>
        {schedule && <schedule.ScheduledBar chatId={chatId} />}
        <Composer
          chatId={chatId}
          autoFocus={!openedBySearch && (window.matchMedia?.('(min-width: 768px)').matches ?? true)}
          waitUntil={group ? slowModeUntil(chat, newestItems, me) : 0}
          editing={editing}
          onEditEnd={endEditing}
          onEditLast={editLast}
          replying={replying}
          onReplyEnd={endReply}
        />
        </>
      )}

      {/* The log screen readers announce politely: each message that arrives while the chat is
          open, with its sender. The list itself stays a list, so that loading earlier history
          is not read out. */}
      <div className="sr-only" role="log" aria-label={t('chat.list.arrivals')} aria-live="polite" aria-atomic="true" data-testid="live-region">
        {announcement}
      </div>

      {showInfo && group && (
        <GroupInfo
          chatId={chatId}
          onClose={() => setShowInfo(false)}
          onReport={() => {
            setShowInfo(false);
            setReporting({ kind: 'group', targetId: chatId, name: title });
          }}
        />
      )}
      {showPerson && !group && <PersonInfo userId={peerId(chat, me)} onClose={() => setShowPerson(false)} />}
      {blocking && <BlockDialog person={blocking} onClose={() => setBlocking(null)} />}
      {reporting && <ReportDialog target={reporting} onClose={() => setReporting(null)} />}
      {customizing && ChatCustomize && <ChatCustomize chatId={chatId} title={title} onClose={() => setCustomizing(false)} />}
      {infoFor && <MessageInfo message={infoFor} onClose={() => setInfoFor(null)} />}
      {historyMessage && !historyMessage.deleted && (
        <EditHistoryDialog message={historyMessage} onClose={() => setHistoryId(null)} />
      )}
      {deleting && (
        <DeleteDialog
          chatId={chatId}
          messages={deleting}
          choices={deleteChoices(deleting, deleteContext)}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDeleting(null);
            endSelection();
          }}
        />
      )}

      {forwarding && (
        <ForwardDialog
          messages={forwarding}
          onClose={() => setForwarding(null)}
          onDone={(to) => {
            setForwarding(null);
            endSelection();
            // One chat: go and see it there; several: stay, and say where they went.
            if (to.length === 1 && to[0]) navigate({ name: 'chat', chatId: to[0] });
            else store.showToast(translate('chat.forwardedTo', { count: to.length }));
          }}
        />
      )}
    </DropZone>
    {threadId && (
      <ThreadPanel
        key={threadId}
        chatId={chatId}
        rootId={threadId}
        chatTitle={title}
        onClose={closeThread}
        onAction={onAction}
        onJumpTo={onJumpTo}
        group={group}
        canPin={!group || rights.pin}
        left={left}
        role={group && !left ? chat.role : undefined}
        editWindowSeconds={chat.settings?.editWindowSeconds}
        canSend={!left && !blockedId && (!group || rights.send)}
        highlight={ours}
      />
    )}
    {ReactionPicker && reactingTo && (
      <ReactionPicker chatId={chatId} message={reactingTo} onClose={() => setReactingTo(null)} />
    )}
    {ReadReactions && <ReadReactions chatId={chatId} />}
    </div>
    </ScheduleSlotsContext.Provider>
    </FileSlotsContext.Provider>
    </ReactionSlotsContext.Provider>
  );
}

/** In place of the message box of a private chat with someone the user blocked. */
function BlockedBar({ userId, name }: { userId: string; name: string }) {
  const t = useT();
  const store = useChatStore();
  const unblocking = useBlocks().changing[userId] === false;
  return (
    <div
      className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 border-t border-line bg-panel px-4 py-3 text-center text-sm"
      role="note"
      data-testid="blocked-bar"
    >
      <span>{blockedNotice(name)}</span>
      <button
        type="button"
        disabled={unblocking}
        onClick={() => store.blocks.unblock(userId).catch((err: unknown) => store.showToast(blockErrorText(err, false)))}
        className="h-11 rounded-xl px-3 font-medium text-accent hover:bg-hover disabled:opacity-60"
      >
        {unblocking ? t('chat.unblocking') : t('chat.unblock')}
      </button>
    </div>
  );
}
