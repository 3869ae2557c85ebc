// Choosing people: the server's directory searched as one types (GET /api/v1/directory, through
// `fetchPage`), each person a checkbox, the chosen ones shown above as chips that remove them
// (unless the caller lists them itself). People in `exclude` (the user, a group's members) are
// not offered. Used by the group dialogs (features/groups/MemberPicker) and the privacy
// exceptions (features/account).
import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';

import { DirectorySearch, type FetchDirectoryPage } from '../client/directory';
import type { User } from '../client/types';
import { Avatar } from './Avatar';
import { CloseIcon, SearchIcon } from './icons';
import { useT } from '../i18n';

export interface PeoplePickerProps {
  selected: readonly User[];
  onChange: (next: readonly User[]) => void;
  /** Not offered: the user, a group's members. */
  exclude: ReadonlySet<string>;
  /** Search box label. */
  label?: string;
  /** Chips of the chosen people above the search (false: the caller shows them). */
  showChosen?: boolean;
  /** What the list says when nobody is left to offer and nothing is searched. */
  emptyText?: string;
}

export function PeoplePicker({
  fetchPage,
  selected,
  onChange,
  exclude,
  label,
  showChosen = true,
  emptyText,
}: PeoplePickerProps & { fetchPage: FetchDirectoryPage }) {
  const t = useT();
  const [search] = useState(() => new DirectorySearch(fetchPage));
  useEffect(() => {
    search.start();
    return () => search.dispose();
  }, [search]);
  const view = useSyncExternalStore(search.subscribe, search.getState);
  const listId = useId();
  const chosen = useMemo(() => new Set(selected.map((u) => u.id)), [selected]);
  const people = view.users.filter((u) => !exclude.has(u.id));

  const toggle = (u: User) => onChange(chosen.has(u.id) ? selected.filter((x) => x.id !== u.id) : [...selected, u]);

  return (
    <div className="flex min-h-0 flex-col gap-2">
      {showChosen && selected.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t('common.chosenPeople')} data-testid="chosen-people">
          {selected.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                onClick={() => toggle(u)}
                aria-label={t('common.removeName', { name: u.name })}
                className="inline-flex h-9 items-center gap-1.5 rounded-full bg-accent-soft py-1 pe-2 ps-1 text-sm font-medium text-accent hover:opacity-90"
              >
                <Avatar id={u.id} name={u.name} size="sm" />
                <span className="max-w-32 truncate" dir="auto">{u.name}</span>
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="flex h-11 shrink-0 items-center gap-2 rounded-xl bg-panel-2 px-3 text-muted focus-within:ring-2 focus-within:ring-accent/30">
        <SearchIcon size={18} />
        <input
          type="search"
          value={view.query}
          onChange={(e) => search.setQuery(e.target.value)}
          placeholder={t('common.searchPeople')}
          aria-label={label ?? t('common.searchPeopleToAdd')}
          aria-controls={listId}
          className="h-full min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
        />
      </label>
      <p className="sr-only" role="status" aria-live="polite">
        {view.loading ? t('common.searching') : view.loaded ? t(view.hasMore ? 'common.peopleFoundMore' : 'common.peopleFound', { count: people.length }) : ''}
      </p>
      <ul id={listId} aria-label={t('common.people')} aria-busy={view.loading} className="scrollbar-thin max-h-60 min-h-0 overflow-y-auto">
        {view.loaded && !view.loading && !view.error && people.length === 0 && (
          <li className="px-3 py-6 text-center text-sm text-muted">
            {view.query.trim() ? t('common.nobodyMatches') : (emptyText ?? t('common.nobodyElse'))}
          </li>
        )}
        {people.map((u) => (
          <li key={u.id}>
            <label className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-2 py-1.5 hover:bg-hover">
              <input
                type="checkbox"
                checked={chosen.has(u.id)}
                onChange={() => toggle(u)}
                data-user-id={u.id}
                className="size-5 shrink-0 accent-(--p-accent)"
              />
              <Avatar id={u.id} name={u.name} size="sm" />
              <span className="min-w-0 flex-1 truncate" dir="auto">{u.name}</span>
            </label>
          </li>
        ))}
        {view.error && (
          <li className="flex flex-col items-center gap-2 px-3 py-4 text-center text-sm" role="alert">
            <span className="text-danger">{t('common.loadPeopleFailed', { error: view.error })}</span>
            <button type="button" onClick={() => search.retry()} className="h-11 rounded-lg bg-panel-2 px-3 font-medium hover:bg-hover">
              {t('common.tryAgain')}
            </button>
          </li>
        )}
        {view.loading && (
          <li className="px-3 py-3 text-center text-sm text-muted" aria-hidden="true">
            {t('common.loading')}
          </li>
        )}
        {view.hasMore && !view.loading && !view.error && (
          <li>
            <button type="button" onClick={() => search.loadMore()} className="h-11 w-full rounded-xl text-sm font-medium text-accent hover:bg-hover">
              {t('common.morePeople')}
            </button>
          </li>
        )}
      </ul>
    </div>
  );
}
