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

type Names = Readonly<Record<string, Pick<User, 'name'>>>;

const nameOf = (m: Mute, names: Names) => m.user?.name || personLabel(names, m.userId);

export function MutesPanel({ chatId, names, onAnnounce }: { chatId: string | null; names: Names; onAnnounce: (text: string) => void }) {
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
        onAnnounce(`${name} is no longer muted.`);
        requestAnimationFrame(() => document.getElementById(headingId)?.focus());
      },
      (err: unknown) => setError(`Could not unmute ${name}: ${errorMessage(err)}`),
    );
  };

  const list = view.scope === chatId ? view.mutes : null;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h3 id={headingId} tabIndex={-1} className="text-sm font-semibold outline-none">
        {chatId ? 'Muted in this group' : 'Muted people'}
      </h3>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      {!list ? (
        view.error && view.scope === chatId ? (
          <div role="alert" className="flex flex-col items-start gap-2 text-sm" data-testid="mutes-error">
            <p className="text-danger">Could not load the mutes: {view.error}</p>
            <button type="button" onClick={() => void store.automod.loadMutes(chatId)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
              Try again
            </button>
          </div>
        ) : (
          <p className="text-sm text-muted" role="status">
            Loading…
          </p>
        )
      ) : list.length === 0 ? (
        <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="mutes-empty">
          Nobody is muted.
        </p>
      ) : (
        <ul aria-label="Muted people" className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
          {list.map((m) => {
            const name = nameOf(m, names);
            const chat = m.chatId ? byId[m.chatId] : undefined;
            // A group the moderator is not in: its title as the server gives it, else its id shortened.
            const where = m.chatId ? `In ${chat ? groupTitle(chat) : (m.chatTitle ?? `group ${shortId(m.chatId)}`)}` : 'Everywhere';
            const busy = view.lifting[muteKey(m)] === true;
            return (
              <li key={muteKey(m)} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="mute" data-user-id={m.userId}>
                <Avatar id={m.userId} name={name} size="sm" />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium break-words">
                    {name}
                    {m.user?.email && <span className="font-normal text-muted"> · {m.user.email}</span>}
                  </p>
                  <p className="text-muted">
                    {where}
                    {' · until '}
                    <When at={m.until} />
                    {m.by ? ` · by ${personLabel(names, m.by)}` : ' · by a rule'}
                  </p>
                  {m.reason && (
                    <p className="break-words [overflow-wrap:anywhere]" dir="auto">
                      <span className="text-muted">Reason: </span>
                      {m.reason}
                    </p>
                  )}
                </div>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => unmute(m)}
                  aria-label={`Unmute ${name}`}
                  className="h-11 shrink-0 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover disabled:opacity-60"
                >
                  {busy ? 'Unmuting…' : 'Unmute'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
