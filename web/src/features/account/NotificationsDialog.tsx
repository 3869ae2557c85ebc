// The Notifications dialog (from the account menu): whether this device shows a notification
// when messages arrive while Parley is in the background, and whether it chimes. Turning
// notifications on asks the browser's permission; when the browser refuses, or cannot show
// notifications, the dialog says so and what to do.
import { useState } from 'react';

import { desktopNotificationsOn, permission, setDesktopNotifications, setSound, soundOn } from '../../client/notification-setting';
import { Modal } from '../../shared/Modal';
import { Switch } from '../../shared/Switch';

function useDesktopNotificationSetting() {
  const [state, setState] = useState(() => ({ on: desktopNotificationsOn(), permission: permission() }));
  return {
    ...state,
    set: async (on: boolean) => {
      const now = await setDesktopNotifications(on);
      setState({ on: on && now === 'granted', permission: now });
    },
  };
}

export function NotificationsDialog({ onClose }: { onClose: () => void }) {
  const setting = useDesktopNotificationSetting();
  const [sound, setSoundState] = useState(soundOn);
  const blocked = setting.permission === 'denied';
  const unsupported = setting.permission === 'unsupported';
  return (
    <Modal title="Notifications" onClose={onClose} testId="notifications-dialog">
      <div className="flex flex-col gap-4 px-5 py-4">
        <Switch
          label="Notifications on this device"
          description="When Parley is in the background, show a notification for new messages, one per chat. The unread count stays in the tab's title and icon either way."
          checked={setting.on}
          disabled={blocked || unsupported}
          onChange={(on) => void setting.set(on)}
          testId="notifications-desktop"
        />
        {blocked && (
          <p role="status" className="text-sm text-danger">
            Your browser blocks notifications from this site. Allow them in the site's settings (the icon beside the address), then come back here.
          </p>
        )}
        {unsupported && (
          <p role="status" className="text-sm text-muted">
            This browser cannot show notifications.
          </p>
        )}
        <Switch
          label="Sound for new messages"
          description="A short chime when a message arrives in a chat you are not looking at."
          checked={sound}
          onChange={(on) => {
            setSound(on);
            setSoundState(on);
          }}
          testId="notifications-sound"
        />
      </div>
    </Modal>
  );
}
