// One picture of an album, or a lone one: the ThumbHash placeholder (or, for a file sent from
// here, the local copy) at once, the server's thumbnail over it once loaded, so the layout
// never jumps. Videos show their poster, a play mark and their length. A button: it opens the
// viewer. Also the layout of an album's tiles (1, 2, 3, 4 and more), shared with the uploads
// of a message still sending.
import { useT } from '../../i18n';
import { useState, type ReactNode } from 'react';

import { useChatStore } from '../../app/store-context';
import { displayName, formatDuration } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { placeholderURL } from '../../client/thumbhash';
import { PlayIcon } from './icons';
import { useLink } from './useLinks';

/** A lone picture's shape: its own, kept between tall and wide bounds. */
export function tileAspect(width?: number, height?: number): number {
  if (!width || !height) return 4 / 3;
  return Math.min(16 / 9, Math.max(3 / 5, width / height));
}

/** An album's box and each tile's place in it (Telegram's layouts for 1, 2, 3 and 4+). */
export function AlbumLayout({
  count,
  aspect,
  children,
  testId,
}: {
  count: number;
  /** A lone picture's shape. */
  aspect: number;
  children: (tileClass: (i: number) => string) => ReactNode;
  testId?: string;
}) {
  const base = 'relative overflow-hidden rounded-xl w-[min(20rem,calc(100vw-8.5rem))]';
  if (count <= 1) {
    return (
      <div className={base} style={{ aspectRatio: String(aspect) }} data-testid={testId} data-layout="1">
        {children(() => 'absolute inset-0')}
      </div>
    );
  }
  const grid =
    count === 2 ? 'grid grid-cols-2 gap-0.5 aspect-[2/1]' : count === 3 ? 'grid grid-cols-2 grid-rows-2 gap-0.5 aspect-[4/3]' : 'grid grid-cols-2 grid-rows-2 gap-0.5 aspect-square';
  return (
    <div className={`${base} ${grid}`} data-testid={testId} data-layout={String(Math.min(count, 4))}>
      {children((i) => `relative min-h-0 ${count === 3 && i === 0 ? 'row-span-2' : ''}`)}
    </div>
  );
}

/** The pictures under a tile: a placeholder (or local copy), then the thumbnail. */
export function TilePicture({ file, src, alt = '' }: { file: Attachment; src: string | undefined; alt?: string }) {
  const store = useChatStore();
  const [loaded, setLoaded] = useState<string | null>(null);
  const local = store.files.localPreview(file.id);
  const placeholder = local ?? placeholderURL(file.placeholder);
  return (
    <>
      {placeholder ? (
        <img src={placeholder} alt="" aria-hidden="true" className="absolute inset-0 size-full object-cover" data-testid="placeholder" />
      ) : (
        <span className="absolute inset-0 bg-line" aria-hidden="true" />
      )}
      {src && (
        <img
          src={src}
          alt={alt}
          draggable={false}
          onLoad={() => setLoaded(src)}
          className={`absolute inset-0 size-full object-cover transition-opacity duration-200 ${loaded === src ? 'opacity-100' : 'opacity-0'}`}
          data-testid="thumbnail"
          data-loaded={loaded === src ? 'true' : undefined}
        />
      )}
    </>
  );
}

/** Where a tile's picture comes from: the thumbnail, else (a small image) the file itself, else a video's poster. */
export function tileSource(file: Attachment, link: ReturnType<typeof useLink>['link']): string | undefined {
  if (!link) return undefined;
  if (file.kind === 'video') return link.posterUrl ?? link.thumbnailUrl;
  return link.thumbnailUrl ?? (file.thumbnail ? undefined : link.url);
}

export function MediaTile({
  file,
  index,
  count,
  more = 0,
  className,
  tabIndex,
  onOpen,
}: {
  file: Attachment;
  index: number;
  count: number;
  /** Files beyond this tile not shown ("+N"). */
  more?: number;
  className: string;
  tabIndex: number;
  onOpen: (index: number) => void;
}) {
  const t = useT();
  const { link, denied } = useLink(file.id);
  const name = displayName(file.name, file.kind);
  const what = file.kind === 'video' ? t('files.tile.video') : t('files.tile.photo');
  const label =
    more > 0
      ? t('files.tile.openMore', { what, index: index + 1, count, more, name })
      : count > 1
        ? t('files.tile.openOf', { what, index: index + 1, count, name })
        : t('files.tile.open', { what, name });
  return (
    <button
      type="button"
      className={`${className} group/tile block overflow-hidden bg-line text-start focus-visible:z-10 focus-visible:outline-offset-[-3px]`}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(index);
      }}
      onKeyDown={(e) => e.stopPropagation()}
      tabIndex={tabIndex}
      aria-label={label}
      data-testid="media-tile"
      data-kind={file.kind}
    >
      <TilePicture file={file} src={tileSource(file, link)} />
      {denied && (
        <span className="absolute inset-0 flex items-center justify-center bg-black/50 p-2 text-center text-xs text-white">{t('files.notAvailable')}</span>
      )}
      {file.kind === 'video' && more === 0 && (
        <>
          <span className="absolute top-1/2 left-1/2 flex size-12 -translate-1/2 items-center justify-center rounded-full bg-black/55 text-white" aria-hidden="true">
            <PlayIcon size={22} />
          </span>
          {file.duration !== undefined && (
            <span className="absolute bottom-1.5 left-1.5 rounded-md bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-white" aria-hidden="true">
              {formatDuration(file.duration)}
            </span>
          )}
        </>
      )}
      {more > 0 && (
        <span className="absolute inset-0 flex items-center justify-center bg-black/50 text-2xl font-semibold text-white" aria-hidden="true" data-testid="album-more">
          +{more}
        </span>
      )}
    </button>
  );
}
