// A group's message from someone the user blocked, folded: "Message from a blocked user — Show".
// Show (a button, in the tab order) unfolds it for the view it is in; the row keeps the
// message's id and seq, so it still counts as read once seen. Used by MessageList and ThreadPanel.
import type { ViewMessage } from '../../client/types';
import { BanIcon } from '../../shared/icons';
import { useT } from '../../i18n';

export function FoldedMessage({
  message: m,
  me,
  idPrefix = 'message-',
  onShow,
}: {
  message: ViewMessage;
  me: string;
  /** The row's id is this and the message's id (the thread panel's are its own). */
  idPrefix?: string;
  onShow: (m: ViewMessage) => void;
}) {
  const t = useT();
  return (
    <li
      id={`${idPrefix}${m.id}`}
      data-message-id={m.id}
      data-seq={m.seq}
      data-folded="true"
      data-unread={m.senderId !== me && m.status !== 'READ' ? 'true' : undefined}
      className="my-1 flex justify-start px-3 md:px-6"
      data-testid="folded-message"
    >
      <span className="inline-flex max-w-full flex-wrap items-center gap-x-2 rounded-xl border border-dashed border-line bg-panel/80 py-0.5 ps-3 pe-1 text-sm text-muted">
        <BanIcon size={14} />
        <span>{t('chat.folded')}</span>
        <span aria-hidden="true">—</span>
        <button
          type="button"
          onClick={() => onShow(m)}
          aria-label={t('chat.folded.show')}
          className="h-8 rounded-lg px-2 font-medium text-accent hover:bg-hover"
        >
          {t('chat.folded.showShort')}
        </button>
      </span>
    </li>
  );
}
