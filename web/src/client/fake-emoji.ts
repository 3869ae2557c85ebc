// The in-memory server of the unit tests (fakes.ts, with reactions: fake-reactions.ts) with custom emoji sets, as Parley keeps
// them: the server's set (its admins, by email, manage it) and each group's (its admins and
// owner, by the chat's role; members read it), the shortcode rule, a taken shortcode
// (conflict), a full set (emoji_limit), an image over 256 KiB (payload_too_large), and
// emoji:updated pushed to the client after each change. Used only by *.test.ts.
import { ApiError } from './errors';
import { ReactionServer } from './fake-reactions';
import { isShortcode, MAX_EMOJI_BYTES } from './custom-emoji';
import type { CustomEmoji, EmojiSet } from './types';

export class EmojiServer extends ReactionServer {
  /** Emails of the server's admins (--server_admins). */
  admins: string[] = [];
  /** The most a set holds (max_custom_emoji). */
  maxEmoji = 200;
  /** Each set, by chat id ('' the server's). */
  readonly emojiSets = new Map<string, CustomEmoji[]>();
  /** The emoji set requests, in order, as "GET server", "POST chat-…", ... */
  readonly emojiCalls: string[] = [];
  private next = 0;

  /** Puts an emoji in a set directly (no event), as if added before. */
  seedEmoji(chatId: string | null, shortcode: string): CustomEmoji {
    const e = this.makeEmoji(chatId, shortcode, 'seed');
    this.emojiSets.set(chatId ?? '', [...(this.emojiSets.get(chatId ?? '') ?? []), e]);
    return e;
  }

  /** Removes an emoji from its set and tells the client, as another admin's removal would. */
  removeBySomeoneElse(chatId: string | null, shortcode: string): void {
    this.emojiSets.set(chatId ?? '', (this.emojiSets.get(chatId ?? '') ?? []).filter((e) => e.shortcode !== shortcode));
    this.push({ type: 'emoji_updated', event: { chatId } });
  }

  override async emojiSet(token: string, chatId: string | null): Promise<EmojiSet> {
    this.emojiCalls.push(`GET ${chatId ?? 'server'}`);
    const me = this.userOf(token);
    if (chatId !== null) {
      const chat = this.chatList.find((c) => c.id === chatId);
      if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
      if (!chat.participants.includes(me.id)) throw new ApiError(403, 'forbidden', 'Not a member of this chat');
    }
    return { emoji: [...(this.emojiSets.get(chatId ?? '') ?? [])], canManage: this.manages(me.email, chatId) };
  }

  override async addEmoji(token: string, chatId: string | null, shortcode: string, image: string): Promise<CustomEmoji> {
    this.emojiCalls.push(`POST ${chatId ?? 'server'} ${shortcode}`);
    const me = this.userOf(token);
    if (!isShortcode(shortcode)) throw new ApiError(400, 'invalid_input', 'shortcode must be 2 to 32 of a-z, 0-9, _, + and -');
    if (atob(image).length > MAX_EMOJI_BYTES) throw new ApiError(413, 'payload_too_large', 'The image must be at most 256 KiB');
    if (!this.manages(me.email, chatId)) throw new ApiError(403, 'forbidden', 'Only admins manage these custom emoji');
    const set = this.emojiSets.get(chatId ?? '') ?? [];
    if (set.some((e) => e.shortcode === shortcode)) throw new ApiError(409, 'conflict', `There is a :${shortcode}: already`);
    if (set.length >= this.maxEmoji) throw new ApiError(409, 'emoji_limit', `A set holds at most ${this.maxEmoji} custom emoji`);
    const e = this.makeEmoji(chatId, shortcode, me.id);
    this.emojiSets.set(chatId ?? '', [...set, e]);
    this.push({ type: 'emoji_updated', event: { chatId } });
    return { ...e };
  }

  override async removeEmoji(token: string, chatId: string | null, shortcode: string): Promise<void> {
    this.emojiCalls.push(`DELETE ${chatId ?? 'server'} ${shortcode}`);
    const me = this.userOf(token);
    if (!this.manages(me.email, chatId)) throw new ApiError(403, 'forbidden', 'Only admins manage these custom emoji');
    const set = this.emojiSets.get(chatId ?? '') ?? [];
    if (!set.some((e) => e.shortcode === shortcode)) throw new ApiError(404, 'not_found', 'Emoji not found');
    this.emojiSets.set(chatId ?? '', set.filter((e) => e.shortcode !== shortcode));
    this.push({ type: 'emoji_updated', event: { chatId } });
  }

  private manages(email: string, chatId: string | null): boolean {
    if (chatId === null) return this.admins.includes(email);
    const chat = this.chatList.find((c) => c.id === chatId);
    return chat?.role === 'owner' || chat?.role === 'admin';
  }

  private makeEmoji(chatId: string | null, shortcode: string, by: string): CustomEmoji {
    this.next++;
    const id = `emoji-${String(this.next).padStart(4, '0')}`;
    return { id, shortcode, url: `/api/v1/emoji/${id}/image`, chatId, createdBy: by, createdAt: this.tick() };
  }
}
