// What a person can do with one message, in the order the message menu lists it. One entry per
// action: its label, icon and when it applies; the chat view carries them out (ChatView's
// onAction). New actions (react, ...) are one more entry here and one more case there.
// "Report…" and "Block sender" / "Unblock sender" come last, on messages from others where the
// chat view offers them (it says whether the sender is blocked).
// Who may edit and delete is the client layer's rule (client/lifecycle.ts). A focused message's
// keys (R, E, T: the shortcuts' table) run the same actions, when its menu offers them.
import type { ComponentType } from 'react';

import { messageText } from '../../client/files';
import { canDeleteForMe, canEdit } from '../../client/lifecycle';
import type { GroupRole, ViewMessage } from '../../client/types';
import {
  BanIcon,
  CheckCircleIcon,
  CopyIcon,
  FlagIcon,
  ForwardIcon,
  HistoryIcon,
  InfoIcon,
  PencilIcon,
  PinIcon,
  QuoteIcon,
  ReplyIcon,
  ThreadIcon,
  TrashIcon,
} from '../../shared/icons';
import { shortcutOf, type KeyLike, type Platform, type ShortcutId } from '../../shared/shortcuts';
import { t } from '../../i18n';

/** Every action on a message: the menu's, those of a message the server refused, the "edited" label's. */
export type MessageAction =
  | 'reply'
  | 'quote'
  | 'thread'
  | 'copy'
  | 'edit'
  | 'forward'
  | 'pin'
  | 'unpin'
  | 'select'
  | 'info'
  | 'history'
  | 'delete'
  | 'retry'
  | 'discard'
  /** A message held for review removed from this device (the server keeps it for the moderators). */
  | 'forget'
  /** The full reaction picker (the quick reactions at the menu's top react by themselves). */
  | 'react'
  /** Report the message to the moderators (a dialog asks why). */
  | 'report'
  /** Block the message's sender (asked first), or unblock them. */
  | 'block'
  | 'unblock';

/** What an action carries besides its message: the text selected in it ("Quote selected text"). */
export interface ActionExtra {
  quote?: string;
}

