// Forwarding one or several messages, with an optional comment, to one or several chats the
// user ticks. It previews what is forwarded; in each chat the comment comes first, then the
// messages in order. A native modal <dialog>: focus stays inside, Esc closes it ("cancel").
import { useT } from '../../i18n';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';

import { useChatList, useChatStore, useUsers } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { userName } from '../../client/selectors';
import type { ChatMessage } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { CloseIcon, ForwardIcon, SearchIcon } from '../../shared/icons';

interface Props {
  messages: readonly ChatMessage[];
  onClose: () => void;
  onDone: (toChatIds: readonly string[]) => void;
}

const PREVIEWED = 3;

function ForwardPreview({ messages }: { messages: readonly ChatMessage[] }) {
  const t = useT();
  const users = useUsers();
  const shown = messages.slice(0, PREVIEWED);
  return (
    <figure className="mx-5 mt-3 rounded-xl border-s-4 border-accent bg-panel-2 px-3 py-2 text-sm" data-testid="forward-preview">
      <figcaption className="sr-only">{t('chat.forward.what')}</figcaption>
      <ul className="flex flex-col gap-1">
        {shown.map((m) => (
          <li key={m.id} className="flex min-w-0 gap-1.5">
            <bdi className="shrink-0 font-medium text-accent">{t('chat.forward.sender', { name: userName(users, m.originalSenderId ?? m.senderId) })}</bdi>
            <span className="truncate" dir="auto">
              {m.content}
            </span>
          </li>
        ))}
      </ul>
      {messages.length > PREVIEWED && (
        <p className="mt-1 text-xs text-muted">{t('chat.forward.more', { count: messages.length - PREVIEWED })}</p>
      )}
    </figure>
  );
}

export function ForwardDialog({ messages, onClose, onDone }: Props) {
  const t = useT();
  const store = useChatStore();
  const order = useChatList((s) => s.order);
  const all = useChatList((s) => s.summaries);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [targets, setTargets] = useState<readonly string[]>([]);
  const [comment, setComment] = useState('');
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const summaries = useMemo(() => {
    const q = query.trim().toLowerCase();
    return order.flatMap((id) => all[id] ?? []).filter((s) => !q || s.title.toLowerCase().includes(q));
  }, [order, all, query]);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const toggle = (chatId: string) => {
    setError(null);
    setTargets((was) => (was.includes(chatId) ? was.filter((id) => id !== chatId) : [...was, chatId]));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (targets.length === 0) {
      setError(t('chat.forward.chooseChat'));
      return;
    }
    setBusy(true);
    setError(null);
    const ids = messages.map((m) => m.id);
    const done: string[] = [];
    for (const to of targets) {
      try {
        await store.forward(ids, to, comment);
        done.push(to);
      } catch (err) {
        // The chats it went to are done; keep the rest ticked, to try again.
        const title = all[to]?.title ?? t('chat.forward.aChat');
        setTargets((was) => was.filter((id) => !done.includes(id)));
        setError(
          done.length > 0
            ? t('chat.forward.partly', { done: done.map((id) => all[id]?.title ?? t('chat.forward.aChat')).join(', '), title, error: errorMessage(err) })
            : t('chat.forward.failed', { title, error: errorMessage(err) }),
        );
        setBusy(false);
        return;
      }
    }
    onDone(done);
  }

  const n = messages.length;
  const chosen = targets.length;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // a click on the backdrop
      }}
      className="m-auto w-[min(28rem,calc(100vw-1.5rem))] rounded-2xl border border-line bg-panel p-0 text-fg shadow-2xl"
    >
      <form onSubmit={submit} className="flex max-h-[min(40rem,calc(100dvh-2rem))] flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-line px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold">
            {n === 1 ? t('chat.forward.titleOne') : t('chat.forward.title', { count: n })}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t('common.close')}
            className="inline-flex size-8 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
          >
            <CloseIcon size={18} />
          </button>
        </header>
        <ForwardPreview messages={messages} />
        <div className="px-5 pt-3">
          <label className="flex h-10 items-center gap-2 rounded-xl bg-panel-2 px-3 text-muted focus-within:ring-2 focus-within:ring-accent/30">
            <SearchIcon size={18} />
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('chat.forward.search')}
              aria-label={t('chat.forward.search')}
              className="min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
            />
          </label>
        </div>
        <fieldset className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-3 py-2">
          <legend className="sr-only">{t('chat.forward.to')}</legend>
          {summaries.length === 0 && <p className="px-2 py-6 text-center text-sm text-muted">{t('chat.forward.none')}</p>}
          {summaries.map((s) => {
            const on = targets.includes(s.chat.id);
            return (
              <label
                key={s.chat.id}
                className={`flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-2 py-2 transition ${
                  on ? 'bg-active' : 'hover:bg-hover'
                }`}
              >
                <input
                  type="checkbox"
                  name="forward-target"
                  value={s.chat.id}
                  checked={on}
                  onChange={() => toggle(s.chat.id)}
                  className="size-4 shrink-0 accent-(--p-accent)"
                />
                <Avatar id={s.peer?.id ?? s.chat.id} name={s.peer?.name ?? '?'} size="sm" />
                <span className="truncate font-medium" dir="auto">{s.title}</span>
              </label>
            );
          })}
        </fieldset>
        <div className="flex flex-col gap-3 border-t border-line px-5 py-4">
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            {t('chat.forward.comment')} <span className="sr-only">{t('chat.forward.commentHint')}</span>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              dir="auto"
              placeholder={t('chat.forward.commentPlaceholder')}
              className="resize-none rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] font-normal outline-none placeholder:text-muted focus:border-accent focus:ring-3 focus:ring-accent/15"
            />
          </label>
          {error && (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          )}
          <div className="flex items-center justify-end gap-2">
            <span className="me-auto text-sm text-muted" aria-live="polite">
              {chosen === 0 ? '' : t('chat.forward.chosen', { count: chosen })}
            </span>
            <button type="button" onClick={onClose} className="h-10 rounded-xl px-4 text-sm font-medium hover:bg-hover">
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              disabled={busy}
              className="inline-flex h-10 items-center gap-2 rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
            >
              <ForwardIcon size={16} />
              {busy ? t('chat.forward.forwarding') : t('chat.action.forward')}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
