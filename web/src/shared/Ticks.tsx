// Delivery status of one's own message: a clock while it waits to be sent, then ✓ sent,
// ✓✓ delivered, ✓✓✓ read. Read stands apart without relying on colour: a third tick, on a
// filled badge (in the read colour too).
import type { MessageStatus } from '../client/types';
import { AlertIcon, ClockIcon } from './icons';

const LABEL: Record<MessageStatus, string> = { SENT: 'Sent', DELIVERED: 'Delivered', READ: 'Read' };
const MARKS: Record<MessageStatus, string> = { SENT: '✓', DELIVERED: '✓✓', READ: '✓✓✓' };

export function Ticks({ status, pending, failed }: { status: MessageStatus; pending?: boolean; failed?: boolean }) {
  if (failed) {
    return (
      <span className="inline-flex text-danger" role="img" aria-label="Not sent" data-status="FAILED">
        <AlertIcon size={14} />
      </span>
    );
  }
  if (pending) {
    return (
      <span className="inline-flex text-tick" role="img" aria-label="Waiting to send" data-status="PENDING">
        <ClockIcon size={13} />
      </span>
    );
  }
  return (
    <span
      role="img"
      aria-label={LABEL[status]}
      title={LABEL[status]}
      data-status={status}
      className={`text-xs leading-none font-bold tracking-[-0.2em] ${
        status === 'READ' ? 'rounded bg-read py-0.5 pr-1 pl-0.5 text-panel' : 'text-tick'
      }`}
    >
      {MARKS[status]}
    </span>
  );
}
