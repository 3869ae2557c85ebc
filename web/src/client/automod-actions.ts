// Auto-moderation applied to the client's state (store.automod): the rules of a scope (the
// server's or a group's; added, changed and deleted waiting for the server, switched on and off
// at once and switched back if the server refuses, and tried first with a dry run), the hits (what the rules did, filtered by status and
// paged; held ones approved or rejected, flagged ones dismissed or deleted), the mutes in force
// (lifted from there; a person muted or warned), and the user's own moderation notices (read when
// asked, and each moderation:notice as it comes: a toast, the list, and a held message a
// moderator rejected marked so). Loads are quiet (a 401 ends the session) and keep their failure
// to show; changes throw the server's refusal for the UI to say. The pure rules are in automod.ts.
import { t } from '../i18n/core';
import type { AutomodApi } from './automod-api';
import {
  heldRejectedText,
  muteKey,
  noticeText,
  readDryRun,
  readHit,
  readHitPage,
  readMute,
  readMutes,
  readNotices,
  readRule,
  readRules,
  withNotice,
  type HitFilterKey,
} from './automod';
import type { DryRunAnswer, Hit, HitDecision, ModerationNotice, Mute, Rule, RuleSettings } from './automod-wire';
import { ApiError, errorMessage } from './errors';
import { groupTitle, isGroup } from './groups';
import { markHeldRejected } from './messages';
import { Paged } from './moderation-actions';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { RealtimeEvent } from './types';

/** The rules of one scope: the server's (null) or a group's. */
export interface RulesView {
  scope: string | null;
  /** null until loaded. */
  rules: readonly Rule[] | null;
  loading: boolean;
  error: string | null;
  /** The rules being switched on or off, or deleted. */
  busy: Readonly<Record<string, true>>;
}

/** Which hits the list shows: a group's (null: all the user may see), by status. */
export interface HitFilter {
  chatId: string | null;
  status: HitFilterKey;
}

/** The mutes in force of a scope: a group's, or all of them (null, staff). */
export interface MutesView {
  scope: string | null;
  mutes: readonly Mute[] | null;
  loading: boolean;
  error: string | null;
  /** The mutes being lifted, by muteKey. */
  lifting: Readonly<Record<string, true>>;
}

export interface NoticesView {
  /** The latest first; null until loaded. */
  notices: readonly ModerationNotice[] | null;
  loading: boolean;
  error: string | null;
}

export interface AutomodHost {
  readonly api: AutomodApi;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session' | 'messages' | 'chats'>;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  showToast(text: string): void;
}

const NO_RULES: RulesView = { scope: null, rules: null, loading: false, error: null, busy: {} };
const NO_MUTES: MutesView = { scope: null, mutes: null, loading: false, error: null, lifting: {} };
const NO_NOTICES: NoticesView = { notices: null, loading: false, error: null };
export const HELD_HITS: HitFilter = { chatId: null, status: 'held' };

const without = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

export class AutomodActions {
  /** The rules of the scope last opened. */
  readonly rules = new Slice<RulesView>(NO_RULES);
  /** What the rules did, filtered. */
  readonly hits: Paged<Hit, HitFilter>;
  /** The hits with a decision on its way, and which. */
  readonly deciding = new Slice<Readonly<Record<string, HitDecision>>>({});
  /** The mutes in force of the scope last opened. */
  readonly mutes = new Slice<MutesView>(NO_MUTES);
  /** What moderation told the user. */
  readonly notices = new Slice<NoticesView>(NO_NOTICES);

  private readonly host: AutomodHost;
  private readonly unsubscribe: () => void;
  private rulesMark = 0;
  private mutesMark = 0;
  private noticesMark = 0;

  constructor(host: AutomodHost) {
    this.host = host;
    this.hits = new Paged<Hit, HitFilter>(host, HELD_HITS, async (token, f, before, limit) => {
      const page = readHitPage(
        await host.api.hits(token, {
          ...(f.chatId ? { chatId: f.chatId } : {}),
          ...(f.status !== 'all' ? { status: f.status } : {}),
          ...(before ? { before } : {}),
          limit,
        }),
      );
      return { items: page.hits, nextBefore: page.nextBefore };
    });
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.rulesMark++;
    this.mutesMark++;
    this.noticesMark++;
    this.rules.set(NO_RULES);
    this.hits.reset();
    this.deciding.set({});
    this.mutes.set(NO_MUTES);
    this.notices.set(NO_NOTICES);
  }

  destroy(): void {
    this.unsubscribe();
    for (const s of [this.rules, this.hits.view, this.deciding, this.mutes, this.notices]) s.clearListeners();
  }

  private token(): string {
    return this.host.slices.session.token();
  }

  // ------------------------------------------------------------------------------------------
  // Rules

