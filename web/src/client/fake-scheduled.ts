// The fake server's scheduled messages (fakes.ts), as Parley keeps them: per author, each with
// its version; create (the start's wall clock in its zone, in the future and at most a year
// ahead, 400 otherwise; the zone the person's when none is given; a private chat's
// recipientZone takes the other person's zone), the author's pending ones (all, a chat's),
// PATCH with a version (409 when stale, or while the test says it is being sent), DELETE,
// files (the author's finished uploads, 404 otherwise; the text may be empty then), send now
// (a message with `scheduled: true`, carrying the files; a one-off done, a recurring one moved on), a
// preview (400 naming what is wrong in the rule), and scheduled:updated pushed to the client
// after every change. A test fires an occurrence, misses one (the server was down) or has the
// server cancel one (reason). The next occurrences are simple steps of the rule's frequency and
// interval, enough for the client's tests (the server evaluates rules for real). Used only by
// the unit tests, through FakeServer.scheduled, passed to the store as its scheduledApi.
import { ApiError } from './errors';
import { fallbackText } from './files';
import { localToMs, parseLocal, parseRrule } from './rrule';
import { latestStart } from './scheduled';
import type { ScheduledApi } from './scheduled-api';
import type { PreviewBody, ScheduleBody, ScheduledMessage, SchedulePatch } from './scheduled-wire';
import type { Attachment } from './files-wire';
import type { Chat, ChatMessage, RealtimeEvent, User } from './types';

export interface FakeScheduledHost {
  readonly userList: User[];
  readonly chatList: Chat[];
  readonly restDown: boolean;
  push(e: RealtimeEvent): void;
  store(chatId: string, senderId: string, content: string): [ChatMessage, boolean];
  /** One of the caller's own finished uploads, by id; null when unknown (or not theirs). */
  ownFile(token: string, id: string): Attachment | null;
}

const DAY = 24 * 60 * 60 * 1000;
const STEP: Record<string, number> = { DAILY: DAY, WEEKLY: 7 * DAY, MONTHLY: 30 * DAY, YEARLY: 365 * DAY };

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_input', message);
}

let counter = 0;

export class FakeScheduled implements ScheduledApi {
  private readonly host: FakeScheduledHost;
  /** Every scheduled message, ended ones too, by id; with its author. */
  readonly all = new Map<string, { author: string; s: ScheduledMessage }>();
  /** The server's clock. */
  now = (): number => Date.now();
  /** Each person's time zone (their notification settings'); UTC when absent. */
  readonly zones = new Map<string, string>();
  /** Ids being sent right now: a change or a cancel answers 409. */
  readonly sending = new Set<string>();
  /** Calls answered, as "METHOD what". */
  readonly calls: string[] = [];
  /** The bodies of the changes asked for, in order. */
  readonly patches: SchedulePatch[] = [];
  /** The next previews fail with this (a rule the server finds wrong), until unset. */
  previewError: ApiError | null = null;
  /** The previews asked for, in order. */
  readonly previews: PreviewBody[] = [];
  /** While set, each GET /me/scheduled answers (what was held when asked) only when the test calls its entry. */
  listGate: Array<() => void> | null = null;

  constructor(host: FakeScheduledHost) {
    this.host = host;
  }

  private author(token: string): User {
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }

  private chatOf(user: User, chatId: string): Chat {
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
    if (!chat.participants.includes(user.id)) throw new ApiError(403, 'forbidden', 'You are not a member of this chat');
    return chat;
  }

  private mine(user: User, chatId: string, id: string): ScheduledMessage {
    const held = this.all.get(id);
    if (!held || held.author !== user.id || held.s.chatId !== chatId || held.s.state !== 'pending') throw new ApiError(404, 'not_found', 'Scheduled message not found');
    return held.s;
  }

  /** The next occurrences from `from` on (at most five; fewer with COUNT). */
  occurrences(start: string, timeZone: string, rrule: string | null, from = 0, sent = 0): number[] {
    const l = parseLocal(start);
    if (!l) throw invalid('start: must be YYYY-MM-DDTHH:MM');
    const first = localToMs(l, timeZone);
    if (rrule === null) return first >= from && sent === 0 ? [first] : [];
    const rule = parseRrule(rrule);
    if (!rule) throw invalid(`rrule: ${rrule} is not a rule Parley takes`);
    const step = (STEP[rule.freq] ?? DAY) * rule.interval;
    const out: number[] = [];
    for (let i = 0, at = first; out.length < 5 && i < 400; i++, at += step) {
      if (rule.count !== null && i >= rule.count) break;
      if (at >= from && i >= sent) out.push(at);
    }
    return out;
  }

