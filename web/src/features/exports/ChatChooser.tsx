// The chats an export takes, chosen one by one: a search box over the person's chats (their
// titles as the chat list shows them; case and accents ignored), each chat a checkbox, the
// chats chosen when the form opened listed first, and how many are chosen (said politely as it
// changes). Chosen chats stay chosen while the search hides them.
import { useId, useMemo, useState } from 'react';

import { useChatList } from '../../app/store-context';
import { Avatar } from '../../shared/Avatar';
import { SearchIcon } from '../../shared/icons';
import { useT } from '../../i18n';

/** A title as searched: lower case, without accents. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function ChatChooser({
  selected,
  onChange,
  first,
  describedBy,
  invalid,
}: {
  selected: readonly string[];
  onChange: (next: readonly string[]) => void;
  /** Listed before the others (the chat the form was opened for). */
  first: readonly string[];
  /** What is wrong with the choice, said by the list. */
  describedBy?: string;
  invalid?: boolean;
}) {
  const t = useT();
  const ids = useId();
  const order = useChatList((s) => s.order);
  const summaries = useChatList((s) => s.summaries);
  const [query, setQuery] = useState('');

  const shown = useMemo(() => {
    const q = fold(query.trim());
    const ordered = [...first.filter((id) => summaries[id]), ...order.filter((id) => !first.includes(id))];
    return ordered.flatMap((id) => summaries[id] ?? []).filter((s) => !q || fold(s.title).includes(q));
  }, [first, order, summaries, query]);

  const toggle = (chatId: string) => onChange(selected.includes(chatId) ? selected.filter((id) => id !== chatId) : [...selected, chatId]);

  return (
    <div className="flex flex-col gap-2" data-testid="export-chat-chooser">
      <label className="flex h-11 items-center gap-2 rounded-xl border border-line bg-panel-2 px-3 text-muted focus-within:border-accent focus-within:ring-3 focus-within:ring-accent/15">
        <SearchIcon size={18} />
        <span className="sr-only">{t('exports.chats.search')}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('exports.chats.search')}
          aria-controls={`${ids}-list`}
          className="min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
          data-testid="export-chat-search"
        />
      </label>
      <fieldset
        id={`${ids}-list`}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        className={`scrollbar-thin max-h-64 overflow-y-auto rounded-xl border p-1 ${invalid ? 'border-danger' : 'border-line'}`}
      >
        <legend className="sr-only">{t('exports.chats.list')}</legend>
        {shown.length === 0 && (
          <p className="px-2 py-4 text-center text-sm text-muted">{order.length === 0 ? t('exports.chats.noChats') : t('exports.chats.noMatch')}</p>
        )}
        {shown.map((s) => {
          const on = selected.includes(s.chat.id);
          return (
            <label
              key={s.chat.id}
              className={`flex min-h-11 cursor-pointer items-center gap-3 rounded-lg px-2 py-1.5 has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-(--p-focus) ${on ? 'bg-active' : 'hover:bg-hover'}`}
            >
              <input
                type="checkbox"
                value={s.chat.id}
                checked={on}
                onChange={() => toggle(s.chat.id)}
                className="size-4 shrink-0 accent-(--p-accent)"
                data-testid="export-chat"
              />
              <Avatar id={s.peer?.id ?? s.chat.id} name={s.peer?.name ?? s.title} size="sm" />
              <span className="min-w-0 truncate" dir="auto">
                {s.title}
              </span>
            </label>
          );
        })}
      </fieldset>
      <p className="text-sm text-muted" aria-live="polite" data-testid="export-chosen-count">
        {selected.length > 0 ? t('exports.chats.chosenCount', { count: selected.length }) : ''}
      </p>
    </div>
  );
}
