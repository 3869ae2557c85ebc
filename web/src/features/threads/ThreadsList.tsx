// The threads the user follows (theirs, and those they replied in or chose to follow), latest
// reply first: the chat, the root's sender and text, "N replies · last reply time" and the
// unread count. A thread opens in its chat's thread panel. Shown in the sidebar instead of the
// chat list; it asks the server for the list again when it opens. Esc inside it, or its back
// button, goes back to the chat list.
import { useEffect, useState } from 'react';

import { navigate, routePath } from '../../app/router';
import { useChatStore, useChats, useFollowed, useSession, useUsers } from '../../app/store-context';
import { chatTitle, userName } from '../../client/selectors';
import { BackIcon } from '../../shared/icons';
import { listTime } from '../../shared/format';
import { useNow } from '../../shared/useNow';
import { formatNumber, useT } from '../../i18n';

export function ThreadsList({ onClose, activeThreadId }: { onClose: () => void; activeThreadId: string | null }) {
  const t = useT();
  const store = useChatStore();
  const followed = useFollowed((f) => f);
  const chats = useChats((s) => s.byId);
  const users = useUsers();
  const me = useSession((s) => s.user?.id ?? '');
  const now = useNow(60000);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    void store.threads.refreshFollowed();
  }, [store]);

  const more = async () => {
    setLoadingMore(true);
    try {
      await store.threads.loadMoreFollowed();
    } catch {
      store.showToast(t('chats.threads.moreFailed'));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section
      aria-labelledby="threads-heading"
      className="flex min-h-0 flex-1 flex-col"
      data-testid="threads-list"
      onKeyDown={(e) => {
        // Esc inside the list goes back to the chat list.
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="flex items-center gap-2 border-b border-line px-2 py-2">
        <button
          type="button"
          onClick={onClose}
          aria-label={t('chat.backToChats')}
          className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
        >
          <BackIcon />
        </button>
        <h2 id="threads-heading" className="font-semibold">
          {t('chats.threads')}
        </h2>
      </div>
      <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 py-2">
        {followed.threads.length === 0 ? (
          <p className="px-6 py-14 text-center text-sm text-muted">
            {followed.loaded ? t('chats.threads.empty') : t('chats.threads.loading')}
          </p>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {followed.threads.map((th) => {
              const chat = chats[th.chatId];
              const title = chat ? chatTitle(chat, me, users) : t('chats.threads.chat');
              const root = th.root;
              const replies = root.thread?.replyCount ?? 0;
              const last = root.thread?.lastReplyAt ? listTime(root.thread.lastReplyAt, now) : '';
              const sender = root.senderId === me ? t('common.you') : userName(users, root.senderId);
              const text = root.deleted ? t('chat.deletedMessage') : root.content;
              const to = { name: 'chat' as const, chatId: th.chatId, thread: root.id };
              const active = activeThreadId === root.id;
              return (
                <li key={root.id}>
                  <a
                    href={routePath(to)}
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      navigate(to);
                    }}
                    aria-current={active ? 'true' : undefined}
                    className={`flex flex-col gap-0.5 rounded-xl px-3 py-2.5 hover:bg-hover ${active ? 'bg-active' : ''}`}
                    data-testid="thread-item"
                    data-root-id={root.id}
                  >
                    <span className="flex items-center gap-2">
                      <span className="min-w-0 flex-1 truncate text-xs font-semibold text-accent">
                        <span className="sr-only">{t('chats.threads.in')} </span>
                        <bdi>{title}</bdi>
                      </span>
                      {last && (
                        <span className="shrink-0 text-xs text-muted">
                          <span className="sr-only">{t('chats.threads.lastReply')} </span>
                          {last}
                        </span>
                      )}
                    </span>
                    <span className="flex items-center gap-2">
                      <span className={`min-w-0 flex-1 truncate text-sm ${root.deleted ? 'italic text-muted' : ''}`} dir="auto">
                        <bdi className="font-medium">{t('chats.sender', { name: sender })}</bdi>{' '}
                        {text}
                        <span className="sr-only">.</span>
                      </span>
                      {th.unread > 0 && (
                        <span
                          className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold text-on-accent"
                          data-testid="thread-unread"
                        >
                          {formatNumber(th.unread)}
                          <span className="sr-only"> {t('chats.threads.unread')}</span>
                        </span>
                      )}
                    </span>
                    <span className="text-xs text-muted" data-testid="thread-replies">
                      {t('chat.replies', { count: replies })}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
        {followed.next && (
          <div className="flex justify-center py-2">
            <button
              type="button"
              onClick={() => void more()}
              disabled={loadingMore}
              className="h-11 rounded-xl px-4 text-sm font-medium text-accent hover:bg-hover md:h-9"
            >
              {loadingMore ? t('common.loading') : t('chats.threads.more')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
