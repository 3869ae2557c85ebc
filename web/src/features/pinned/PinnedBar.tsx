// The chat's pinned messages, newest pin first. Clicking the bar jumps to the message shown
// and moves on to the next pin, so repeated clicks walk through them all.
import { useEffect, useState } from 'react';

import type { ChatMessage } from '../../client/types';
import { CloseIcon, PinIcon } from '../../shared/icons';
import { useT } from '../../i18n';

interface Props {
  pinned: readonly ChatMessage[];
  onJump: (messageId: string) => void;
  onUnpin: (messageId: string) => void;
}

export function PinnedBar({ pinned, onJump, onUnpin }: Props) {
  const t = useT();
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (index >= pinned.length) setIndex(0);
  }, [pinned.length, index]);
  const current = pinned[Math.min(index, pinned.length - 1)];
  if (!current) return null;
  const n = pinned.length;
  const which = n > 1 ? t('chat.pinned.messageOf', { index: index + 1, total: n }) : t('chat.pinned.message');
  return (
    <div className="flex items-center gap-2 border-b border-line bg-panel px-3 py-1.5 md:px-5" data-testid="pinned-bar">
      <button
        type="button"
        onClick={() => {
          onJump(current.id);
          setIndex((i) => (i + 1) % n);
        }}
        aria-label={t('chat.pinned.goTo', { label: which, text: current.content })}
        className="flex min-w-0 flex-1 items-center gap-3 rounded-lg px-2 py-1 text-start hover:bg-hover"
      >
        <span className="flex gap-0.5 self-stretch py-0.5" aria-hidden="true">
          {pinned.slice(0, 4).map((p, i) => (
            <span key={p.id} className={`w-0.5 rounded-full ${i === index % 4 ? 'bg-accent' : 'bg-line'}`} />
          ))}
        </span>
        <PinIcon size={16} className="shrink-0 text-accent" />
        <span className="min-w-0">
          <span className="block text-xs font-medium text-accent">
            {which}
          </span>
          <span className="block truncate text-sm" data-testid="pinned-text" dir="auto">
            {current.content}
          </span>
        </span>
      </button>
      <button
        type="button"
        onClick={() => onUnpin(current.id)}
        aria-label={t('chat.pinned.unpinThis')}
        title={t('chat.action.unpin')}
        className="inline-flex size-8 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
      >
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
