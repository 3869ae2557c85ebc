// The app's own shortcuts, those that work anywhere once signed in (the shortcuts' table,
// shared/shortcuts.ts, scopes "global" and "chat"): `?` the help, Ctrl/Cmd+K the switcher,
// Alt+Up/Down the previous or next chat of the list (with Shift, of those with unread
// messages), Ctrl/Cmd+Shift+F the search of every chat, Ctrl/Cmd+F the open chat's search.
// Esc is each panel's (shared/useEscapeLayer.ts); a focused message's keys are the message
// list's; the message box's are its own.
//
// Ctrl/Cmd+F is Parley's only with a chat open, where most of the history is not on the page
// for the browser's find to see; pressed again inside the search panel, or with no chat open,
// it is the browser's own find.
import { useEffect, useRef } from 'react';

import { neighbourChat } from '../client/selectors';
import type { ChatStore } from '../client/store';
import { leaveAlone, shortcutOf } from '../shared/shortcuts';
import { navigate } from './router';

export interface AppShortcuts {
  help: () => void;
  switcher: () => void;
  /** The search, in this chat (its id) or in every chat (null). */
  search: (scope: string | null) => void;
}

/** Moves to the chat `step` places away in the list (or the nearest with unread messages). */
function moveChat(store: ChatStore, current: string | null, step: 1 | -1, unreadOnly: boolean): boolean {
  const { order, summaries } = store.slices.chatList.get();
  const to = neighbourChat(order, current, step, unreadOnly ? (id) => (summaries[id]?.unread ?? 0) > 0 : undefined);
  if (to === null) return false;
  navigate({ name: 'chat', chatId: to });
  return true;
}

/** While `active` (signed in), the app's shortcuts on the document; `chatId`: the open chat. */
export function useAppShortcuts(store: ChatStore, active: boolean, chatId: string | null, actions: AppShortcuts): void {
  const chatRef = useRef(chatId);
  chatRef.current = chatId;
  const actionsRef = useRef(actions);
  actionsRef.current = actions;

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const s = shortcutOf(e, ['global', 'chat']);
      if (!s || s.id === 'close' || leaveAlone(e, s)) return;
      const current = chatRef.current;
      const act = actionsRef.current;
      let done = true;
      switch (s.id) {
        case 'help':
          act.help();
          break;
        case 'switcher':
          act.switcher();
          break;
        case 'previousChat':
        case 'nextChat':
        case 'previousUnread':
        case 'nextUnread':
          done = moveChat(store, current, s.id.startsWith('next') ? 1 : -1, s.id.endsWith('Unread'));
          break;
        case 'searchAll':
          act.search(null);
          break;
        case 'searchChat':
          done = current !== null && !(e.target as Element | null)?.closest?.('[data-browser-find]');
          if (done) act.search(current);
          break;
        default:
          done = false;
      }
      if (done) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, active]);
}
