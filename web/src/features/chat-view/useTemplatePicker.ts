// The message box's "/" list of templates (the rules are client/templates.ts): a "/" starting
// the box or a word, and what follows it, opens a list of the templates the chat offers (the
// person's own and, in a group, its canned responses, in the server's order for the chat)
// matching it. ArrowUp/ArrowDown move, Enter or Tab inserts the chosen one's text (variables
// filled in) in place of the "/word", Escape closes it (until another "/"), a click or tap
// inserts; with nothing matching the list is closed, so Enter sends as usual. Each insertion
// counts a use. Ctrl/Cmd+/ (the shortcuts' table: insertTemplate) opens it: in the box, or, for
// the chat's own box, from anywhere in the chat that is not another field; a "/" is put at the
// caret unless one is being typed there (with no templates, a toast says where to make one). The box is the list's combobox (role, aria-expanded,
// aria-controls, aria-activedescendant). The chat's suggestions are read when the box opens;
// the list follows when they come.
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';

import { useChatStore } from '../../app/store-context';
import { matchTemplates, slashQueryAt, type SlashQuery, type TemplateVars } from '../../client/templates';
import type { Template } from '../../client/templates-wire';
import { isTypingTarget, leaveAlone, matchesShortcut, shortcut } from '../../shared/shortcuts';
import { t } from '../../i18n';
import { useSuggestionList, type ComboboxProps, type SuggestionOpen } from './useSuggestionList';

interface Open extends SuggestionOpen<SlashQuery, Template> {
  /** The variables' values while the list is open (its previews). */
  vars: TemplateVars;
}

export interface TemplatePicker {
  open: Open | null;
  listId: string;
  optionId: (index: number) => string;
  comboboxProps: ComboboxProps;
  /** The text or the caret changed. */
  follow: (text: string, caret: number) => void;
  /** A key in the box: true when the list took it. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  pick: (tpl: Template) => void;
  setActive: (index: number) => void;
  close: () => void;
}

interface Options {
  /** The message being answered ({name} in a group is its sender). */
  replyToId: string | null;
  /** The chat's own box: Ctrl/Cmd+/ works from anywhere in the chat, not only in the box. */
  wholeChat: boolean;
}

/** `replace` puts new text in the box with the caret at `caret` (the composer's own update); `box` is the text area. */
export function useTemplatePicker(
  chatId: string,
  box: { current: HTMLTextAreaElement | null },
  replace: (text: string, caret: number) => void,
  { replyToId, wholeChat }: Options,
): TemplatePicker {
  const store = useChatStore();
  const replyRef = useRef(replyToId);
  replyRef.current = replyToId;
  const replaceRef = useRef(replace);
  replaceRef.current = replace;

  const suggest = useCallback(
    (query: SlashQuery, active = 0): Open | null => {
      const options = matchTemplates(store.templates.suggestions(chatId), query.query);
      if (options.length === 0) return null;
      return { query, options, active: Math.min(active, options.length - 1), vars: store.templates.vars(chatId, replyRef.current) };
    },
    [store, chatId],
  );
  // Enter or Tab with Alt, Ctrl or Cmd is left to the box's own shortcuts while the list is open.
  const list = useSuggestionList<SlashQuery, Template, Open>(suggest, { pickWithModifiers: false });
  const { follow: followQuery, refresh, reset, undismiss } = list;

  const follow = useCallback(
    (text: string, caret: number) => {
      followQuery(store.templates.available() ? slashQueryAt(text, caret) : null);
    },
    [store, followQuery],
  );

  // The box opened: the chat's suggestions (and quick replies) read; an open list follows when they come.
  useEffect(() => {
    store.templates.open(chatId);
    const offs = [store.templates.suggested.subscribeEntry(chatId, refresh), store.templates.view.subscribe(refresh)];
    return () => {
      for (const off of offs) off();
    };
  }, [store, chatId, refresh]);

  // Another chat: nothing open, nothing dismissed.
  useEffect(() => reset(), [reset, chatId]);

  const pick = (tpl: Template) => {
    const el = box.current;
    const open = list.open;
    if (!open || !el) return;
    const expansion = store.templates.expand(tpl, chatId, replyRef.current);
    const text = el.value.slice(0, open.query.start) + expansion + el.value.slice(open.query.end);
    list.close();
    replace(text, open.query.start + expansion.length);
    store.templates.recordUse(tpl.id, chatId);
  };

  /** Ctrl/Cmd+/: the list opens at the caret, a "/" put there first unless one is being typed; with no templates, a toast says where to make one. */
  const summon = useCallback(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    if (store.templates.suggestions(chatId).length === 0) {
      store.showToast(t('templates.picker.none'));
      return;
    }
    const value = el.value;
    const caret = el.selectionStart ?? value.length;
    undismiss();
    if (slashQueryAt(value, caret)) {
      follow(value, caret);
      return;
    }
    const start = el.selectionStart ?? value.length;
    const end = el.selectionEnd ?? value.length;
    const slash = start === 0 || /\s/.test(value[start - 1] ?? '') ? '/' : ' /';
    const next = value.slice(0, start) + slash + value.slice(end);
    replaceRef.current(next, start + slash.length);
    follow(next, start + slash.length);
  }, [store, chatId, box, follow, undismiss]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!store.templates.available() || !matchesShortcut(e, 'insertTemplate') || leaveAlone(e, shortcut('insertTemplate'))) return;
      const target = e.target as Element | null;
      const mine = target === box.current;
      if (!mine && (!wholeChat || isTypingTarget(target))) return;
      e.preventDefault();
      summon();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, box, wholeChat, summon]);

  return {
    open: list.open,
    listId: list.listId,
    optionId: list.optionId,
    comboboxProps: list.comboboxProps,
    follow,
    onKeyDown: (e) => list.onKeyDown(e, pick),
    pick,
    setActive: list.setActive,
    close: list.close,
  };
}
