// The reactions feature as the app hands it to the chat view (its ReactionSlots): the chips
// under a message, the quick reactions in its menu, the full picker, the message box's emoji
// button, and what reads a chat's unread reactions while it is on screen.
import { EmojiButton } from './EmojiButton';
import { MessageReactions } from './MessageReactions';
import { QuickReactions } from './QuickReactions';
import { ReactionPicker } from './ReactionPicker';
import { ReadReactions } from './ReadReactions';

export const reactionSlots = { MessageReactions, QuickReactions, ReactionPicker, EmojiButton, ReadReactions };
