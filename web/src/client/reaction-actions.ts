// Reactions applied to the client's state: putting a reaction on a message or taking it back
// (shown at once, gone again with a toast saying why if the server refuses), who reacted (a
// page at a time), the user's unread reactions per chat (the counts of others' reactions on
// their messages, loaded on every connect, followed live from every device, cleared when the
// user looks), their most used emoji (for the quick reactions and the picker), and the emoji
// they used in messages (reported when sent, kept while not connected). It hears the server
// itself (message:reactions, reaction:added, reactions:unread, and each connect). Used by
// ChatStore (its `reactions`); the pure rules are in reactions.ts.
import { RequestError } from './errors';
import {
  isMine,
  limitText,
  mapMessage,
  reactionErrorText,
  shownReactions,
  withFrequentUse,
  withReactionsAck,
  withReactionsEvent,
  type PendingReactions,
  type ReactionLimits,
} from './reactions';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { KeyedSlice, Slice } from './slices/slice';
import { mapLists } from './state';
import type { FrequentEmoji, RealtimeEvent, ReactionsEvent, ReactorPage, ServerLimits, ViewMessage } from './types';

/** Most used emoji asked for (the picker's first row, the quick reactions). */
const FREQUENT_LIMIT = 36;
/** Reactors per reactions:list page. */
const REACTOR_PAGE = 50;
/** Emoji per emoji:used request (the server takes at most 100). */
const USED_BATCH = 100;
/** Emoji kept to report while not connected; older ones are dropped past this. */
const USED_KEPT = 500;

export interface ReactionHost {
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  now(): Date;
  showToast(text: string): void;
  /** A message held anywhere: the chat's messages, its window, or a thread. */
  findMessage(chatId: string, messageId: string): ViewMessage | undefined;
}

export class ReactionActions {
  /** The user's changes on their way to the server, by message (what reactions.ts shownReactions applies). */
  readonly pending = new KeyedSlice<PendingReactions>();
  /** Others' reactions on the user's messages that they have not looked at, by chat. */
  readonly unread = new KeyedSlice<number>();
  /** The user's most used emoji, most used first. */
  readonly frequent = new Slice<FrequentEmoji[]>([]);

  private readonly host: ReactionHost;
  private readonly unsubscribe: () => void;
  /** The latest change asked for, by "message emoji": an older answer leaves what a newer one shows. */
  private readonly latest = new Map<string, number>();
  private asked = 0;
  /** Emoji used in messages sent, not reported yet. */
  private used: string[] = [];
  private reporting = false;
  /** Chats whose reactions:read is on its way. */
  private readonly reading = new Set<string>();
  /** The server's limits, once it said them (until then the server alone decides). */
  private limits: ReactionLimits | null = null;

