// Auto-moderation, pure: the rules' kinds and actions in words, a rule's editor form (each kind's
// own settings, what is sent: only that kind's fields; the checks before sending; which field a
// server's refusal names), a rule in a line, the dry run in words, the hits' statuses and filters,
// mutes' durations, the server's answers read defensively (rules, dry runs, hits, mutes, notices),
// a send refused by moderation (held, rejected, muted) and a moderation notice in words. The
// server decides everything; the client shows and asks. Used by automod-actions.ts and the UI.
import type {
  DryRunAnswer,
  DryRunMatch,
  Hit,
  HitDecision,
  HitPage,
  HitStatus,
  LinkMode,
  ModerationNotice,
  Mute,
  NoticeKind,
  Rule,
  RuleAction,
  RuleKind,
  RuleSettings,
} from './automod-wire';
import { formatLocale, labelled, labels, t } from '../i18n/core';
import type { ErrorCode } from './errors';
import type { SendRefusal, User } from './types';

// ---------------------------------------------------------------------------------------------
// Rules in words

/** The kinds, in the order the editor offers them. */
export const RULE_KINDS: ReadonlyArray<{ value: RuleKind; label: string; hint: string }> = [
  labelled({ value: 'words' }, { label: 'moderation.rule.kind.words', hint: 'moderation.rule.kind.words.hint' }),
  labelled({ value: 'regex' }, { label: 'moderation.rule.kind.regex', hint: 'moderation.rule.kind.regex.hint' }),
  labelled({ value: 'links' }, { label: 'moderation.rule.kind.links', hint: 'moderation.rule.kind.links.hint' }),
  labelled({ value: 'mentions' }, { label: 'moderation.rule.kind.mentions', hint: 'moderation.rule.kind.mentions.hint' }),
  labelled({ value: 'flood' }, { label: 'moderation.rule.kind.flood', hint: 'moderation.rule.kind.flood.hint' }),
  labelled({ value: 'repeats' }, { label: 'moderation.rule.kind.repeats', hint: 'moderation.rule.kind.repeats.hint' }),
  labelled({ value: 'new_account' }, { label: 'moderation.rule.kind.newAccount', hint: 'moderation.rule.kind.newAccount.hint' }),
];

/** The actions, mildest first. */
export const RULE_ACTIONS: ReadonlyArray<{ value: RuleAction; label: string; hint: string }> = [
  labelled({ value: 'flag' }, { label: 'moderation.rule.action.flag', hint: 'moderation.rule.action.flag.hint' }),
  labelled({ value: 'hold' }, { label: 'moderation.rule.action.hold', hint: 'moderation.rule.action.hold.hint' }),
  labelled({ value: 'reject' }, { label: 'moderation.rule.action.reject', hint: 'moderation.rule.action.reject.hint' }),
  labelled({ value: 'mute' }, { label: 'moderation.rule.action.mute', hint: 'moderation.rule.action.mute.hint' }),
];

export const LINK_MODES: ReadonlyArray<{ value: LinkMode; label: string }> = [
  labelled({ value: 'any' }, { label: 'moderation.rule.links.any' }),
  labelled({ value: 'deny' }, { label: 'moderation.rule.links.deny' }),
  labelled({ value: 'allow' }, { label: 'moderation.rule.links.allow' }),
];

const KIND_VALUES = new Set<string>(RULE_KINDS.map((k) => k.value));
const ACTION_VALUES = new Set<string>(RULE_ACTIONS.map((a) => a.value));

/** A kind in words ("New accounts"). */
export function kindLabel(kind: string): string {
  return RULE_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** An action in words ("Hold for review"). */
export function actionLabel(action: string): string {
  return RULE_ACTIONS.find((a) => a.value === action)?.label ?? action;
}

/** A number of seconds in words: "45 seconds", "10 minutes", "1 hour", "2 days", "1 week". */
export function durationText(seconds: number): string {
  const units = [
    [7 * 86400, 'time.weeks'],
    [86400, 'time.days'],
    [3600, 'time.hours'],
    [60, 'time.minutes'],
  ] as const;
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) return t(unit, { count: seconds / size });
  }
  return t('time.seconds', { count: seconds });
}

