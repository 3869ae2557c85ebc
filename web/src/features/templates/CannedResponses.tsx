// A group's canned responses in its info panel: replies its admins and owner keep for every
// member to insert with "/" in the group's message box. Whoever may change them (the server
// says: canManage) adds, edits and deletes them here (TemplateSetEditor.tsx); members read
// them; nothing shows to a member while there are none. Read when the panel opens, and again
// when the group changes (the user's role, and so what they may do, may have).
import { useEffect, useId } from 'react';

import { useCanned, useChatStore } from '../../app/store-context';
import type { Chat } from '../../client/types';
import { useT } from '../../i18n';
import { TemplateSetEditor } from './TemplateSetEditor';

export function CannedResponses({ chat }: { chat: Chat }) {
  const t = useT();
  const store = useChatStore();
  const set = useCanned(chat.id);
  const headingId = useId();

  useEffect(() => {
    void store.templates.loadCanned(chat.id);
  }, [store, chat.id, chat.version]);

  if (!store.templates.available() || !set || (!set.canManage && set.templates.length === 0)) return null;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 border-b border-line px-5 py-3" data-testid="canned-responses">
      <h3 id={headingId} className="text-sm font-semibold">
        {t('templates.canned.title')}
      </h3>
      <p className="text-xs text-muted">{set.canManage ? t('templates.canned.hintAdmin') : t('templates.canned.hintMember')}</p>
      <TemplateSetEditor
        set={chat.id}
        templates={set.templates}
        canManage={set.canManage}
        emptyText={t('templates.canned.empty')}
        newLabel={t('templates.canned.new')}
        labelledBy={headingId}
      />
    </section>
  );
}