  /** Reads the rules of `scope` (null: the server's); what another scope showed goes at once. Quiet. */
  async loadRules(scope: string | null): Promise<void> {
    const s = this.host.session();
    const mark = ++this.rulesMark;
    this.rules.update((v) => (v.scope === scope ? { ...v, loading: true, error: null } : { ...NO_RULES, scope, loading: true }));
    try {
      const rules = readRules(await this.host.api.rules(this.token(), scope));
      if (s === this.host.session() && mark === this.rulesMark) this.rules.update((v) => ({ ...v, rules, loading: false }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (mark === this.rulesMark) this.rules.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    }
  }

  /** `rule` in the list of its scope, in place of its older copy (or last, when new). */
  private showRule(rule: Rule): void {
    this.rules.update((v) => {
      if (!v.rules || v.scope !== rule.chatId) return v;
      const rules = v.rules.some((r) => r.id === rule.id) ? v.rules.map((r) => (r.id === rule.id ? rule : r)) : [...v.rules, rule];
      return { ...v, rules };
    });
  }

  /**
   * Adds a rule to `scope` (ruleId null) or changes one (all its settings); resolves with the
   * rule as the server keeps it, shown in the list. Throws the refusal (400 invalid_input names
   * the setting: automod.ts refusedField).
   */
  async saveRule(scope: string | null, ruleId: string | null, settings: RuleSettings): Promise<Rule> {
    const s = this.host.session();
    try {
      const answer = ruleId === null ? await this.host.api.addRule(this.token(), scope, settings) : await this.host.api.updateRule(this.token(), ruleId, settings);
      const rule = readRule(answer);
      if (!rule) throw new ApiError(200, 'bad_answer', t('common.unreadableAnswer'));
      if (s === this.host.session()) this.showRule(rule);
      return rule;
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /** `to` in the list in place of `from`, when the list still shows `from` itself. */
  private replaceShown(from: Rule, to: Rule): void {
    this.rules.update((v) => (v.rules?.includes(from) ? { ...v, rules: v.rules.map((r) => (r === from ? to : r)) } : v));
  }

  /**
   * Switches a rule on or off (its other settings as they are). The list shows it switched at
   * once; the rule the server answers replaces it, or, refused, it is switched back (unless the
   * list was read again meanwhile) and the refusal is thrown. Resolves with false, sending
   * nothing, while the rule is already being switched (or deleted).
   */
  async setEnabled(rule: Rule, enabled: boolean): Promise<boolean> {
    const s = this.host.session();
    const v = this.rules.get();
    if (v.busy[rule.id]) return false;
    const was = v.scope === rule.chatId ? v.rules?.find((r) => r.id === rule.id) : undefined;
    const moved = was ? { ...was, enabled } : undefined;
    this.rules.update((x) => ({ ...x, busy: { ...x.busy, [rule.id]: true } }));
    if (was && moved) this.replaceShown(was, moved);
    try {
      const { id: _id, chatId: _chatId, updatedBy: _by, updatedAt: _at, ...settings } = rule;
      await this.saveRule(rule.chatId, rule.id, { ...settings, enabled });
      return true;
    } catch (err) {
      if (s === this.host.session() && was && moved) this.replaceShown(moved, was);
      throw err;
    } finally {
      if (s === this.host.session()) this.rules.update((x) => ({ ...x, busy: without(x.busy, rule.id) }));
    }
  }

  /** Deletes a rule; it leaves the list (also when it was gone already: 404). Throws the refusal. */
  async deleteRule(rule: Rule): Promise<void> {
    const s = this.host.session();
    this.rules.update((v) => ({ ...v, busy: { ...v.busy, [rule.id]: true } }));
    const drop = () => this.rules.update((v) => ({ ...v, rules: v.rules ? v.rules.filter((r) => r.id !== rule.id) : v.rules }));
    try {
      await this.host.api.deleteRule(this.token(), rule.id);
      if (s === this.host.session()) drop();
    } catch (err) {
      if (s !== this.host.session()) throw err;
      if (err instanceof ApiError && err.status === 404) drop();
      this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) this.rules.update((v) => ({ ...v, busy: without(v.busy, rule.id) }));
    }
  }

  /** What `settings` would have matched among the latest messages of `scope`; throws the refusal. */
  async dryRun(scope: string | null, settings: RuleSettings, limit?: number): Promise<DryRunAnswer> {
    const s = this.host.session();
    try {
      return readDryRun(await this.host.api.dryRun(this.token(), scope, settings, limit));
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Hits

  /**
   * Decides a hit (a held message approved or rejected, a flagged one dismissed or deleted), with
   * an optional reason (a rejection's is told to the sender); the list shows the hit the server
   * answers. Throws the refusal (409: decided already).
   */
  async decide(hitId: string, action: HitDecision, reason = ''): Promise<void> {
    const s = this.host.session();
    this.deciding.update((d) => ({ ...d, [hitId]: action }));
    try {
      const hit = readHit(await this.host.api.decideHit(this.token(), hitId, action, reason.trim() || undefined));
      if (s === this.host.session() && hit) this.hits.update((items) => items.map((h) => (h.id === hit.id ? hit : h)));
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) this.deciding.update((d) => without(d, hitId));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Mutes and warnings

  /** Reads the mutes in force of `scope` (a group, or null: all of them). Quiet. */
  async loadMutes(scope: string | null): Promise<void> {
    const s = this.host.session();
    const mark = ++this.mutesMark;
    this.mutes.update((v) => (v.scope === scope ? { ...v, loading: true, error: null } : { ...NO_MUTES, scope, loading: true }));
    try {
      const mutes = readMutes(await this.host.api.mutes(this.token(), scope));
      if (s === this.host.session() && mark === this.mutesMark) this.mutes.update((v) => ({ ...v, mutes, loading: false }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (mark === this.mutesMark) this.mutes.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    }
  }

  /** Someone was muted elsewhere (a report's action): the mutes shown are read again. */
  mutesChanged(): void {
    const v = this.mutes.get();
    if (v.mutes !== null) void this.loadMutes(v.scope);
  }

  /** Mutes a person in a group (or everywhere: null) for `seconds`; the mutes shown are read again. Throws the refusal. */
  async mute(userId: string, chatId: string | null, seconds: number, reason = ''): Promise<Mute | null> {
    const s = this.host.session();
    try {
      const mute = readMute(await this.host.api.mute(this.token(), userId, chatId, seconds, reason.trim() || undefined));
      if (s === this.host.session()) this.mutesChanged();
      return mute;
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /** Lifts a mute; it leaves the list (also when it had ended: 404, thrown like any refusal). */
  async unmute(mute: Pick<Mute, 'userId' | 'chatId'>, reason = ''): Promise<void> {
    const s = this.host.session();
    const key = muteKey(mute);
    this.mutesMark++;
    this.mutes.update((v) => ({ ...v, lifting: { ...v.lifting, [key]: true } }));
    const drop = () => this.mutes.update((v) => ({ ...v, mutes: v.mutes ? v.mutes.filter((m) => muteKey(m) !== key) : v.mutes }));
    try {
      await this.host.api.unmute(this.token(), mute.userId, mute.chatId, reason.trim() || undefined);
      if (s === this.host.session()) drop();
    } catch (err) {
      if (s !== this.host.session()) throw err;
      if (err instanceof ApiError && err.status === 404) drop();
      this.host.handleError(err, s, false);
      throw err;
    } finally {
      if (s === this.host.session()) this.mutes.update((v) => ({ ...v, lifting: without(v.lifting, key) }));
    }
  }

  /** Warns a person (about a group, or not): `reason` is what they read. Throws the refusal. */
  async warn(userId: string, chatId: string | null, reason: string): Promise<void> {
    const s = this.host.session();
    try {
      await this.host.api.warn(this.token(), userId, chatId, reason.trim());
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // The user's own notices

  /** Reads what moderation told the user (the latest 20). Quiet; the failure is kept in the view. */
  async loadNotices(): Promise<void> {
    const s = this.host.session();
    const mark = ++this.noticesMark;
    this.notices.update((v) => ({ ...v, loading: true, error: null }));
    try {
      const notices = readNotices(await this.host.api.notices(this.token()));
      if (s !== this.host.session() || mark !== this.noticesMark) return;
      // A notice heard while the list was on its way stays.
      this.notices.update((v) => ({ notices: (v.notices ?? []).reduceRight((all, n) => withNotice(all, n), notices), loading: false, error: null }));
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      if (mark === this.noticesMark) this.notices.update((v) => ({ ...v, loading: false, error: errorMessage(err) }));
    }
  }

  /** A notice heard (moderation:notice): said in a toast, listed, and a rejected held message marked. */
  private heard(notice: ModerationNotice): void {
    const chat = notice.chatId ? this.host.slices.chats.chat(notice.chatId) : undefined;
    const where = chat && isGroup(chat) ? groupTitle(chat) : '';
    this.notices.update((v) => (v.notices ? { ...v, notices: withNotice(v.notices, notice) } : v));
    if (notice.kind === 'held_rejected' && notice.chatId) {
      this.host.slices.messages.patch(notice.chatId, (st) => {
        const items = markHeldRejected(st.items, heldRejectedText());
        return items === st.items ? st : { ...st, items };
      });
    }
    this.host.showToast(noticeText(notice, where));
  }

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    if (e.type === 'moderation_notice') this.heard(e.notice);
  }
}