  private checkStart(start: string, timeZone: string): void {
    const l = parseLocal(start);
    if (!l) throw invalid('start: must be YYYY-MM-DDTHH:MM');
    let at: number;
    try {
      at = localToMs(l, timeZone);
    } catch {
      throw invalid(`timeZone: ${timeZone} is not a time zone`);
    }
    const now = this.now();
    if (at <= now) throw invalid('start: the first occurrence must be in the future');
    if (at > latestStart(now)) throw invalid('start: at most one year ahead');
  }

  private zoneFor(user: User, chat: Chat, body: { timeZone?: string; recipientZone?: boolean }): string {
    if (body.recipientZone) {
      const other = chat.participants.find((p) => p !== user.id) ?? user.id;
      return this.zones.get(other) ?? 'UTC';
    }
    return body.timeZone ?? this.zones.get(user.id) ?? 'UTC';
  }

  private changed(author: string, s: ScheduledMessage): void {
    this.all.set(s.id, { author, s });
    this.host.push({ type: 'scheduled_updated', event: { scheduled: { ...s } } });
  }

  private next(s: ScheduledMessage): ScheduledMessage {
    const upcoming = this.occurrences(s.start, s.timeZone, s.rrule, 0, s.sentCount + s.missedCount);
    return { ...s, upcoming, nextAt: upcoming[0] ?? null, state: upcoming.length > 0 ? s.state : 'done' };
  }