/** How long a rule's mute lasts when it gives none. */
export const DEFAULT_MUTE_SECONDS = 600;

/** The mutes a rule may give, as its editor offers them. */
export const RULE_MUTE_SECONDS: readonly number[] = [60, 5 * 60, 10 * 60, 3600, 86400, 7 * 86400];

/** How long a moderator's mute lasts, as the dialogs offer it. */
export const MUTE_DURATIONS: ReadonlyArray<{ value: string; label: string; seconds: number }> = [
  labelled({ value: '10m', seconds: 600 }, { label: 'moderation.mute.10m' }),
  labelled({ value: '1h', seconds: 3600 }, { label: 'moderation.mute.1h' }),
  labelled({ value: '1d', seconds: 86400 }, { label: 'moderation.mute.1d' }),
  labelled({ value: '1w', seconds: 7 * 86400 }, { label: 'moderation.mute.1w' }),
];

/** The seconds of a mute duration's value (1 hour when unknown, as the server's default). */
export function muteSeconds(value: string): number {
  return MUTE_DURATIONS.find((d) => d.value === value)?.seconds ?? 3600;
}

function listed(items: readonly string[] | undefined, most = 3): string {
  const all = items ?? [];
  const shown = all.slice(0, most).join(', ');
  return all.length > most ? t('moderation.rule.listMore', { shown, count: all.length - most }) : shown;
}

/** What a rule matches, in a line ("Words: spam, scam", "More than 5 messages in 10 seconds"). */
export function ruleMatchText(rule: RuleSettings): string {
  let what: string;
  switch (rule.kind) {
    case 'words':
      what = t('moderation.rule.match.words', { list: listed(rule.words) });
      break;
    case 'regex':
      what = t('moderation.rule.match.pattern', { pattern: rule.pattern ?? '' });
      break;
    case 'links':
      what =
        rule.linkMode === 'deny'
          ? t('moderation.rule.match.linksTo', { list: listed(rule.domains) })
          : rule.linkMode === 'allow'
            ? t('moderation.rule.match.linksNotTo', { list: listed(rule.domains) })
            : t('moderation.rule.links.any');
      break;
    case 'mentions':
      what = t('moderation.rule.match.mentions', { count: rule.maxMentions ?? '?' });
      break;
    case 'flood':
      what = t('moderation.rule.match.flood', { count: rule.maxMessages ?? '?', duration: durationText(rule.perSeconds ?? 0) });
      break;
    case 'repeats':
      what = t('moderation.rule.match.repeats', { count: rule.maxRepeats ?? '?', duration: durationText(rule.perSeconds ?? 0) });
      break;
    case 'new_account':
      return t('moderation.rule.match.newAccount', { hours: rule.newAccountHours ?? '?' });
    default:
      what = kindLabel(rule.kind);
  }
  return rule.newAccountHours ? t('moderation.rule.match.fromNew', { what, hours: rule.newAccountHours }) : what;
}

/** What a rule does, in a line ("Hold for review", "Reject and mute for 10 minutes"). */
export function ruleActionText(rule: RuleSettings): string {
  if (rule.action === 'mute') return t('moderation.rule.muteFor', { duration: durationText(rule.muteSeconds ?? DEFAULT_MUTE_SECONDS) });
  return actionLabel(rule.action);
}

// ---------------------------------------------------------------------------------------------
// The editor's form

/** The editor's fields, as the inputs hold them (text for numbers and lists). */
export interface RuleForm {
  name: string;
  enabled: boolean;
  kind: RuleKind;
  action: RuleAction;
  /** One word or phrase a line (or separated by commas). */
  words: string;
  pattern: string;
  linkMode: LinkMode;
  /** One domain a line (or separated by commas or spaces). */
  domains: string;
  maxMentions: string;
  maxMessages: string;
  perSeconds: string;
  maxRepeats: string;
  newAccountHours: string;
  muteSeconds: string;
  message: string;
}

export type RuleField = keyof RuleForm;

