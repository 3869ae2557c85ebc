// Everyone on the server, searchable, with presence; choosing someone opens (or creates) the
// private chat with them.
import { useMemo, useRef, useState, useEffect } from 'react';

import { useChatState, useChatStore } from '../../app/store-context';
import { navigate } from '../../app/router';
import { Avatar } from '../../shared/Avatar';
import { presenceText } from '../../shared/format';
import { BackIcon, SearchIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';

export function UserDirectory({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const users = useChatState((s) => s.users);
  const me = useChatState((s) => s.auth.user?.id ?? '');
  const now = useNow();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    searchRef.current?.focus();
    store.refreshDirectory();
  }, [store]);

  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    return Object.values(users)
      .filter((u) => u.id !== me)
      .filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))
      .sort((a, b) => Number(b.isOnline ?? false) - Number(a.isOnline ?? false) || a.name.localeCompare(b.name));
  }, [users, me, query]);

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
    <section aria-label="People" className="flex min-h-0 flex-1 flex-col" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="flex items-center gap-2 px-3 pt-3 pb-2">
        <button
          type="button"
          onClick={onClose}
          aria-label="Back to chats"
          className="inline-flex size-9 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
        >
          <BackIcon />
        </button>
        <h2 className="text-base font-semibold">New chat</h2>
      </div>
      <div className="px-3 pb-2">
        <label className="flex h-10 items-center gap-2 rounded-xl bg-panel-2 px-3 text-muted focus-within:ring-2 focus-within:ring-accent/30">
          <SearchIcon size={18} />
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search people"
            aria-label="Search people"
            className="min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
          />
        </label>
      </div>
      <ul className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 pb-3" aria-label="People on this server">
        {list.length === 0 && (
          <li className="px-4 py-10 text-center text-sm text-muted">
            {query ? 'Nobody matches that search.' : 'Nobody else is here yet. Invite someone to register!'}
          </li>
        )}
        {list.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              onClick={() => void open(u.id)}
              disabled={busy !== null}
              data-user-id={u.id}
              aria-label={`Chat with ${u.name}, ${presenceText(u.isOnline, u.lastSeen, now)}`}
              className="flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-left transition hover:bg-hover disabled:opacity-60"
            >
              <Avatar id={u.id} name={u.name} online={u.isOnline ?? false} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">{u.name}</span>
                <span className={`block truncate text-sm ${u.isOnline ? 'text-online' : 'text-muted'}`}>
                  {presenceText(u.isOnline, u.lastSeen, now)}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
