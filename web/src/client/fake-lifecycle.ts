// The fake server's messages after they are sent (fakes.ts): edits with their versions,
// deletion for everyone (tombstones) and for oneself (hidden, per user), and the change feed
// (each change raises its chat's changeSeq by one; chat:changes lists what changed after a
// value, the caller's hidden ids among them). Parley's rules, without its time windows. Used
// only by the unit tests, through FakeServer.lifecycle.
import { RequestError } from './errors';
import { DELETED_TEXT } from './lifecycle';
import type { MessageMentions } from './mentions';
import type { ChangePage, Chat, ChatMessage, DeletedEvent, HiddenEvent, TextVersion } from './types';
import type { ClientEvents } from './wire.gen';

/** The requests the lifecycle answers. */
export type LifecycleRequest = 'message:edit' | 'message:edits' | 'message:delete' | 'chat:changes';

/** What the lifecycle reads and writes of the fake server. */
export interface FakeStore {
  stored: ChatMessage[];
  chatList: Chat[];
  /** The server's clock, one second on: an ISO time. */
  tick(): string;
  /** Sets whom `m` mentions as the server does (`byClient`: throws its refusal of @all). */
  mention(m: ChatMessage, p: MessageMentions, byClient?: boolean): void;
}

export class FakeLifecycle {
  private readonly store: FakeStore;
  /** Earlier texts of each edited message, oldest first. */
  private readonly earlier = new Map<string, TextVersion[]>();
  /** The change each message was last changed by. */
  private readonly changeOf = new Map<string, number>();
  /** Per user, the messages they hid, with the change that hid them. */
  private readonly hiddenBy = new Map<string, Map<string, number>>();

  constructor(store: FakeStore) {
    this.store = store;
  }

  /** The acknowledgement of `event` sent by `me`; throws RequestError as the server refuses. */
  answer(me: string, event: LifecycleRequest, payload: unknown): unknown {
    switch (event) {
      case 'message:edit': {
        const p = payload as ClientEvents['message:edit'];
        return { status: 'ok', message: this.edit(me, p.messageId, p.content, p) };
      }
      case 'message:edits':
        return { status: 'ok', versions: this.versions((payload as ClientEvents['message:edits']).messageId) };
      case 'message:delete': {
        const p = payload as ClientEvents['message:delete'];
        if (p.scope === 'me') this.hide(me, p.chatId, p.messageIds);
        else this.deleteForEveryone(me, p.chatId, p.messageIds);
        return { status: 'ok', messages: p.messageIds.map((id) => this.viewOf(this.message(id), me)) };
      }
      default: {
        const p = payload as ClientEvents['chat:changes'];
        return { status: 'ok', ...this.changes(me, p.chatId, p.since ?? 0, p.limit) };
      }
    }
  }

  /** The message as `viewer` is sent it: a placeholder when they hid it. */
  viewOf(m: ChatMessage, viewer: string): ChatMessage {
    if (!this.hiddenBy.get(viewer)?.has(m.id)) return { ...m };
    return { ...m, content: DELETED_TEXT, hidden: true };
  }

  /** `userId` edits `messageId` (as message:edit): the message after it, with the new text's mentions. */
  edit(userId: string, messageId: string, content: string, mentions: MessageMentions = {}): ChatMessage {
    const m = this.message(messageId);
    if (m.senderId !== userId) throw new RequestError('forbidden', 'Only its sender can edit a message');
    if (m.kind === 'system') throw new RequestError('invalid_input', 'Only text messages can be edited');
    if (m.deleted) throw new RequestError('invalid_input', 'This message was deleted');
    if (m.content === content) return { ...m };
    this.store.mention(m, mentions, true);
    const versions = this.earlier.get(m.id) ?? [];
    versions.push({ content: m.content, at: m.editedAt ?? m.createdAt });
    this.earlier.set(m.id, versions);
    m.content = content;
    m.editedAt = this.store.tick();
    m.editCount = (m.editCount ?? 0) + 1;
    this.changeOf.set(m.id, this.bump(m.chatId));
    return { ...m };
  }

