// Searching messages: the search box (the query language; its operators listed as tips, each
// inserted where the caret is by a click), the filters as chips (in a chat, from a person, a
// date range, with a link or a file), the results grouped by chat with the words found marked,
// sorted by relevance or date, a page at a time ("Show more results"). Up and Down move through
// the results, Enter (or a click) shows one in its chat. Typing is searched after a pause; only
// the latest search's answer shows. A query the server cannot read shows its words with the
// place marked; a failed request can be tried again.
// It takes the place of the chat list (the whole screen on phones). Esc or the close button
// closes it and gives focus back to where it was.
import { useT } from '../../i18n';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';

import { useChats, useSession, useUsers } from '../../app/store-context';
import {
  errorPlace,
  groupByChat,
  insertHint,
  OPERATOR_HINTS,
  resultsText,
  shortWords,
  shownOrder,
  withoutChip,
  type OperatorHint,
  type SearchFilters,
  type SearchView,
} from '../../client/search';
import type { SearchResult, SearchSort } from '../../client/search-wire';
import { chatTitle } from '../../client/selectors';
import type { User } from '../../client/types';
import { AlertIcon, BackIcon, CloseIcon, SearchIcon } from '../../shared/icons';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { FilterBar } from './FilterBar';
import { RESULTS_ID, resultId, SearchResults } from './SearchResults';
import { useMessageSearch } from './useMessageSearch';

export interface SearchPanelProps {
  /** The chat it was opened in (an "In:" chip, removable), or null: every chat. */
  scope: string | null;
  /**
   * Changes whenever the search is asked for again while open (Ctrl+F, Ctrl+Shift+F, a search
   * button): the scope applies anew and the box takes focus.
   */
  opened: number;
  /** Kept but not shown (on a phone, after a jump: the chat shows; a search button shows it again). */
  hidden?: boolean;
  onClose: () => void;
  /** A result was chosen: show it in its chat. */
  onJump: (result: SearchResult) => void;
  /** The search changed (words, filters, sort): the marks of the last jump go. */
  onChange: () => void;
}

const INPUT_ID = 'search-input';
const ERROR_ID = 'search-error';
const TIPS_ID = 'search-tips';

