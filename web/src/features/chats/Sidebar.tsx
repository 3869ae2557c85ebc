// The left column: who is signed in, the connection, and either the chat list or the people
// directory. On phone widths it fills the screen when no chat is open.
import { useMemo, useState, type ComponentType } from 'react';

import { useChatState, useChatStore } from '../../app/store-context';
import { navigate } from '../../app/router';
import { chatSummaries } from '../../client/selectors';
import { Avatar } from '../../shared/Avatar';
import { LogoutIcon, NewChatIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { ChatListItem } from './ChatListItem';

// The same function for every render, so that list items that did not change are not rendered.
const openChat = (chatId: string) => navigate({ name: 'chat', chatId });

// What the sidebar shows from other features, handed in by the app (features do not import
// each other): the connection state and the people directory.
export interface SidebarSlots {
  ConnectionIndicator: ComponentType;
  UserDirectory: ComponentType<{ onClose: () => void }>;
}

export function Sidebar({
  activeChatId,
  ConnectionIndicator,
  UserDirectory,
}: { activeChatId: string | null } & SidebarSlots) {
  const store = useChatStore();
  const me = useChatState((s) => s.auth.user);
  const chats = useChatState((s) => s.chats);
  const messages = useChatState((s) => s.messages);
  const users = useChatState((s) => s.users);
  const ready = useChatState((s) => s.ready);
  const connected = useChatState((s) => s.connection === 'connected');
  const [showPeople, setShowPeople] = useState(false);
  const now = useNow();

  const summaries = useMemo(
    () => chatSummaries({ ...store.getState(), chats, messages, users }),
    [store, chats, messages, users],
  );

  if (!me) return null;

  return (
    <aside
      aria-label="Chats"
      className={`flex min-h-0 w-full flex-col border-line bg-panel md:w-[340px] md:shrink-0 md:border-r ${
        activeChatId ? 'hidden md:flex' : 'flex'
      }`}
    >
      <header className="flex items-center gap-3 border-b border-line px-4 py-3">
        <Avatar id={me.id} name={me.name} size="sm" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold" data-testid="me-name">
            {me.name}
          </p>
          <ConnectionIndicator />
        </div>
        <button
          type="button"
          onClick={() => setShowPeople(true)}
          aria-label="New chat"
          title="New chat"
          className="inline-flex size-9 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg"
        >
          <NewChatIcon />
        </button>
        <button
          type="button"
          onClick={() => {
            void store.logout();
            navigate({ name: 'login' }, true);
          }}
          aria-label="Log out"
          title="Log out"
          className="inline-flex size-9 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg"
        >
          <LogoutIcon />
        </button>
      </header>

      {showPeople ? (
        <UserDirectory onClose={() => setShowPeople(false)} />
      ) : (
        <nav aria-label="Chat list" className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 py-2">
          {summaries.length === 0 ? (
            <div className="flex flex-col items-center gap-3 px-6 py-14 text-center">
              <p className="text-sm text-muted">
                {ready ? 'No chats yet. Start one with someone on this server.' : 'Loading your chats…'}
              </p>
              {ready && (
                <button
                  type="button"
                  onClick={() => setShowPeople(true)}
                  className="rounded-xl bg-accent px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-strong"
                >
                  Find people
                </button>
              )}
            </div>
          ) : (
            <ul className="flex flex-col gap-0.5">
              {summaries.map((s) => (
                <ChatListItem
                  key={s.chat.id}
                  summary={s}
                  me={me.id}
                  active={s.chat.id === activeChatId}
                  now={now}
                  connected={connected}
                  onOpen={openChat}
                />
              ))}
            </ul>
          )}
        </nav>
      )}
    </aside>
  );
}
