// "Who reacted" to a message: a dialog with the reactions as filters (all, or one emoji with
// its count) and the people, oldest first, with their emoji; "Show more" for the next page.
// Opened from the reactions' button, or a long press on a chip (that emoji chosen). Custom
// emoji show as their images (alt: their :shortcode:) where the chat knows them.
import { useT } from '../../i18n';
import { useState, type ReactNode } from 'react';

import { useSession } from '../../app/store-context';
import type { EmojiLookup } from '../../client/custom-emoji';
import type { Reaction } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { EmojiGlyph } from '../../shared/CustomEmoji';
import { Modal } from '../../shared/Modal';
import { useReactors } from './useReactors';

interface Props {
  messageId: string;
  reactions: readonly Reaction[];
  /** The emoji shown first; null: all. */
  initial: string | null;
  /** The chat's custom emoji. */
  lookup: EmojiLookup;
  onClose: () => void;
}

export function WhoReacted({ messageId, reactions, initial, lookup, onClose }: Props) {
  const t = useT();
  const me = useSession((s) => s.user?.id ?? '');
  const [emoji, setEmoji] = useState<string | null>(initial);
  const total = reactions.reduce((n, r) => n + r.count, 0);
  const count = emoji === null ? total : (reactions.find((r) => r.emoji === emoji)?.count ?? 0);
  const { reactors, more, loading, error, loadMore, retry } = useReactors(messageId, emoji, count);
  const filter = (value: string | null, label: ReactNode) => (
    <button
      key={value ?? 'all'}
      type="button"
      aria-pressed={emoji === value}
      onClick={() => setEmoji(value)}
      className={`inline-flex h-9 shrink-0 items-center gap-1 rounded-full border px-3 text-sm max-md:h-11 ${
        emoji === value ? 'border-accent bg-accent-soft font-semibold text-accent' : 'border-line hover:bg-hover'
      }`}
    >
      {label}
    </button>
  );
  return (
    <Modal title={t('reactions.title')} onClose={onClose} testId="who-reacted">
      <div role="group" aria-label={t('reactions.show')} className="scrollbar-thin flex gap-1.5 overflow-x-auto border-b border-line px-4 py-2.5">
        {filter(null, t('reactions.all', { count: total }))}
        {reactions.map((r) =>
          filter(
            r.emoji,
            <>
              <EmojiGlyph emoji={r.emoji} lookup={lookup} /> {r.count}
            </>,
          ),
        )}
      </div>
      <div className="max-h-[min(24rem,60dvh)] overflow-y-auto px-5 py-2" aria-busy={loading}>
        {reactors.length > 0 && (
          <ul className="flex flex-col" data-testid="reactors">
            {reactors.map((r) => (
              <li key={`${r.userId} ${r.emoji}`} className="flex items-center gap-3 py-1.5" data-testid="reactor">
                <Avatar id={r.userId} name={r.name} size="sm" />
                <span className="min-w-0 flex-1 truncate" dir="auto">{r.userId === me ? t('reactions.you.name', { name: r.name }) : r.name}</span>
                <span className="shrink-0 text-xl leading-none">
                  <EmojiGlyph emoji={r.emoji} lookup={lookup} />
                </span>
              </li>
            ))}
          </ul>
        )}
        {loading && (
          <p className="py-2 text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )}
        {!loading && !error && reactors.length === 0 && <p className="py-2 text-sm text-muted">{t('reactions.none')}</p>}
        {error && (
          <div className="flex flex-wrap items-center gap-3 py-2" role="alert">
            <p className="text-sm text-danger">{error}</p>
            <button type="button" onClick={retry} className="h-11 rounded-xl px-3 text-sm font-medium text-accent hover:bg-hover">
              {t('common.tryAgain')}
            </button>
          </div>
        )}
        {more && !loading && !error && (
          <button type="button" onClick={loadMore} className="my-1 h-11 w-full rounded-xl text-sm font-medium text-accent hover:bg-hover">
            {t('reactions.showMore')}
          </button>
        )}
      </div>
    </Modal>
  );
}
