// A question before something that cannot be undone (remove a member, leave, revoke a link):
// Cancel has focus first; the action runs and the dialog closes when it is done. A failure
// shows as a toast and closes it, unless the action shows its failure itself.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { Modal } from '../../shared/Modal';
import { button } from './styles';
import { useT } from '../../i18n';

export interface Confirm {
  title: string;
  question: string;
  action: string;
  run: () => Promise<void>;
}

export function ConfirmDialog({ confirm, onClose, onDone }: { confirm: Confirm; onClose: () => void; onDone: (ok: boolean) => void }) {
  const t = useT();
  const store = useChatStore();
  const questionId = useId();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={confirm.title} onClose={onClose} alert describedBy={questionId} testId="confirm-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <p id={questionId} className="text-sm">
          {confirm.question}
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              confirm
                .run()
                .then(() => onDone(true))
                .catch((err: unknown) => {
                  store.showToast(errorMessage(err));
                  setBusy(false);
                  onClose();
                });
            }}
            className={`${button} bg-danger px-5 text-on-accent hover:opacity-90 disabled:opacity-60`}
          >
            {confirm.action}
          </button>
        </div>
      </div>
    </Modal>
  );
}
