// One template written or changed, in the person's own set or a group's: its title, a category
// (those already used offered in a list), a shortcut (shown after a "/" it is typed without;
// lower case), and its text, with a button per variable that puts it at the caret and a live
// preview of what the text becomes in a chat with a sample person. What is wrong shows beside
// its field before anything is sent (focus goes to the first such field), the server's refusal
// (a shortcut taken meanwhile, the set full, not an admin any more) above the buttons in words.
// Create (or Save) waits for the server; Cancel leaves without saving, and so does Esc while
// nothing was changed (with changes, Esc does nothing: neither the form nor the page or panel
// around it closes, so nothing written is lost).
import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

import { useChatStore, useSession } from '../../app/store-context';
import { useNow } from '../../shared/useNow';
import {
  categoriesOf,
  draftOf,
  draftProblems,
  expandTemplate,
  firstName,
  TEMPLATE_VARIABLES,
  templateErrorText,
  todayText,
  type DraftField,
  type TemplateDraft,
} from '../../client/templates';
import { TEMPLATE_LIMITS, type Template } from '../../client/templates-wire';
import { useT } from '../../i18n';
import { button, field } from './styles';

interface Props {
  /** null: the person's own; else the group's chat id. */
  set: string | null;
  /** The template changed; null: a new one. */
  editing: Template | null;
  /** The set's templates: their categories are offered, their shortcuts are taken. */
  taken: readonly Template[];
  /** Saved (the template as the server has it), or cancelled (null). */
  onDone: (saved: Template | null) => void;
}

const FIELDS: readonly DraftField[] = ['title', 'category', 'shortcut', 'content'];

