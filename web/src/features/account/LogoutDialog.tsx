// Asks before logging out: logging out forgets what this device keeps of the account (the
// chats kept for offline use and the messages not sent yet), so it says how many would go.
import { useId } from 'react';

import { useChatStore, useQueuedCount } from '../../app/store-context';
import { navigate } from '../../app/router';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';

export function LogoutDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const waiting = useQueuedCount();
  const questionId = useId();

  return (
    <Modal title={t('account.logout.title')} onClose={onClose} alert describedBy={questionId} testId="logout-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <p id={questionId} className="text-sm">
          {t('account.logout.question')}
          {waiting > 0 && ` ${t('account.logout.discarded', { count: waiting })}`}
        </p>
        <div className="flex justify-end gap-2">
          <button
            type="button"
            data-autofocus
            onClick={onClose}
            className="h-11 rounded-xl px-4 text-sm font-medium hover:bg-hover"
          >
            {t('common.cancel')}
          </button>
          <button
            type="button"
            onClick={() => {
              onClose();
              void store.logout();
              navigate({ name: 'login' }, true);
            }}
            className="h-11 rounded-xl bg-danger px-5 text-sm font-medium text-on-accent hover:opacity-90"
          >
            {t('account.logout.action')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
