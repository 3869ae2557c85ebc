// Delivery status of one's own message: a clock while it waits to be sent (or, held by
// auto-moderation, for a moderator's review), then ✓ sent, ✓✓ delivered, ✓✓✓ read. Read stands apart without relying on colour: a third tick, on a
// filled badge (in the read colour too).
import type { MessageStatus } from '../client/types';
import { AlertIcon, ClockIcon } from './icons';
import { useT } from '../i18n';

const MARKS: Record<MessageStatus, string> = { SENT: '✓', DELIVERED: '✓✓', READ: '✓✓✓' };
const MARK_CLASS = 'text-xs leading-none font-bold tracking-[-0.2em]';
const READ_CLASS = 'rounded bg-read py-0.5 pe-1 ps-0.5 text-panel';

export function Ticks({ status, pending, failed, held }: { status: MessageStatus; pending?: boolean; failed?: boolean; held?: boolean }) {
  const t = useT();
  if (held) {
    return (
      <span className="inline-flex text-warn" role="img" aria-label={t('common.tick.held')} data-status="HELD">
        <ClockIcon size={13} />
      </span>
    );
  }
  if (failed) {
    return (
      <span className="inline-flex text-danger" role="img" aria-label={t('common.tick.failed')} data-status="FAILED">
        <AlertIcon size={14} />
      </span>
    );
  }
  if (pending) {
    return (
      <span className="inline-flex text-tick" role="img" aria-label={t('common.tick.pending')} data-status="PENDING">
        <ClockIcon size={13} />
      </span>
    );
  }
  return (
    <span
      role="img"
      aria-label={t(`common.tick.${status}`)}
      title={t(`common.tick.${status}`)}
      data-status={status}
      className={`${MARK_CLASS} ${status === 'READ' ? READ_CLASS : 'text-tick'}`}
    >
      {MARKS[status]}
    </span>
  );
}

/**
 * Takes the room of the widest ticks (the read badge, whatever the font draws), showing nothing
 * and naming nothing: text that flows around the ticks keeps room for them, and a status
 * changing never moves it.
 */
export function TicksRoom() {
  return (
    <span className={`invisible ${MARK_CLASS} ${READ_CLASS}`} aria-hidden="true">
      {MARKS.READ}
    </span>
  );
}