/** Each field's label, for the editor and for naming a refusal. */
export const FIELD_LABEL: Readonly<Record<RuleField, string>> = labels({
  name: 'moderation.field.name',
  enabled: 'moderation.field.enabled',
  kind: 'moderation.field.kind',
  action: 'moderation.field.action',
  words: 'moderation.field.words',
  pattern: 'moderation.field.pattern',
  linkMode: 'moderation.field.linkMode',
  domains: 'moderation.field.domains',
  maxMentions: 'moderation.field.maxMentions',
  maxMessages: 'moderation.field.maxMessages',
  perSeconds: 'moderation.field.perSeconds',
  maxRepeats: 'moderation.field.maxRepeats',
  newAccountHours: 'moderation.field.newAccountHours',
  muteSeconds: 'moderation.field.muteSeconds',
  message: 'moderation.field.message',
});

/** The settings each kind has besides those of every rule. */
export const KIND_FIELDS: Readonly<Record<RuleKind, readonly RuleField[]>> = {
  words: ['words'],
  regex: ['pattern'],
  links: ['linkMode', 'domains'],
  mentions: ['maxMentions'],
  flood: ['maxMessages', 'perSeconds'],
  repeats: ['maxRepeats', 'perSeconds'],
  new_account: [],
};

/** Whether the editor shows `field` for the form as it is (its kind's fields, and the action's). */
export function fieldShown(form: Pick<RuleForm, 'kind' | 'action' | 'linkMode'>, field: RuleField): boolean {
  switch (field) {
    case 'name':
    case 'enabled':
    case 'kind':
    case 'action':
    case 'newAccountHours':
      return true;
    case 'domains':
      return form.kind === 'links' && form.linkMode !== 'any';
    case 'muteSeconds':
      return form.action === 'mute';
    case 'message':
      return form.action === 'reject' || form.action === 'mute';
    default:
      return KIND_FIELDS[form.kind].includes(field);
  }
}

/** A new rule's form: a words rule that holds, on. */
export function emptyRuleForm(): RuleForm {
  return {
    name: '',
    enabled: true,
    kind: 'words',
    action: 'hold',
    words: '',
    pattern: '',
    linkMode: 'any',
    domains: '',
    maxMentions: '10',
    maxMessages: '5',
    perSeconds: '10',
    maxRepeats: '3',
    newAccountHours: '',
    muteSeconds: String(DEFAULT_MUTE_SECONDS),
    message: '',
  };
}

const num = (v: number | undefined, fallback: string) => (typeof v === 'number' ? String(v) : fallback);

/** The form of a rule kept by the server (its kind's settings, the others at their defaults). */
export function ruleFormOf(rule: RuleSettings): RuleForm {
  const empty = emptyRuleForm();
  return {
    name: rule.name,
    enabled: rule.enabled,
    kind: rule.kind,
    action: rule.action,
    words: (rule.words ?? []).join('\n'),
    pattern: rule.pattern ?? '',
    linkMode: rule.linkMode ?? 'any',
    domains: (rule.domains ?? []).join('\n'),
    maxMentions: num(rule.maxMentions, empty.maxMentions),
    maxMessages: num(rule.maxMessages, empty.maxMessages),
    perSeconds: num(rule.perSeconds, empty.perSeconds),
    maxRepeats: num(rule.maxRepeats, empty.maxRepeats),
    newAccountHours: rule.newAccountHours ? String(rule.newAccountHours) : '',
    muteSeconds: num(rule.muteSeconds, empty.muteSeconds),
    message: rule.message ?? '',
  };
}

const splitList = (text: string, separators: RegExp) =>
  text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The words of the form: one a line or separated by commas, blank ones dropped. */
export function formWords(text: string): string[] {
  return splitList(text, /[\n,]/);
}

/** The domains of the form: separated by lines, commas or spaces; a scheme or path typed with one is left out. */
export function formDomains(text: string): string[] {
  return splitList(text, /[\s,]+/).map((d) => d.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '').toLowerCase()).filter((d) => d !== '');
}

