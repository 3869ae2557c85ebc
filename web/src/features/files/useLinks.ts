// Signed links for the files a component shows: asked for while it is on screen (the ids of a
// page of messages go out in one request, client/file-links.ts), read one file at a time.
import { useEffect } from 'react';

import { useChatStore, useFileLink } from '../../app/store-context';
import type { FileLink } from '../../client/files-wire';

/** Keeps links for `ids` wanted (and renewed) while the calling component is mounted. */
export function useWantLinks(ids: readonly string[]): void {
  const store = useChatStore();
  const key = ids.join('\n');
  useEffect(() => (key ? store.files.links.want(key.split('\n')) : undefined), [store, key]);
}

/** One file's link, and whether the user may not read it. */
export function useLink(fileId: string): { link: FileLink | undefined; denied: boolean } {
  const entry = useFileLink(fileId);
  return { link: entry?.link, denied: entry?.denied === true };
}
