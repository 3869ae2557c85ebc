// Where a chat opens: at the first message from others that is not read yet, under an
// "N unread messages" divider. Taken once, when the chat's messages are first there, so the
// divider stays put while the messages below it are read.
import type { ViewMessage } from '../../client/types';
import { t } from '../../i18n';

export interface UnreadMark {
  /** The first unread message. */
  id: string;
  /** How many unread messages from others there are from it on. */
  count: number;
}

export function unreadMark(items: readonly ViewMessage[], me: string): UnreadMark | null {
  let mark: UnreadMark | null = null;
  for (const m of items) {
    if (m.pending || m.failed !== undefined || m.senderId === me || m.status === 'READ') continue;
    if (mark) mark.count++;
    else mark = { id: m.id, count: 1 };
  }
  return mark;
}

export function unreadLabel(count: number): string {
  return t('chat.unread', { count });
}