/** A whole number typed (blank: absent; anything else not a whole number: NaN). */
function wholeNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The settings the form sends: those of every rule, its kind's, its action's; blank ones left out. */
export function ruleSettings(form: RuleForm): RuleSettings {
  const out: RuleSettings = { name: form.name.trim(), enabled: form.enabled, kind: form.kind, action: form.action };
  const put = (field: 'maxMentions' | 'maxMessages' | 'perSeconds' | 'maxRepeats' | 'newAccountHours' | 'muteSeconds') => {
    const n = wholeNumber(form[field]);
    if (n !== undefined && !Number.isNaN(n)) out[field] = n;
  };
  switch (form.kind) {
    case 'words':
      out.words = formWords(form.words);
      break;
    case 'regex':
      out.pattern = form.pattern;
      break;
    case 'links':
      out.linkMode = form.linkMode;
      if (form.linkMode !== 'any') out.domains = formDomains(form.domains);
      break;
    case 'mentions':
      put('maxMentions');
      break;
    case 'flood':
      put('maxMessages');
      put('perSeconds');
      break;
    case 'repeats':
      put('maxRepeats');
      put('perSeconds');
      break;
    case 'new_account':
      break;
  }
  put('newAccountHours');
  if (out.newAccountHours === 0) delete out.newAccountHours;
  if (form.action === 'mute') put('muteSeconds');
  if ((form.action === 'reject' || form.action === 'mute') && form.message.trim() !== '') out.message = form.message.trim();
  return out;
}

/** The most characters of a rule's name. */
export const MAX_RULE_NAME = 100;

/** The limits of the numbers, as the server has them: [lowest, highest]. */
const RANGES: Partial<Record<RuleField, [number, number]>> = {
  maxMentions: [1, 1000],
  maxMessages: [1, 1000],
  perSeconds: [1, 3600],
  maxRepeats: [2, 100],
  newAccountHours: [0, 8760],
};

export type FieldErrors = Partial<Record<RuleField, string>>;

/**
 * What is wrong with the form before it is sent, by field (none: nothing found; the server
 * checks again and has the last word).
 */
export function checkRuleForm(form: RuleForm): FieldErrors {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (name === '') errors.name = t('moderation.form.nameMissing');
  else if ([...name].length > MAX_RULE_NAME) errors.name = t('moderation.form.nameTooLong', { max: MAX_RULE_NAME });
  if (form.kind === 'words' && formWords(form.words).length === 0) errors.words = t('moderation.form.wordsMissing');
  if (form.kind === 'regex' && form.pattern.trim() === '') errors.pattern = t('moderation.form.patternMissing');
  if (fieldShown(form, 'domains') && formDomains(form.domains).length === 0) errors.domains = t('moderation.form.domainsMissing');
  for (const [field, [lo, hi]] of Object.entries(RANGES) as Array<[RuleField, [number, number]]>) {
    if (!fieldShown(form, field)) continue;
    const n = wholeNumber(form[field] as string);
    const required = field !== 'newAccountHours' || form.kind === 'new_account';
    if (n === undefined) {
      if (required) errors[field] = t('moderation.form.required');
    } else if (Number.isNaN(n) || n < (field === 'newAccountHours' && required ? 1 : lo) || n > hi) {
      errors[field] = t('moderation.form.range', { min: field === 'newAccountHours' && required ? 1 : lo, max: hi });
    }
  }
  return errors;
}

const FIELD_NAMES: readonly RuleField[] = [
  'name',
  'enabled',
  'kind',
  'action',
  'words',
  'pattern',
  'linkMode',
  'domains',
  'maxMentions',
  'maxMessages',
  'perSeconds',
  'maxRepeats',
  'newAccountHours',
  'muteSeconds',
  'message',
];

/**
 * The field a server's refusal (400 invalid_input) is about: the setting its message starts with
 * ("pattern must be …", "maxMessages and perSeconds are required"), else the one its words
 * point at (a pattern RE2 refuses, a word rule with no word, a link rule with no domain); null:
 * the rule as a whole.
 */
