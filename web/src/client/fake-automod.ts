// The fake server's auto-moderation (fakes.ts), as Parley keeps it: the rules of the server and of
// groups (staff: the server's and any group's; a group's owner and admins: theirs; others 403),
// checked as Parley checks them (400 invalid_input naming the setting: a missing name, a words
// rule without words, a pattern that does not compile, numbers out of range); words and regex
// rules applied to every message the client sends (the strongest action wins: hold, reject, mute,
// flag), and mutes (a person muted in a group or everywhere: their sends refused with `muted`);
// hits and mutes read with their group's title (chatTitle; null for a private chat or
// everywhere); the hits, decided once (409 after): approving sends the held message as its sender with their
// clientMessageId (message pushed to the client when it is in the chat), and the sender is told
// (moderation:notice pushed when the client is theirs); the dry run over a scope's latest
// messages; warnings; the caller's notices. Used only by the unit tests, through
// FakeServer.automod, passed to the store as its automodApi.
import type { AutomodApi, HitQuery } from './automod-api';
import type {
  DryRunAnswer,
  Hit,
  HitDecision,
  HitPage,
  ModerationNotice,
  Mute,
  MuteList,
  NoticeKind,
  NoticeList,
  Rule,
  RuleAction,
  RuleList,
  RuleSettings,
  UnmuteAnswer,
} from './automod-wire';
import { ApiError, RequestError } from './errors';
import type { FakeModeration } from './fake-moderation';
import type { Chat, ChatMessage, RealtimeEvent, User } from './types';

export interface FakeAutomodHost {
  userList: User[];
  chatList: Chat[];
  stored: ChatMessage[];
  readonly moderation: FakeModeration;
  token: string | null;
  connected: boolean;
  push(e: RealtimeEvent): void;
  tick(): string;
  store(chatId: string, senderId: string, content: string, clientMessageId?: string): [ChatMessage, boolean];
}

