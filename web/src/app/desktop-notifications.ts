// New messages from others, told as this device is set (client/notification-setting.ts): a
// chime unless the message is in the chat on screen, and while Parley is in the background a
// browser notification per chat (desktop-notices.ts says what), silent when the chime plays.
// A click on one brings the tab forward with the chat open.
import { useEffect } from 'react';

import { desktopNotificationsOn, soundOn } from '../client/notification-setting';
import { userName } from '../client/selectors';
import { noticeFor } from './desktop-notices';
import { chime } from './chime';
import { navigate, parseRoute } from './router';
import { useChatStore, useSession } from './store-context';

/** Chimes and shows notifications for live messages from others. */
export function useDesktopNotifications(): void {
  const store = useChatStore();
  const me = useSession((s) => s.user?.id);
  useEffect(() => {
    if (!me) return;
    return store.onLiveMessage((message) => {
      const users = store.slices.users.get();
      const notice = noticeFor(store.slices.chatList.get().summaries[message.chatId], message, me, (id) =>
        userName(users, id),
      );
      if (!notice) return;
      const hidden = document.visibilityState === 'hidden';
      const open = parseRoute(window.location.pathname);
      const onScreen = !hidden && open.name === 'chat' && open.chatId === notice.chatId;
      const sound = soundOn();
      if (sound && !onScreen) chime();
      if (!hidden || !desktopNotificationsOn()) return;
      const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag, icon: '/icon-192.png', silent: sound });
      shown.onclick = () => {
        window.focus();
        navigate({ name: 'chat', chatId: notice.chatId });
        shown.close();
      };
    });
  }, [store, me]);
}
