// The "/" list of templates above the message box (useTemplatePicker.ts has the keys and the
// rules; SuggestionList.tsx the listbox): the templates matching what follows the "/", each with
// its title, its "/shortcut", a "Group" mark for the group's canned responses, and the start of
// its text as it would be inserted.
import { expandTemplate, type TemplateVars } from '../../client/templates';
import type { Template } from '../../client/templates-wire';
import { useT } from '../../i18n';
import { SuggestionList } from './SuggestionList';

interface Props {
  id: string;
  options: readonly Template[];
  active: number;
  vars: TemplateVars;
  optionId: (index: number) => string;
  onPick: (tpl: Template) => void;
  onActive: (index: number) => void;
}

export function TemplateList({ id, options, active, vars, optionId, onPick, onActive }: Props) {
  const t = useT();
  return (
    <SuggestionList
      id={id}
      label={t('templates.picker.label')}
      testId="template-picker"
      heightClass="max-h-[min(20rem,45dvh)]"
      optionClass="flex-col justify-center px-3"
      options={options}
      active={active}
      optionId={optionId}
      optionKey={(tpl) => tpl.id}
      keyAttribute="data-template-id"
      onPick={onPick}
      onActive={onActive}
      renderOption={(tpl) => (
        <>
          <span className="flex min-w-0 items-center gap-2">
            <span className="min-w-0 truncate font-medium" dir="auto">
              {tpl.title}
            </span>
            {tpl.shortcut && <span className="shrink-0 font-mono text-xs text-accent">{`/${tpl.shortcut}`}</span>}
            {tpl.chatId !== null && (
              <span className="ms-auto shrink-0 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-semibold text-accent">{t('templates.picker.group')}</span>
            )}
          </span>
          <span className="truncate text-sm text-muted" dir="auto">
            {expandTemplate(tpl.content, vars).replace(/\s+/g, ' ')}
          </span>
        </>
      )}
    />
  );
}
