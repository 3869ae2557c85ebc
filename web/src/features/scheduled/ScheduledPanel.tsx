// The chat's scheduled messages, opened from the bar above the message box (ScheduledBar.tsx):
// each one's text (its files' names under it, or "3 files"; the names as its title when it has
// no text), its next time in the viewer's zone and how far off it is, how it repeats in
// words ("Every Monday at 09:00", with its zone when that is not the viewer's), how often it
// went and was skipped while the server was down, and Edit (the schedule dialog), Send now and
// Cancel (asked first). Refusals are toasts in words; the list follows the server (a message
// sent or cancelled leaves it).
import { useEffect, useRef, useState } from 'react';

import { useChats, useChatStore, useScheduledView, useSession, useUsers } from '../../app/store-context';
import { describeRule } from '../../client/rrule';
import { scheduledErrorText, scheduledTitle } from '../../client/scheduled';
import type { ScheduledMessage } from '../../client/scheduled-wire';
import { peerId, userName } from '../../client/selectors';
import { formatRelative, formatWallTime, formatZoned } from '../../shared/format';
import { CloseIcon, PaperclipIcon, PencilIcon, RepeatIcon, SendIcon, TrashIcon } from '../../shared/icons';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';
import { ScheduleDialog } from './ScheduleDialog';

interface Props {
  id: string;
  chatId: string;
  list: readonly ScheduledMessage[];
  now: number;
  onClose: () => void;
}

export function ScheduledPanel({ id, chatId, list, now, onClose }: Props) {
  const t = useT();
  const store = useChatStore();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<ScheduledMessage | null>(null);
  const [cancelling, setCancelling] = useState<ScheduledMessage | null>(null);
  const zone = store.scheduled.timeZone();

  // Opened: the reader is told where they are.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-b border-line" data-testid="scheduled-panel">
      <div className="flex items-center justify-between gap-2 py-1 ps-4 pe-2 md:ps-6">
        <h2 ref={headingRef} id={`${id}-title`} tabIndex={-1} className="text-sm font-semibold outline-none">
          {t('scheduled.panel.title')}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={t('scheduled.panel.close')}
          title={t('scheduled.panel.close')}
          className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
        >
          <CloseIcon size={18} />
        </button>
      </div>
      {list.length === 0 ? (
        <p className="px-4 pb-3 text-sm text-muted md:px-6">{t('scheduled.panel.empty')}</p>
      ) : (
        <ul className="scrollbar-thin flex max-h-[min(50dvh,24rem)] flex-col overflow-y-auto" data-testid="scheduled-list">
          {list.map((s) => (
            <ScheduledItem key={s.id} s={s} zone={zone} now={now} chatId={chatId} onEdit={() => setEditing(s)} onCancel={() => setCancelling(s)} />
          ))}
        </ul>
      )}
      {editing && <ScheduleDialog chatId={chatId} editing={editing} onClose={() => setEditing(null)} />}
      {cancelling && <CancelDialog s={cancelling} onClose={() => setCancelling(null)} />}
    </section>
  );
}

