// A group's custom emoji in its info panel: the group's own set, usable in its messages and
// reactions besides the server's. Its admins and owner (the server says who: canManage) add and
// remove them here; members see the set; nothing shows to a member while the set is empty.
import { useEffect, useId } from 'react';

import { useChatStore, useEmojiSet } from '../../app/store-context';
import type { Chat } from '../../client/types';
import { EmojiSetEditor } from '../../shared/EmojiSetEditor';
import { useT } from '../../i18n';

export function GroupEmoji({ chat }: { chat: Chat }) {
  const t = useT();
  const store = useChatStore();
  const set = useEmojiSet(chat.id);
  const headingId = useId();
  // Again when the group changes: the user's role (what they may do with the set) may have.
  useEffect(() => {
    void store.emoji.load(chat.id);
  }, [store, chat.id, chat.version]);
  if (!set || (!set.canManage && set.emoji.length === 0)) return null;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 border-b border-line px-5 py-3" data-testid="group-emoji">
      <h3 id={headingId} className="text-sm font-semibold">
        {t('groups.emoji.title')}
      </h3>
      <p className="text-xs text-muted">{t('groups.emoji.hint')}</p>
      <EmojiSetEditor
        set={set}
        labelledBy={headingId}
        emptyText={t('groups.emoji.empty')}
        onAdd={(shortcode, image) => store.emoji.add(chat.id, shortcode, image)}
        onRemove={(shortcode) => store.emoji.remove(chat.id, shortcode)}
      />
    </section>
  );
}
