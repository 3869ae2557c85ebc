// The schedule dialog's time zone (shared/TimeZoneBox.tsx, as the Notifications dialog's zone
// field): what is typed counts once it names a zone. A zone other than the person's own offers
// "Use your time zone (…)".
import { useMemo } from 'react';

import { timeZones } from '../../client/dnd';
import { TimeZoneBox } from '../../shared/TimeZoneBox';
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
  const zones = useMemo(() => timeZones(own), [own]);
  return (
    <TimeZoneBox
      id={id}
      label={t('scheduled.zone.title')}
      value={value}
      zones={zones}
      onZone={onChange}
      refused={Boolean(problem)}
      testId="schedule-zone"
      inputTestId="schedule-zone-input"
      note={(unknown, use) => {
        const shown = unknown ? t('scheduled.zone.unknown') : problem;
        return (
          <>
            {shown && <span className="text-danger">{shown}</span>}
            {value !== own && (
              <button
                type="button"
                onClick={() => use(own)}
                className="min-h-11 rounded-lg px-1 text-start font-medium text-accent hover:underline md:min-h-9"
                data-testid="schedule-zone-own"
              >
                {t('scheduled.zone.yours', { zone: own })}
              </button>
            )}
          </>
        );
      }}
    />
  );
}
