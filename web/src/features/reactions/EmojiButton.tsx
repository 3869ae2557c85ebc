// The message box's emoji button: opens the picker above it (a sheet on a narrow screen); the
// emoji chosen goes into the text at the caret (a custom one as its :shortcode:), the picker
// closes and writing goes on.
import { useT } from '../../i18n';
import { useRef, useState } from 'react';

import { SmileIcon } from '../../shared/icons';
import { PickerBody } from './PickerBody';
import { PickerSurface, useWide } from './PickerSurface';

export function EmojiButton({ chatId, onPick, onClose }: { chatId: string; onPick: (emoji: string) => void; onClose: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wide = useWide();
  const close = () => setOpen(false);
  return (
    <>
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t('reactions.insert')}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={t('reactions.insert')}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg"
        data-testid="emoji-button"
      >
        <SmileIcon size={22} />
      </button>
      {open && (
        <PickerSurface
          title={t('reactions.insert')}
          onClose={close}
          anchor={() => button.current}
          afterClose={onClose}
          testId="emoji-insert-picker"
        >
          <PickerBody
            chatId={chatId}
            fill={!wide}
            onPick={(emoji) => {
              onPick(emoji);
              close();
            }}
          />
        </PickerSurface>
      )}
    </>
  );
}
