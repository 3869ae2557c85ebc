// A message's reactions under its bubble: a chip per emoji with its count, marked when it is the
// user's own; a click, a tap, Enter or Space toggles it (shown at once). Who reacted: resting
// the mouse on a chip shows the first names in a card; a long press on a chip (touch) or the
// button after the chips opens the whole list. Nothing shows while the message has none. A
// custom emoji shows as its image where the chat knows it, else as its :shortcode:.
import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

import { useChatStore, useCustomEmoji, usePendingReactions, useSession } from '../../app/store-context';
import type { EmojiLookup } from '../../client/custom-emoji';
import { shownReactions } from '../../client/reactions';
import type { Reaction, ViewMessage } from '../../client/types';
import { EmojiGlyph } from '../../shared/CustomEmoji';
import { GroupIcon } from '../../shared/icons';
import { useLongPress } from '../../shared/useLongPress';
import { chipLabel, reactorsLine } from './labels';
import { useReactors } from './useReactors';
import { WhoReacted } from './WhoReacted';
import { useT } from '../../i18n';

/** How long the mouse rests on a chip before its card shows, and stays after it leaves. */
const CARD_DELAY_MS = 450;
const CARD_LINGER_MS = 150;
/** Names a card lists at most. */
const CARD_NAMES = 8;

interface Props {
  chatId: string;
  message: ViewMessage;
  own: boolean;
  canReact: boolean;
  tabIndex: number;
}

interface Card {
  emoji: string;
  count: number;
  at: DOMRect;
}

/** Who put one emoji on the message, in short: a card above the chip (role tooltip). */
function ReactorsCard({
  messageId,
  card,
  id,
  lookup,
  onEnter,
  onLeave,
}: {
  messageId: string;
  card: Card;
  id: string;
  lookup: EmojiLookup;
  onEnter: () => void;
  onLeave: () => void;
}) {
  const t = useT();
  const me = useSession((s) => s.user?.id ?? '');
  const { reactors, loading, error } = useReactors(messageId, card.emoji, card.count);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const x = Math.min(Math.max(8, card.at.left), vw - 8 - width);
    const y = card.at.top - height - 6 < 8 ? card.at.bottom + 6 : card.at.top - height - 6;
    el.style.left = `${x}px`;
    el.style.top = `${y}px`;
    el.style.visibility = 'visible';
  });
  // The user's own name first, as "You".
  const names = [...reactors]
    .sort((a, b) => Number(b.userId === me) - Number(a.userId === me))
    .map((r) => (r.userId === me ? t('reactions.you') : r.name));
  return createPortal(
    <div
      ref={ref}
      id={id}
      role="tooltip"
      onPointerEnter={onEnter}
      onPointerLeave={onLeave}
      style={{ visibility: 'hidden' }}
      className="fixed z-50 max-w-64 rounded-xl border border-line bg-panel px-3 py-2 text-sm text-fg shadow-lg"
      data-testid="reactors-card"
    >
      <p className="mb-0.5 font-semibold">
        <span className="me-1 text-lg leading-none">
          <EmojiGlyph emoji={card.emoji} lookup={lookup} />
        </span>
        {t('reactions.count', { count: card.count })}
      </p>
      {error ? (
        <p className="text-danger">{error}</p>
      ) : loading && names.length === 0 ? (
        <p className="text-muted">{t('common.loading')}</p>
      ) : (
        <p className="break-words text-muted">{reactorsLine(names, card.count, CARD_NAMES)}</p>
      )}
    </div>,
    document.body,
  );
}

interface ChipProps {
  r: Reaction;
  lookup: EmojiLookup;
  canReact: boolean;
  tabIndex: number;
  describedBy: string | undefined;
  onToggle: (emoji: string) => void;
  onList: (emoji: string) => void;
  onRest: (emoji: string, count: number, el: HTMLElement) => void;
  onLeave: () => void;
}

