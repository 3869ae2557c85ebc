// The schedule dialog's time zone: a box that searches the zones this browser knows (a list to
// pick from as one types), as the Notifications dialog's zone field does; what is typed counts
// once it names a zone. A zone other than the person's own offers "Use your time zone (…)".
import { useEffect, useId, useMemo, useState } from 'react';

import { timeZones } from '../../client/dnd';
import { useT } from '../../i18n';

interface Props {
  value: string;
  /** The person's own zone (their notification settings'). */
  own: string;
  onChange: (zone: string) => void;
  /** Why the dialog refuses the zone, if it does (shown under the box). */
  problem?: string | null;
  id?: string;
}

export function ZoneField({ value, own, onChange, problem = null, id }: Props) {
  const t = useT();
  const [text, setText] = useState(value);
  const [touched, setTouched] = useState(false);
  const zones = useMemo(() => timeZones(own), [own]);
  const ownId = useId();
  const inputId = id ?? ownId;
  const listId = useId();
  const noteId = useId();

  useEffect(() => setText(value), [value]);

  const unknown = touched && !zones.includes(text);
  const shown = unknown ? t('scheduled.zone.unknown') : problem;
  return (
    <div className="flex flex-col gap-1" data-testid="schedule-zone">
      <label htmlFor={inputId} className="text-sm font-medium">
        {t('scheduled.zone.title')}
      </label>
      <input
        id={inputId}
        list={listId}
        value={text}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          setTouched(false);
          if (zones.includes(v)) onChange(v);
        }}
        onBlur={() => setTouched(true)}
        onFocus={(e) => e.target.select()}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={shown ? true : undefined}
        aria-describedby={noteId}
        className="h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
        data-testid="schedule-zone-input"
      />
      <datalist id={listId}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div id={noteId} className="flex flex-wrap items-center gap-x-2 text-sm text-muted">
        {shown && <span className="text-danger">{shown}</span>}
        {value !== own && (
          <button
            type="button"
            onClick={() => {
              setText(own);
              setTouched(false);
              onChange(own);
            }}
            className="min-h-11 rounded-lg px-1 text-start font-medium text-accent hover:underline md:min-h-9"
            data-testid="schedule-zone-own"
          >
            {t('scheduled.zone.yours', { zone: own })}
          </button>
        )}
      </div>
    </div>
  );
}
