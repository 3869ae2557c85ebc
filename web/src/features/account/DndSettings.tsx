// Do not disturb in the Notifications dialog: the switch (for 30 minutes, 1 hour, 8 hours, until
// tomorrow 8:00 in the user's time zone, or until turned off; changing the choice while it is on
// starts it again from now), what is in force ("On until 14:30", also when the quiet hours made
// it), the quiet hours, the time zone, and the people whose mentions still come through. Each
// change is saved at once for all the user's devices.
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { dndActiveUntil, dndDurations, dndUntilText } from '../../client/dnd';
import type { NotificationSettings } from '../../client/notifications-wire';
import { MoonIcon } from '../../shared/icons';
import { Switch } from '../../shared/Switch';
import { useNow } from '../../shared/useNow';
import { DndAllowList } from './DndAllowList';
import { QuietHoursSettings } from './QuietHoursSettings';
import { TimeZoneField } from './TimeZoneField';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

export function DndSettings({ settings }: { settings: NotificationSettings }) {
  const t = useT();
  const store = useChatStore();
  const now = useNow(15000).getTime();
  const [choice, setChoice] = useState('1h');
  const headingId = useId();
  const durationId = useId();
  // The zone "tomorrow 8:00" is in: this device's when it goes with the change.
  const zone = store.notifications.pendingTimeZone() ?? settings.timeZone;
  const durations = dndDurations(zone, now);
  /** When the choice `id` ends, counted from the moment it is made. */
  const untilOf = (id: string) => {
    const from = dndDurations(zone, Date.now());
    return (from.find((d) => d.id === id) ?? from[1]!).until;
  };
  const manual = settings.dnd.until !== null && settings.dnd.until > now;
  const inForce = dndActiveUntil(settings, now);
  const status =
    inForce === null
      ? t('notifications.dnd.off')
      : t(manual ? 'notifications.dnd.onUntil' : 'notifications.dnd.onUntilQuiet', { until: dndUntilText(inForce, now, settings.timeZone) });

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3" data-testid="dnd-settings">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('notifications.dnd.title')}
      </h3>
      <Switch
        label={t('notifications.dnd.title')}
        description={t('notifications.dnd.hint')}
        checked={manual}
        onChange={(on) => store.notifications.setDndUntil(on ? untilOf(choice) : null)}
        testId="dnd-switch"
      />
      <fieldset className="flex flex-col gap-1" aria-describedby={durationId}>
        <legend className="text-sm font-medium">{t('notifications.dnd.howLong')}</legend>
        <p id={durationId} className="sr-only">
          {t('notifications.dnd.howLongHint')}
        </p>
        <div className="flex flex-wrap gap-x-4">
          {durations.map((d) => (
            <label key={d.id} className="inline-flex min-h-11 cursor-pointer items-center gap-2 text-[15px]">
              <input
                type="radio"
                name={durationId}
                value={d.id}
                checked={choice === d.id}
                onChange={() => {
                  setChoice(d.id);
                  if (manual) store.notifications.setDndUntil(untilOf(d.id));
                }}
                className="size-4 accent-(--p-accent)"
              />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <p role="status" className={`flex items-center gap-1.5 text-sm ${inForce === null ? 'text-muted' : 'font-medium'}`} data-testid="dnd-status">
        {inForce !== null && <MoonIcon size={16} className="shrink-0 text-accent" />}
        {status}
      </p>
      <QuietHoursSettings schedule={settings.dnd.schedule} timeZone={zone} />
      <TimeZoneField value={settings.timeZone} device={store.notifications.deviceTimeZone()} />
      <DndAllowList allow={settings.dnd.allow} />
    </section>
  );
}
