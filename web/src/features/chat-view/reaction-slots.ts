// What the chat view shows of reactions, handed in by the app (features do not import each
// other; the reactions feature draws them): the chips under a message, the quick reactions at
// the top of its menu, the full picker, the message box's emoji button, and what reads the
// chat's unread reactions while it is on screen. The chat view puts them in a context, so the
// bubbles, menus and composers deep inside it find them; without it (tests), no reactions show.
import { createContext, useContext, type ComponentType } from 'react';

import type { ViewMessage } from '../../client/types';

export interface ReactionSlots {
  /** The chips under a bubble: each emoji with its count, a toggle; who reacted. */
  MessageReactions: ComponentType<{
    chatId: string;
    message: ViewMessage;
    own: boolean;
    /** The user may react here (not a group they left, not while selecting). */
    canReact: boolean;
    /** -1 unless the message is the list's tab stop (the list stays one stop). */
    tabIndex: number;
  }>;
  /** The quick reactions at the top of a message's menu; its buttons are menu items. */
  QuickReactions: ComponentType<{
    chatId: string;
    message: ViewMessage;
    /** A reaction was chosen (the menu closes, focus goes back to the message). */
    onDone: () => void;
    /** "More": the full picker for this message. */
    onMore: () => void;
  }>;
  /** The full picker for a reaction to `message`, beside it (a sheet on a narrow screen). */
  ReactionPicker: ComponentType<{ chatId: string; message: ViewMessage; onClose: () => void }>;
  /** The message box's emoji button: its picker inserts what is chosen at the caret. */
  EmojiButton: ComponentType<{
    /** The chat written in (its custom emoji are offered). */
    chatId: string;
    onPick: (emoji: string) => void;
    /** The picker closed: back to writing. */
    onClose: () => void;
  }>;
  /** Reads the chat's unread reactions while it is on screen and the page is seen; draws nothing. */
  ReadReactions: ComponentType<{ chatId: string }>;
}

export interface ReactionContext {
  slots: ReactionSlots;
  chatId: string;
  /** The user may react in this chat (not a group they left). */
  canReact: boolean;
}

export const ReactionSlotsContext = createContext<ReactionContext | null>(null);

/** The reactions of the chat view around, or null when none were handed in. */
export function useReactionSlots(): ReactionContext | null {
  return useContext(ReactionSlotsContext);
}
