// The round button that scrolls a chat to its newest message, shown whenever the view is not
// there, with the number of messages not read yet.
import { ArrowDownIcon } from '../../shared/icons';
import { formatNumber, useT } from '../../i18n';

export function ScrollToBottom({ unread, onClick }: { unread: number; onClick: () => void }) {
  const t = useT();
  const label = unread > 0 ? t('chat.scrollToNewestUnread', { count: unread }) : t('chat.scrollToNewest');
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      data-testid="scroll-to-bottom"
      className="absolute end-4 bottom-4 z-30 inline-flex size-11 items-center justify-center rounded-full border border-line bg-panel text-muted shadow-lg transition hover:bg-hover hover:text-fg md:end-6"
    >
      <ArrowDownIcon size={20} />
      {unread > 0 && (
        <span
          className="absolute -top-2 left-1/2 inline-flex h-5 min-w-5 -translate-x-1/2 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold text-on-accent"
          data-testid="scroll-to-bottom-count"
          aria-hidden="true"
        >
          {unread > 99 ? `${formatNumber(99)}+` : formatNumber(unread)}
        </span>
      )}
    </button>
  );
}
