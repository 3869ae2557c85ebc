// What a bubble points at: a reply's compact block (who it answers and what, a button to the
// original) and a thread root's line (its latest repliers, "N replies · last reply", a button
// to the thread).
import type { User, ViewMessage } from '../../client/types';
import { initials } from '../../shared/Avatar';
import { listTime } from '../../shared/format';
import { useT } from '../../i18n';

/** A reply's compact block: who it answers and the quote or the start of their text; a button to the original. */
export function ReplyBlock({
  m,
  me,
  onJumpTo,
  tabIndex,
}: {
  m: ViewMessage;
  me?: string;
  onJumpTo?: (messageId: string) => void;
  /** -1 unless its message is the list's tab stop (the list stays one stop, and the focused message's controls follow it). */
  tabIndex?: number;
}) {
  const t = useT();
  const r = m.replyTo;
  const target = m.replyToId;
  if (!target) return null;
  const deleted = r?.deleted === true;
  const name = r && me && r.senderId === me ? t('common.you') : r?.senderName || t('common.unknownUser');
  const text = deleted ? t('chat.originalDeleted') : m.quote ? t('chat.quoted', { text: m.quote }) : (r?.excerpt ?? '');
  return (
    <button
      type="button"
      onClick={(e) => {
        e.stopPropagation();
        onJumpTo?.(target);
      }}
      onKeyDown={(e) => e.stopPropagation()}
      tabIndex={tabIndex}
      className="mb-1 block w-full min-w-0 rounded-lg border-s-[3px] border-accent bg-panel/60 py-1 ps-2 pe-2.5 text-start text-[13px] leading-snug hover:bg-panel/90 max-md:min-h-11"
      data-testid="reply-block"
    >
      {/* What it reads is what it shows, with words around it for screen readers. */}
      <span className="sr-only">{t('chat.replyTo')} </span>
      {!deleted && (
        <span className="block truncate text-xs font-semibold text-accent" data-testid="reply-sender" dir="auto">
          {name}
        </span>
      )}
      <span className="sr-only">: </span>
      <span
        dir="auto"
        className={`line-clamp-2 break-words [overflow-wrap:anywhere] ${deleted ? 'italic' : m.quote ? 'italic' : ''}`}
        data-testid="reply-excerpt"
      >
        {text}
      </span>
      <span className="sr-only">{t('chat.replyShowOriginal')}</span>
    </button>
  );
}

/** A root's thread line: the latest repliers, "N replies · last reply time"; opens the thread. */
export function ThreadLine({
  m,
  users,
  now,
  onOpen,
  tabIndex,
}: {
  m: ViewMessage;
  users: Readonly<Record<string, User>>;
  now: Date;
  onOpen: () => void;
  tabIndex?: number;
}) {
  const t = useT();
  const th = m.thread;
  if (!th || th.replyCount <= 0) return null;
  const count = t('chat.replies', { count: th.replyCount });
  const last = th.lastReplyAt ? listTime(th.lastReplyAt, now) : '';
  const names = th.participants.slice(0, 3).map((id) => users[id]?.name ?? t('common.unknownUser'));
  return (
    <button
      type="button"
      onClick={(e) => {
        e.stopPropagation();
        onOpen();
      }}
      tabIndex={tabIndex}
      className="mt-1 inline-flex max-w-full min-h-9 items-center gap-2 rounded-full border border-line bg-panel px-2 py-1 text-xs font-medium text-accent shadow-soft hover:bg-hover max-md:min-h-11"
      data-testid="thread-line"
    >
      <span className="flex shrink-0 -space-x-1.5" aria-hidden="true">
        {th.participants.slice(0, 3).map((id) => (
          <span
            key={id}
            className="inline-flex size-5 items-center justify-center rounded-full border border-panel bg-accent-soft text-[9px] font-semibold text-accent"
          >
            {initials(users[id]?.name ?? '?')}
          </span>
        ))}
      </span>
      <span className="truncate" data-testid="thread-count">
        {count}
      </span>
      {last && (
        <span className="shrink-0 font-normal text-muted">
          <span aria-hidden="true">· </span>
          <span className="sr-only">{t('chat.thread.lastReply')} </span>
          {last}
        </span>
      )}
      <span className="sr-only">
        {names.length ? t('chat.thread.from', { names: names.join(', ') }) : ''}{t('chat.thread.open')}
      </span>
    </button>
  );
}
