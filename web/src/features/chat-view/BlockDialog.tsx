// The question before blocking someone ("Block Alice? They will not be able to message you or
// see when you are online."), from a private chat's contact info or a message's "Block sender":
// Cancel has focus first; "Block" waits for the server ("Blocking…") and closes the dialog once
// it has it; a refusal stays in the dialog, in the server's words.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { blockConsequence, blockErrorText, blockTitle } from '../../client/blocks';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';

export interface BlockTarget {
  id: string;
  name: string;
}

export function BlockDialog({ person, onClose }: { person: BlockTarget; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const questionId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  return (
    <Modal title={blockTitle(person.name)} onClose={onClose} alert describedBy={questionId} testId="block-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <p id={questionId} className="text-sm">
          {blockConsequence()}
        </p>
        {error && (
          <p role="alert" className="text-sm text-danger">
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
              store.blocks.block(person.id).then(onClose, (err: unknown) => {
                setBusy(false);
                setError(blockErrorText(err, true));
              });
            }}
            className={`${button} bg-danger px-5 text-on-accent hover:opacity-90 disabled:opacity-60`}
          >
            {busy ? t('chat.blocking') : t('chat.block')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
