// What the auto-moderation rules did (the Auto-moderation tab): the held messages first (the
// filter: Held, Flagged or All), each with its sender, its chat (the group's title, also for a
// group the moderator is not in), its text, the rules that matched, what they did and where it
// stands. A held message is approved (delivered now, as its sender sent it) or rejected (asked
// first, with an optional reason its sender is told); a flagged one is dismissed or deleted for
// everyone (asked first). A decided one says by whom and when. The server's refusal (decided
// already by someone else) shows in its words.
import { useEffect, useId, useState } from 'react';

import { useAutomodHits, useChatStore, useChats, useHitDeciding } from '../../app/store-context';
import { commentCount, personLabel, shortId } from '../../client/moderation';
import { DECIDED_TEXT, HIT_ACTION_LABEL, HIT_FILTERS, HIT_STATUS_LABEL, hitDecisions, type HitFilterKey } from '../../client/automod';
import type { Hit, HitDecision, HitStatus } from '../../client/automod-wire';
import { errorMessage } from '../../client/errors';
import { groupTitle } from '../../client/groups';
import type { User } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { ReasonField } from './ReasonField';
import { When } from './ReportCard';
import { t as translate, useT, type MessageKey } from '../../i18n';

const select =
  'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';
const button = 'h-11 rounded-xl px-4 text-sm font-medium disabled:opacity-60';

const STATUS_STYLE: Record<HitStatus, string> = {
  held: 'bg-mention-tint text-warn',
  open: 'bg-accent-soft text-accent',
  done: 'bg-panel-2 text-muted',
  approved: 'bg-online/15 text-online',
  rejected: 'bg-danger-soft text-danger',
  dismissed: 'bg-panel-2 text-muted',
  deleted: 'bg-danger-soft text-danger',
};

const EMPTY: Record<HitFilterKey, MessageKey> = {
  held: 'moderation.hits.empty.held',
  open: 'moderation.hits.empty.open',
  all: 'moderation.hits.empty.all',
};

type Names = Readonly<Record<string, Pick<User, 'name'>>>;

