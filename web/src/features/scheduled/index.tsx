// The scheduled feature as the app hands it to the chat view (its ScheduleSlots): the schedule
// dialog the message box opens, and the bar of the chat's scheduled messages with their list.
import { ScheduleDialog } from './ScheduleDialog';
import { ScheduledBar } from './ScheduledBar';

/** The message box's dialog: its text and its tray's files scheduled; `onScheduled` once the server has it. */
function ComposerScheduleDialog({
  chatId,
  text,
  files,
  onClose,
  onScheduled,
}: {
  chatId: string;
  text: string;
  files: ReadonlyArray<{ id: string; name: string }>;
  onClose: () => void;
  onScheduled: () => void;
}) {
  return <ScheduleDialog chatId={chatId} text={text} files={files} onClose={onClose} onDone={onScheduled} />;
}

export const scheduleSlots = { ScheduleDialog: ComposerScheduleDialog, ScheduledBar };
