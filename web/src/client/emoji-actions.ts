// Custom emoji sets applied to the client's state: the server's set (loaded on every connect),
// each group's (loaded when the group is opened or its info shown, again on every connect while
// held), both loaded again when the server says one changed (emoji:updated); adding and removing
// one (their admins; the set shows the change at once, the event brings everyone else's). What
// a chat may use, `:shortcode:` to image, comes from lookup(). It hears the server itself. Used
// by ChatStore (its `emoji`); the pure rules are in custom-emoji.ts.
import type { ChatApi } from './api';
import { ApiError } from './errors';
import { emojiLookup, toBase64, type EmojiLookup } from './custom-emoji';
import { isGroup } from './groups';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { KeyedSlice } from './slices/slice';
import type { CustomEmoji, EmojiSet, RealtimeEvent } from './types';

/** The server's set's key in `sets` (the others are group chat ids). */
export const SERVER_SET = 'server';

export interface EmojiHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

const NO_SET: EmojiSet = { emoji: [], canManage: false };

const keyOf = (chatId: string | null): string => chatId ?? SERVER_SET;
const chatOf = (key: string): string | null => (key === SERVER_SET ? null : key);

export class EmojiActions {
  /** The sets held: the server's (SERVER_SET) and each group's, by chat id; absent until loaded. */
  readonly sets = new KeyedSlice<EmojiSet>();

  private readonly host: EmojiHost;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeChats: () => void;
  /** Sets whose load is on its way. */
  private readonly loading = new Set<string>();
  /** The latest load asked for, by set: an older answer is dropped. */
  private readonly asked = new Map<string, number>();
  private count = 0;
  /** Each chat's lookup, kept while the sets it comes from are the same objects. */
  private readonly lookups = new Map<string, { server: EmojiSet | undefined; group: EmojiSet | undefined; lookup: EmojiLookup }>();

  constructor(host: EmojiHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
    // The chat open may turn out to be a group only once the chat list has come (a reload on
    // its address): its set is loaded then.
    this.unsubscribeChats = host.slices.chats.subscribe(() => {
      const active = host.slices.chats.get().active;
      if (active && host.slices.session.get().status === 'authenticated') this.open(active);
    });
  }

  /** Forgets the session's sets (the session ended). */
  reset(): void {
    this.sets.set({});
    this.asked.clear();
    this.loading.clear();
    this.lookups.clear();
  }

  destroy(): void {
    this.unsubscribe();
    this.unsubscribeChats();
    this.sets.clearListeners();
  }

  /** The server's set, once loaded. */
  serverSet(): EmojiSet | undefined {
    return this.sets.entry(SERVER_SET);
  }

  /** A set as held: the server's (null) or a group's. */
  set(chatId: string | null): EmojiSet | undefined {
    return this.sets.entry(keyOf(chatId));
  }

  /**
   * The custom emoji `chatId` may use, by `:shortcode:` (the server's set, and the group's when
   * it is a group). The same map until one of those sets changes (components compare it).
   */
  lookup(chatId: string | null): EmojiLookup {
    const server = this.sets.entry(SERVER_SET);
    const group = chatId ? this.sets.entry(chatId) : undefined;
    const key = chatId ?? '';
    const held = this.lookups.get(key);
    if (held && held.server === server && held.group === group) return held.lookup;
    const lookup = emojiLookup(server, group);
    this.lookups.set(key, { server, group, lookup });
    return lookup;
  }

  /** Loads a group's set when the chat is a group not held yet (it was opened, or its info shown). */
  open(chatId: string): void {
    const { chats } = this.host.slices;
    if (!isGroup(chats.chat(chatId)) || chats.isLeft(chatId) || this.sets.entry(chatId) || this.loading.has(chatId)) return;
    void this.load(chatId);
  }

  /** Loads a set (again): the server's (null) or a group's. Failures are quiet (a 401 ends the session). */
  async load(chatId: string | null): Promise<void> {
    const key = keyOf(chatId);
    const s = this.host.session();
    const n = ++this.count;
    this.asked.set(key, n);
    this.loading.add(key);
    try {
      const set = await this.host.api.emojiSet(this.host.slices.session.token(), chatId);
      if (s !== this.host.session() || this.asked.get(key) !== n) return;
      this.sets.setEntry(key, { emoji: Array.isArray(set.emoji) ? set.emoji : [], canManage: set.canManage === true });
    } catch (err) {
      if (s !== this.host.session()) return;
      // Not a member (any more), or no such group: nothing to use there, and not asked again.
      if (chatId !== null && err instanceof ApiError && (err.status === 403 || err.status === 404) && !this.sets.entry(key)) {
        this.sets.setEntry(key, NO_SET);
      }
      this.host.handleError(err, s, false);
    } finally {
      if (s === this.host.session() && this.asked.get(key) === n) this.loading.delete(key);
    }
  }

  /**
   * Adds a custom emoji to a set (`image`: the file's bytes); shown in the set at once. Throws
   * ApiError (custom-emoji.ts emojiErrorText says it in words).
   */
  async add(chatId: string | null, shortcode: string, image: Uint8Array): Promise<CustomEmoji> {
    const s = this.host.session();
    try {
      const added = await this.host.api.addEmoji(this.host.slices.session.token(), chatId, shortcode, toBase64(image));
      if (s === this.host.session()) this.patch(chatId, (list) => [...list.filter((e) => e.shortcode !== added.shortcode), added]);
      return added;
    } catch (err) {
      this.host.handleError(err, s, false);
      throw err;
    }
  }

  /** Removes a custom emoji from a set; gone from it at once. Throws ApiError. */
  async remove(chatId: string | null, shortcode: string): Promise<void> {
    const s = this.host.session();
    try {
      await this.host.api.removeEmoji(this.host.slices.session.token(), chatId, shortcode);
      if (s === this.host.session()) this.patch(chatId, (list) => list.filter((e) => e.shortcode !== shortcode));
    } catch (err) {
      this.host.handleError(err, s, false);
      throw err;
    }
  }

  private patch(chatId: string | null, fn: (list: CustomEmoji[]) => CustomEmoji[]): void {
    const key = keyOf(chatId);
    const held = this.sets.entry(key);
    if (held) this.sets.setEntry(key, { ...held, emoji: fn(held.emoji) });
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    switch (e.type) {
      case 'connected':
        // Changes made while away were not heard: every set held is loaded again.
        void this.load(null);
        for (const key of Object.keys(this.sets.get())) if (key !== SERVER_SET) void this.load(chatOf(key));
        return;
      case 'emoji_updated': {
        const chatId = e.event.chatId;
        if (chatId === null || this.sets.entry(chatId) || this.host.slices.chats.get().active === chatId) void this.load(chatId);
        return;
      }
      default:
        return;
    }
  }
}
