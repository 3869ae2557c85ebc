// The words of reactions: what a chip says to a screen reader, and who reacted in short (the
// hover card).
import { t } from '../../i18n';
import type { Reaction } from '../../client/types';

/** A chip's accessible name: "👍 3 reactions, including you. Toggle". */
export function chipLabel(r: Reaction): string {
  const count = t('reactions.count', { count: r.count });
  const mine = r.me ? (r.count === 1 ? t('reactions.yours') : t('reactions.includingYou')) : '';
  return t('reactions.chip', { emoji: r.emoji, count, mine });
}

/**
 * Who reacted, in short: "You, Ann and Ben", "Ann, Ben, Cy and 4 others". `names` are the
 * first ones listed (the user's own shown as "You", first), `count` how many there are in all.
 */
export function reactorsLine(names: readonly string[], count: number, shown = 3): string {
  const list = names.slice(0, shown);
  const others = Math.max(0, count - list.length);
  if (list.length === 0) return t('reactions.people', { count });
  if (others === 0) {
    if (list.length === 1) return list[0] ?? '';
    return t('reactions.and', { list: list.slice(0, -1).join(', '), last: list[list.length - 1] ?? '' });
  }
  return t('reactions.and', { list: list.join(', '), last: t('reactions.others', { count: others }) });
}

