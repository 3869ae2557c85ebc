// One opening of the chat switcher's server search: a SwitcherSearch on the store's
// GET /api/v1/search/chats, started on mount and disposed on unmount (what is on its way is
// cancelled).
import { useEffect, useState, useSyncExternalStore } from 'react';

import { useChatStore } from '../../app/store-context';
import { SwitcherSearch, type SwitcherSearchView } from '../../client/switcher';

/** Per list (chats, people); the server's default is 10. */
export const SWITCHER_LIMIT = 10;

export function useSwitcherSearch(): [SwitcherSearchView, SwitcherSearch] {
  const store = useChatStore();
  const [search] = useState(() => new SwitcherSearch((q, signal) => store.searchChats(q, SWITCHER_LIMIT, signal)));
  useEffect(() => {
    search.start();
    return () => search.dispose();
  }, [search]);
  const view = useSyncExternalStore(search.subscribe, search.getState);
  return [view, search];
}