const STRENGTH: Record<RuleAction, number> = { flag: 1, hold: 2, reject: 3, mute: 4 };
const KINDS = ['words', 'regex', 'links', 'mentions', 'flood', 'repeats', 'new_account'];

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${String(++counter).padStart(6, '0')}`;

const invalid = (message: string) => new ApiError(400, 'invalid_input', message);

interface KeptHit extends Omit<Hit, 'user' | 'chatTitle'> {
  clientMessageId: string | null;
}

/** A mute as kept: its person and its group's title are looked up when it is read. */
type KeptMute = Omit<Mute, 'user' | 'chatTitle'>;

export class FakeAutomod implements AutomodApi {
  private readonly host: FakeAutomodHost;
  readonly rulesKept: Rule[] = [];
  readonly hitsKept: KeptHit[] = [];
  readonly mutesKept: KeptMute[] = [];
  readonly noticesKept: Array<ModerationNotice & { userId: string }> = [];
  /** The dry runs asked for, with their scope and settings. */
  readonly dryRuns: Array<{ chatId: string | null; settings: RuleSettings; limit?: number }> = [];
  /** The hits queries answered, in order. */
  readonly hitQueries: HitQuery[] = [];
  /** The next calls changing something fail with these, one each. */
  failChanges: ApiError[] = [];

  constructor(host: FakeAutomodHost) {
    this.host = host;
  }

  private userOf(token: string): User {
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }

  /** The title Parley gives a hit or a mute: its group's; null for a private chat (or none). */
  private titleOf(chatId: string | null): string | null {
    const chat = chatId ? this.host.chatList.find((c) => c.id === chatId) : undefined;
    return chat?.kind === 'group' ? (chat.title ?? null) : null;
  }

  private muteView(m: KeptMute): Mute {
    return { ...m, user: this.person(m.userId), chatTitle: this.titleOf(m.chatId) };
  }

  private person(id: string): User | null {
    const u = this.host.userList.find((x) => x.id === id);
    return u ? { id, name: u.name, email: u.email } : null;
  }

  /** Whether `userId` moderates `chatId` (null: the server's scope). */
  private moderates(userId: string, chatId: string | null): boolean {
    if (this.host.moderation.roleOf(userId)) return true;
    return chatId !== null && this.host.moderation.moderatesGroup(userId, chatId);
  }

  private allowed(userId: string, chatId: string | null): void {
    if (!this.moderates(userId, chatId)) {
      throw new ApiError(403, 'forbidden', chatId ? "Only the group's owner and admins moderate it" : "Only the server's moderators see its rules");
    }
  }

  private failing(): void {
    const f = this.failChanges.shift();
    if (f) throw f;
  }

  /** A rule's settings as Parley checks them: the first thing wrong, named. */
  private checked(s: RuleSettings): RuleSettings {
    if (typeof s.name !== 'string' || s.name.trim() === '') throw invalid('name is required');
    if (!KINDS.includes(s.kind)) throw invalid('kind must be words, regex, links, mentions, flood, repeats or new_account');
    if (!(s.action in STRENGTH)) throw invalid('action must be flag, hold, reject or mute');
    if (s.kind === 'words' && !(s.words ?? []).some((w) => w.trim() !== '')) throw invalid('words must list at least one word or phrase');
    if (s.kind === 'regex') {
      if (!s.pattern) throw invalid('pattern is required');
      try {
        new RegExp(s.pattern);
      } catch (err) {
        throw invalid(`not a valid pattern: ${(err as Error).message}`);
      }
    }
    if (s.kind === 'flood' && (s.maxMessages === undefined || s.perSeconds === undefined)) throw invalid('maxMessages and perSeconds are required');
    if (s.perSeconds !== undefined && (s.perSeconds < 1 || s.perSeconds > 3600)) throw invalid('perSeconds must be from 1 to 3600');
    if (s.kind === 'new_account' && !s.newAccountHours) throw invalid('newAccountHours is required for a new_account rule');
    return { ...s, ...(s.action === 'mute' && s.muteSeconds === undefined ? { muteSeconds: 600 } : {}) };
  }

  /** Whether a rule's text matches `content` (words: whole words, any case; regex). */
  private matches(rule: RuleSettings, content: string): boolean {
    if (rule.kind === 'words') {
      const text = ` ${content.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
      return (rule.words ?? []).some((w) => text.includes(` ${w.toLowerCase().trim()} `));
    }
    if (rule.kind === 'regex' && rule.pattern) return new RegExp(rule.pattern).test(content);
    return false;
  }

  /** The rules that apply in `chatId`: the server's and the group's, switched on. */
  private rulesFor(chatId: string): Rule[] {
    return this.rulesKept.filter((r) => r.enabled && (r.chatId === null || r.chatId === chatId));
  }

  private tell(userId: string, kind: NoticeKind, chatId: string | null, text: string, until: string | null = null): void {
    const notice: ModerationNotice = { id: nextId('notice'), kind, chatId, text, at: this.host.tick(), until };
    this.noticesKept.push({ ...notice, userId });
    if (this.host.connected && this.host.token === `token-${userId}`) this.host.push({ type: 'moderation_notice', notice: { ...notice } });
  }

  /**
   * What the rules and mutes make of a message `senderId` sends into `chatId` (the fake server's
   * `message` and `message:edit` ask): nothing (delivered; a flag is kept), or the refusal thrown
   * as Parley acknowledges it.
   */
  check(senderId: string, chatId: string, content: string, clientMessageId: string | null, editing = false): void {
    if (this.rulesKept.length === 0 && this.mutesKept.length === 0) return;
    const now = Date.parse(this.host.tick());
    const muted = this.mutesKept.find((m) => m.userId === senderId && (m.chatId === null || m.chatId === chatId) && Date.parse(m.until) > now);
    if (muted) throw new RequestError('muted', `You are muted${muted.chatId ? ' in this group' : ''} for ${Math.ceil((Date.parse(muted.until) - now) / 60000)} more minutes`);
    const matched = this.rulesFor(chatId).filter((r) => this.matches(r, content));
    if (matched.length === 0) return;
    const strongest = matched.reduce((a, b) => (STRENGTH[b.action] > STRENGTH[a.action] ? b : a));
    const action = editing && strongest.action === 'hold' ? 'reject' : strongest.action;
    const hit: KeptHit = {
      id: nextId('hit'),
      chatId,
      userId: senderId,
      scope: strongest.chatId ? 'group' : 'server',
      action,
      rules: matched.map((r) => ({ id: r.id, name: r.name })),
      content,
      messageId: null,
      status: action === 'hold' ? 'held' : action === 'flag' ? 'open' : 'done',
      createdAt: new Date(now).toISOString(),
      decidedBy: null,
      decidedAt: null,
      clientMessageId,
    };
    this.hitsKept.push(hit);
    const words = strongest.message ?? `This message breaks a moderation rule (${strongest.name})`;
    if (action === 'hold') throw new RequestError('held', "Your message is waiting for a moderator's review");
    if (action === 'reject') throw new RequestError('rejected', words);
    if (action === 'mute') {
      const until = new Date(now + (strongest.muteSeconds ?? 600) * 1000).toISOString();
      this.mutesKept.push({ userId: senderId, chatId: strongest.chatId, by: null, at: new Date(now).toISOString(), until, reason: words });
      this.tell(senderId, 'muted', strongest.chatId, words, until);
      throw new RequestError('muted', words);
    }
  }

  /** A flagged message was delivered: its hit points at it. */
  flagged(clientMessageId: string | null, messageId: string): void {
    const hit = [...this.hitsKept].reverse().find((h) => h.status === 'open' && h.messageId === null && h.clientMessageId === clientMessageId);
    if (hit) hit.messageId = messageId;
  }

  // AutomodApi ---------------------------------------------------------------------------------

  async rules(token: string, chatId: string | null): Promise<RuleList> {
    this.allowed(this.userOf(token).id, chatId);
    return { rules: this.rulesKept.filter((r) => r.chatId === chatId).map((r) => structuredClone(r)) };
  }

  async addRule(token: string, chatId: string | null, settings: RuleSettings): Promise<Rule> {
    const me = this.userOf(token);
    this.allowed(me.id, chatId);
    this.failing();
    const rule: Rule = { ...this.checked(settings), id: nextId('rule'), chatId, updatedBy: me.id, updatedAt: this.host.tick() };
    this.rulesKept.push(rule);
    return structuredClone(rule);
  }

  async updateRule(token: string, ruleId: string, settings: RuleSettings): Promise<Rule> {
    const me = this.userOf(token);
    const i = this.rulesKept.findIndex((r) => r.id === ruleId);
    if (i < 0) throw new ApiError(404, 'not_found', 'Rule not found');
    const old = this.rulesKept[i]!;
    this.allowed(me.id, old.chatId);
    this.failing();
    const rule: Rule = { ...this.checked(settings), id: old.id, chatId: old.chatId, updatedBy: me.id, updatedAt: this.host.tick() };
    this.rulesKept[i] = rule;
    return structuredClone(rule);
  }

  async deleteRule(token: string, ruleId: string): Promise<void> {
    const me = this.userOf(token);
    const i = this.rulesKept.findIndex((r) => r.id === ruleId);
    if (i < 0) throw new ApiError(404, 'not_found', 'Rule not found');
    this.allowed(me.id, this.rulesKept[i]!.chatId);
    this.failing();
    this.rulesKept.splice(i, 1);
  }

  async dryRun(token: string, chatId: string | null, settings: RuleSettings, limit = 1000): Promise<DryRunAnswer> {
    this.allowed(this.userOf(token).id, chatId);
    this.dryRuns.push({ chatId, settings: structuredClone(settings), ...(limit !== 1000 ? { limit } : {}) });
    const rule = this.checked(settings);
    const latest = this.host.stored.filter((m) => (chatId === null || m.chatId === chatId) && !m.deleted && m.kind !== 'system').slice(-limit);
    const matched = latest.filter((m) => this.matches(rule, m.content)).reverse();
    return {
      checked: latest.length,
      matchedCount: matched.length,
      matches: matched.slice(0, 50).map((m) => ({
        id: m.id,
        chatId: m.chatId,
        senderId: m.senderId,
        sender: this.person(m.senderId),
        content: m.content,
        seq: m.seq,
        createdAt: m.createdAt,
      })),
    };
  }

  async hits(token: string, q: HitQuery): Promise<HitPage> {
    const me = this.userOf(token);
    this.hitQueries.push({ ...q });
    if (!this.host.moderation.roleOf(me.id)) {
      if (!q.chatId) throw new ApiError(403, 'forbidden', "Only the server's moderators see every hit");
      this.allowed(me.id, q.chatId);
    }
    const latestFirst = this.hitsKept.filter((h) => (!q.chatId || h.chatId === q.chatId) && (!q.status || h.status === q.status)).reverse();
    const from = q.before ? latestFirst.findIndex((h) => h.id === q.before) + 1 : 0;
    const page = latestFirst.slice(from, from + (q.limit ?? 50));
    return { hits: page.map((h) => this.view(h)), nextBefore: page.at(-1)?.id ?? null };
  }

  private view(h: KeptHit): Hit {
    const { clientMessageId: _c, ...hit } = h;
    return { ...structuredClone(hit), user: this.person(h.userId), chatTitle: this.titleOf(h.chatId) };
  }

  async decideHit(token: string, hitId: string, action: HitDecision, _reason?: string): Promise<Hit> {
    const me = this.userOf(token);
    const hit = this.hitsKept.find((h) => h.id === hitId);
    if (!hit) throw new ApiError(404, 'not_found', 'Hit not found');
    this.allowed(me.id, hit.chatId);
    this.failing();
    if (hit.status !== 'held' && hit.status !== 'open') throw new ApiError(409, 'conflict', 'This was decided already');
    const held = hit.status === 'held';
    if ((action === 'approve' || action === 'reject') !== held) {
      throw invalid(held ? 'A held message is approved or rejected' : 'A flagged message is dismissed or deleted');
    }
    if (action === 'approve') {
      const [m] = this.host.store(hit.chatId, hit.userId, hit.content, hit.clientMessageId ?? `held:${hit.id}`);
      hit.messageId = m.id;
      const chat = this.host.chatList.find((c) => c.id === hit.chatId);
      const client = this.host.connected && this.host.token ? this.host.token.replace(/^token-/, '') : null;
      if (client && chat?.participants.includes(client)) this.host.push({ type: 'message', message: { ...m } });
    }
    hit.status = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : action === 'dismiss' ? 'dismissed' : 'deleted';
    hit.decidedBy = me.id;
    hit.decidedAt = this.host.tick();
    if (held) {
      this.tell(
        hit.userId,
        action === 'approve' ? 'held_approved' : 'held_rejected',
        hit.chatId,
        action === 'approve' ? 'A moderator approved your message; it was delivered' : `A moderator rejected your message${_reason ? `: ${_reason}` : ''}`,
      );
    }
    return this.view(hit);
  }

  async mute(token: string, userId: string, chatId: string | null, durationSeconds: number, reason?: string): Promise<Mute> {
    const me = this.userOf(token);
    this.allowed(me.id, chatId);
    this.failing();
    if (durationSeconds < 60 || durationSeconds > 2592000) throw invalid('durationSeconds must be from 60 to 2592000');
    if (userId === me.id) throw invalid('One cannot mute oneself');
    const at = this.host.tick();
    const mute: KeptMute = { userId, chatId, by: me.id, at, until: new Date(Date.parse(at) + durationSeconds * 1000).toISOString(), reason: reason ?? '' };
    const i = this.mutesKept.findIndex((m) => m.userId === userId && m.chatId === chatId);
    if (i >= 0) this.mutesKept.splice(i, 1);
    this.mutesKept.push(mute);
    this.tell(userId, 'muted', chatId, reason ?? '', mute.until);
    return this.muteView(mute);
  }

  async unmute(token: string, userId: string, chatId: string | null): Promise<UnmuteAnswer> {
    const me = this.userOf(token);
    this.allowed(me.id, chatId);
    this.failing();
    const i = this.mutesKept.findIndex((m) => m.userId === userId && m.chatId === chatId);
    if (i < 0) throw new ApiError(404, 'not_found', 'Not muted there');
    this.mutesKept.splice(i, 1);
    return { userId, muted: false };
  }

  async warn(token: string, userId: string, chatId: string | null, reason: string): Promise<void> {
    const me = this.userOf(token);
    this.allowed(me.id, chatId);
    this.failing();
    if (reason.trim() === '') throw invalid('reason is required');
    this.tell(userId, 'warning', chatId, reason);
  }

  async mutes(token: string, chatId: string | null): Promise<MuteList> {
    this.allowed(this.userOf(token).id, chatId);
    const now = Date.parse(this.host.tick());
    return {
      mutes: this.mutesKept
        .filter((m) => (chatId === null || m.chatId === chatId) && Date.parse(m.until) > now)
        .map((m) => this.muteView(m)),
    };
  }

  async notices(token: string): Promise<NoticeList> {
    const me = this.userOf(token);
    return {
      notices: this.noticesKept
        .filter((n) => n.userId === me.id)
        .slice(-20)
        .reverse()
        .map(({ userId: _u, ...n }) => n),
    };
  }
}
