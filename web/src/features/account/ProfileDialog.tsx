// The signed-in person's profile: their name (editable) and email. A saved name shows at once
// everywhere this client shows it (the session and the user list are updated by the store);
// other people see it the next time their client loads the user list.
import { useId, useState, type FormEvent } from 'react';

import { useChatStore, useSession } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { Avatar } from '../../shared/Avatar';
import { Modal } from '../../shared/Modal';
import { useT } from '../../i18n';

export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user);
  const [name, setName] = useState(me?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const nameId = useId();
  const errorId = useId();

  if (!me) return null;
  const changed = name.trim() !== me.name;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === '') {
      setError(t('account.profile.nameMissing'));
      return;
    }
    if (!changed) return;
    setBusy(true);
    setError(null);
    try {
      const user = await store.rename(name);
      setName(user.name);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={t('account.profile')} onClose={onClose} testId="profile-dialog">
      <form noValidate onSubmit={submit} className="flex flex-col gap-4 px-5 py-4">
        <div className="flex items-center gap-3">
          <Avatar id={me.id} name={me.name} size="lg" />
          <dl className="min-w-0">
            <dt className="sr-only">{t('account.profile.name')}</dt>
            <dd className="truncate font-semibold" data-testid="profile-name" dir="auto">
              {me.name}
            </dd>
            <dt className="sr-only">{t('account.profile.email')}</dt>
            <dd className="truncate text-sm text-muted" data-testid="profile-email">
              {me.email}
            </dd>
          </dl>
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={nameId} className="text-sm font-medium">
            {t('account.profile.name')}
          </label>
          <input
            id={nameId}
            dir="auto"
            value={name}
            autoComplete="name"
            maxLength={64}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
              setSaved(false);
            }}
            className={`h-11 rounded-xl border bg-panel px-3.5 text-[15px] outline-none transition focus:border-accent focus:ring-3 focus:ring-accent/20 ${
              error ? 'border-danger' : 'border-line'
            }`}
          />
          {error && (
            <p id={errorId} role="alert" className="text-sm text-danger">
              {error}
            </p>
          )}
        </div>
        <div className="flex items-center justify-end gap-2">
          <p role="status" className="me-auto text-sm text-muted">
            {saved ? t('account.profile.saved') : ''}
          </p>
          <button type="button" onClick={onClose} className="h-11 rounded-xl px-4 text-sm font-medium hover:bg-hover">
            {t('common.close')}
          </button>
          <button
            type="submit"
            disabled={busy || !changed}
            className="h-11 rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
          >
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
