// The "@" suggestions above the message box (useMentionPicker.ts has the keys and the rules):
// a listbox of the people, each with their avatar and name, and "@all — Everyone in this group"
// where the user may use it; the active one marked and kept in view. A press does not take the
// focus from the box (the pick happens on the click), so a tap picks on touch screens too.
import { useEffect, useRef } from 'react';

import type { MentionOption } from '../../client/mentions';
import { Avatar } from '../../shared/Avatar';
import { AtIcon } from '../../shared/icons';
import { useT } from '../../i18n';

interface Props {
  id: string;
  options: readonly MentionOption[];
  active: number;
  optionId: (index: number) => string;
  onPick: (option: MentionOption) => void;
  onActive: (index: number) => void;
}

export function MentionList({ id, options, active, optionId, onPick, onActive }: Props) {
  const t = useT();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, optionId]);

  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label={t('chat.mention.people')}
      data-testid="mention-list"
      className="scrollbar-thin absolute inset-x-0 bottom-full z-20 mb-2 max-h-[min(18rem,40dvh)] overflow-y-auto rounded-2xl border border-line bg-panel p-1 shadow-lg"
    >
      {options.map((option, i) => {
        const selected = i === active;
        const key = option.kind === 'all' ? 'all' : option.person.id;
        return (
          <li
            key={key}
            id={optionId(i)}
            role="option"
            aria-selected={selected}
            data-mention={key}
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => {
              if (!selected) onActive(i);
            }}
            onClick={() => onPick(option)}
            className={`flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-2.5 py-1.5 ${selected ? 'bg-active' : 'hover:bg-hover'}`}
          >
            {option.kind === 'all' ? (
              <>
                <span className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-accent-soft text-accent" aria-hidden="true">
                  <AtIcon size={16} />
                </span>
                <span className="min-w-0 truncate">
                  <span className="font-medium">@all</span>
                  <span className="text-muted"> {t('chat.mention.all')}</span>
                </span>
              </>
            ) : (
              <>
                <Avatar id={option.person.id} name={option.person.name} size="sm" />
                <span className="min-w-0 truncate font-medium" dir="auto">{option.person.name}</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
