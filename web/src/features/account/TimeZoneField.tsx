// The time zone of Do not disturb's times in the Notifications dialog: a box that searches the
// zones this browser knows (a list to pick from as one types), saved once it names one. While the
// server still has the default (UTC) and the user chose none, this device's zone shows, to be
// saved with their next change, or at once with "Use …"; a zone other than the device's offers
// the device's.
import { useEffect, useId, useMemo, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { timeZones } from '../../client/dnd';
import { useT } from '../../i18n';

export function TimeZoneField({ value, device }: { value: string; device: string }) {
  const t = useT();
  const store = useChatStore();
  const pending = store.notifications.pendingTimeZone();
  const shown = pending ?? value;
  const [text, setText] = useState(shown);
  const [touched, setTouched] = useState(false);
  const zones = useMemo(() => timeZones(value), [value]);
  const inputId = useId();
  const listId = useId();
  const noteId = useId();

  useEffect(() => setText(shown), [shown]);

  const unknown = touched && !zones.includes(text);
  return (
    <div className="flex flex-col gap-1" data-testid="time-zone">
      <label htmlFor={inputId} className="text-sm font-medium">
        {t('notifications.zone.title')}
      </label>
      <input
        id={inputId}
        list={listId}
        value={text}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          setTouched(false);
          if (zones.includes(v) && v !== value) store.notifications.setTimeZone(v);
        }}
        onBlur={() => setTouched(true)}
        onFocus={(e) => e.target.select()}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={unknown}
        aria-describedby={noteId}
        className="h-11 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
        data-testid="time-zone-input"
      />
      <datalist id={listId}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div id={noteId} className="flex flex-wrap items-center gap-x-2 text-sm text-muted">
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
      </div>
    </div>
  );
}
