// The listbox the message box's suggestion lists share (MentionList.tsx, TemplateList.tsx; the
// keys are useSuggestionList.ts's): one option per suggestion, the active one marked and kept in
// view, a hover making an option active. A press does not take the focus from the box (the pick
// happens on the click), so a tap picks on touch screens too. Each list says what an option shows.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props<O> {
  id: string;
  label: string;
  testId: string;
  /** The list's height limit, as Tailwind classes (written out in full where they are used). */
  heightClass: string;
  /** An option's layout, as Tailwind classes. */
  optionClass: string;
  options: readonly O[];
  active: number;
  optionId: (index: number) => string;
  /** An option's React key, also set as its `keyAttribute` (a data attribute tests find it by). */
  optionKey: (option: O) => string;
  keyAttribute: `data-${string}`;
  renderOption: (option: O) => ReactNode;
  onPick: (option: O) => void;
  onActive: (index: number) => void;
}

export function SuggestionList<O>({
  id,
  label,
  testId,
  heightClass,
  optionClass,
  options,
  active,
  optionId,
  optionKey,
  keyAttribute,
  renderOption,
  onPick,
  onActive,
}: Props<O>) {
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, optionId]);

  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label={label}
      data-testid={testId}
      className={`scrollbar-thin absolute inset-x-0 bottom-full z-20 mb-2 ${heightClass} overflow-y-auto rounded-2xl border border-line bg-panel p-1 shadow-lg`}
    >
      {options.map((option, i) => {
        const selected = i === active;
        const key = optionKey(option);
        return (
          <li
            key={key}
            id={optionId(i)}
            role="option"
            aria-selected={selected}
            {...{ [keyAttribute]: key }}
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => {
              if (!selected) onActive(i);
            }}
            onClick={() => onPick(option)}
            className={`flex min-h-11 cursor-pointer ${optionClass} rounded-xl py-1.5 ${selected ? 'bg-active' : 'hover:bg-hover'}`}
          >
            {renderOption(option)}
          </li>
        );
      })}
    </ul>
  );
}
