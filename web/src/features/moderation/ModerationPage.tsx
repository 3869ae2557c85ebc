// The moderation page (/moderation; /moderation?chatId=<id>: one group's). Tabs: the report
// queue (filtered by status, open by default, and category; cards with their context and
// actions; "Load more"), what the auto-moderation rules did (held messages to approve or reject,
// flagged ones to dismiss or delete), the rules themselves (the server's, or a group's), the
// mutes in force, the audit log, for the server's staff the accounts suspended (lifted from
// there), and for administrators the staff. The server's
// administrators and moderators see every report (the app menu links here for them); a group's
// owner and admins reach it from the group's info panel and see the reports of its messages. What
// the server refuses (403 for anyone else) is said in its words. A polite live region says what
// changed ("Report dismissed.", "12 reports.").
//
// On a phone the tabs do not all fit: their row scrolls sideways, a fade with a chevron at each
// end that hides some of them says there are more, and the tab chosen (by touch, click or the
// arrow keys) scrolls fully into view, clear of the fades. The fades are outside the tablist and
// hidden from assistive technologies, which have every tab anyway.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

import { navigate } from '../../app/router';
import { useChatStore, useChats, useModerationQueue, useModerationRole, useReportActing } from '../../app/store-context';
import { groupTitle } from '../../client/groups';
import { CATEGORIES, isStaff, STATUS_LABEL } from '../../client/moderation';
import type { ReportCategory, ReportStatus } from '../../client/types';
import { BackIcon, ChevronRightIcon, ShieldIcon } from '../../shared/icons';
import { useScrollEdges } from '../../shared/useScrollEdges';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { ActionDialog, type ReportAction } from './ActionDialog';
import { AuditLog } from './AuditLog';
import { HitsPanel } from './HitsPanel';
import { MutesPanel } from './MutesPanel';
import { useKnownNames } from './names';
import { ReportCard } from './ReportCard';
import { RulesPanel } from './RulesPanel';
import { StaffPanel } from './StaffPanel';
import { SuspensionsPanel } from './SuspensionsPanel';
import { t as translate, useT, type MessageKey } from '../../i18n';

type Tab = 'reports' | 'automod' | 'rules' | 'mutes' | 'audit' | 'suspensions' | 'staff';
const TAB_LABEL: Record<Tab, MessageKey> = {
  reports: 'moderation.tab.reports',
  automod: 'moderation.tab.automod',
  rules: 'moderation.tab.rules',
  mutes: 'moderation.tab.mutes',
  audit: 'moderation.tab.audit',
  suspensions: 'moderation.tab.suspensions',
  staff: 'moderation.tab.staff',
};
const STATUSES: ReportStatus[] = ['open', 'dismissed', 'resolved'];

const select =
  'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

/** A fade over one end of the tab row (not over its bottom line), the panel's colour at the edge. */
const fade =
  'pointer-events-none absolute top-0 bottom-px flex w-12 items-center from-panel from-40% to-transparent px-1 text-muted transition-opacity duration-150 motion-reduce:transition-none';