export function TemplateForm({ set, editing, taken, onDone }: Props) {
  const t = useT();
  const store = useChatStore();
  const myName = useSession((s) => s.user?.name ?? '');
  const today = todayText(useNow(60000).getTime());
  const ids = useId();
  const [draft, setDraft] = useState<TemplateDraft>(() => draftOf(editing));
  const [problems, setProblems] = useState<Partial<Record<DraftField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = useRef<Partial<Record<DraftField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  /** Where the caret goes once a variable put in the text is rendered. */
  const caretAfter = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = refs.current.content;
    const caret = caretAfter.current;
    if (!el || caret === null) return;
    caretAfter.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [draft.content]);

  const change = (name: DraftField, value: string) => {
    setDraft((d) => ({ ...d, [name]: value }));
    setProblems(({ [name]: _fixed, ...rest }) => rest);
  };

  const insertVariable = (variable: string) => {
    const el = refs.current.content;
    const token = `{${variable}}`;
    const start = el?.selectionStart ?? draft.content.length;
    const end = el?.selectionEnd ?? draft.content.length;
    caretAfter.current = start + token.length;
    change('content', draft.content.slice(0, start) + token + draft.content.slice(end));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = draftProblems(draft, taken, editing?.id);
    setProblems(found);
    setError(null);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    setBusy(true);
    const saving = editing ? store.templates.update(editing, draft) : store.templates.create(set, draft);
    saving.then(onDone, (err: unknown) => {
      setBusy(false);
      setError(templateErrorText(err));
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    e.stopPropagation();
    const unchanged = FIELDS.every((f) => draft[f] === draftOf(editing)[f]);
    if (unchanged) onDone(null);
  };

  const sample = t('templates.sample.name');
  const preview = expandTemplate(draft.content, { name: sample, first_name: firstName(sample), my_name: myName, date: today });
  const categories = categoriesOf(taken);
  /** A field's label, its control (given its ids), its hint and what is wrong with it. */
  const row = (name: DraftField, label: string, control: (describedBy: string | undefined) => ReactNode, hint?: string) => {
    const problem = problems[name];
    const describedBy = [hint ? `${ids}-${name}-hint` : '', problem ? `${ids}-${name}-problem` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-${name}`} className="text-sm font-medium">
          {label}
        </label>
        {control(describedBy)}
        {hint && (
          <p id={`${ids}-${name}-hint`} className="text-xs text-muted">
            {hint}
          </p>
        )}
        {problem && (
          <p id={`${ids}-${name}-problem`} className="text-sm text-danger" data-testid={`template-problem-${name}`}>
            {problem}
          </p>
        )}
      </div>
    );
  };
  const input = (name: 'title' | 'category', extra: { list?: string; maxLength: number; autoFocus?: boolean }) => (describedBy: string | undefined) => (
    <input
      ref={(el) => {
        refs.current[name] = el;
      }}
      id={`${ids}-${name}`}
      value={draft[name]}
      onChange={(e) => change(name, e.target.value)}
      autoComplete="off"
      dir="auto"
      aria-invalid={problems[name] ? true : undefined}
      aria-describedby={describedBy}
      className={`${field} h-11 ${problems[name] ? 'border-danger' : 'border-line'}`}
      data-testid={`template-${name}`}
      {...extra}
    />
  );

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate className="@container flex flex-col gap-4" data-testid="template-form" aria-labelledby={`${ids}-heading`}>
      <h4 id={`${ids}-heading`} className="text-[15px] font-semibold">
        {editing ? t('templates.form.edit') : t('templates.form.new')}
      </h4>
      {row('title', t('templates.field.title'), input('title', { maxLength: TEMPLATE_LIMITS.title + 20, autoFocus: true }))}
      <div className="grid gap-4 @lg:grid-cols-2">
        {row('category', t('templates.field.category'), input('category', { list: `${ids}-categories`, maxLength: TEMPLATE_LIMITS.category + 20 }), t('templates.field.categoryHint'))}
        {row(
          'shortcut',
          t('templates.field.shortcut'),
          (describedBy) => (
            <div
              className={`flex h-11 items-center rounded-xl border bg-panel-2 focus-within:border-accent focus-within:ring-3 focus-within:ring-accent/15 ${problems.shortcut ? 'border-danger' : 'border-line'}`}
            >
              <span aria-hidden="true" className="ps-3 font-mono text-muted">
                /
              </span>
              <input
                ref={(el) => {
                  refs.current.shortcut = el;
                }}
                id={`${ids}-shortcut`}
                value={draft.shortcut}
                onChange={(e) => change('shortcut', e.target.value.toLowerCase())}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={TEMPLATE_LIMITS.shortcut + 8}
                aria-invalid={problems.shortcut ? true : undefined}
                aria-describedby={describedBy}
                className="h-full min-w-0 flex-1 bg-transparent ps-0.5 pe-3 font-mono text-[15px] outline-none"
                data-testid="template-shortcut"
              />
            </div>
          ),
          t('templates.field.shortcutHint'),
        )}
      </div>
      <datalist id={`${ids}-categories`}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {row(
        'content',
        t('templates.field.content'),
        (describedBy) => (
          <>
            <div role="group" aria-label={t('templates.variables')} className="flex flex-wrap gap-1.5" data-testid="template-variables">
              {TEMPLATE_VARIABLES.map((v) => {
                const description = t(`templates.variable.${v}`);
                return (
                  <button
                    key={v}
                    type="button"
                    onClick={() => insertVariable(v)}
                    aria-label={t('templates.variable.insert', { variable: `{${v}}`, description })}
                    title={description}
                    className="inline-flex min-h-11 items-center gap-1.5 rounded-full border border-line px-3 text-sm hover:bg-hover md:min-h-9"
                    data-variable={v}
                  >
                    <span className="font-mono text-accent">{`{${v}}`}</span>
                    <span className="hidden text-muted @lg:inline">{description}</span>
                  </button>
                );
              })}
            </div>
            <textarea
              ref={(el) => {
                refs.current.content = el;
              }}
              id={`${ids}-content`}
              value={draft.content}
              onChange={(e) => change('content', e.target.value)}
              rows={4}
              dir="auto"
              aria-invalid={problems.content ? true : undefined}
              aria-describedby={describedBy}
              className={`${field} min-h-24 resize-y py-2 ${problems.content ? 'border-danger' : 'border-line'}`}
              data-testid="template-content"
            />
            <p className={`text-end text-xs ${draft.content.length > TEMPLATE_LIMITS.content ? 'text-danger' : 'text-muted'}`}>
              {t('templates.field.contentCount', { length: draft.content.length, max: TEMPLATE_LIMITS.content })}
            </p>
          </>
        ),
        t('templates.variables.hint'),
      )}
      <div className="flex flex-col gap-1 rounded-xl bg-panel-2 px-3 py-2" data-testid="template-preview">
        <p className="text-xs font-semibold text-muted">
          {t('templates.preview')} <span className="font-normal">· {t('templates.preview.hint', { name: sample })}</span>
        </p>
        <p className={`text-[15px] break-words whitespace-pre-wrap [overflow-wrap:anywhere] ${preview.trim() === '' ? 'text-muted' : ''}`} dir="auto" data-testid="template-preview-text">
          {preview.trim() === '' ? t('templates.preview.empty') : preview}
        </p>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="template-error">
          {error}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={() => onDone(null)} className={`${button} hover:bg-hover`}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy} className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`} data-testid="template-submit">
          {busy ? t('templates.saving') : editing ? t('templates.save') : t(set === null ? 'templates.create' : 'templates.createCanned')}
        </button>
      </div>
    </form>
  );
}
