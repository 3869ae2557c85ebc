// The client's state as slices, one per feature, each with its own value and listeners
// (slice.ts). The store (../store.ts) owns them and changes them; the UI reads each one it
// renders through the hooks in src/app/store-context.tsx.
import { groupView } from '../groups';
import type { ChatState } from '../state';
import type { KeyValueStorage } from '../storage';
import type { ConnectionState } from '../types';
import { ChatListSlice } from './chat-list';
import { ChatsSlice } from './chats';
import { HeldSlice } from './held';
import { MessagesSlice } from './messages';
import { OutboxSlice } from './outbox';
import { PinsSlice } from './pins';
import { SessionSlice } from './session';
import { Slice } from './slice';
import { StoredRecordSlice } from './stored-record';
import { FollowedSlice, ThreadsSlice } from './threads';
import { ToastSlice } from './toast';
import { UsersSlice } from './users';

export type { ChatListState } from './chat-list';
export type { ChatsState } from './chats';
export type { ToastState } from './toast';
export type { KeyedReadable, Listener, Readable } from './slice';
export {
  ChatListSlice,
  ChatsSlice,
  HeldSlice,
  MessagesSlice,
  OutboxSlice,
  PinsSlice,
  SessionSlice,
  StoredRecordSlice,
  FollowedSlice,
  ThreadsSlice,
  ToastSlice,
  UsersSlice,
};

export interface Slices {
  /** Who is signed in (token, user) and why the last session ended. */
  session: SessionSlice;
  /** The Socket.IO connection as the user should see it. */
  connection: Slice<ConnectionState>;
  /** The chats, whether they have been fetched, which one is open. */
  chats: ChatsSlice;
  /** Each chat's messages, keyed by chat. */
  messages: MessagesSlice;
  /** Users with presence. */
  users: UsersSlice;
  /** Each chat's pinned messages, keyed by chat. */
  pins: PinsSlice;
  /** Messages not acknowledged yet. */
  outbox: OutboxSlice;
  /** The user's messages held for a moderator's review (or rejected while held), kept in storage. */
  held: HeldSlice;
  toast: ToastSlice;
  /** Each chat's draft (text written, not sent), keyed by chat, kept in storage. */
  drafts: StoredRecordSlice;
  /**
   * When the user wrote the messages that waited in the outbox (the server stamps them when
   * they arrive), keyed by clientMessageId, kept in storage.
   */
  writtenTimes: StoredRecordSlice;
  /** Derived from the others: the chat list's lines and their order. */
  chatList: ChatListSlice;
  /** Each thread opened, keyed by its root. */
  threads: ThreadsSlice;
  /** The threads the user follows, with their unread counts. */
  followed: FollowedSlice;
}

/** How many written times are kept: enough for every queued message still on screen. */
const WRITTEN_TIMES_KEPT = 500;

export function createSlices(storage: KeyValueStorage): Slices {
  const session = new SessionSlice(storage);
  const chats = new ChatsSlice();
  // A group's messages get the statuses its floors and the user's read watermark give them.
  const messages = new MessagesSlice((chatId, st) => groupView(chats.chat(chatId), session.me()?.id ?? '', st));
  const users = new UsersSlice();
  return {
    session,
    connection: new Slice<ConnectionState>('offline'),
    chats,
    messages,
    users,
    pins: new PinsSlice(),
    outbox: new OutboxSlice(storage),
    held: new HeldSlice(storage, messages),
    toast: new ToastSlice(),
    drafts: new StoredRecordSlice(storage, 'parley.drafts.'),
    writtenTimes: new StoredRecordSlice(storage, 'parley.written.', WRITTEN_TIMES_KEPT),
    chatList: new ChatListSlice({ session, chats, messages, users }),
    threads: new ThreadsSlice(),
    followed: new FollowedSlice(),
  };
}

/** Every slice, for whoever needs to hear of any change (ChatStore.subscribe) or stop all. */
export function allSlices(s: Slices): Array<Slice<unknown>> {
  return [
    s.session,
    s.connection,
    s.chats,
    s.messages,
    s.users,
    s.pins,
    s.outbox,
    s.held,
    s.toast,
    s.drafts,
    s.writtenTimes,
    s.chatList,
    s.threads,
    s.followed,
  ] as Array<Slice<unknown>>;
}

/**
 * The slices' values as one ChatState (ChatStore.getState(), for tests and tools): the same
 * object until one of them changes.
 */
export function wholeState(slices: Slices): () => ChatState {
  let last: { parts: unknown[]; state: ChatState } | null = null;
  return () => {
    const { session, connection, chats, messages, users, pins, toast } = slices;
    const parts = [session.get(), connection.get(), chats.get(), messages.get(), users.get(), pins.get(), toast.get()];
    if (last && parts.every((p, i) => p === last?.parts[i])) return last.state;
    const c = chats.get();
    const state: ChatState = {
      auth: session.get(),
      connection: connection.get(),
      ready: c.ready,
      users: users.get(),
      chats: c.byId,
      left: c.left,
      messages: messages.get(),
      pinned: pins.get(),
      activeChatId: c.active,
      toast: toast.get(),
    };
    last = { parts, state };
    return state;
  };
}
