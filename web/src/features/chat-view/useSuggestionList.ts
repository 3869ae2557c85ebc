// The combobox mechanics the message box's suggestion lists share (the "@" people of
// useMentionPicker.ts, the "/" templates of useTemplatePicker.ts): what is open (the query
// typed after the trigger, its options, the active one), a list closed with Escape staying
// closed until another trigger, ArrowUp/ArrowDown cycling, Enter or Tab picking, and the
// box's combobox attributes (role, aria-expanded, aria-controls, aria-activedescendant).
// Each picker keeps its own rules: what opens it, what it suggests, what a pick inserts.
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';

/** What follows a trigger in the text: the trigger's offset and the word typed after it. */
export interface SuggestionQuery {
  start: number;
  query: string;
}

/** An open list; a picker may carry more (the templates' variables). */
export interface SuggestionOpen<Q extends SuggestionQuery, O> {
  query: Q;
  options: readonly O[];
  active: number;
}

/** What the box carries as the list's combobox. */
export interface ComboboxProps {
  role: 'combobox';
  'aria-autocomplete': 'list';
  'aria-expanded': boolean;
  'aria-controls'?: string;
  'aria-activedescendant'?: string;
}

export interface SuggestionList<Q extends SuggestionQuery, O, S extends SuggestionOpen<Q, O>> {
  open: S | null;
  listId: string;
  optionId: (index: number) => string;
  comboboxProps: ComboboxProps;
  /**
   * The query at the caret now (null: none): the list opens, stays, or closes; false when there is
   * none or its list was dismissed. */
  follow: (query: Q | null) => boolean;
  /** The options may have changed (data came): an open list is suggested again, its active one kept. */
  refresh: () => void;
  /** A key in the box: true when the list took it; Enter or Tab hands the active option to `pick`. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>, pick: (option: O) => void) => boolean;
  setActive: (index: number) => void;
  close: () => void;
  /** A list closed with Escape may open again at the same trigger (summoned). */
  undismiss: () => void;
  /** Closed, nothing dismissed (another chat, a message sent). */
  reset: () => void;
}

interface Options {
  /** Enter or Tab with Alt, Ctrl or Cmd picks too; otherwise only without them (the box keeps those). */
  pickWithModifiers: boolean;
}

/** `suggest` makes the open list for a query, keeping `active` where it can; null when nothing matches. */
export function useSuggestionList<Q extends SuggestionQuery, O, S extends SuggestionOpen<Q, O>>(
  suggest: (query: Q, active?: number) => S | null,
  { pickWithModifiers }: Options,
): SuggestionList<Q, O, S> {
  const listId = useId();
  const [open, setOpen] = useState<S | null>(null);
  /** The trigger whose list was closed with Escape: it stays closed until another one. */
  const dismissed = useRef<number | null>(null);

  const follow = useCallback(
    (query: Q | null) => {
      if (!query || dismissed.current === query.start) {
        if (!query) dismissed.current = null;
        setOpen(null);
        return false;
      }
      setOpen((o) => {
        if (o && o.query.start === query.start && o.query.query === query.query) return o;
        return suggest(query);
      });
      return true;
    },
    [suggest],
  );

  const refresh = useCallback(() => setOpen((o) => (o ? suggest(o.query, o.active) : o)), [suggest]);
  const close = useCallback(() => setOpen(null), []);
  const undismiss = useCallback(() => {
    dismissed.current = null;
  }, []);
  const reset = useCallback(() => {
    dismissed.current = null;
    setOpen(null);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>, pick: (option: O) => void): boolean => {
    if (!open || e.nativeEvent.isComposing) return false;
    const n = open.options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOpen({ ...open, active: (open.active + step + n) % n });
      return true;
    }
    const modified = e.altKey || e.ctrlKey || e.metaKey;
    if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && (pickWithModifiers || !modified)) {
      e.preventDefault();
      const option = open.options[open.active];
      if (option !== undefined) pick(option);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      dismissed.current = open.query.start;
      setOpen(null);
      return true;
    }
    return false;
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return {
    open,
    listId,
    optionId,
    comboboxProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': open !== null,
      ...(open ? { 'aria-controls': listId, 'aria-activedescendant': optionId(open.active) } : {}),
    },
    follow,
    refresh,
    onKeyDown,
    setActive: (index) => setOpen((o) => (o && index >= 0 && index < o.options.length ? { ...o, active: index } : o)),
    close,
    undismiss,
    reset,
  };
}