function Chip({ r, lookup, canReact, tabIndex, describedBy, onToggle, onList, onRest, onLeave }: ChipProps) {
  useT();
  const longPress = useLongPress(useCallback(() => onList(r.emoji), [onList, r.emoji]));
  return (
    <button
      type="button"
      aria-label={chipLabel(r)}
      aria-pressed={r.me}
      aria-disabled={!canReact || undefined}
      aria-describedby={describedBy}
      tabIndex={tabIndex}
      data-emoji={r.emoji}
      data-mine={r.me ? 'true' : undefined}
      {...longPress}
      onClick={(e) => {
        e.stopPropagation();
        if (canReact) onToggle(r.emoji);
      }}
      onKeyDown={(e) => e.stopPropagation()}
      onPointerEnter={(e) => {
        if (e.pointerType === 'mouse') onRest(r.emoji, r.count, e.currentTarget);
      }}
      onPointerLeave={(e) => {
        longPress.onPointerCancel();
        if (e.pointerType === 'mouse') onLeave();
      }}
      className={`inline-flex h-7 min-w-11 items-center justify-center gap-1 rounded-full border px-2 text-sm leading-none tabular-nums transition [-webkit-touch-callout:none] select-none max-md:h-11 max-md:px-3 ${
        r.me
          ? 'border-accent bg-accent-soft font-semibold text-accent'
          : 'border-line bg-panel text-fg hover:bg-hover'
      } ${canReact ? '' : 'cursor-default'}`}
      data-testid="reaction-chip"
    >
      <span className="text-base leading-none" aria-hidden="true">
        <EmojiGlyph emoji={r.emoji} lookup={lookup} />
      </span>
      <span aria-hidden="true">{r.count}</span>
    </button>
  );
}

export const MessageReactions = memo(function MessageReactions({ chatId, message, own, canReact, tabIndex }: Props) {
  const t = useT();
  const store = useChatStore();
  const pending = usePendingReactions(message.id);
  const lookup = useCustomEmoji(chatId);
  const shown = shownReactions(message, pending);
  const [list, setList] = useState<{ initial: string | null } | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cardId = useId();

  const clearTimer = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  useEffect(() => clearTimer, [clearTimer]);

  const onToggle = useCallback((emoji: string) => void store.reactions.toggle(chatId, message.id, emoji), [store, chatId, message.id]);
  const onList = useCallback((emoji: string) => {
    setCard(null);
    setList({ initial: emoji });
  }, [setCard, setList]);
  const onRest = useCallback((emoji: string, count: number, el: HTMLElement) => {
    clearTimer();
    timer.current = setTimeout(() => setCard({ emoji, count, at: el.getBoundingClientRect() }), CARD_DELAY_MS);
  }, [clearTimer, setCard]);
  const onLeave = useCallback(() => {
    clearTimer();
    timer.current = setTimeout(() => setCard(null), CARD_LINGER_MS);
  }, [clearTimer, setCard]);

  // The count of the emoji the card is about, as it is now.
  const cardCount = card ? (shown.find((r) => r.emoji === card.emoji)?.count ?? 0) : 0;
  if (shown.length === 0) return null;
  return (
    <div
      role="group"
      aria-label={t('reactions.title')}
      className={`mt-1 flex flex-wrap items-center gap-1 ${own ? 'justify-end' : 'justify-start'}`}
      data-testid="reactions"
    >
      {shown.map((r) => (
        <Chip
          key={r.emoji}
          r={r}
          lookup={lookup}
          canReact={canReact}
          tabIndex={tabIndex}
          describedBy={card?.emoji === r.emoji ? cardId : undefined}
          onToggle={onToggle}
          onList={onList}
          onRest={onRest}
          onLeave={onLeave}
        />
      ))}
      <button
        type="button"
        tabIndex={tabIndex}
        aria-label={t('reactions.whoReacted')}
        title={t('reactions.whoReacted')}
        onClick={(e) => {
          e.stopPropagation();
          setCard(null);
          setList({ initial: null });
        }}
        onKeyDown={(e) => e.stopPropagation()}
        className="inline-flex size-7 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg max-md:size-11"
        data-testid="who-reacted-button"
      >
        <GroupIcon size={16} />
      </button>
      {card && cardCount > 0 && (
        <ReactorsCard
          messageId={message.id}
          card={{ ...card, count: cardCount }}
          id={cardId}
          lookup={lookup}
          onEnter={clearTimer}
          onLeave={onLeave}
        />
      )}
      {list && <WhoReacted messageId={message.id} reactions={shown} lookup={lookup} initial={list.initial} onClose={() => setList(null)} />}
    </div>
  );
});
