// Whether the system asks for a dark ground now, heard as it changes (the previews of the
// system theme follow it, as the page does).
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia?.(QUERY);
  media?.addEventListener?.('change', listener);
  return () => media?.removeEventListener?.('change', listener);
}

function snapshot(): boolean {
  return window.matchMedia?.(QUERY).matches ?? false;
}

export function useSystemDark(): boolean {
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
