// Data exports, pure: the server's Export objects read defensively, the person's list after an
// answer or an export:progress (newest first; a copy further along wins over an older one, so a
// late answer never puts a finished export back to "running"), the export form's draft made
// into POST /api/v1/exports's body (the dates are the browser's local days: `from` at the start
// of its day, `to` at the end of its day, sent as the next day's start, exclusive), what is
// wrong with a draft, and refusals in words. Used by export-actions.ts and the UI.
import { t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import type { Export, ExportBody, ExportFormat, ExportState } from './exports-wire';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const FORMATS: readonly ExportFormat[] = ['json', 'csv'];
const STATES: readonly ExportState[] = ['queued', 'running', 'done', 'failed'];

/** An export as the server sends it; null without an id or a known state. An unknown format is JSON. */
export function readExport(v: unknown): Export | null {
  if (!isObject(v)) return null;
  const id = str(v.id);
  const state = STATES.find((s) => s === v.state);
  if (!id || !state) return null;
  const total = Math.max(0, num(v.total) ?? 0);
  const done = Math.max(0, num(v.done) ?? 0);
  const url = str(v.url);
  return {
    id,
    format: FORMATS.find((f) => f === v.format) ?? 'json',
    state,
    done: total > 0 ? Math.min(done, total) : done,
    total,
    size: Math.max(0, num(v.size) ?? 0),
    chatIds: Array.isArray(v.chatIds) ? v.chatIds.filter((x): x is string => typeof x === 'string') : [],
    from: num(v.from),
    to: num(v.to),
    error: str(v.error) || null,
    createdAt: num(v.createdAt) ?? 0,
    finishedAt: num(v.finishedAt),
    expiresAt: num(v.expiresAt),
    url: url || null,
  };
}

/** Newest first (then by id, so that the order is stable). */
export function byNewest(a: Export, b: Export): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** `{exports: [...]}` (or the list alone): the readable ones, newest first, each once. */
export function readExportList(v: unknown): Export[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.exports) ? v.exports : [];
  const out: Export[] = [];
  for (const item of list) {
    const e = readExport(item);
    if (e && !out.some((x) => x.id === e.id)) out.push(e);
  }
  return out.sort(byNewest);
}

const RANK: Record<ExportState, number> = { queued: 0, running: 1, done: 2, failed: 2 };

/** Whether `a` is as far along as `b` (a later state, or the same state with as much done). */
export function notBehind(a: Export, b: Export): boolean {
  const ra = RANK[a.state];
  const rb = RANK[b.state];
  if (ra !== rb) return ra > rb;
  return ra === 2 || a.done >= b.done;
}

/**
 * The list with `e` in it: in its place by creation time, unless the held copy is further
 * along (then only a link the held copy lacks is taken). A url absent from news keeps the held one.
 */
export function withExport(list: readonly Export[], e: Export): readonly Export[] {
  const held = list.find((x) => x.id === e.id);
  let next = e;
  if (held) {
    if (!notBehind(e, held)) return e.url && !held.url ? list.map((x) => (x === held ? { ...held, url: e.url } : x)) : list;
    if (!e.url && held.url && e.state === 'done') next = { ...e, url: held.url };
  }
  return [...list.filter((x) => x.id !== e.id), next].sort(byNewest);
}

export function withoutExport(list: readonly Export[], id: string): readonly Export[] {
  return list.some((x) => x.id === id) ? list.filter((x) => x.id !== id) : list;
}

/** The list from the server merged with what is held: for each export, the copy further along. */
export function mergeExports(held: readonly Export[] | null, answer: readonly Export[]): Export[] {
  return answer.map((a) => {
    const h = held?.find((x) => x.id === a.id);
    return h && !notBehind(a, h) ? h : a;
  });
}

/** How far along a running export is, 0..1 (0 while the total is not known). */
export function progressOf(e: Export): number {
  if (e.state === 'done') return 1;
  return e.total > 0 ? Math.min(1, e.done / e.total) : 0;
}

/** Whether the server is still making it. */
export function inProgress(e: Export): boolean {
  return e.state === 'queued' || e.state === 'running';
}

/** What the export form holds. */
export interface ExportDraft {
  /** true: every chat (chatIds ignored). */
  all: boolean;
  chatIds: readonly string[];
  format: ExportFormat;
  /** "YYYY-MM-DD" or '' (the date inputs' values). */
  from: string;
  to: string;
  /** CSV for spreadsheets: a byte order mark first, so that Excel reads it as UTF-8. */
  spreadsheet: boolean;
}

export const EMPTY_DRAFT: ExportDraft = { all: true, chatIds: [], format: 'json', from: '', to: '', spreadsheet: false };

/** A date input's day, [year, month, day]; null when not a date. */
function parseDay(s: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(y, mo - 1, d);
  return at.getFullYear() === y && at.getMonth() === mo - 1 && at.getDate() === d ? [y, mo, d] : null;
}

/** The start of a local day (epoch ms); null when not a date. `after`: the start of the next day. */
export function dayStart(s: string, after = false): number | null {
  const day = parseDay(s);
  return day ? new Date(day[0], day[1] - 1, day[2] + (after ? 1 : 0)).getTime() : null;
}

/** A moment's local day as a date input writes it ("YYYY-MM-DD"). */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type ExportField = 'chats' | 'from' | 'to';

/** What is wrong with a draft, by field (empty: nothing). */
export function exportProblems(d: ExportDraft): Partial<Record<ExportField, string>> {
  const out: Partial<Record<ExportField, string>> = {};
  if (!d.all && d.chatIds.length === 0) out.chats = t('exports.problem.noChats');
  const from = d.from === '' ? null : dayStart(d.from);
  const to = d.to === '' ? null : dayStart(d.to);
  if (d.from !== '' && from === null) out.from = t('exports.problem.badDate');
  if (d.to !== '' && to === null) out.to = t('exports.problem.badDate');
  if (from !== null && to !== null && from > to) out.to = t('exports.problem.toBeforeFrom');
  return out;
}

/** The draft as POST /api/v1/exports's body: only what differs from the defaults is sent. */
export function exportBody(d: ExportDraft): ExportBody {
  const body: ExportBody = { format: d.format };
  if (!d.all && d.chatIds.length > 0) body.chatIds = [...new Set(d.chatIds)];
  const from = dayStart(d.from);
  const to = dayStart(d.to, true);
  if (from !== null) body.from = from;
  if (to !== null) body.to = to;
  if (d.format === 'csv' && d.spreadsheet) body.byteOrderMark = true;
  return body;
}

/** A refusal in words: two exports on their way already (429), the rest by the server's words or its status. */
export function exportErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429 || err.code === 'rate_limited') return t('exports.error.rateLimited');
    if (err.isNetwork) return t('exports.error.network');
    if (err.status === 503 || err.code === 'unavailable') return t('exports.error.unavailable');
    if (err.status === 404 || err.code === 'not_found') return t('exports.error.gone');
    if (err.status === 403 || err.code === 'forbidden') return err.message ? t('exports.error.forbiddenSaid', { reason: err.message }) : t('exports.error.forbidden');
    if (err.message) return t('exports.error.said', { reason: err.message });
  }
  const said = errorMessage(err);
  return said ? t('exports.error.said', { reason: said }) : t('exports.error.generic');
}
