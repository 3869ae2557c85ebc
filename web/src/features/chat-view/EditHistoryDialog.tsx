// "Edit history" of a message: every version of its text with when it was written, the
// original first and the current one last (message:edits). Asked for again when the message is
// edited while the dialog is open.
import { useEffect, useState } from 'react';

import { useChatStore, useConnection } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { TextVersion, ViewMessage } from '../../client/types';
import { formatShortDate, formatTime } from '../../shared/format';
import { Modal } from '../../shared/Modal';
import { t, useT } from '../../i18n';

/** "14:05" today, "3 Jan, 14:05" on another day. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date().toDateString() === d.toDateString();
  return today ? formatTime(iso) : t('chat.dayTime', { date: formatShortDate(iso), time: formatTime(iso) });
}

function versionLabel(i: number, count: number): string {
  if (i === count - 1) return t('chat.history.current');
  return i === 0 ? t('chat.history.original') : t('chat.history.edit', { n: i });
}

export function EditHistoryDialog({ message, onClose }: { message: ViewMessage; onClose: () => void }) {
  useT();
  const store = useChatStore();
  const [versions, setVersions] = useState<TextVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const connected = useConnection() === 'connected';

  // Loaded when connected (opened while reconnecting, it waits), again after another edit.
  useEffect(() => {
    if (!connected) return;
    let live = true;
    store.lifecycle.versions(message.id).then(
      (v) => {
        if (!live) return;
        setVersions(v);
        setError(null);
      },
      (err: unknown) => {
        if (live) setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
    };
  }, [store, message.id, message.editCount, connected]);

  return (
    <Modal title={t('chat.action.history')} onClose={onClose} testId="edit-history">
      <div className="flex max-h-[75dvh] flex-col overflow-y-auto px-5 py-3">
        {error && (
          <p role="alert" className="py-2 text-sm text-danger">
            {t('chat.history.loadFailed', { error })}
          </p>
        )}
        {!versions && !error && (
          <p className="py-2 text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )}
        {versions && (
          <ol className="flex flex-col gap-3 pb-2" aria-label={t('chat.history.versions')}>
            {versions.map((v, i) => (
              <li key={`${i}-${v.at}`} data-testid="version">
                <p className="mb-1 flex items-baseline justify-between gap-3 text-xs">
                  <span className={`font-semibold ${i === versions.length - 1 ? 'text-accent' : 'text-muted'}`}>
                    {versionLabel(i, versions.length)}
                  </span>
                  <time className="text-muted" dateTime={v.at}>
                    {when(v.at)}
                  </time>
                </p>
                <p
                  className="rounded-xl bg-panel-2 px-3 py-2 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]"
                  dir="auto"
                  data-testid="version-text"
                >
                  {v.content}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Modal>
  );
}
