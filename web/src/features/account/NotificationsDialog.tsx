// The Notifications dialog (from the account menu). For this device: whether it shows
// notifications of new messages (turning them on asks the browser's permission, then subscribes
// this browser to push where the browser and the server can, so they come also when Parley is
// closed; the dialog says when push is not available, and the in-page notifications work
// anyway). For all the user's devices, kept by the server: push notifications at all, whether
// they show the message's text, and the chime (this device keeps the last choice for when the
// server cannot be reached); and the devices that get push notifications, each removable
// (PushDeviceList.tsx), unless the server does not push; email digests of what stays unread,
// once the address is verified (EmailSettings.tsx); Do not disturb with its quiet hours,
// time zone and the people who can still reach the user (DndSettings.tsx), and keywords that
// notify like a mention (KeywordSettings.tsx). Each change of the server's settings is saved at
// once; the line at the bottom says "Saving…", "Saved." or why not.
import { useEffect, useState } from 'react';

import { useChatStore, useNotificationSettings, usePush } from '../../app/store-context';
import { desktopNotificationsOn, permission, setDesktopNotifications, setSound, soundOn } from '../../client/notification-setting';
import type { PushView } from '../../client/push-subscription';
import { Switch } from '../../shared/Switch';
import { DndSettings } from './DndSettings';
import { EmailSettings } from './EmailSettings';
import { KeywordSettings } from './KeywordSettings';
import { PushDeviceList } from './PushDeviceList';
import { SettingsFooter, SettingsFrame, SettingsLoading } from './SettingsStatus';
import { SECTION_TITLE, SECTION_TITLE_RULED } from './settings-style';
import { t as translate, useT } from '../../i18n';

function useDeviceSetting() {
  const store = useChatStore();
  const [state, setState] = useState(() => ({ on: desktopNotificationsOn(), permission: permission() }));
  return {
    ...state,
    set: async (on: boolean) => {
      const now = await setDesktopNotifications(on);
      setState({ on: on && now === 'granted', permission: now });
      if (on && now === 'granted') void store.push.enable();
      else if (!on) void store.push.disable();
    },
  };
}

/** What the dialog says of push on this device; null: nothing. */
function pushText(push: PushView, deviceOn: boolean): { text: string; tone: 'muted' | 'danger' } | null {
  const inPage = translate('notifications.inPage');
  switch (push.status) {
    case 'unsupported':
      return { text: `${translate('notifications.push.unsupported')} ${inPage}`, tone: 'muted' };
    case 'disabled':
      return { text: `${translate('notifications.push.disabled')} ${inPage}`, tone: 'muted' };
    case 'working':
      return deviceOn ? { text: translate('notifications.push.working'), tone: 'muted' } : null;
    case 'on':
      return deviceOn ? { text: translate('notifications.push.on'), tone: 'muted' } : null;
    case 'failed':
      return deviceOn
        ? { text: `${translate('notifications.push.failed', { error: push.error ?? translate('notifications.push.unknownError') })} ${inPage}`, tone: 'danger' }
        : null;
    default:
      return null;
  }
}

export function NotificationsDialog({ onClose, embedded = false }: { onClose: () => void; embedded?: boolean }) {
  const t = useT();
  const store = useChatStore();
  const device = useDeviceSetting();
  const view = useNotificationSettings();
  const push = usePush();
  const [localSound, setLocalSound] = useState(soundOn);
  const settings = view.settings;
  const blocked = device.permission === 'denied';
  const unsupported = device.permission === 'unsupported';
  const pushLine = pushText(push, device.on);

  useEffect(() => {
    void store.notifications.load();
    void store.push.check();
  }, [store]);

  return (
    <SettingsFrame embedded={embedded} title={t('notifications.title')} onClose={onClose} testId="notifications-dialog">
      <div className="scrollbar-thin flex max-h-[calc(100dvh-11rem)] flex-col gap-4 overflow-y-auto px-5 py-4">
        <h3 className={SECTION_TITLE}>{t('notifications.thisDevice')}</h3>
        <Switch
          label={t('notifications.device')}
          description={t('notifications.deviceHint')}
          checked={device.on}
          disabled={blocked || unsupported}
          onChange={(on) => void device.set(on)}
          testId="notifications-desktop"
        />
        {blocked && (
          <p role="status" className="text-sm text-danger">
            {t('notifications.blocked')}
          </p>
        )}
        {unsupported && (
          <p role="status" className="text-sm text-muted">
            {t('notifications.unsupported')}
          </p>
        )}
        <p role="status" className={`text-sm ${pushLine?.tone === 'danger' ? 'text-danger' : 'text-muted'}`} data-testid="notifications-push-status">
          {!blocked && !unsupported ? pushLine?.text : ''}
        </p>

        <h3 className={SECTION_TITLE_RULED}>{t('notifications.allDevices')}</h3>
        <Switch
          label={t('notifications.sound')}
          description={t('notifications.soundHint')}
          checked={settings?.sound ?? localSound}
          onChange={(on) => {
            setSound(on);
            setLocalSound(on);
            store.notifications.setSound(on);
          }}
          testId="notifications-sound"
        />
        {settings ? (
          <>
            <Switch
              label={t('notifications.push')}
              description={t('notifications.pushHint')}
              checked={settings.push}
              onChange={(on) => store.notifications.setPush(on)}
              testId="notifications-push"
            />
            <Switch
              label={t('notifications.previews')}
              description={t('notifications.previewsHint')}
              checked={settings.previews}
              onChange={(on) => store.notifications.setPreviews(on)}
              testId="notifications-previews"
            />
          </>
        ) : (
          <SettingsLoading what={t('notifications.settings')} error={view.loadError} onRetry={() => void store.notifications.load()} />
        )}
        {push.status !== 'disabled' && <PushDeviceList onThisDeviceRemoved={() => void device.set(false)} />}
        {settings && <EmailSettings settings={settings} />}
        {settings && <DndSettings settings={settings} />}
        {settings && <KeywordSettings keywords={settings.keywords} />}
      </div>
      <SettingsFooter view={view} testId="notifications" onClose={embedded ? undefined : onClose} />
    </SettingsFrame>
  );
}
