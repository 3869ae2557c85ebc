// Pure rules of a group's invite links as the client shows them: the choices offered when making
// one, how its uses and expiry read, whether it still admits anyone, and what a failed preview
// or join means to the person holding the link. No I/O here: the store makes the requests.
import { labelled, t } from '../i18n/core';
import { ApiError, errorMessage, RequestError } from './errors';
import type { Invite } from './types';

/** Expiry choices when making a link, in seconds (null: never). */
export const INVITE_EXPIRIES: ReadonlyArray<{ label: string; seconds: number | null }> = [
  {
    seconds: 3600,
    get label() {
      return t('time.hours', { count: 1 });
    },
  },
  {
    seconds: 86400,
    get label() {
      return t('time.days', { count: 1 });
    },
  },
  {
    seconds: 7 * 86400,
    get label() {
      return t('time.days', { count: 7 });
    },
  },
  labelled({ seconds: null }, { label: 'groups.invites.never' }),
];

/** Use limits when making a link (null: no limit). */
export const INVITE_MAX_USES: ReadonlyArray<{ label: string; uses: number | null }> = [
  labelled({ uses: null }, { label: 'groups.invites.noLimit' }),
  ...[1, 5, 10, 25, 100].map((n) => ({ label: String(n), uses: n })),
];

/** The request's options: absent fields mean never expires, no limit. */
export function inviteOptions(seconds: number | null, uses: number | null): { expiresInSeconds?: number; maxUses?: number } {
  return { ...(seconds !== null ? { expiresInSeconds: seconds } : {}), ...(uses !== null ? { maxUses: uses } : {}) };
}

/** "3 of 10 uses", "0 of 1 use", "3 uses", "1 use". */
export function inviteUsesText(invite: Pick<Invite, 'uses' | 'maxUses'>): string {
  const { uses, maxUses } = invite;
  if (maxUses === null) return t('groups.invites.uses', { count: uses });
  return t('groups.invites.usesOf', { used: uses, count: maxUses });
}

const MINUTE = 60_000;


/**
 * "expires in 5 hours", "expires in 3 days", "expires in less than a minute", "expired",
 * "never expires". Minutes below an hour, hours below a day, then days (each rounded).
 */
export function inviteExpiryText(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return t('groups.invites.neverExpires');
  const left = Date.parse(expiresAt) - now.getTime();
  if (!(left > 0)) return t('groups.invites.expired');
  if (left < MINUTE) return t('groups.invites.expiresSoon');
  const minutes = Math.round(left / MINUTE);
  if (minutes < 60) return t('groups.invites.expiresIn', { duration: t('time.minutes', { count: minutes }) });
  const hours = Math.round(left / (60 * MINUTE));
  if (hours < 24) return t('groups.invites.expiresIn', { duration: t('time.hours', { count: hours }) });
  return t('groups.invites.expiresIn', { duration: t('time.days', { count: Math.round(left / (24 * 60 * MINUTE)) }) });
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
        title: t('groups.join.notFound'),
        detail: t('groups.join.notFoundDetail'),
      };
    case 'invite_invalid':
      return {
        kind: 'invalid',
        title: errorMessage(err) || t('groups.join.invalid'),
        detail: t('groups.join.invalidDetail'),
      };
    case 'member_limit':
      return {
        kind: 'full',
        title: t('groups.join.full'),
        detail: t('groups.join.fullDetail'),
      };
    default:
      return { kind: 'other', title: t('groups.join.other'), detail: errorMessage(err) };
  }
}
