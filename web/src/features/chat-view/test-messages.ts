// Messages for the chat view's unit tests.
import type { MessageStatus, ViewMessage } from '../../client/types';

/** Message `seq` of chat "c" from `senderId`, id "m<seq>", a minute apart. */
export function msg(seq: number, senderId: string, status: MessageStatus, extra: Partial<ViewMessage> = {}): ViewMessage {
  return {
    id: `m${seq}`,
    chatId: 'c',
    senderId,
    content: `text ${seq}`,
    status,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq,
    clientMessageId: null,
    ...extra,
  };
}
