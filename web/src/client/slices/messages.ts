// The messages slice: each chat's messages as the client holds them (history merged with live
// events, acknowledgements and its own pending messages), keyed by chat. A message in one chat
// changes that chat's entry only, so the readers of other chats (and of no chat) are not
// asked to render. The list rules are in ../messages.ts, the per-chat transitions in ../state.ts.
import { fallbackText } from '../files';
import { asHeld, type HeldItem } from '../held';
import { addPending, pendingId } from '../messages';
import { linksOf, type OutboxItem } from '../outbox';
import { EMPTY_MESSAGES, type ChatMessagesState } from '../state';
import type { ViewMessage } from '../types';
import { KeyedSlice } from './slice';

/**
 * What every change of a chat's messages goes through last (a group's view of its statuses:
 * groups.ts groupView); returns `st` itself when it changes nothing.
 */
export type MessagesView = (chatId: string, st: ChatMessagesState) => ChatMessagesState;

export class MessagesSlice extends KeyedSlice<ChatMessagesState> {
  private localOrder = 0;
  private readonly view: MessagesView;

  constructor(view: MessagesView = (_, st) => st) {
    super();
    this.view = view;
  }

  /** Changes one chat's messages (an empty state if none are held yet). */
  patch(chatId: string, fn: (st: ChatMessagesState) => ChatMessagesState): void {
    const prev = this.entry(chatId) ?? EMPTY_MESSAGES;
    const changed = fn(prev);
    const next = changed.items.length > 0 ? this.view(chatId, changed) : changed;
    if (next !== prev) this.setEntry(chatId, next);
  }

  /** Applies the view again (what it depends on changed: a group's floors or read watermark). */
  refresh(chatId: string): void {
    if (this.entry(chatId)) this.patch(chatId, (st) => st);
  }

  /** A message held, in the chat's messages or its window of older history. */
  find(chatId: string, messageId: string): ViewMessage | undefined {
    const st = this.entry(chatId);
    return st?.items.find((m) => m.id === messageId) ?? st?.window?.items.find((m) => m.id === messageId);
  }

  /**
   * Shows an outbox item as a pending message of `me`'s (`uploads`: its files still uploading,
   * file-actions.ts).
   */
  addPending(item: OutboxItem, me: string, uploads?: { ids: string[]; fallback: string }): void {
    const m = this.pendingMessage(item, me);
    if (uploads) {
      m.localUploads = uploads.ids;
      m.caption = item.content;
      m.content = uploads.fallback;
    }
    this.patch(item.chatId, (st) => ({ ...st, items: addPending(st.items, m) }));
  }

  /**
   * A new session: only the messages this device kept of it, the held ones (waiting for review,
   * or rejected) first, then the outbox's, pending.
   */
  reset(outbox: readonly OutboxItem[] = [], me = '', held: readonly HeldItem[] = []): void {
    const all: Record<string, ChatMessagesState> = {};
    const mine = [...held.map((h) => asHeld(this.pendingMessage(h, me), h.state)), ...outbox.map((item) => this.pendingMessage(item, me))];
    for (const m of mine) {
      const st = all[m.chatId] ?? EMPTY_MESSAGES;
      all[m.chatId] = { ...st, items: addPending(st.items, m) };
    }
    this.set(all);
  }

  private pendingMessage(item: OutboxItem, me: string): ViewMessage {
    return {
      id: pendingId(item.clientMessageId),
      chatId: item.chatId,
      senderId: me,
      content: item.content,
      status: 'SENT',
      createdAt: item.createdAt,
      isPinned: false,
      pinnedAt: null,
      pinnedBy: null,
      isForwarded: false,
      forwardedFromId: null,
      originalSenderId: null,
      seq: 0,
      clientMessageId: item.clientMessageId,
      ...linksOf(item),
      ...(item.replyToId && item.replyTo ? { replyTo: item.replyTo } : {}),
      // A message with files shows them, its text being their caption.
      ...(item.files?.length ? { attachments: item.files, caption: item.content, content: fallbackText(item.files, item.content) } : {}),
      pending: true,
      localOrder: ++this.localOrder,
    };
  }
}
