// Derived views of the store's state: the chat list with last message, unread count and the
// other participant; pure functions of ChatState, so components can memoise on their inputs.
import { lastMessage, unreadCount } from './messages';
import type { ChatState } from './store';
import type { Chat, User, ViewMessage } from './types';

export interface ChatSummary {
  chat: Chat;
  /** The other participant (oneself in a chat with oneself); undefined until users load. */
  peer: User | undefined;
  title: string;
  last: ViewMessage | undefined;
  unread: number;
  /** ISO time of the last activity, for ordering. */
  activity: string;
}

export function peerId(chat: Chat, me: string): string {
  return chat.participants.find((p) => p !== me) ?? me;
}

export function chatTitle(chat: Chat, me: string, users: Readonly<Record<string, User>>): string {
  const id = peerId(chat, me);
  const u = users[id];
  if (!u) return 'Loading…';
  return id === me ? `${u.name} (you)` : u.name;
}

export function chatSummaries(state: ChatState): ChatSummary[] {
  const me = state.auth.user?.id ?? '';
  const out: ChatSummary[] = [];
  for (const chat of Object.values(state.chats)) {
    const items = state.messages[chat.id]?.items ?? [];
    const last = lastMessage(items);
    out.push({
      chat,
      peer: state.users[peerId(chat, me)],
      title: chatTitle(chat, me, state.users),
      last,
      unread: unreadCount(items, me),
      activity: last?.createdAt ?? chat.updatedAt,
    });
  }
  return out.sort((a, b) => (a.activity < b.activity ? 1 : a.activity > b.activity ? -1 : 0));
}

export function totalUnread(state: ChatState): number {
  const me = state.auth.user?.id ?? '';
  let n = 0;
  for (const st of Object.values(state.messages)) n += unreadCount(st.items, me);
  return n;
}

export function userName(users: Readonly<Record<string, User>>, id: string | null | undefined): string {
  if (!id) return 'Unknown';
  return users[id]?.name ?? 'Unknown user';
}

/** Messages of the user's not yet acknowledged by the server, over every chat. */
export function pendingCount(state: ChatState): number {
  let n = 0;
  for (const st of Object.values(state.messages)) for (const m of st.items) if (m.pending) n++;
  return n;
}
