// Reporting a message (its menu's "Report…"), a person (a private chat's contact info) or a group
// (its info panel): why, as a radio group (Spam, Harassment, Violence, Sexual content, Illegal,
// Other, each with a line saying what it covers), an optional comment with its counter (1000
// characters at most, counted as the server counts them), and for a message or a person "Also
// block Alice" (not offered when she is blocked already). Submit waits for the server
// ("Sending…"); once it has the report the dialog closes and a toast says "Report sent.
// Moderators will review it."; a refusal stays in the dialog, in the server's words.
import { useId, useState, type FormEvent } from 'react';

import { useChatStore, useIsBlocked } from '../../app/store-context';
import { CATEGORIES, commentCount, reportSent, reportErrorText, reportTitle } from '../../client/moderation';
import type { ReportCategory, ReportKind } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { tx, useT, type MessageKey } from '../../i18n';

export interface ReportTarget {
  kind: ReportKind;
  /** The message's, person's or group's id. */
  targetId: string;
  /** The person it is about (a message's sender, the person reported): "Also block" them. */
  userId?: string;
  /** Their name (or the group's title). */
  name: string;
}

const WHAT: Record<ReportKind, MessageKey> = {
  message: 'chat.report.what.message',
  user: 'chat.report.what.user',
  group: 'chat.report.what.group',
};

export function ReportDialog({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const blockedAlready = useIsBlocked(target.userId);
  const ids = { what: useId(), radios: useId(), comment: useId(), counter: useId(), error: useId() };
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [comment, setComment] = useState('');
  const [block, setBlock] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = commentCount(comment);
  const offerBlock = target.userId !== undefined && target.kind !== 'group' && !blockedAlready;
  const name = target.name.trim() || t('moderation.report.thisPerson');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!category) {
      setError(t('chat.report.chooseWhy'));
      document.getElementById(`${ids.radios}-first`)?.focus();
      return;
    }
    if (count.over) {
      setError(t('chat.report.tooLong', { max: 1000 }));
      return;
    }
    setBusy(true);
    setError(null);
    const text = comment.trim();
    store.moderation
      .report({
        kind: target.kind,
        targetId: target.targetId,
        category,
        ...(text ? { comment: text } : {}),
        ...(offerBlock && block ? { block: true } : {}),
      })
      .then(
        () => {
          store.showToast(reportSent());
          onClose();
        },
        (err: unknown) => {
          setBusy(false);
          setError(reportErrorText(err));
        },
      );
  };

  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  return (
    <Modal title={reportTitle(target.kind, name)} onClose={onClose} describedBy={ids.what} testId="report-dialog">
      <form onSubmit={submit} noValidate className="scrollbar-thin flex max-h-[calc(100dvh-8rem)] flex-col gap-4 overflow-y-auto px-5 py-4">
        <p id={ids.what} className="text-sm text-muted">
          {t(WHAT[target.kind])} {t('chat.report.anonymous')}
        </p>
        <fieldset className="flex flex-col gap-0.5" aria-describedby={error && !category ? ids.error : undefined}>
          <legend className="mb-1 text-[15px] font-medium">{target.kind === 'message' ? t('chat.report.whyMessage') : target.kind === 'group' ? t('chat.report.whyGroup') : tx('chat.report.whyUser', { name: <bdi>{name}</bdi> })}</legend>
          {CATEGORIES.map((c, i) => {
            const hintId = `${ids.radios}-hint-${c.value}`;
            return (
              <label key={c.value} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl px-1 py-1.5 hover:bg-hover">
                <input
                  type="radio"
                  name={ids.radios}
                  value={c.value}
                  checked={category === c.value}
                  onChange={() => {
                    setCategory(c.value);
                    if (error && !count.over) setError(null);
                  }}
                  aria-describedby={hintId}
                  id={i === 0 ? `${ids.radios}-first` : undefined}
                  data-autofocus={i === 0 ? true : undefined}
                  className="mt-0.5 size-5 shrink-0 accent-(--p-accent)"
                />
                <span className="min-w-0">
                  <span className="block text-[15px]">{c.label}</span>
                  <span id={hintId} className="block text-xs text-muted">
                    {c.hint}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.comment} className="text-[15px] font-medium">
            {t('chat.report.comment')} <span className="font-normal text-muted">{t('chat.report.optional')}</span>
          </label>
          <textarea
            id={ids.comment}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={3}
            aria-describedby={ids.counter}
            aria-invalid={count.over || undefined}
            placeholder={t('chat.report.placeholder')}
            dir="auto"
            className="min-h-20 resize-y rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
          <p id={ids.counter} className={`self-end text-xs tabular-nums ${count.over ? 'font-semibold text-danger' : 'text-muted'}`}>
            <span className="sr-only">{t('chat.report.charsUsed')} </span>
            {count.text}
            {count.over && <span> {t('chat.report.tooLongMark')}</span>}
          </p>
        </div>
        {offerBlock && (
          <label className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-1 hover:bg-hover">
            <input type="checkbox" checked={block} onChange={(e) => setBlock(e.target.checked)} className="size-5 shrink-0 accent-(--p-accent)" />
            <span className="text-[15px]">{tx('chat.report.alsoBlock', { name: <bdi>{name}</bdi> })}</span>
          </label>
        )}
        {error && (
          <p id={ids.error} role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="report-error">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={busy} className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`}>
            {busy ? t('chat.report.sending') : t('chat.report.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
