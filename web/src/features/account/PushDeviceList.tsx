// "Devices that get push notifications" in the Notifications dialog: the user's devices as the
// server lists them (loaded when the dialog opens), each with its name, when it was added (in
// the viewer's locale) and a Remove button; this browser's entry is marked "This device", and
// removing it turns this device's notifications off as its switch does (`onThisDeviceRemoved`).
// Loading and each removal are said politely; a failure says the server's words with a retry,
// and the rest of the dialog works on. The list's rules are in client/push-devices.ts.
import { useEffect, useId, useRef, useState } from 'react';

import { useChatStore, usePushDevices } from '../../app/store-context';
import { deviceName, isThisDevice } from '../../client/push-devices';
import type { PushDevice } from '../../client/notifications-wire';
import { formatDate } from '../../shared/format';
import { t as translate, useT } from '../../i18n';

const retryButton = 'h-11 shrink-0 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover';

export function PushDeviceList({ onThisDeviceRemoved }: { onThisDeviceRemoved: () => void }) {
  const t = useT();
  const store = useChatStore();
  const view = usePushDevices();
  const headingId = useId();
  const descriptionId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [said, setSaid] = useState('');

  useEffect(() => {
    void store.push.devices.load();
  }, [store]);

  const remove = async (device: PushDevice) => {
    setSaid('');
    const outcome = await store.push.devices.remove(device.id);
    if (outcome === 'failed') return;
    if (outcome === 'this device') onThisDeviceRemoved();
    setSaid(translate('notifications.devices.removed', { name: deviceName(device) }));
    // Its button is gone: focus goes to the list's heading rather than to the page.
    heading.current?.focus();
  };

  const { devices, loading, loadError, removing, removeError } = view;
  const status = loading && devices === null ? t('notifications.devices.loading') : said;
  const failed = removeError ? devices?.find((d) => d.id === removeError.id) : undefined;

  return (
    <section aria-labelledby={headingId} aria-describedby={descriptionId} className="flex flex-col" data-testid="push-devices">
      <h4 id={headingId} ref={heading} tabIndex={-1} className="text-[15px] font-medium focus:outline-none">
        {t('notifications.devices.title')}
      </h4>
      <p id={descriptionId} className="mt-0.5 text-sm text-muted">
        {t('notifications.devices.hint')}
      </p>
      <p role="status" className={status ? 'mt-2 text-sm text-muted' : ''} data-testid="push-devices-status">
        {status}
      </p>
      {devices && devices.length > 0 && (
        <ul aria-labelledby={headingId} className="mt-2 flex flex-col divide-y divide-line rounded-xl border border-line">
          {devices.map((d) => {
            const name = deviceName(d);
            const mine = isThisDevice(view, d);
            const busy = removing.includes(d.id);
            const added = formatDate(d.createdAt);
            return (
              <li key={d.id} className="flex min-h-14 items-center gap-3 py-1 pe-1 ps-3" data-testid="push-device">
                <div className="min-w-0 flex-1">
                  <p className="flex min-w-0 items-center gap-2">
                    <span className="truncate text-[15px]" title={name}>
                      {name}
                    </span>
                    {mine && (
                      <span className="shrink-0 rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">{t('notifications.thisDevice')}</span>
                    )}
                  </p>
                  {added && <p className="text-xs text-muted">{t('notifications.devices.added', { date: added })}</p>}
                </div>
                <button
                  type="button"
                  aria-label={t(mine ? 'notifications.devices.removeThis' : 'notifications.devices.remove', { name })}
                  aria-disabled={busy || undefined}
                  onClick={() => {
                    if (!busy) void remove(d);
                  }}
                  className="h-11 min-w-11 shrink-0 rounded-xl px-3 text-sm font-medium text-danger hover:bg-danger-soft aria-disabled:cursor-default aria-disabled:text-muted aria-disabled:hover:bg-transparent"
                >
                  {busy ? t('notifications.devices.removing') : t('common.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {devices?.length === 0 && <p className="mt-2 text-sm text-muted italic">{t('notifications.devices.none')}</p>}
      {loadError && (
        <div role="alert" className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
          <p className="min-w-0 flex-1 text-danger">{t('notifications.devices.loadFailed', { error: loadError })}</p>
          <button type="button" onClick={() => void store.push.devices.load()} className={retryButton}>
            {t('account.tryAgain')}
          </button>
        </div>
      )}
      {removeError && failed && (
        <div role="alert" className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
          <p className="min-w-0 flex-1 text-danger">
            {t('notifications.devices.removeFailed', { name: removeError.label, error: removeError.message })}
          </p>
          <button type="button" onClick={() => void remove(failed)} aria-label={t('notifications.devices.retryRemove', { name: removeError.label })} className={retryButton}>
            {t('account.tryAgain')}
          </button>
        </div>
      )}
    </section>
  );
}
