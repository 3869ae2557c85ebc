// The chats slice: the signed-in user's chats by id, whether the list has been fetched this
// session, and which chat is open. Chats change rarely (a new chat, a resync), never with the
// messages in them, so readers of this slice do not render on every message.
import type { Chat } from '../types';
import { Slice } from './slice';

export interface ChatsState {
  byId: Readonly<Record<string, Chat>>;
  /** The chat list has been fetched at least once this session. */
  ready: boolean;
  /** The chat the user has open, or null. */
  active: string | null;
}

export const NO_CHATS: ChatsState = { byId: {}, ready: false, active: null };

export class ChatsSlice extends Slice<ChatsState> {
  constructor() {
    super(NO_CHATS);
  }

  chat(chatId: string): Chat | undefined {
    return this.get().byId[chatId];
  }

  ids(): string[] {
    return Object.keys(this.get().byId);
  }

  add(chat: Chat): void {
    this.update((s) => ({ ...s, byId: { ...s.byId, [chat.id]: chat } }));
  }

  /** The server's list: every chat in it added or replaced, the list marked fetched. */
  merge(list: readonly Chat[]): void {
    this.update((s) => {
      const byId: Record<string, Chat> = { ...s.byId };
      for (const c of list) byId[c.id] = c;
      return { ...s, byId, ready: true };
    });
  }

  open(chatId: string | null): void {
    if (this.get().active !== chatId) this.update((s) => ({ ...s, active: chatId }));
  }

  reset(): void {
    this.set(NO_CHATS);
  }
}
