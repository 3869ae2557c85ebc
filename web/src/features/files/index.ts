// The files feature as the app hands it to the chat view (its FileSlots): a message's files in
// its bubble, the message box's tray, its paperclip and its voice recorder.
import { Attachments } from './Attachments';
import { AttachButton, ComposerTray } from './ComposerTray';
import { canRecord } from './useRecorder';
import { VoiceRecorder } from './VoiceRecorder';

export const fileSlots = { Attachments, ComposerTray, AttachButton, VoiceRecorder, canRecord };
