// The words of reactions: what a chip says to a screen reader, and who reacted in short (the
// hover card).
import type { Reaction } from '../../client/types';

/** A chip's accessible name: "👍 3 reactions, including you. Toggle". */
export function chipLabel(r: Reaction): string {
  const count = r.count === 1 ? '1 reaction' : `${r.count} reactions`;
  const mine = r.me ? (r.count === 1 ? ', yours' : ', including you') : '';
  return `${r.emoji} ${count}${mine}. Toggle`;
}

/**
 * Who reacted, in short: "You, Ann and Ben", "Ann, Ben, Cy and 4 others". `names` are the
 * first ones listed (the user's own shown as "You", first), `count` how many there are in all.
 */
export function reactorsLine(names: readonly string[], count: number, shown = 3): string {
  const list = names.slice(0, shown);
  const others = Math.max(0, count - list.length);
  if (list.length === 0) return count === 1 ? '1 person' : `${count} people`;
  if (others === 0) {
    if (list.length === 1) return list[0] ?? '';
    return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  }
  return `${list.join(', ')} and ${others === 1 ? '1 other' : `${others} others`}`;
}