export function refusedField(message: string): RuleField | null {
  const first = /^([A-Za-z]+)\b/.exec(message.trim())?.[1];
  const named = FIELD_NAMES.find((f) => f === first);
  if (named) return named;
  if (/\bpattern/i.test(message)) return 'pattern';
  if (/\bword/i.test(message)) return 'words';
  if (/\bdomain/i.test(message)) return 'domains';
  return null;
}

/** The dry run's count in words: "3 of 120 recent messages would match". */
export function dryRunText(answer: Pick<DryRunAnswer, 'checked' | 'matchedCount'>): string {
  return t('moderation.dryRun', { matched: answer.matchedCount, count: answer.checked });
}

// ---------------------------------------------------------------------------------------------
// Hits

/** The statuses in words; `done`: the rule refused it by itself, nothing to decide. */
export const HIT_STATUS_LABEL: Readonly<Record<HitStatus, string>> = labels({
  held: 'moderation.hit.held',
  open: 'moderation.hit.open',
  done: 'moderation.hit.done',
  approved: 'moderation.hit.approved',
  rejected: 'moderation.hit.rejected',
  dismissed: 'moderation.hit.dismissed',
  deleted: 'moderation.hit.deleted',
});

/** The filters of the hits' list: held, flagged, or all. */
export type HitFilterKey = 'held' | 'open' | 'all';
export const HIT_FILTERS: ReadonlyArray<{ value: HitFilterKey; label: string }> = [
  labelled({ value: 'held' }, { label: 'moderation.hit.held' }),
  labelled({ value: 'open' }, { label: 'moderation.hit.open' }),
  labelled({ value: 'all' }, { label: 'moderation.hit.filter.all' }),
];

/** What the rules did, as a hit's line says it ("Held", "Rejected and muted"). */
export const HIT_ACTION_LABEL: Readonly<Record<RuleAction, string>> = labels({
  flag: 'moderation.hit.action.flag',
  hold: 'moderation.hit.action.hold',
  reject: 'moderation.hit.action.reject',
  mute: 'moderation.hit.action.mute',
});

/** The decisions a hit offers now: a held one is approved or rejected, a flagged one dismissed or deleted. */
export function hitDecisions(hit: Pick<Hit, 'status'>): HitDecision[] {
  if (hit.status === 'held') return ['approve', 'reject'];
  if (hit.status === 'open') return ['dismiss', 'delete'];
  return [];
}

/** The status a decision leaves a hit in. */
export const DECIDED_STATUS: Readonly<Record<HitDecision, HitStatus>> = {
  approve: 'approved',
  reject: 'rejected',
  dismiss: 'dismissed',
  delete: 'deleted',
};

/** What is said once a decision is made. */
export const DECIDED_TEXT: Readonly<Record<HitDecision, string>> = labels({
  approve: 'moderation.decided.approve',
  reject: 'moderation.decided.reject',
  dismiss: 'moderation.decided.dismiss',
  delete: 'moderation.decided.delete',
});

// ---------------------------------------------------------------------------------------------
// Reading the server's answers

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const numOrUndefined = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

function readUser(v: unknown): User | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return { id: v.id, name: str(v.name), email: str(v.email) };
}

/** A rule as the server sends it; null without an id, or of a kind or action this client does not know. */
export function readRule(v: unknown): Rule | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  if (!KIND_VALUES.has(str(v.kind)) || !ACTION_VALUES.has(str(v.action))) return null;
  const rule: Rule = {
    id: v.id,
    chatId: strOrNull(v.chatId),
    name: str(v.name),
    enabled: v.enabled !== false,
    kind: v.kind as RuleKind,
    action: v.action as RuleAction,
    updatedBy: strOrNull(v.updatedBy),
    updatedAt: strOrNull(v.updatedAt),
  };
  const words = strings(v.words);
  if (words) rule.words = words;
  if (typeof v.pattern === 'string') rule.pattern = v.pattern;
  if (v.linkMode === 'any' || v.linkMode === 'deny' || v.linkMode === 'allow') rule.linkMode = v.linkMode;
  const domains = strings(v.domains);
  if (domains) rule.domains = domains;
  for (const key of ['maxMentions', 'maxMessages', 'perSeconds', 'maxRepeats', 'newAccountHours', 'muteSeconds'] as const) {
    const n = numOrUndefined(v[key]);
    if (n !== undefined) rule[key] = n;
  }
  if (typeof v.message === 'string' && v.message !== '') rule.message = v.message;
  return rule;
}