export function SearchPanel({ scope, opened, hidden = false, onClose, onJump, onChange }: SearchPanelProps) {
  const t = useT();
  const [view, search] = useMessageSearch(useMemo<SearchFilters>(() => (scope ? { chatId: scope } : {}), [scope]));
  const chats = useChats((s) => s.byId);
  const users = useUsers();
  const me = useSession((s) => s.user?.id ?? '');
  const input = useRef<HTMLInputElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [showTips, setShowTips] = useState(false);
  /** Names of the people picked for the "From:" chip (they may be no contact of the user's). */
  const [picked, setPicked] = useState<Readonly<Record<string, string>>>({});
  /** Where the caret goes after the text changed under it (a tip inserted). */
  const caret = useRef<number | null>(null);

  const groups = useMemo(() => groupByChat(view.results), [view.results]);
  const order = useMemo(() => shownOrder(groups), [groups]);

  // Opened again (Ctrl+F in a chat, Ctrl+Shift+F, a search button): the scope as asked, the box focused.
  const lastOpened = useRef<number | null>(null);
  useEffect(() => {
    const again = lastOpened.current !== null && lastOpened.current !== opened;
    lastOpened.current = opened;
    if (again) {
      const f = search.getState().filters;
      if ((f.chatId ?? null) !== scope) search.setFilters(scope ? { ...f, chatId: scope } : withoutChip(f, 'chat'));
    }
    input.current?.focus();
    input.current?.select();
  }, [opened, scope, search]);

  // Shown again (a phone, back from a jump): the box takes focus.
  const wasHidden = useRef(hidden);
  useEffect(() => {
    if (wasHidden.current && !hidden) input.current?.focus();
    wasHidden.current = hidden;
  }, [hidden]);

  // Closed: focus goes back where it was, else to a search button.
  const [before] = useState(() =>
    document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null,
  );
  useEffect(() => {
    return () => {
      requestAnimationFrame(() => {
        const back =
          before?.isConnected && before.id !== INPUT_ID
            ? before
            : document.querySelector<HTMLElement>('[data-testid="chat-search-button"], [data-testid="search-open-button"]');
        back?.focus();
      });
    };
  }, [before]);

  // A new search: nothing is active, and the marks of the last jump go.
  const key = `${view.q.trim()}\u0000${JSON.stringify(view.filters)}\u0000${view.sort}`;
  const lastKey = useRef(key);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    if (lastKey.current === key) return;
    lastKey.current = key;
    setActiveId(null);
    onChangeRef.current();
  }, [key]);

  useLayoutEffect(() => {
    if (caret.current === null || !input.current) return;
    input.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  // The active result stays in view.
  useEffect(() => {
    if (activeId) document.getElementById(resultId(activeId))?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const jump = useCallback(
    (r: SearchResult) => {
      setActiveId(r.message.id);
      onJump(r);
    },
    [onJump],
  );

  /** Up, Down, Home, End (the list only) and Enter over the results. */
  const moveKeys = (e: KeyboardEvent, inBox: boolean) => {
    if (order.length === 0) return;
    const i = activeId ? order.findIndex((r) => r.message.id === activeId) : -1;
    let next: number | null = null;
    if (e.key === 'ArrowDown') {
      next = i < 0 ? 0 : Math.min(order.length - 1, i + 1);
      if (i === order.length - 1) search.loadMore();
    } else if (e.key === 'ArrowUp') next = i < 0 ? order.length - 1 : Math.max(0, i - 1);
    else if (!inBox && e.key === 'Home') next = 0;
    else if (!inBox && e.key === 'End') next = order.length - 1;
    else if (e.key === 'Enter') {
      const r = order[Math.max(0, i)];
      if (r && !view.loading) {
        e.preventDefault();
        jump(r);
      }
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setActiveId(order[next]?.message.id ?? null);
  };

  // Esc closes it when it is on top (a chip's picker takes it first), from anywhere while shown.
  useEscapeLayer(onClose, !hidden);

  const insert = (hint: OperatorHint) => {
    const el = input.current;
    const q = view.q;
    const { q: next, caret: at } = insertHint(q, el?.selectionStart ?? q.length, el?.selectionEnd ?? q.length, hint);
    caret.current = at;
    search.setQuery(next);
    el?.focus();
  };

  const goToMistake = () => {
    const e = view.error;
    const el = input.current;
    if (e?.kind !== 'query' || !el) return;
    const at = Math.min(el.value.length, e.lead + Math.max(0, e.position));
    el.focus();
    el.setSelectionRange(at, Math.min(el.value.length, at + 1));
  };

  const chatName = useCallback(
    (id: string) => {
      const c = chats[id];
      return c ? chatTitle(c, me, users) : t('search.aChat');
    },
    [chats, me, users, t],
  );
  const personName = useCallback(
    (id: string) => (id === me ? t('common.you') : (users[id]?.name ?? picked[id] ?? t('search.someone'))),
    [users, picked, me, t],
  );
  const rememberPerson = useCallback((u: User) => setPicked((p) => ({ ...p, [u.id]: u.name })), []);

  const error = view.error;
  const invalid = error?.kind === 'query';
  const status = view.idle
    ? ''
    : view.loading
      ? t('search.searching')
      : error
        ? error.kind === 'query'
          ? t('search.mistake')
          : t('search.failed')
        : view.loaded
          ? resultsText(view.results.length, groups.length, view.nextCursor !== null)
          : '';

  return (
    <section
      aria-labelledby="search-heading"
      className={`${hidden ? 'hidden' : 'flex'} min-h-0 w-full flex-col border-line bg-panel md:w-[360px] md:shrink-0 md:border-e xl:w-[400px]`}
      data-testid="search-panel"
      data-browser-find
    >
      <header className="flex items-center gap-2 border-b border-line px-2 py-2 md:py-2.5">
        <button
          type="button"
          onClick={onClose}
          aria-label={t('search.close')}
          title={t('search.closeKey')}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
          data-testid="search-close"
        >
          <BackIcon className="md:hidden" />
          <CloseIcon className="max-md:hidden" size={18} />
        </button>
        <h2 id="search-heading" className="flex-1 font-semibold">
          {t('search.title')}
        </h2>
        {!view.idle && (
          <button
            type="button"
            onClick={() => setShowTips((v) => !v)}
            aria-expanded={showTips}
            aria-controls={showTips ? TIPS_ID : undefined}
            className="h-8 shrink-0 rounded-full px-3 text-sm font-medium text-accent hover:bg-hover max-md:h-11"
            data-testid="search-tips-button"
          >
            {t('search.tips')}
          </button>
        )}
      </header>

      <div role="search" className="flex flex-col gap-2 border-b border-line px-3 pt-3 pb-2.5">
        <div
          className={`flex h-11 items-center gap-2 rounded-xl bg-panel-2 pe-1 ps-3 text-muted ring-accent/30 focus-within:ring-2 ${
            invalid ? 'ring-2 ring-danger/60 focus-within:ring-danger/60' : ''
          }`}
        >
          <SearchIcon size={18} />
          <input
            ref={input}
            id={INPUT_ID}
            type="text"
            enterKeyHint="search"
            autoComplete="off"
            spellCheck={false}
            value={view.q}
            onChange={(e) => search.setQuery(e.target.value)}
            onKeyDown={(e) => moveKeys(e, true)}
            placeholder={view.filters.chatId ? t('search.placeholderIn', { name: chatName(view.filters.chatId) }) : t('search.placeholderAll')}
            aria-label={t('search.title')}
            dir="auto"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={order.length > 0}
            aria-controls={RESULTS_ID}
            aria-activedescendant={activeId ? resultId(activeId) : undefined}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? ERROR_ID : undefined}
            className="h-full min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
          />
          {view.q !== '' && (
            <button
              type="button"
              onClick={() => {
                search.setQuery('');
                input.current?.focus();
              }}
              aria-label={t('search.clear')}
              className="inline-flex size-8 shrink-0 items-center justify-center rounded-full hover:bg-hover hover:text-fg"
            >
              <CloseIcon size={16} />
            </button>
          )}
        </div>
        <FilterBar
          filters={view.filters}
          onChange={(f) => search.setFilters(f)}
          chatName={chatName}
          personName={personName}
          onPerson={rememberPerson}
        />
      </div>

      <div className="flex min-h-10 items-center gap-2 px-4 py-1.5">
        <p role="status" aria-live="polite" className="min-w-0 flex-1 truncate text-xs font-medium text-muted" data-testid="search-status">
          {status}
        </p>
        {!view.idle && !invalid && <SortToggle sort={view.sort} onSort={(s) => search.setSort(s)} />}
      </div>

      <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto" data-testid="search-scroller">
        {showTips && !view.idle && (
          <div className="px-3 pb-2">
            <Tips onInsert={insert} />
          </div>
        )}
        <Body view={view} groupsEmpty={groups.length === 0} onInsert={insert} onRetry={() => search.retry()} onGoToMistake={goToMistake} onClearFilters={() => search.setFilters({})} onAllChats={() => search.setFilters(withoutChip(view.filters, 'chat'))} />
        {groups.length > 0 && (
          <SearchResults groups={groups} activeId={activeId} onPick={jump} onKeyDown={(e) => moveKeys(e, false)} />
        )}
        {view.results.length > 0 && (
          <div className="flex flex-col items-center gap-2 px-4 pt-1 pb-4">
            {error?.kind === 'failed' && error.more && (
              <p role="alert" className="text-center text-sm text-danger">
                {t('search.moreFailed', { error: error.message })}
              </p>
            )}
            {view.nextCursor !== null && (
              <button
                type="button"
                onClick={() => (error ? search.retry() : search.loadMore())}
                disabled={view.loadingMore}
                className="h-9 rounded-full border border-line px-4 text-sm font-medium text-accent hover:bg-hover disabled:opacity-60 max-md:h-11"
                data-testid="search-more"
              >
                {view.loadingMore ? t('common.loading') : error ? t('common.tryAgain') : t('search.more')}
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function SortToggle({ sort, onSort }: { sort: SearchSort; onSort: (s: SearchSort) => void }) {
  const t = useT();
  const option = (value: SearchSort, label: string) => (
    <button
      type="button"
      aria-pressed={sort === value}
      onClick={() => onSort(value)}
      className={`h-7 rounded-full px-2.5 text-xs font-medium transition max-md:h-11 ${
        sort === value ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-hover hover:text-fg'
      }`}
      data-testid={`search-sort-${value}`}
    >
      {label}
    </button>
  );
  return (
    <div role="group" aria-label={t('search.sort')} className="flex shrink-0 items-center gap-0.5">
      <span className="me-1 text-xs text-muted" aria-hidden="true">
        {t('search.sortLabel')}
      </span>
      {option('relevance', t('search.relevance'))}
      {option('date', t('search.date'))}
    </div>
  );
}

function Tips({ onInsert }: { onInsert: (hint: OperatorHint) => void }) {
  const t = useT();
  return (
    <div id={TIPS_ID} className="rounded-xl bg-panel-2 p-2">
      <p className="px-1 pb-1 text-xs text-muted">{t('search.tipsHint')}</p>
      <ul className="grid grid-cols-1 gap-0.5 sm:grid-cols-2 md:grid-cols-1" aria-label={t('search.operators')}>
        {OPERATOR_HINTS.map((h) => (
          <li key={h.example}>
            <button
              type="button"
              onClick={() => onInsert(h)}
              className="flex w-full items-baseline gap-2 rounded-lg px-2 py-1 text-start hover:bg-hover"
              data-testid="search-tip"
            >
              <code className="shrink-0 rounded bg-panel px-1.5 py-0.5 font-mono text-[12px] text-accent" dir="ltr">{h.example}</code>
              <span className="min-w-0 text-xs text-muted">{h.help}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Body({
  view,
  groupsEmpty,
  onInsert,
  onRetry,
  onGoToMistake,
  onClearFilters,
  onAllChats,
}: {
  view: SearchView;
  groupsEmpty: boolean;
  onInsert: (hint: OperatorHint) => void;
  onRetry: () => void;
  onGoToMistake: () => void;
  onClearFilters: () => void;
  onAllChats: () => void;
}) {
  const t = useT();
  const e = view.error;
  if (view.idle) {
    return (
      <div className="flex flex-col gap-3 px-4 py-4">
        <div className="flex flex-col items-center gap-1 py-2 text-center">
          <span className="mb-1 inline-flex size-12 items-center justify-center rounded-2xl bg-accent-soft text-accent">
            <SearchIcon size={24} />
          </span>
          <p className="font-medium">{t('search.find')}</p>
          <p className="max-w-xs text-sm text-muted">
            {t('search.findHint')}
          </p>
        </div>
        <Tips onInsert={onInsert} />
      </div>
    );
  }
  if (e?.kind === 'query') {
    const place = errorPlace(e.q, e.position);
    return (
      <div id={ERROR_ID} role="alert" className="mx-3 my-2 rounded-xl border border-danger/40 bg-danger-soft p-3 text-sm" data-testid="search-query-error">
        <p className="flex items-start gap-2 font-medium text-danger">
          <AlertIcon size={18} className="mt-px shrink-0" />
          <span>{e.message}</span>
        </p>
        {place && (
          <p className="mt-2 rounded-lg bg-panel px-2 py-1.5 font-mono text-[13px] break-all whitespace-pre-wrap" data-testid="search-query-error-place">
            <span className="sr-only">{t('search.at')} </span>
            {place.before}
            <mark className="rounded-sm bg-danger px-px text-on-accent underline decoration-wavy underline-offset-2" data-testid="search-error-mark">
              {place.at === '' || place.at === ' ' ? '\u00a0' : place.at}
            </mark>
            {place.after}
          </p>
        )}
        <button type="button" onClick={onGoToMistake} className="mt-2 h-8 rounded-lg px-2 font-medium text-accent hover:bg-hover max-md:h-11">
          {t('search.showMistake')}
        </button>
      </div>
    );
  }
  if (e?.kind === 'failed' && !e.more) {
    return (
      <div role="alert" className="flex flex-col items-center gap-2 px-6 py-10 text-center text-sm" data-testid="search-failed">
        <p className="font-medium text-danger">{e.network ? t('search.unreachable') : t('search.didNotWork')}</p>
        <p className="text-muted">{e.network ? t('search.checkConnection') : e.message}</p>
        <button type="button" onClick={onRetry} className="mt-1 h-9 rounded-full bg-accent px-4 font-medium text-on-accent hover:bg-accent-strong max-md:h-11">
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  if (view.loading && groupsEmpty) {
    return (
      <div className="flex items-center justify-center gap-2 py-10 text-sm text-muted" aria-hidden="true">
        <span className="size-4 animate-spin rounded-full border-2 border-accent/30 border-t-accent" />
        {t('search.searching')}
      </div>
    );
  }
  if (view.loaded && groupsEmpty) {
    const filtered = Object.keys(view.filters).length > 0;
    const short = shortWords(view.q);
    return (
      <div className="flex flex-col items-center gap-2 px-6 py-10 text-center" data-testid="search-empty">
        <p className="font-medium">{t('search.empty')}</p>
        <p className="max-w-xs text-sm text-muted">
          {filtered ? t('search.emptyFiltered') : t('search.emptyPlain')}
        </p>
        {short.length > 0 && (
          <p className="max-w-xs text-sm text-muted" data-testid="search-short-words">
            {t('search.shortWords', { words: short.map((w) => t('search.quoted', { word: w })).join(', ') })}
          </p>
        )}
        <div className="mt-1 flex flex-wrap justify-center gap-2">
          {view.filters.chatId && (
            <button type="button" onClick={onAllChats} className="h-9 rounded-full border border-line px-4 text-sm font-medium text-accent hover:bg-hover max-md:h-11">
              {t('search.allChats')}
            </button>
          )}
          {filtered && (
            <button type="button" onClick={onClearFilters} className="h-9 rounded-full border border-line px-4 text-sm font-medium text-accent hover:bg-hover max-md:h-11">
              {t('search.removeFilters')}
            </button>
          )}
        </div>
      </div>
    );
  }
  return null;
}
