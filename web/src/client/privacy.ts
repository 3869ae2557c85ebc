// Privacy settings, pure: a change as the user makes it (people, not ids) applied to the
// settings shown, the request body it becomes, adding and removing the exceptions of "Last
// seen & online" (a person is in one list at most: adding them to one takes them out of the
// other, as the server would keep them in `never`), whether what others may see of the user's
// presence changed (then the client reads everyone's presence again: reciprocity), the server's
// answer read defensively, and the words of the choices and of a refusal. The server enforces
// every setting; the client only shows and changes them. Used by privacy-actions.ts and the
// Privacy dialog.
import { labelled, labels, t } from '../i18n/core';
import { errorMessage } from './errors';
import type { LastSeenAudience, PrivacyPatch, PrivacySettings, User } from './types';

/** People per exception list (the server takes at most this many ids). */
export const MAX_EXCEPTIONS = 1000;

export type ExceptionList = 'always' | 'never';

/** A change of the settings as the user makes it: the lists whole, as people. */
export interface PrivacyChange {
  readReceipts?: boolean;
  typing?: boolean;
  lastSeen?: LastSeenAudience;
  always?: readonly User[];
  never?: readonly User[];
}

export const AUDIENCES: ReadonlyArray<{ value: LastSeenAudience; label: string }> = [
  labelled({ value: 'everybody' }, { label: 'account.privacy.everybody' }),
  labelled({ value: 'contacts' }, { label: 'account.privacy.contacts' }),
  labelled({ value: 'nobody' }, { label: 'account.privacy.nobody' }),
];

export const LIST_LABELS: Readonly<Record<ExceptionList, string>> = labels({
  always: 'account.privacy.always',
  never: 'account.privacy.never',
});

/** The settings after `change`; someone in both lists stays in `never` only. */
export function applyChange(s: PrivacySettings, change: PrivacyChange): PrivacySettings {
  const never = [...(change.never ?? s.never)];
  const hidden = new Set(never.map((u) => u.id));
  const always = (change.always ?? s.always).filter((u) => !hidden.has(u.id));
  return {
    readReceipts: change.readReceipts ?? s.readReceipts,
    typing: change.typing ?? s.typing,
    lastSeen: change.lastSeen ?? s.lastSeen,
    always,
    never,
  };
}

/** The PATCH body of a change: what it sets, the lists as ids. */
export function patchOf(change: PrivacyChange): PrivacyPatch {
  const p: PrivacyPatch = {};
  if (change.readReceipts !== undefined) p.readReceipts = change.readReceipts;
  if (change.typing !== undefined) p.typing = change.typing;
  if (change.lastSeen !== undefined) p.lastSeen = change.lastSeen;
  if (change.always) p.always = change.always.map((u) => u.id);
  if (change.never) p.never = change.never.map((u) => u.id);
  return p;
}

const other = (list: ExceptionList): ExceptionList => (list === 'always' ? 'never' : 'always');

/**
 * Adds `users` to one exception list (those already in it stay where they are), taking them
 * out of the other; null when nobody new is added.
 */
export function withExceptions(s: PrivacySettings, list: ExceptionList, users: readonly User[]): PrivacyChange | null {
  const held = new Set(s[list].map((u) => u.id));
  const fresh = users.filter((u, i) => !held.has(u.id) && users.findIndex((x) => x.id === u.id) === i);
  if (fresh.length === 0) return null;
  const ids = new Set(fresh.map((u) => u.id));
  const change: PrivacyChange = { [list]: [...s[list], ...fresh] };
  if (s[other(list)].some((u) => ids.has(u.id))) change[other(list)] = s[other(list)].filter((u) => !ids.has(u.id));
  return change;
}

/** Takes one person out of an exception list; null when they are not in it. */
export function withoutException(s: PrivacySettings, list: ExceptionList, userId: string): PrivacyChange | null {
  if (!s[list].some((u) => u.id === userId)) return null;
  return { [list]: s[list].filter((u) => u.id !== userId) };
}

/** Whether `list` would hold more people than the server takes after adding `adding`. */
export function overLimit(s: PrivacySettings, list: ExceptionList, adding: number): boolean {
  return s[list].length + adding > MAX_EXCEPTIONS;
}

const ids = (users: readonly User[]) =>
  users
    .map((u) => u.id)
    .sort()
    .join(' ');

/**
 * Whether who may see the user's last seen and online status changed (the audience or the
 * exceptions): by reciprocity what the user may see of others changed too.
 */
export function audienceChanged(a: PrivacySettings, b: PrivacySettings): boolean {
  return a.lastSeen !== b.lastSeen || ids(a.always) !== ids(b.always) || ids(a.never) !== ids(b.never);
}

function readUsers(v: unknown): User[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((u): u is { id: string } => typeof u === 'object' && u !== null && typeof (u as { id?: unknown }).id === 'string')
    .map((u) => {
      const x = u as { id: string; name?: unknown; email?: unknown };
      return { id: x.id, name: typeof x.name === 'string' ? x.name : '', email: typeof x.email === 'string' ? x.email : '' };
    });
}

/** The server's settings, with the defaults for anything missing (a newer or older server). */
export function readSettings(v: unknown): PrivacySettings {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const lastSeen = AUDIENCES.some((a) => a.value === o.lastSeen) ? (o.lastSeen as LastSeenAudience) : 'everybody';
  return applyChange(
    { readReceipts: o.readReceipts !== false, typing: o.typing !== false, lastSeen, always: [], never: [] },
    { always: readUsers(o.always), never: readUsers(o.never) },
  );
}

/** A refusal of a change, in the server's words (a network failure says so). */
export function privacyErrorText(err: unknown): string {
  return t('common.notSaved', { error: errorMessage(err) });
}