  /** message:edits: the oldest first, the current last. */
  versions(messageId: string): TextVersion[] {
    const m = this.message(messageId);
    return [...(this.earlier.get(m.id) ?? []), { content: m.content, at: m.editedAt ?? m.createdAt }];
  }

  /** `userId` deletes messages of `chatId` for everyone: the event the chat hears. */
  deleteForEveryone(userId: string, chatId: string, ids: readonly string[]): DeletedEvent {
    const chat = this.chat(chatId);
    const admin = chat.kind === 'group' && (chat.role === 'admin' || chat.role === 'owner');
    const messages = ids.map((id) => this.message(id));
    for (const m of messages) {
      if (m.chatId !== chatId) throw new RequestError('not_found', 'Message not found in this chat');
      if (m.kind === 'system') throw new RequestError('invalid_input', 'Only text messages can be deleted');
      if (!m.deleted && m.senderId !== userId && !admin) {
        throw new RequestError('forbidden', 'Only its sender can delete a message for everyone');
      }
    }
    return this.erase(userId, chatId, messages);
  }

  /** A moderator deletes a reported message for everyone, whoever sent it: the event its chat hears. */
  deleteAsModerator(userId: string, messageId: string): DeletedEvent {
    const m = this.message(messageId);
    return this.erase(userId, m.chatId, [m]);
  }

  private erase(userId: string, chatId: string, messages: readonly ChatMessage[]): DeletedEvent {
    const at = this.store.tick();
    const changed: string[] = [];
    for (const m of messages) {
      if (m.deleted) continue;
      Object.assign(m, { content: DELETED_TEXT, deleted: true, deletedAt: at, deletedBy: userId });
      Object.assign(m, { isPinned: false, pinnedAt: null, pinnedBy: null });
      this.earlier.delete(m.id);
      this.changeOf.set(m.id, this.bump(chatId));
      changed.push(m.id);
    }
    return { chatId, messageIds: changed, deletedBy: userId, deletedAt: at, changeSeq: this.chat(chatId).changeSeq ?? 0 };
  }

  /** `userId` deletes messages of `chatId` for themself: the event their devices hear. */
  hide(userId: string, chatId: string, ids: readonly string[]): HiddenEvent {
    const mine = this.hiddenBy.get(userId) ?? new Map<string, number>();
    this.hiddenBy.set(userId, mine);
    for (const id of ids) {
      const m = this.message(id);
      if (m.chatId !== chatId) throw new RequestError('not_found', 'Message not found in this chat');
      if (!mine.has(id)) mine.set(id, this.bump(chatId));
    }
    return { chatId, messageIds: [...ids] };
  }

  /** chat:changes as `viewer` asks for it. */
  changes(viewer: string, chatId: string, since: number, limit = 200): ChangePage {
    const current = this.chat(chatId).changeSeq ?? 0;
    const all: Array<{ seq: number; message?: ChatMessage; hidden?: string }> = [];
    for (const m of this.store.stored) {
      const seq = this.changeOf.get(m.id);
      if (m.chatId === chatId && seq !== undefined && seq > since) all.push({ seq, message: { ...m } });
    }
    for (const [id, seq] of this.hiddenBy.get(viewer) ?? []) {
      if (seq > since && this.message(id).chatId === chatId) all.push({ seq, hidden: id });
    }
    all.sort((a, b) => a.seq - b.seq);
    const page = all.slice(0, limit);
    const more = all.length > limit;
    return {
      messages: page.flatMap((c) => (c.message ? [c.message] : [])),
      hidden: page.flatMap((c) => (c.hidden ? [c.hidden] : [])),
      until: more ? (page.at(-1)?.seq ?? since) : current,
      more,
    };
  }

  private bump(chatId: string): number {
    const chat = this.chat(chatId);
    chat.changeSeq = (chat.changeSeq ?? 0) + 1;
    return chat.changeSeq;
  }

  private chat(chatId: string): Chat {
    const chat = this.store.chatList.find((c) => c.id === chatId);
    if (!chat) throw new RequestError('not_found', 'Chat not found');
    return chat;
  }

  private message(id: string): ChatMessage {
    const m = this.store.stored.find((x) => x.id === id);
    if (!m) throw new RequestError('not_found', 'Message not found');
    return m;
  }
}
