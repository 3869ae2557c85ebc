// The question before a moderator's action on a report: "Dismiss this report?", "Delete this
// message for everyone?" or (the server's staff, a report about a person) "Suspend Bob?" with how
// long (1 hour to 30 days, or until lifted), each with an optional reason (kept in the audit log;
// 1000 characters at most). Cancel has focus first; the action waits for the server and closes the dialog once it
// has it; a refusal (a report closed already, a scope not the user's) stays, in its words.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { actionErrorText, commentCount, SUSPEND_DURATIONS, suspendedText, suspendSeconds } from '../../client/moderation';
import type { ReportActionName } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { ReasonField } from './ReasonField';

export type ReportAction = ReportActionName;

/** Said once done (the live region). */
const DONE: Record<ReportAction, string> = {
  dismiss: 'Report dismissed.',
  delete: 'Message deleted; the report is resolved.',
  suspend: '',
};

const WORDS: Record<Exclude<ReportAction, 'suspend'>, { title: string; question: string; button: string; busy: string }> = {
  dismiss: {
    title: 'Dismiss this report?',
    question: 'Nothing is removed; the report is closed as dismissed.',
    button: 'Dismiss',
    busy: 'Dismissing…',
  },
  delete: {
    title: 'Delete this message for everyone?',
    question: 'The message is deleted for everyone in its chat, and the report is resolved. This cannot be undone.',
    button: 'Delete message',
    busy: 'Deleting…',
  },
};

function wordsOf(action: ReportAction, name: string) {
  if (action !== 'suspend') return WORDS[action];
  const who = name.trim() || 'this person';
  return {
    title: `Suspend ${who}?`,
    question: `${who} is signed out everywhere and cannot sign in until the suspension ends or is lifted. The report is resolved.`,
    button: 'Suspend',
    busy: 'Suspending…',
  };
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
  const store = useChatStore();
  const questionId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [duration, setDuration] = useState('1d');
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
          const seconds = action === 'suspend' ? suspendSeconds(duration) : undefined;
          const said = action === 'suspend' ? suspendedText(name, duration) : DONE[action];
          store.moderation.act(reportId, action, reason, seconds).then(() => onDone(said), (err: unknown) => {
            setBusy(false);
            setError(actionErrorText(err, action));
          });
        }}
      >
        <p id={questionId} className="text-sm">
          {words.question}
        </p>
        {action === 'suspend' && (
          <fieldset className="flex flex-col gap-1">
            <legend id={durationId} className="mb-1 text-[15px] font-medium">
              How long
            </legend>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {SUSPEND_DURATIONS.map((d) => (
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
        <ReasonField value={reason} onChange={setReason} />
        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            Cancel
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
