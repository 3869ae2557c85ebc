// What the server pushes, applied to the slices: the connection's ups and downs, live messages
// (merged, a gap caught up, an unknown chat discovered), statuses, presence, pins, and edits,
// deletions and hidden messages (through message-lifecycle.ts). receive()
// is also how acknowledgements and forwards put a stored message into the state. Used only by
// ChatStore, through InboundHost; events arriving while nobody is signed in are dropped.
import { isGroup, roleAfter } from './groups';
import type { MessageLifecycle } from './message-lifecycle';
import { applyStatus, mergeMessages } from './messages';
import { withoutReactions } from './reactions';
import type { Slices } from './slices';
import { signedOutNotice, suspendedNotice, withLiveMessage } from './state';
import type { ChatSync } from './sync';
import type { ThreadActions } from './thread-actions';
import type { TypingActions } from './typing';
import type { Chat, ChatMessage, RealtimeEvent, ReceiptsEvent, StatusEvent } from './types';

/** What the inbound side needs from the store. */
export interface InboundHost {
  readonly slices: Slices;
  readonly sync: ChatSync;
  readonly lifecycle: MessageLifecycle;
  readonly threads: ThreadActions;
  readonly typing: TypingActions;
  session(): number;
  isBrowserOnline(): boolean;
  now(): Date;
  /** Ends the session, back to the login page with `notice` (the default: expired). */
  expire(notice?: string): void;
  /** After every (re)connect: everything caught up, then the queues sent. */
  resync(s: number): void;
  handleError(err: unknown, s: number, loud?: boolean): void;
  /** A group message from someone else reached this device (chat:delivered, batched). */
  delivered(chatId: string, seq: number): void;
  /** The user is no longer in this group: nothing more to send for it. */
  forget(chatId: string): void;
}

export class Inbound {
  private readonly host: InboundHost;

  constructor(host: InboundHost) {
    this.host = host;
  }

  on(e: RealtimeEvent): void {
    const { slices, sync } = this.host;
    if (slices.session.get().status !== 'authenticated') return;
    const connection = slices.connection;
    switch (e.type) {
      case 'connected':
        connection.set('connected');
        this.host.resync(this.host.session());
        return;
      case 'disconnected':
        this.host.typing.clear();
        connection.set(this.host.isBrowserOnline() ? 'reconnecting' : 'offline');
        return;
      case 'reconnecting':
        connection.set(e.attempt > 3 || !this.host.isBrowserOnline() ? 'offline' : 'reconnecting');
        return;
      case 'auth_failed':
        this.host.expire();
        return;
      case 'session_revoked':
        this.host.expire(e.reason === 'suspended' ? suspendedNotice() : signedOutNotice());
        return;
      case 'message':
        this.receive(e.message);
        return;
      case 'status':
        this.onStatus(e.event);
        return;
      case 'presence': {
        sync.notePresence(e.event.userId);
        if (slices.users.applyPresence(e.event, this.host.now())) return;
        const s = this.host.session();
        void sync.refreshUsers(s).catch((err) => this.host.handleError(err, s, false));
        return;
      }
      case 'pin':
        this.applyPin(e.message, e.pinned);
        return;
      case 'edited':
        this.host.lifecycle.applyMessages(e.message.chatId, [e.message]);
        return;
      case 'deleted':
        this.host.lifecycle.applyDeleted(e.event);
        return;
      case 'hidden':
        this.host.lifecycle.applyHidden(e.event);
        return;
      case 'chat':
        this.applyChat(e.chat, e.added);
        return;
      case 'chat_removed':
        this.removed(e.chatId);
        return;
      case 'receipts':
        this.applyReceipts(e.event);
        return;
      case 'thread_updated':
        this.host.threads.onUpdated(e.event);
        return;
      case 'thread_read':
        this.host.threads.onRead(e.event);
        return;
      case 'typing':
        this.host.typing.onTyping(e.event);
        return;
    }
  }

