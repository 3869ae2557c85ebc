// "Do not disturb until 14:30" with a moon, while it is in force (the app's useDnd says when it
// ends): a line of its own beside the user's name, or (compact) the moon alone in a chat's
// header, its words for screen readers and as a tooltip.
import { dndUntilText } from '../client/dnd';
import { MoonIcon } from './icons';

interface Props {
  until: number;
  timeZone: string;
  now: number;
  compact?: boolean;
}

export function DndIndicator({ until, timeZone, now, compact = false }: Props) {
  const text = `Do not disturb until ${dndUntilText(until, now, timeZone)}`;
  if (compact) {
    return (
      <span className="inline-flex size-9 shrink-0 items-center justify-center text-muted" title={text} data-testid="dnd-indicator">
        <MoonIcon size={18} />
        <span className="sr-only">{text}</span>
      </span>
    );
  }
  return (
    <p className="flex min-w-0 items-center gap-1 text-xs text-muted" data-testid="dnd-indicator">
      <MoonIcon size={12} className="shrink-0" />
      <span className="truncate">{text}</span>
    </p>
  );
}
