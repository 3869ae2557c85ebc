// A message's pictures and videos as an album: one tile, or two, three, four in a grid, the
// fourth saying how many more ("+3"); a tile opens the full-screen viewer at that item. A lone
// video plays in the bubble instead (VideoPlayer).
import { useState } from 'react';

import { albumTiles } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { AlbumLayout, MediaTile, tileAspect } from './MediaTile';
import { Viewer } from './Viewer';

export function AlbumGrid({ files, tabIndex }: { files: readonly Attachment[]; tabIndex: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const { shown, more } = albumTiles(files);
  const first = files[0];
  return (
    <>
      <AlbumLayout count={shown.length} aspect={tileAspect(first?.width, first?.height)} testId="album">
        {(tileClass) =>
          shown.map((f, i) => (
            <MediaTile
              key={f.id}
              file={f}
              index={i}
              count={files.length}
              more={i === shown.length - 1 ? more : 0}
              className={tileClass(i)}
              tabIndex={tabIndex}
              onOpen={setOpen}
            />
          ))
        }
      </AlbumLayout>
      {open !== null && <Viewer files={files} start={open} onClose={() => setOpen(null)} />}
    </>
  );
}
