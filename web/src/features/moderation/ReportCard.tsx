// One report of the moderation queue: its category, what it is about, where it stands and when;
// who reported it and whom it is about; the reporter's comment; the messages kept with it, read
// only, the reported one marked; and while it is open, "Dismiss", (for a message) "Delete
// message", (a report about someone) "Warn <name>…" and "Mute <name>…", (a message in a group)
// "Remove from group…", and (the server's staff) "Suspend <name>…", each asked first
// (ActionDialog). Whether a report's chat is a group is known only for the chats the client
// holds: for another (the user is not in it) the removal is offered and the server decides,
// its refusal said in the dialog. A closed report says how and when it was closed.
import { useId } from 'react';

import { useChats } from '../../app/store-context';
import { groupTitle } from '../../client/groups';
import { categoryLabel, KIND_LABEL, mayRemoveFromGroup, personLabel, shortId, STATUS_LABEL } from '../../client/moderation';
import type { ChatMessage, ModerationReport, ReportStatus, User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { formatDateTime } from '../../shared/format';
import type { ReportAction } from './ActionDialog';
import { useLocale, useT } from '../../i18n';

const STATUS_STYLE: Record<ReportStatus, string> = {
  open: 'bg-accent-soft text-accent',
  dismissed: 'bg-panel-2 text-muted',
  resolved: 'bg-online/15 text-online',
};

/** A time as "3 Mar 2025, 14:05", in a <time>. */
export function When({ at }: { at: string }) {
  useLocale();
  const when = formatDateTime(at);
  if (!when) return null;
  return <time dateTime={at}>{when}</time>;
}

export function ReportCard({
  report,
  names,
  acting,
  canSuspend = false,
  onAction,
}: {
  report: ModerationReport;
  names: Readonly<Record<string, Pick<User, 'name'>>>;
  /** The action on its way, if any. */
  acting?: ReportAction;
  /** The user is of the server's staff: a report about a person offers to suspend them. */
  canSuspend?: boolean;
  /** An action asked for, with the name of the report's person. */
  onAction: (action: ReportAction, name: string) => void;
}) {
  const t = useT();
  const titleId = useId();
  const chat = useChats((s) => (report.chatId ? s.byId[report.chatId] : undefined));
  const reporter = report.reporter?.name || personLabel(names, report.reporter?.id);
  const about = report.user ? report.user.name || personLabel(names, report.user.id) : report.userId ? personLabel(names, report.userId) : '';
  // A chat the client does not hold (a moderator is seldom in it): its id, shortened.
  const where = report.chatId ? (chat ? (chat.kind === 'group' ? groupTitle(chat) : t('moderation.aPrivateChat')) : t('moderation.chatId', { id: shortId(report.chatId) })) : '';
  const reportedId = report.kind === 'message' ? report.targetId : null;
  const removable = mayRemoveFromGroup(report, chat);
  const button = 'h-11 rounded-xl px-4 text-sm font-medium disabled:opacity-60';
  return (
    <article aria-labelledby={titleId} tabIndex={-1} className="flex flex-col gap-3 rounded-2xl border border-line bg-panel p-4 shadow-soft" data-testid="report-card" data-report-id={report.id}>
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 id={titleId} className="text-[15px] font-semibold">
          {categoryLabel(report.category)}
          <span className="font-normal text-muted"> · {KIND_LABEL[report.kind]}</span>
        </h3>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[report.status]}`} data-testid="report-status">
          <span className="sr-only">{t('moderation.status')} </span>
          {STATUS_LABEL[report.status]}
        </span>
        <span className="ms-auto text-xs text-muted">
          <When at={report.createdAt} />
        </span>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted">{t('moderation.card.reportedBy')}</dt>
        <dd className="min-w-0 break-words" data-testid="report-reporter" dir="auto">
          {reporter || t('moderation.unknownPerson')}
          {report.reporter?.email && <span className="text-muted"> · {report.reporter.email}</span>}
        </dd>
        {about && (
          <>
            <dt className="text-muted">{report.kind === 'user' ? t('moderation.card.person') : t('moderation.card.sender')}</dt>
            <dd className="min-w-0 break-words" data-testid="report-about" dir="auto">
              {about}
              {report.user?.email && <span className="text-muted"> · {report.user.email}</span>}
            </dd>
          </>
        )}
        {where && (
          <>
            <dt className="text-muted">{report.kind === 'group' ? t('moderation.card.group') : t('moderation.card.in')}</dt>
            <dd className="min-w-0 break-words" dir="auto">{where}</dd>
          </>
        )}
      </dl>
      {report.comment && (
        <blockquote className="rounded-xl border-s-4 border-line bg-panel-2 px-3 py-2 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto">
          <span className="sr-only">{t('moderation.card.comment')} </span>
          {report.comment}
        </blockquote>
      )}
      <Context messages={report.context} reportedId={reportedId} names={names} />
      {report.status === 'open' ? (
        <div className="flex flex-wrap justify-end gap-2" role="group" aria-label={t('moderation.actions')}>
          <button type="button" disabled={acting !== undefined} onClick={() => onAction('dismiss', about)} className={`${button} bg-panel-2 hover:bg-hover`}>
            {acting === 'dismiss' ? t('moderation.card.dismissing') : t('moderation.card.dismiss')}
          </button>
          {report.kind === 'message' && (
            <button
              type="button"
              disabled={acting !== undefined}
              onClick={() => onAction('delete', about)}
              className={`${button} bg-danger-soft text-danger hover:opacity-90`}
            >
              {acting === 'delete' ? t('moderation.card.deleting') : t('moderation.card.deleteMessage')}
            </button>
          )}
          {report.userId && (
            <>
              <button
                type="button"
                disabled={acting !== undefined}
                onClick={() => onAction('warn', about)}
                aria-haspopup="dialog"
                className={`${button} bg-panel-2 hover:bg-hover`}
              >
                {acting === 'warn' ? t('moderation.card.warning') : t('moderation.card.warn', { name: about || t('moderation.thisPerson') })}
              </button>
              <button
                type="button"
                disabled={acting !== undefined}
                onClick={() => onAction('mute', about)}
                aria-haspopup="dialog"
                className={`${button} bg-panel-2 hover:bg-hover`}
              >
                {acting === 'mute' ? t('moderation.card.muting') : t('moderation.card.mute', { name: about || t('moderation.thisPerson') })}
              </button>
            </>
          )}
          {removable && (
            <button
              type="button"
              disabled={acting !== undefined}
              onClick={() => onAction('remove', about)}
              aria-haspopup="dialog"
              className={`${button} bg-danger-soft text-danger hover:opacity-90`}
            >
              {acting === 'remove' ? t('moderation.card.removing') : t('moderation.card.remove')}
            </button>
          )}
          {canSuspend && report.userId && (
            <button
              type="button"
              disabled={acting !== undefined}
              onClick={() => onAction('suspend', about)}
              aria-haspopup="dialog"
              className={`${button} bg-danger-soft text-danger hover:opacity-90`}
            >
              {acting === 'suspend' ? t('moderation.card.suspending') : t('moderation.card.suspend', { name: about || t('moderation.thisPerson') })}
            </button>
          )}
        </div>
      ) : (
        <p className="text-sm text-muted" data-testid="report-closed">
          {report.resolution === 'deleted'
            ? t('moderation.card.closed.deleted')
            : report.resolution === 'suspended' || report.resolution === 'warned' || report.resolution === 'muted' || report.resolution === 'removed'
              ? t(`moderation.card.closed.${report.resolution}`, { status: STATUS_LABEL[report.status], name: about || t('moderation.card.thePerson') })
              : STATUS_LABEL[report.status]}
          {report.resolvedBy && ` ${t('moderation.hits.by', { name: personLabel(names, report.resolvedBy) })}`}
          {report.resolvedAt && (
            <>
              {' · '}
              <When at={report.resolvedAt} />
            </>
          )}
        </p>
      )}
    </article>
  );
}

/** The messages kept with a report, oldest first, read only; the reported one marked. */
function Context({ messages, reportedId, names }: { messages: readonly ChatMessage[]; reportedId: string | null; names: Readonly<Record<string, Pick<User, 'name'>>> }) {
  const t = useT();
  const labelId = useId();
  if (messages.length === 0) return <p className="text-sm text-muted italic">{t('moderation.card.noContext')}</p>;
  return (
    <div className="flex flex-col gap-1">
      <p id={labelId} className="text-xs font-semibold tracking-wide text-muted uppercase">
        {t('moderation.card.context')}
      </p>
      <ol aria-labelledby={labelId} className="scrollbar-thin flex max-h-80 flex-col gap-1 overflow-y-auto rounded-xl bg-chat p-2" data-testid="report-context">
        {messages.map((m) => {
          const reported = m.id === reportedId;
          const name = personLabel(names, m.senderId) || t('moderation.unknownPerson');
          const text = m.deleted ? t('chat.deletedMessage') : m.kind === 'system' ? m.content : (m.caption ?? m.content);
          const files = m.attachments?.length ?? 0;
          return (
            <li
              key={m.id}
              className={`flex gap-2 rounded-xl px-2 py-1.5 ${reported ? 'border-s-4 border-mention-bar bg-mention-tint' : ''}`}
              data-testid="context-message"
              data-reported={reported || undefined}
              aria-current={reported ? 'true' : undefined}
            >
              <Avatar id={m.senderId} name={name} size="sm" />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
                  <bdi className="font-semibold">{name}</bdi>
                  <span className="text-muted">
                    <When at={m.createdAt} />
                  </span>
                  {reported && <span className="font-semibold text-warn">{t('moderation.card.reported')}</span>}
                </p>
                <p
                  className={`text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere] ${m.deleted || m.kind === 'system' ? 'text-muted italic' : ''}`}
                  dir="auto"
                  data-testid="context-text"
                >
                  {text}
                  {files > 0 && !m.deleted && <span className="text-muted"> {t('moderation.card.files', { count: files })}</span>}
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
