// The in-memory server of the unit tests (fakes.ts) with reactions, as Parley keeps them: each
// person's emoji on a message (at most 3 of theirs, 20 different ones), the counts in the order
// of first use with `me` per reader, a changeSeq per change, the author's unread count per chat,
// the most used emoji; message:reactions, reaction:added and reactions:unread pushed to the
// client as the server would send them to its user. A test can make the next requests fail.
// Used only by *.test.ts.
import { RequestError } from './errors';
import { FakeServer } from './fakes';
import type { HistoryQuery } from './api';
import type { Acks, ChatMessage, FrequentEmoji, RequestName, Reactor } from './types';
import type { ClientEvents } from './wire';

const MAX_PER_USER = 3;
const MAX_DISTINCT = 20;

export class ReactionServer extends FakeServer {
  /** Reactions in the order put on: [messageId, userId, emoji, at]. */
  readonly given: Array<{ messageId: string; userId: string; emoji: string; at: string }> = [];
  /** Unread reactions of each author, by "user/chat". */
  readonly unreadOf = new Map<string, number>();
  /** Emoji uses, by user. */
  readonly uses = new Map<string, Map<string, number>>();
  /** The next message:react requests fail with this error (one each), then they work again. */
  failReacts: RequestError[] = [];
  /** While set, message:react answers only when the test calls its entry. */
  reactGate: Array<() => void> | null = null;

  /** The counts of a message, in the order of first use, with `me` as `viewer` sees it. */
  reactionsOf(messageId: string, viewer: string): Array<{ emoji: string; count: number; me: boolean }> {
    const out: Array<{ emoji: string; count: number; me: boolean }> = [];
    for (const g of this.given) {
      if (g.messageId !== messageId) continue;
      const r = out.find((x) => x.emoji === g.emoji);
      if (r) r.count++;
      else out.push({ emoji: g.emoji, count: 1, me: false });
      if (g.userId === viewer) (r ?? out[out.length - 1]!).me = true;
    }
    return out;
  }

  /** The message as `viewer` reads it (history, change feed): with its reactions. */
  seenBy(m: ChatMessage, viewer: string): ChatMessage {
    return { ...m, reactions: m.deleted ? [] : this.reactionsOf(m.id, viewer) };
  }

  override async messages(token: string, chatId: string, q: HistoryQuery = {}): Promise<ChatMessage[]> {
    const me = await this.me(token);
    return (await super.messages(token, chatId, q)).map((m) => this.seenBy(m, me.id));
  }

  /**
   * `userId` puts on (or takes back) `emoji` as message:react does; the client hears what the
   * server sends its user (the chat's event; the author's count when it is the client's
   * message). Returns the acknowledgement's counts as `userId` sees them.
   */
  react(userId: string, messageId: string, emoji: string, on?: boolean, viewer = userId) {
    const m = this.stored.find((x) => x.id === messageId);
    if (!m) throw new RequestError('not_found', 'Message not found');
    if (m.deleted) throw new RequestError('invalid_input', 'A deleted message takes no reactions');
    const i = this.given.findIndex((g) => g.messageId === messageId && g.userId === userId && g.emoji === emoji);
    const wanted = on ?? i < 0;
    if (wanted === i >= 0) return { added: wanted, reactions: this.reactionsOf(messageId, viewer) };
    if (wanted) {
      const mine = this.given.filter((g) => g.messageId === messageId && g.userId === userId).length;
      const kinds = new Set(this.given.filter((g) => g.messageId === messageId).map((g) => g.emoji));
      if (mine >= MAX_PER_USER || (!kinds.has(emoji) && kinds.size >= MAX_DISTINCT)) {
        throw new RequestError('reaction_limit', `At most ${MAX_PER_USER} reactions of yours and ${MAX_DISTINCT} different ones on a message`);
      }
      this.given.push({ messageId, userId, emoji, at: this.tick() });
      const u = this.uses.get(userId) ?? new Map<string, number>();
      u.set(emoji, (u.get(emoji) ?? 0) + 1);
      this.uses.set(userId, u);
    } else {
      this.given.splice(i, 1);
    }
    const chat = this.chatList.find((c) => c.id === m.chatId);
    if (!chat) throw new RequestError('not_found', 'Chat not found');
    chat.changeSeq = (chat.changeSeq ?? 0) + 1;
    m.changeSeq = chat.changeSeq;
    const counts = this.reactionsOf(messageId, '').map(({ emoji: e, count }) => ({ emoji: e, count }));
    this.push({
      type: 'reactions',
      event: { chatId: m.chatId, messageId, reactions: counts, userId, emoji, added: wanted, changeSeq: chat.changeSeq },
    });
    if (userId !== m.senderId) {
      const key = `${m.senderId}/${m.chatId}`;
      const unread = Math.max(0, (this.unreadOf.get(key) ?? 0) + (wanted ? 1 : -1));
      this.unreadOf.set(key, unread);
      if (this.userList.some((u) => u.id === m.senderId && `token-${u.id}` === this.token)) {
        if (wanted) this.push({ type: 'reaction_added', event: { messageId, chatId: m.chatId, userId, emoji, unread } });
        this.push({ type: 'reactions_unread', event: { chatId: m.chatId, count: unread } });
      }
    }
    return { added: wanted, reactions: this.reactionsOf(messageId, viewer) };
  }

