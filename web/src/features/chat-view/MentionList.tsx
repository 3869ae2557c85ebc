// The "@" suggestions above the message box (useMentionPicker.ts has the keys and the rules;
// SuggestionList.tsx the listbox): the people, each with their avatar and name, and "@all —
// Everyone in this group" where the user may use it.
import type { MentionOption } from '../../client/mentions';
import { Avatar } from '../../shared/Avatar';
import { AtIcon } from '../../shared/icons';
import { useT } from '../../i18n';
import { SuggestionList } from './SuggestionList';

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
  return (
    <SuggestionList
      id={id}
      label={t('chat.mention.people')}
      testId="mention-list"
      heightClass="max-h-[min(18rem,40dvh)]"
      optionClass="items-center gap-3 px-2.5"
      options={options}
      active={active}
      optionId={optionId}
      optionKey={(option) => (option.kind === 'all' ? 'all' : option.person.id)}
      keyAttribute="data-mention"
      onPick={onPick}
      onActive={onActive}
      renderOption={(option) =>
        option.kind === 'all' ? (
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
        )
      }
    />
  );
}
