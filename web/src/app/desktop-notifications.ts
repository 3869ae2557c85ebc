// New messages from others, told as the user set them: nothing of a chat that is muted or set to
// nothing, at "mentions" only a message that mentions the user, nothing during Do not disturb but
// the mentions of the people allowed through it (client/notifications.ts); a
// sound unless the message is in the chat on screen (the user's sound setting, this device's
// when the server's is not loaded; the sound the person chose for a mention or a message, the
// chat's own, its mute, all sounds muted and the volume: client/settings.ts soundFor); and while
// Parley is in the background a browser notification per chat (desktop-notices.ts says what;
// the text only with previews on), silent when the sound plays. When push reaches this device the server's push notification is the
// one shown instead. A click on one brings the tab forward with the chat open; reading a chat
// closes its notifications, these and the service worker's. Nothing for a message from someone
// the user blocked.
import { useEffect } from 'react';

import { desktopNotificationsOn, setSound, soundOn } from '../client/notification-setting';
import { notifiesAsMention } from '../client/mentions';
import { wantsNotice } from '../client/notifications';
import { userName } from '../client/selectors';
import { noticeFor } from './desktop-notices';
import { soundFor } from '../client/settings';
import { playAlert } from '../shared/sounds';
import { navigate, parseRoute } from './router';
import { closeChatNotifications } from './service-worker';
import { useChatStore, useSession } from './store-context';

/** Chimes and shows notifications for live messages from others. */
export function useDesktopNotifications(): void {
  const store = useChatStore();
  const me = useSession((s) => s.user?.id);
  useEffect(() => {
    if (!me) return;
    /** The notifications shown here, by tag, to close when their chat is read. */
    const shown = new Map<string, Notification>();
    const offMessages = store.onLiveMessage((message) => {
      const settings = store.notifications.settings();
      // Someone the user blocked (in a group they share): no sound, no notice, as the server
      // sends no push for them.
      if (store.blocks.isBlocked(message.senderId)) return;
      if (!wantsNotice(settings, message, me, Date.now())) return;
      const users = store.slices.users.get();
      const mention = notifiesAsMention(message, me, settings?.keywords ?? []);
      const notice = noticeFor(store.slices.chatList.get().summaries[message.chatId], message, me, (id) => userName(users, id), {
        previews: settings?.previews ?? true,
        mention,
      });
      if (!notice) return;
      const hidden = document.visibilityState === 'hidden';
      const open = parseRoute(window.location.pathname);
      const onScreen = !hidden && open.name === 'chat' && open.chatId === notice.chatId;
      const on = settings?.sound ?? soundOn();
      const sound = on ? soundFor(store.settings.preferences.get(), mention ? 'mention' : 'message', store.settings.chat(message.chatId)) : null;
      if (sound && !onScreen) playAlert(sound, message.chatId);
      if (!hidden || !desktopNotificationsOn()) return;
      if (store.push.active() && settings?.push !== false) return; // the server's push tells it
      const n = new Notification(notice.title, { body: notice.body, tag: notice.tag, icon: '/icon-192.png', silent: sound !== null });
      shown.set(notice.tag, n);
      n.onclose = () => {
        if (shown.get(notice.tag) === n) shown.delete(notice.tag);
      };
      n.onclick = () => {
        window.focus();
        navigate({ name: 'chat', chatId: notice.chatId });
        n.close();
      };
    });
    // This device follows the sound setting made on any device, for when the server cannot be reached.
    const offSound = store.notifications.view.subscribe(() => {
      const sound = store.notifications.settings()?.sound;
      if (sound !== undefined && sound !== soundOn()) setSound(sound);
    });
    const reading = store.focus?.reading;
    const offReading = reading?.subscribe(() => {
      const chatId = reading.get();
      if (!chatId) return;
      shown.get(`chat:${chatId}`)?.close();
      shown.delete(`chat:${chatId}`);
      closeChatNotifications(chatId);
    });
    return () => {
      offMessages();
      offSound();
      offReading?.();
    };
  }, [store, me]);
}
