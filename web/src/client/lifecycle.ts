// Messages after they are sent, as the client sees them: who may edit or delete which message
// (the server's rules, so the UI offers only what the server would accept; the server still
// decides), and the pure transitions of one chat's messages for an edit, a deletion for
// everyone (a tombstone in the message's place), a deletion for oneself (hidden: kept with its
// seq, so catch-up stays gapless, and never shown) and a page of the change feed. No I/O here:
// message-lifecycle.ts applies these to the slices.
import { fallbackText, hasAttachments } from './files';
import type { MessageMentions } from './mentions';
import { mergeMessages } from './messages';
import { mapLists, type ChatMessagesState } from './state';
import { deletedTargets, targetChanges, withReplyTargets } from './threads';
import type { ChangePage, ChatMessage, DeletedEvent, GroupRole, ServerLimits, ViewMessage } from './types';

/** How long after sending its sender may edit a message (the server's default edit_window_ms). */
export const EDIT_WINDOW_MS = 48 * 3600 * 1000;
/** How long after sending its sender may delete it for everyone (delete_window_ms). */
export const DELETE_WINDOW_MS = 48 * 3600 * 1000;

// The server's windows as it told them (GET /api/v1/limits); its defaults until it has. One
// server per page, so they are the page's.
const windows = { editMs: EDIT_WINDOW_MS, deleteMs: DELETE_WINDOW_MS };

/** Takes the server's own windows (0: no limit). */
export function applyServerWindows(limits: Pick<ServerLimits, 'editWindowMs' | 'deleteWindowMs'>): void {
  windows.editMs = limits.editWindowMs;
  windows.deleteMs = limits.deleteWindowMs;
}

/** The server's edit window (ms, 0: none), or the group's when it is shorter. */
export function editWindowMs(groupSeconds = 0): number {
  const own = groupSeconds * 1000;
  if (own <= 0) return windows.editMs;
  return windows.editMs > 0 ? Math.min(windows.editMs, own) : own;
}

/** The server's window for deleting one's messages for everyone (ms, 0: none). */
export function deleteWindowMs(): number {
  return windows.deleteMs;
}
/** Messages deleted in one request at most. */
export const MAX_DELETED_AT_ONCE = 100;
/** What the server sends as the content of a deleted or hidden message. */
export const DELETED_TEXT = 'This message was deleted';

/** The server has it (not pending, not refused). */
function isStored(m: ViewMessage): boolean {
  return !m.pending && m.failed === undefined;
}

/** A text message the server has, not deleted, not hidden. */
function isLiveText(m: ViewMessage): boolean {
  return isStored(m) && m.kind !== 'system' && !m.deleted && !m.hidden;
}

function within(m: ViewMessage, windowMs: number, now: number): boolean {
  if (windowMs <= 0) return true;  // no limit
  const sent = Date.parse(m.createdAt);
  return Number.isFinite(sent) && now - sent <= windowMs;
}

/**
 * Whether the user `me` may edit `m` now: their own text message, within the window (the
 * group's `editWindowSeconds` when it is shorter than the server's).
 */
export function canEdit(m: ViewMessage, me: string, now: number, groupWindowSeconds = 0): boolean {
  return isLiveText(m) && m.senderId === me && within(m, editWindowMs(groupWindowSeconds), now);
}

/** Who is deleting, and where. */
export interface DeleteContext {
  me: string;
  now: number;
  /** The user's role in the group (undefined: a private chat, or a group they left). */
  role?: GroupRole;
}

/**
 * Whether the user may delete `m` for everyone: their own message within the window, or in a
 * group where they are an admin or the owner, any message.
 */
export function canDeleteForEveryone(m: ViewMessage, ctx: DeleteContext): boolean {
  if (!isLiveText(m)) return false;
  if (ctx.role === 'admin' || ctx.role === 'owner') return true;
  return m.senderId === ctx.me && within(m, deleteWindowMs(), ctx.now);
}

/** Whether the user may delete `m` for themself (any message of the chat but a group's system lines). */
export function canDeleteForMe(m: ViewMessage): boolean {
  return isStored(m) && m.kind !== 'system' && !m.hidden;
}

/** What deleting these messages may do: for the user only, and for everyone too. */
export interface DeleteChoices {
  forMe: boolean;
  forEveryone: boolean;
}

/** For several messages at once (a selection): "for everyone" only when it holds for each. */
export function deleteChoices(messages: readonly ViewMessage[], ctx: DeleteContext): DeleteChoices {
  const fits = messages.length > 0 && messages.length <= MAX_DELETED_AT_ONCE;
  return {
    forMe: fits && messages.every(canDeleteForMe),
    forEveryone: fits && messages.every((m) => canDeleteForEveryone(m, ctx)),
  };
}

/** The message the Up key in an empty message box edits: the newest of the user's that still can be. */
export function lastEditable(
  items: readonly ViewMessage[],
  me: string,
  now: number,
  groupWindowSeconds = 0,
): ViewMessage | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i];
    if (m && canEdit(m, me, now, groupWindowSeconds)) return m;
  }
  return undefined;
}

/** The messages shown: those the user deleted for themself are not (the same array when none is). */
export function shownMessages(items: ViewMessage[]): ViewMessage[] {
  return items.some((m) => m.hidden) ? items.filter((m) => !m.hidden) : items;
}