/** `{rules: [...]}`, each rule once, in the server's order. */
export function readRules(v: unknown): Rule[] {
  const list = isObject(v) && Array.isArray(v.rules) ? v.rules : [];
  const seen = new Set<string>();
  const out: Rule[] = [];
  for (const x of list) {
    const r = readRule(x);
    if (!r || seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out;
}

function readMatch(v: unknown): DryRunMatch | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  return {
    id: v.id,
    chatId: str(v.chatId),
    senderId: str(v.senderId),
    sender: readUser(v.sender),
    content: str(v.content),
    seq: numOrUndefined(v.seq) ?? 0,
    createdAt: str(v.createdAt),
  };
}

/** The dry run's answer; the counts never below the matches shown. */
export function readDryRun(v: unknown): DryRunAnswer {
  const matches = (isObject(v) && Array.isArray(v.matches) ? v.matches : []).map(readMatch).filter((m): m is DryRunMatch => m !== null);
  const matchedCount = Math.max(isObject(v) ? (numOrUndefined(v.matchedCount) ?? 0) : 0, matches.length);
  const checked = Math.max(isObject(v) ? (numOrUndefined(v.checked) ?? 0) : 0, matchedCount);
  return { checked, matchedCount, matches };
}

const HIT_STATUSES = new Set<string>(Object.keys(HIT_STATUS_LABEL));

/** A hit as the server sends it; null without an id. */
export function readHit(v: unknown): Hit | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '') return null;
  const rules = (Array.isArray(v.rules) ? v.rules : [])
    .filter(isObject)
    .map((r) => ({ id: str(r.id), name: str(r.name) }))
    .filter((r) => r.id !== '' || r.name !== '');
  return {
    id: v.id,
    chatId: str(v.chatId),
    chatTitle: strOrNull(v.chatTitle),
    userId: str(v.userId),
    user: readUser(v.user),
    scope: v.scope === 'group' ? 'group' : 'server',
    action: (ACTION_VALUES.has(str(v.action)) ? v.action : 'flag') as RuleAction,
    rules,
    content: str(v.content),
    messageId: strOrNull(v.messageId),
    status: (HIT_STATUSES.has(str(v.status)) ? v.status : 'done') as HitStatus,
    createdAt: str(v.createdAt),
    decidedBy: strOrNull(v.decidedBy),
    decidedAt: strOrNull(v.decidedAt),
  };
}

/** `{hits, nextBefore}`. */
export function readHitPage(v: unknown): HitPage {
  const hits = (isObject(v) && Array.isArray(v.hits) ? v.hits : []).map(readHit).filter((h): h is Hit => h !== null);
  return { hits, nextBefore: isObject(v) ? strOrNull(v.nextBefore) : null };
}

/** A mute as the server sends it; null without a person. */
export function readMute(v: unknown): Mute | null {
  if (!isObject(v) || typeof v.userId !== 'string' || v.userId === '') return null;
  return {
    userId: v.userId,
    user: readUser(v.user),
    chatId: strOrNull(v.chatId),
    chatTitle: strOrNull(v.chatTitle),
    by: strOrNull(v.by),
    at: str(v.at),
    until: str(v.until),
    reason: str(v.reason),
  };
}

/** `{mutes: [...]}`: those ending soonest first. */
export function readMutes(v: unknown): Mute[] {
  const list = isObject(v) && Array.isArray(v.mutes) ? v.mutes : [];
  return list
    .map(readMute)
    .filter((m): m is Mute => m !== null)
    .sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : 0));
}

/** A mute's key in a list: one person may be muted in a group and everywhere at once. */
export function muteKey(m: Pick<Mute, 'userId' | 'chatId'>): string {
  return `${m.userId}/${m.chatId ?? ''}`;
}

const NOTICE_KINDS = new Set<string>(['warning', 'muted', 'held_approved', 'held_rejected']);

