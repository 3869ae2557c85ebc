// What a person can do with one message, in the order the message menu lists it. One entry per
// action: its label, icon and when it applies; the chat view carries them out (ChatView's
// onAction). New actions (reply, edit, delete, react, ...) are one more entry here and one more
// case there.
import type { ComponentType } from 'react';

import type { ViewMessage } from '../../client/types';
import { CheckCircleIcon, CopyIcon, ForwardIcon, PinIcon } from '../../shared/icons';

/** Every action on a message: the menu's, and those of a message the server refused. */
export type MessageAction = 'copy' | 'forward' | 'pin' | 'unpin' | 'select' | 'retry' | 'discard';

export interface MenuActionContext {
  /** The message is the user's own. */
  own: boolean;
}

export interface MenuAction {
  action: MessageAction;
  label: string;
  Icon: ComponentType<{ size?: number; className?: string }>;
}

interface MenuEntry {
  action: MessageAction;
  label: (m: ViewMessage) => string;
  Icon: MenuAction['Icon'];
  /** Whether it applies to this message. */
  applies: (m: ViewMessage, ctx: MenuActionContext) => boolean;
}

/** The server has the message (not pending, not refused): it has an id others can refer to. */
export function isStored(m: ViewMessage): boolean {
  return !m.pending && m.failed === undefined;
}

const MENU: readonly MenuEntry[] = [
  { action: 'copy', label: () => 'Copy text', Icon: CopyIcon, applies: (m) => m.content !== '' },
  { action: 'forward', label: () => 'Forward', Icon: ForwardIcon, applies: isStored },
  {
    action: 'pin',
    label: () => 'Pin',
    Icon: PinIcon,
    applies: (m) => isStored(m) && !m.isPinned,
  },
  { action: 'unpin', label: () => 'Unpin', Icon: PinIcon, applies: (m) => isStored(m) && m.isPinned },
  { action: 'select', label: () => 'Select', Icon: CheckCircleIcon, applies: isStored },
];

/** The menu's actions for `m`, in order. */
export function menuActions(m: ViewMessage, ctx: MenuActionContext): MenuAction[] {
  return MENU.filter((e) => e.applies(m, ctx)).map((e) => ({ action: e.action, label: e.label(m), Icon: e.Icon }));
}
