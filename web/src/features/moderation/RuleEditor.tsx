// A rule's editor: its name; what it looks at (the kind, showing only that kind's settings: the
// words, the pattern, which links and domains, how many mentions, messages or repeats within how
// long); only accounts younger than some hours (required for "New accounts"); what it does (and
// for how long a mute lasts, and what the sender is told when refused); on or off. "Dry run" asks
// the server what the rule as written would have matched among the scope's recent messages ("3 of
// 120 recent messages would match", and those messages: sender, text, time); "Save" adds or
// changes it; "Delete rule…" asks first. What is wrong shows beside its field, named by the
// field's description (aria-describedby): the checks made here, and the server's refusal, which
// names the setting (an alert); focus goes to the first field wrong.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

import { useChatStore } from '../../app/store-context';
import {
  checkRuleForm,
  DEFAULT_MUTE_SECONDS,
  dryRunText,
  durationText,
  emptyRuleForm,
  FIELD_LABEL,
  fieldShown,
  KIND_FIELDS,
  LINK_MODES,
  refusedField,
  RULE_ACTIONS,
  RULE_KINDS,
  RULE_MUTE_SECONDS,
  ruleFormOf,
  ruleSettings,
  type FieldErrors,
  type RuleField,
  type RuleForm,
} from '../../client/automod';
import type { DryRunAnswer, Rule } from '../../client/automod-wire';
import { ApiError, errorMessage } from '../../client/errors';
import { personLabel } from '../../client/moderation';
import type { User } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { Switch } from '../../shared/Switch';
import { When } from './ReportCard';
import { t as translate, useT, type MessageKey } from '../../i18n';

const control =
  'min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15 aria-invalid:border-danger';
const input = `h-11 ${control}`;
/** A select: the width of its options on wide screens, the whole line on phones. */
const choice = `${input} sm:max-w-md`;
const button = 'h-11 rounded-xl px-4 text-sm font-medium disabled:opacity-60';

/** The hints under some fields. */
const HINT: Partial<Record<RuleField, MessageKey>> = {
  words: 'moderation.editor.hint.words',
  pattern: 'moderation.editor.hint.pattern',
  domains: 'moderation.editor.hint.domains',
  newAccountHours: 'moderation.editor.hint.newAccountHours',
  message: 'moderation.editor.hint.message',
};

