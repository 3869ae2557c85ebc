// Above the message box, while the user has scheduled messages in the chat: "3 scheduled
// messages" with the next one's time, a button that opens (and closes) the list of them
// (ScheduledPanel.tsx) just above it. The list is read again from the server as it opens; Esc
// closes it (the panel opened last) and focus goes back to the button. Nothing shows when the
// chat has none.
import { useCallback, useEffect, useId, useRef, useState } from 'react';

import { useChatStore, useScheduled } from '../../app/store-context';
import { formatRelative, formatZoned } from '../../shared/format';
import { ScheduleIcon } from '../../shared/icons';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { useNow } from '../../shared/useNow';
import { useT } from '../../i18n';
import { ScheduledPanel } from './ScheduledPanel';

export function ScheduledBar({ chatId }: { chatId: string }) {
  const t = useT();
  const store = useChatStore();
  const list = useScheduled(chatId);
  const now = useNow(30000).getTime();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const count = list.length;

  // Another chat, or none left: closed.
  useEffect(() => setOpen(false), [chatId]);
  useEffect(() => {
    if (count === 0) setOpen(false);
  }, [count]);

  const close = useCallback(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, []);
  useEscapeLayer(close, open);

  if (count === 0) return null;
  const next = list[0]?.nextAt ?? null;
  const zone = store.scheduled.timeZone();
  return (
    <div className="border-t border-line bg-panel" data-testid="scheduled-bar">
      {open && <ScheduledPanel id={panelId} chatId={chatId} list={list} now={now} onClose={close} />}
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          if (open) {
            setOpen(false);
            return;
          }
          setOpen(true);
          void store.scheduled.refreshChat(chatId);
        }}
        className="flex min-h-11 w-full items-center gap-2 px-4 py-1.5 text-start text-sm hover:bg-hover md:min-h-9 md:px-6"
        data-testid="scheduled-bar-button"
      >
        <ScheduleIcon size={16} className="shrink-0 text-accent" />
        <span className="font-medium text-accent">{t('scheduled.bar', { count })}</span>
        {next !== null && (
          <span className="min-w-0 truncate text-muted">
            {t('scheduled.item.next', { time: `${formatZoned(next, zone)} · ${formatRelative(next, now)}` })}
          </span>
        )}
      </button>
    </div>
  );
}
