// Read receipts from what is actually on screen: an IntersectionObserver watches the unread
// messages from others in the scroller; when one is at least half visible while the page is
// visible, the store marks the chat read up to the highest such seq (one chat:read).
import { useEffect, type RefObject } from 'react';

import { useChatStore } from '../../app/store-context';
import type { ViewMessage } from '../../client/types';

export function useReadReceipts(
  rootRef: RefObject<HTMLElement | null>,
  chatId: string,
  items: readonly ViewMessage[],
  /** False until the view is where it opens (what passes by before is not read). */
  enabled = true,
) {
  const store = useChatStore();
  useEffect(() => {
    const root = rootRef.current;
    if (!enabled || !root || typeof IntersectionObserver === 'undefined') return;
    const visible = new Set<number>();
    const report = () => {
      if (document.visibilityState !== 'visible' || visible.size === 0) return;
      store.markSeen(chatId, Math.max(...visible));
    };
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const seq = Number((e.target as HTMLElement).dataset.seq);
          if (!Number.isFinite(seq)) continue;
          const rootHeight = e.rootBounds?.height ?? 0;
          const seen =
            e.isIntersecting && (e.intersectionRatio >= 0.5 || e.intersectionRect.height >= rootHeight * 0.5);
          if (seen) visible.add(seq);
          else visible.delete(seq);
        }
        report();
      },
      { root, threshold: [0, 0.5, 1] },
    );
    for (const el of root.querySelectorAll<HTMLElement>('[data-unread="true"]')) io.observe(el);
    document.addEventListener('visibilitychange', report);
    window.addEventListener('focus', report);
    return () => {
      io.disconnect();
      document.removeEventListener('visibilitychange', report);
      window.removeEventListener('focus', report);
    };
  }, [rootRef, store, chatId, items, enabled]);
}
