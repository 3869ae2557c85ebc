// The message box: Enter sends, Shift+Enter adds a line, it grows up to a few lines, and the
// draft of each chat is kept in the store (the chat list shows it, a reload keeps it). Sending
// never waits for the network: the store queues the message and sends it as soon as it can.
// Editing a message ("Edit" in its menu, or the Up key in the empty box for the user's last
// one) turns it into the edit box: "Editing message" with the original above, the text in the
// box, Enter saves (shown at once), Esc or the close button cancels, and the draft comes back.
// It reads the connection and the outbox's size, never a chat's messages, and is memoised, so
// neither an incoming message nor the chat view rendering again for one renders it.
import { memo, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

import { useChatStore, useConnection, useQueuedCount } from '../../app/store-context';
import type { ChatStore } from '../../client/store';
import { CheckIcon, CloseIcon, PencilIcon, SendIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';

const MAX_CHARS = 10000;

function savedDraft(store: ChatStore, chatId: string): string {
  return store.slices.drafts.entry(chatId) ?? '';
}

/** Slow mode's countdown: the seconds until `until` (epoch ms), ticking each second. */
function SlowModeNote({ until }: { until: number }) {
  const now = useNow(1000).getTime();
  const left = Math.ceil((until - now) / 1000);
  if (left <= 0) return null;
  return (
    <p className="mb-2 text-xs text-warn" role="note" data-testid="slow-mode-note">
      Slow mode: you can send your next message in {left} s.
    </p>
  );
}

/** Whether the time is still before `until` (epoch ms); turns false when it passes. */
function useBefore(until: number): boolean {
  const [before, setBefore] = useState(false);
  useEffect(() => {
    const left = until - Date.now();
    setBefore(left > 0);
    if (left <= 0) return;
    const t = setTimeout(() => setBefore(false), left);
    return () => clearTimeout(t);
  }, [until]);
  return before;
}

/** The message being edited: its id and its text when editing began. */
export interface Editing {
  id: string;
  content: string;
}

interface Props {
  chatId: string;
  autoFocus: boolean;
  waitUntil?: number;
  /** A message being edited, or null. */
  editing?: Editing | null;
  /** Editing ends (saved or cancelled). */
  onEditEnd?: () => void;
  /** The Up key in the empty box: edit the user's last editable message; false when there is none. */
  onEditLast?: () => boolean;
}

function ComposerView({ chatId, autoFocus, waitUntil = 0, editing = null, onEditEnd, onEditLast }: Props) {
  const store = useChatStore();
  const waiting = useBefore(waitUntil);
  const connection = useConnection();
  const queued = useQueuedCount();
  // The draft is read once per chat, not subscribed to: typing must not render from the store.
  const [text, setText] = useState(() => savedDraft(store, chatId));
  const ref = useRef<HTMLTextAreaElement>(null);
  const editingId = editing?.id ?? null;

  useEffect(() => {
    setText(savedDraft(store, chatId));
    if (autoFocus) ref.current?.focus();
  }, [store, chatId, autoFocus]);

  // Editing begins: the message's text in the box, the caret at its end; it ends: the draft back.
  const editingText = editing?.content ?? '';
  useLayoutEffect(() => {
    const el = ref.current;
    if (editingId === null) {
      setText(savedDraft(store, chatId));
      return;
    }
    setText(editingText);
    if (el) {
      el.focus();
      el.value = editingText;
      el.setSelectionRange(editingText.length, editingText.length);
    }
  }, [store, chatId, editingId, editingText]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 168)}px`;
  }, [text]);

  const update = (v: string) => {
    setText(v);
    // While editing, the box holds the message's text, not the draft.
    if (editingId === null) store.setDraft(chatId, v.trim() === '' ? '' : v);
  };

  const tooLong = text.length > MAX_CHARS;
  const canSend = text.trim() !== '' && !tooLong && (editingId !== null || !waiting);

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    if (editingId !== null) {
      // Shown at once; a refusal puts the text back and says why (store.lifecycle).
      void store.lifecycle.edit(chatId, editingId, text);
      onEditEnd?.();
    } else {
      store.send(chatId, text);
      update('');
    }
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && editingId !== null) {
      e.preventDefault();
      e.stopPropagation();
      onEditEnd?.();
    } else if (
      e.key === 'ArrowUp' &&
      editingId === null &&
      text === '' &&
      !e.shiftKey &&
      !e.altKey &&
      !e.ctrlKey &&
      !e.metaKey &&
      onEditLast?.()
    ) {
      e.preventDefault();
    }
  };

  return (
    <form onSubmit={send} className="border-t border-line bg-panel px-3 pt-2.5 pb-[max(0.625rem,env(safe-area-inset-bottom))] md:px-5">
      {connection !== 'connected' && (
        <p className="mb-2 text-xs text-muted" role="note" data-testid="offline-note">
          Not connected.{' '}
          {queued > 0
            ? `${queued} message${queued === 1 ? '' : 's'} waiting to send; they go out as soon as the connection is back.`
            : 'Messages you send now go out as soon as the connection is back.'}
        </p>
      )}
      {waiting && editingId === null && <SlowModeNote until={waitUntil} />}
      {editing && (
        <div className="mb-2 flex items-center gap-3 rounded-xl border-s-4 border-accent bg-panel-2 py-1 ps-3 pe-1" data-testid="editing-banner">
          <PencilIcon size={18} className="shrink-0 text-accent" />
          <div className="min-w-0 flex-1">
            <p className="text-xs font-semibold text-accent">Editing message</p>
            <p className="truncate text-sm text-muted" dir="auto" data-testid="editing-original">
              {editing.content}
            </p>
          </div>
          <button
            type="button"
            onClick={() => onEditEnd?.()}
            aria-label="Cancel editing"
            title="Cancel editing (Esc)"
            className="inline-flex size-10 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
          >
            <CloseIcon size={18} />
          </button>
        </div>
      )}
      {tooLong && (
        <p className="mb-2 text-xs text-danger" role="alert">
          Messages can be at most {MAX_CHARS.toLocaleString()} characters ({text.length.toLocaleString()} now).
        </p>
      )}
      <div className="flex items-end gap-2">
        <textarea
          ref={ref}
          value={text}
          rows={1}
          onChange={(e) => update(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={editing ? 'Edit the message…' : 'Write a message…'}
          aria-label="Message"
          aria-describedby="composer-hint"
          className="scrollbar-thin max-h-42 min-h-11 flex-1 resize-none rounded-2xl border border-line bg-panel-2 px-4 py-2.5 text-[15px] leading-snug outline-none transition placeholder:text-muted focus:border-accent focus:bg-panel focus:ring-3 focus:ring-accent/15"
        />
        <button
          type="submit"
          disabled={!canSend}
          aria-label={editing ? 'Save the edit' : 'Send message'}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-accent text-on-accent transition hover:bg-accent-strong disabled:bg-line disabled:text-muted"
        >
          {editing ? <CheckIcon size={20} /> : <SendIcon size={20} />}
        </button>
      </div>
      <p id="composer-hint" className="sr-only">
        {editing
          ? 'Enter saves the edit, Escape cancels it, Shift+Enter adds a new line.'
          : 'Enter sends, Shift+Enter adds a new line; Up arrow in an empty box edits your last message.'}
      </p>
    </form>
  );
}

export const Composer = memo(ComposerView);
