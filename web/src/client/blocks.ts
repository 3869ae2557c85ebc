// Blocking people, pure: the server's list read defensively, who is blocked as a set of ids,
// the private chat whose other person the user blocked, which messages a group folds away (those
// of people the user blocked, unless shown for this view), and the words of the questions, the
// bar that replaces the message box and a refusal. The server enforces every block (nothing can
// be sent in a private chat where either blocked the other; the blocked one sees no presence and
// cannot add the blocker to groups); the client shows and changes the user's own list. Used by
// block-actions.ts and the UI.
import { t } from '../i18n/core';
import { errorMessage } from './errors';
import { isGroup, isSystem } from './groups';
import type { BlockedUser, Chat, User, ViewMessage } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function readUser(v: unknown): User | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return { id: v.id, name: typeof v.name === 'string' ? v.name : '', email: typeof v.email === 'string' ? v.email : '' };
}

/**
 * The server's `{blocks: [{user, blockedAt}]}` (or the list alone), latest first as it sends
 * them; entries without a user id are dropped, a person listed twice is kept once.
 */
export function readBlocks(v: unknown): BlockedUser[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.blocks) ? v.blocks : [];
  const seen = new Set<string>();
  const out: BlockedUser[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const user = readUser(entry.user);
    if (!user || seen.has(user.id)) continue;
    seen.add(user.id);
    out.push({ user, blockedAt: typeof entry.blockedAt === 'string' ? entry.blockedAt : '' });
  }
  return out;
}

/** The ids of the people blocked. */
export function blockedIds(blocks: readonly BlockedUser[]): ReadonlySet<string> {
  return new Set(blocks.map((b) => b.user.id));
}

/** The list with `user` blocked now (first, as the server lists the latest first). */
export function withBlocked(blocks: readonly BlockedUser[], user: User, at: string): BlockedUser[] {
  return [{ user: { id: user.id, name: user.name, email: user.email }, blockedAt: at }, ...blocks.filter((b) => b.user.id !== user.id)];
}

/** The list without `userId`. */
export function withoutBlocked(blocks: readonly BlockedUser[], userId: string): BlockedUser[] {
  return blocks.filter((b) => b.user.id !== userId);
}

/** The other person of a private chat when the user blocked them, else null (a group: null). */
export function blockedPeer(chat: Chat | undefined, me: string, blocked: ReadonlySet<string>): string | null {
  if (!chat || isGroup(chat)) return null;
  const other = chat.participants.find((p) => p !== me);
  return other !== undefined && blocked.has(other) ? other : null;
}

/**
 * Whether a group folds `m` away: a message (not a system line) from someone the user blocked,
 * not shown for this view. Private chats fold nothing (the bar under them says it instead).
 */
export function isFolded(m: ViewMessage, group: boolean, blocked: ReadonlySet<string>, shown: ReadonlySet<string>): boolean {
  return group && !isSystem(m) && blocked.has(m.senderId) && !shown.has(m.id);
}

const named = (name: string) => name.trim() || t('account.block.thisPerson');

/** The question before blocking `name` ("Block Alice?"), the title of its dialog. */
export function blockTitle(name: string): string {
  return t('account.block.title', { name: named(name) });
}

/** What blocking does, said under the question. */
export function blockConsequence(): string {
  return t('account.block.consequence');
}

/** The whole question before blocking `name`. */
export function blockQuestion(name: string): string {
  return `${blockTitle(name)} ${blockConsequence()}`;
}

/** What replaces the message box of a private chat with someone the user blocked. */
export function blockedNotice(name: string): string {
  return t('account.block.notice', { name: named(name) });
}

/** A refusal to block or unblock, in the server's words. */
export function blockErrorText(err: unknown, blocking: boolean): string {
  return t(blocking ? 'account.block.failed' : 'account.unblock.failed', { error: errorMessage(err) });
}
