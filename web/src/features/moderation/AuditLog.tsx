// The audit log, the latest first: who did what to whom, where, why and when ("Ada deleted Bob's
// message · in Team · Reason: spam"), people named where the client knows them and otherwise
// their id shortened; "Load more" reads older lines. The server's staff read all of it, a group's
// owner and admins its lines. Read each time the tab opens.
import { useEffect } from 'react';

import { useAuditLog, useChatStore, useChats } from '../../app/store-context';
import { groupTitle } from '../../client/groups';
import { auditActionText, personLabel, shortId } from '../../client/moderation';
import type { User } from '../../client/types';
import { When } from './ReportCard';
import { useT } from '../../i18n';

export function AuditLog({ chatId, names }: { chatId: string | null; names: Readonly<Record<string, Pick<User, 'name'>>> }) {
  const t = useT();
  const store = useChatStore();
  const view = useAuditLog();
  const chats = useChats((s) => s.byId);

  useEffect(() => {
    void store.moderation.audit.open(chatId);
  }, [store, chatId]);

  const entries = view.key === chatId ? view.items : null;
  if (!entries) {
    return view.error ? (
      <div role="alert" className="flex flex-col items-start gap-2 p-4 text-sm">
        <p className="text-danger">{t('moderation.audit.loadFailed', { error: view.error })}</p>
        <button type="button" onClick={() => void store.moderation.audit.open(chatId)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
          {t('moderation.tryAgain')}
        </button>
      </div>
    ) : (
      <p className="p-4 text-sm text-muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {entries.length === 0 ? (
        <p className="p-4 text-sm text-muted italic" data-testid="audit-empty">
          {t('moderation.audit.empty')}
        </p>
      ) : (
        <ul aria-label={t('moderation.audit.title')} className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
          {entries.map((e) => {
            const actor = personLabel(names, e.actorId);
            const whom = personLabel(names, e.userId);
            const chat = e.chatId ? chats[e.chatId] : undefined;
            const where = e.chatId ? (chat ? (chat.kind === 'group' ? groupTitle(chat) : t('moderation.aPrivateChat')) : t('moderation.chatId', { id: shortId(e.chatId) })) : '';
            return (
              <li key={e.id} className="flex flex-col gap-0.5 px-4 py-3 text-sm" data-testid="audit-entry">
                <p className="break-words [overflow-wrap:anywhere]">
                  <bdi className="font-semibold">{actor}</bdi> {auditActionText(e, whom)}
                  {where && <span className="text-muted"> {t('moderation.audit.in', { where })}</span>}
                </p>
                {e.reason && (
                  <p className="text-muted break-words [overflow-wrap:anywhere]" dir="auto">
                    {t('moderation.audit.reason', { reason: e.reason })}
                  </p>
                )}
                <p className="text-xs text-muted">
                  <When at={e.at} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {view.error && (
        <p role="alert" className="text-sm text-danger">
          {t('moderation.moreFailed', { error: view.error })}
        </p>
      )}
      {view.more !== null && (
        <button
          type="button"
          disabled={view.loading}
          onClick={() => void store.moderation.audit.more()}
          className="h-11 self-center rounded-xl bg-panel-2 px-5 text-sm font-medium hover:bg-hover disabled:opacity-60"
        >
          {view.loading ? t('common.loading') : t('moderation.loadMore')}
        </button>
      )}
    </div>
  );
}
