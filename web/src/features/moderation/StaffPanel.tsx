// The server's staff, for its administrators: each administrator and moderator with their role and
// since when; the configured administrators (--server_admins) say "configured" and cannot be
// changed here; the others have "Remove role". Below, giving a role: people picked from the
// directory (the shared people picker), Moderator or Administrator, an optional reason (kept in
// the audit log). Every change waits for the server and shows the staff it answers; a refusal
// shows in its words.
import { useEffect, useId, useMemo, useState } from 'react';

import { useChatStore, useSession, useStaff } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { ROLE_LABEL } from '../../client/moderation';
import type { ServerRole, User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { formatDate } from '../../shared/format';
import { PeoplePicker } from '../../shared/PeoplePicker';
import { t as translate, useT } from '../../i18n';

export function StaffPanel({ onAnnounce }: { onAnnounce: (text: string) => void }) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const view = useStaff();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void store.moderation.loadStaff();
  }, [store]);

  const remove = (user: User) => {
    setError(null);
    store.moderation.setRole(user.id, 'none').then(
      () => onAnnounce(translate('moderation.staff.lost', { name: user.name || translate('moderation.thePerson') })),
      (err: unknown) => setError(translate('moderation.staff.changeFailed', { error: errorMessage(err) })),
    );
  };

  const staff = view.staff;
  return (
    <div className="flex flex-col gap-5">
      <section aria-labelledby="staff-heading" className="flex flex-col gap-2">
        <h3 id="staff-heading" className="text-sm font-semibold">
          {t('moderation.staff.title')}
        </h3>
        {!staff ? (
          view.error ? (
            <div role="alert" className="flex flex-col items-start gap-2 text-sm">
              <p className="text-danger">{t('moderation.staff.loadFailed', { error: view.error })}</p>
              <button type="button" onClick={() => void store.moderation.loadStaff()} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
                {t('moderation.tryAgain')}
              </button>
            </div>
          ) : (
            <p className="text-sm text-muted" role="status">
              {t('common.loading')}
            </p>
          )
        ) : (
          <ul aria-label={t('moderation.staff.list')} className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
            {staff.map((s) => {
              const name = s.user.name || t('moderation.unknownPerson');
              const changing = view.changing[s.user.id] === true;
              const since = s.grantedAt ? formatDate(s.grantedAt) : '';
              return (
                <li key={s.user.id} className="flex min-h-14 items-center gap-3 px-3 py-2" data-testid="staff-member">
                  <Avatar id={s.user.id} name={name} size="sm" />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[15px]">
                      <bdi>{name}</bdi>
                      {s.user.id === me && <span className="text-muted"> {t('moderation.staff.you')}</span>}
                    </span>
                    <span className="block truncate text-xs text-muted">
                      {ROLE_LABEL[s.role]}
                      {s.configured ? ` ${t('moderation.staff.configuredNote')}` : since ? ` ${t('moderation.staff.since', { date: since })}` : ''}
                    </span>
                  </span>
                  {s.configured ? (
                    <span className="shrink-0 rounded-full bg-panel-2 px-2.5 py-0.5 text-xs font-semibold text-muted" title={t('moderation.staff.configuredHint')}>
                      {t('moderation.staff.configured')}
                    </span>
                  ) : (
                    <button
                      type="button"
                      disabled={changing}
                      onClick={() => remove(s.user)}
                      aria-label={t('moderation.staff.removeRoleOf', { name })}
                      className="h-10 shrink-0 rounded-xl bg-panel-2 px-3 text-sm font-medium text-danger hover:bg-hover disabled:opacity-60"
                    >
                      {changing ? t('moderation.staff.removing') : t('moderation.staff.removeRole')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {error && (
          <p role="alert" className="text-sm text-danger" data-testid="staff-error">
            {error}
          </p>
        )}
      </section>
      <GiveRole configured={useMemo(() => new Set([me, ...(staff ?? []).filter((s) => s.configured).map((s) => s.user.id)]), [me, staff])} onAnnounce={onAnnounce} />
    </div>
  );
}

function GiveRole({ configured, onAnnounce }: { configured: ReadonlySet<string>; onAnnounce: (text: string) => void }) {
  const t = useT();
  const store = useChatStore();
  const radioName = useId();
  const reasonId = useId();
  const [chosen, setChosen] = useState<readonly User[]>([]);
  const [role, setRole] = useState<ServerRole>('moderator');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [picker, setPicker] = useState(0);

  return (
    <form
      aria-labelledby="give-role-heading"
      className="flex flex-col gap-3 rounded-2xl border border-line bg-panel p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        if (chosen.length === 0) {
          setError(t('moderation.staff.chooseSomeone'));
          return;
        }
        setBusy(true);
        setError(null);
        const people = [...chosen];
        void (async () => {
          try {
            for (const u of people) await store.moderation.setRole(u.id, role, reason);
            const what =
              people.length === 1
                ? role === 'admin'
                  ? 'moderation.staff.nowAdmin'
                  : 'moderation.staff.nowModerator'
                : role === 'admin'
                  ? 'moderation.staff.nowAdmins'
                  : 'moderation.staff.nowModerators';
            onAnnounce(translate(what, { names: people.map((u) => u.name).join(', ') }));
            setChosen([]);
            setReason('');
            setPicker((n) => n + 1);
          } catch (err) {
            setError(translate('moderation.staff.giveFailed', { error: errorMessage(err) }));
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      <h3 id="give-role-heading" className="text-sm font-semibold">
        {t('moderation.staff.give')}
      </h3>
      <PeoplePicker
        key={picker}
        fetchPage={(q, cursor) => store.directoryPage(q, cursor)}
        selected={chosen}
        onChange={setChosen}
        exclude={configured}
        label={t('moderation.staff.search')}
        emptyText={t('moderation.staff.nobody')}
      />
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="mb-1 text-sm font-medium">{t('moderation.staff.role')}</legend>
        {(['moderator', 'admin'] as const).map((r) => (
          <label key={r} className="flex min-h-11 cursor-pointer items-center gap-2 rounded-xl px-1 hover:bg-hover">
            <input type="radio" name={radioName} value={r} checked={role === r} onChange={() => setRole(r)} className="size-5 accent-(--p-accent)" />
            <span className="text-[15px]">{ROLE_LABEL[r]}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={reasonId} className="text-sm font-medium">
          {t('moderation.reason')} <span className="font-normal text-muted">{t('moderation.staff.optional')}</span>
        </label>
        <input
          id={reasonId}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
          dir="auto"
          className="h-11 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
        />
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="h-11 self-end rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60">
        {busy ? t('common.saving') : chosen.length > 1 ? t('moderation.staff.giveN', { count: chosen.length }) : t('moderation.staff.giveOne')}
      </button>
    </form>
  );
}
