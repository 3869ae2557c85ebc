// A set of templates as its manager shows it: the person's own (Settings › Templates) or a
// group's canned responses (its info panel). The templates by category (named ones in order,
// those with none last; no heading seen when none is named), each with its title, its "/shortcut" and the start of its text; for
// whoever may change the set (canManage), "New", and Edit and Delete per template (Delete asks
// first): the form (TemplateForm.tsx) takes the list's place while it is open, and focus comes
// back to the button that opened it. What was saved or deleted is said to screen readers; a
// refusal shows in words. The caller reads the set (the store) and gives the empty set's words.
import { useEffect, useId, useRef, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { byCategory, templateErrorText } from '../../client/templates';
import type { Template } from '../../client/templates-wire';
import { PencilIcon, PlusIcon, TrashIcon } from '../../shared/icons';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';
import { button } from './styles';
import { TemplateForm } from './TemplateForm';

interface Props {
  /** null: the person's own; else the group's chat id. */
  set: string | null;
  /** undefined while they load. */
  templates: readonly Template[] | undefined;
  canManage: boolean;
  /** What an empty set says. */
  emptyText: string;
  /** The "New" button's words. */
  newLabel: string;
  /** The id of the heading naming the set. */
  labelledBy: string;
}

export function TemplateSetEditor({ set, templates, canManage, emptyText, newLabel, labelledBy }: Props) {
  const t = useT();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const newButton = useRef<HTMLButtonElement>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  /** The button focus goes back to once the form closes. */
  const returnTo = useRef<string | null>(null);

  useEffect(() => {
    if (editing !== null || returnTo.current === null) return;
    const to = returnTo.current;
    returnTo.current = null;
    (editButtons.current.get(to) ?? newButton.current)?.focus();
  }, [editing]);

  const open = (tpl: Template | 'new') => {
    setError(null);
    setAnnounce('');
    returnTo.current = tpl === 'new' ? 'new' : tpl.id;
    setEditing(tpl);
  };

  if (editing !== null) {
    return (
      <TemplateForm
        set={set}
        editing={editing === 'new' ? null : editing}
        taken={templates ?? []}
        onDone={(saved) => {
          if (saved) {
            returnTo.current = saved.id;
            setAnnounce(t('templates.saved', { title: saved.title }));
          }
          setEditing(null);
        }}
      />
    );
  }

  const groups = byCategory(templates ?? []);
  return (
    <div className="flex flex-col gap-3" data-testid="template-set">
      {canManage && (
        <button
          ref={newButton}
          type="button"
          onClick={() => open('new')}
          className={`${button} self-start bg-accent-soft text-accent hover:bg-active`}
          data-testid="template-new"
        >
          <PlusIcon size={18} />
          {newLabel}
        </button>
      )}
      {templates === undefined ? (
        <p className="text-sm text-muted" role="status">
          {t('templates.loading')}
        </p>
      ) : groups.length === 0 ? (
        <p className="text-sm text-muted" data-testid="template-set-empty">
          {emptyText}
        </p>
      ) : (
        groups.map((g, i) => (
          <section key={g.category} aria-labelledby={`${labelledBy}-category-${i}`} className="flex flex-col gap-1" data-category={g.category}>
            {/* With no category named at all, no heading: "No category" alone says nothing. */}
            <h4
              id={`${labelledBy}-category-${i}`}
              className={groups.length === 1 && g.category === '' ? 'sr-only' : 'text-xs font-semibold tracking-wide text-muted uppercase'}
              dir="auto"
            >
              {g.category === '' ? t('templates.noCategory') : g.category}
            </h4>
            <ul className="flex flex-col divide-y divide-line rounded-xl border border-line" data-testid="template-list">
              {g.templates.map((x) => (
                <li key={x.id} className="flex items-start gap-2 py-2 ps-3 pe-1" data-testid="template-item" data-template-id={x.id}>
                  <div className="min-w-0 flex-1 py-1">
                    <p className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
                      <span className="min-w-0 font-medium break-words [overflow-wrap:anywhere]" dir="auto" data-testid="template-title">
                        {x.title}
                      </span>
                      {x.shortcut && (
                        <span className="shrink-0 rounded-md bg-accent-soft px-1.5 font-mono text-xs text-accent" data-testid="template-shortcut-tag">
                          {`/${x.shortcut}`}
                        </span>
                      )}
                    </p>
                    <p className="line-clamp-2 text-sm break-words whitespace-pre-wrap text-muted [overflow-wrap:anywhere]" dir="auto">
                      {x.content}
                    </p>
                  </div>
                  {canManage && (
                    <div className="flex shrink-0">
                      <button
                        ref={(el) => {
                          if (el) editButtons.current.set(x.id, el);
                          else editButtons.current.delete(x.id);
                        }}
                        type="button"
                        onClick={() => open(x)}
                        aria-label={t('templates.editLabel', { title: x.title })}
                        title={t('templates.edit')}
                        className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
                      >
                        <PencilIcon size={18} />
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          setError(null);
                          setDeleting(x);
                        }}
                        aria-label={t('templates.deleteLabel', { title: x.title })}
                        title={t('templates.delete')}
                        className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-danger-soft hover:text-danger"
                      >
                        <TrashIcon size={18} />
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="template-set-error">
          {error}
        </p>
      )}
      <p role="status" className="sr-only">
        {announce}
      </p>
      {deleting && (
        <DeleteDialog
          tpl={deleting}
          onClose={(outcome) => {
            setDeleting(null);
            if (outcome === 'deleted') setAnnounce(t('templates.deleted', { title: deleting.title }));
            else if (outcome !== null) setError(outcome);
          }}
        />
      )}
    </div>
  );
}

/** "Delete this template?", Keep it first (it has the focus). Closes with 'deleted', the refusal in words, or null (kept). */
function DeleteDialog({ tpl, onClose }: { tpl: Template; onClose: (outcome: string | null) => void }) {
  const t = useT();
  const store = useChatStore();
  const [busy, setBusy] = useState(false);
  const questionId = useId();
  const run = () => {
    setBusy(true);
    store.templates.remove(tpl).then(
      () => onClose('deleted'),
      (err: unknown) => onClose(templateErrorText(err)),
    );
  };
  return (
    <Modal title={t('templates.delete.title')} onClose={() => onClose(null)} alert describedBy={questionId} testId="template-delete-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <div id={questionId} className="flex flex-col gap-1 text-sm">
          <p className="break-words [overflow-wrap:anywhere]">{t('templates.delete.question', { title: tpl.title })}</p>
          {tpl.chatId !== null && <p>{t('templates.delete.group')}</p>}
        </div>
        <div className="flex flex-col gap-2">
          <button
            type="button"
            disabled={busy}
            onClick={run}
            className={`${button} w-full bg-danger text-on-accent hover:opacity-90 disabled:opacity-60`}
            data-testid="template-delete-confirm"
          >
            {busy ? t('templates.deleting') : t('templates.delete.confirm')}
          </button>
          <button type="button" data-autofocus onClick={() => onClose(null)} className={`${button} w-full hover:bg-hover`}>
            {t('templates.delete.keep')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
