// Forwarding one or several messages, with an optional comment, to a chat the user picks.
// A native modal <dialog>: focus stays inside, Esc closes it (the "cancel" event).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';

import { useChatList, useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { Avatar } from '../../shared/Avatar';
import { CloseIcon, SearchIcon } from '../../shared/icons';

interface Props {
  messageIds: string[];
  onClose: () => void;
  onDone: (toChatId: string) => void;
}

export function ForwardDialog({ messageIds, onClose, onDone }: Props) {
  const store = useChatStore();
  const order = useChatList((s) => s.order);
  const all = useChatList((s) => s.summaries);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [target, setTarget] = useState<string | null>(null);
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

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target) {
      setError('Choose a chat to forward to.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await store.forward(messageIds, target, comment);
      onDone(target);
    } catch (err) {
      setError(`Could not forward: ${errorMessage(err)}`);
      setBusy(false);
    }
  }

  const n = messageIds.length;
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
      <form onSubmit={submit} className="flex max-h-[min(36rem,calc(100dvh-2rem))] flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-line px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold">
            Forward {n === 1 ? 'message' : `${n} messages`}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close"
            className="inline-flex size-8 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
          >
            <CloseIcon size={18} />
          </button>
        </header>
        <div className="px-5 pt-3">
          <label className="flex h-10 items-center gap-2 rounded-xl bg-panel-2 px-3 text-muted focus-within:ring-2 focus-within:ring-accent/30">
            <SearchIcon size={18} />
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search chats"
              aria-label="Search chats"
              className="min-w-0 flex-1 bg-transparent text-[15px] text-fg outline-none placeholder:text-muted"
            />
          </label>
        </div>
        <fieldset className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-3 py-2">
          <legend className="sr-only">Forward to</legend>
          {summaries.length === 0 && <p className="px-2 py-6 text-center text-sm text-muted">No chats found.</p>}
          {summaries.map((s) => (
            <label
              key={s.chat.id}
              className={`flex cursor-pointer items-center gap-3 rounded-xl px-2 py-2 transition ${
                target === s.chat.id ? 'bg-active' : 'hover:bg-hover'
              }`}
            >
              <input
                type="radio"
                name="forward-target"
                value={s.chat.id}
                checked={target === s.chat.id}
                onChange={() => {
                  setTarget(s.chat.id);
                  setError(null);
                }}
                className="size-4 accent-(--p-accent)"
              />
              <Avatar id={s.peer?.id ?? s.chat.id} name={s.peer?.name ?? '?'} size="sm" />
              <span className="truncate font-medium">{s.title}</span>
            </label>
          ))}
        </fieldset>
        <div className="flex flex-col gap-3 border-t border-line px-5 py-4">
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Comment <span className="sr-only">(optional)</span>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              placeholder="Add a comment (optional)"
              className="resize-none rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] font-normal outline-none placeholder:text-muted focus:border-accent focus:ring-3 focus:ring-accent/15"
            />
          </label>
          {error && (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={onClose} className="h-10 rounded-xl px-4 text-sm font-medium hover:bg-hover">
              Cancel
            </button>
            <button
              type="submit"
              disabled={busy}
              className="h-10 rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
            >
              {busy ? 'Forwarding…' : 'Forward'}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
