// The server's custom emoji, for its admins (the account menu offers it to them only): every
// emoji of the server's set, usable in every chat, with a remove button each, and the upload
// form (shared/EmojiSetEditor.tsx). The set is loaded again when the dialog opens.
import { useEffect, useId } from 'react';

import { useChatStore, useEmojiSet } from '../../app/store-context';
import { EmojiSetEditor } from '../../shared/EmojiSetEditor';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';

export function CustomEmojiDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const set = useEmojiSet(null);
  const introId = useId();
  useEffect(() => {
    void store.emoji.load(null);
  }, [store]);
  return (
    <Modal title={t('account.customEmoji')} onClose={onClose} testId="custom-emoji-dialog">
      <div className="flex max-h-[80dvh] flex-col gap-3 overflow-y-auto px-5 py-4">
        <p id={introId} className="text-sm text-muted">
          {t('account.emoji.intro')}
        </p>
        <EmojiSetEditor
          set={set}
          labelledBy={introId}
          emptyText={t('account.emoji.empty')}
          onAdd={(shortcode, image) => store.emoji.add(null, shortcode, image)}
          onRemove={(shortcode) => store.emoji.remove(null, shortcode)}
          testId="server-emoji"
        />
      </div>
    </Modal>
  );
}
