// The question before a moderator's action on a report: "Dismiss this report?", "Delete this
// message for everyone?", "Warn Bob?" (what he reads), "Mute Bob?" with how long (10 minutes to
// a week), "Remove Bob from the group?" (a report of a message in a group) or (the server's
// staff, a report about a person) "Suspend Bob?" with how long (1 hour to 30 days, or until
// lifted), each with an optional reason (kept in the audit log; 1000 characters at most).
// Cancel has focus first; the action waits for the server and closes the dialog once it has it;
// a refusal (a report closed already, a scope not the user's, a group the user is no admin of)
// stays, in its words.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { MUTE_DURATIONS, muteSeconds } from '../../client/automod';
import { actionErrorText, commentCount, SUSPEND_DURATIONS, suspendedText, suspendSeconds } from '../../client/moderation';
import type { ReportActionName } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { ReasonField } from './ReasonField';
import { t, useT } from '../../i18n';

export type ReportAction = ReportActionName;

/** Said once done (the live region). */
function doneText(action: ReportAction, name: string, duration: string): string {
  const who = name.trim() || t('moderation.thePerson');
  switch (action) {
    case 'dismiss':
      return t('moderation.done.dismiss');
    case 'delete':
      return t('moderation.done.delete');
    case 'suspend':
      return suspendedText(name, duration);
    case 'warn':
      return t('moderation.done.warn', { name: who });
    case 'mute':
      return t('moderation.done.mute', { name: who, duration: MUTE_DURATIONS.find((d) => d.value === duration)?.label ?? t('moderation.mute.1h') });
    case 'remove':
      return t('moderation.done.remove', { name: who });
  }
}

function wordsOf(action: ReportAction, name: string) {
  const who = name.trim() || t('moderation.thisPerson');
  // Each action's words: moderation.ask.<action>.title, .question, .button, .busy.
  const key = `moderation.ask.${action === 'dismiss' || action === 'delete' || action === 'warn' || action === 'remove' || action === 'mute' ? action : 'suspend'}` as const;
  return {
    title: t(`${key}.title`, { name: who }),
    question: t(`${key}.question`, { name: who }),
    button: t(`${key}.button`),
    busy: t(`${key}.busy`),
  };
}

/** The durations each action that lasts offers, and the one chosen first. */
function durationsOf(action: ReportAction): { options: ReadonlyArray<{ value: string; label: string }>; first: string } | null {
  if (action === 'suspend') return { options: SUSPEND_DURATIONS, first: '1d' };
  if (action === 'mute') return { options: MUTE_DURATIONS, first: '1h' };
  return null;
}

export function ActionDialog({
  reportId,
  action,
  name = '',
  onClose,
  onDone,
}: {
  reportId: string;
  action: ReportAction;
  /** The person a suspension is of. */
  name?: string;
  onClose: () => void;
  /** Done: what to say. */
  onDone: (said: string) => void;
}) {
  useT();
  const store = useChatStore();
  const questionId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const durations = durationsOf(action);
  const [duration, setDuration] = useState(durations?.first ?? '');
  const durationId = useId();
  const words = wordsOf(action, name);
  const count = commentCount(reason);
  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  return (
    <Modal title={words.title} onClose={onClose} alert describedBy={questionId} testId="report-action-dialog">
      <form
        className="scrollbar-thin flex max-h-[calc(100dvh-8rem)] flex-col gap-4 overflow-y-auto px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || count.over) return;
          setBusy(true);
          setError(null);
          const seconds = action === 'suspend' ? suspendSeconds(duration) : action === 'mute' ? muteSeconds(duration) : undefined;
          const said = doneText(action, name, duration);
          store.moderation.act(reportId, action, reason, seconds).then(() => onDone(said), (err: unknown) => {
            setBusy(false);
            setError(actionErrorText(err, action));
          });
        }}
      >
        <p id={questionId} className="text-sm">
          {words.question}
        </p>
        {durations && (
          <fieldset className="flex flex-col gap-1">
            <legend id={durationId} className="mb-1 text-[15px] font-medium">
              {t('moderation.howLong')}
            </legend>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {durations.options.map((d) => (
                <label
                  key={d.value}
                  className="flex min-h-11 cursor-pointer items-center gap-2 rounded-xl border border-line bg-panel-2 px-3 text-sm has-checked:border-accent has-checked:bg-accent-soft"
                >
                  <input
                    type="radio"
                    name={durationId}
                    value={d.value}
                    checked={duration === d.value}
                    onChange={() => setDuration(d.value)}
                    className="size-5 accent-(--p-accent)"
                  />
                  {d.label}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {action === 'warn' ? (
          <ReasonField value={reason} onChange={setReason} label={t('moderation.warnReason')} hint={t('moderation.warnReasonHint')} />
        ) : (
          <ReasonField value={reason} onChange={setReason} />
        )}
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
            type="submit"
            disabled={busy || count.over}
            className={`${button} px-5 text-on-accent hover:opacity-90 disabled:opacity-60 ${action === 'dismiss' ? 'bg-accent' : 'bg-danger'}`}
          >
            {busy ? words.busy : words.button}
          </button>
        </div>
      </form>
    </Modal>
  );
}
