// Who reacted to a message (with one emoji, or all), loaded a page at a time (reactions:list):
// the list so far, whether there is more, and what went wrong in words. Loads the first page
// when the message, the emoji or its count changes (a count that moved means the list did).
import { t } from '../../i18n';
import { useCallback, useEffect, useRef, useState } from 'react';

import { useChatStore, useConnection } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { Reactor } from '../../client/types';

export interface Reactors {
  reactors: Reactor[];
  more: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  retry: () => void;
}

export function useReactors(messageId: string, emoji: string | null, count: number): Reactors {
  const store = useChatStore();
  const [reactors, setReactors] = useState<Reactor[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  /** The latest request: answers of older ones are dropped. */
  const asked = useRef(0);

  const load = useCallback(
    async (cursor: string | null) => {
      const n = ++asked.current;
      setLoading(true);
      try {
        const page = await store.reactions.reactors(messageId, emoji ?? undefined, cursor ?? undefined);
        if (n !== asked.current) return;
        setReactors((prev) => (cursor === null ? page.reactors : [...prev, ...page.reactors]));
        setNext(page.next);
        setError(null);
      } catch (err) {
        if (n === asked.current) setError(t('reactions.loadFailed', { error: errorMessage(err) }));
      } finally {
        if (n === asked.current) setLoading(false);
      }
    },
    [store, messageId, emoji],
  );

  // Loaded when connected (opened while reconnecting, it waits), again as the count changes.
  const connected = useConnection() === 'connected';
  useEffect(() => {
    if (connected) void load(null);
  }, [load, count, connected]);

  return {
    reactors,
    more: next !== null,
    loading,
    error,
    loadMore: () => {
      if (next !== null && !loading) void load(next);
    },
    retry: () => void load(reactors.length > 0 ? next : null),
  };
}
