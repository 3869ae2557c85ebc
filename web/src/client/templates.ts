// Message templates, pure: the server's objects read defensively; the variables a template's
// text may hold and what they become in a chat ({name}: the other person in a private chat; in
// a group, the sender of the message answered, else of the latest message from someone else,
// else the group's name; {first_name}: its first word; {my_name}; {date}: today as the
// interface's language writes it), an unknown {x} left as typed; the "/word" being typed at the
// caret and the templates it suggests (shortcuts starting with it first, then titles and texts
// holding it; case and accents ignored; the server's order kept within each); whether a chat
// waits for the user's reply (quick replies are offered then); what is wrong
// with a template before it is sent (the server's limits and shortcut rule), a change's PATCH
// body, the manager's categories, and refusals in words. Used by template-actions.ts and the UI.
import { formatLocale, t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import { isGroup, isSystem, groupTitle } from './groups';
import { isThreadOnly } from './messages';
import { peerId } from './selectors';
import { foldGrapheme } from './switcher';
import { TEMPLATE_LIMITS, type CannedSet, type Template, type TemplatePatch } from './templates-wire';
import type { Chat, User, ViewMessage } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A template as the server sends it; null without an id, a title or a text. */
export function readTemplate(v: unknown): Template | null {
  if (!isObject(v)) return null;
  const id = str(v.id);
  const title = str(v.title);
  const content = str(v.content);
  if (!id || title === null || content === null) return null;
  const shortcut = str(v.shortcut)?.replace(/^\//, '').toLowerCase() ?? '';
  const chatId = str(v.chatId);
  return {
    id,
    chatId: chatId === '' ? null : chatId,
    title,
    category: str(v.category)?.trim() ?? '',
    shortcut: shortcut === '' ? null : shortcut,
    content,
    createdBy: str(v.createdBy) ?? '',
    createdAt: num(v.createdAt) ?? 0,
    updatedAt: num(v.updatedAt) ?? 0,
    version: num(v.version) ?? 0,
    uses: num(v.uses) ?? 0,
    lastUsedAt: num(v.lastUsedAt),
  };
}

/** `{templates: [...]}` (or the list alone): the templates in the server's order, each once. */
export function readTemplateList(v: unknown): Template[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.templates) ? v.templates : [];
  const out: Template[] = [];
  for (const item of list) {
    const tpl = readTemplate(item);
    if (tpl && !out.some((x) => x.id === tpl.id)) out.push(tpl);
  }
  return out;
}

/** A group's canned responses: `{templates, canManage}`. */
export function readCannedSet(v: unknown): CannedSet {
  return { templates: readTemplateList(v), canManage: isObject(v) && v.canManage === true };
}

// ---------------------------------------------------------------------------------------------
// Variables

/** The variables a template may hold, as typed in it (without the braces). */
export const TEMPLATE_VARIABLES = ['name', 'first_name', 'my_name', 'date'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** What each variable becomes. */
export type TemplateVars = Readonly<Record<TemplateVariable, string>>;

const VARIABLE = /\{(name|first_name|my_name|date)\}/g;

/** A template's text with its variables filled in; anything else in braces stays as typed. */
export function expandTemplate(content: string, vars: TemplateVars): string {
  return content.replace(VARIABLE, (_whole, name: TemplateVariable) => vars[name]);
}

/** The first word of a name ("Bob" of "Bob Stone"); the name itself when it has one word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/u)[0] ?? '';
}

/** Today (`now`), as the interface's language writes a date ("7 December 2025"). */
export function todayText(now: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(now));
}

/** What a chat makes of the variables; see varsFor. */
export interface VarsContext {
  chat: Chat | undefined;
  me: User | null;
  users: Readonly<Record<string, User>>;
  /** The chat's newest messages, oldest first. */
  items: readonly ViewMessage[];
  /** The sender of the message being answered, if any. */
  replyToSenderId?: string | null;
  now: number;
}

/** Who {name} is in a chat; '' when nobody is known. */
export function nameFor(c: VarsContext): string {
  const me = c.me?.id ?? '';
  const known = (id: string | null | undefined) => (id && id !== me ? (c.users[id]?.name ?? '') : '');
  if (!c.chat) return '';
  if (!isGroup(c.chat)) return known(peerId(c.chat, me));
  const answered = known(c.replyToSenderId);
  if (answered) return answered;
  for (let i = c.items.length - 1; i >= 0; i--) {
    const m = c.items[i]!;
    if (m.senderId !== me && !isSystem(m) && !m.deleted) {
      const name = known(m.senderId);
      if (name) return name;
    }
  }
  return groupTitle(c.chat);
}

/** The variables' values in a chat. */
export function varsFor(c: VarsContext): TemplateVars {
  const name = nameFor(c);
  return { name, first_name: firstName(name), my_name: c.me?.name ?? '', date: todayText(c.now) };
}

/**
 * Whether a chat's newest message (of its timeline: hidden ones and thread-only replies left
 * out) is someone else's, so that quick replies are offered; not a system line, not deleted.
 */
export function awaitsReply(items: readonly ViewMessage[], me: string): boolean {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i]!;
    if (m.hidden || isThreadOnly(m)) continue;
    return m.senderId !== me && !isSystem(m) && !m.deleted;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The "/word" at the caret, and the templates it suggests

/** A "/word" being typed: where its "/" is, where the word ends, and the word. */
export interface SlashQuery {
  start: number;
  end: number;
  query: string;
}

const SLASH_BEFORE = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u;
const WORD_AFTER = /^[\p{L}\p{N}_-]*/u;

/**
 * The "/word" ending at the caret (the whole word, letters after the caret too), when its "/"
 * starts the box or follows a space or line break; null otherwise.
 */
export function slashQueryAt(text: string, caret: number): SlashQuery | null {
  const before = text.slice(0, caret);
  const m = SLASH_BEFORE.exec(before);
  if (!m) return null;
  const typed = m[1] ?? '';
  if (typed.length > TEMPLATE_LIMITS.shortcut) return null;
  const rest = WORD_AFTER.exec(text.slice(caret))?.[0] ?? '';
  return { start: caret - typed.length - 1, end: caret + rest.length, query: typed + rest };
}

/** The text with the "/word" replaced by `expansion`, and the caret after it. */
export function insertExpansion(text: string, q: SlashQuery, expansion: string): { text: string; caret: number } {
  return { text: text.slice(0, q.start) + expansion + text.slice(q.end), caret: q.start + expansion.length };
}

/** Text as it is matched: lower case, without accents or other marks. */
export function foldText(text: string): string {
  return foldGrapheme(text);
}

/**
 * The templates a "/word" suggests: those whose shortcut starts with it, then those whose
 * title or text holds it, each group in the order given (the server's ranking); all of them for
 * an empty word.
 */
export function matchTemplates(list: readonly Template[], query: string): Template[] {
  const q = foldText(query);
  if (q === '') return [...list];
  const byShortcut = list.filter((x) => x.shortcut !== null && foldText(x.shortcut).startsWith(q));
  const byText = list.filter((x) => !byShortcut.includes(x) && (foldText(x.title).includes(q) || foldText(x.content).includes(q)));
  return [...byShortcut, ...byText];
}

// ---------------------------------------------------------------------------------------------
// Writing one

/** What the form sends: '' for no category and no shortcut. */
export interface TemplateDraft {
  title: string;
  category: string;
  shortcut: string;
  content: string;
}

export type DraftField = keyof TemplateDraft;

const SHORTCUT = /^[\p{L}\p{N}_-]+$/u;

/** A shortcut as typed made what is sent: no spaces around, no leading "/", lower case. */
export function normalShortcut(typed: string): string {
  return typed.trim().replace(/^\/+/, '').toLowerCase();
}

/** Whether two shortcuts are the same one (case ignored, as the server compares them). */
function sameShortcut(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * What is wrong with a draft, by field (nothing: {}): the title (1 to 100 characters), the
 * category (at most 40), the shortcut (1 to 32 letters, digits, "_" and "-", none in `taken`
 * but `editingId`'s), the text (1 to 10000).
 */
export function draftProblems(draft: TemplateDraft, taken: readonly Template[] = [], editingId?: string): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  const title = draft.title.trim();
  if (title === '') out.title = t('templates.problem.titleEmpty');
  else if ([...title].length > TEMPLATE_LIMITS.title) out.title = t('templates.problem.titleLong', { max: TEMPLATE_LIMITS.title });
  if ([...draft.category.trim()].length > TEMPLATE_LIMITS.category) out.category = t('templates.problem.categoryLong', { max: TEMPLATE_LIMITS.category });
  const shortcut = normalShortcut(draft.shortcut);
  if (shortcut !== '') {
    if (!SHORTCUT.test(shortcut) || [...shortcut].length > TEMPLATE_LIMITS.shortcut) out.shortcut = t('templates.problem.shortcut', { max: TEMPLATE_LIMITS.shortcut });
    else if (taken.some((x) => x.id !== editingId && x.shortcut !== null && sameShortcut(x.shortcut, shortcut))) out.shortcut = t('templates.problem.shortcutTaken', { shortcut });
  }
  if (draft.content.trim() === '') out.content = t('templates.problem.contentEmpty');
  else if (draft.content.length > TEMPLATE_LIMITS.content) out.content = t('templates.problem.contentLong', { max: TEMPLATE_LIMITS.content });
  return out;
}

/** A draft from a held template (the form editing it). */
export function draftOf(tpl: Template | null): TemplateDraft {
  return tpl
    ? { title: tpl.title, category: tpl.category, shortcut: tpl.shortcut ?? '', content: tpl.content }
    : { title: '', category: '', shortcut: '', content: '' };
}

/** A change's PATCH body: what differs from the held copy, and its version; a shortcut taken away is ''. */
export function templatePatch(held: Template, draft: TemplateDraft): TemplatePatch {
  const patch: TemplatePatch = { version: held.version };
  const title = draft.title.trim();
  const category = draft.category.trim();
  const shortcut = normalShortcut(draft.shortcut);
  if (title !== held.title) patch.title = title;
  if (category !== held.category) patch.category = category;
  // '' takes the shortcut away (the server takes null too, but its route table types a string).
  if (shortcut !== (held.shortcut ?? '')) patch.shortcut = shortcut;
  if (draft.content !== held.content) patch.content = draft.content;
  return patch;
}

/** The categories used, each once, in the language's order. */
export function categoriesOf(list: readonly Template[]): string[] {
  return [...new Set(list.map((x) => x.category).filter((c) => c !== ''))].sort((a, b) => a.localeCompare(b));
}

/** The templates by category (named ones in the language's order, those with none last), each by title. */
export function byCategory(list: readonly Template[]): Array<{ category: string; templates: Template[] }> {
  const order = [...categoriesOf(list), ''];
  return order
    .map((category) => ({
      category,
      templates: list.filter((x) => x.category === category).sort((a, b) => a.title.localeCompare(b.title)),
    }))
    .filter((g) => g.templates.length > 0);
}

/** A list after hearing of `tpl`: replaced in place when held (unless what is held is newer), else added at the end. */
export function withTemplate(list: readonly Template[], tpl: Template): Template[] {
  const at = list.findIndex((x) => x.id === tpl.id);
  if (at < 0) return [...list, tpl];
  if (list[at]!.version > tpl.version) return [...list];
  return list.map((x, i) => (i === at ? tpl : x));
}

/** The list without `id`. */
export function withoutTemplate(list: readonly Template[], id: string): Template[] {
  return list.filter((x) => x.id !== id);
}

/** A refusal in words: the set is full, only the group's admins may, one gone, else the server's words (a shortcut taken, a bad field). */
export function templateErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'template_limit') return t('templates.error.limit', { max: TEMPLATE_LIMITS.perSet });
    if (err.status === 403) return t('templates.error.forbidden');
    if (err.status === 404) return t('templates.error.gone');
    if (err.status === 409 && err.message === '') return t('templates.error.conflict');
  }
  return errorMessage(err);
}
