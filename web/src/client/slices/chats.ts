// The chats slice: the signed-in user's chats by id, whether the list has been fetched this
// session, and which chat is open. Chats change rarely (a new chat, a resync), never with the
// messages in them, so readers of this slice do not render on every message.
import { isGroup, mergeChat } from '../groups';
import type { Chat } from '../types';
import { Slice } from './slice';

export interface ChatsState {
  byId: Readonly<Record<string, Chat>>;
  /**
   * Groups the user left or was removed from (chat:removed, or no longer in the server's list):
   * kept with what they showed, read-only, until the user removes them from the list.
   */
  left: Readonly<Record<string, true>>;
  /** The chat list has been fetched at least once this session. */
  ready: boolean;
  /** The chat the user has open, or null. */
  active: string | null;
}

export const NO_CHATS: ChatsState = { byId: {}, left: {}, ready: false, active: null };

function without(rec: Readonly<Record<string, true>>, id: string): Readonly<Record<string, true>> {
  if (!rec[id]) return rec;
  const { [id]: _gone, ...rest } = rec;
  return rest;
}

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

  isLeft(chatId: string): boolean {
    return this.get().left[chatId] === true;
  }

  /** A chat from the server (a group's merged with what is held: mergeChat); a left group is back. */
  add(chat: Chat): void {
    this.update((s) => ({
      ...s,
      byId: { ...s.byId, [chat.id]: mergeChat(s.byId[chat.id], chat) },
      left: without(s.left, chat.id),
    }));
  }

  /** Changes one chat held (nothing when it is not held). */
  patch(chatId: string, fn: (c: Chat) => Chat): void {
    const prev = this.get().byId[chatId];
    if (!prev) return;
    const next = fn(prev);
    if (next !== prev) this.update((s) => ({ ...s, byId: { ...s.byId, [chatId]: next } }));
  }

  /** The user is no longer in this group: it stays, read-only. */
  markLeft(chatId: string): void {
    if (!this.get().byId[chatId] || this.isLeft(chatId)) return;
    this.update((s) => ({ ...s, left: { ...s.left, [chatId]: true } }));
  }

  /** Takes a chat out of the list (a group the user left). */
  remove(chatId: string): void {
    this.update((s) => {
      if (!s.byId[chatId]) return s;
      const { [chatId]: _gone, ...byId } = s.byId;
      return { ...s, byId, left: without(s.left, chatId), active: s.active === chatId ? null : s.active };
    });
  }

  /**
   * The server's list: every chat in it added or replaced (and back from left), the list marked
   * fetched. A group held (from the offline snapshot) that the list no longer has is one the
   * user left meanwhile.
   */
  merge(list: readonly Chat[]): void {
    this.update((s) => {
      const byId: Record<string, Chat> = { ...s.byId };
      let left = s.left;
      const listed = new Set<string>();
      for (const c of list) {
        byId[c.id] = mergeChat(s.byId[c.id], c);
        listed.add(c.id);
        left = without(left, c.id);
      }
      for (const c of Object.values(s.byId)) {
        if (!listed.has(c.id) && isGroup(c) && !left[c.id]) left = { ...left, [c.id]: true };
      }
      return { ...s, byId, left, ready: true };
    });
  }

  /** Chats put back from the offline snapshot: added, the list marked shown. */
  restore(list: readonly Chat[]): void {
    this.update((s) => {
      const byId: Record<string, Chat> = { ...s.byId };
      for (const c of list) byId[c.id] = mergeChat(s.byId[c.id], c);
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
