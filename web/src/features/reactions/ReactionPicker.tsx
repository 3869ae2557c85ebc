// The full picker for a reaction to one message ("more" in its menu's quick reactions): beside
// the message (a sheet on a narrow screen); choosing an emoji toggles it as the user's reaction
// and closes the picker, and focus goes back to the message.
import { useT } from '../../i18n';
import { useChatStore } from '../../app/store-context';
import type { ViewMessage } from '../../client/types';
import { PickerBody } from './PickerBody';
import { PickerSurface, useWide } from './PickerSurface';

/** The message's bubble on screen (the timeline's, else a thread panel's). */
function bubbleOf(messageId: string): HTMLElement | null {
  const all = [...document.querySelectorAll<HTMLElement>(`[data-bubble="${CSS.escape(messageId)}"]`)];
  return all.find((el) => el.getClientRects().length > 0) ?? all[0] ?? null;
}

export function ReactionPicker({ chatId, message, onClose }: { chatId: string; message: ViewMessage; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const wide = useWide();
  return (
    <PickerSurface
      title={t('reactions.choose')}
      onClose={onClose}
      anchor={() => bubbleOf(message.id)}
      returnFocus={() => bubbleOf(message.id)}
      testId="reaction-picker"
    >
      <PickerBody
        chatId={chatId}
        fill={!wide}
        onPick={(emoji) => {
          onClose();
          void store.reactions.toggle(chatId, message.id, emoji);
        }}
      />
    </PickerSurface>
  );
}
