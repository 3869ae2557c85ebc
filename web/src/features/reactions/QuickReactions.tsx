// The quick reactions at the top of a message's menu: six emoji (the user's most used first,
// then 👍 ❤️ 😂 😮 😢 🙏), each a menu item that toggles the user's reaction (those already
// theirs are marked), and "more" for the full picker.
import { useT } from '../../i18n';
import { useMemo } from 'react';

import { useChatStore, useFrequentEmoji, usePendingReactions } from '../../app/store-context';
import { isMine, quickReactions, shownReactions } from '../../client/reactions';
import type { ViewMessage } from '../../client/types';
import { SmilePlusIcon } from '../../shared/icons';

interface Props {
  chatId: string;
  message: ViewMessage;
  onDone: () => void;
  onMore: () => void;
}

export function QuickReactions({ chatId, message, onDone, onMore }: Props) {
  const t = useT();
  const store = useChatStore();
  const frequent = useFrequentEmoji();
  const pending = usePendingReactions(message.id);
  const quick = useMemo(() => quickReactions(frequent), [frequent]);
  const shown = shownReactions(message, pending);
  const item =
    'inline-flex size-9 shrink-0 items-center justify-center rounded-full outline-none transition hover:bg-hover focus-visible:ring-2 focus-visible:ring-accent max-md:size-11';
  return (
    <div role="group" aria-label={t('reactions.react')} className="flex items-center gap-0.5 border-b border-line px-1.5 pt-0.5 pb-1" data-testid="quick-reactions">
      {quick.map((emoji) => {
        const mine = isMine(shown, emoji);
        return (
          <button
            key={emoji}
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-reaction={emoji}
            aria-label={mine ? t('reactions.takeBack', { emoji }) : t('reactions.reactWith', { emoji })}
            onClick={() => {
              onDone();
              void store.reactions.toggle(chatId, message.id, emoji);
            }}
            className={`${item} text-[22px] leading-none ${mine ? 'bg-accent-soft ring-1 ring-accent/60' : ''}`}
          >
            <span aria-hidden="true">{emoji}</span>
          </button>
        );
      })}
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        data-reaction="more"
        aria-label={t('reactions.more')}
        title={t('reactions.more')}
        onClick={onMore}
        className={`${item} text-muted hover:text-fg`}
      >
        <SmilePlusIcon size={20} />
      </button>
    </div>
  );
}