export function HitsPanel({ chatId, names, onAnnounce }: { chatId: string | null; names: Names; onAnnounce: (text: string) => void }) {
  const t = useT();
  const store = useChatStore();
  const view = useAutomodHits();
  const deciding = useHitDeciding();
  const statusId = useId();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ hit: Hit; action: HitDecision } | null>(null);
  const filter = view.key;

  useEffect(() => {
    const f = store.automod.hits.view.get().key;
    void store.automod.hits.open(f.chatId === chatId ? f : { chatId, status: 'held' });
  }, [store, chatId]);

  const count = view.items?.length;
  const loading = view.loading;
  useEffect(() => {
    if (count === undefined || loading) return;
    onAnnounce(count === 0 ? translate('moderation.nothing') : translate(view.more !== null ? 'moderation.hits.countMore' : 'moderation.hits.count', { count }));
  }, [count, loading, view.more, onAnnounce]);

  const decide = (hit: Hit, action: HitDecision, reason = '') => {
    setError(null);
    // Its buttons are gone once decided: focus goes to the card, which says how it was decided.
    return store.automod.decide(hit.id, action, reason).then(() => {
      onAnnounce(DECIDED_TEXT[action]);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-hit-id="${CSS.escape(hit.id)}"]`)?.focus());
    });
  };

  const hits = view.key.chatId === chatId ? view.items : null;
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={statusId} className="text-xs font-semibold tracking-wide text-muted uppercase">
          {t('moderation.hits.show')}
        </label>
        <select
          id={statusId}
          value={filter.status}
          onChange={(e) => void store.automod.hits.open({ chatId, status: e.target.value as HitFilterKey })}
          className={`${select} sm:max-w-xs`}
        >
          {HIT_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      {!hits ? (
        view.error ? (
          <div role="alert" className="flex flex-col items-start gap-2 rounded-2xl border border-line bg-panel p-4 text-sm" data-testid="hits-error">
            <p className="text-danger">{t('moderation.hits.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.automod.hits.open(filter)} className={`${button} bg-panel-2 hover:bg-hover`}>
              {t('moderation.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted">{t('common.loading')}</p>
        )
      ) : hits.length === 0 ? (
        <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="hits-empty">
          {t(EMPTY[filter.status])}
        </p>
      ) : (
        <ul aria-label={t('moderation.hits.title')} className="flex flex-col gap-3">
          {hits.map((h) => (
            <li key={h.id}>
              <HitCard
                hit={h}
                names={names}
                deciding={deciding[h.id]}
                onDecide={(action) => {
                  if (action === 'reject' || action === 'delete') setAsking({ hit: h, action });
                  else decide(h, action).catch((err: unknown) => setError(t(`moderation.hits.failed.${action}`, { error: errorMessage(err) })));
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {hits && view.error && (
        <p role="alert" className="text-sm text-danger">
          {t('moderation.moreFailed', { error: view.error })}
        </p>
      )}
      {hits && view.more !== null && (
        <button
          type="button"
          disabled={view.loading}
          onClick={() => void store.automod.hits.more()}
          className="h-11 self-center rounded-xl bg-panel px-5 text-sm font-medium shadow-soft hover:bg-hover disabled:opacity-60"
        >
          {view.loading ? t('common.loading') : t('moderation.loadMore')}
        </button>
      )}
      {asking && (
        <DecideDialog
          hit={asking.hit}
          action={asking.action}
          name={asking.hit.user?.name || personLabel(names, asking.hit.userId)}
          onClose={() => setAsking(null)}
          onDecide={(reason) => decide(asking.hit, asking.action, reason).then(() => setAsking(null))}
        />
      )}
    </>
  );
}

function HitCard({ hit, names, deciding, onDecide }: { hit: Hit; names: Names; deciding?: HitDecision; onDecide: (action: HitDecision) => void }) {
  const t = useT();
  const titleId = useId();
  const chat = useChats((s) => s.byId[hit.chatId]);
  const sender = hit.user?.name || personLabel(names, hit.userId) || t('moderation.unknownPerson');
  // A chat the moderator is not in: the group's title as the server gives it, else its id shortened.
  const where = chat ? (chat.kind === 'group' ? groupTitle(chat) : t('moderation.aPrivateChat')) : (hit.chatTitle ?? t('moderation.chatId', { id: shortId(hit.chatId) }));
  const decisions = hitDecisions(hit);
  const labels: Record<HitDecision, [string, string]> = {
    approve: [t('moderation.hits.approve'), t('moderation.hits.approving')],
    reject: [t('moderation.hits.reject'), t('moderation.hits.rejecting')],
    dismiss: [t('moderation.hits.dismiss'), t('moderation.hits.dismissing')],
    delete: [t('moderation.hits.delete'), t('moderation.hits.deleting')],
  };
  const style: Record<HitDecision, string> = {
    approve: 'bg-accent text-on-accent hover:opacity-90',
    reject: 'bg-danger-soft text-danger hover:opacity-90',
    dismiss: 'bg-panel-2 hover:bg-hover',
    delete: 'bg-danger-soft text-danger hover:opacity-90',
  };
  return (
    <article aria-labelledby={titleId} tabIndex={-1} className="flex flex-col gap-3 rounded-2xl border border-line bg-panel p-4 shadow-soft" data-testid="hit" data-hit-id={hit.id}>
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 id={titleId} className="min-w-0 text-[15px] font-semibold break-words" data-testid="hit-sender" dir="auto">
          {sender}
          {hit.user?.email && <span className="font-normal text-muted"> · {hit.user.email}</span>}
        </h3>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[hit.status]}`} data-testid="hit-status">
          <span className="sr-only">{t('moderation.status')} </span>
          {HIT_STATUS_LABEL[hit.status]}
        </span>
        <span className="ms-auto text-xs text-muted">
          <When at={hit.createdAt} />
        </span>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted">{t('moderation.hits.in')}</dt>
        <dd className="min-w-0 break-words" data-testid="hit-chat">
          {where}
        </dd>
        <dt className="text-muted">{hit.rules.length === 1 ? t('moderation.hits.rule') : t('moderation.hits.rules')}</dt>
        <dd className="min-w-0 break-words" data-testid="hit-rules">
          {hit.rules.map((r) => r.name || shortId(r.id)).join(', ') || '—'}
          <span className="text-muted"> {hit.scope === 'group' ? t('moderation.hits.groupScope') : t('moderation.hits.serverScope')}</span>
        </dd>
        <dt className="text-muted">{t('moderation.hits.action')}</dt>
        <dd className="min-w-0 break-words" data-testid="hit-action">
          {HIT_ACTION_LABEL[hit.action]}
        </dd>
      </dl>
      <blockquote className="rounded-xl border-s-4 border-line bg-panel-2 px-3 py-2 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto" data-testid="hit-text">
        <span className="sr-only">{t('moderation.message')} </span>
        {hit.content}
      </blockquote>
      {decisions.length > 0 ? (
        <div className="flex flex-wrap justify-end gap-2" role="group" aria-label={t('moderation.actions')}>
          {decisions.map((d) => (
            <button
              key={d}
              type="button"
              disabled={deciding !== undefined}
              onClick={() => onDecide(d)}
              aria-haspopup={d === 'reject' || d === 'delete' ? 'dialog' : undefined}
              className={`${button} ${style[d]}`}
            >
              {deciding === d ? labels[d][1] : labels[d][0]}
            </button>
          ))}
        </div>
      ) : (
        hit.decidedAt && (
          <p className="text-sm text-muted" data-testid="hit-decided">
            {HIT_STATUS_LABEL[hit.status]}
            {hit.decidedBy && ` ${t('moderation.hits.by', { name: personLabel(names, hit.decidedBy) })}`}
            {' · '}
            <When at={hit.decidedAt} />
          </p>
        )
      )}
    </article>
  );
}

