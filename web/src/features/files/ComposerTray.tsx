// Above the message box: the files added to the message (chosen with the paperclip, dropped on
// the chat or pasted), each with a preview (pictures and videos from the file itself), its
// name and size, its upload's progress, a remove button and, when the server refused it, why
// and Retry; and why files were not added (too large, more than ten). The text in the box is
// their caption. Also the paperclip itself.
import { useRef } from 'react';

import { useChatStore, useStaged, useTrayNotice, useUpload } from '../../app/store-context';
import type { UploadState } from '../../client/file-actions';
import { displayName, formatBytes } from '../../client/files';
import { MAX_ATTACHMENTS } from '../../client/files-wire';
import { CloseIcon } from '../../shared/icons';
import { typeLabel } from './DocumentCard';
import { DocumentIcon, PaperclipIcon, RetryIcon } from './icons';
import { ProgressBar } from './ProgressBar';
import { useT } from '../../i18n';

const ICON_BUTTON = 'inline-flex size-10 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg';

function Preview({ u }: { u: UploadState }) {
  if (u.previewUrl && u.kind === 'image') return <img src={u.previewUrl} alt="" className="size-12 shrink-0 rounded-lg object-cover" />;
  if (u.previewUrl && u.kind === 'video') return <video src={u.previewUrl} muted preload="metadata" className="size-12 shrink-0 rounded-lg bg-black object-cover" aria-hidden="true" />;
  return <DocumentIcon label={typeLabel(u.name, u.mime)} size={48} className="shrink-0 text-accent" />;
}

function TrayItem({ id }: { id: string }) {
  const t = useT();
  const store = useChatStore();
  const u = useUpload(id);
  if (!u) return null;
  const name = displayName(u.name, u.kind);
  const percent = u.size > 0 ? (u.status === 'done' ? 100 : (u.sent / u.size) * 100) : 0;
  const status =
    u.status === 'done'
      ? t('files.status.ready')
      : u.status === 'waiting'
        ? t('files.status.waiting')
        : u.status === 'failed'
          ? t('files.status.failed')
          : u.sent >= u.size
            ? t('files.status.processing')
            : t('files.status.uploading', { percent: Math.floor(percent) });
  return (
    <li className="flex items-center gap-3 py-1.5" data-testid="tray-item" data-status={u.status} aria-label={t('files.trayItem', { name, size: formatBytes(u.size), status })}>
      <Preview u={u} />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={name} dir="auto">
          {name}
        </p>
        {u.status === 'failed' ? (
          <p className="text-xs text-danger" role="alert" data-testid="tray-error">
            {u.error}
          </p>
        ) : (
          <>
            <p className="text-xs text-muted">
              {formatBytes(u.size)} · {status}
            </p>
            {u.status !== 'done' && <ProgressBar percent={percent} label={t('files.uploadingName', { name })} className="mt-1" />}
          </>
        )}
      </div>
      {u.status === 'failed' && (
        <button type="button" className={ICON_BUTTON} onClick={() => store.files.retryUpload(id)} aria-label={t('files.retryUpload', { name })} title={t('common.retry')}>
          <RetryIcon size={18} />
        </button>
      )}
      <button type="button" className={ICON_BUTTON} onClick={() => store.files.unstage(id)} aria-label={t('files.removeName', { name })} title={t('common.remove')} data-testid="tray-remove">
        <CloseIcon size={18} />
      </button>
    </li>
  );
}

export function ComposerTray({ chatId }: { chatId: string }) {
  const t = useT();
  const store = useChatStore();
  const ids = useStaged(chatId);
  const notice = useTrayNotice(chatId);
  if (ids.length === 0 && !notice) return null;
  return (
    <div className="mb-2 rounded-xl border border-line bg-panel-2 px-3 py-1" data-testid="composer-tray">
      {notice && (
        <div className="flex items-start gap-2 py-1.5">
          <p className="flex-1 text-sm text-danger" role="alert" data-testid="tray-notice">
            {notice}
          </p>
          <button type="button" className={ICON_BUTTON} onClick={() => store.files.dismissNotice(chatId)} aria-label={t('app.dismiss')}>
            <CloseIcon size={16} />
          </button>
        </div>
      )}
      {ids.length > 0 && (
        <>
          <p className="pt-1 text-xs text-muted" id={`tray-${chatId}`}>
            {t('files.trayCount', { count: ids.length, max: MAX_ATTACHMENTS })}
          </p>
          <ul className="scrollbar-thin max-h-48 overflow-y-auto" aria-labelledby={`tray-${chatId}`}>
            {ids.map((id) => (
              <TrayItem key={id} id={id} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function AttachButton({ chatId, onAdded }: { chatId: string; onAdded: () => void }) {
  const t = useT();
  const store = useChatStore();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) void store.files.stage(chatId, files);
          onAdded();
        }}
        data-testid="attach-input"
      />
      <button
        type="button"
        onClick={() => input.current?.click()}
        aria-label={t('files.attach')}
        title={t('files.attachHint')}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
      >
        <PaperclipIcon size={22} />
      </button>
    </>
  );
}
