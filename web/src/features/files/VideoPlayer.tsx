// A lone video in a bubble: its poster (over the placeholder) with a play button and its
// length; pressed, the browser's own player takes its place and plays from the signed URL
// (Range requests: seeking works).
import { useState } from 'react';

import { displayName, formatDuration, spokenDuration } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { PlayIcon } from './icons';
import { AlbumLayout, TilePicture, tileAspect } from './MediaTile';
import { useLink } from './useLinks';
import { useT } from '../../i18n';

export function VideoPlayer({ file, tabIndex }: { file: Attachment; tabIndex: number }) {
  const t = useT();
  const { link, denied } = useLink(file.id);
  const [playing, setPlaying] = useState(false);
  const name = displayName(file.name, file.kind);
  return (
    <AlbumLayout count={1} aspect={tileAspect(file.width, file.height)} testId="video">
      {() =>
        playing && link ? (
          <video
            src={link.url}
            poster={link.posterUrl ?? link.thumbnailUrl}
            controls
            autoPlay
            playsInline
            className="absolute inset-0 size-full bg-black object-contain"
            aria-label={t('files.videoLabel', { name })}
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
            data-testid="video-player"
          />
        ) : (
          <button
            type="button"
            className="absolute inset-0 block focus-visible:outline-offset-[-3px]"
            disabled={!link}
            tabIndex={tabIndex}
            onClick={(e) => {
              e.stopPropagation();
              setPlaying(true);
            }}
            onKeyDown={(e) => e.stopPropagation()}
            aria-label={file.duration ? t('files.playVideoLength', { name, duration: spokenDuration(file.duration) }) : t('files.playVideo', { name })}
            data-testid="video-poster"
          >
            <TilePicture file={file} src={link?.posterUrl ?? link?.thumbnailUrl} />
            {denied ? (
              <span className="absolute inset-0 flex items-center justify-center bg-black/50 text-xs text-white">{t('files.notAvailable')}</span>
            ) : (
              <span className="absolute top-1/2 left-1/2 flex size-14 -translate-1/2 items-center justify-center rounded-full bg-black/55 text-white" aria-hidden="true">
                <PlayIcon size={26} />
              </span>
            )}
            {file.duration !== undefined && (
              <span className="absolute bottom-1.5 left-1.5 rounded-md bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-white" aria-hidden="true">
                {formatDuration(file.duration)}
              </span>
            )}
          </button>
        )
      }
    </AlbumLayout>
  );
}
