// This device's choice of notifications while Parley is in the background (on only when the
// person turned them on here, kept in localStorage, and the browser allows them), and of the
// chime for new messages.
const KEY = 'parley.desktopNotifications';

export type Permission = NotificationPermission | 'unsupported';

export function permission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function desktopNotificationsOn(storage: Storage = localStorage): boolean {
  return storage.getItem(KEY) === 'on' && permission() === 'granted';
}

/** Turns them on (asking the browser's permission first when it was not given) or off. */
export async function setDesktopNotifications(on: boolean, storage: Storage = localStorage): Promise<Permission> {
  if (!on) {
    storage.setItem(KEY, 'off');
    return permission();
  }
  let now = permission();
  if (now === 'default') now = await Notification.requestPermission();
  if (now === 'granted') storage.setItem(KEY, 'on');
  return now;
}

const SOUND_KEY = 'parley.notificationSound';

/** A chime for new messages in chats the person is not looking at: on unless turned off here. */
export function soundOn(storage: Storage = localStorage): boolean {
  return storage.getItem(SOUND_KEY) !== 'off';
}

export function setSound(on: boolean, storage: Storage = localStorage): void {
  storage.setItem(SOUND_KEY, on ? 'on' : 'off');
}
