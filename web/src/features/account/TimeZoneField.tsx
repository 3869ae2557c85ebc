// The time zone of Do not disturb's times in the Notifications dialog (shared/TimeZoneBox.tsx, as
// the schedule dialog's zone field): saved once what is typed names a zone. While the server
// still has the default (UTC) and the user chose none, this device's zone shows, to be saved with
// their next change, or at once with "Use …"; a zone other than the device's offers the device's.
import { useMemo } from 'react';

import { useChatStore } from '../../app/store-context';
import { timeZones } from '../../client/dnd';
import { TimeZoneBox } from '../../shared/TimeZoneBox';
import { useT } from '../../i18n';

export function TimeZoneField({ value, device }: { value: string; device: string }) {
  const t = useT();
  const store = useChatStore();
  const pending = store.notifications.pendingTimeZone();
  const zones = useMemo(() => timeZones(value), [value]);
  return (
    <TimeZoneBox
      label={t('notifications.zone.title')}
      value={pending ?? value}
      zones={zones}
      onZone={(zone) => {
        if (zone !== value) store.notifications.setTimeZone(zone);
      }}
      testId="time-zone"
      inputTestId="time-zone-input"
      note={(unknown) => (
        <>
          {unknown ? (
            <span role="alert" className="text-danger">
              {t('notifications.zone.unknown')}
            </span>
          ) : pending ? (
            <span>{t('notifications.zone.pending')}</span>
          ) : null}
          {(pending || value !== device) && (
            <button
              type="button"
              onClick={() => store.notifications.setTimeZone(device)}
              className="min-h-9 rounded-lg px-1 font-medium text-accent hover:underline"
              data-testid="time-zone-use-device"
            >
              {t('notifications.zone.use', { zone: device })}
            </button>
          )}
        </>
      )}
    />
  );
}