export function ModerationPage({ chatId = null }: { chatId?: string | null }) {
  const t = useT();
  const role = useModerationRole();
  const group = useChats((s) => (chatId ? s.byId[chatId] : undefined));
  const [tab, setTab] = useState<Tab>('reports');
  const [announcement, setAnnouncement] = useState('');
  const tabsId = useId();
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const tabList = useRef<HTMLDivElement>(null);
  const names = useKnownNames();
  // A group's page, or the server's staff: what the rules did and the mutes (anyone else sees the
  // rules of the groups they own or administer).
  const scoped = isStaff(role.role) || chatId !== null;
  const tabs: Tab[] = [
    'reports',
    ...(scoped ? (['automod'] as const) : []),
    'rules',
    ...(scoped ? (['mutes'] as const) : []),
    'audit',
    ...(isStaff(role.role) && !chatId ? (['suspensions'] as const) : []),
    ...(role.role === 'admin' ? (['staff'] as const) : []),
  ];
  const shown = tabs.includes(tab) ? tab : 'reports';
  const hidden = useScrollEdges(tabList, tabs.join());

  // The tab chosen, all of it in view: past the fade (the row's scroll-padding), smoothly unless
  // the user asks for less motion (the row's scroll-behavior).
  useEffect(() => {
    tabRefs.current[shown]?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [shown]);
  const title = chatId ? t('moderation.page.groupTitle', { group: group ? groupTitle(group) : t('moderation.page.thisGroup') }) : t('moderation.page.title');

  // Esc, as the back button, leaves the page when nothing above it takes Esc.
  const back = () => navigate(chatId && group ? { name: 'chat', chatId } : { name: 'home' });
  useEscapeLayer(back);

  const onTabKey = (e: KeyboardEvent) => {
    // Alt+arrows move between chats, not tabs.
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = tabs.indexOf(shown);
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const to = tabs[(next + tabs.length) % tabs.length]!;
    setTab(to);
    tabRefs.current[to]?.focus();
  };

  return (
    <section aria-labelledby={`${tabsId}-title`} className="flex min-h-0 flex-1 flex-col bg-chat" data-testid="moderation-page">
      <header className="flex items-center gap-2 border-b border-line bg-panel px-2 py-2.5 md:px-5">
        <button
          type="button"
          onClick={back}
          aria-label={chatId && group ? t('moderation.page.backToGroup') : t('moderation.page.backToChats')}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
        >
          <BackIcon />
        </button>
        <ShieldIcon size={20} className="shrink-0 text-accent" />
        <h2 id={`${tabsId}-title`} className="min-w-0 truncate font-semibold" dir="auto">
          {title}
        </h2>
        {isStaff(role.role) && (
          <span className="ms-auto shrink-0 rounded-full bg-accent-soft px-2.5 py-0.5 text-xs font-semibold text-accent">
            {role.role === 'admin' ? t('moderation.role.admin') : t('moderation.role.moderator')}
          </span>
        )}
      </header>
      <div className="relative">
        <div
          ref={tabList}
          role="tablist"
          aria-label={t('moderation.page.title')}
          className="flex scroll-px-12 gap-1 overflow-x-auto border-b border-line bg-panel px-2 motion-safe:scroll-smooth md:px-5"
        >
          {tabs.map((tab) => (
            <button
              key={tab}
              ref={(el) => {
                tabRefs.current[tab] = el;
              }}
              type="button"
              role="tab"
              id={`${tabsId}-${tab}`}
              aria-selected={shown === tab}
              aria-controls={`${tabsId}-${tab}-panel`}
              tabIndex={shown === tab ? 0 : -1}
              onClick={() => setTab(tab)}
              onKeyDown={onTabKey}
              // The focus ring inside the tab: the row, which scrolls, would cut one around it.
              className={`-mb-px h-11 shrink-0 border-b-2 px-3 text-sm font-medium focus-visible:-outline-offset-2 ${shown === tab ? 'border-accent text-accent' : 'border-transparent text-muted hover:text-fg'}`}
            >
              {t(TAB_LABEL[tab])}
            </button>
          ))}
        </div>
        <span
          aria-hidden="true"
          data-testid="tabs-hidden-start"
          data-shown={hidden.start}
          className={`${fade} start-0 justify-start bg-linear-to-r rtl:bg-linear-to-l ${hidden.start ? 'opacity-100' : 'opacity-0'}`}
        >
          <BackIcon size={16} className="rtl:-scale-x-100" />
        </span>
        <span
          aria-hidden="true"
          data-testid="tabs-hidden-end"
          data-shown={hidden.end}
          className={`${fade} end-0 justify-end bg-linear-to-l rtl:bg-linear-to-r ${hidden.end ? 'opacity-100' : 'opacity-0'}`}
        >
          <ChevronRightIcon size={16} className="rtl:-scale-x-100" />
        </span>
      </div>
      <div
        role="tabpanel"
        id={`${tabsId}-${shown}-panel`}
        aria-labelledby={`${tabsId}-${shown}`}
        tabIndex={0}
        className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-3 py-4 md:px-6"
      >
        <div className="mx-auto flex max-w-3xl flex-col gap-4">
          {shown === 'reports' ? (
            <ReportQueue chatId={chatId} names={names} onAnnounce={setAnnouncement} />
          ) : shown === 'automod' ? (
            <HitsPanel chatId={chatId} names={names} onAnnounce={setAnnouncement} />
          ) : shown === 'rules' ? (
            <RulesPanel chatId={chatId} names={names} onAnnounce={setAnnouncement} />
          ) : shown === 'mutes' ? (
            <MutesPanel chatId={chatId} names={names} onAnnounce={setAnnouncement} />
          ) : shown === 'audit' ? (
            <AuditLog chatId={chatId} names={names} />
          ) : shown === 'suspensions' ? (
            <SuspensionsPanel names={names} onAnnounce={setAnnouncement} />
          ) : (
            <StaffPanel onAnnounce={setAnnouncement} />
          )}
        </div>
      </div>
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="moderation-status">
        {announcement}
      </p>
    </section>
  );
}

function ReportQueue({
  chatId,
  names,
  onAnnounce,
}: {
  chatId: string | null;
  names: ReturnType<typeof useKnownNames>;
  onAnnounce: (text: string) => void;
}) {
  const t = useT();
  const store = useChatStore();
  const view = useModerationQueue();
  const acting = useReportActing();
  const staff = isStaff(useModerationRole().role);
  const statusId = useId();
  const categoryId = useId();
  const [asking, setAsking] = useState<{ id: string; action: ReportAction; name: string } | null>(null);
  const filter = view.key;

  // Opened (or opened for another group): the open reports, or the filter kept for this scope.
  useEffect(() => {
    const f = store.moderation.queue.view.get().key;
    void store.moderation.queue.open(f.chatId === chatId ? f : { status: 'open', category: null, chatId });
  }, [store, chatId]);

  // Said once a page comes: how many are shown.
  const count = view.items?.length;
  const loading = view.loading;
  useEffect(() => {
    if (count === undefined || loading) return;
    onAnnounce(count === 0 ? translate('moderation.queue.none') : translate(view.more !== null ? 'moderation.queue.countMore' : 'moderation.queue.count', { count }));
  }, [count, loading, view.more, onAnnounce]);

  const reports = view.key.chatId === chatId ? view.items : null;
  return (
    <>
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label={t('moderation.queue.filters')}>
        <div className="flex min-w-36 flex-1 flex-col gap-1">
          <label htmlFor={statusId} className="text-xs font-semibold tracking-wide text-muted uppercase">
            {t('moderation.queue.status')}
          </label>
          <select
            id={statusId}
            value={filter.status ?? 'all'}
            onChange={(e) => void store.moderation.queue.open({ ...filter, chatId, status: e.target.value === 'all' ? null : (e.target.value as ReportStatus) })}
            className={select}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
            <option value="all">{t('moderation.queue.allStatuses')}</option>
          </select>
        </div>
        <div className="flex min-w-36 flex-1 flex-col gap-1">
          <label htmlFor={categoryId} className="text-xs font-semibold tracking-wide text-muted uppercase">
            {t('moderation.queue.category')}
          </label>
          <select
            id={categoryId}
            value={filter.category ?? 'all'}
            onChange={(e) =>
              void store.moderation.queue.open({ ...filter, chatId, category: e.target.value === 'all' ? null : (e.target.value as ReportCategory) })
            }
            className={select}
          >
            <option value="all">{t('moderation.queue.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!reports ? (
        view.error ? (
          <div role="alert" className="flex flex-col items-start gap-2 rounded-2xl border border-line bg-panel p-4 text-sm" data-testid="queue-error">
            <p className="text-danger">{t('moderation.queue.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.moderation.queue.open(filter)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('moderation.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted">{t('moderation.queue.loading')}</p>
        )
      ) : reports.length === 0 ? (
        <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="queue-empty">
          {filter.status === 'open' ? t('moderation.queue.caughtUp') : t('moderation.queue.noMatch')}
        </p>
      ) : (
        <ul aria-label={t('moderation.tab.reports')} className="flex flex-col gap-3">
          {reports.map((r) => (
            <li key={r.id}>
              <ReportCard
                report={r}
                names={names}
                acting={acting[r.id]}
                canSuspend={staff}
                onAction={(action, name) => setAsking({ id: r.id, action, name })}
              />
            </li>
          ))}
        </ul>
      )}
      {reports && view.error && (
        <p role="alert" className="text-sm text-danger">
          {t('moderation.moreFailed', { error: view.error })}
        </p>
      )}
      {reports && view.more !== null && (
        <button
          type="button"
          disabled={view.loading}
          onClick={() => void store.moderation.queue.more()}
          className="h-11 self-center rounded-xl bg-panel px-5 text-sm font-medium shadow-soft hover:bg-hover disabled:opacity-60"
        >
          {view.loading ? t('common.loading') : t('moderation.loadMore')}
        </button>
      )}
      {asking && (
        <ActionDialog
          reportId={asking.id}
          action={asking.action}
          name={asking.name}
          onClose={() => setAsking(null)}
          onDone={(said) => {
            onAnnounce(said);
            setAsking(null);
            // Its buttons are gone: focus goes to the card, which says how it was closed.
            const id = asking.id;
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-report-id="${CSS.escape(id)}"]`)?.focus());
          }}
        />
      )}
    </>
  );
}
