// The people whose mentions still notify during Do not disturb, in the Notifications dialog:
// each with a button that takes them out, and "Add people", which opens the people picker over
// the people this client knows (those the user chats with, groups' members seen): checking
// someone adds them at once, unchecking takes them out. At most 50.
import { useCallback, useId, useMemo, useState } from 'react';

import { useChatStore, useSession, useUsers } from '../../app/store-context';
import type { FetchDirectoryPage } from '../../client/directory';
import { MAX_DND_ALLOW } from '../../client/notifications';
import { foldQuery, matchName } from '../../client/switcher';
import type { User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { CloseIcon, PlusIcon } from '../../shared/icons';
import { PeoplePicker } from '../../shared/PeoplePicker';
import { useT } from '../../i18n';

export function DndAllowList({ allow }: { allow: readonly string[] }) {
  const t = useT();
  const listLabel = t('notifications.dnd.allowTitle');
  const store = useChatStore();
  const users = useUsers();
  const meId = useSession((s) => s.user?.id ?? '');
  const [picking, setPicking] = useState(false);
  const headingId = useId();
  const descriptionId = useId();
  const pickerId = useId();
  const exclude = useMemo(() => new Set([meId]), [meId]);
  const people = useMemo(() => allow.map((id): User => users[id] ?? { id, name: '', email: '' } as User), [allow, users]);

  // The people known here, searched as the directory is (a word of the name starting with what is typed).
  const fetchPage: FetchDirectoryPage = useCallback(
    async (q) => {
      const wanted = foldQuery(q);
      const known = Object.values(store.slices.users.get())
        .filter((u) => u.name && (wanted === '' || matchName(u.name, wanted) !== null))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { users: known, nextCursor: null };
    },
    [store],
  );

  const pick = (next: readonly User[]) => store.notifications.setDndAllow(next.slice(0, MAX_DND_ALLOW).map((u) => u.id));

  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col gap-2" data-testid="dnd-allow">
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">
          <h4 id={headingId} className="text-sm font-semibold">
            {listLabel}
            <span className="font-normal text-muted"> ({people.length})</span>
          </h4>
          <p id={descriptionId} className="text-sm text-muted">
            {t('notifications.dnd.allowHint')}
          </p>
        </div>
        <button
          type="button"
          aria-expanded={picking}
          aria-controls={picking ? pickerId : undefined}
          aria-label={picking ? t('account.list.doneAdding', { list: listLabel }) : t('account.list.addTo', { list: listLabel })}
          onClick={() => setPicking((p) => !p)}
          className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-xl bg-panel-2 px-3 text-sm font-medium text-accent hover:bg-hover"
        >
          {picking ? (
            t('account.list.done')
          ) : (
            <>
              <PlusIcon size={16} />
              {t('account.list.addPeople')}
            </>
          )}
        </button>
      </div>
      {people.length > 0 ? (
        <ul className="flex flex-col" aria-label={listLabel}>
          {people.map((u) => (
            <li key={u.id} className="flex min-h-11 items-center gap-3 rounded-xl py-1 ps-1">
              <Avatar id={u.id} name={u.name || '?'} size="sm" />
              <span className="min-w-0 flex-1 truncate text-[15px]" dir="auto">{u.name || t('account.unknownPerson')}</span>
              <button
                type="button"
                onClick={() => store.notifications.setDndAllow(allow.filter((id) => id !== u.id))}
                aria-label={t('account.list.remove', { name: u.name || t('account.thisPerson'), list: listLabel })}
                title={t('common.remove')}
                className="inline-flex size-10 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
              >
                <CloseIcon size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted italic">{t('notifications.dnd.allowNobody')}</p>
      )}
      {picking && (
        <div id={pickerId} className="rounded-xl border border-line p-2">
          <PeoplePicker
            fetchPage={fetchPage}
            selected={people}
            onChange={pick}
            exclude={exclude}
            showChosen={false}
            label={t('account.list.search', { list: listLabel })}
            emptyText={t('account.list.nobodyElse')}
          />
        </div>
      )}
    </section>
  );
}
