// What to tell of a live message from someone else: its chat's title, the text (with the
// sender's name in a group; "New message" when the user chose no previews), and the count of
// unread messages when more than one waits (a message that mentions the user, answers them or
// has one of their keywords says "Mentions you"), tagged
// with the chat, so a later notification for the same chat replaces it instead of piling up.
// Only live messages are told (the store's onLiveMessage): a page's first load and the catch-up
// after a reconnect fill the counts silently.
import { t } from '../i18n';
import type { ChatSummary } from '../client/selectors';
import type { ChatMessage } from '../client/types';

export interface Notice {
  chatId: string;
  title: string;
  body: string;
  /** The notification's tag: one per chat. */
  tag: string;
}

const MAX_BODY = 140;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_BODY ? `${flat.slice(0, MAX_BODY - 1)}…` : flat;
}

/**
 * The notice owed for `message`, now that the chat list took it in (`summary`: its chat's line);
 * null for the user's own messages, system lines, deletions, and a message already read (the
 * chat on screen). `senderName` names a group's sender; without `previews` the text is not told;
 * `mention`: the message notifies like a mention.
 */
export function noticeFor(
  summary: ChatSummary | undefined,
  message: ChatMessage,
  me: string,
  senderName: (userId: string) => string,
  { previews = true, mention = false }: { previews?: boolean; mention?: boolean } = {},
): Notice | null {
  if (!summary || message.senderId === me || message.kind === 'system' || message.deleted) return null;
  if (summary.unread === 0) return null;
  const text = clip(message.content);
  const said = !previews ? t('app.notice.newMessage') : summary.chat.kind === 'group' ? t('app.notice.from', { name: senderName(message.senderId), text }) : text;
  const line = mention ? t('app.notice.mentionsYou', { text: said }) : said;
  return {
    chatId: message.chatId,
    title: summary.title,
    body: summary.unread > 1 ? `${line}\n${t('app.notice.newMessages', { count: summary.unread })}` : line,
    tag: `chat:${message.chatId}`,
  };
}
