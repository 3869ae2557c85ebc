// The chat list slice, derived from the chats, messages, users and session slices: each chat's
// summary (peer, title, last message, unread count and unread mentions) and the chats' order (newest activity
// first). A summary is kept, same object, until what it shows changes, and the order array
// until the order changes, so the list renders again only when it is reordered and an item
// only when its own line changes: a message in one chat renders that chat's line alone.
import { onLocaleChange } from '../../i18n/core';
import { byActivity, chatTitle, peerId, summarize, type ChatSummary } from '../selectors';
import { EMPTY_MESSAGES, type ChatMessagesState } from '../state';
import type { Chat, User } from '../types';
import type { ChatsSlice } from './chats';
import type { MessagesSlice } from './messages';
import type { SessionSlice } from './session';
import { Slice } from './slice';
import type { UsersSlice } from './users';

export interface ChatListState {
  /** Chat ids, newest activity first. */
  order: readonly string[];
  summaries: Readonly<Record<string, ChatSummary>>;
}

interface Inputs {
  chat: Chat;
  messages: ChatMessagesState;
  peer: User | undefined;
  /** The last message's sender (a group's line names them). */
  sender: User | undefined;
  title: string;
  me: string;
}

export interface ChatListSources {
  session: SessionSlice;
  chats: ChatsSlice;
  messages: MessagesSlice;
  users: UsersSlice;
}

function sameSummary(a: ChatSummary, b: ChatSummary): boolean {
  return (
    a.chat === b.chat &&
    a.peer === b.peer &&
    a.lastSender === b.lastSender &&
    a.title === b.title &&
    a.last === b.last &&
    a.unread === b.unread &&
    a.mentions === b.mentions &&
    a.activity === b.activity
  );
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export class ChatListSlice extends Slice<ChatListState> {
  private readonly sources: ChatListSources;
  /** What each summary was computed from; an unchanged chat is not summarised again. */
  private readonly inputs = new Map<string, Inputs>();

  constructor(sources: ChatListSources) {
    super({ order: [], summaries: {} });
    this.sources = sources;
    const recompute = () => this.recompute();
    sources.session.subscribe(recompute);
    sources.chats.subscribe(recompute);
    sources.messages.subscribe(recompute);
    sources.users.subscribe(recompute);
    // Titles in words ("Loading…", "Alice (you)") follow the interface's language.
    onLocaleChange(recompute);
  }

  summary(chatId: string): ChatSummary | undefined {
    return this.get().summaries[chatId];
  }

  /** The summaries in list order. */
  list(): ChatSummary[] {
    const { order, summaries } = this.get();
    return order.flatMap((id) => summaries[id] ?? []);
  }

  private recompute(): void {
    const { session, chats, messages, users } = this.sources;
    const me = session.get().user?.id ?? '';
    const everyone = users.get();
    const prev = this.get();
    const summaries: Record<string, ChatSummary> = {};
    let changed = false;
    for (const chat of Object.values(chats.get().byId)) {
      const id = chat.id;
      const held = messages.entry(id) ?? EMPTY_MESSAGES;
      const inputs: Inputs = {
        chat,
        messages: held,
        peer: everyone[peerId(chat, me)],
        sender: everyone[held.items[held.items.length - 1]?.senderId ?? ''],
        title: chatTitle(chat, me, everyone),
        me,
      };
      const old = this.inputs.get(id);
      const kept = prev.summaries[id];
      if (
        kept &&
        old &&
        old.chat === inputs.chat &&
        old.messages === inputs.messages &&
        old.peer === inputs.peer &&
        old.sender === inputs.sender &&
        old.title === inputs.title &&
        old.me === inputs.me
      ) {
        summaries[id] = kept;
        continue;
      }
      this.inputs.set(id, inputs);
      const next = summarize(chat, inputs.messages.items, everyone, me);
      summaries[id] = kept && sameSummary(kept, next) ? kept : next;
      if (summaries[id] !== kept) changed = true;
    }
    for (const id of Object.keys(prev.summaries)) {
      if (summaries[id]) continue;
      this.inputs.delete(id);
      changed = true;
    }
    if (!changed) return;
    const sorted = Object.values(summaries)
      .sort(byActivity)
      .map((s) => s.chat.id);
    this.set({ order: sameOrder(sorted, prev.order) ? prev.order : sorted, summaries });
  }
}
