// One message: the bubble with text, "forwarded from" label, time, pin mark and ticks; a
// small toolbar (forward, pin, select) on hover, focus or tap; a checkbox in selection mode.
import { memo, useEffect, useRef, type ReactNode } from 'react';

import type { ViewMessage } from '../../client/types';
import { formatTime } from '../../shared/format';
import { CheckCircleIcon, ForwardIcon, PinIcon } from '../../shared/icons';
import { Ticks } from '../../shared/Ticks';
import { MessageText } from './MessageText';

export type MessageAction = 'forward' | 'pin' | 'unpin' | 'select' | 'retry' | 'discard' | 'activate' | 'focus';

interface Props {
  message: ViewMessage;
  own: boolean;
  /** Name of the original author when forwarded. */
  forwardedFrom: string | null;
  senderName: string;
  selecting: boolean;
  selected: boolean;
  active: boolean;
  /** Starts a run of messages from the same sender (more space above). */
  groupStart: boolean;
  /** The list's one tab stop (roving tabindex; arrow keys move it). */
  focusable: boolean;
  onAction: (action: MessageAction, message: ViewMessage) => void;
}

interface ToolButtonProps {
  label: string;
  tabbable: boolean;
  onClick: () => void;
  children: ReactNode;
}

function ToolButton({ label, tabbable, onClick, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      tabIndex={tabbable ? 0 : -1}
      aria-label={label}
      title={label}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      className="inline-flex size-8 items-center justify-center rounded-lg text-muted transition hover:bg-hover hover:text-fg"
    >
      {children}
    </button>
  );
}

export const MessageBubble = memo(function MessageBubble({
  message: m,
  own,
  forwardedFrom,
  senderName,
  selecting,
  selected,
  active,
  groupStart,
  focusable,
  onAction,
}: Props) {
  const bubbleRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  // Opened from the keyboard: move focus into the toolbar.
  useEffect(() => {
    if (active && document.activeElement === bubbleRef.current) toolbarRef.current?.querySelector('button')?.focus();
  }, [active]);
  const stored = !m.pending && m.failed === undefined;
  const unread = !own && stored && m.status !== 'READ';
  const time = formatTime(m.createdAt);
  const statusWord = own ? (m.failed ? 'not sent' : m.pending ? 'waiting to send' : m.status.toLowerCase()) : '';
  const label = `${own ? 'You' : senderName}${forwardedFrom ? `, forwarded from ${forwardedFrom}` : ''}, ${time}${
    statusWord ? `, ${statusWord}` : ''
  }${m.isPinned ? ', pinned' : ''}`;

  return (
    <li
      id={`message-${m.id}`}
      data-message-id={m.id}
      data-seq={stored ? m.seq : undefined}
      data-unread={unread ? 'true' : undefined}
      data-own={own ? 'true' : undefined}
      data-status={own ? (m.failed ? 'FAILED' : m.pending ? 'PENDING' : m.status) : undefined}
      data-selected={selected ? 'true' : undefined}
      className={`group flex items-center gap-2 px-3 md:px-6 ${groupStart ? 'mt-3' : 'mt-1'} ${
        own ? 'flex-row-reverse' : 'flex-row'
      } ${selecting && stored ? 'cursor-pointer' : ''} ${selected ? 'bg-accent-soft/60' : ''}`}
      onClick={() => {
        if (selecting && stored) onAction('select', m);
      }}
    >
      {selecting && stored && (
        <input
          type="checkbox"
          checked={selected}
          onChange={() => onAction('select', m)}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Select message: ${m.content.slice(0, 40)}`}
          className="size-5 shrink-0 accent-(--p-accent)"
        />
      )}
      <div className={`relative min-w-0 max-w-[min(80%,36rem)] ${own ? 'ml-auto' : ''}`} data-active={active || undefined}>
        <div
          ref={bubbleRef}
          data-bubble={m.id}
          role="article"
          aria-label={label}
          tabIndex={focusable ? 0 : -1}
          onFocus={() => onAction('focus', m)}
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget || selecting) return;
            if (e.key === 'Enter' || e.key === ' ' || (e.key === 'Escape' && active)) {
              e.preventDefault();
              e.stopPropagation();
              onAction('activate', m);
            }
          }}
          onClick={(e) => {
            if (selecting) return;
            e.stopPropagation();
            onAction('activate', m);
          }}
          className={`relative rounded-2xl px-3.5 py-2 text-[15px] leading-snug shadow-soft ${
            own ? 'rounded-br-md bg-own text-own-fg' : 'rounded-bl-md bg-other text-other-fg'
          } ${m.failed ? 'ring-1 ring-danger/60' : ''}`}
        >
          {forwardedFrom && (
            <p className="mb-0.5 flex items-center gap-1 text-xs font-medium text-accent" data-testid="forwarded-label">
              <ForwardIcon size={12} />
              Forwarded from {forwardedFrom}
            </p>
          )}
          <div className="break-words whitespace-pre-wrap [overflow-wrap:anywhere]">
            <span data-testid="message-text">
              <MessageText text={m.content} />
            </span>
            {/* Room for the time and ticks on the last line: an invisible copy of their size. */}
            <span className="invisible inline-flex items-center gap-1 pl-2.5 text-[11px]" aria-hidden="true">
              {m.isPinned && <span className="inline-block w-[11px]" />}
              <span>{time}</span>
              {own && <span className="inline-block w-[24px]" />}
            </span>
          </div>
          <span className="absolute right-3 bottom-1.5 inline-flex items-center gap-1 text-[11px] text-muted select-none">
            {m.isPinned && <PinIcon size={11} aria-label="Pinned" />}
            <time dateTime={m.createdAt}>{time}</time>
            {own && <Ticks status={m.status} pending={m.pending} failed={m.failed !== undefined} />}
          </span>
        </div>
        {m.failed && (
          <div className="mt-1 flex items-center justify-end gap-3 text-xs text-danger">
            <span>Not sent: {m.failed}</span>
            <button type="button" className="font-medium underline" onClick={() => onAction('retry', m)}>
              Retry
            </button>
            <button type="button" className="font-medium underline" onClick={() => onAction('discard', m)}>
              Delete
            </button>
          </div>
        )}
        {stored && !selecting && (
          <div
            ref={toolbarRef}
            role="toolbar"
            aria-label="Message actions"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                onAction('activate', m);
                bubbleRef.current?.focus();
              }
            }}
            className={`absolute -top-4 z-30 flex items-center gap-0.5 rounded-xl border border-line bg-panel p-0.5 shadow-soft transition ${
              own ? 'left-1' : 'right-1'
            } ${active ? 'opacity-100' : 'pointer-events-none opacity-0 group-hover:pointer-events-auto group-hover:opacity-100 group-focus-within:pointer-events-auto group-focus-within:opacity-100'}`}
          >
            <ToolButton label="Forward message" tabbable={active} onClick={() => onAction('forward', m)}>
              <ForwardIcon size={16} />
            </ToolButton>
            <ToolButton
              label={m.isPinned ? 'Unpin message' : 'Pin message'}
              tabbable={active}
              onClick={() => onAction(m.isPinned ? 'unpin' : 'pin', m)}>
              <PinIcon size={16} className={m.isPinned ? 'text-accent' : undefined} />
            </ToolButton>
            <ToolButton label="Select message" tabbable={active} onClick={() => onAction('select', m)}>
              <CheckCircleIcon size={16} />
            </ToolButton>
          </div>
        )}
      </div>
    </li>
  );
});
