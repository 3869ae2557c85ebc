// Deleting one message or a selection: "Delete for me" (any message; it disappears on the
// user's devices only) and, when allowed for every message (their own within the window, or
// an admin's or owner's in a group), "Delete for everyone" (a tombstone in its place for all).
// Cancel has focus first. A failure shows as a toast; nothing was deleted then (the server
// deletes all or none).
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { DeleteChoices } from '../../client/lifecycle';
import type { DeleteScope } from '../../client/message-lifecycle';
import type { ViewMessage } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { t as translate, useT } from '../../i18n';

const button = 'min-h-11 w-full rounded-xl px-4 text-sm font-medium disabled:opacity-60';

interface Props {
  chatId: string;
  messages: readonly ViewMessage[];
  choices: DeleteChoices;
  onClose: () => void;
  /** Deleted: the caller ends a selection. */
  onDone: () => void;
}

export function DeleteDialog({ chatId, messages, choices, onClose, onDone }: Props) {
  const t = useT();
  const store = useChatStore();
  const questionId = useId();
  const [busy, setBusy] = useState(false);
  const one = messages.length === 1;
  const title = one ? t('chat.delete.titleOne') : t('chat.delete.title', { count: messages.length });
  const question = choices.forEveryone
    ? t(one ? 'chat.delete.questionOne' : 'chat.delete.questionMany')
    : t(one ? 'chat.delete.onlyMeOne' : 'chat.delete.onlyMeMany');

  const run = (scope: DeleteScope) => {
    setBusy(true);
    store.lifecycle
      .remove(
        chatId,
        messages.map((m) => m.id),
        scope,
      )
      .then(onDone)
      .catch((err: unknown) => {
        store.showToast(translate('chat.delete.failed', { error: errorMessage(err) }));
        onClose();
      });
  };

  return (
    <Modal title={title} onClose={onClose} alert describedBy={questionId} testId="delete-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <p id={questionId} className="text-sm">
          {question}
        </p>
        <div className="flex flex-col gap-2">
          {choices.forEveryone && (
            <button
              type="button"
              disabled={busy}
              onClick={() => run('everyone')}
              className={`${button} bg-danger text-on-accent hover:opacity-90`}
            >
              {t('chat.delete.forEveryone')}
            </button>
          )}
          {choices.forMe && (
            <button
              type="button"
              disabled={busy}
              onClick={() => run('me')}
              className={`${button} ${choices.forEveryone ? 'border border-danger/40 text-danger hover:bg-danger-soft' : 'bg-danger text-on-accent hover:opacity-90'}`}
            >
              {t('chat.delete.forMe')}
            </button>
          )}
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
