// The schedule dialog's repeat choices: Never, Daily, Weekdays, Weekly on the start's weekday,
// Monthly on its day, on its weekday's place in the month or on the last such weekday (and on
// the last day when it is one), Yearly, Custom (every N days, weeks, months or years; weeks on
// the days ticked), or a rule the others cannot say kept as it was; and, when it repeats, how
// it ends: never, after a number of times, or on a date.
import { useId } from 'react';

import { dayNames } from '../../client/dnd';
import { FREQS, MAX_COUNT, MAX_INTERVAL, repeatLabel, type EndKind, type RepeatForm, type RepeatKind } from '../../client/rrule';
import { useT } from '../../i18n';

/** Monday first. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

const FIELD = 'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15 disabled:opacity-60';

interface Props {
  form: RepeatForm;
  /** The choices that fit the start date. */
  kinds: readonly RepeatKind[];
  /** The start date (labels such as "Weekly on Tuesday"); null while it is not a date. */
  date: { year: number; month: number; day: number } | null;
  /** The first day the end may be ("YYYY-MM-DD"). */
  minEnd: string;
  onChange: (form: RepeatForm) => void;
  /** What is wrong with the custom interval or the end, if anything. */
  problem: string | null;
}

export function RepeatFields({ form, kinds, date, minEnd, onChange, problem }: Props) {
  const t = useT();
  const ids = { repeat: useId(), every: useId(), unit: useId(), end: useId(), count: useId(), until: useId(), problem: useId() };
  const names = dayNames('long');
  const short = dayNames('short');
  const labelDate = date ?? { year: 2000, month: 1, day: 3 };
  const set = (patch: Partial<RepeatForm>) => onChange({ ...form, ...patch });
  const listed = form.kind === 'keep' ? [...kinds, 'keep' as const] : kinds;
  const repeats = form.kind !== 'never' && form.kind !== 'keep';
  const describedBy = problem ? ids.problem : undefined;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.repeat} className="text-sm font-medium">
          {t('scheduled.field.repeat')}
        </label>
        <select
          id={ids.repeat}
          value={form.kind}
          onChange={(e) => set({ kind: e.target.value as RepeatKind })}
          className={FIELD}
          data-testid="schedule-repeat"
        >
          {listed.map((k) => (
            <option key={k} value={k}>
              {repeatLabel(k, labelDate, form.keep)}
            </option>
          ))}
        </select>
      </div>

      {form.kind === 'custom' && (
        <div className="flex flex-col gap-2 rounded-xl border border-line p-3" data-testid="schedule-custom">
          <div className="flex items-center gap-2">
            <label htmlFor={ids.every} className="text-sm font-medium">
              {t('scheduled.custom.every')}
            </label>
            <input
              id={ids.every}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_INTERVAL}
              value={Number.isFinite(form.interval) ? form.interval : ''}
              onChange={(e) => set({ interval: e.target.valueAsNumber })}
              aria-describedby={describedBy}
              className={`${FIELD} w-20`}
              data-testid="schedule-interval"
            />
            <label htmlFor={ids.unit} className="sr-only">
              {t('scheduled.custom.unit')}
            </label>
            <select id={ids.unit} value={form.unit} onChange={(e) => set({ unit: e.target.value as RepeatForm['unit'] })} className={`${FIELD} flex-1`} data-testid="schedule-unit">
              {FREQS.map((f) => (
                <option key={f} value={f}>
                  {t(`scheduled.unit.${f}`, { count: Number.isFinite(form.interval) ? form.interval : 1 })}
                </option>
              ))}
            </select>
          </div>
          {form.unit === 'WEEKLY' && (
            <fieldset className="flex flex-col gap-1">
              <legend className="mb-1 text-sm font-medium">{t('scheduled.custom.days')}</legend>
              <div className="flex flex-wrap gap-1.5">
                {WEEK.map((d) => {
                  const on = form.weekdays.includes(d);
                  return (
                    <label key={d} className="relative">
                      <input
                        type="checkbox"
                        checked={on}
                        onChange={() => set({ weekdays: on ? form.weekdays.filter((x) => x !== d) : [...form.weekdays, d] })}
                        aria-label={names[d]}
                        className="peer absolute inset-0 size-full cursor-pointer opacity-0"
                        data-testid={`schedule-day-${d}`}
                      />
                      <span
                        aria-hidden="true"
                        className={`inline-flex size-11 items-center justify-center rounded-full border text-sm font-medium peer-focus-visible:ring-3 peer-focus-visible:ring-accent/40 md:size-10 ${
                          on ? 'border-accent bg-accent text-on-accent' : 'border-line bg-panel-2 text-fg'
                        }`}
                      >
                        {short[d]}
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          )}
        </div>
      )}

      {repeats && (
        <fieldset className="flex flex-col gap-1" data-testid="schedule-end">
          <legend className="mb-1 text-sm font-medium">{t('scheduled.end.title')}</legend>
          {(['never', 'count', 'until'] as const).map((end: EndKind) => (
            <div key={end} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <label className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-1 hover:bg-hover">
                <input
                  type="radio"
                  name={ids.end}
                  value={end}
                  checked={form.end === end}
                  onChange={() => set({ end, ...(end === 'until' && form.untilDate === '' ? { untilDate: minEnd } : {}) })}
                  className="size-5 shrink-0 accent-(--p-accent)"
                  data-testid={`schedule-end-${end}`}
                />
                <span className="text-[15px]">{t(end === 'never' ? 'scheduled.end.never' : end === 'count' ? 'scheduled.end.count' : 'scheduled.end.until')}</span>
              </label>
              {end === 'count' && form.end === 'count' && (
                <span className="flex items-center gap-2 ps-9">
                  <label htmlFor={ids.count} className="sr-only">
                    {t('scheduled.end.countField')}
                  </label>
                  <input
                    id={ids.count}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_COUNT}
                    value={Number.isFinite(form.count) ? form.count : ''}
                    onChange={(e) => set({ count: e.target.valueAsNumber })}
                    aria-describedby={describedBy}
                    className={`${FIELD} w-24`}
                    data-testid="schedule-count"
                  />
                </span>
              )}
              {end === 'until' && form.end === 'until' && (
                <span className="flex items-center gap-2 ps-9">
                  <label htmlFor={ids.until} className="sr-only">
                    {t('scheduled.end.untilField')}
                  </label>
                  <input
                    id={ids.until}
                    type="date"
                    min={minEnd}
                    value={form.untilDate}
                    onChange={(e) => set({ untilDate: e.target.value })}
                    aria-describedby={describedBy}
                    className={FIELD}
                    data-testid="schedule-until"
                  />
                </span>
              )}
            </div>
          ))}
        </fieldset>
      )}
      {problem && (
        <p id={ids.problem} className="text-sm text-danger" data-testid="schedule-repeat-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
