// One opening of the search panel's search: a MessageSearch on the store's REST search,
// started on mount (with the filters it opened with) and disposed on unmount.
import { useEffect, useState, useSyncExternalStore } from 'react';

import { useChatStore } from '../../app/store-context';
import { MessageSearch, type SearchFilters, type SearchView } from '../../client/search';

export function useMessageSearch(filters: SearchFilters): [SearchView, MessageSearch] {
  const store = useChatStore();
  const [search] = useState(() => new MessageSearch((params, signal) => store.searchMessages(params, signal), { filters }));
  useEffect(() => {
    search.start();
    return () => search.dispose();
  }, [search]);
  const view = useSyncExternalStore(search.subscribe, search.getState);
  return [view, search];
}