/** `m` deleted for everyone: its text and pin gone, a placeholder in its place. */
export function tombstone(m: ViewMessage, e: Pick<DeletedEvent, 'deletedAt' | 'deletedBy'>): ViewMessage {
  // Its files go with it (the server's tombstone has none).
  const { attachments: _files, caption: _caption, ...rest } = m;
  return {
    ...rest,
    content: DELETED_TEXT,
    deleted: true,
    deletedAt: e.deletedAt,
    deletedBy: e.deletedBy,
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    // Deleting a message for everyone takes its reactions away too (as the server does).
    ...(m.reactions ? { reactions: [] } : {}),
  };
}

function mapHeld(items: ViewMessage[], ids: readonly string[], fn: (m: ViewMessage) => ViewMessage): ViewMessage[] {
  const wanted = new Set(ids);
  let changed = false;
  const out = items.map((m) => {
    if (!wanted.has(m.id)) return m;
    const next = fn(m);
    if (next !== m) changed = true;
    return next;
  });
  return changed ? out : items;
}

/**
 * Stored copies of messages that may be held (an edit, a change page, an acknowledgement):
 * those held (in the messages or the window of older history) are replaced (messages.ts keeps
 * what is newer); others are not added, as they would leave a gap before the oldest message
 * held. The replies held that answer one of them show it as it is now.
 */
export function withChangedMessages(st: ChatMessagesState, messages: readonly ChatMessage[]): ChatMessagesState {
  if (messages.length === 0) return st;
  const changes = targetChanges(messages);
  return mapLists(st, (items) => {
    const held = new Set(items.map((m) => m.id));
    const known = messages.filter((m) => held.has(m.id));
    return withReplyTargets(known.length === 0 ? items : mergeMessages(items, known), changes);
  });
}

/**
 * message:deleted: the messages held become tombstones, and the replies to them say so. The
 * chat's changeSeq follows when the event is the next change after the one held (each message
 * deleted is one change); otherwise some changes were not heard, and the change feed reads
 * them on the next reconnect.
 */
export function withDeleted(st: ChatMessagesState, e: DeletedEvent): ChatMessagesState {
  const next = mapLists(st, (items) => withDeletedItems(items, e));
  if (st.changeSeq + e.messageIds.length === e.changeSeq) return { ...next, changeSeq: e.changeSeq };
  return next;
}

/** message:hidden, or the change feed's hidden ids: the user deleted these for themself. */
export function withHidden(st: ChatMessagesState, ids: readonly string[]): ChatMessagesState {
  if (ids.length === 0) return st;
  return mapLists(st, (items) => withHiddenItems(items, ids));
}

/** One list's messages after message:deleted: tombstones, and the replies to them saying so. */
export function withDeletedItems(items: ViewMessage[], e: Pick<DeletedEvent, 'messageIds' | 'deletedAt' | 'deletedBy'>): ViewMessage[] {
  return withReplyTargets(
    mapHeld(items, e.messageIds, (m) => (m.deleted ? m : tombstone(m, e))),
    deletedTargets(e.messageIds),
  );
}

/** One list's messages after the user hid some for themself. */
export function withHiddenItems(items: ViewMessage[], ids: readonly string[]): ViewMessage[] {
  return mapHeld(items, ids, (m) => (m.hidden ? m : { ...m, hidden: true, content: DELETED_TEXT }));
}

/** A page of the change feed: changed messages replaced, hidden ones hidden, the changeSeq moved on. */
export function withChangePage(st: ChatMessagesState, page: ChangePage): ChatMessagesState {
  const next = withHidden(withChangedMessages(st, page.messages), page.hidden);
  return page.until > next.changeSeq ? { ...next, changeSeq: page.until } : next;
}

/**
 * The text before an edit, to put back if the server refuses it (a message with files: its
 * caption), with its mentions.
 */
export type TextState = Pick<ViewMessage, 'content' | 'caption' | 'editedAt' | 'editCount' | 'mentions' | 'mentionsAll'>;

export function textState(m: ViewMessage): TextState {
  return {
    content: m.content,
    caption: m.caption,
    editedAt: m.editedAt,
    editCount: m.editCount,
    mentions: m.mentions,
    mentionsAll: m.mentionsAll,
  };
}

/** `m` with these mentions in place of its own (absent: none). */
function withMentions(m: ViewMessage, { mentions, mentionsAll }: MessageMentions): ViewMessage {
  const out: ViewMessage = { ...m };
  if (mentions?.length) out.mentions = mentions;
  else delete out.mentions;
  if (mentionsAll) out.mentionsAll = true;
  else delete out.mentionsAll;
  return out;
}

/**
 * `m` as it will be once the server has the edit (shown at once); a message with files edits
 * its caption. The new text's mentions replace the old.
 */
export function withLocalEdit(m: ViewMessage, content: string, at: string, mentions: MessageMentions = {}): ViewMessage {
  const text = hasAttachments(m) ? { caption: content, content: fallbackText(m.attachments ?? [], content) } : { content };
  return withMentions({ ...m, ...text, editedAt: at, editCount: (m.editCount ?? 0) + 1 }, mentions);
}

/**
 * The edit `local` was refused: `before` goes back, unless the message changed meanwhile
 * (deleted, or edited again) and shows something else now.
 */
export function withoutLocalEdit(m: ViewMessage, local: TextState, before: TextState): ViewMessage {
  if (m.deleted || m.hidden || m.content !== local.content || m.caption !== local.caption || m.editCount !== local.editCount) return m;
  const out: ViewMessage = { ...m, content: before.content };
  if (before.caption !== undefined) out.caption = before.caption;
  if (before.editedAt === undefined) delete out.editedAt;
  else out.editedAt = before.editedAt;
  if (before.editCount === undefined) delete out.editCount;
  else out.editCount = before.editCount;
  return withMentions(out, before);
}