  /**
   * A group from the server: chat:added (the user is in it now: it joins the list and its room,
   * its messages are fetched) or chat:updated, or the acknowledgement of the user's own change.
   */
  applyChat(chat: Chat, added: boolean): void {
    const { slices, sync } = this.host;
    const s = this.host.session();
    const wasIn = slices.chats.chat(chat.id) !== undefined && !slices.chats.isLeft(chat.id);
    // A change to a group the user has left (an event that crossed chat:removed) does not bring
    // it back; being added again (chat:added) does.
    if (!added && slices.chats.isLeft(chat.id)) return;
    slices.chats.add(chat);
    slices.messages.refresh(chat.id);
    if (chat.participants.some((p) => !slices.users.user(p))) {
      void sync.refreshUsers(s).catch((err) => this.host.handleError(err, s, false));
    }
    if (added && !wasIn) void sync.syncChat(s, chat.id).catch((err) => this.host.handleError(err, s, false));
  }

  /** chat:removed: the user left or was removed; the group stays, read-only, as WhatsApp does. */
  removed(chatId: string): void {
    this.host.slices.chats.markLeft(chatId);
    this.host.forget(chatId);
  }

  private applyReceipts(e: ReceiptsEvent): void {
    const { chats, messages } = this.host.slices;
    const chat = chats.chat(e.chatId);
    if (!chat) return;
    if ((chat.deliveredSeq ?? 0) >= e.deliveredSeq && (chat.readSeq ?? 0) >= e.readSeq) return;
    chats.patch(e.chatId, (c) => ({
      ...c,
      deliveredSeq: Math.max(c.deliveredSeq ?? 0, e.deliveredSeq),
      readSeq: Math.max(c.readSeq ?? 0, e.readSeq),
    }));
    messages.refresh(e.chatId);
  }

  /** A stored message from any source: merged, gaps detected, the outbox cleared of it. */
  receive(m: ChatMessage): void {
    const { slices, sync } = this.host;
    const s = this.host.session();
    const me = slices.session.me()?.id;
    if (me && m.senderId === me && m.clientMessageId) slices.outbox.remove(m.clientMessageId);
    const known = slices.chats.chat(m.chatId) !== undefined;
    const fresh = slices.messages.find(m.chatId, m.id) === undefined;
    let gap = false;
    slices.messages.patch(m.chatId, (st) => {
      const r = withLiveMessage(st, m);
      gap = r.gap;
      return r.next;
    });
    if (!known) void sync.discoverChat(s, m.chatId);
    else if (gap) void sync.catchUp(s, m.chatId).catch((err) => this.host.handleError(err, s));
    if (m.threadRootId) this.host.threads.onReply(m, fresh);
    const chat = slices.chats.chat(m.chatId);
    if (!me || !chat || !isGroup(chat) || slices.chats.isLeft(m.chatId)) return;
    if (m.senderId !== me) this.host.delivered(m.chatId, m.seq);
    // A system line may change the user's own role (chat:updated does not say it).
    const role = roleAfter(m, me);
    if (role && role !== chat.role) slices.chats.patch(m.chatId, (c) => ({ ...c, role }));
  }

  /**
   * A message was pinned or unpinned: its copy in the chat, and the chat's pins. The copy is the
   * one the whole chat is sent (its reactions say `me` of no one): the reactions held stay.
   */
  applyPin(copy: ChatMessage, pinned: boolean): void {
    const m = withoutReactions(copy);
    const { messages, pins } = this.host.slices;
    const held = messages.find(m.chatId, m.id);
    if (held) messages.patch(m.chatId, (st) => ({ ...st, items: mergeMessages(st.items, [m]) }));
    // A message the user deleted for themself is not shown, pinned or not.
    pins.apply(m, pinned && !held?.hidden);
  }

  private onStatus(e: StatusEvent): void {
    this.host.slices.messages.patch(e.chatId, (st) => {
      const items = applyStatus(st.items, e.messageId, e.status);
      return items === st.items ? st : { ...st, items };
    });
  }
}
