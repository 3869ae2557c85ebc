// Typing indicators. Incoming: `typing {chatId, userIds}` (the chat's typists, the user's own
// devices included) becomes the chat's typists without the user, kept in `typists` (one entry
// per chat that someone types in). Only the server's updates change it (a typist who sends a
// message is stopped by the server: guessing it here would leave the client apart from what
// the server last sent, which it does not send again); a chat's entry is dropped when no
// update came for a while (a stop lost with a connection) or the connection goes. Outgoing: what the composer reports (typed, stop) becomes typing:start at
// most every START_EVERY_MS while there is text, and typing:stop once the text is sent, emptied
// or the chat left. Used by ChatStore (its `typing`) and Inbound.
import { t } from '../i18n/core';
import type { Realtime } from './realtime';
import { KeyedSlice } from './slices/slice';
import type { TypingEvent } from './types';

/** typing:start again this often while the person types (the server's timeout is 6 s). */
export const START_EVERY_MS = 3000;
/**
 * A chat's typists are dropped when no update came for this long. The server sends the list
 * only when it changes, so this covers only a stop that got lost; a longer pause of the person
 * typing would drop them early.
 */
export const FORGET_AFTER_MS = 30000;

export interface TypingHost {
  readonly realtime: Realtime;
  /** The signed-in user's id. */
  me(): string | undefined;
  now(): number;
}

/** "Alice is typing…", "Alice and Bob are typing…", "3 people are typing…"; '' for nobody. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t('chats.typing.one', { name: names[0]! });
  if (names.length === 2) return t('chats.typing.two', { first: names[0]!, second: names[1]! });
  return t('chats.typing.many', { count: names.length });
}

const NOBODY: readonly string[] = Object.freeze([]);

export class TypingActions {
  /** The users typing in each chat (never the user), in the order they started. */
  readonly typists = new KeyedSlice<readonly string[]>();
  private readonly host: TypingHost;
  private readonly forgetTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When typing:start was last sent, by chat (present while the user types there). */
  private readonly started = new Map<string, number>();

  constructor(host: TypingHost) {
    this.host = host;
  }

  // ------------------------------------------------------------------------------------------
  // Incoming

  /** `typing`: the chat's typists now. */
  onTyping(e: TypingEvent): void {
    const me = this.host.me();
    const others = e.userIds.filter((id) => id !== me);
    this.put(e.chatId, others);
  }

  /** The connection went (what was heard may be stale) or the session ended. */
  clear(): void {
    for (const t of this.forgetTimers.values()) clearTimeout(t);
    this.forgetTimers.clear();
    this.started.clear();
    this.typists.set({});
  }

  // ------------------------------------------------------------------------------------------
  // Outgoing

  /** The text in the chat's message box changed. */
  typed(chatId: string, text: string): void {
    if (text.trim() === '') {
      this.stop(chatId);
      return;
    }
    const last = this.started.get(chatId);
    const now = this.host.now();
    if (last !== undefined && now - last < START_EVERY_MS) return;
    if (!this.host.realtime.isConnected()) return;
    this.started.set(chatId, now);
    this.request('typing:start', chatId);
  }

  /** The text was sent or emptied, or the person left the chat: no longer typing there. */
  stop(chatId: string): void {
    if (!this.started.delete(chatId)) return;
    if (this.host.realtime.isConnected()) this.request('typing:stop', chatId);
  }

  private request(event: 'typing:start' | 'typing:stop', chatId: string): void {
    // Best effort: a refusal or a timeout changes nothing the person sees.
    this.host.realtime.request(event, { chatId }).catch(() => undefined);
  }

  private put(chatId: string, userIds: readonly string[]): void {
    const old = this.forgetTimers.get(chatId);
    if (old !== undefined) clearTimeout(old);
    this.forgetTimers.delete(chatId);
    if (userIds.length === 0) {
      this.typists.deleteEntry(chatId);
      return;
    }
    const held = this.typists.entry(chatId) ?? NOBODY;
    const same = held.length === userIds.length && held.every((id, i) => id === userIds[i]);
    if (!same) this.typists.setEntry(chatId, userIds);
    this.forgetTimers.set(
      chatId,
      setTimeout(() => {
        this.forgetTimers.delete(chatId);
        this.typists.deleteEntry(chatId);
      }, FORGET_AFTER_MS),
    );
  }
}
