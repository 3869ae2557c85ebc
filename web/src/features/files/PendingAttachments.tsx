// The files of a message still uploading, in its bubble: pictures and videos as the album
// they will be (their local copies), the others as cards, each with its progress (a bar and the
// percent), a cancel button, and "Waiting for the connection…" while the connection is down.
import { useChatStore, useUpload } from '../../app/store-context';
import type { UploadState } from '../../client/file-actions';
import { displayName, formatBytes, formatDuration, isMedia } from '../../client/files';
import { CloseIcon } from '../../shared/icons';
import { DocumentIcon, MicIcon } from './icons';
import { AlbumLayout } from './MediaTile';
import { ProgressBar } from './ProgressBar';
import { typeLabel } from './DocumentCard';
import { t, useT } from '../../i18n';

function percentOf(u: UploadState): number {
  if (u.status === 'done') return 100;
  return u.size > 0 ? (u.sent / u.size) * 100 : 0;
}

function statusText(u: UploadState): string {
  if (u.status === 'waiting') return t('files.pending.waiting');
  if (u.status === 'failed') return t('files.pending.failed');
  if (u.status === 'done') return t('files.pending.done');
  if (u.sent >= u.size) return t('files.pending.processing');
  return t('files.pending.percent', { percent: Math.floor(percentOf(u)) });
}

function CancelButton({ u, tabIndex, onMedia }: { u: UploadState; tabIndex: number; onMedia?: boolean }) {
  useT();
  const store = useChatStore();
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      onClick={(e) => {
        e.stopPropagation();
        store.files.cancel(u.id);
      }}
      onKeyDown={(e) => e.stopPropagation()}
      aria-label={t('files.cancelSending', { name: displayName(u.name, u.kind) })}
      className={`inline-flex size-10 shrink-0 items-center justify-center rounded-full ${onMedia ? 'bg-black/55 text-white hover:bg-black/70' : 'hover:bg-hover'}`}
      data-testid="upload-cancel"
    >
      <CloseIcon size={18} />
    </button>
  );
}

function PendingTile({ id, className, tabIndex }: { id: string; className: string; tabIndex: number }) {
  useT();
  const u = useUpload(id);
  if (!u) return null;
  const name = displayName(u.name, u.kind);
  return (
    <div className={`${className} overflow-hidden bg-line`} data-testid="pending-tile" data-status={u.status}>
      {u.previewUrl &&
        (u.kind === 'video' ? (
          <video src={u.previewUrl} muted preload="metadata" className="absolute inset-0 size-full object-cover" aria-hidden="true" />
        ) : (
          <img src={u.previewUrl} alt="" className="absolute inset-0 size-full object-cover" />
        ))}
      <div className="absolute inset-0 flex flex-col items-center justify-center gap-1 bg-black/35 p-2 text-white">
        <CancelButton u={u} tabIndex={tabIndex} onMedia />
        <span className="text-xs font-medium drop-shadow">{statusText(u)}</span>
      </div>
      <ProgressBar percent={percentOf(u)} label={t('files.uploadingName', { name })} onMedia className="absolute inset-x-2 bottom-2" />
    </div>
  );
}

function PendingCard({ id, tabIndex }: { id: string; tabIndex: number }) {
  useT();
  const u = useUpload(id);
  if (!u) return null;
  const name = displayName(u.name, u.kind);
  return (
    <div className="flex w-[min(20rem,calc(100vw-8.5rem))] items-center gap-3 rounded-xl bg-black/5 p-2 dark:bg-white/5" data-testid="pending-card" data-status={u.status}>
      {u.kind === 'voice' ? (
        <span className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-accent text-on-accent" aria-hidden="true">
          <MicIcon size={20} />
        </span>
      ) : (
        <DocumentIcon label={typeLabel(u.name, u.mime)} size={40} className="shrink-0 text-accent" />
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" dir="auto">{u.kind === 'voice' ? (u.duration ? t('files.voiceMessageLength', { duration: formatDuration(u.duration) }) : t('files.name.voice')) : name}</p>
        <p className="text-xs opacity-75">
          {statusText(u)}
          {u.status === 'uploading' ? ` ${t('files.ofSize', { size: formatBytes(u.size) })}` : ''}
        </p>
        <ProgressBar percent={percentOf(u)} label={t('files.uploadingName', { name })} className="mt-1" />
      </div>
      <CancelButton u={u} tabIndex={tabIndex} />
    </div>
  );
}

/** The uploads `ids` of one message: laid out by their kinds (which do not change), each tile following its own. */
export function PendingAttachments({ ids, tabIndex }: { ids: readonly string[]; tabIndex: number }) {
  useT();
  const store = useChatStore();
  const uploads = ids.map((id) => store.files.uploads.entry(id)).filter((u) => u !== undefined);
  const media = uploads.filter((u) => isMedia(u));
  const others = uploads.filter((u) => !isMedia(u));
  return (
    <div className="mb-1 flex flex-col gap-1.5" data-testid="pending-attachments">
      {media.length > 0 && (
        <AlbumLayout count={Math.min(media.length, 4)} aspect={4 / 3} testId="pending-album">
          {(tileClass) => media.slice(0, 4).map((u, i) => <PendingTile key={u.id} id={u.id} className={tileClass(i)} tabIndex={tabIndex} />)}
        </AlbumLayout>
      )}
      {media.length > 4 && <p className="text-xs opacity-80">{t('files.andMore', { count: media.length - 4 })}</p>}
      {others.map((u) => (
        <PendingCard key={u.id} id={u.id} tabIndex={tabIndex} />
      ))}
    </div>
  );
}
