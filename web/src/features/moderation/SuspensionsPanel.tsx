// The accounts suspended now, for the server's staff: each person with since when, until when (or
// "until lifted"), who suspended them and why; "Lift" asks first (an optional reason, kept in the
// audit log), waits for the server and takes the person off the list. A refusal shows in its
// words.
import { useEffect, useId, useState } from 'react';

import { useChatStore, useSuspensions } from '../../app/store-context';
import { commentCount, liftErrorText, personLabel } from '../../client/moderation';
import type { Suspension, User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { Modal } from '../../shared/Modal';
import { ReasonField } from './ReasonField';
import { When } from './ReportCard';
import { t as translate, useT } from '../../i18n';

function nameOf(s: Suspension, names: Readonly<Record<string, Pick<User, 'name'>>>): string {
  return s.user?.name || personLabel(names, s.userId);
}

export function SuspensionsPanel({
  names,
  onAnnounce,
}: {
  names: Readonly<Record<string, Pick<User, 'name'>>>;
  onAnnounce: (text: string) => void;
}) {
  const t = useT();
  const store = useChatStore();
  const view = useSuspensions();
  const [lifting, setLifting] = useState<Suspension | null>(null);
  const headingId = useId();

  useEffect(() => {
    void store.moderation.loadSuspensions();
  }, [store]);

  const list = view.suspensions;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h3 id={headingId} tabIndex={-1} className="text-sm font-semibold outline-none">
        {t('moderation.susp.title')}
      </h3>
      {!list ? (
        view.error ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm">
            <p className="text-danger">{t('moderation.susp.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.moderation.loadSuspensions()} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('moderation.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : list.length === 0 ? (
        <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="suspensions-empty">
          {t('moderation.susp.empty')}
        </p>
      ) : (
        <ul aria-label={t('moderation.susp.title')} className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
          {list.map((s) => {
            const name = nameOf(s, names);
            const busy = view.lifting[s.userId] === true;
            return (
              <li key={s.userId} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="suspension" data-user-id={s.userId}>
                <Avatar id={s.userId} name={name} size="sm" />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium break-words" dir="auto">
                    {name}
                    {s.user?.email && <span className="font-normal text-muted"> · {s.user.email}</span>}
                  </p>
                  <p className="text-muted">
                    {`${t('moderation.susp.since')} `}
                    <When at={s.at} />
                    {' · '}
                    {s.until ? (
                      <>
                        {`${t('moderation.susp.until')} `}
                        <When at={s.until} />
                      </>
                    ) : (
                      t('moderation.susp.untilLifted')
                    )}
                    {s.by && ` · ${t('moderation.hits.by', { name: personLabel(names, s.by) })}`}
                  </p>
                  {s.reason && (
                    <p className="break-words [overflow-wrap:anywhere]" dir="auto">
                      <span className="text-muted">{t('moderation.reasonLabel')} </span>
                      {s.reason}
                    </p>
                  )}
                </div>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => setLifting(s)}
                  aria-haspopup="dialog"
                  aria-label={t('moderation.susp.liftName', { name })}
                  className="h-11 shrink-0 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover disabled:opacity-60"
                >
                  {busy ? t('moderation.susp.lifting') : t('moderation.susp.lift')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {list && view.error && (
        <p role="alert" className="text-sm text-danger">
          {t('moderation.susp.loadFailed', { error: view.error })}
        </p>
      )}
      {lifting && (
        <LiftDialog
          suspension={lifting}
          name={nameOf(lifting, names)}
          onClose={() => setLifting(null)}
          onDone={() => {
            onAnnounce(translate('moderation.susp.lifted', { name: nameOf(lifting, names) }));
            setLifting(null);
            // Its row is gone: focus goes to the list's heading.
            requestAnimationFrame(() => document.getElementById(headingId)?.focus());
          }}
        />
      )}
    </section>
  );
}

function LiftDialog({ suspension, name, onClose, onDone }: { suspension: Suspension; name: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const store = useChatStore();
  const questionId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = commentCount(reason);
  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  return (
    <Modal title={t('moderation.susp.liftTitle', { name })} onClose={onClose} alert describedBy={questionId} testId="lift-dialog">
      <form
        className="scrollbar-thin flex max-h-[calc(100dvh-8rem)] flex-col gap-4 overflow-y-auto px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || count.over) return;
          setBusy(true);
          setError(null);
          store.moderation.lift(suspension.userId, reason).then(onDone, (err: unknown) => {
            setBusy(false);
            setError(liftErrorText(err));
          });
        }}
      >
        <p id={questionId} className="text-sm">
          {t('moderation.susp.liftQuestion', { name })}
        </p>
        <ReasonField value={reason} onChange={setReason} />
        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" data-autofocus onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={busy || count.over} className={`${button} bg-accent px-5 text-on-accent hover:opacity-90 disabled:opacity-60`}>
            {busy ? t('moderation.susp.lifting') : t('moderation.susp.liftButton')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
