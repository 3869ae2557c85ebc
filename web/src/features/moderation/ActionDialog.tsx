// The question before a moderator's action on a report: "Dismiss this report?" or "Delete this
// message for everyone?", with an optional reason (kept in the audit log; 1000 characters at
// most). Cancel has focus first; the action waits for the server and closes the dialog once it
// has it; a refusal (a report closed already, a scope not the user's) stays, in its words.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { actionErrorText, commentCount } from '../../client/moderation';
import { Modal } from '../../shared/Modal';

export type ReportAction = 'dismiss' | 'delete';

const WORDS: Record<ReportAction, { title: string; question: string; button: string; busy: string }> = {
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

export function ActionDialog({
  reportId,
  action,
  onClose,
  onDone,
}: {
  reportId: string;
  action: ReportAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const store = useChatStore();
  const questionId = useId();
  const reasonId = useId();
  const counterId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const words = WORDS[action];
  const count = commentCount(reason);
  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  return (
    <Modal title={words.title} onClose={onClose} alert describedBy={questionId} testId="report-action-dialog">
      <form
        className="flex flex-col gap-4 px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || count.over) return;
          setBusy(true);
          setError(null);
          store.moderation.act(reportId, action, reason).then(onDone, (err: unknown) => {
            setBusy(false);
            setError(actionErrorText(err, action));
          });
        }}
      >
        <p id={questionId} className="text-sm">
          {words.question}
        </p>
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="text-[15px] font-medium">
            Reason <span className="font-normal text-muted">(optional, kept in the audit log)</span>
          </label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            dir="auto"
            aria-describedby={counterId}
            aria-invalid={count.over || undefined}
            className="min-h-16 resize-y rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
          <p id={counterId} className={`self-end text-xs tabular-nums ${count.over ? 'font-semibold text-danger' : 'text-muted'}`}>
            <span className="sr-only">Characters used: </span>
            {count.text}
          </p>
        </div>
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
            className={`${button} px-5 text-on-accent hover:opacity-90 disabled:opacity-60 ${action === 'delete' ? 'bg-danger' : 'bg-accent'}`}
          >
            {busy ? words.busy : words.button}
          </button>
        </div>
      </form>
    </Modal>
  );
}
