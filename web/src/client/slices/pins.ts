// The pins slice: each chat's pinned messages, the latest pin first. Keyed by chat, so the
// pinned bar of one chat hears only of its own pins.
import { sortPinned } from '../state';
import type { ChatMessage } from '../types';
import { KeyedSlice } from './slice';

export class PinsSlice extends KeyedSlice<ChatMessage[]> {
  /** The server's list for a chat. */
  setList(chatId: string, list: ChatMessage[]): void {
    this.setEntry(chatId, sortPinned(list));
  }

  /** A message was pinned or unpinned (an acknowledgement or a message:pinned event). */
  apply(m: ChatMessage, pinned: boolean): void {
    const list = (this.entry(m.chatId) ?? []).filter((x) => x.id !== m.id);
    this.setEntry(m.chatId, pinned ? sortPinned([...list, m]) : list);
  }

  reset(): void {
    this.set({});
  }
}
