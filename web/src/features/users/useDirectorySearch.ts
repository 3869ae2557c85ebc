// The people directory's search for one opening of the directory: a DirectorySearch on the
// store's paged user directory, started on mount and disposed on unmount.
import { useEffect, useState, useSyncExternalStore } from 'react';

import { useChatStore } from '../../app/store-context';
import { DirectorySearch, type DirectoryView } from '../../client/directory';

export function useDirectorySearch(): [DirectoryView, DirectorySearch] {
  const store = useChatStore();
  const [search] = useState(() => new DirectorySearch((q, cursor) => store.directoryPage(q, cursor)));
  useEffect(() => {
    search.start();
    return () => search.dispose();
  }, [search]);
  const view = useSyncExternalStore(search.subscribe, search.getState);
  return [view, search];
}
