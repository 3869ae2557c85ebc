// The tab's title carries the number of unread messages, as "(3) Parley", so a background tab
// says that something is waiting.
import { useEffect } from 'react';

import { useTotalUnread } from './store-context';

export const APP_NAME = 'Parley';

export function titleWithUnread(unread: number): string {
  return unread > 0 ? `(${unread}) ${APP_NAME}` : APP_NAME;
}

/** Keeps document.title in step with the unread count while mounted; back to the name after. */
export function useUnreadTitle(): void {
  const unread = useTotalUnread();
  useEffect(() => {
    document.title = titleWithUnread(unread);
  }, [unread]);
  useEffect(
    () => () => {
      document.title = APP_NAME;
    },
    [],
  );
}
