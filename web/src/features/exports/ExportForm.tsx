// The export form: which chats (all of them, or chosen ones from a searchable list; the chat the
// form was opened for chosen already), the format (JSON, lossless, can be imported again; CSV, a
// table, one row per message, with "For spreadsheets (Excel)" to start it with a byte order
// mark), an optional date range (local days, both included), and "Start export". What is wrong
// shows beside its part before anything is sent (focus goes to the first such part); the
// server's refusal (two exports on their way already, a chat not allowed, …) in an alert above
// the button. Once started, a polite status says so and the export shows in the list below.
import { Fragment, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { useChatStore } from '../../app/store-context';
import { EMPTY_DRAFT, exportErrorText, exportProblems, type ExportDraft, type ExportField } from '../../client/exports';
import type { ExportFormat } from '../../client/exports-wire';
import { useT } from '../../i18n';
import { ChatChooser } from './ChatChooser';
import { button, card, field } from './styles';

const FORMATS: readonly ExportFormat[] = ['json', 'csv'];
const FIELDS: readonly ExportField[] = ['chats', 'from', 'to'];

export function ExportForm({ chatId, labelledBy }: { chatId?: string; labelledBy: string }) {
  const t = useT();
  const store = useChatStore();
  const ids = useId();
  const [first] = useState<readonly string[]>(() => (chatId ? [chatId] : []));
  const [draft, setDraft] = useState<ExportDraft>(() => (chatId ? { ...EMPTY_DRAFT, all: false, chatIds: [chatId] } : EMPTY_DRAFT));
  const [problems, setProblems] = useState<Partial<Record<ExportField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const [busy, setBusy] = useState(false);
  const refs = useRef<Partial<Record<ExportField, HTMLElement | null>>>({});

  const change = (patch: Partial<ExportDraft>, fixes: readonly ExportField[] = []) => {
    setDraft((d) => ({ ...d, ...patch }));
    setStarted(false);
    if (fixes.length > 0) setProblems((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !fixes.includes(k as ExportField))));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = exportProblems(draft);
    setProblems(found);
    setError(null);
    setStarted(false);
    const wrong = FIELDS.find((f) => found[f]);
    if (wrong) {
      refs.current[wrong]?.focus();
      return;
    }
    setBusy(true);
    store.exports.create(draft).then(
      () => {
        setBusy(false);
        setStarted(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(exportErrorText(err));
      },
    );
  };

  const problem = (f: ExportField) =>
    problems[f] && (
      <p id={`${ids}-${f}-problem`} className="text-sm text-danger" data-testid={`export-problem-${f}`}>
        {problems[f]}
      </p>
    );
  const radio = (name: string, checked: boolean, onChange: () => void, label: string, hint?: string, extra?: { testId?: string; ref?: (el: HTMLInputElement | null) => void }) => (
    <label className={card}>
      <input
        ref={extra?.ref}
        type="radio"
        name={`${ids}-${name}`}
        checked={checked}
        onChange={onChange}
        className="mt-1 size-4 shrink-0 accent-(--p-accent)"
        data-testid={extra?.testId}
      />
      <span className="flex min-w-0 flex-col">
        <span className="font-medium">{label}</span>
        {hint && <span className="text-sm text-muted">{hint}</span>}
      </span>
    </label>
  );
  const dateField = (name: 'from' | 'to', label: string, bound: { min?: string; max?: string }): ReactNode => (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <label htmlFor={`${ids}-${name}`} className="text-sm font-medium">
        {label}
      </label>
      <input
        ref={(el) => {
          refs.current[name] = el;
        }}
        id={`${ids}-${name}`}
        type="date"
        value={draft[name]}
        onChange={(e) => change({ [name]: e.target.value }, ['from', 'to'])}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={[`${ids}-dates-hint`, problems[name] ? `${ids}-${name}-problem` : ''].filter(Boolean).join(' ')}
        className={`${field} w-full ${problems[name] ? 'border-danger' : ''}`}
        data-testid={`export-${name}`}
        {...(bound.min ? { min: bound.min } : {})}
        {...(bound.max ? { max: bound.max } : {})}
      />
      {problem(name)}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby={labelledBy} className="flex flex-col gap-5" data-testid="export-form">
      <fieldset className="flex min-w-0 flex-col gap-2">
        <legend className="mb-2 text-[15px] font-semibold">{t('exports.chats.legend')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {radio('chats', draft.all, () => change({ all: true }, ['chats']), t('exports.chats.all'), undefined, { testId: 'export-all-chats' })}
          {radio('chats', !draft.all, () => change({ all: false }), t('exports.chats.chosen'), undefined, {
            testId: 'export-chosen-chats',
            ref: (el) => {
              refs.current.chats = el;
            },
          })}
        </div>
        {!draft.all && (
          <ChatChooser
            selected={draft.chatIds}
            onChange={(chatIds) => change({ chatIds }, ['chats'])}
            first={first}
            describedBy={problems.chats ? `${ids}-chats-problem` : undefined}
            invalid={problems.chats !== undefined}
          />
        )}
        {problem('chats')}
      </fieldset>

      <fieldset className="flex min-w-0 flex-col gap-2">
        <legend className="mb-2 text-[15px] font-semibold">{t('exports.format.legend')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {FORMATS.map((f) => (
            <Fragment key={f}>
              {radio('format', draft.format === f, () => change({ format: f }), t(`exports.format.${f}`), t(`exports.format.${f}Hint`), { testId: `export-format-${f}` })}
            </Fragment>
          ))}
        </div>
        {draft.format === 'csv' && (
          <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl px-1 py-2">
            <input
              type="checkbox"
              checked={draft.spreadsheet}
              onChange={(e) => change({ spreadsheet: e.target.checked })}
              aria-describedby={`${ids}-bom-hint`}
              className="mt-1 size-4 shrink-0 accent-(--p-accent)"
              data-testid="export-spreadsheet"
            />
            <span className="flex min-w-0 flex-col">
              <span className="font-medium">{t('exports.spreadsheet')}</span>
              <span id={`${ids}-bom-hint`} className="text-sm text-muted">
                {t('exports.spreadsheetHint')}
              </span>
            </span>
          </label>
        )}
      </fieldset>

      <fieldset className="flex min-w-0 flex-col gap-2">
        <legend className="mb-2 text-[15px] font-semibold">{t('exports.dates.legend')}</legend>
        <div className="flex flex-col gap-3 sm:flex-row">
          {dateField('from', t('exports.dates.from'), { max: draft.to || undefined })}
          {dateField('to', t('exports.dates.to'), { min: draft.from || undefined })}
        </div>
        <p id={`${ids}-dates-hint`} className="text-sm text-muted">
          {t('exports.dates.hint')}
        </p>
      </fieldset>

      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="export-error">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} aria-busy={busy || undefined} className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong`} data-testid="export-start">
          {busy ? t('exports.starting') : t('exports.start')}
        </button>
        <p role="status" className="min-w-0 flex-1 text-sm text-muted" data-testid="export-started">
          {started ? t('exports.started') : ''}
        </p>
      </div>
    </form>
  );
}
