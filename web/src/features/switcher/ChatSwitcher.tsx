// The chat switcher (Ctrl/Cmd+K, or "Find or start a chat" above the chat list): a box that
// finds a chat or a person by the start of a word of the name. What is typed filters the chats
// held at once; the server's answer (GET /api/v1/search/chats, asked after a pause in typing)
// is merged in when it comes: its chats, and its people, shown as the private chat when there
// is one, else as someone to start a chat with. With nothing typed, the recent chats. Sections
// "Chats" and "People"; the typed part of each name marked. The box is a combobox over a
// listbox: Up and Down move (aria-activedescendant; the first option is active until then),
// Enter or a click or tap opens; the count is said politely. A network failure offers a retry;
// a rate limit says to slow down and asks again by itself. A modal <dialog>: the whole screen
// below 768 px, a dialog near the top from there. Esc closes it and focus goes back.
import { useT } from '../../i18n';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { useChatList, useChatStore, useConnection, useSession } from '../../app/store-context';
import { navigate } from '../../app/router';
import { highlightPieces } from '../../client/search';
import type { TextRange } from '../../client/search-wire';
import {
  askable,
  membersText,
  optionOrder,
  switcherLists,
  switcherStatus,
  type ChatOption,
  type PersonOption,
  type SwitcherChat,
  type SwitcherFailure,
  type SwitcherOption,
} from '../../client/switcher';
import { Avatar } from '../../shared/Avatar';
import { presenceText } from '../../shared/format';
import { AlertIcon, BackIcon, CloseIcon, SearchIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { matchesShortcut } from '../../shared/shortcuts';
import { useSwitcherSearch } from './useSwitcherSearch';

export interface ChatSwitcherProps {
  /** The open chat: left out of the recent chats. */
  activeChatId: string | null;
  onClose: () => void;
}

export const SWITCHER_INPUT_ID = 'switcher-input';
const LIST_ID = 'switcher-list';

/** The element id of an option (aria-activedescendant names it). */
export const optionId = (key: string) => `switcher-option-${key.replace(/[^\w-]/g, '-')}`;

/** A name with the ranges marked (<mark>), as React text: never HTML. */
function Marked({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  return (
    <>
      {highlightPieces(text, ranges).map((p, i) =>
        p.mark ? (
          <mark key={i} className="search-mark" data-testid="switcher-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

function Option({
  option,
  active,
  busy,
  onPick,
  children,
}: {
  option: SwitcherOption;
  active: boolean;
  busy: boolean;
  onPick: (o: SwitcherOption) => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div
      role="option"
      id={optionId(option.key)}
      aria-selected={active}
      aria-busy={busy || undefined}
      data-key={option.key}
      data-testid={`switcher-${option.kind}`}
      onClick={() => onPick(option)}
      // The box keeps focus: pressing an option does not take it away.
      onMouseDown={(e) => e.preventDefault()}
      className={`mx-2 flex min-h-14 cursor-pointer items-center gap-3 rounded-xl px-3 py-2 transition ${
        active ? 'bg-active' : 'hover:bg-hover'
      } ${busy ? 'opacity-70' : ''}`}
    >
      {children}
      {active && (
        <span className="hidden shrink-0 rounded-md border border-line px-1.5 text-xs text-muted md:inline" aria-hidden="true">
          {t('switcher.enter')}
        </span>
      )}
    </div>
  );
}

function ChatLine({ o, connected, now }: { o: ChatOption; connected: boolean; now: Date }) {
  const t = useT();
  const sub = o.group ? membersText(o.members) : (connected && o.peer ? presenceText(o.peer.isOnline, o.peer.lastSeen, now) : '') || t('switcher.privateChat');
  return (
    <>
      {o.group ? (
        <Avatar id={o.chatId} name={o.title} color={o.avatarColor} />
      ) : (
        <Avatar id={o.peer?.id ?? o.chatId} name={o.peer?.name ?? o.title} online={connected ? (o.peer?.isOnline ?? false) : undefined} />
      )}
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium" dir="auto" data-testid="switcher-name">
          <Marked text={o.title} ranges={o.ranges} />
        </span>
        <span className="block truncate text-sm text-muted">
          <span className="sr-only">, </span>
          {sub}
        </span>
      </span>
    </>
  );
}

function PersonLine({ o, busy }: { o: PersonOption; busy: boolean }) {
  const t = useT();
  return (
    <>
      <Avatar id={o.user.id} name={o.user.name} />
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium" dir="auto" data-testid="switcher-name">
          <Marked text={o.user.name} ranges={o.ranges} />
        </span>
        <span className="block truncate text-sm text-accent">
          <span className="sr-only">, </span>
          {busy ? t('switcher.opening') : t('switcher.start')}
          {o.user.email && !busy && <span className="text-muted"> · {o.user.email}</span>}
        </span>
      </span>
    </>
  );
}

function Notice({ error, onRetry }: { error: SwitcherFailure; onRetry: () => void }) {
  const t = useT();
  const text =
    error.kind === 'rate'
      ? t('switcher.slowDown')
      : error.kind === 'network'
        ? t('switcher.unreachable')
        : t('switcher.failed', { error: error.message });
  const more = error.kind === 'rate' ? t('switcher.retrying') : t('switcher.localOnly');
  return (
    <div
      role="alert"
      className="mx-3 mb-2 flex items-center gap-3 rounded-xl border border-line bg-panel-2 px-3 py-2 text-sm"
      data-testid={error.kind === 'rate' ? 'switcher-rate-limited' : 'switcher-failed'}
    >
      <AlertIcon size={18} className={`shrink-0 ${error.kind === 'rate' ? 'text-warn' : 'text-danger'}`} />
      <p className="min-w-0 flex-1">
        <span className="font-medium">{text}</span> <span className="text-muted">{more}</span>
      </p>
      {error.kind !== 'rate' && (
        <button
          type="button"
          onClick={onRetry}
          className="h-9 shrink-0 rounded-full bg-accent px-4 font-medium text-on-accent hover:bg-accent-strong max-md:h-11"
          data-testid="switcher-retry"
        >
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}

export function ChatSwitcher({ activeChatId, onClose }: ChatSwitcherProps) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const order = useChatList((s) => s.order);
  const summaries = useChatList((s) => s.summaries);
  const connected = useConnection() === 'connected';
  const now = useNow(60000);
  const [view, search] = useSwitcherSearch();
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** Focus goes back where it was on closing, unless a chat was opened (its view takes it). */
  const restoreFocus = useRef(true);

  const chats = useMemo<SwitcherChat[]>(
    () =>
      order.flatMap((id) => {
        const s = summaries[id];
        return s ? [{ chat: s.chat, title: s.title, ...(s.peer ? { peer: s.peer } : {}) }] : [];
      }),
    [order, summaries],
  );
  const lists = useMemo(
    () => switcherLists({ q: view.q, chats, me, answer: view.answer, activeChatId }),
    [view.q, view.answer, chats, me, activeChatId],
  );
  const options = useMemo(() => optionOrder(lists), [lists]);
  const active = options.find((o) => o.key === activeKey) ?? options[0] ?? null;
  const typed = view.q.trim() !== '';
  const loading = view.loading && typed;

  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (d && !d.open) d.showModal?.();
    input.current?.focus();
    return () => {
      d?.close?.();
      if (restoreFocus.current && opener?.isConnected) opener.focus();
    };
  }, []);

  // The active option stays in view.
  const activeDomId = active ? optionId(active.key) : undefined;
  useEffect(() => {
    if (activeDomId) document.getElementById(activeDomId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeDomId]);

  const close = () => onClose();

  const pick = (o: SwitcherOption) => {
    if (busy !== null) return;
    if (o.kind === 'chat') {
      restoreFocus.current = false;
      onClose();
      navigate({ name: 'chat', chatId: o.chatId });
      return;
    }
    setBusy(o.key);
    store.startChatWith(o.user.id).then(
      (chatId) => {
        restoreFocus.current = false;
        onClose();
        navigate({ name: 'chat', chatId });
      },
      () => setBusy(null), // the store shows a toast
    );
  };

  const onType = (q: string) => {
    setActiveKey(null);
    search.setQuery(q);
  };

  const onBoxKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length === 0) return;
      const i = active ? options.indexOf(active) : -1;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = options[(i + step + options.length) % options.length];
      if (next) setActiveKey(next.key);
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (active) pick(active);
    }
  };

  const onDialogKey = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (matchesShortcut(e.nativeEvent, 'switcher')) {
      // Asked for again: the box, its text selected.
      e.preventDefault();
      e.stopPropagation();
      input.current?.focus();
      input.current?.select();
    }
  };

  const status = loading && options.length === 0 && !lists.recent ? t('switcher.searching') : switcherStatus(lists, loading);
  const section = (id: string, name: 'recent-chats' | 'chats' | 'people', label: string, items: readonly SwitcherOption[]) =>
    items.length > 0 && (
      <div role="group" aria-labelledby={id} className="flex flex-col gap-0.5 pb-2" data-testid={`switcher-section-${name}`}>
        <div role="presentation" id={id} className="px-5 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">
          {label}
        </div>
        {items.map((o) => (
          <Option key={o.key} option={o} active={o === active} busy={busy === o.key} onPick={pick}>
            {o.kind === 'chat' ? <ChatLine o={o} connected={connected} now={now} /> : <PersonLine o={o} busy={busy === o.key} />}
          </Option>
        ))}
      </div>
    );

  const empty = (() => {
    if (options.length > 0 || view.error) return null;
    if (!typed) return chats.length === 0 ? t('switcher.noChats') : t('switcher.typeName');
    if (!askable(view.q)) return t('switcher.typeLetter');
    if (loading) return null;
    return t('switcher.noMatch', { q: view.q.trim() });
  })();

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClick={(e) => {
        if (e.target === ref.current) close(); // a click on the backdrop
      }}
      onKeyDown={onDialogKey}
      className="m-0 h-dvh max-h-none w-full max-w-none bg-panel p-0 text-fg md:mx-auto md:mt-[12vh] md:mb-auto md:h-fit md:max-h-[min(34rem,80dvh)] md:w-[min(36rem,calc(100vw-2rem))] md:rounded-2xl md:border md:border-line md:shadow-2xl"
      data-testid="switcher"
    >
      <div className="flex h-full max-h-[inherit] flex-col">
        <h2 id={titleId} className="sr-only">
          {t('switcher.title')}
        </h2>
        <div className="flex items-center gap-1 border-b border-line px-2 py-2 md:px-3">
          <button
            type="button"
            onClick={close}
            aria-label={t('common.close')}
            className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:hidden"
          >
            <BackIcon />
          </button>
          <div className="flex h-11 min-w-0 flex-1 items-center gap-2 rounded-xl bg-panel-2 pe-1 ps-3 text-muted ring-accent/30 focus-within:ring-2 md:bg-transparent md:ring-0 md:focus-within:ring-0">
            <SearchIcon size={20} />
            <input
              ref={input}
              id={SWITCHER_INPUT_ID}
              type="text"
              role="combobox"
              aria-label={t('switcher.box')}
              aria-autocomplete="list"
              aria-expanded={options.length > 0}
              aria-controls={options.length > 0 ? LIST_ID : undefined}
              aria-activedescendant={activeDomId}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              enterKeyHint="go"
              placeholder={t('switcher.title')}
              dir="auto"
              value={view.q}
              onChange={(e) => onType(e.target.value)}
              onKeyDown={onBoxKey}
              className="h-full min-w-0 flex-1 bg-transparent text-base text-fg outline-none placeholder:text-muted md:text-[17px]"
            />
            {loading && (
              <span className="size-4 shrink-0 animate-spin rounded-full border-2 border-accent/30 border-t-accent" aria-hidden="true" data-testid="switcher-loading" />
            )}
            {view.q !== '' && (
              <button
                type="button"
                onClick={() => {
                  onType('');
                  input.current?.focus();
                }}
                aria-label={t('switcher.clear')}
                className="inline-flex size-8 shrink-0 items-center justify-center rounded-full hover:bg-hover hover:text-fg"
              >
                <CloseIcon size={16} />
              </button>
            )}
          </div>
          <button
            type="button"
            onClick={close}
            title={t('switcher.closeKey')}
            className="hidden h-7 shrink-0 items-center rounded-md border border-line px-1.5 text-xs font-medium text-muted hover:bg-hover hover:text-fg md:inline-flex"
          >
            <span className="sr-only">{t('switcher.closeSr')}{'\u00a0'}</span>
            {t('switcher.esc')}
          </button>
        </div>
        <p role="status" aria-live="polite" className="sr-only" data-testid="switcher-status">
          {status}
        </p>
        <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto overscroll-contain pt-2 pb-2">
          {view.error && typed && <Notice error={view.error} onRetry={() => search.retry()} />}
          {options.length > 0 && (
            <div id={LIST_ID} role="listbox" aria-label={lists.recent ? t('switcher.recent') : t('switcher.chatsAndPeople')}>
              {section(`${titleId}-chats`, lists.recent ? 'recent-chats' : 'chats', lists.recent ? t('switcher.recent') : t('switcher.chats'), lists.chats)}
              {section(`${titleId}-people`, 'people', t('switcher.people'), lists.people)}
            </div>
          )}
          {loading && lists.people.length === 0 && !view.error && (
            <p className="flex items-center gap-2 px-5 py-3 text-sm text-muted" aria-hidden="true" data-testid="switcher-searching">
              <span className="size-3.5 animate-spin rounded-full border-2 border-accent/30 border-t-accent" />
              {t('switcher.lookingForPeople')}
            </p>
          )}
          {empty && (
            <p className="px-6 py-10 text-center text-sm text-muted" data-testid="switcher-empty">
              {empty}
            </p>
          )}
        </div>
        <footer className="hidden items-center gap-4 border-t border-line px-4 py-2 text-xs text-muted md:flex" aria-hidden="true">
          <span>
            <kbd className="font-sans font-semibold">↑</kbd> <kbd className="font-sans font-semibold">↓</kbd> {t('switcher.toMove')}
          </span>
          <span>
            <kbd className="font-sans font-semibold">{t('switcher.enter')}</kbd> {t('switcher.toOpen')}
          </span>
          <span>
            <kbd className="font-sans font-semibold">{t('switcher.esc')}</kbd> {t('switcher.toClose')}
          </span>
        </footer>
      </div>
    </dialog>
  );
}
