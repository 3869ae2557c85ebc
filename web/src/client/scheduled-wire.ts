// Scheduled messages on the wire, by hand: the ScheduledMessage object, the bodies of
// /api/v1/chats/<chatId>/scheduled (create, change, cancel, send now) and
// /api/v1/me/scheduled (the caller's pending ones, a rule's preview), their answers, and the
// scheduled:updated event. The server's route table lists these routes with answers it does
// not type: ScheduledRoutesHold fails to compile if a route leaves the table or once the table
// types its answer (which then moves to the generated types).
import type { Attachment } from './files-wire';
import type { ChatMessage } from './types';
import type { RestOperations } from './wire.gen';

export type ScheduledState = 'pending' | 'done' | 'cancelled';
/** Why the server cancelled a scheduled message: its author may no longer send in the chat, or the chat is gone. */
export type ScheduledReason = 'no_access' | 'chat_deleted';

/** One scheduled message, as the server sends it (read defensively: scheduled.ts readScheduled). */
export interface ScheduledMessage {
  id: string;
  chatId: string;
  /** The text; with files, their caption (may be empty then). */
  content: string;
  /** The files it carries, as a message's (fixed once scheduled: a change keeps them); [] when none. */
  attachments: Attachment[];
  /** The IANA zone the schedule's wall-clock times are in. */
  timeZone: string;
  /** The first occurrence, the zone's wall clock: "YYYY-MM-DDTHH:MM" (":SS" allowed). */
  start: string;
  /** An RFC 5545 RRULE (FREQ=…;…); null: once. */
  rrule: string | null;
  /** A private chat's: the wall-clock time is the other person's (timeZone is theirs then). */
  recipientZone: boolean;
  state: ScheduledState;
  /** The next occurrence (epoch ms); null once there is none. */
  nextAt: number | null;
  /** Up to five next occurrences (epoch ms), nextAt first. */
  upcoming: number[];
  sentCount: number;
  /** Occurrences skipped because the server was down past its grace time. */
  missedCount: number;
  lastSentAt: number | null;
  lastMissedAt: number | null;
  lastMessageId: string | null;
  /** Set when the server cancelled it. */
  reason: ScheduledReason | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** POST /api/v1/chats/<chatId>/scheduled. timeZone: the person's (notification settings) when absent. */
export interface ScheduleBody {
  /** May be empty with attachments (their caption). */
  content: string;
  /** Ids of the caller's own finished uploads (1 to the server's files per message). */
  attachments?: string[];
  start: string;
  timeZone?: string;
  rrule?: string;
  recipientZone?: boolean;
}

/** PATCH /api/v1/chats/<chatId>/scheduled/<id>: any of them; rrule null: once; version: 409 when stale. */
export interface SchedulePatch {
  content?: string;
  start?: string;
  timeZone?: string;
  rrule?: string | null;
  recipientZone?: boolean;
  version?: number;
}

/** POST /api/v1/me/scheduled/preview. */
export interface PreviewBody {
  start: string;
  timeZone: string;
  rrule?: string;
}

/** The answers as they come (each read defensively by scheduled.ts). */
export interface ScheduledAnswers {
  'POST /api/v1/chats/{chatId}/scheduled': { scheduled: unknown };
  'GET /api/v1/chats/{chatId}/scheduled': { scheduled: unknown };
  'GET /api/v1/me/scheduled': { scheduled: unknown };
  'PATCH /api/v1/chats/{chatId}/scheduled/{scheduledId}': { scheduled: unknown };
  'DELETE /api/v1/chats/{chatId}/scheduled/{scheduledId}': null;
  'POST /api/v1/chats/{chatId}/scheduled/{scheduledId}/send': { message: ChatMessage; scheduled: unknown };
  'POST /api/v1/me/scheduled/preview': { occurrences: unknown };
}

/** The bodies each route takes. */
export interface ScheduledBodies {
  'POST /api/v1/chats/{chatId}/scheduled': ScheduleBody;
  'GET /api/v1/chats/{chatId}/scheduled': undefined;
  'GET /api/v1/me/scheduled': undefined;
  'PATCH /api/v1/chats/{chatId}/scheduled/{scheduledId}': SchedulePatch;
  'DELETE /api/v1/chats/{chatId}/scheduled/{scheduledId}': undefined;
  'POST /api/v1/chats/{chatId}/scheduled/{scheduledId}/send': undefined;
  'POST /api/v1/me/scheduled/preview': PreviewBody;
}

/** The scheduled:updated event: one of the user's scheduled messages after a change. */
export interface ScheduledUpdatedEvent {
  scheduled: unknown;
}

type NoneOf<T extends never> = T;
type Failing<M> = { [K in keyof M]: M[K] extends true ? never : K }[keyof M];

/** Each route is in the server's route table, its answer (but 204's) still untyped there. */
export type ScheduledRoutesHold = NoneOf<
  Failing<{
    [K in keyof ScheduledAnswers]: K extends keyof RestOperations
      ? ScheduledAnswers[K] extends null
        ? true
        : unknown extends RestOperations[K]['response']
          ? true
          : false
      : false;
  }>
>;

/** At most this many characters in a scheduled message, as in any message. */
export const MAX_SCHEDULED_CHARS = 10000;