/** A notice as the server sends it (the list and the event); null without an id or of a kind not known. */
export function readNotice(v: unknown): ModerationNotice | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id === '' || !NOTICE_KINDS.has(str(v.kind))) return null;
  return { id: v.id, kind: v.kind as NoticeKind, chatId: strOrNull(v.chatId), text: str(v.text), at: str(v.at), until: strOrNull(v.until) };
}

/** `{notices: [...]}`: the latest first, each once. */
export function readNotices(v: unknown): ModerationNotice[] {
  const list = isObject(v) && Array.isArray(v.notices) ? v.notices : [];
  const seen = new Set<string>();
  const out: ModerationNotice[] = [];
  for (const x of list) {
    const n = readNotice(x);
    if (!n || seen.has(n.id)) continue;
    seen.add(n.id);
    out.push(n);
  }
  return out.sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : 0));
}

/** `list` with `notice` first, once (the latest 20 kept). */
export function withNotice(list: readonly ModerationNotice[], notice: ModerationNotice, most = 20): ModerationNotice[] {
  return [notice, ...list.filter((n) => n.id !== notice.id)].slice(0, most);
}

// ---------------------------------------------------------------------------------------------
// The sender's side

/** The error codes of a send (or an edit) moderation refused: they are the server's (ErrorCode). */
const REFUSALS: ReadonlyArray<Extract<ErrorCode, Exclude<SendRefusal, 'held_rejected'>>> = ['held', 'rejected', 'muted'];

/** The refusal an error code of `message` (or of an edit) means; null for any other. */
export function sendRefusal(code: string): Exclude<SendRefusal, 'held_rejected'> | null {
  return REFUSALS.find((r) => r === code) ?? null;
}

/** What a held message's bubble says. */
export const heldText = () => t('moderation.held.text');
/** The held bubble's button: removes it from this device only (the server keeps it held). */
export const heldRemoveText = () => t('moderation.held.remove');
/** What that button's hint adds. */
export const heldRemoveHint = () => t('moderation.held.removeHint');
/** What a held message a moderator rejected says. */
export const heldRejectedText = () => t('moderation.held.rejected');

/** Whether the user may send a message moderation refused again (muted only: the mute ends). */
export function mayRetry(refusal: SendRefusal | undefined): boolean {
  return refusal === undefined || refusal === 'muted';
}

/** The notice kinds in words, for the list in the settings. */
export const NOTICE_LABEL: Readonly<Record<NoticeKind, string>> = labels({
  warning: 'moderation.notice.warning',
  muted: 'moderation.notice.muted',
  held_approved: 'moderation.notice.approved',
  held_rejected: 'moderation.notice.rejected',
});

/** A time in words for a notice: today's as its time, another day's with its date. */
function defaultWhen(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(formatLocale(), sameDay ? { hour: 'numeric', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/**
 * A notice as its toast says it: a warning ("A moderator warns you: Be kind"), a mute ("You are
 * muted in Book club until 14:05: Spam"), a held message decided (the server's words). `where`:
 * the group's title, when the client knows it.
 */
export function noticeText(n: Pick<ModerationNotice, 'kind' | 'text' | 'until' | 'chatId'>, where = '', now = new Date(), when = (iso: string) => defaultWhen(iso, now)): string {
  const text = n.text.trim();
  switch (n.kind) {
    case 'warning':
      return where
        ? t('moderation.notice.warnsIn', { where, text: text || t('moderation.notice.mindRules') })
        : t('moderation.notice.warns', { text: text || t('moderation.notice.mindRules') });
    case 'muted': {
      const scope = n.chatId ? ` ${t('moderation.notice.in', { where: where || t('moderation.notice.aGroup') })}` : '';
      const time = n.until ? when(n.until) : '';
      const until = time ? ` ${t('moderation.notice.until', { time })}` : '';
      return text ? t('moderation.notice.mutedText', { scope, until, text }) : t('moderation.notice.mutedPlain', { scope, until });
    }
    default:
      return text || (n.kind === 'held_approved' ? t('moderation.notice.approvedText') : t('moderation.notice.rejectedText'));
  }
}
