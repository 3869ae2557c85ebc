// The mutes in force (the Mutes tab): a group's, or (the server's staff) all of them. Each person
// with where (the group, or everywhere), since when and until when, who muted them (a moderator,
// or a rule) and why; "Unmute" lifts it at once and takes the row off. A refusal shows in its
// words.
import { useEffect, useId, useState } from 'react';

import { useChatStore, useChats, useMutes } from '../../app/store-context';
import { muteKey } from '../../client/automod';
import type { Mute } from '../../client/automod-wire';
import { errorMessage } from '../../client/errors';
import { groupTitle } from '../../client/groups';
import { personLabel, shortId } from '../../client/moderation';
import type { User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { When } from './ReportCard';
import { t as translate, useT } from '../../i18n';

type Names = Readonly<Record<string, Pick<User, 'name'>>>;

const nameOf = (m: Mute, names: Names) => m.user?.name || personLabel(names, m.userId);

export function MutesPanel({ chatId, names, onAnnounce }: { chatId: string | null; names: Names; onAnnounce: (text: string) => void }) {
  const t = useT();
  const store = useChatStore();
  const view = useMutes();
  const byId = useChats((s) => s.byId);
  const headingId = useId();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void store.automod.loadMutes(chatId);
  }, [store, chatId]);

  const unmute = (m: Mute) => {
    setError(null);
    const name = nameOf(m, names);
    store.automod.unmute(m).then(
      () => {
        onAnnounce(translate('moderation.mutes.lifted', { name }));
        requestAnimationFrame(() => document.getElementById(headingId)?.focus());
      },
      (err: unknown) => setError(translate('moderation.mutes.failed', { name, error: errorMessage(err) })),
    );
  };

  const list = view.scope === chatId ? view.mutes : null;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h3 id={headingId} tabIndex={-1} className="text-sm font-semibold outline-none">
        {chatId ? t('moderation.mutes.inGroup') : t('moderation.mutes.title')}
      </h3>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      {!list ? (
        view.error && view.scope === chatId ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm" data-testid="mutes-error">
            <p className="text-danger">{t('moderation.mutes.loadFailed', { error: view.error })}</p>
            <button type="button" onClick={() => void store.automod.loadMutes(chatId)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              {t('moderation.tryAgain')}
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : list.length === 0 ? (
        <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="mutes-empty">
          {t('moderation.mutes.empty')}
        </p>
      ) : (
        <ul aria-label={t('moderation.mutes.title')} className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
          {list.map((m) => {
            const name = nameOf(m, names);
            const chat = m.chatId ? byId[m.chatId] : undefined;
            // A group the moderator is not in: its title as the server gives it, else its id shortened.
            const where = m.chatId
              ? t('moderation.mutes.in', { where: chat ? groupTitle(chat) : (m.chatTitle ?? t('moderation.mutes.group', { id: shortId(m.chatId) })) })
              : t('moderation.mutes.everywhere');
            const busy = view.lifting[muteKey(m)] === true;
            return (
              <li key={muteKey(m)} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="mute" data-user-id={m.userId}>
                <Avatar id={m.userId} name={name} size="sm" />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium break-words" dir="auto">
                    {name}
                    {m.user?.email && <span className="font-normal text-muted"> · {m.user.email}</span>}
                  </p>
                  <p className="text-muted">
                    {where}
                    {` · ${t('moderation.mutes.until')} `}
                    <When at={m.until} />
                    {` · ${m.by ? t('moderation.hits.by', { name: personLabel(names, m.by) }) : t('moderation.mutes.byRule')}`}
                  </p>
                  {m.reason && (
                    <p className="break-words [overflow-wrap:anywhere]" dir="auto">
                      <span className="text-muted">{t('moderation.reasonLabel')} </span>
                      {m.reason}
                    </p>
                  )}
                </div>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => unmute(m)}
                  aria-label={t('moderation.mutes.unmuteName', { name })}
                  className="h-11 shrink-0 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover disabled:opacity-60"
                >
                  {busy ? t('moderation.mutes.unmuting') : t('moderation.mutes.unmute')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
