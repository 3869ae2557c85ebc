// What the chat view shows of files, handed in by the app (features do not import each other;
// the files feature draws them): a message's files in its bubble, the message box's tray of
// files to send, its attach button and its voice recorder. The chat view puts them in a
// context, so the bubbles and the composer deep inside it find them; without it (tests), no
// files show and the composer has no attach or record button.
import { createContext, useContext, type ComponentType } from 'react';

import type { ViewMessage } from '../../client/types';

export interface FileSlots {
  /** A message's files (an album, players, document cards), or their uploads while pending. */
  Attachments: ComponentType<{
    message: ViewMessage;
    own: boolean;
    /** -1 unless the message is the list's tab stop (the list stays one stop). */
    tabIndex: number;
  }>;
  /** The files added to the message box: previews, progress, remove; why some were not added. */
  ComposerTray: ComponentType<{ chatId: string }>;
  /** The paperclip: choose files to add. */
  AttachButton: ComponentType<{ chatId: string; onAdded: () => void }>;
  /**
   * The microphone: tap, or hold and slide left to cancel; while recording and while its
   * preview is shown, a panel over the message box's row (which must be `relative`). Draws
   * nothing where the browser cannot record.
   */
  VoiceRecorder: ComponentType<{ chatId: string; onDone: () => void }>;
  /** Whether this browser can record (MediaRecorder and a microphone API): else no microphone button. */
  canRecord: () => boolean;
}

export const FileSlotsContext = createContext<FileSlots | null>(null);

/** The files feature of the chat view around, or null when none was handed in. */
export function useFileSlots(): FileSlots | null {
  return useContext(FileSlotsContext);
}
