// The left column: who is signed in, the connection, Do not disturb while it is on, and either the chat list (with the chat
// switcher's "Find or start a chat" and the message search's button above it) or the people
// directory. On phone widths it fills the screen when no chat is open. It reads only the
// signed-in user: the list (ChatList) reads the chats, each line (ChatListItem) its own chat,
// so a message renders only the line of its chat (and the list when the order changes).
import { useCallback, useState, type ComponentType } from 'react';

import { useDnd, useFollowed, useSession } from '../../app/store-context';
import { followedUnread } from '../../client/threads';
import { Avatar } from '../../shared/Avatar';
import { DndIndicator } from '../../shared/DndIndicator';
import { navigate } from '../../app/router';
import { GroupIcon, MessageSearchIcon, NewChatIcon, SearchIcon, ThreadIcon } from '../../shared/icons';
import { ariaKeyShortcuts, shortcutText } from '../../shared/shortcuts';
import { ChatList } from './ChatList';
import { formatNumber, useT } from '../../i18n';

// What the sidebar shows from other features, handed in by the app (features do not import
// each other): the connection state, the people directory and the account menu (profile, log out).
export interface SidebarSlots {
  ConnectionIndicator: ComponentType;
  /** The account menu; `onShortcuts`: its "Keyboard shortcuts" (the help the app shows). */
  AccountMenu: ComponentType<{ onShortcuts?: () => void }>;
  UserDirectory: ComponentType<{ onClose: () => void }>;
  /** Creating a group; onCreated with its id. */
  NewGroupDialog: ComponentType<{ onClose: () => void; onCreated: (chatId: string) => void }>;
  /** The threads the user follows (shown instead of the chat list). */
  ThreadsList: ComponentType<{ onClose: () => void; activeThreadId: string | null }>;
}