  override async request<E extends RequestName>(event: E, payload: ClientEvents[E]): Promise<Acks[E]> {
    const ack = (v: unknown) => v as Acks[E];
    switch (event) {
      case 'message:react': {
        this.requests.push([event, payload]);
        if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
        const gate = this.reactGate;
        if (gate) await new Promise<void>((resolve) => gate.push(resolve));
        const failure = this.failReacts.shift();
        if (failure) throw failure;
        const p = payload as ClientEvents['message:react'];
        const me = this.clientUser();
        const r = this.react(me, p.messageId, p.emoji, p.on);
        return ack({ status: 'ok', messageId: p.messageId, ...r });
      }
      case 'reactions:list': {
        this.requests.push([event, payload]);
        const p = payload as ClientEvents['reactions:list'];
        const all = this.given.filter((g) => g.messageId === p.messageId && (!p.emoji || g.emoji === p.emoji));
        const start = p.cursor ? Number(p.cursor) : 0;
        const limit = p.limit ?? 50;
        const reactors: Reactor[] = all.slice(start, start + limit).map((g) => ({
          userId: g.userId,
          name: this.userList.find((u) => u.id === g.userId)?.name ?? '',
          emoji: g.emoji,
          at: g.at,
        }));
        return ack({ status: 'ok', reactors, next: start + limit < all.length ? String(start + limit) : null });
      }
      case 'reactions:unread': {
        this.requests.push([event, payload]);
        if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
        const me = this.clientUser();
        const chats = [...this.unreadOf]
          .filter(([key, count]) => key.startsWith(`${me}/`) && count > 0)
          .map(([key, count]) => ({ chatId: key.slice(me.length + 1), count, latestMessageId: '' }));
        return ack({ status: 'ok', chats });
      }
      case 'reactions:read': {
        this.requests.push([event, payload]);
        if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
        const p = payload as ClientEvents['reactions:read'];
        const key = `${this.clientUser()}/${p.chatId}`;
        const cleared = this.unreadOf.get(key) ?? 0;
        this.unreadOf.set(key, 0);
        if (cleared > 0) this.push({ type: 'reactions_unread', event: { chatId: p.chatId, count: 0 } });
        return ack({ status: 'ok', cleared });
      }
      case 'emoji:frequent': {
        this.requests.push([event, payload]);
        if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
        const emoji: FrequentEmoji[] = [...(this.uses.get(this.clientUser()) ?? [])]
          .sort((a, b) => b[1] - a[1])
          .map(([e, uses]) => ({ emoji: e, uses, lastUsedAt: '2025-01-01T00:00:00.000Z' }));
        return ack({ status: 'ok', emoji });
      }
      case 'emoji:used': {
        this.requests.push([event, payload]);
        if (!this.connected) throw new RequestError('disconnected', 'Not connected to the server');
        const p = payload as ClientEvents['emoji:used'];
        const u = this.uses.get(this.clientUser()) ?? new Map<string, number>();
        for (const e of p.emoji) u.set(e, (u.get(e) ?? 0) + 1);
        this.uses.set(this.clientUser(), u);
        return ack({ status: 'ok' });
      }
      default:
        return super.request(event, payload);
    }
  }

  /** The user the client is signed in as. */
  clientUser(): string {
    const u = this.userList.find((x) => `token-${x.id}` === this.token);
    if (!u) throw new RequestError('unauthorized', 'Invalid token');
    return u.id;
  }
}
