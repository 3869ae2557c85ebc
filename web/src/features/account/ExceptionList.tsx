// One exception list of "Last seen & online" in the Privacy dialog ("Always share with",
// "Never share with"): the people in it, each with a button that takes them out, and "Add
// people", which opens the people picker (the server's directory, searched as one types) under
// it: checking a person adds them at once (out of the other list), unchecking takes them out.
import { useId, useMemo, useState } from 'react';

import { useChatStore, useSession } from '../../app/store-context';
import { LIST_LABELS, type ExceptionList as ListName } from '../../client/privacy';
import type { User } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { CloseIcon, PlusIcon } from '../../shared/icons';
import { PeoplePicker } from '../../shared/PeoplePicker';
import { useT } from '../../i18n';

interface Props {
  list: ListName;
  people: readonly User[];
  description: string;
}

export function ExceptionList({ list, people, description }: Props) {
  const t = useT();
  const store = useChatStore();
  const meId = useSession((s) => s.user?.id ?? '');
  const [picking, setPicking] = useState(false);
  const headingId = useId();
  const descriptionId = useId();
  const pickerId = useId();
  const label = LIST_LABELS[list];
  const exclude = useMemo(() => new Set([meId]), [meId]);

  const pick = (next: readonly User[]) => {
    const held = new Set(people.map((u) => u.id));
    const kept = new Set(next.map((u) => u.id));
    const added = next.filter((u) => !held.has(u.id));
    if (added.length > 0) store.privacy.addExceptions(list, added);
    for (const u of people) if (!kept.has(u.id)) store.privacy.removeException(list, u.id);
  };

  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col gap-2" data-testid={`privacy-${list}`}>
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">
          <h4 id={headingId} className="text-sm font-semibold">
            {label}
            <span className="font-normal text-muted"> ({people.length})</span>
          </h4>
          <p id={descriptionId} className="text-sm text-muted">
            {description}
          </p>
        </div>
        <button
          type="button"
          aria-expanded={picking}
          aria-controls={picking ? pickerId : undefined}
          aria-label={picking ? t('account.list.doneAdding', { list: label }) : t('account.list.addTo', { list: label })}
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
        <ul className="flex flex-col" aria-label={label}>
          {people.map((u) => (
            <li key={u.id} className="flex min-h-11 items-center gap-3 rounded-xl py-1 ps-1">
              <Avatar id={u.id} name={u.name} size="sm" />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-[15px]" dir="auto">{u.name || t('account.unknownPerson')}</span>
                {u.email && <span className="block truncate text-xs text-muted">{u.email}</span>}
              </span>
              <button
                type="button"
                onClick={() => store.privacy.removeException(list, u.id)}
                aria-label={t('account.list.remove', { name: u.name || t('account.thisPerson'), list: label })}
                title={t('common.remove')}
                className="inline-flex size-10 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
              >
                <CloseIcon size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted italic">{t('account.list.nobody')}</p>
      )}
      {picking && (
        <div id={pickerId} className="rounded-xl border border-line p-2">
          <PeoplePicker
            fetchPage={(q, cursor) => store.directoryPage(q, cursor)}
            selected={people}
            onChange={pick}
            exclude={exclude}
            showChosen={false}
            label={t('account.list.search', { list: label })}
            emptyText={t('account.list.nobodyElse')}
          />
        </div>
      )}
    </section>
  );
}
