// Notifications while Parley is in the background, from the chat list alone: a chat whose
// unread count went up with a new last message from someone else gets one notification, tagged
// with the chat, so a later one for the same chat replaces it ("3 new messages") instead of
// piling up. The browser shows them (the Notification API); only when this device allowed it,
// the person turned them on here, and the tab is hidden.
import type { ChatSummary } from '../client/selectors';

/** What was already told about a chat: its unread count and its last message. */
export interface Seen {
  unread: number;
  lastId: string | undefined;
}

export interface Notice {
  chatId: string;
  title: string;
  body: string;
  /** The notification's tag: one per chat. */
  tag: string;
}

export function seenOf(summaries: Readonly<Record<string, ChatSummary>>): Record<string, Seen> {
  const seen: Record<string, Seen> = {};
  for (const [id, s] of Object.entries(summaries)) seen[id] = { unread: s.unread, lastId: s.last?.id };
  return seen;
}

const MAX_BODY = 140;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_BODY ? `${flat.slice(0, MAX_BODY - 1)}…` : flat;
}

/**
 * The notices owed between two states of the chat list: chats whose unread count rose and
 * whose last message is new and not the user's own. `senderName` names a group's sender.
 */
export function newNotices(
  before: Readonly<Record<string, Seen>>,
  summaries: Readonly<Record<string, ChatSummary>>,
  me: string,
  senderName: (userId: string) => string,
): Notice[] {
  const notices: Notice[] = [];
  for (const [chatId, s] of Object.entries(summaries)) {
    const last = s.last;
    const was = before[chatId];
    if (!last || last.senderId === me || last.kind === 'system' || last.deleted) continue;
    if (s.unread <= (was?.unread ?? 0) || last.id === was?.lastId) continue;
    const group = s.chat.kind === 'group';
    const text = clip(last.content);
    const line = group ? `${senderName(last.senderId)}: ${text}` : text;
    notices.push({
      chatId,
      title: s.title,
      body: s.unread > 1 ? `${line}\n${s.unread} new messages` : line,
      tag: `chat:${chatId}`,
    });
  }
  return notices;
}
