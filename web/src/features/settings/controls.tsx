// The settings page's controls: a radio group drawn as cards (a fieldset with its legend; each
// choice a native radio, so arrow keys move and screen readers say "3 of 5", with its label, an
// optional line and an optional picture; the chosen one marked by a ring and a check, not by
// colour alone), a labelled slider that says its value, a colour field (the browser's picker
// with its hex code written beside it), and the heading of a part of a section.
import { useId, type ReactNode } from 'react';

import { CheckIcon } from '../../shared/icons';

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint?: string;
  /** A picture of the choice (decorative: the label names it). */
  picture?: ReactNode;
  /** The label's language, when not the page's (a language named in itself). */
  lang?: string;
}

const CARD =
  'relative flex cursor-pointer rounded-xl border border-line bg-panel text-left transition-colors hover:bg-hover has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--p-focus)';

export function ChoiceCards<V extends string>({
  legend,
  help,
  value,
  choices,
  onChange,
  columns = 'grid-cols-2 sm:grid-cols-3',
  layout = 'column',
  testId,
  hideLegend = false,
}: {
  legend: string;
  help?: string;
  value: V;
  choices: readonly Choice<V>[];
  onChange: (value: V) => void;
  /** The grid's column classes. */
  columns?: string;
  /** 'column': picture above the label; 'row': beside it. */
  layout?: 'column' | 'row';
  testId?: string;
  hideLegend?: boolean;
}) {
  const name = useId();
  const helpId = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={help ? helpId : undefined} data-testid={testId}>
      <legend className={hideLegend ? 'sr-only' : 'mb-1 text-[15px] font-semibold'}>{legend}</legend>
      {help && (
        <p id={helpId} className="-mt-1 mb-1 text-sm text-muted">
          {help}
        </p>
      )}
      <div className={`grid gap-2 ${columns}`}>
        {choices.map((c) => (
          <label
            key={c.value}
            className={`${CARD} ${layout === 'column' ? 'flex-col gap-1.5 p-2' : 'min-h-11 items-center gap-3 px-3 py-2'}`}
            data-value={c.value}
          >
            <input
              type="radio"
              name={name}
              value={c.value}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
              className="sr-only"
            />
            {c.picture}
            <span className="flex min-w-0 flex-1 items-start gap-1.5">
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-medium" lang={c.lang}>
                  {c.label}
                </span>
                {c.hint && <span className="block text-xs text-muted">{c.hint}</span>}
              </span>
              <span
                aria-hidden="true"
                className={`inline-flex size-5 shrink-0 items-center justify-center rounded-full ${value === c.value ? 'bg-accent text-on-accent' : 'border border-line'}`}
              >
                {value === c.value && <CheckIcon size={14} strokeWidth={2.6} />}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A slider with its label and value ("6 px"); `onChange` hears every step. */
export function Slider({
  label,
  value,
  min,
  max,
  step = 1,
  valueText,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  valueText: string;
  onChange: (value: number) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <output htmlFor={id} className="text-sm text-muted tabular-nums">
          {valueText}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={valueText}
        onChange={(e) => onChange(Number(e.target.value))}
        className="h-11 w-full accent-(--p-accent)"
        data-testid={testId}
      />
    </div>
  );
}

/** A colour with its label: the browser's picker, and the hex code beside it. */
export function ColourField({ label, value, onChange, testId }: { label: string; value: string; onChange: (hex: string) => void; testId?: string }) {
  const id = useId();
  return (
    <div className="flex min-h-11 items-center gap-3">
      <input
        id={id}
        type="color"
        value={value}
        onChange={(e) => onChange(e.target.value.toLowerCase())}
        className="size-11 shrink-0 cursor-pointer rounded-lg border border-line bg-panel p-1"
        data-testid={testId}
      />
      <label htmlFor={id} className="min-w-0 flex-1 text-sm font-medium">
        {label}
        <span className="block font-mono text-xs font-normal text-muted">{value}</span>
      </label>
    </div>
  );
}

/** The heading of a part of a section, with a line above it unless it is the first. */
export function PartTitle({ children, first = false, id }: { children: ReactNode; first?: boolean; id?: string }) {
  return (
    <h3 id={id} className={`text-xs font-semibold tracking-wide text-muted uppercase ${first ? '' : 'border-t border-line pt-5'}`}>
      {children}
    </h3>
  );
}
