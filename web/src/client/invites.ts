// Pure rules of a group's invite links as the client shows them: the choices offered when making
// one, how its uses and expiry read, whether it still admits anyone, and what a failed preview
// or join means to the person holding the link. No I/O here: the store makes the requests.
import { ApiError, errorMessage, RequestError } from './errors';
import type { Invite } from './types';

/** Expiry choices when making a link, in seconds (null: never). */
export const INVITE_EXPIRIES: ReadonlyArray<{ label: string; seconds: number | null }> = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
  { label: 'Never', seconds: null },
];

/** Use limits when making a link (null: no limit). */
export const INVITE_MAX_USES: ReadonlyArray<{ label: string; uses: number | null }> = [
  { label: 'No limit', uses: null },
  ...[1, 5, 10, 25, 100].map((n) => ({ label: String(n), uses: n })),
];

/** The request's options: absent fields mean never expires, no limit. */
export function inviteOptions(seconds: number | null, uses: number | null): { expiresInSeconds?: number; maxUses?: number } {
  return { ...(seconds !== null ? { expiresInSeconds: seconds } : {}), ...(uses !== null ? { maxUses: uses } : {}) };
}

/** "3 of 10 uses", "0 of 1 use", "3 uses", "1 use". */
export function inviteUsesText(invite: Pick<Invite, 'uses' | 'maxUses'>): string {
  const { uses, maxUses } = invite;
  if (maxUses === null) return `${uses.toLocaleString()} ${uses === 1 ? 'use' : 'uses'}`;
  return `${uses.toLocaleString()} of ${maxUses.toLocaleString()} ${maxUses === 1 ? 'use' : 'uses'}`;
}

const MINUTE = 60_000;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "expires in 5 hours", "expires in 3 days", "expires in less than a minute", "expired",
 * "never expires". Minutes below an hour, hours below a day, then days (each rounded).
 */
export function inviteExpiryText(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'never expires';
  const left = Date.parse(expiresAt) - now.getTime();
  if (!(left > 0)) return 'expired';
  if (left < MINUTE) return 'expires in less than a minute';
  const minutes = Math.round(left / MINUTE);
  if (minutes < 60) return `expires in ${plural(minutes, 'minute')}`;
  const hours = Math.round(left / (60 * MINUTE));
  if (hours < 24) return `expires in ${plural(hours, 'hour')}`;
  return `expires in ${plural(Math.round(left / (24 * 60 * MINUTE)), 'day')}`;
}

export type InviteState = 'usable' | 'revoked' | 'expired' | 'used up';

/**
 * Whether a link still admits anyone, as of `now` (a link listed earlier may have expired
 * since); the server's `usable` is the answer for the rest.
 */
export function inviteState(invite: Invite, now: Date): InviteState {
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt !== null && !(Date.parse(invite.expiresAt) > now.getTime())) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used up';
  // Not usable for a reason the client cannot see (the group has ended): as good as expired.
  return invite.usable ? 'usable' : 'expired';
}

/** The link to hand out: this page's origin and the link's path. */
export function inviteUrl(origin: string, invite: Pick<Invite, 'path' | 'token'>): string {
  const path = invite.path || `/join/${encodeURIComponent(invite.token)}`;
  return `${origin.replace(/\/$/, '')}${path}`;
}

/** Why an invite link cannot be used, as the join page says it. */
export interface JoinProblem {
  kind: 'not_found' | 'invalid' | 'full' | 'other';
  title: string;
  detail: string;
}

/** A failed preview or join, in the words the join page shows. */
export function joinProblem(err: unknown): JoinProblem {
  const code = err instanceof ApiError || err instanceof RequestError ? err.code : '';
  switch (code) {
    case 'not_found':
      return {
        kind: 'not_found',
        title: 'This invite link does not exist',
        detail: 'Check that the link is complete, or ask for a new one.',
      };
    case 'invite_invalid':
      return {
        kind: 'invalid',
        title: errorMessage(err) || 'This invite link cannot be used',
        detail: 'Ask someone in the group for a new link.',
      };
    case 'member_limit':
      return {
        kind: 'full',
        title: 'This group is full',
        detail: 'It has as many members as it allows. Ask an admin to make room.',
      };
    default:
      return { kind: 'other', title: 'Could not open this invite link', detail: errorMessage(err) };
  }
}
