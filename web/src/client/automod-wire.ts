// The wire contract of auto-moderation and of moderators' actions on people, as the client reads
// it: the rules of the server and of groups (GET, POST, PUT, DELETE /api/v1/moderation/rules and
// the dry run), the hits (what the rules did: held, flagged, rejected messages; deciding one),
// mutes and warnings (/api/v1/moderation/users/<id>/mute, unmute, warn; the mutes in force), and
// a person's moderation notices (GET /api/v1/me/moderation-notices, the moderation:notice event).
// The server's route tables type these requests (wire.gen.ts) but not their answers: the answers
// are typed here by hand, and AutomodAnswersHold (below) fails to compile once the server types
// one, so that it moves to the generated types.
import type { User } from './types';
import type { RestOperations } from './wire.gen';

/** What a rule looks at. */
export type RuleKind = 'words' | 'regex' | 'links' | 'mentions' | 'flood' | 'repeats' | 'new_account';

/**
 * What a match does: flag (delivered, listed for moderators), hold (not delivered until a
 * moderator approves it), reject (refused, with the rule's message), mute (refused, and the
 * sender muted in the scope for muteSeconds). The strongest action of the rules matched wins.
 */
export type RuleAction = 'flag' | 'hold' | 'reject' | 'mute';

/** A links rule: any link, links to the domains listed (deny), or links to any other (allow). */
export type LinkMode = 'any' | 'deny' | 'allow';

/** A rule's settings, as POST and PUT take them (and the dry run). Only its kind's fields are sent. */
export interface RuleSettings {
  name: string;
  enabled: boolean;
  kind: RuleKind;
  action: RuleAction;
  /** words: words and phrases. */
  words?: string[];
  /** regex: an RE2 pattern. */
  pattern?: string;
  /** links. */
  linkMode?: LinkMode;
  domains?: string[];
  /** mentions: more than this many. */
  maxMentions?: number;
  /** flood: more than maxMessages within perSeconds. */
  maxMessages?: number;
  /** flood and repeats: the window. */
  perSeconds?: number;
  /** repeats: the same text this many times within perSeconds. */
  maxRepeats?: number;
  /** new_account: required; any other kind: the rule applies only to accounts younger than this. */
  newAccountHours?: number;
  /** mute: how long (the server's default 600). */
  muteSeconds?: number;
  /** reject and mute: what the sender is told. */
  message?: string;
}

/** A rule as the server keeps it: of the whole server (chatId null) or of a group. */
export interface Rule extends RuleSettings {
  id: string;
  chatId: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /api/v1/moderation/rules. */
export interface RuleList {
  rules: Rule[];
}

/** A message a rule would have matched (the dry run). */
export interface DryRunMatch {
  id: string;
  chatId: string;
  senderId: string;
  sender: User | null;
  content: string;
  seq: number;
  createdAt: string;
}

/** POST /api/v1/moderation/rules/dry-run: how many of the latest messages were read, and which matched (the latest first). */
export interface DryRunAnswer {
  checked: number;
  matchedCount: number;
  matches: DryRunMatch[];
}

/**
 * Where a hit stands: held (waiting for a moderator), open (flagged, delivered), done (rejected or
 * muted by the rule, nothing to decide), approved, rejected, dismissed, deleted (decided).
 */
export type HitStatus = 'held' | 'open' | 'done' | 'approved' | 'rejected' | 'dismissed' | 'deleted';

/** What a moderator decides of a hit: a held one is approved or rejected, a flagged one dismissed or deleted. */
export type HitDecision = 'approve' | 'reject' | 'dismiss' | 'delete';

/** What the rules did to one message. */
export interface Hit {
  id: string;
  chatId: string;
  /** The group's title (for a moderator who is not in it); null for a private chat. */
  chatTitle: string | null;
  userId: string;
  user: User | null;
  /** Whose rules: the server's or the group's. */
  scope: 'server' | 'group';
  action: RuleAction;
  /** The rules that matched. */
  rules: Array<{ id: string; name: string }>;
  content: string;
  /** The message delivered (flagged, or held and approved); null otherwise. */
  messageId: string | null;
  status: HitStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** GET /api/v1/moderation/hits: the latest first. */
export interface HitPage {
  hits: Hit[];
  nextBefore: string | null;
}

/** A mute in force: in a group (chatId) or everywhere (null); by a moderator, or by a rule (by null). */
export interface Mute {
  userId: string;
  user: User | null;
  chatId: string | null;
  /** The group's title (for a moderator who is not in it); null when everywhere. */
  chatTitle: string | null;
  by: string | null;
  at: string;
  until: string;
  reason: string;
}

/** GET /api/v1/moderation/mutes. */
export interface MuteList {
  mutes: Mute[];
}

/** What moderation told a person. */
export type NoticeKind = 'warning' | 'muted' | 'held_approved' | 'held_rejected';

/** A moderation notice (GET /api/v1/me/moderation-notices, the moderation:notice event). */
export interface ModerationNotice {
  id: string;
  kind: NoticeKind;
  chatId: string | null;
  text: string;
  at: string;
  /** A mute's end. */
  until: string | null;
}

/** GET /api/v1/me/moderation-notices: the latest 20. */
export interface NoticeList {
  notices: ModerationNotice[];
}

/** POST /api/v1/moderation/users/<id>/unmute. */
export interface UnmuteAnswer {
  userId: string;
  muted: boolean;
}

/** The answers of the routes above (the server's tables leave them untyped). */
export interface AutomodAnswers {
  'GET /api/v1/moderation/rules': RuleList;
  'POST /api/v1/moderation/rules': Rule;
  'PUT /api/v1/moderation/rules/{ruleId}': Rule;
  'POST /api/v1/moderation/rules/dry-run': DryRunAnswer;
  'GET /api/v1/moderation/hits': HitPage;
  'POST /api/v1/moderation/hits/{hitId}/actions': Hit;
  'POST /api/v1/moderation/users/{userId}/mute': Mute;
  'POST /api/v1/moderation/users/{userId}/unmute': UnmuteAnswer;
  'GET /api/v1/moderation/mutes': MuteList;
  'GET /api/v1/me/moderation-notices': NoticeList;
}

type NoneOf<T extends never> = T;

/** Fails (naming the route) once the server's tables type one of the answers above. */
export type AutomodAnswersHold = NoneOf<
  { [K in keyof AutomodAnswers]: unknown extends RestOperations[K]['response'] ? never : K }[keyof AutomodAnswers]
>;
