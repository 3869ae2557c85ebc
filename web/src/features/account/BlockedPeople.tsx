// "Blocked people" in the Privacy dialog: the people the user blocked, the latest first, each
// with their name, email and when, and Unblock (at once: unblocking is undone by blocking again,
// from the chat or a message); "You haven't blocked anyone." when there is nobody. Blocking
// itself is done where the person is: a private chat's contact info, a message's menu. The list
// is read when the dialog opens (and on every connect, and when another device changes it).
import { useEffect, useId, useState } from 'react';

import { useBlocks, useChatStore } from '../../app/store-context';
import { blockErrorText } from '../../client/blocks';
import { Avatar } from '../../shared/Avatar';
import { formatDate } from '../../shared/format';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

export function BlockedPeople() {
  const t = useT();
  const store = useChatStore();
  const view = useBlocks();
  const headingId = useId();
  const descriptionId = useId();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void store.blocks.load();
  }, [store]);

  const unblock = (userId: string) => {
    setError(null);
    store.blocks.unblock(userId).catch((err: unknown) => setError(blockErrorText(err, false)));
  };

  const blocks = view.blocks;
  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col gap-2" data-testid="blocked-people">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('account.blocked.title')}{blocks && blocks.length > 0 && <span className="font-normal normal-case"> ({blocks.length})</span>}
      </h3>
      <p id={descriptionId} className="text-sm text-muted">
        {t('account.blocked.hint')}
      </p>
      {!blocks ? (
        view.loadError ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm">
            <p className="text-danger">{t('account.blocked.loadFailed', { error: view.loadError })}</p>
            <button type="button" onClick={() => void store.blocks.load()} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('account.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : blocks.length === 0 ? (
        <p className="text-sm text-muted italic" data-testid="blocked-empty">
          {t('account.blocked.empty')}
        </p>
      ) : (
        <ul className="flex flex-col" aria-label={t('account.blocked.title')}>
          {blocks.map(({ user, blockedAt }) => {
            const name = user.name || t('account.unknownPerson');
            const when = formatDate(blockedAt);
            const unblocking = view.changing[user.id] === false;
            return (
              <li key={user.id} className="flex min-h-11 items-center gap-3 rounded-xl py-1 ps-1" data-testid="blocked-person">
                <Avatar id={user.id} name={name} size="sm" />
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-[15px]" dir="auto">{name}</span>
                  {user.email && <span className="block truncate text-xs text-muted">{user.email}</span>}
                  {when && <span className="block truncate text-xs text-muted">{t('account.blocked.when', { date: when })}</span>}
                </span>
                <button
                  type="button"
                  disabled={unblocking}
                  onClick={() => unblock(user.id)}
                  aria-label={t('account.unblockName', { name })}
                  className="h-10 shrink-0 rounded-xl bg-panel-2 px-3 text-sm font-medium text-accent hover:bg-hover disabled:opacity-60"
                >
                  {unblocking ? t('account.unblocking') : t('account.unblock')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p role="alert" className="text-sm text-danger" data-testid="blocked-error">
          {error}
        </p>
      )}
    </section>
  );
}
