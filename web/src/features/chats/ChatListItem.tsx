// One line of the chat list: the other person, the last message with its ticks ("This message
// was deleted" in italics for a tombstone; edits show as they are made) (or the draft
// written and not sent, "Draft: …", when the chat is not the open one; or, while people type
// in the chat, "Alice is typing…"), the unread count. The
// link's name is what it shows (title, time, ticks, preview or draft) with the presence and the
// unread count in words, so a screen reader hears what is seen. A heart with a count says how
// many reactions to the user's own messages in the chat they have not seen yet. A bell struck
// through marks a chat that notifies of nothing now (muted, or set to nothing), its unread count
// greyed, the link's name saying so. An "@" badge (with the count when more than one) says how
// many unread messages mention the user. It reads its own chat's summary
// from the chat list slice, which keeps the same object until what the line shows changes; its
// props are plain values, so the list rendering again (a new order, the clock) renders no line
// whose props did not change.
import { memo } from 'react';

import { useChatNotifications, useChatSummary, useDraft, useTypingText, useUnreadReactions } from '../../app/store-context';
import { routePath } from '../../app/router';
import { isHeld } from '../../client/messages';
import { isQuiet, settingText } from '../../client/notifications';
import { Avatar } from '../../shared/Avatar';
import { listTime } from '../../shared/format';
import { BellOffIcon, HeartIcon } from '../../shared/icons';
import { Ticks } from '../../shared/Ticks';
import { formatNumber, useT } from '../../i18n';

interface Props {
  chatId: string;
  me: string;
  active: boolean;
  now: Date;
  /** Presence is only shown while connected; it is stale otherwise. */
  connected: boolean;
  onOpen: (chatId: string) => void;
}

function ChatListItemView({ chatId, me, active, now, connected, onOpen }: Props) {
  const t = useT();
  const summary = useChatSummary(chatId);
  const draft = useDraft(chatId, !active);
  const reactions = useUnreadReactions(chatId);
  const typing = useTypingText(chatId);
  const notifications = useChatNotifications(chatId);
  if (!summary) return null;
  const quiet = notifications !== undefined && isQuiet(notifications, now.getTime());
  const { chat, peer, title, last, unread, mentions, lastSender } = summary;
  const group = chat.kind === 'group';
  const system = last?.kind === 'system';
  const own = last?.senderId === me && !system;
  const deleted = last?.deleted === true;
  const preview = !last
    ? t('chats.noMessages')
    : deleted
      ? own
        ? t('chat.youDeleted')
        : t('chat.deletedMessage')
      : last.isForwarded
        ? t('chats.forwarded', { text: last.content })
        : last.content;
  const time = last ? listTime(last.createdAt, now) : '';
  return (
    <li>
      <a
        href={routePath({ name: 'chat', chatId: chat.id })}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          onOpen(chat.id);
        }}
        aria-current={active ? 'page' : undefined}
        data-chat-id={chat.id}
        className={`flex items-center gap-3 rounded-xl px-3 py-2.5 transition ${
          active ? 'bg-active' : 'hover:bg-hover'
        }`}
      >
        {group ? (
          <Avatar id={chat.id} name={title} color={chat.avatarColor} />
        ) : (
          <Avatar id={peer?.id ?? chat.id} name={peer?.name ?? '?'} online={connected ? (peer?.isOnline ?? false) : undefined} />
        )}
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className="flex min-w-0 items-center gap-1">
              <span className="truncate font-medium" dir="auto">
                {title}
                {connected && peer?.isOnline && <span className="sr-only">{t('chats.online')}</span>}
                {group && <span className="sr-only">{t('chats.group')}</span>}
                {quiet && notifications && <span className="sr-only">, {settingText(notifications, now.getTime()).toLowerCase()}</span>}
              </span>
              {quiet && <BellOffIcon size={14} className="shrink-0 text-muted" data-testid="chat-muted-icon" />}
            </span>
            {last && <span className="shrink-0 text-xs text-muted">{time}</span>}
          </span>
          <span className="mt-0.5 flex items-center justify-between gap-2">
            <span className="flex min-w-0 items-center gap-1 text-sm text-muted">
              {typing && connected ? (
                <span className="truncate italic text-accent" data-testid="chat-typing" dir="auto">
                  {typing}
                </span>
              ) : draft && !active ? (
                <span className="truncate" data-testid="chat-preview" dir="auto">
                  <bdi className="font-medium text-danger" data-testid="draft-mark">
                    {t('chats.draft')}
                  </bdi>{' '}
                  {draft}
                </span>
              ) : (
                <>
                  {own && last && !deleted && (
                    <Ticks status={last.status} pending={last.pending} failed={last.failed !== undefined} held={isHeld(last)} />
                  )}
                  <span className={`truncate ${deleted ? 'italic' : ''}`} data-testid="chat-preview" dir="auto">
                    {/* Who wrote it, isolated: the line takes the message's own direction. */}
                    {own && !deleted ? <><bdi>{t('chats.you')}</bdi>{' '}</> : lastSender ? <><bdi>{t('chats.sender', { name: lastSender })}</bdi>{' '}</> : ''}
                    {preview}
                  </span>
                </>
              )}
            </span>
            {reactions > 0 && (
              <span
                className="inline-flex h-5 shrink-0 items-center gap-0.5 rounded-full bg-danger-soft px-1.5 text-xs font-semibold text-danger"
                data-testid="reactions-badge"
                aria-hidden="true"
              >
                <HeartIcon size={12} fill="currentColor" strokeWidth={0} />
                {reactions > 99 ? `${formatNumber(99)}+` : formatNumber(reactions)}
              </span>
            )}
            {reactions > 0 && (
              <span className="sr-only">
                {t('chats.newReactions', { count: reactions })}
              </span>
            )}
            {mentions > 0 && (
              <span
                className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold text-on-accent"
                data-testid="mention-badge"
                aria-hidden="true"
              >
                @{mentions > 1 ? (mentions > 99 ? `${formatNumber(99)}+` : formatNumber(mentions)) : ''}
              </span>
            )}
            {mentions > 0 && <span className="sr-only">{t('chats.unreadMentions', { count: mentions })}</span>}
            {unread > 0 && (
              <span
                className={`inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full px-1.5 text-xs font-semibold ${
                  quiet ? 'bg-muted text-panel' : 'bg-accent text-on-accent'
                }`}
                data-testid="unread-badge"
                aria-hidden="true"
              >
                {unread > 99 ? `${formatNumber(99)}+` : formatNumber(unread)}
              </span>
            )}
            {unread > 0 && <span className="sr-only">{t('chats.unread', { count: unread })}</span>}
          </span>
        </span>
      </a>
    </li>
  );
}

export const ChatListItem = memo(ChatListItemView);
