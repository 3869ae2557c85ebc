// Messages after they are sent, applied to the slices: editing (shown at once, put back with
// a toast if the server refuses), the versions of a message's text, deleting for everyone or
// for oneself, what the server pushes about them (message:edited, message:deleted,
// message:hidden) and the change feed a device reads after being away (chat:changes, page by
// page from the changeSeq it holds). Used by ChatStore (its `lifecycle`), Inbound and ChatSync;
// the rules and the pure transitions are in lifecycle.ts.
import { t } from '../i18n/core';
import { errorMessage } from './errors';
import { hasAttachments, messageText } from './files';
import {
  textState,
  withChangedMessages,
  withChangePage,
  withDeleted,
  withHidden,
  withLocalEdit,
  withoutLocalEdit,
} from './lifecycle';
import { withoutReactions } from './reactions';
import type { MessageMentions } from './mentions';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { mapLists } from './state';
import type { ThreadActions } from './thread-actions';
import { targetChanges } from './threads';
import type { ChatMessage, DeletedEvent, HiddenEvent, TextVersion, ViewMessage } from './types';

/** Changes asked for per chat:changes page. */
const CHANGE_PAGE = 200;
/** Pages read at most per chat and reconnect (the rest waits for the next one). */
const MAX_CHANGE_PAGES = 50;

export type DeleteScope = 'everyone' | 'me';

/** What the lifecycle needs from the store. */
export interface LifecycleHost {
  readonly realtime: Realtime;
  readonly slices: Slices;
  /** The threads held and the followed list see the same changes. */
  readonly threads: ThreadActions;
  session(): number;
  now(): Date;
  showToast(text: string): void;
}

export class MessageLifecycle {
  private readonly host: LifecycleHost;
  /** Change feeds running, by chat: one at a time per chat. */
  private readonly feeds = new Map<string, Promise<void>>();

  constructor(host: LifecycleHost) {
    this.host = host;
  }

  /** Forgets what is in flight (the session ended). */
  reset(): void {
    this.feeds.clear();
  }

  // ------------------------------------------------------------------------------------------
  // The user's own changes

  /**
   * Edits the text of one of the user's messages: shown at once; if the server refuses, the
   * text before comes back and a toast says why. Resolves to whether the server took it.
   * Blank space around the text is dropped; the same text again changes nothing. The new text's
   * mentions replace the old.
   */
  async edit(chatId: string, messageId: string, content: string, mentions: MessageMentions = {}): Promise<boolean> {
    const { slices, realtime } = this.host;
    const text = content.trim();
    const held = slices.messages.find(chatId, messageId) ?? this.inThreads(messageId);
    // A message with files edits its caption, which may be emptied.
    if (!held || held.deleted || held.hidden || (text === '' && !hasAttachments(held)) || text === messageText(held)) return false;
    const s = this.host.session();
    const before = textState(held);
    const local = textState(withLocalEdit(held, text, this.host.now().toISOString(), mentions));
    this.patchMessage(chatId, messageId, (m) => ({ ...m, ...local }));
    this.syncPin(held);
    try {
      const ack = await realtime.request('message:edit', { messageId, content: text, ...mentions });
      if (s === this.host.session()) this.applyMessages(chatId, [ack.message]);
      return true;
    } catch (err) {
      if (s !== this.host.session()) return false;
      this.patchMessage(chatId, messageId, (m) => withoutLocalEdit(m, local, before));
      this.syncPin(held);
      this.host.showToast(t('app.editFailed', { error: errorMessage(err) }));
      return false;
    }
  }

  /** Every version of a message's text with its time, the oldest first and the current last. */
  async versions(messageId: string): Promise<TextVersion[]> {
    return (await this.host.realtime.request('message:edits', { messageId })).versions;
  }

  /**
   * Deletes messages of one chat (1 to 100) for everyone (tombstones in their place) or for
   * the user only (no longer shown on any of their devices). Throws RequestError (nothing
   * changes: the server deletes all or none).
   */
  async remove(chatId: string, messageIds: readonly string[], scope: DeleteScope): Promise<void> {
    const s = this.host.session();
    const ack = await this.host.realtime.request('message:delete', { chatId, messageIds: [...messageIds], scope });
    if (s !== this.host.session()) return;
    if (scope === 'me') this.applyHidden({ chatId, messageIds: [...messageIds] });
    else this.applyMessages(chatId, ack.messages);
  }

  // ------------------------------------------------------------------------------------------
  // What the server pushes

