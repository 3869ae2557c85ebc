// The browser's notifications while Parley is in the background (desktop-notices.ts says which),
// when this device has them on (client/notification-setting.ts). A click brings the tab forward
// with the chat open.
import { useEffect } from 'react';

import { desktopNotificationsOn } from '../client/notification-setting';
import { userName } from '../client/selectors';
import { newNotices, seenOf } from './desktop-notices';
import { navigate } from './router';
import { useChatStore, useSession } from './store-context';

/** Shows a notification for each chat that got new messages while the tab was hidden. */
export function useDesktopNotifications(): void {
  const store = useChatStore();
  const me = useSession((s) => s.user?.id);
  useEffect(() => {
    if (!me) return;
    const list = store.slices.chatList;
    let seen = seenOf(list.get().summaries);
    return list.subscribe(() => {
      const summaries = list.get().summaries;
      const before = seen;
      seen = seenOf(summaries);
      if (document.visibilityState !== 'hidden' || !desktopNotificationsOn()) return;
      const users = store.slices.users.get();
      for (const notice of newNotices(before, summaries, me, (id) => userName(users, id))) {
        const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag, icon: '/icon-192.png' });
        shown.onclick = () => {
          window.focus();
          navigate({ name: 'chat', chatId: notice.chatId });
          shown.close();
        };
      }
    });
  }, [store, me]);
}