function ScheduledItem({
  s,
  zone,
  now,
  chatId,
  onEdit,
  onCancel,
}: {
  s: ScheduledMessage;
  zone: string;
  now: number;
  chatId: string;
  onEdit: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const store = useChatStore();
  const busy = useScheduledView().busy[s.id];
  const chat = useChats((st) => st.byId[chatId]);
  const me = useSession((st) => st.user?.id ?? '');
  const users = useUsers();
  const text = scheduledTitle(s, 40);
  const names = s.attachments.map((a) => a.name);
  const untitled = s.content.trim() === '' && names.length > 0;
  const rule = s.rrule ? describeRule(s.rrule, s.start, { time: formatWallTime, timeZone: s.timeZone }) : null;
  const where = s.recipientZone && chat ? t('scheduled.zone.recipientItem', { name: userName(users, peerId(chat, me)) }) : s.timeZone !== zone ? t('scheduled.zone.item', { zone: s.timeZone }) : null;
  const action = 'inline-flex min-h-11 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium hover:bg-hover disabled:opacity-60 md:min-h-9';

  const sendNow = () => {
    store.scheduled.sendNow(s.id).then(
      () => store.showToast(t('scheduled.sentNow')),
      (err: unknown) => store.showToast(scheduledErrorText(err)),
    );
  };

  return (
    <li className="flex flex-col gap-1 border-t border-line px-4 py-2.5 first:border-t-0 md:px-6" data-testid="scheduled-item" data-scheduled-id={s.id}>
      {untitled ? (
        <p className="flex items-start gap-1.5 text-[15px] break-words [overflow-wrap:anywhere]" data-testid="scheduled-text">
          <PaperclipIcon size={16} className="mt-0.5 shrink-0 text-muted" />
          <span className="line-clamp-3" dir="auto">
            {names.join(', ')}
          </span>
        </p>
      ) : (
        <p className="line-clamp-3 text-[15px] break-words whitespace-pre-wrap [overflow-wrap:anywhere]" dir="auto" data-testid="scheduled-text">
          {s.content}
        </p>
      )}
      {!untitled && names.length > 0 && (
        // Two names fit; more are counted (all of them in the tooltip, and for screen readers).
        <p className="flex min-w-0 items-center gap-1.5 text-sm text-muted" title={names.join(', ')} data-testid="scheduled-files">
          <PaperclipIcon size={14} className="shrink-0" />
          <span className="truncate" dir="auto" aria-hidden="true">
            {names.length <= 2 ? names.join(', ') : t('scheduled.item.files', { count: names.length })}
          </span>
          <span className="sr-only">{t('scheduled.item.filesLabel', { names: names.join(', ') })}</span>
        </p>
      )}
      {s.nextAt !== null && (
        <p className="text-sm" data-testid="scheduled-next">
          <span className="font-medium">{t('scheduled.item.next', { time: formatZoned(s.nextAt, zone) })}</span>
          <span className="text-muted"> · {formatRelative(s.nextAt, now)}</span>
        </p>
      )}
      {rule && (
        <p className="flex items-start gap-1.5 text-sm text-muted" data-testid="scheduled-rule">
          <RepeatIcon size={14} className="mt-0.5 shrink-0" />
          <span>{rule}</span>
        </p>
      )}
      {(where || s.sentCount > 0) && (
        <p className="text-xs text-muted">
          {[where, s.sentCount > 0 ? t('scheduled.item.sent', { count: s.sentCount }) : null].filter(Boolean).join(' · ')}
        </p>
      )}
      {s.missedCount > 0 && (
        <p className="text-xs text-warn" data-testid="scheduled-missed">
          {t('scheduled.item.missed', { count: s.missedCount, time: formatZoned(s.lastMissedAt ?? s.updatedAt, zone) })}
        </p>
      )}
      <div className="-ms-2.5 flex flex-wrap gap-1">
        <button type="button" onClick={onEdit} disabled={busy !== undefined} aria-label={t('scheduled.action.editLabel', { text })} className={`${action} text-accent`}>
          <PencilIcon size={16} />
          {t('scheduled.action.edit')}
        </button>
        <button type="button" onClick={sendNow} disabled={busy !== undefined} aria-label={t('scheduled.action.sendNowLabel', { text })} className={`${action} text-accent`}>
          <SendIcon size={16} />
          {busy === 'sending' ? t('scheduled.action.sending') : t('scheduled.action.sendNow')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy !== undefined} aria-label={t('scheduled.action.cancelLabel', { text })} className={`${action} text-danger`}>
          <TrashIcon size={16} />
          {busy === 'cancelling' ? t('scheduled.cancel.cancelling') : t('scheduled.action.cancel')}
        </button>
      </div>
    </li>
  );
}

/** "Cancel this scheduled message?", Keep it first (it has the focus). */
function CancelDialog({ s, onClose }: { s: ScheduledMessage; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const [busy, setBusy] = useState(false);
  const questionId = `cancel-scheduled-${s.id}`;
  const button = 'h-11 w-full rounded-xl px-4 text-sm font-medium';
  const run = () => {
    setBusy(true);
    store.scheduled.cancel(s.id).then(
      () => {
        store.showToast(t('scheduled.cancelled'));
        onClose();
      },
      (err: unknown) => {
        store.showToast(scheduledErrorText(err));
        onClose();
      },
    );
  };
  return (
    <Modal title={t('scheduled.cancel.title')} onClose={onClose} alert describedBy={questionId} testId="scheduled-cancel-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <div id={questionId} className="flex flex-col gap-1 text-sm">
          <p className="line-clamp-3 rounded-lg bg-panel-2 px-3 py-2 break-words [overflow-wrap:anywhere]" dir="auto">
            {s.content.trim() === '' ? scheduledTitle(s) : s.content}
          </p>
          <p>{s.rrule ? t('scheduled.cancel.repeating') : t('scheduled.cancel.once')}</p>
        </div>
        <div className="flex flex-col gap-2">
          <button type="button" disabled={busy} onClick={run} className={`${button} bg-danger text-on-accent hover:opacity-90 disabled:opacity-60`} data-testid="scheduled-cancel-confirm">
            {busy ? t('scheduled.cancel.cancelling') : t('scheduled.cancel.confirm')}
          </button>
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('scheduled.cancel.keep')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
