// The person's exports, newest first, each with its format and chats ("All chats", the chat's
// title, or how many), when it was started and the dates it covers, and its state: waiting,
// running (a <progress> of the messages written, named for the export, with the count in
// words), done (its size, until when it can be downloaded, and Download: a fresh signed link
// asked for and handed to the browser), or failed (the server's words). Remove on each (no
// question asked: an export can be made again). A refusal shows in an alert on its export (or
// below the list, once the export left it: one the server no longer has); each removal is said
// politely. Reading the list failed: why, with "Try again".
import { useState } from 'react';

import { useChatList, useChatStore, useExportsView } from '../../app/store-context';
import { exportErrorText, inProgress } from '../../client/exports';
import type { Export } from '../../client/exports-wire';
import { formatBytes } from '../../client/files';
import { formatDate, formatDateTime } from '../../shared/format';
import { DownloadIcon, TrashIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { useT } from '../../i18n';
import { downloadFrom } from './save';
import { button } from './styles';

/** The day before an exclusive end: the last day a range covers. */
const lastDay = (to: number) => to - 1;

export function ExportList({ labelledBy }: { labelledBy: string }) {
  const t = useT();
  const store = useChatStore();
  const view = useExportsView();
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [announce, setAnnounce] = useState('');

  const failed = (id: string, err: unknown) => setErrors((e) => ({ ...e, [id]: exportErrorText(err) }));
  /** A new action: the refusals said before are done with. */
  const clear = () => setErrors({});

  const download = (x: Export) => {
    clear();
    store.exports.downloadUrl(x.id).then(downloadFrom, (err: unknown) => failed(x.id, err));
  };
  const remove = (x: Export) => {
    clear();
    setAnnounce('');
    store.exports.remove(x.id).then(
      () => setAnnounce(t('exports.removed')),
      (err: unknown) => failed(x.id, err),
    );
  };

  if (view.list === null) {
    return view.loadError && !view.loading ? (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft p-3 text-sm" data-testid="export-load-error">
        <p className="min-w-0 flex-1 text-danger">{t('exports.list.loadError', { error: view.loadError })}</p>
        <button type="button" onClick={() => void store.exports.load()} className={`${button} bg-panel hover:bg-hover`}>
          {t('exports.list.retry')}
        </button>
      </div>
    ) : (
      <p role="status" className="text-sm text-muted">
        {t('exports.list.loading')}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      {view.list.length === 0 ? (
        <p className="text-sm text-muted" data-testid="export-list-empty">
          {t('exports.list.empty')}
        </p>
      ) : (
        <ul aria-labelledby={labelledBy} className="flex flex-col divide-y divide-line rounded-xl border border-line" data-testid="export-list">
          {view.list.map((x) => (
            <ExportItem
              key={x.id}
              x={x}
              busy={view.busy[x.id]}
              error={errors[x.id]}
              onDownload={() => download(x)}
              onRemove={() => remove(x)}
            />
          ))}
        </ul>
      )}
      {Object.entries(errors)
        .filter(([id]) => !view.list?.some((x) => x.id === id))
        .map(([id, text]) => (
          <p key={id} role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="export-list-error">
            {text}
          </p>
        ))}
      <p role="status" className="sr-only">
        {announce}
      </p>
    </div>
  );
}

function ExportItem({
  x,
  busy,
  error,
  onDownload,
  onRemove,
}: {
  x: Export;
  busy: 'downloading' | 'removing' | undefined;
  error: string | undefined;
  onDownload: () => void;
  onRemove: () => void;
}) {
  const t = useT();
  const now = useNow(60000).getTime();
  const onlyTitle = useChatList((s) => (x.chatIds.length === 1 ? s.summaries[x.chatIds[0]!]?.title : undefined));
  const chats =
    x.chatIds.length === 0 ? t('exports.item.allChats') : (onlyTitle ?? t('exports.item.chats', { count: x.chatIds.length }));
  const title = t('exports.item.title', { format: t(`exports.format.${x.format}`), chats });
  const range =
    x.from !== null && x.to !== null
      ? t('exports.item.range.both', { from: formatDate(x.from), to: formatDate(lastDay(x.to)) })
      : x.from !== null
        ? t('exports.item.range.from', { from: formatDate(x.from) })
        : x.to !== null
          ? t('exports.item.range.to', { to: formatDate(lastDay(x.to)) })
          : null;
  const expired = x.state === 'done' && x.expiresAt !== null && x.expiresAt <= now;

  return (
    <li className="flex flex-col gap-2 px-3 py-3" data-testid="export-item" data-export-id={x.id} data-state={x.state}>
      {/* On a phone the buttons go under the words rather than squeezing them. */}
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <div className="min-w-48 flex-1">
          <p className="font-medium break-words [overflow-wrap:anywhere]" dir="auto" data-testid="export-title">
            {title}
          </p>
          <p className="text-sm text-muted">
            {t('exports.item.created', { time: formatDateTime(x.createdAt) })}
            {range && (
              <>
                <span aria-hidden="true"> · </span>
                {range}
              </>
            )}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-1">
          {x.state === 'done' && !expired && (
            <button
              type="button"
              onClick={onDownload}
              disabled={busy !== undefined}
              aria-label={t('exports.downloadLabel', { title })}
              className={`${button} bg-accent-soft text-accent hover:bg-active`}
              data-testid="export-download"
            >
              <DownloadIcon size={18} />
              {busy === 'downloading' ? t('exports.downloading') : t('exports.download')}
            </button>
          )}
          <button
            type="button"
            onClick={onRemove}
            disabled={busy !== undefined}
            aria-label={t('exports.removeLabel', { title })}
            className={`${button} px-3 text-muted hover:bg-danger-soft hover:text-danger`}
            data-testid="export-remove"
          >
            <TrashIcon size={18} />
            {t('exports.remove')}
          </button>
        </div>
      </div>
      <ExportState x={x} title={title} expired={expired} />
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="export-item-error">
          {error}
        </p>
      )}
    </li>
  );
}

