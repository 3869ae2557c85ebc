// Messages of the user's that moderation holds for a moderator's review, as this device keeps
// them so that a reload still shows them ("Waiting for review"): the outbox item the send was
// (its chat, clientMessageId, text, time written, links and files) and where it stands, held or
// rejected by a moderator. Kept per user in storage (slices/held.ts), at most HELD_KEPT, the
// oldest dropped first; forgotten at logout. The server keeps the held message itself: an
// approval sends it as the user's with the same clientMessageId (it then takes the held
// bubble's place, messages.ts mergeMessages, and leaves this list), a rejection comes as a
// held_rejected notice (automod-actions.ts marks the bubble, and this list follows it).
import { heldRejectedText, heldText } from './automod';
import { isOutboxItem, type OutboxItem } from './outbox';
import type { ChatMessagesState } from './state';
import type { ViewMessage } from './types';

/** Where a held message stands: waiting for review, or rejected by a moderator. */
export type HeldState = 'held' | 'rejected';

export interface HeldItem extends OutboxItem {
  state: HeldState;
}

/** How many held messages a device keeps (the oldest go first). */
export const HELD_KEPT = 100;

/** Whether `v` is a held item as this version writes it (read back from storage). */
export function isHeldItem(v: unknown): v is HeldItem {
  if (!isOutboxItem(v)) return false;
  const state = (v as { state?: unknown }).state;
  return state === 'held' || state === 'rejected';
}

/** `list` with `item` as the newest (its older copy, if any, replaced), at most `limit` long. */
export function withHeldItem(list: readonly HeldItem[], item: HeldItem, limit = HELD_KEPT): HeldItem[] {
  const rest = list.filter((h) => h.clientMessageId !== item.clientMessageId);
  rest.push(item);
  return rest.slice(Math.max(0, rest.length - limit));
}

/** A message's bubble as held (or rejected while held): not pending, not to be sent again. */
export function asHeld(m: ViewMessage, state: HeldState): ViewMessage {
  return state === 'held'
    ? { ...m, pending: false, failed: heldText(), refusal: 'held' }
    : { ...m, pending: false, failed: heldRejectedText(), refusal: 'held_rejected' };
}

function findByClientId(st: ChatMessagesState, clientMessageId: string): ViewMessage | undefined {
  const match = (m: ViewMessage) => m.clientMessageId === clientMessageId;
  return st.items.find(match) ?? st.window?.items.find(match);
}

/**
 * The held list after the chats' messages changed: an item whose message the server has stored
 * (approved: live, or in history caught up after a reload) goes; one whose bubble a
 * moderator's rejection marked becomes rejected. An item whose chat holds no message of it
 * stays (its chat may not be loaded). Returns `list` itself when nothing changes.
 */
export function reconcileHeld(
  list: readonly HeldItem[],
  messages: Readonly<Record<string, ChatMessagesState>>,
): readonly HeldItem[] {
  let changed = false;
  const out: HeldItem[] = [];
  for (const item of list) {
    const st = messages[item.chatId];
    const m = st ? findByClientId(st, item.clientMessageId) : undefined;
    if (m && !m.pending && m.failed === undefined) {
      changed = true;
      continue;
    }
    if (m?.refusal === 'held_rejected' && item.state === 'held') {
      changed = true;
      out.push({ ...item, state: 'rejected' });
      continue;
    }
    out.push(item);
  }
  return changed ? out : list;
}
