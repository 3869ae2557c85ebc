// While a chat is on screen and the page is seen, the reactions to the user's messages in it
// are news no more: its unread reactions are read (on all the user's devices), now and as more
// come. Draws nothing; the chat view renders it for the chat it shows.
import { useEffect, useSyncExternalStore } from 'react';

import { useChatStore, useConnection, useUnreadReactions } from '../../app/store-context';

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

function usePageSeen(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== 'hidden');
}

export function ReadReactions({ chatId }: { chatId: string }) {
  const store = useChatStore();
  const unread = useUnreadReactions(chatId);
  const seen = usePageSeen();
  const connected = useConnection() === 'connected';
  useEffect(() => {
    if (unread > 0 && seen && connected) store.reactions.markRead(chatId);
  }, [store, chatId, unread, seen, connected]);
  return null;
}
