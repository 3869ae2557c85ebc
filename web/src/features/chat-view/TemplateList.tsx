// The "/" list of templates above the message box (useTemplatePicker.ts has the keys and the
// rules): a listbox of the templates matching what follows the "/", each with its title, its
// "/shortcut", a "Group" mark for the group's canned responses, and the start of its text as it
// would be inserted; the active one marked and kept in view. A press does not take the focus
// from the box (the insertion happens on the click), so a tap inserts on touch screens too.
import { useEffect, useRef } from 'react';

import { expandTemplate, type TemplateVars } from '../../client/templates';
import type { Template } from '../../client/templates-wire';
import { useT } from '../../i18n';

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
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, optionId]);

  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label={t('templates.picker.label')}
      data-testid="template-picker"
      className="scrollbar-thin absolute inset-x-0 bottom-full z-20 mb-2 max-h-[min(20rem,45dvh)] overflow-y-auto rounded-2xl border border-line bg-panel p-1 shadow-lg"
    >
      {options.map((tpl, i) => {
        const selected = i === active;
        return (
          <li
            key={tpl.id}
            id={optionId(i)}
            role="option"
            aria-selected={selected}
            data-template-id={tpl.id}
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => {
              if (!selected) onActive(i);
            }}
            onClick={() => onPick(tpl)}
            className={`flex min-h-11 cursor-pointer flex-col justify-center rounded-xl px-3 py-1.5 ${selected ? 'bg-active' : 'hover:bg-hover'}`}
          >
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
          </li>
        );
      })}
    </ul>
  );
}
