// Do not disturb's quiet hours in the Notifications dialog: on or off, from and to (a time each;
// "to" earlier than "from" runs into the next day), and the days they start on as toggle
// buttons (Sun to Sat, the whole name as their tooltip). A change is saved at once once it can hold; one that cannot
// (the same time twice, no day) says why and waits. Times are in the user's time zone.
import { useEffect, useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { dayNames, parseHm, quietHoursProblem } from '../../client/dnd';
import type { QuietHours } from '../../client/notifications-wire';
import { Switch } from '../../shared/Switch';
import { useT } from '../../i18n';

const timeInput =
  'h-11 w-full rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

export function QuietHoursSettings({ schedule, timeZone }: { schedule: QuietHours; timeZone: string }) {
  const t = useT();
  const store = useChatStore();
  const [start, setStart] = useState(schedule.start);
  const [end, setEnd] = useState(schedule.end);
  const [days, setDays] = useState<readonly number[]>(schedule.days);
  const fromId = useId();
  const toId = useId();
  const daysId = useId();
  const problemId = useId();

  // What the server has (another device's change, a refusal put back) comes into the fields.
  const daysKey = schedule.days.join(',');
  useEffect(() => {
    setStart(schedule.start);
    setEnd(schedule.end);
    setDays(daysKey === '' ? [] : daysKey.split(',').map(Number));
  }, [schedule.start, schedule.end, daysKey]);

  const problem = quietHoursProblem(start, end, days);

  const save = (next: Partial<QuietHours>) => {
    const s: QuietHours = { enabled: schedule.enabled, start, end, days: [...days], ...next };
    if (quietHoursProblem(s.start, s.end, s.days) !== null) return;
    const same = s.enabled === schedule.enabled && s.start === schedule.start && s.end === schedule.end && s.days.join(',') === daysKey;
    if (!same) store.notifications.setQuietHours(s);
  };

  const overnight = (parseHm(end) ?? 0) < (parseHm(start) ?? 0);
  return (
    <div className="flex flex-col gap-3" data-testid="quiet-hours">
      <Switch
        label={t('notifications.quiet.title')}
        description={t('notifications.quiet.hint', { zone: timeZone })}
        checked={schedule.enabled}
        onChange={(on) => save({ enabled: on })}
        testId="quiet-hours-switch"
      />
      <div className="grid grid-cols-2 gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={fromId} className="text-sm font-medium">
            {t('notifications.quiet.from')}
          </label>
          <input
            id={fromId}
            type="time"
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              save({ start: e.target.value });
            }}
            aria-describedby={problem ? problemId : undefined}
            className={timeInput}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={toId} className="text-sm font-medium">
            {overnight ? t('notifications.quiet.toNextDay') : t('notifications.quiet.to')}
          </label>
          <input
            id={toId}
            type="time"
            value={end}
            onChange={(e) => {
              setEnd(e.target.value);
              save({ end: e.target.value });
            }}
            aria-describedby={problem ? problemId : undefined}
            className={timeInput}
          />
        </div>
      </div>
      <div role="group" aria-labelledby={daysId} className="flex flex-col gap-1">
        <p id={daysId} className="text-sm font-medium">
          {t('notifications.quiet.days')}
        </p>
        <div className="flex flex-wrap gap-1.5">
          {dayNames().map((name, day) => {
            const on = days.includes(day);
            return (
              <button
                key={name}
                type="button"
                aria-pressed={on}
                title={name}
                onClick={() => {
                  const next = on ? days.filter((d) => d !== day) : [...days, day].sort();
                  setDays(next);
                  save({ days: next });
                }}
                className={`inline-flex h-10 min-w-11 items-center justify-center rounded-full border px-2 text-sm font-medium ${
                  on ? 'border-accent bg-accent text-on-accent' : 'border-line bg-panel-2 text-fg hover:bg-hover'
                }`}
              >
                {dayNames('short')[day]}
              </button>
            );
          })}
        </div>
      </div>
      {problem && (
        <p id={problemId} role="alert" className="text-sm text-danger" data-testid="quiet-hours-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