export function Sidebar({
  activeChatId,
  covered = false,
  hidden = false,
  onSearch,
  onSwitch,
  onShortcuts,
  ConnectionIndicator,
  UserDirectory,
  AccountMenu,
  NewGroupDialog,
  ThreadsList,
  activeThreadId = null,
}: {
  activeChatId: string | null;
  /** The thread whose panel is open, if any. */
  activeThreadId?: string | null;
  /** The main area shows a page of its own (an invite link's): on phones, it fills the screen. */
  covered?: boolean;
  /** Something takes its place (the search): kept, not shown. */
  hidden?: boolean;
  /** The search button above the chat list: search every chat. */
  onSearch?: () => void;
  /** "Find or start a chat" above the chat list: the chat switcher (as Ctrl/Cmd+K). */
  onSwitch?: () => void;
  /** The account menu's "Keyboard shortcuts": the help (as `?`). */
  onShortcuts?: () => void;
} & SidebarSlots) {
  const t = useT();
  const me = useSession((s) => s.user);
  const [showPeople, setShowPeople] = useState(false);
  const [newGroup, setNewGroup] = useState(false);
  const [showThreads, setShowThreads] = useState(false);
  const threadsUnread = useFollowed(followedUnread);
  const dnd = useDnd();
  const closeThreads = useCallback(() => setShowThreads(false), []);

  if (!me) return null;

  return (
    <aside
      aria-label={t('chats.title')}
      className={`min-h-0 w-full flex-col border-line bg-panel md:w-[340px] md:shrink-0 md:border-e ${
        hidden ? 'hidden' : activeChatId || covered ? 'hidden md:flex' : 'flex'
      }`}
    >
      <header className="flex items-center gap-2 border-b border-line py-2 pe-2 ps-4 md:gap-1 md:py-3">
        <Avatar id={me.id} name={me.name} size="sm" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold" data-testid="me-name" dir="auto">
            {me.name}
          </p>
          <ConnectionIndicator />
          {dnd && <DndIndicator until={dnd.until} timeZone={dnd.timeZone} now={dnd.now} />}
        </div>
        <button
          type="button"
          onClick={() => {
            setShowPeople(false);
            setShowThreads((v) => !v);
          }}
          aria-label={threadsUnread > 0 ? t('chats.threadsUnread', { count: threadsUnread }) : t('chats.threads')}
          aria-pressed={showThreads}
          title={t('chats.threads')}
          className={`relative inline-flex size-11 items-center justify-center rounded-full transition md:size-9 ${
            showThreads ? 'bg-active text-accent' : 'text-muted hover:bg-hover hover:text-fg'
          }`}
          data-testid="threads-button"
        >
          <ThreadIcon />
          {threadsUnread > 0 && (
            <span
              className="absolute -top-0.5 -end-0.5 inline-flex h-4 min-w-4 items-center justify-center rounded-full bg-accent px-1 text-[10px] font-semibold text-on-accent"
              data-testid="threads-unread"
              aria-hidden="true"
            >
              {threadsUnread > 99 ? `${formatNumber(99)}+` : formatNumber(threadsUnread)}
            </span>
          )}
        </button>
        <button
          type="button"
          onClick={() => {
            setShowThreads(false);
            setShowPeople(true);
          }}
          aria-label={t('chats.newChat')}
          title={t('chats.newChat')}
          className="inline-flex size-11 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg md:size-9"
        >
          <NewChatIcon />
        </button>
        <button
          type="button"
          onClick={() => setNewGroup(true)}
          aria-label={t('chats.newGroup')}
          title={t('chats.newGroup')}
          className="inline-flex size-11 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg md:size-9"
        >
          <GroupIcon />
        </button>
        <AccountMenu onShortcuts={onShortcuts} />
      </header>

      {showPeople ? (
        <UserDirectory onClose={() => setShowPeople(false)} />
      ) : showThreads ? (
        <ThreadsList onClose={closeThreads} activeThreadId={activeThreadId} />
      ) : (
        <>
          {onSwitch ? (
            <div className="flex gap-1.5 px-3 pt-2.5">
              <button
                type="button"
                onClick={onSwitch}
                aria-keyshortcuts={ariaKeyShortcuts('switcher')}
                title={t('chats.switchShortcut', { key: shortcutText('switcher') })}
                className="flex h-10 min-w-0 flex-1 items-center gap-2 rounded-xl bg-panel-2 px-3 text-start text-[15px] text-muted transition hover:bg-hover hover:text-fg max-md:h-11"
                data-testid="switcher-open-button"
              >
                <SearchIcon size={18} className="shrink-0" />
                <span className="min-w-0 flex-1 truncate">{t('chats.switch')}</span>
                <kbd className="hidden shrink-0 rounded-md border border-line px-1.5 font-sans text-xs md:inline" aria-hidden="true">
                  {shortcutText('switcher')}
                </kbd>
              </button>
              {onSearch && (
                <button
                  type="button"
                  onClick={onSearch}
                  aria-label={t('chats.search')}
                  title={t('chats.searchShortcut', { key: shortcutText('searchAll') })}
                  aria-keyshortcuts={ariaKeyShortcuts('searchAll')}
                  className="inline-flex size-10 shrink-0 items-center justify-center rounded-xl bg-panel-2 text-muted transition hover:bg-hover hover:text-fg max-md:size-11"
                  data-testid="search-open-button"
                >
                  <MessageSearchIcon />
                </button>
              )}
            </div>
          ) : (
            onSearch && (
              <div className="px-3 pt-2.5">
                <button
                  type="button"
                  onClick={onSearch}
                  title={t('chats.searchShortcut', { key: shortcutText('searchAll') })}
                  aria-keyshortcuts={ariaKeyShortcuts('searchAll')}
                  className="flex h-10 w-full items-center gap-2 rounded-xl bg-panel-2 px-3 text-start text-[15px] text-muted transition hover:bg-hover hover:text-fg max-md:h-11"
                  data-testid="search-open-button"
                >
                  <SearchIcon size={18} />
                  {t('chats.search')}
                </button>
              </div>
            )
          )}
          <ChatList me={me.id} activeChatId={activeChatId} onFindPeople={() => setShowPeople(true)} />
        </>
      )}
      {newGroup && (
        <NewGroupDialog
          onClose={() => setNewGroup(false)}
          onCreated={(chatId) => {
            setNewGroup(false);
            setShowPeople(false);
            navigate({ name: 'chat', chatId });
          }}
        />
      )}
    </aside>
  );
}