export interface MenuActionContext {
  /** The message is the user's own. */
  own: boolean;
  /** The chat is a group (own messages have "Message info"). */
  group?: boolean;
  /** The user may pin in this chat (a group's setting); true when not said. */
  canPin?: boolean;
  /** The signed-in user's id (editing); empty: nothing is editable. */
  me?: string;
  /** Now, epoch ms (the edit window). */
  now?: number;
  /** The user is no longer in this group: nothing changes any more. */
  left?: boolean;
  /** The user's role in the group (deleting others' messages for everyone). */
  role?: GroupRole;
  /** The group's own edit window (seconds; 0 or absent: the server's). */
  editWindowSeconds?: number;
  /** Text the person selected inside this message, if any ("Quote selected text"). */
  quote?: string;
  /** The menu of a message in a thread's panel (no thread of its own to open). */
  inThread?: boolean;
  /** Whether the user blocked the message's sender; absent: reporting and blocking are not offered here. */
  senderBlocked?: boolean;
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

/** A text message the server has and nobody deleted (a system line of a group is only copied). */
const isStoredText = (m: ViewMessage) => isStored(m) && m.kind !== 'system' && !m.deleted;
const mayPin = (ctx: MenuActionContext) => ctx.canPin !== false;

/** A message others can answer: one the server has, of text, not deleted or hidden. */
const answerable = (m: ViewMessage, ctx: MenuActionContext) => isStoredText(m) && !m.hidden && !ctx.left;

/** A message the user can react to: the same as one they can answer. */
export function canReact(m: ViewMessage, ctx: Pick<MenuActionContext, 'left'>): boolean {
  return answerable(m, { own: false, ...ctx });
}

const MENU: readonly MenuEntry[] = [
  { action: 'reply', label: () => t('chat.action.reply'), Icon: ReplyIcon, applies: answerable },
  {
    action: 'quote',
    label: () => t('chat.action.quote'),
    Icon: QuoteIcon,
    applies: (m, ctx) => answerable(m, ctx) && ctx.quote !== undefined && ctx.quote !== '',
  },
  {
    action: 'thread',
    label: (m) => ((m.thread?.replyCount ?? 0) > 0 ? t('chat.action.openThread') : t('chat.action.replyInThread')),
    Icon: ThreadIcon,
    // A thread reply starts no thread of its own; a thread with replies opens even from a group left.
    applies: (m, ctx) =>
      !ctx.inThread && isStoredText(m) && !m.threadRootId && ((m.thread?.replyCount ?? 0) > 0 || !ctx.left),
  },
  // A message with files copies its caption (none: nothing to copy).
  { action: 'copy', label: () => t('chat.action.copy'), Icon: CopyIcon, applies: (m) => messageText(m) !== '' && !m.deleted },
  {
    action: 'edit',
    label: () => t('chat.action.edit'),
    Icon: PencilIcon,
    applies: (m, ctx) => !ctx.left && canEdit(m, ctx.me ?? '', ctx.now ?? Date.now(), ctx.editWindowSeconds),
  },
  {
    action: 'info',
    label: () => t('chat.action.info'),
    Icon: InfoIcon,
    applies: (m, ctx) => isStoredText(m) && ctx.own && ctx.group === true,
  },
  {
    action: 'history',
    label: () => t('chat.action.history'),
    Icon: HistoryIcon,
    applies: (m) => isStoredText(m) && (m.editCount ?? 0) > 0,
  },
  { action: 'forward', label: () => t('chat.action.forward'), Icon: ForwardIcon, applies: isStoredText },
  {
    action: 'pin',
    label: () => t('chat.action.pin'),
    Icon: PinIcon,
    applies: (m, ctx) => isStoredText(m) && !m.isPinned && mayPin(ctx),
  },
  { action: 'unpin', label: () => t('chat.action.unpin'), Icon: PinIcon, applies: (m, ctx) => isStoredText(m) && m.isPinned && mayPin(ctx) },
  { action: 'select', label: () => t('chat.action.select'), Icon: CheckCircleIcon, applies: isStoredText },
  { action: 'delete', label: () => t('chat.action.delete'), Icon: TrashIcon, applies: (m, ctx) => !ctx.left && canDeleteForMe(m) },
  {
    action: 'report',
    label: () => t('chat.action.report'),
    Icon: FlagIcon,
    applies: (m, ctx) => !ctx.own && ctx.senderBlocked !== undefined && isStoredText(m) && !m.hidden,
  },
  {
    action: 'block',
    label: () => t('chat.action.block'),
    Icon: BanIcon,
    applies: (m, ctx) => !ctx.own && ctx.senderBlocked === false && isStoredText(m),
  },
  {
    action: 'unblock',
    label: () => t('chat.action.unblock'),
    Icon: BanIcon,
    applies: (m, ctx) => !ctx.own && ctx.senderBlocked === true && isStoredText(m),
  },
];

/** The menu's actions for `m`, in order. */
export function menuActions(m: ViewMessage, ctx: MenuActionContext): MenuAction[] {
  return MENU.filter((e) => e.applies(m, ctx)).map((e) => ({ action: e.action, label: e.label(m), Icon: e.Icon }));
}

/** The actions a focused message's keys run (the shortcuts' table says which keys). */
const KEYED: Partial<Record<ShortcutId, MessageAction>> = { reply: 'reply', edit: 'edit', thread: 'thread' };

/** The action key `e` asks of a focused message whose menu offers `offered`, if it offers it. */
export function keyedAction(e: KeyLike, offered: readonly MenuAction[], platform?: Platform): MessageAction | null {
  const s = shortcutOf(e, ['message'], platform);
  const action = s ? KEYED[s.id as ShortcutId] : undefined;
  return action !== undefined && offered.some((a) => a.action === action) ? action : null;
}