export function RuleEditor({
  scope,
  rule,
  names,
  onClose,
  onDone,
}: {
  /** The server's (null) or a group's. */
  scope: string | null;
  /** The rule changed; null: a new one. */
  rule: Rule | null;
  names: Readonly<Record<string, Pick<User, 'name'>>>;
  onClose: () => void;
  /** Saved or deleted: what to say, and the rule saved (none once deleted). */
  onDone: (said: string, rule: Rule | null) => void;
}) {
  const t = useT();
  const store = useChatStore();
  const base = useId();
  const headingId = `${base}-heading`;
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleFormOf(rule) : emptyRuleForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  /** The field the server's refusal named (said as an alert). */
  const [refused, setRefused] = useState<RuleField | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'dry' | 'delete' | null>(null);
  const [dry, setDry] = useState<DryRunAnswer | null>(null);
  const [asking, setAsking] = useState(false);

  const idOf = (f: RuleField) => `${base}-${f}`;
  const set = <K extends RuleField>(field: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => {
      const { [field]: _gone, ...rest } = e;
      return rest;
    });
    if (refused === field) setRefused(null);
  };
  const focus = (field: RuleField) => requestAnimationFrame(() => document.getElementById(idOf(field))?.focus());

  /** The form's settings when they pass the checks made here; else the errors shown, the first field focused. */
  const checked = () => {
    const found = checkRuleForm(form);
    setErrors(found);
    setRefused(null);
    setFormError(null);
    const first = (Object.keys(form) as RuleField[]).find((f) => found[f] !== undefined);
    if (first) {
      focus(first);
      return null;
    }
    return ruleSettings(form);
  };

  /** The server's refusal: beside the field it names, else above the buttons. */
  const refusal = (err: unknown, what: 'moderation.editor.failed.save' | 'moderation.editor.failed.try') => {
    const field = err instanceof ApiError && err.status === 400 ? refusedField(err.message) : null;
    if (field && fieldShown(form, field)) {
      setErrors((e) => ({ ...e, [field]: err instanceof Error ? err.message : String(err) }));
      setRefused(field);
      focus(field);
    } else {
      setFormError(translate(what, { error: errorMessage(err) }));
    }
  };

  const save = () => {
    const settings = checked();
    if (!settings || busy) return;
    setBusy('save');
    store.automod.saveRule(scope, rule?.id ?? null, settings).then(
      (saved) => onDone(translate(rule ? 'moderation.editor.saved' : 'moderation.editor.added', { name: saved.name }), saved),
      (err: unknown) => {
        setBusy(null);
        refusal(err, 'moderation.editor.failed.save');
      },
    );
  };

  const dryRun = () => {
    const settings = checked();
    if (!settings || busy) return;
    setBusy('dry');
    setDry(null);
    store.automod.dryRun(scope, settings).then(
      (answer) => {
        setBusy(null);
        setDry(answer);
      },
      (err: unknown) => {
        setBusy(null);
        refusal(err, 'moderation.editor.failed.try');
      },
    );
  };

  /** A field: its label, the control, its hint and its error, the control described by both. */
  const field = (f: RuleField, make: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode) => {
    if (!fieldShown(form, f)) return null;
    const hintKey = HINT[f];
    const hint = f === 'newAccountHours' && form.kind === 'new_account' ? t('moderation.editor.hint.newAccountRequired') : hintKey ? t(hintKey) : undefined;
    const described = [hint ? `${idOf(f)}-hint` : '', errors[f] ? `${idOf(f)}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className="flex flex-col gap-1" data-field={f}>
        <label htmlFor={idOf(f)} className="text-[15px] font-medium">
          {FIELD_LABEL[f]}
          {f === 'newAccountHours' && form.kind !== 'new_account' && <span className="font-normal text-muted"> {t('moderation.editor.optional')}</span>}
        </label>
        {make({ id: idOf(f), ...(described ? { 'aria-describedby': described } : {}), ...(errors[f] ? { 'aria-invalid': true as const } : {}) })}
        {hint && (
          <p id={`${idOf(f)}-hint`} className="text-xs text-muted">
            {hint}
          </p>
        )}
        {errors[f] && (
          <p id={`${idOf(f)}-error`} role={refused === f ? 'alert' : undefined} className="text-sm font-medium text-danger" data-testid="field-error">
            {errors[f]}
          </p>
        )}
      </div>
    );
  };
  const number = (f: RuleField, min: number, max: number) =>
    field(f, (p) => (
      <input
        {...p}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={form[f] as string}
        onChange={(e) => set(f, e.target.value as never)}
        className={`${input} w-32`}
      />
    ));
  const muteChoices = RULE_MUTE_SECONDS.includes(Number(form.muteSeconds)) ? RULE_MUTE_SECONDS : [...RULE_MUTE_SECONDS, Number(form.muteSeconds) || DEFAULT_MUTE_SECONDS];
  const kindHint = RULE_KINDS.find((k) => k.value === form.kind)?.hint ?? '';
  const actionHint = RULE_ACTIONS.find((a) => a.value === form.action)?.hint ?? '';

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-2xl border border-line bg-panel p-4 shadow-soft" data-testid="rule-editor">
      <h3 id={headingId} className="text-[15px] font-semibold break-words">
        {rule ? t('moderation.editor.editTitle', { name: rule.name }) : t('moderation.editor.newTitle')}
      </h3>
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {field('name', (p) => <input {...p} type="text" value={form.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" dir="auto" className={input} />)}
        {field('kind', (p) => (
          <>
            <select {...p} aria-describedby={[p['aria-describedby'], `${base}-kind-hint`].filter(Boolean).join(' ')} value={form.kind} onChange={(e) => set('kind', e.target.value as RuleForm['kind'])} className={choice}>
              {RULE_KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
            <p id={`${base}-kind-hint`} className="text-xs text-muted">
              {kindHint}
            </p>
          </>
        ))}
        {KIND_FIELDS[form.kind].length > 0 && (
          <fieldset className="flex flex-col gap-4 rounded-xl border border-line px-3 pt-1 pb-3">
            <legend className="px-1 text-xs font-semibold tracking-wide text-muted uppercase">{RULE_KINDS.find((k) => k.value === form.kind)?.label}</legend>
            {field('words', (p) => (
              <textarea {...p} rows={3} value={form.words} onChange={(e) => set('words', e.target.value)} dir="auto" className={`${control} min-h-20 resize-y py-2`} />
            ))}
            {field('pattern', (p) => (
              <input {...p} type="text" value={form.pattern} onChange={(e) => set('pattern', e.target.value)} spellCheck={false} autoComplete="off" dir="ltr" className={`${input} font-mono`} />
            ))}
            {field('linkMode', (p) => (
              <select {...p} value={form.linkMode} onChange={(e) => set('linkMode', e.target.value as RuleForm['linkMode'])} className={choice}>
                {LINK_MODES.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            ))}
            {field('domains', (p) => (
              <textarea {...p} rows={2} value={form.domains} onChange={(e) => set('domains', e.target.value)} spellCheck={false} dir="ltr" className={`${control} min-h-16 resize-y py-2`} />
            ))}
            {number('maxMentions', 1, 1000)}
            {number('maxMessages', 1, 1000)}
            {number('maxRepeats', 2, 100)}
            {number('perSeconds', 1, 3600)}
          </fieldset>
        )}
        {number('newAccountHours', form.kind === 'new_account' ? 1 : 0, 8760)}
        {field('action', (p) => (
          <>
            <select {...p} aria-describedby={[p['aria-describedby'], `${base}-action-hint`].filter(Boolean).join(' ')} value={form.action} onChange={(e) => set('action', e.target.value as RuleForm['action'])} className={choice}>
              {RULE_ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
            <p id={`${base}-action-hint`} className="text-xs text-muted">
              {actionHint}
            </p>
          </>
        ))}
        {field('muteSeconds', (p) => (
          <select {...p} value={form.muteSeconds} onChange={(e) => set('muteSeconds', e.target.value)} className={choice}>
            {muteChoices.map((s) => (
              <option key={s} value={String(s)}>
                {durationText(s)}
              </option>
            ))}
          </select>
        ))}
        {field('message', (p) => <input {...p} type="text" value={form.message} onChange={(e) => set('message', e.target.value)} dir="auto" className={input} />)}
        <Switch label={t('moderation.field.enabled')} description={t('moderation.editor.onHint')} checked={form.enabled} onChange={(on) => set('enabled', on)} testId="rule-enabled" />
        {formError && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {formError}
          </p>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2">
          {rule && (
            <button
              type="button"
              onClick={() => setAsking(true)}
              disabled={busy !== null}
              aria-haspopup="dialog"
              className={`${button} me-auto bg-danger-soft text-danger hover:opacity-90`}
            >
              {t('moderation.editor.deleteRule')}
            </button>
          )}
          <button type="button" onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button type="button" onClick={dryRun} disabled={busy !== null} className={`${button} bg-panel-2 hover:bg-hover`}>
            {busy === 'dry' ? t('moderation.editor.trying') : t('moderation.editor.dryRun')}
          </button>
          <button type="submit" disabled={busy !== null} className={`${button} bg-accent px-5 text-on-accent hover:opacity-90`}>
            {busy === 'save' ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      <DryRun answer={dry} busy={busy === 'dry'} names={names} />
      {asking && rule && (
        <DeleteRuleDialog
          rule={rule}
          onClose={() => setAsking(false)}
          onDone={() => {
            setAsking(false);
            onDone(t('moderation.editor.deleted', { name: rule.name }), null);
          }}
        />
      )}
    </section>
  );
}

/** The dry run's answer: the count in words and the messages matched (the latest first). */
function DryRun({ answer, busy, names }: { answer: DryRunAnswer | null; busy: boolean; names: Readonly<Record<string, Pick<User, 'name'>>> }) {
  const t = useT();
  const headingId = useId();
  const ref = useRef<HTMLDivElement>(null);
  // The answer is below the buttons: brought into view as it comes.
  useEffect(() => {
    if (answer) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [answer]);
  return (
    <div ref={ref} className="flex scroll-mb-4 flex-col gap-2" data-testid="dry-run">
      <p id={headingId} role="status" className={`text-sm ${answer ? 'font-semibold' : 'text-muted'}`} data-testid="dry-run-count">
        {busy ? t('moderation.editor.dryRunBusy') : answer ? dryRunText(answer) : ''}
      </p>
      {answer && (
        <>
          {answer.matches.length > 0 && (
            <ol aria-labelledby={headingId} className="scrollbar-thin flex max-h-80 flex-col gap-1 overflow-y-auto rounded-xl bg-chat p-2">
              {answer.matches.map((m) => (
                <li key={m.id} className="rounded-xl px-2 py-1.5" data-testid="dry-run-match">
                  <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
                    <bdi className="font-semibold">{m.sender?.name || personLabel(names, m.senderId) || t('moderation.unknownPerson')}</bdi>
                    <span className="text-muted">
                      <When at={m.createdAt} />
                    </span>
                  </p>
                  <p className="text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto" data-testid="dry-run-text">
                    {m.content}
                  </p>
                </li>
              ))}
            </ol>
          )}
          {answer.matchedCount > answer.matches.length && (
            <p className="text-xs text-muted">{t('moderation.editor.latestShown', { count: answer.matches.length })}</p>
          )}
        </>
      )}
    </div>
  );
}

function DeleteRuleDialog({ rule, onClose, onDone }: { rule: Rule; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const store = useChatStore();
  const questionId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title={t('moderation.editor.deleteTitle', { name: rule.name })} onClose={onClose} alert describedBy={questionId} testId="delete-rule-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <p id={questionId} className="text-sm">
          {t('moderation.editor.deleteQuestion')}
        </p>
        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              store.automod.deleteRule(rule).then(onDone, (err: unknown) => {
                setBusy(false);
                setError(t('moderation.editor.deleteFailed', { error: errorMessage(err) }));
              });
            }}
            className={`${button} bg-danger px-5 text-on-accent hover:opacity-90`}
          >
            {busy ? t('moderation.card.deleting') : t('moderation.editor.deleteButton')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
