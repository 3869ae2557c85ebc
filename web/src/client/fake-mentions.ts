// The fake server's mentions (fakes.ts), as Parley keeps them: only people of the chat, not the
// sender, at most 50; everyone (mentionsAll) only in a group, and from the client's user only
// as the group's owner or an admin (the fake's chat role is the client's user's), refused
// otherwise as the server refuses it. Used only by the unit tests.
import { RequestError } from './errors';
import { MAX_MENTIONS, type MessageMentions } from './mentions';
import type { Chat, ChatMessage } from './types';

/** The client's user mentioning everyone in a group: refused unless its owner or an admin. */
export function checkMentionsAll(chats: readonly Chat[], chatId: string, p: MessageMentions): void {
  const chat = chats.find((c) => c.id === chatId);
  if (p.mentionsAll && chat?.kind === 'group' && chat.role !== 'owner' && chat.role !== 'admin') {
    throw new RequestError('forbidden', 'Only admins can mention everyone');
  }
}

/** Sets whom `m` mentions (`byClient`: the client's user asks, and may be refused @all). */
export function setMentions(chats: readonly Chat[], m: ChatMessage, p: MessageMentions, byClient: boolean): void {
  if (byClient) checkMentionsAll(chats, m.chatId, p);
  const chat = chats.find((c) => c.id === m.chatId);
  const ids = (p.mentions ?? []).filter((id, i, all) => id !== m.senderId && chat?.participants.includes(id) && all.indexOf(id) === i);
  if (ids.length > 0) m.mentions = ids.slice(0, MAX_MENTIONS);
  else delete m.mentions;
  if (p.mentionsAll && chat?.kind === 'group') m.mentionsAll = true;
  else delete m.mentionsAll;
}