  async create(token: string, chatId: string, body: ScheduleBody): Promise<ScheduledMessage> {
    const user = this.author(token);
    const chat = this.chatOf(user, chatId);
    this.calls.push('POST create');
    const ids = body.attachments ?? [];
    if (ids.length > 10) throw invalid('attachments: at most 10');
    const attachments = ids.map((fileId) => {
      const file = this.host.ownFile(token, fileId);
      if (!file) throw new ApiError(404, 'not_found', `attachment ${fileId} is not a finished upload of yours`);
      return file;
    });
    if (typeof body.content !== 'string' || (body.content.trim() === '' && attachments.length === 0)) throw invalid('content: must not be empty');
    const recipientZone = body.recipientZone === true && chat.kind !== 'group';
    const timeZone = this.zoneFor(user, chat, { ...body, recipientZone });
    this.checkStart(body.start, timeZone);
    const now = this.now();
    const s = this.next({
      id: `sched-${++counter}`,
      chatId,
      content: body.content,
      attachments,
      timeZone,
      start: body.start,
      rrule: body.rrule ?? null,
      recipientZone,
      state: 'pending',
      nextAt: null,
      upcoming: [],
      sentCount: 0,
      missedCount: 0,
      lastSentAt: null,
      lastMissedAt: null,
      lastMessageId: null,
      reason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    this.changed(user.id, s);
    return { ...s };
  }

  private pending(userId: string): ScheduledMessage[] {
    return [...this.all.values()]
      .filter((x) => x.author === userId && x.s.state === 'pending')
      .map((x) => ({ ...x.s }))
      .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
  }

  async listChat(token: string, chatId: string): Promise<ScheduledMessage[]> {
    const user = this.author(token);
    this.chatOf(user, chatId);
    this.calls.push('GET chat');
    return this.pending(user.id).filter((s) => s.chatId === chatId);
  }

  async listMine(token: string): Promise<ScheduledMessage[]> {
    const user = this.author(token);
    this.calls.push('GET mine');
    const answer = this.pending(user.id);
    const gate = this.listGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return answer;
  }

  async update(token: string, chatId: string, id: string, patch: SchedulePatch): Promise<ScheduledMessage> {
    const user = this.author(token);
    const held = this.mine(user, chatId, id);
    this.calls.push('PATCH');
    this.patches.push({ ...patch });
    if (this.sending.has(id)) throw new ApiError(409, 'conflict', 'The scheduled message is being sent');
    if (patch.version !== undefined && patch.version !== held.version) throw new ApiError(409, 'conflict', 'Stale version');
    if (patch.content !== undefined && patch.content.trim() === '' && held.attachments.length === 0) throw invalid('content: must not be empty');
    const chat = this.chatOf(user, chatId);
    const recipientZone = patch.recipientZone ?? held.recipientZone;
    const timeZone = recipientZone ? this.zoneFor(user, chat, { recipientZone }) : (patch.timeZone ?? held.timeZone);
    const start = patch.start ?? held.start;
    if (patch.start !== undefined || patch.timeZone !== undefined || patch.recipientZone !== undefined) this.checkStart(start, timeZone);
    const s = this.next({
      ...held,
      content: patch.content ?? held.content,
      start,
      timeZone,
      recipientZone,
      rrule: patch.rrule === undefined ? held.rrule : patch.rrule,
      version: held.version + 1,
      updatedAt: this.now(),
    });
    this.changed(user.id, s);
    return { ...s };
  }

  async cancel(token: string, chatId: string, id: string): Promise<void> {
    const user = this.author(token);
    const held = this.mine(user, chatId, id);
    this.calls.push('DELETE');
    if (this.sending.has(id)) throw new ApiError(409, 'conflict', 'The scheduled message is being sent');
    this.changed(user.id, { ...held, state: 'cancelled', nextAt: null, upcoming: [], version: held.version + 1, updatedAt: this.now() });
  }

  async sendNow(token: string, chatId: string, id: string): Promise<{ message: ChatMessage; scheduled: ScheduledMessage | null }> {
    const user = this.author(token);
    this.mine(user, chatId, id);
    this.calls.push('POST send');
    const { message, scheduled } = this.fire(id, false);
    return { message: { ...message }, scheduled: { ...scheduled } };
  }

  async preview(token: string, body: PreviewBody): Promise<number[]> {
    this.author(token);
    this.calls.push('POST preview');
    this.previews.push({ ...body });
    if (this.previewError) throw this.previewError;
    return this.occurrences(body.start, body.timeZone, body.rrule ?? null, this.now());
  }

  /**
   * An occurrence is sent (by the schedule, or `live`: pushed to the client as a live message
   * too): the message stored with `scheduled: true`, the schedule moved on.
   */
  fire(id: string, live = true): { message: ChatMessage; scheduled: ScheduledMessage } {
    const held = this.all.get(id);
    if (!held) throw new Error(`no scheduled message ${id}`);
    const [message] = this.host.store(held.s.chatId, held.author, held.s.content);
    message.scheduled = true;
    if (held.s.attachments.length > 0) {
      message.attachments = held.s.attachments.map((f) => ({ ...f }));
      message.caption = held.s.content;
      message.content = fallbackText(message.attachments, held.s.content);
    }
    const s = this.next({
      ...held.s,
      sentCount: held.s.sentCount + 1,
      lastSentAt: this.now(),
      lastMessageId: message.id,
      version: held.s.version + 1,
      updatedAt: this.now(),
    });
    if (live) this.host.push({ type: 'message', message: { ...message } });
    this.changed(held.author, s);
    return { message, scheduled: s };
  }

  /** An occurrence is skipped (the server was down past its grace time); `quiet`: no event (the client was away too). */
  miss(id: string, quiet = false): ScheduledMessage {
    const held = this.all.get(id);
    if (!held) throw new Error(`no scheduled message ${id}`);
    const s = this.next({ ...held.s, missedCount: held.s.missedCount + 1, lastMissedAt: this.now(), version: held.s.version + 1, updatedAt: this.now() });
    if (quiet) this.all.set(id, { author: held.author, s });
    else this.changed(held.author, s);
    return s;
  }

  /** The server cancels one (its author may no longer send there, or the chat is gone). */
  serverCancel(id: string, reason: 'no_access' | 'chat_deleted'): void {
    const held = this.all.get(id);
    if (!held) throw new Error(`no scheduled message ${id}`);
    this.changed(held.author, { ...held.s, state: 'cancelled', reason, nextAt: null, upcoming: [], version: held.s.version + 1, updatedAt: this.now() });
  }
}
