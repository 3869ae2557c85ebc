// The search's filters as chips: those set (In: a chat, From: a person, a date range, has a link
// or a file), each removed by a click, and buttons adding the others. A person or a chat is
// picked from a short list that follows what is typed (the server's chats-and-people search,
// GET /api/v1/search/chats; the chats and people held when it cannot answer); dates with the
// browser's date fields. Esc in a picker closes it (and only it).
import { useT } from '../../i18n';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { useChatList, useChatStore, useSession, useUsers } from '../../app/store-context';
import { filterChips, toggleHas, withoutChip, type ChipKey, type SearchFilters } from '../../client/search';
import type { User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { CloseIcon, PlusIcon } from '../../shared/icons';

type Editor = 'person' | 'chat' | 'dates';

const CHIP =
  'inline-flex h-8 shrink-0 items-center gap-1 rounded-full border px-2.5 text-[13px] font-medium whitespace-nowrap transition';

interface Props {
  filters: SearchFilters;
  onChange: (filters: SearchFilters) => void;
  /** The name to show for a chat or a person in a chip. */
  chatName: (chatId: string) => string;
  personName: (userId: string) => string;
  /** A person was picked (their name is remembered for the chip). */
  onPerson: (user: User) => void;
}

export function FilterBar({ filters, onChange, chatName, personName, onPerson }: Props) {
  const t = useT();
  const [editor, setEditor] = useState<Editor | null>(null);
  const chips = filterChips(filters, { chat: chatName, person: personName });
  const has = (k: ChipKey) => chips.some((c) => c.key === k);
  const opener = useRef<HTMLButtonElement | null>(null);
  const close = () => {
    setEditor(null);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const open = (which: Editor, el: HTMLButtonElement) => {
    opener.current = el;
    setEditor((e) => (e === which ? null : which));
  };
  const remove = (key: ChipKey) => onChange(withoutChip(filters, key));

  const add = (which: Editor, label: string, what: string) => (
    <button
      type="button"
      onClick={(e) => open(which, e.currentTarget)}
      aria-expanded={editor === which}
      aria-label={t('search.addFilter', { what })}
      className={`${CHIP} border-dashed border-line text-muted hover:border-accent/60 hover:text-fg ${editor === which ? 'border-accent text-fg' : ''}`}
      data-testid={`search-add-${which}`}
    >
      <PlusIcon size={14} />
      {label}
    </button>
  );
  const toggle = (which: 'link' | 'file', label: string) => (
    <button
      type="button"
      onClick={() => onChange(toggleHas(filters, which))}
      aria-label={which === 'link' ? t('search.addHas.link') : t('search.addHas.file')}
      className={`${CHIP} border-dashed border-line text-muted hover:border-accent/60 hover:text-fg`}
      data-testid={`search-add-has-${which}`}
    >
      <PlusIcon size={14} />
      {label}
    </button>
  );

  return (
    <div className="flex flex-col gap-2">
      {/* One line: wrapped from 768 px, scrolled sideways on phones. */}
      <div
        role="group"
        aria-label={t('search.filters')}
        className="scrollbar-thin -mx-3 flex gap-1.5 overflow-x-auto px-3 md:mx-0 md:flex-wrap md:overflow-visible md:px-0"
        data-testid="search-filters"
      >
        {chips.map((c) => (
          <button
            key={c.key}
            type="button"
            onClick={() => remove(c.key)}
            aria-label={t('search.removeFilter', { label: c.label })}
            title={t('search.removeFilterTitle')}
            className={`${CHIP} max-w-full border-accent/40 bg-accent-soft text-accent hover:border-accent`}
            data-testid={`search-chip-${c.key}`}
          >
            <span className="min-w-0 truncate" dir="auto">{c.label}</span>
            <CloseIcon size={14} className="shrink-0" />
          </button>
        ))}
        {!has('person') && add('person', t('search.from'), t('search.fromWhat'))}
        {!has('chat') && add('chat', t('search.in'), t('search.inWhat'))}
        {!has('dates') && add('dates', t('search.date'), t('search.dateWhat'))}
        {!has('has:link') && toggle('link', t('search.link'))}
        {!has('has:file') && toggle('file', t('search.file'))}
      </div>
      {editor === 'person' && (
        <PersonPicker
          onClose={close}
          onPick={(u) => {
            onPerson(u);
            onChange({ ...filters, from: u.id });
            close();
          }}
        />
      )}
      {editor === 'chat' && (
        <ChatPicker
          onClose={close}
          onPick={(chatId) => {
            onChange({ ...filters, chatId });
            close();
          }}
        />
      )}
      {editor === 'dates' && (
        <DatesEditor
          filters={filters}
          onClose={close}
          onApply={(after, before) => {
            const next: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = withoutChip(filters, 'dates');
            if (after) next.after = after;
            if (before) next.before = before;
            onChange(next);
            close();
          }}
        />
      )}
    </div>
  );
}

/** The box around a picker: Esc closes it without closing the search. */
function EditorBox({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };
  return (
    <div role="group" aria-label={label} onKeyDown={onKeyDown} className="rounded-xl border border-line bg-panel-2 p-2 shadow-soft">
      {children}
    </div>
  );
}

/** What is typed in a picker, searched on the server after a short pause. */
function useNameSearch(q: string): { people: User[]; chatIds: string[]; failed: boolean } | null {
  const store = useChatStore();
  const [answer, setAnswer] = useState<{ q: string; people: User[]; chatIds: string[]; failed: boolean } | null>(null);
  useEffect(() => {
    const term = q.trim();
    if (term === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      store
        .searchChats(term, 8, controller.signal)
        .then((a) => setAnswer({ q: term, people: a.people, chatIds: a.chats.map((c) => c.chatId), failed: false }))
        .catch(() => {
          if (!controller.signal.aborted) setAnswer({ q: term, people: [], chatIds: [], failed: true });
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [store, q]);
  return answer && answer.q === q.trim() ? answer : null;
}

const contains = (hay: string, needle: string) => hay.toLocaleLowerCase().includes(needle.toLocaleLowerCase());

function PickerInput({ label, value, onChange, listId }: { label: string; value: string; onChange: (v: string) => void; listId: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <input
      ref={ref}
      type="text"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-label={label}
      aria-controls={listId}
      placeholder={label}
      className="mb-1 h-9 w-full rounded-lg border border-line bg-panel px-3 text-sm text-fg outline-none placeholder:text-muted focus:border-accent max-md:h-11"
    />
  );
}

function Choice({ onClick, children, testId }: { onClick: () => void; children: ReactNode; testId?: string }) {
  return (
    <li>
      <button
        type="button"
        onClick={onClick}
        className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-start text-sm hover:bg-hover"
        data-testid={testId}
      >
        {children}
      </button>
    </li>
  );
}

function PersonPicker({ onPick, onClose }: { onPick: (u: User) => void; onClose: () => void }) {
  const t = useT();
  const users = useUsers();
  const me = useSession((s) => s.user);
  const [q, setQ] = useState('');
  const found = useNameSearch(q);
  const listId = useId();
  const people = useMemo(() => {
    const term = q.trim();
    const held = Object.values(users).filter((u) => term === '' || contains(u.name, term) || contains(u.email, term));
    const list = found && !found.failed ? found.people : held;
    const sorted = [...list].sort((a, b) => (a.id === me?.id ? -1 : b.id === me?.id ? 1 : a.name.localeCompare(b.name)));
    return sorted.slice(0, 8);
  }, [users, found, q, me?.id]);
  return (
    <EditorBox label={t('search.messagesFrom')} onClose={onClose}>
      <PickerInput label={t('search.findPerson')} value={q} onChange={setQ} listId={listId} />
      <ul id={listId} className="flex max-h-56 flex-col overflow-y-auto" aria-label={t('common.people')}>
        {people.length === 0 && <li className="px-2 py-2 text-sm text-muted">{t('search.noPerson')}</li>}
        {people.map((u) => (
          <Choice key={u.id} onClick={() => onPick(u)} testId="search-pick-person">
            <Avatar id={u.id} name={u.name} size="sm" />
            <span className="min-w-0 flex-1 truncate" dir="auto">{u.id === me?.id ? t('search.you', { name: u.name }) : u.name}</span>
          </Choice>
        ))}
      </ul>
    </EditorBox>
  );
}

function ChatPicker({ onPick, onClose }: { onPick: (chatId: string) => void; onClose: () => void }) {
  const t = useT();
  const summaries = useChatList((s) => s.summaries);
  const order = useChatList((s) => s.order);
  const [q, setQ] = useState('');
  const found = useNameSearch(q);
  const listId = useId();
  const chats = useMemo(() => {
    const term = q.trim();
    const ids = found && !found.failed ? found.chatIds : order.filter((id) => term === '' || contains(summaries[id]?.title ?? '', term));
    return ids.filter((id) => summaries[id]).slice(0, 8);
  }, [found, order, summaries, q]);
  return (
    <EditorBox label={t('search.messagesIn')} onClose={onClose}>
      <PickerInput label={t('search.findChat')} value={q} onChange={setQ} listId={listId} />
      <ul id={listId} className="flex max-h-56 flex-col overflow-y-auto" aria-label={t('search.chats')}>
        {chats.length === 0 && <li className="px-2 py-2 text-sm text-muted">{t('search.noChat')}</li>}
        {chats.map((id) => {
          const s = summaries[id];
          if (!s) return null;
          const group = s.chat.kind === 'group';
          return (
            <Choice key={id} onClick={() => onPick(id)} testId="search-pick-chat">
              <Avatar id={group ? id : (s.peer?.id ?? id)} name={s.title} size="sm" color={group ? s.chat.avatarColor : undefined} />
              <span className="min-w-0 flex-1 truncate" dir="auto">{s.title}</span>
            </Choice>
          );
        })}
      </ul>
    </EditorBox>
  );
}

function DatesEditor({
  filters,
  onApply,
  onClose,
}: {
  filters: SearchFilters;
  onApply: (after: string, before: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [after, setAfter] = useState(filters.after ?? '');
  const [before, setBefore] = useState(filters.before ?? '');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const wrong = after !== '' && before !== '' && after > before;
  const field = 'mt-1 h-9 w-full rounded-lg border border-line bg-panel px-2 text-sm text-fg outline-none focus:border-accent max-md:h-11';
  return (
    <EditorBox label={t('search.dateRange')} onClose={onClose}>
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!wrong && (after || before)) onApply(after, before);
        }}
      >
        <div className="grid grid-cols-2 gap-2">
          <label className="text-xs font-medium text-muted">
            {t('search.after')}
            <input ref={first} type="date" value={after} max={before || undefined} onChange={(e) => setAfter(e.target.value)} className={field} />
          </label>
          <label className="text-xs font-medium text-muted">
            {t('search.before')}
            <input type="date" value={before} min={after || undefined} onChange={(e) => setBefore(e.target.value)} className={field} />
          </label>
        </div>
        {wrong && (
          <p className="text-xs text-danger" role="alert">
            {t('search.datesWrong')}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="h-8 rounded-lg px-3 text-sm font-medium text-muted hover:bg-hover">
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            disabled={wrong || (!after && !before)}
            className="h-8 rounded-lg bg-accent px-3 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-50"
          >
            {t('search.apply')}
          </button>
        </div>
      </form>
    </EditorBox>
  );
}