  /**
   * message:edited (or an acknowledgement): the stored copies replace those held. Such a copy
   * is the one the whole chat is sent, whose reactions say `me` of no one: the reactions held stay.
   */
  applyMessages(chatId: string, copies: readonly ChatMessage[]): void {
    const messages = copies.map(withoutReactions);
    this.host.slices.messages.patch(chatId, (st) => withChangedMessages(st, messages));
    this.host.threads.applyChanged(chatId, messages, targetChanges(messages));
    for (const m of messages) this.syncPin(m);
  }

  /** message:deleted: tombstones in the messages' places, their pins gone. */
  applyDeleted(e: DeletedEvent): void {
    this.host.slices.messages.patch(e.chatId, (st) => withDeleted(st, e));
    this.host.threads.applyDeleted(e);
    this.dropPins(e.chatId, e.messageIds);
  }

  /** message:hidden: the user deleted these for themself; they are no longer shown. */
  applyHidden(e: HiddenEvent): void {
    this.host.slices.messages.patch(e.chatId, (st) => withHidden(st, e.messageIds));
    this.host.threads.applyHidden(e.chatId, e.messageIds);
    this.dropPins(e.chatId, e.messageIds);
  }

  // ------------------------------------------------------------------------------------------
  // The change feed

  /**
   * Reads what changed in a chat since the changeSeq held, when the chat's (from the chat
   * list) is higher: the changed messages replace those held, the hidden ones are hidden,
   * page after page while there is more. One feed per chat at a time.
   */
  catchUp(s: number, chatId: string): Promise<void> {
    const running = this.feeds.get(chatId);
    if (running) return running;
    const run = this.readFeed(s, chatId).finally(() => {
      if (this.feeds.get(chatId) === run) this.feeds.delete(chatId);
    });
    this.feeds.set(chatId, run);
    return run;
  }

  /** Whether the chat list says something changed that the messages held do not show yet. */
  behind(chatId: string): boolean {
    const { chats, messages } = this.host.slices;
    const st = messages.entry(chatId);
    return st !== undefined && st.loaded && (chats.chat(chatId)?.changeSeq ?? 0) > st.changeSeq;
  }

  private async readFeed(s: number, chatId: string): Promise<void> {
    const { slices, realtime } = this.host;
    for (let i = 0; i < MAX_CHANGE_PAGES && this.behind(chatId); i++) {
      const since = slices.messages.entry(chatId)?.changeSeq ?? 0;
      const page = await realtime.request('chat:changes', { chatId, since, limit: CHANGE_PAGE });
      if (s !== this.host.session()) return;
      slices.messages.patch(chatId, (st) => withChangePage(st, page));
      this.host.threads.applyChanged(chatId, page.messages, targetChanges(page.messages));
      this.host.threads.applyHidden(chatId, page.hidden);
      for (const m of page.messages) this.syncPin(m);
      this.dropPins(chatId, page.hidden);
      if (!page.more) return;
    }
  }

  // ------------------------------------------------------------------------------------------

  /** A thread reply held only in its thread (older than the chat's messages held). */
  private inThreads(messageId: string): ViewMessage | undefined {
    for (const t of Object.values(this.host.slices.threads.get())) {
      const m = t.replies.find((x) => x.id === messageId);
      if (m) return m;
    }
    return undefined;
  }

  private patchMessage(chatId: string, messageId: string, fn: (m: ViewMessage) => ViewMessage): void {
    const patchList = (list: ViewMessage[]) => {
      let changed = false;
      const items = list.map((m) => {
        if (m.id !== messageId) return m;
        const next = fn(m);
        if (next !== m) changed = true;
        return next;
      });
      return changed ? items : list;
    };
    this.host.slices.messages.patch(chatId, (st) => mapLists(st, patchList));
    this.host.threads.mapChat(chatId, patchList);
  }

  /**
   * The chat's pinned bar (once its pins were loaded) shows the message as held now: added,
   * changed or dropped.
   */
  private syncPin(m: ChatMessage): void {
    const { pins, messages } = this.host.slices;
    const list = pins.entry(m.chatId);
    if (!list) return;
    const held: ChatMessage = messages.find(m.chatId, m.id) ?? m;
    const pinned = held.isPinned && !held.deleted && !held.hidden;
    if (pinned || list.some((p) => p.id === m.id)) pins.apply(held, pinned);
  }

  private dropPins(chatId: string, ids: readonly string[]): void {
    const pins = this.host.slices.pins;
    const gone = new Set(ids);
    for (const p of pins.entry(chatId) ?? []) if (gone.has(p.id)) pins.apply(p, false);
  }
}
