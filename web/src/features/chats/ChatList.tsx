// The chat list: one line per chat, newest activity first. It reads the order of the chats
// (which changes when a chat gets a newer message than the one above it, not with every
// message) and hands each line its chat's id; the line reads its own summary.
import { useConnection, useChatList, useChats } from '../../app/store-context';
import { navigate } from '../../app/router';
import { useNow } from '../../shared/useNow';
import { ChatListItem } from './ChatListItem';
import { useT } from '../../i18n';

/** The list's element id: the app moves focus here after sign-in. */
export const CHAT_LIST_ID = 'chat-list';

// The same function for every render, so that list items that did not change are not rendered.
const openChat = (chatId: string) => navigate({ name: 'chat', chatId });

export function ChatList({
  me,
  activeChatId,
  onFindPeople,
}: {
  me: string;
  activeChatId: string | null;
  onFindPeople: () => void;
}) {
  const t = useT();
  const order = useChatList((s) => s.order);
  const ready = useChats((s) => s.ready);
  const connected = useConnection() === 'connected';
  const now = useNow();

  return (
    <nav id={CHAT_LIST_ID} tabIndex={-1} aria-label={t('chats.list')} className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 py-2">
      {order.length === 0 ? (
        <div className="flex flex-col items-center gap-3 px-6 py-14 text-center">
          <p className="text-sm text-muted">
            {ready ? t('chats.empty') : t('chats.loading')}
          </p>
          {ready && (
            <button
              type="button"
              onClick={onFindPeople}
              className="rounded-xl bg-accent px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-strong"
            >
              {t('chats.findPeople')}
            </button>
          )}
        </div>
      ) : (
        <ul className="flex flex-col gap-0.5">
          {order.map((id) => (
            <ChatListItem
              key={id}
              chatId={id}
              me={me}
              active={id === activeChatId}
              now={now}
              connected={connected}
              onOpen={openChat}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