/** Where an export is: waiting, its progress, ready (size, until when), or why it failed. */
function ExportState({ x, title, expired }: { x: Export; title: string; expired: boolean }) {
  const t = useT();
  if (inProgress(x)) {
    const known = x.state === 'running' && x.total > 0;
    const words =
      x.state === 'queued' ? t('exports.state.queued') : known ? t('exports.state.running', { done: x.done, total: x.total }) : t('exports.state.runningUnknown');
    return (
      <div className="flex flex-col gap-1" data-testid="export-state">
        {/* Indeterminate until the server knows how many messages there are. */}
        <progress
          aria-label={t('exports.progress', { title })}
          aria-valuetext={words}
          {...(known ? { max: x.total, value: x.done } : {})}
          className="h-2 w-full appearance-none overflow-hidden rounded-full bg-line accent-(--p-accent) [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-line [&::-webkit-progress-value]:bg-accent"
          data-testid="export-progress"
        />
        <p className="text-sm text-muted">{words}</p>
      </div>
    );
  }
  if (x.state === 'failed') {
    return (
      <p className="text-sm text-danger" data-testid="export-state">
        {x.error ? t('exports.state.failed', { error: x.error }) : t('exports.state.failedUnknown')}
      </p>
    );
  }
  return (
    <p className="text-sm text-muted" data-testid="export-state">
      {t('exports.state.done', { size: formatBytes(x.size) })}
      {x.expiresAt !== null && (
        <>
          <span aria-hidden="true"> · </span>
          {expired ? t('exports.expired', { time: formatDateTime(x.expiresAt) }) : t('exports.available', { time: formatDateTime(x.expiresAt) })}
        </>
      )}
    </p>
  );
}
