// What the chat view shows of scheduled messages, handed in by the app (features do not import
// each other; the scheduled feature draws them): the schedule dialog the message box's clock
// opens (and a long press on Send, on touch screens), and the bar above the message box with
// the chat's scheduled messages. The chat view puts them in a context, so the composer deep
// inside it finds them; without it (tests), there is no clock and no bar.
import { createContext, useContext, type ComponentType } from 'react';

/** A file of the message box's tray, uploaded, that a scheduled message carries: its file id and name. */
export interface ScheduleFile {
  id: string;
  name: string;
}

export interface ScheduleSlots {
  /**
   * "Schedule message": the text given (the box's) scheduled with the tray's uploaded files (the
   * text is their caption then, and may be empty); `onScheduled` once it is (the box empties).
   */
  ScheduleDialog: ComponentType<{ chatId: string; text: string; files: readonly ScheduleFile[]; onClose: () => void; onScheduled: () => void }>;
  /** Above the message box: the chat's scheduled messages (their count, the list it opens); nothing when none. */
  ScheduledBar: ComponentType<{ chatId: string }>;
}

export const ScheduleSlotsContext = createContext<ScheduleSlots | null>(null);

/** The scheduled messages of the chat view around, or null when none were handed in. */
export function useScheduleSlots(): ScheduleSlots | null {
  return useContext(ScheduleSlotsContext);
}
