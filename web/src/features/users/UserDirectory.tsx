// Everyone on the server, searched and paged by the server (GET /api/v1/directory), with
// presence; choosing someone opens (or creates) the private chat with them. Further pages load
// when the end of the list scrolls into view, or with the "Show more people" button.
import { useT } from '../../i18n';
import { useMemo, useRef, useState, useEffect } from 'react';

import { useChatStore, useSession, useUsers } from '../../app/store-context';
import { navigate } from '../../app/router';
import { Avatar } from '../../shared/Avatar';
import { presenceText } from '../../shared/format';
import { BackIcon, SearchIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';

import { useDirectorySearch } from './useDirectorySearch';

export function UserDirectory({ onClose }: { onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const live = useUsers();
  const me = useSession((s) => s.user?.id ?? '');
  const now = useNow();
  const [view, search] = useDirectorySearch();
  const [busy, setBusy] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const endRef = useRef<HTMLLIElement>(null);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  // Infinite scroll: the sentinel after the last row asks for the next page when it shows.
  useEffect(() => {
    const end = endRef.current;
    if (!end || !view.hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) search.loadMore();
    });
    observer.observe(end);
    return () => observer.disconnect();
  }, [search, view.hasMore, view.users.length]);

  // The people on the pages shown are watched: their presence changes arrive live in the
  // store (the server sends only contacts' otherwise). Unwatched when the directory closes.
  const watchedRef = useRef(new Set<string>());
  useEffect(() => {
    const fresh = view.users.filter((u) => !watchedRef.current.has(u.id));
    if (fresh.length === 0) return;
    for (const u of fresh) watchedRef.current.add(u.id);
    store.watchPresence(fresh);
  }, [store, view.users]);
  useEffect(() => {
    const watched = watchedRef.current;
    return () => store.unwatchPresence([...watched]);
  }, [store]);

  // Presence changes arrive live in the store; the page holds what it was when fetched.
  const list = useMemo(
    () =>
      view.users
        .filter((u) => u.id !== me)
        .map((u) => {
          const l = live[u.id];
          return l ? { ...u, isOnline: l.isOnline, lastSeen: l.lastSeen } : u;
        }),
    [view.users, live, me],
  );
  const query = view.query;

  async function open(userId: string) {
    setBusy(userId);
    try {
      const chatId = await store.startChatWith(userId);
      onClose();
      navigate({ name: 'chat', chatId });
    } catch {
      // The store shows a toast.
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-label={t('users.title')} className="flex min-h-0 flex-1 flex-col" onKeyDown={(e) => {
        // Esc inside the directory goes back to the chat list.
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}>
      <div className="flex items-center gap-2 px-3 pt-3 pb-2">
        <button
          type="button"
          onClick={onClose}
          aria-label={t('chat.backToChats')}
          className="inline-flex size-9 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
        >
          <BackIcon />
        </button>
        <h2 className="text-base font-semibold">{t('users.newChat')}</h2>
      </div>
      <div className="px-3 pb-2">
        <label className="flex h-10 items-center gap-2 rounded-xl bg-panel-2 px-3 text-muted focus-within:ring-2 focus-within:ring-accent/30">
          <SearchIcon size={18} />
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => search.setQuery(e.target.value)}
            placeholder={t('users.search')}
            aria-label={t('users.search')}
            className="min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
          />
        </label>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {view.loading ? t('common.searching') : view.loaded ? t(view.hasMore ? 'users.countMore' : 'users.count', { count: list.length }) : ''}
      </p>
      <ul
        className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 pb-3"
        aria-label={t('users.list')}
        aria-busy={view.loading}
      >
        {view.loaded && !view.loading && !view.error && list.length === 0 && (
          <li className="px-4 py-10 text-center text-sm text-muted">
            {query.trim() ? t('users.noMatch') : t('users.empty')}
          </li>
        )}
        {list.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              onClick={() => void open(u.id)}
              disabled={busy !== null}
              data-user-id={u.id}
              className="flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-start transition hover:bg-hover disabled:opacity-60"
            >
              <Avatar id={u.id} name={u.name} online={u.isOnline ?? false} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">
                  <span className="sr-only">{t('users.chatWith')} </span>
                  <bdi>{u.name}</bdi>
                </span>
                <span className={`block truncate text-sm ${u.isOnline ? 'text-online' : 'text-muted'}`}>
                  {presenceText(u.isOnline, u.lastSeen, now)}
                </span>
              </span>
            </button>
          </li>
        ))}
        {view.error && (
          <li className="flex flex-col items-center gap-2 px-4 py-6 text-center text-sm" role="alert">
            <span className="text-danger">{t('users.loadFailed', { error: view.error })}</span>
            <button
              type="button"
              onClick={() => search.retry()}
              className="rounded-lg bg-panel-2 px-3 py-1.5 font-medium text-fg hover:bg-hover"
            >
              {t('common.tryAgain')}
            </button>
          </li>
        )}
        {view.loading && (
          <li className="px-4 py-4 text-center text-sm text-muted" aria-hidden="true">
            {t('common.loading')}
          </li>
        )}
        {view.hasMore && !view.loading && !view.error && (
          <li ref={endRef} className="px-2 py-2">
            <button
              type="button"
              onClick={() => search.loadMore()}
              className="w-full rounded-xl px-3 py-2.5 text-sm font-medium text-accent hover:bg-hover"
            >
              {t('users.more')}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
