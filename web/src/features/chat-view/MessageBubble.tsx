// One message: the bubble with text (laid out in its own direction, dir="auto"), "forwarded
// from" label, time, pin mark, "edited" (a click shows the versions) and ticks ("sending…"
// until the server has it); a message deleted for everyone is an italic "This message was
// deleted" in its place. Its menu opens
// with a right click, a long press, the "more" button beside the bubble (never over the text;
// not on touch screens, where the long press is the way), or from the keyboard on the focused
// message (Enter, Space, the context-menu key, Shift+F10). In selection mode a checkbox, always
// on the left, selects it. A reply shows what it answers in a compact block (a button to the
// original); a thread's root shows "N replies · last reply" with its latest repliers (a button
// to the thread). Its reactions show under it (the reactions feature draws them: reaction-slots.ts),
// its files above its text, which is then their caption (the files feature: file-slots.ts);
// while they upload, "uploading 42%" in place of "sending…". A message auto-moderation holds
// says "Waiting for review" under it (no retry: it is delivered if a moderator approves it, and
// becomes the delivered message then), with "Remove from this device" (the server keeps it held;
// only this device forgets it); one a rule rejected, or a moderator, says so with the
// server's words and only "Delete"; one refused because the user is muted also offers "Retry".
// A message a search jumped to has
// the words found marked in its text. The people it mentions show as chips in its text; one
// that mentions the viewer (by name or @all) has a bar at its side and a tint, and its label
// says so. One a schedule sent has a small clock with an arrow beside its time ("Sent by
// schedule", also in its label).
import { memo, useCallback, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';

import { heldRemoveHint, heldRemoveText, heldText, mayRetry } from '../../client/automod';
import { isHeld } from '../../client/messages';
import type { TextRange } from '../../client/search-wire';
import type { User, ViewMessage } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { formatTime } from '../../shared/format';
import { BanIcon, ClockIcon, ForwardIcon, MoreIcon, PinIcon, ScheduleIcon } from '../../shared/icons';
import { Ticks, TicksRoom } from '../../shared/Ticks';
import { useLongPress } from '../../shared/useLongPress';
import { matchesShortcut } from '../../shared/shortcuts';
import { isStored, type MessageAction } from './message-actions';
import type { MenuPlace } from './MessageMenu';
import { ReplyBlock, ThreadLine } from './BubbleLinks';
import { MessageText } from './MessageText';
import { useReactionSlots } from './reaction-slots';
import { useFileSlots } from './file-slots';
import { useMentionedPeople, useUploadPercent } from '../../app/store-context';
import { attachmentsLabel, hasAttachments, messageText } from '../../client/files';
import { mentionRanges, mentionsViewer } from '../../client/mentions';
import { tx, useT } from '../../i18n';

interface Props {
  message: ViewMessage;
  own: boolean;
  /** Name of the original author when forwarded. */
  forwardedFrom: string | null;
  senderName: string;
  /** When the user wrote it, if that is not when the server stored it (it waited to be sent). */
  writtenAt: string | undefined;
  selecting: boolean;
  selected: boolean;
  /** Its menu is open. */
  menuOpen: boolean;
  /** Starts a run of messages from the same sender (more space above). */
  groupStart: boolean;
  /** The list's one tab stop (roving tabindex; arrow keys move it). */
  focusable: boolean;
  onAction: (action: MessageAction, message: ViewMessage) => void;
  onMenu: (message: ViewMessage, at: MenuPlace) => void;
  onFocus: (message: ViewMessage) => void;
  /** In a group, the first of a run of someone else's messages: their name and avatar. */
  showSender?: boolean;
  /** In a group, someone else's message: room for the avatar beside it. */
  avatarRoom?: boolean;
  /** A reply's quoted block was pressed: show the message it answers. */
  onJumpTo?: (messageId: string) => void;
  /** Who is who, for a thread's repliers (a root's "N replies" line); absent: no such line. */
  users?: Readonly<Record<string, User>>;
  /** The signed-in user (a reply to one of their own messages says "You"). */
  me?: string;
  /** The element ids' prefix (a thread's panel shows messages the timeline may show too). */
  idPrefix?: string;
  /** For "last reply" times; absent: no thread line (a message without a thread, or in its own panel). */
  now?: Date;
  /** Words of its text to mark (a search's ranges, UTF-16 code units); absent: none. */
  highlights?: readonly TextRange[];
}

interface MetaProps {
  time: string;
  at: string;
  own: boolean;
  m: ViewMessage;
  /** The invisible copy that keeps room for it: the same size, nothing to find or announce. */
  spacer?: boolean;
  /** A click on "edited" (the menu's "Edit history" does the same from the keyboard). */
  onHistory?: () => void;
}

function Meta({ time, at, own, m, spacer = false, onHistory }: MetaProps) {
  const t = useT();
  const edited = (m.editCount ?? 0) > 0 && !m.deleted;
  if (spacer) {
    return (
      <>
        {m.scheduled && !m.deleted && <span className="inline-block w-[11px]" />}
        {m.isPinned && <span className="inline-block w-[11px]" />}
        {edited && <span>{t('chat.edited')}</span>}
        <span>{time}</span>
        {m.pending && <span>{m.localUploads ? t('chat.uploading', { percent: 100 }) : t('chat.sending')}</span>}
        {own && !m.deleted && <TicksRoom />}
      </>
    );
  }
  return (
    <>
      {m.scheduled && !m.deleted && (
        <span role="img" aria-label={t('scheduled.mark')} title={t('scheduled.mark')} className="inline-flex" data-testid="scheduled-mark">
          <ScheduleIcon size={11} />
        </span>
      )}
      {m.isPinned && <PinIcon size={11} aria-label={t('chat.pinned')} />}
      {edited && (
        <span
          data-testid="edited-label"
          title={t('chat.showEditHistory')}
          className="cursor-pointer hover:underline"
          onClick={(e) => {
            e.stopPropagation();
            onHistory?.();
          }}
        >
          {t('chat.edited')}
        </span>
      )}
      <time dateTime={at}>{time}</time>
      {m.pending && (m.localUploads ? <Uploading ids={m.localUploads} /> : <span data-testid="sending">{t('chat.sending')}</span>)}
      {own && !m.deleted && <Ticks status={m.status} pending={m.pending} failed={m.failed !== undefined} held={isHeld(m)} />}
    </>
  );
}

/** "uploading 42%": how far a pending message's files are. */
function Uploading({ ids }: { ids: readonly string[] }) {
  const t = useT();
  const percent = useUploadPercent(ids);
  return <span data-testid="uploading">{t('chat.uploading', { percent })}</span>;
}

/** Where a menu opened from the keyboard or the "more" button goes: below the element. */
function placeBelow(el: Element, own: boolean): MenuPlace {
  const r = el.getBoundingClientRect();
  return { x: own ? Math.max(8, r.right - 192) : r.left, y: r.bottom + 4 };
}

export const MessageBubble = memo(function MessageBubble({
  message: m,
  own,
  forwardedFrom,
  senderName,
  writtenAt,
  selecting,
  selected,
  menuOpen,
  groupStart,
  focusable,
  onAction,
  onMenu,
  onFocus,
  showSender = false,
  avatarRoom = false,
  onJumpTo,
  users,
  now,
  idPrefix = 'message-',
  me,
  highlights,
}: Props) {
  const t = useT();
  const bubbleRef = useRef<HTMLDivElement>(null);
  const reactions = useReactionSlots();
  const fileSlots = useFileSlots();
  const stored = isStored(m);
  const files = hasAttachments(m) || (m.localUploads?.length ?? 0) > 0;
  const text = messageText(m);
  const unread = !own && stored && m.status !== 'READ';
  const at = writtenAt ?? m.createdAt;
  const time = formatTime(at);
  const held = isHeld(m);
  const statusWord =
    own && !m.deleted
      ? held
        ? t('chat.status.held')
        : m.refusal === 'held_rejected'
          ? t('chat.status.rejected')
          : m.failed
            ? t('chat.status.notSent')
            : m.pending
              ? t('chat.status.sending')
              : t(`chat.status.${m.status}`)
      : '';
  const deleted = m.deleted === true;
  const mentioned = useMentionedPeople(deleted ? undefined : m.mentions);
  const all = m.mentionsAll === true && !deleted;
  const mentionMarks = useMemo(() => mentionRanges(text, mentioned, all), [text, mentioned, all]);
  const mentionsMe = me !== undefined && mentionsViewer(m, me);
  const label = `${own ? t('common.you') : senderName}${mentionsMe ? t('chat.label.mentionsYou') : ''}${forwardedFrom && !deleted ? t('chat.label.forwardedFrom', { name: forwardedFrom }) : ''}${
    deleted ? t('chat.label.deleted') : ''
  }${hasAttachments(m) && !deleted ? `, ${attachmentsLabel(m.attachments ?? [])}` : ''}${m.replyToId && !deleted ? t('chat.label.reply') : ''}${m.scheduled && !deleted ? t('scheduled.label') : ''}, ${time}${statusWord ? `, ${statusWord}` : ''}${m.isPinned ? t('chat.label.pinned') : ''}${
    (m.editCount ?? 0) > 0 && !deleted ? t('chat.label.edited') : ''
  }`;
  const showHistory = useCallback(() => onAction('history', m), [onAction, m]);
  // A tombstone is not selected (forwarding or deleting it again means nothing).
  const selectable = stored && !deleted;

  const longPress = useLongPress(
    useCallback((x: number, y: number) => onMenu(m, { x, y }), [onMenu, m]),
    !selecting,
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    // Enter, Space, the context menu key or Shift+F10 (the shortcuts' table).
    if (!matchesShortcut(e.nativeEvent, 'messageMenu')) return;
    e.preventDefault();
    e.stopPropagation();
    if (selecting) {
      if (selectable && (e.key === 'Enter' || e.key === ' ')) onAction('select', m);
      return;
    }
    onMenu(m, placeBelow(e.currentTarget, own));
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    // A link keeps the browser's own menu (open in a new tab, copy the address).
    if (selecting || (e.target as Element).closest('a')) return;
    e.preventDefault();
    onMenu(m, { x: e.clientX, y: e.clientY });
  };

  return (
    <li
      id={`${idPrefix}${m.id}`}
      data-message-id={m.id}
      data-seq={stored ? m.seq : undefined}
      data-unread={unread ? 'true' : undefined}
      data-own={own ? 'true' : undefined}
      data-status={own ? (held ? 'HELD' : m.failed ? 'FAILED' : m.pending ? 'PENDING' : m.status) : undefined}
      data-selected={selected ? 'true' : undefined}
      data-deleted={deleted ? 'true' : undefined}
      data-highlighted={highlights && !deleted ? 'true' : undefined}
      data-mentions-me={mentionsMe ? 'true' : undefined}
      className={`group flex items-center gap-2 px-3 md:px-6 ${groupStart ? 'mt-3' : 'mt-1'} ${
        selecting && selectable ? 'cursor-pointer' : ''
      } ${selected ? 'bg-accent-soft/60' : ''}`}
      onClick={() => {
        if (selecting && selectable) onAction('select', m);
      }}
    >
      {selecting && (
        <input
          type="checkbox"
          checked={selected}
          disabled={!selectable}
          onChange={() => onAction('select', m)}
          onClick={(e) => e.stopPropagation()}
          aria-label={t('chat.selectMessage', { text: m.content.slice(0, 40) })}
          className={`size-5 shrink-0 accent-(--p-accent) ${selectable ? '' : 'invisible'}`}
        />
      )}
      <div className={`flex min-w-0 flex-1 items-center gap-1 ${own ? 'flex-row-reverse' : 'flex-row'}`}>
        {avatarRoom && (
          <span className="me-1 w-8 shrink-0 self-start" data-testid={showSender ? 'sender-avatar' : undefined}>
            {showSender && <Avatar id={m.senderId} name={senderName} size="sm" />}
          </span>
        )}
        <div className="relative min-w-0 max-w-[min(80%,36rem)]">
          <div
            ref={bubbleRef}
            data-bubble={m.id}
            role="article"
            aria-label={label}
            tabIndex={focusable ? 0 : -1}
            onFocus={(e) => {
              if (e.target === e.currentTarget) onFocus(m);
            }}
            onKeyDown={onKeyDown}
            onContextMenu={onContextMenu}
            {...longPress}
            className={`relative rounded-2xl px-3.5 py-2 text-[15px] leading-snug [-webkit-touch-callout:none] pointer-coarse:select-none ${
              own ? 'rounded-br-md' : 'rounded-bl-md'
            } ${
              deleted
                ? 'border border-line bg-chat text-muted'
                : own
                  ? 'bg-own text-own-fg shadow-soft'
                  : mentionsMe
                    ? 'border-s-4 border-mention-bar bg-mention-tint text-other-fg shadow-soft'
                    : 'bg-other text-other-fg shadow-soft'
            } ${held ? 'ring-1 ring-warn/60' : m.failed ? 'ring-1 ring-danger/60' : ''}`}
          >
            {showSender && (
              <p className="mb-0.5 truncate text-xs font-semibold text-accent" data-testid="sender-name" dir="auto">
                {senderName}
              </p>
            )}
            {forwardedFrom && !deleted && (
              <p className="mb-0.5 flex items-center gap-1 text-xs font-medium text-accent" data-testid="forwarded-label">
                <ForwardIcon size={12} />
                <span>{tx('chat.forwardedFrom', { name: <bdi>{forwardedFrom}</bdi> })}</span>
              </p>
            )}
            {!deleted && <ReplyBlock m={m} me={me} onJumpTo={onJumpTo} tabIndex={focusable ? 0 : -1} />}
            {fileSlots && files && !deleted && <fileSlots.Attachments message={m} own={own} tabIndex={focusable ? 0 : -1} />}
            {/* The text sets its own direction; the time sits at the end of its last line. */}
            <div
              dir="auto"
              className="relative break-words whitespace-pre-wrap [overflow-wrap:anywhere] [unicode-bidi:plaintext]"
              data-testid="message-body"
            >
              {deleted ? (
                <span data-testid="message-deleted" className="italic">
                  <BanIcon size={14} className="me-1.5 inline-block align-[-2px]" />
                  {own ? t('chat.youDeleted') : t('chat.deletedMessage')}
                </span>
              ) : (
                text !== '' && (
                  <span data-testid="message-text">
                    <MessageText text={text} chatId={m.chatId} highlights={highlights} mentions={mentionMarks} self={me} />
                  </span>
                )
              )}
              {/* Room for the time and ticks on the last line: an invisible copy of them. The
                  outer spans take the text's direction (end = left in right-to-left text); the
                  time itself always reads left to right. */}
              <span className="invisible inline-block ps-2.5 text-[11px]" aria-hidden="true">
                <span dir="ltr" className="inline-flex items-center gap-1">
                  <Meta time={time} at={at} own={own} m={m} spacer />
                </span>
              </span>
              <span className="absolute -end-0.5 -bottom-0.5 text-[11px] text-muted select-none">
                <span dir="ltr" className="inline-flex items-center gap-1">
                  <Meta time={time} at={at} own={own} m={m} onHistory={showHistory} />
                </span>
              </span>
            </div>
          </div>
          {reactions && stored && !deleted && (
            <reactions.slots.MessageReactions
              chatId={reactions.chatId}
              message={m}
              own={own}
              canReact={reactions.canReact && !selecting}
              tabIndex={focusable ? 0 : -1}
            />
          )}
          {users && now && !selecting && (
            <div className={`flex ${own ? 'justify-end' : 'justify-start'}`}>
              <ThreadLine m={m} users={users} now={now} onOpen={() => onAction('thread', m)} tabIndex={focusable ? 0 : -1} />
            </div>
          )}
          {held ? (
            <div className="mt-1 flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs" data-testid="held-note">
              <span className="inline-flex items-center gap-1.5 text-warn" data-testid="held-text">
                <ClockIcon size={12} />
                {heldText()}
              </span>
              {/* The server keeps it for the moderators whatever this device does: the words say so. */}
              <button
                type="button"
                className="font-medium text-muted underline hover:text-fg"
                title={heldRemoveHint()}
                onClick={() => onAction('forget', m)}
              >
                {heldRemoveText()}
              </button>
            </div>
          ) : (
            m.failed && (
              <div className="mt-1 flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs text-danger" data-testid="failed-note">
                <span className="min-w-0 break-words [overflow-wrap:anywhere]">{m.refusal === 'held_rejected' ? m.failed : t('chat.notSent', { error: m.failed })}</span>
                {mayRetry(m.refusal) && (
                  <button type="button" className="font-medium underline" onClick={() => onAction('retry', m)}>
                    {t('common.retry')}
                  </button>
                )}
                <button type="button" className="font-medium underline" onClick={() => onAction('discard', m)}>
                  {t('common.delete')}
                </button>
              </div>
            )
          )}
        </div>
        {/* 44 px to tap below 768 px (a narrow window with a mouse; touch screens hide it); the
            negative margin keeps it from making a one-line message's row taller. */}
        {!selecting && (
          <button
            type="button"
            tabIndex={-1}
            aria-label={t('chat.messageActions')}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            title={t('chat.messageActions')}
            onClick={(e) => {
              e.stopPropagation();
              onMenu(m, placeBelow(e.currentTarget, own));
            }}
            className={`-my-1.5 inline-flex size-8 shrink-0 items-center max-md:size-11 justify-center rounded-full text-muted transition pointer-coarse:hidden hover:bg-hover hover:text-fg ${
              menuOpen ? 'opacity-100' : 'opacity-0 group-hover:opacity-100 group-focus-within:opacity-100'
            }`}
          >
            <MoreIcon size={18} />
          </button>
        )}
      </div>
    </li>
  );
});
