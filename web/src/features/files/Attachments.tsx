// A message's files in its bubble (the chat view's FileSlots.Attachments): while they upload,
// their progress (PendingAttachments); then the album of pictures and videos (a lone video
// plays in place), voice messages, and cards for the other files. Asks for the signed links of
// all of them at once (one request for a page of messages).
import { useChatStore } from '../../app/store-context';
import { layoutOf } from '../../client/files';
import { userName } from '../../client/selectors';
import type { ViewMessage } from '../../client/types';
import { AlbumGrid } from './AlbumGrid';
import { DocumentCard } from './DocumentCard';
import { PendingAttachments } from './PendingAttachments';
import { useWantLinks } from './useLinks';
import { VideoPlayer } from './VideoPlayer';
import { VoicePlayer } from './VoicePlayer';
import { useT } from '../../i18n';

const NONE: never[] = [];

export function Attachments({ message: m, own, tabIndex }: { message: ViewMessage; own: boolean; tabIndex: number }) {
  const t = useT();
  const store = useChatStore();
  const files = m.attachments ?? NONE;
  useWantLinks(m.localUploads ? NONE : files.map((f) => f.id));
  if (m.localUploads) return <PendingAttachments ids={m.localUploads} tabIndex={tabIndex} />;
  if (files.length === 0) return null;
  const { album, others } = layoutOf(files);
  const from = own ? t('files.you') : userName(store.slices.users.get(), m.senderId);
  return (
    <div className="mb-1 flex flex-col gap-1.5" data-testid="attachments">
      {album.length === 1 && album[0]?.kind === 'video' ? (
        <VideoPlayer file={album[0]} tabIndex={tabIndex} />
      ) : (
        album.length > 0 && <AlbumGrid files={album} tabIndex={tabIndex} />
      )}
      {others.map((f) =>
        f.kind === 'voice' ? (
          <VoicePlayer key={f.id} file={f} label={t('files.voiceFrom', { name: from })} tabIndex={tabIndex} />
        ) : (
          <DocumentCard key={f.id} file={f} tabIndex={tabIndex} />
        ),
      )}
    </div>
  );
}
