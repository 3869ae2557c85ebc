// A file that is no picture, video or voice: a card with an icon of its type, its name and
// size, and a download button. Up to 1 GB the download goes through fetch with its progress
// shown (and can be stopped), then is saved under the file's name; larger ones are left to the
// browser's own download. A PDF shows its first page when the server made a thumbnail of it;
// audio files get the browser's player above the card.
import { useEffect, useRef, useState } from 'react';

import { fetchWithProgress, IN_MEMORY_DOWNLOAD_MAX } from '../../client/file-download';
import { displayName, formatBytes } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { errorMessage } from '../../client/errors';
import { CloseIcon } from '../../shared/icons';
import { DocumentIcon, DownloadIcon } from './icons';
import { ProgressBar } from './ProgressBar';
import { saveBlob } from './save';
import { useLink } from './useLinks';
import { t as translate, useT } from '../../i18n';

/** The label on a file's icon: its extension, or its type's. */
export function typeLabel(name: string, mime: string): string {
  const ext = /\.([a-z0-9]{1,4})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  if (mime === 'application/pdf') return 'PDF';
  if (mime.startsWith('audio/')) return 'AUD';
  if (mime.startsWith('text/')) return 'TXT';
  return 'FILE';
}

export function DocumentCard({ file, tabIndex }: { file: Attachment; tabIndex: number }) {
  const t = useT();
  const { link, denied } = useLink(file.id);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState('');
  const abort = useRef<AbortController | null>(null);
  const name = displayName(file.name, file.kind);
  useEffect(() => () => abort.current?.abort(), []);

  const download = async () => {
    if (!link) return;
    if (file.size > IN_MEMORY_DOWNLOAD_MAX) {
      window.location.assign(link.downloadUrl);
      return;
    }
    const ctl = new AbortController();
    abort.current = ctl;
    setError('');
    setProgress(0);
    try {
      const blob = await fetchWithProgress(link.downloadUrl, file.mime, file.size, (got, total) => setProgress(total > 0 ? (got / total) * 100 : 0), ctl.signal);
      saveBlob(blob, name);
    } catch (err) {
      if (!ctl.signal.aborted) setError(translate('files.downloadFailed', { name, error: errorMessage(err) }));
    } finally {
      if (abort.current === ctl) abort.current = null;
      setProgress(null);
    }
  };

  const pdfPage = file.thumbnail && link?.thumbnailUrl;
  return (
    <div className="w-[min(20rem,calc(100vw-8.5rem))]" data-testid="document-card" data-kind={file.kind}>
      {pdfPage && (
        <a
          href={link.url}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={tabIndex}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          className="mb-1.5 block max-h-56 overflow-hidden rounded-lg border border-line bg-white"
          aria-label={t('files.openInTab', { name })}
        >
          <img src={link.thumbnailUrl} alt={t('files.firstPage', { name })} className="w-full object-cover object-top" data-testid="document-thumbnail" />
        </a>
      )}
      {file.kind === 'audio' && link && (
        <audio src={link.url} controls preload="metadata" className="mb-1.5 w-full" aria-label={t('files.play', { name })} data-testid="audio-player" onClick={(e) => e.stopPropagation()} />
      )}
      <div className="flex items-center gap-3 rounded-xl bg-black/5 p-2 dark:bg-white/5">
        <DocumentIcon label={typeLabel(file.name, file.mime)} size={40} className="shrink-0 text-accent" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" title={name} data-testid="document-name" dir="auto">
            {name}
          </p>
          <p className="text-xs opacity-75">{denied ? t('files.gone') : formatBytes(file.size)}</p>
          {progress !== null && <ProgressBar percent={progress} label={t('files.downloading', { name })} className="mt-1" />}
        </div>
        {progress !== null ? (
          <button
            type="button"
            tabIndex={tabIndex}
            onClick={(e) => {
              e.stopPropagation();
              abort.current?.abort();
            }}
            onKeyDown={(e) => e.stopPropagation()}
            aria-label={t('files.stopDownloading', { name })}
            className="inline-flex size-10 shrink-0 items-center justify-center rounded-full hover:bg-hover"
          >
            <CloseIcon size={18} />
          </button>
        ) : (
          <button
            type="button"
            tabIndex={tabIndex}
            disabled={!link}
            onClick={(e) => {
              e.stopPropagation();
              void download();
            }}
            onKeyDown={(e) => e.stopPropagation()}
            aria-label={t('files.downloadSized', { name, size: formatBytes(file.size) })}
            className="inline-flex size-10 shrink-0 items-center justify-center rounded-full text-accent hover:bg-hover disabled:opacity-50"
            data-testid="document-download"
          >
            <DownloadIcon size={20} />
          </button>
        )}
      </div>
      {error && (
        <p className="mt-1 text-xs text-danger" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
