// "My reports" in the Privacy dialog: what the user reported, the latest first, each with what it
// was about (a message, a person, a group), why, the day, where it stands (Open, Dismissed,
// Resolved) and, once resolved, how ("Message deleted", "Sender removed from the group");
// "Load more" reads older ones; "You haven't reported anything." when there is
// nothing. Read each time the dialog opens (a moderator may have closed one meanwhile); a report
// sent from this device joins it at once.
import { useEffect, useId } from 'react';

import { useChatStore, useMyReports } from '../../app/store-context';
import { categoryLabel, KIND_LABEL, resolutionLabel, STATUS_LABEL } from '../../client/moderation';
import type { ReportStatus } from '../../client/types';
import { formatDate } from '../../shared/format';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

const STATUS_STYLE: Record<ReportStatus, string> = {
  open: 'bg-accent-soft text-accent',
  dismissed: 'bg-panel-2 text-muted',
  resolved: 'bg-online/15 text-online',
};

export function MyReports() {
  const t = useT();
  const store = useChatStore();
  const view = useMyReports();
  const headingId = useId();
  const descriptionId = useId();

  useEffect(() => {
    void store.moderation.mine.open(null);
  }, [store]);

  const reports = view.items;
  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col gap-2" data-testid="my-reports">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('account.reports.title')}
      </h3>
      <p id={descriptionId} className="text-sm text-muted">
        {t('account.reports.hint')}
      </p>
      {!reports ? (
        view.error ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm">
            <p className="text-danger">{t('account.reports.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.moderation.mine.open(null)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('account.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : reports.length === 0 ? (
        <p className="text-sm text-muted italic" data-testid="my-reports-empty">
          {t('account.reports.empty')}
        </p>
      ) : (
        <>
          <ul className="flex flex-col divide-y divide-line" aria-label={t('account.reports.title')}>
            {reports.map((r) => {
              const when = formatDate(r.createdAt);
              const outcome = r.status === 'resolved' ? resolutionLabel(r.resolution) : null;
              return (
                <li key={r.id} className="flex min-h-11 items-center gap-3 py-2" data-testid="my-report">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[15px]">
                      {KIND_LABEL[r.kind]} · {categoryLabel(r.category)}
                    </span>
                    <span className="block truncate text-xs text-muted">
                      {when && t('account.reports.when', { date: when })}
                      {outcome && (
                        <>
                          {when && ' · '}
                          <span data-testid="my-report-outcome">{outcome}</span>
                        </>
                      )}
                      {r.comment && ` · ${t('chat.quoted', { text: r.comment })}`}
                    </span>
                  </span>
                  <span className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[r.status]}`} data-testid="my-report-status">
                    <span className="sr-only">{t('account.reports.status')} </span>
                    {STATUS_LABEL[r.status]}
                  </span>
                </li>
              );
            })}
          </ul>
          {view.error && (
            <p role="alert" className="text-sm text-danger">
              {t('account.reports.moreFailed', { error: view.error })}
            </p>
          )}
          {view.more !== null && (
            <button
              type="button"
              disabled={view.loading}
              onClick={() => void store.moderation.mine.more()}
              className="h-11 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover disabled:opacity-60"
            >
              {view.loading ? t('common.loading') : t('account.reports.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