  constructor(host: ReactionHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets the session's reactions state and what is in flight (the session ended). */
  reset(): void {
    this.pending.set({});
    this.unread.set({});
    this.frequent.set([]);
    this.latest.clear();
    this.used = [];
    this.reading.clear();
    this.limits = null;
  }

  /** The server's limits (GET /api/v1/limits): a reaction past them is refused here, in words. */
  setLimits(limits: Pick<ServerLimits, 'maxReactionsPerUser' | 'maxDistinctReactions'>): void {
    const { maxReactionsPerUser: perUser, maxDistinctReactions: distinct } = limits;
    this.limits = typeof perUser === 'number' && typeof distinct === 'number' && perUser > 0 && distinct > 0 ? { perUser, distinct } : null;
  }

  /** Stops hearing the server (the client is going away). */
  destroy(): void {
    this.unsubscribe();
    for (const s of [this.pending, this.unread, this.frequent]) s.clearListeners();
  }

  // ------------------------------------------------------------------------------------------
  // The user's own reactions

  /**
   * Puts the user's reaction `emoji` on the message, or takes it back if it is there (as shown,
   * changes on their way included). Shown at once; a refusal puts it back and says why.
   * Resolves to whether the server took it.
   */
  async toggle(chatId: string, messageId: string, emoji: string): Promise<boolean> {
    const held = this.host.findMessage(chatId, messageId);
    if (!held || held.deleted || held.pending || held.failed !== undefined) return false;
    const shown = shownReactions(held, this.pending.entry(messageId));
    return this.react(chatId, messageId, emoji, !isMine(shown, emoji));
  }

  /** Puts the user's reaction `emoji` on the message (`on`) or takes it back. */
  async react(chatId: string, messageId: string, emoji: string, on: boolean): Promise<boolean> {
    const { realtime } = this.host;
    const held = this.host.findMessage(chatId, messageId);
    if (!held || held.deleted) return false;
    const shownBefore = shownReactions(held, this.pending.entry(messageId));
    const refused = on ? limitText({ reactions: shownBefore, emoji }, this.limits) : null;
    if (refused) {
      this.host.showToast(refused);
      return false;
    }
    const s = this.host.session();
    const key = `${messageId} ${emoji}`;
    const asked = ++this.asked;
    this.latest.set(key, asked);
    this.setPending(messageId, emoji, on);
    try {
      const ack = await realtime.request('message:react', { messageId, emoji, on });
      if (s !== this.host.session()) return false;
      // Counted as the server counts it: a reaction put on.
      if (on && ack.added) this.frequent.update((f) => withFrequentUse(f, [emoji], this.host.now().toISOString()));
      this.patchMessage(chatId, messageId, (m) => withReactionsAck(m, ack, emoji, held.changeSeq));
      if (this.latest.get(key) === asked) this.setPending(messageId, emoji, null);
      return true;
    } catch (err) {
      if (s !== this.host.session()) return false;
      if (this.latest.get(key) === asked) this.setPending(messageId, emoji, null);
      this.host.showToast(reactionErrorText(err, { reactions: shownBefore, emoji }, this.limits));
      return false;
    }
  }

  /** One page of who reacted to a message (with `emoji` only, when given), oldest first. Throws RequestError. */
  async reactors(messageId: string, emoji?: string, cursor?: string): Promise<ReactorPage> {
    const ack = await this.host.realtime.request('reactions:list', {
      messageId,
      ...(emoji ? { emoji } : {}),
      ...(cursor ? { cursor } : {}),
      limit: REACTOR_PAGE,
    });
    return { reactors: ack.reactors ?? [], next: ack.next ?? null };
  }

  // ------------------------------------------------------------------------------------------
  // Unread reactions

  /** The user looks at the chat: its unread reactions are read, on all their devices. */
  markRead(chatId: string): void {
    const { realtime } = this.host;
    if ((this.unread.entry(chatId) ?? 0) === 0 || this.reading.has(chatId) || !realtime.isConnected()) return;
    const s = this.host.session();
    this.reading.add(chatId);
    // Cleared here at once; the server tells the other devices (reactions:unread 0). A failure
    // leaves it cleared here: the next connect reads the counts again.
    this.unread.setEntry(chatId, 0);
    realtime
      .request('reactions:read', { chatId })
      .catch(() => undefined)
      .finally(() => {
        if (s === this.host.session()) this.reading.delete(chatId);
      });
  }

  // ------------------------------------------------------------------------------------------
  // Emoji used

  /** The user sent a message with these emoji from the picker: counted for their most used. */
  reportUsed(emoji: readonly string[]): void {
    if (emoji.length === 0) return;
    this.used = [...this.used, ...emoji].slice(-USED_KEPT);
    this.frequent.update((f) => withFrequentUse(f, emoji, this.host.now().toISOString()));
    void this.flushUsed();
  }

  private async flushUsed(): Promise<void> {
    const { realtime } = this.host;
    if (this.reporting) return;
    this.reporting = true;
    const s = this.host.session();
    try {
      while (this.used.length > 0 && realtime.isConnected() && s === this.host.session()) {
        const batch = this.used.slice(0, USED_BATCH);
        try {
          await realtime.request('emoji:used', { emoji: batch });
        } catch (err) {
          // Not connected or too fast: kept for the next connect. Refused: dropped.
          if (err instanceof RequestError && err.retryable) return;
        }
        if (s === this.host.session()) this.used = this.used.slice(batch.length);
      }
    } finally {
      this.reporting = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // What the server pushes

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    switch (e.type) {
      case 'connected':
        void this.loadUnread();
        void this.loadFrequent();
        void this.flushUsed();
        return;
      case 'reactions':
        this.applyEvent(e.event);
        return;
      case 'reaction_added':
        this.unread.setEntry(e.event.chatId, e.event.unread);
        return;
      case 'reactions_unread':
        this.unread.setEntry(e.event.chatId, e.event.count);
        return;
      default:
        return;
    }
  }

  /** message:reactions: the message's counts, wherever it is held, with the user's own kept. */
  applyEvent(e: ReactionsEvent): void {
    const { slices } = this.host;
    const me = slices.session.me()?.id ?? '';
    const patch = (items: ViewMessage[]) => mapMessage(items, e.messageId, (m) => withReactionsEvent(m, e, me));
    if (slices.messages.entry(e.chatId)) {
      slices.messages.patch(e.chatId, (st) => {
        const next = mapLists(st, patch);
        // Each reaction is one change of the chat: the changeSeq follows when none was missed.
        return st.changeSeq + 1 === e.changeSeq ? { ...next, changeSeq: e.changeSeq } : next;
      });
    }
    slices.threads.mapChat(e.chatId, patch);
  }

  private async loadUnread(): Promise<void> {
    const s = this.host.session();
    try {
      const ack = await this.host.realtime.request('reactions:unread', {});
      if (s !== this.host.session()) return;
      this.unread.set(Object.fromEntries((ack.chats ?? []).map((c) => [c.chatId, c.count])));
    } catch {
      // Asked again on the next connect.
    }
  }

  private async loadFrequent(): Promise<void> {
    const s = this.host.session();
    try {
      const ack = await this.host.realtime.request('emoji:frequent', { limit: FREQUENT_LIMIT });
      if (s === this.host.session()) this.frequent.set(Array.isArray(ack.emoji) ? ack.emoji : []);
    } catch {
      // The defaults meanwhile; asked again on the next connect.
    }
  }

  // ------------------------------------------------------------------------------------------

  /** Sets (true/false) or clears (null) one change on its way. */
  private setPending(messageId: string, emoji: string, on: boolean | null): void {
    const prev = this.pending.entry(messageId) ?? {};
    if (on === null) {
      if (!(emoji in prev)) return;
      const { [emoji]: _gone, ...rest } = prev;
      if (Object.keys(rest).length === 0) this.pending.deleteEntry(messageId);
      else this.pending.setEntry(messageId, rest);
      return;
    }
    this.pending.setEntry(messageId, { ...prev, [emoji]: on });
  }

  /** Changes one message wherever it is held: the chat's messages, its window, a thread. */
  private patchMessage(chatId: string, messageId: string, fn: (m: ViewMessage) => ViewMessage): void {
    const { slices } = this.host;
    const patch = (items: ViewMessage[]) => mapMessage(items, messageId, fn);
    if (slices.messages.entry(chatId)) slices.messages.patch(chatId, (st) => mapLists(st, patch));
    slices.threads.mapChat(chatId, patch);
  }
}
