// The full-screen viewer of an album's pictures and videos: a modal <dialog> (focus stays in
// it, Esc closes it, focus goes back to the tile that opened it), ← and → (or a swipe, or the
// side buttons) between items, zoom with the wheel, a pinch, a double click or the + and −
// buttons (and keys), a download button. The picture is the 1280 px version when there is one,
// over the thumbnail already loaded, so it never starts blank.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

import { displayName, formatBytes } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { CloseIcon } from '../../shared/icons';
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon, ZoomInIcon, ZoomOutIcon } from './icons';
import { TilePicture, tileSource } from './MediaTile';
import { useLink, useWantLinks } from './useLinks';
import { useZoom } from './useZoom';
import { useT } from '../../i18n';

const BUTTON =
  'inline-flex size-11 shrink-0 items-center justify-center rounded-full text-white/90 hover:bg-white/15 hover:text-white disabled:opacity-40 disabled:hover:bg-transparent';

function Stage({ file, zoom }: { file: Attachment; zoom: ReturnType<typeof useZoom> }) {
  const t = useT();
  const { link, denied } = useLink(file.id);
  const name = displayName(file.name, file.kind);
  if (denied) return <p className="text-white/80">{t('files.viewer.gone')}</p>;
  if (file.kind === 'video') {
    return link ? (
      <video
        key={file.id}
        src={link.url}
        poster={link.posterUrl ?? link.thumbnailUrl}
        controls
        autoPlay
        playsInline
        className="max-h-full max-w-full"
        aria-label={t('files.videoLabel', { name })}
        data-testid="viewer-video"
      />
    ) : null;
  }
  const { scale, x, y } = zoom.zoom;
  const aspect = file.width && file.height ? file.width / file.height : 4 / 3;
  return (
    <div
      className="relative max-h-full max-w-full touch-none select-none"
      style={{
        aspectRatio: String(aspect),
        width: `min(100%, calc((100dvh - 8rem) * ${aspect}))`,
        transform: `translate(${x}px, ${y}px) scale(${scale})`,
        cursor: scale > 1 ? 'grab' : 'zoom-in',
      }}
      data-testid="viewer-image"
      data-scale={scale}
    >
      <TilePicture file={file} src={tileSource(file, link)} />
      {link && (
        <img
          src={link.displayUrl ?? link.url}
          alt={name}
          draggable={false}
          className="absolute inset-0 size-full object-contain"
          data-testid="viewer-full"
        />
      )}
    </div>
  );
}

export function Viewer({ files, start, onClose }: { files: readonly Attachment[]; start: number; onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const [index, setIndex] = useState(Math.min(start, files.length - 1));
  useWantLinks(files.map((f) => f.id));
  const go = useCallback((d: 1 | -1) => setIndex((i) => Math.min(files.length - 1, Math.max(0, i + d))), [files.length]);
  const zoom = useZoom(go);
  const { reset } = zoom;
  const file = files[index];
  const { link } = useLink(file?.id ?? '');

  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    closeRef.current?.focus();
    return () => {
      d?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  // Another item starts at 1×.
  useEffect(() => reset(), [index, reset]);

  if (!file) return null;
  const name = displayName(file.name, file.kind);
  const what = file.kind === 'video' ? t('files.viewer.video') : t('files.viewer.photo');

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // A video's own controls use the arrows to seek.
    if (e.target instanceof HTMLVideoElement) return;
    if (e.key === 'ArrowRight') go(1);
    else if (e.key === 'ArrowLeft') go(-1);
    else if (e.key === '+' || e.key === '=') zoom.zoomIn();
    else if (e.key === '-') zoom.zoomOut();
    else if (e.key === '0') zoom.reset();
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={ref}
      aria-label={file.kind === 'video' ? t('files.viewer.videoLabel') : t('files.viewer.photoLabel')}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        onKeyDown(e);
        e.stopPropagation();
      }}
      // It lives inside its message's bubble: a tap, a long press or a right click here is the
      // viewer's, not the message's (its menu, selection).
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => e.stopPropagation()}
      onPointerMove={(e) => e.stopPropagation()}
      onPointerUp={(e) => e.stopPropagation()}
      onContextMenu={(e) => e.stopPropagation()}
      className="fixed inset-0 m-0 h-dvh open:flex max-h-none w-dvw max-w-none flex-col bg-black/95 p-0 text-white backdrop:bg-black/80"
      data-testid="viewer"
      data-index={index}
    >
      <header className="flex items-center gap-1 bg-gradient-to-b from-black/70 to-transparent px-2 py-2 md:px-4">
        <div className="min-w-0 flex-1 ps-2">
          <p className="truncate text-sm font-medium" data-testid="viewer-name" dir="auto">
            {name}
          </p>
          <p className="text-xs text-white/75" aria-live="polite" data-testid="viewer-position">
            {files.length > 1 ? t('files.viewer.position', { what, index: index + 1, count: files.length }) : what}
            {file.size ? ` · ${formatBytes(file.size)}` : ''}
          </p>
        </div>
        {file.kind === 'image' && (
          <>
            <button type="button" className={BUTTON} onClick={zoom.zoomOut} disabled={zoom.zoom.scale <= 1} aria-label={t('files.viewer.zoomOut')} title={t('files.viewer.zoomOutKey')}>
              <ZoomOutIcon />
            </button>
            <button type="button" className={BUTTON} onClick={zoom.zoomIn} disabled={zoom.zoom.scale >= 6} aria-label={t('files.viewer.zoomIn')} title={t('files.viewer.zoomInKey')}>
              <ZoomInIcon />
            </button>
          </>
        )}
        {link && (
          <a href={link.downloadUrl} download={name} className={BUTTON} aria-label={t('files.downloadName', { name })} title={t('files.download')} data-testid="viewer-download">
            <DownloadIcon />
          </a>
        )}
        <button ref={closeRef} type="button" className={BUTTON} onClick={onClose} aria-label={t('files.viewer.close')} title={t('files.viewer.closeKey')}>
          <CloseIcon />
        </button>
      </header>
      <div
        className="relative flex min-h-0 flex-1 items-center justify-center overflow-hidden px-2 pb-4 md:px-16"
        {...(file.kind === 'image' ? zoom.handlers : {})}
      >
        <Stage file={file} zoom={zoom} />
      </div>
      {files.length > 1 && (
        <>
          <button
            type="button"
            className={`${BUTTON} absolute top-1/2 left-2 -translate-y-1/2 bg-black/40`}
            onClick={() => go(-1)}
            disabled={index === 0}
            aria-label={t('files.viewer.previous')}
            title={t('files.viewer.previousKey')}
          >
            <ChevronLeftIcon />
          </button>
          <button
            type="button"
            className={`${BUTTON} absolute top-1/2 right-2 -translate-y-1/2 bg-black/40`}
            onClick={() => go(1)}
            disabled={index === files.length - 1}
            aria-label={t('files.viewer.next')}
            title={t('files.viewer.nextKey')}
          >
            <ChevronRightIcon />
          </button>
        </>
      )}
    </dialog>
  );
}