function DecideDialog({
  hit,
  action,
  name,
  onClose,
  onDecide,
}: {
  hit: Hit;
  action: HitDecision;
  name: string;
  onClose: () => void;
  onDecide: (reason: string) => Promise<void>;
}) {
  const t = useT();
  const questionId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = commentCount(reason);
  const who = name.trim() || t('moderation.hits.theSender');
  const reject = action === 'reject';
  return (
    <Modal title={reject ? t('moderation.hits.rejectTitle') : t('moderation.ask.delete.title')} onClose={onClose} alert describedBy={questionId} testId="hit-dialog">
      <form
        className="scrollbar-thin flex max-h-[calc(100dvh-8rem)] flex-col gap-4 overflow-y-auto px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || count.over) return;
          setBusy(true);
          setError(null);
          onDecide(reason).catch((err: unknown) => {
            setBusy(false);
            setError(t(reject ? 'moderation.hits.failed.reject' : 'moderation.hits.failed.delete', { error: errorMessage(err) }));
          });
        }}
      >
        <p id={questionId} className="text-sm">
          {reject ? t('moderation.hits.rejectQuestion', { name: who }) : t('moderation.hits.deleteQuestion')}
        </p>
        <blockquote className="rounded-xl border-s-4 border-line bg-panel-2 px-3 py-2 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto">
          {hit.content}
        </blockquote>
        {reject ? (
          <ReasonField value={reason} onChange={setReason} hint={t('moderation.hits.rejectHint')} />
        ) : (
          <ReasonField value={reason} onChange={setReason} />
        )}
        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={busy || count.over} className={`${button} bg-danger px-5 text-on-accent hover:opacity-90`}>
            {busy ? (reject ? t('moderation.hits.rejecting') : t('moderation.hits.deleting')) : reject ? t('moderation.hits.rejectButton') : t('moderation.ask.delete.button')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
