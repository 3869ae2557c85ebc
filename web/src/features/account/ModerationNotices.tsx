// "Moderation notices" in the Privacy dialog: what moderation told the user, the latest first (a
// warning, a mute and until when, a held message approved or rejected), each with its words, the
// group it was about when the client knows it, and when. Read each time the dialog opens; a notice
// heard meanwhile (moderation:notice, also a toast) joins it at once. "No notices." when there is
// nothing.
import { useEffect, useId } from 'react';

import { useChatStore, useChats, useModerationNotices } from '../../app/store-context';
import { NOTICE_LABEL, noticeText } from '../../client/automod';
import type { NoticeKind } from '../../client/automod-wire';
import { groupTitle, isGroup } from '../../client/groups';
import { formatDate, formatDateTime } from '../../shared/format';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

const KIND_STYLE: Record<NoticeKind, string> = {
  warning: 'bg-mention-tint text-warn',
  muted: 'bg-danger-soft text-danger',
  held_approved: 'bg-online/15 text-online',
  held_rejected: 'bg-panel-2 text-muted',
};

export function ModerationNotices() {
  const t = useT();
  const store = useChatStore();
  const view = useModerationNotices();
  const byId = useChats((s) => s.byId);
  const headingId = useId();
  const descriptionId = useId();

  useEffect(() => {
    void store.automod.loadNotices();
  }, [store]);

  const notices = view.notices;
  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col gap-2" data-testid="moderation-notices">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('account.notices.title')}
      </h3>
      <p id={descriptionId} className="text-sm text-muted">
        {t('account.notices.hint')}
      </p>
      {!notices ? (
        view.error ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm">
            <p className="text-danger">{t('account.notices.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.automod.loadNotices()} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('account.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : notices.length === 0 ? (
        <p className="text-sm text-muted italic" data-testid="moderation-notices-empty">
          {t('account.notices.empty')}
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-line" aria-label={t('account.notices.title')}>
          {notices.map((n) => {
            const chat = n.chatId ? byId[n.chatId] : undefined;
            const where = chat && isGroup(chat) ? groupTitle(chat) : '';
            const day = formatDate(n.at);
            return (
              <li key={n.id} className="flex flex-col gap-0.5 py-2" data-testid="moderation-notice">
                <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${KIND_STYLE[n.kind]}`}>{NOTICE_LABEL[n.kind]}</span>
                  <span className="text-xs text-muted">
                    {where && <><bdi>{where}</bdi>{' · '}</>}
                    {day && <time dateTime={n.at}>{formatDateTime(n.at)}</time>}
                  </span>
                </span>
                <span className="text-[15px] break-words [overflow-wrap:anywhere]" dir="auto">
                  {noticeText(n, where)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
