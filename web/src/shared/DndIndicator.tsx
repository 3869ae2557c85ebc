// "Do not disturb until 14:30" with a moon, while it is in force (the app's useDnd says when it
// ends): a line of its own under the user's name (the moon and "until 14:30" seen, the whole
// words read and as a tooltip), or (compact) the moon alone in a chat's header.
import { dndUntilText } from '../client/dnd';
import { DND_FOREVER } from '../client/notifications-wire';
import { MoonIcon } from './icons';
import { useT } from '../i18n';

interface Props {
  until: number;
  timeZone: string;
  now: number;
  compact?: boolean;
}

export function DndIndicator({ until, timeZone, now, compact = false }: Props) {
  const t = useT();
  const when = dndUntilText(until, now, timeZone);
  const text = t('common.dnd.until', { when });
  const forever = until >= DND_FOREVER;
  if (compact) {
    return (
      <span className="inline-flex size-9 shrink-0 items-center justify-center text-muted" title={text} data-testid="dnd-indicator">
        <MoonIcon size={18} />
        <span className="sr-only">{text}</span>
      </span>
    );
  }
  return (
    <p className="flex min-w-0 items-center gap-1 text-xs text-muted" title={text} data-testid="dnd-indicator">
      <MoonIcon size={12} className="shrink-0" />
      {/* Seen: "until 14:30" ("14:30" on phones), or "On" until turned off; read: all of it. */}
      <span className="truncate">
        <span className="sr-only">{t('common.dnd')} </span>
        {forever ? (
          <>
            <span aria-hidden="true">{t('common.dnd.on')}</span>
            <span className="sr-only">{t('common.dnd.untilWord')} {when}</span>
          </>
        ) : (
          <>
            <span className="max-md:sr-only">{t('common.dnd.untilWord')} </span>
            {when}
          </>
        )}
      </span>
    </p>
  );
}
