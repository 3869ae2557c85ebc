// Derived views of the store's state: the chat list with last message, unread counts (and of
// them the mentions of the user) and the other participant; pure functions, so callers can memoise on their inputs (the chat list
// slice, slices/chat-list.ts, keeps each summary until what it shows changes).
import { t } from '../i18n/core';
import { groupTitle, isGroup, isSystem } from './groups';
import { unreadMentions } from './mentions';
import { lastMessage, unreadCount } from './messages';
import type { ChatState } from './state';
import type { Chat, User, ViewMessage } from './types';

export interface ChatSummary {
  chat: Chat;
  /** The other participant (oneself in a chat with oneself); undefined until users load, and in groups. */
  peer: User | undefined;
  /** In a group, who wrote the last message (not the user, not a system line). */
  lastSender?: string;
  title: string;
  last: ViewMessage | undefined;
  unread: number;
  /** Of the unread messages, those that mention the user (or everyone). */
  mentions: number;
  /** ISO time of the last activity, for ordering. */
  activity: string;
}

export function peerId(chat: Chat, me: string): string {
  return chat.participants.find((p) => p !== me) ?? me;
}

export function chatTitle(chat: Chat, me: string, users: Readonly<Record<string, User>>): string {
  if (isGroup(chat)) return groupTitle(chat);
  const id = peerId(chat, me);
  const u = users[id];
  if (!u) return t('chats.loadingTitle');
  return id === me ? t('chats.self', { name: u.name }) : u.name;
}

/** One chat's line in the chat list. */
export function summarize(
  chat: Chat,
  items: readonly ViewMessage[],
  users: Readonly<Record<string, User>>,
  me: string,
): ChatSummary {
  const last = lastMessage(items);
  const group = isGroup(chat);
  return {
    chat,
    peer: group ? undefined : users[peerId(chat, me)],
    ...(group && last && last.senderId !== me && !isSystem(last) ? { lastSender: userName(users, last.senderId) } : {}),
    title: chatTitle(chat, me, users),
    last,
    unread: unreadCount(items, me),
    mentions: unreadMentions(items, me),
    activity: last?.createdAt ?? chat.updatedAt,
  };
}

/** Newest activity first. */
export function byActivity(a: ChatSummary, b: ChatSummary): number {
  return a.activity < b.activity ? 1 : a.activity > b.activity ? -1 : 0;
}

export function chatSummaries(state: ChatState): ChatSummary[] {
  const me = state.auth.user?.id ?? '';
  return Object.values(state.chats)
    .map((chat) => summarize(chat, state.messages[chat.id]?.items ?? [], state.users, me))
    .sort(byActivity);
}

export function totalUnread(state: ChatState): number {
  const me = state.auth.user?.id ?? '';
  let n = 0;
  for (const st of Object.values(state.messages)) n += unreadCount(st.items, me);
  return n;
}

export function userName(users: Readonly<Record<string, User>>, id: string | null | undefined): string {
  if (!id) return t('common.unknown');
  return users[id]?.name ?? t('common.unknownUser');
}

/**
 * The chat `step` places from `current` in the list's `order` (1: the next, below; -1: the
 * previous), for Alt+Down and Alt+Up; with no chat open, the first (or the last). It stops at
 * the ends. With `unread`, the nearest chat that has unread messages in that direction, going
 * round past the end, so that every unread chat is reached; null when there is none.
 */
export function neighbourChat(
  order: readonly string[],
  current: string | null,
  step: 1 | -1,
  unread?: (chatId: string) => boolean,
): string | null {
  const n = order.length;
  const at = current === null ? -1 : order.indexOf(current);
  if (!unread) {
    const i = at < 0 ? (step > 0 ? 0 : n - 1) : at + step;
    return order[i] ?? null;
  }
  const start = at >= 0 ? at : step > 0 ? -1 : n;
  for (let k = 1; k <= n; k++) {
    const id = order[(((start + step * k) % n) + n) % n];
    if (id !== undefined && id !== current && unread(id)) return id;
  }
  return null;
}
