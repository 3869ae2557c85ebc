// Slow mode in the message box: whether the person must still wait before sending again
// (useBefore), and the countdown that says for how long (SlowModeNote).
import { useEffect, useState } from 'react';

import { useNow } from '../../shared/useNow';
import { useT } from '../../i18n';

/** Slow mode's countdown: the seconds until `until` (epoch ms), ticking each second. */
export function SlowModeNote({ until }: { until: number }) {
  const t = useT();
  const now = useNow(1000).getTime();
  const left = Math.ceil((until - now) / 1000);
  if (left <= 0) return null;
  return (
    <p className="mb-2 text-xs text-warn" role="note" data-testid="slow-mode-note">
      {t('chat.slowMode', { seconds: left })}
    </p>
  );
}

/** Whether the time is still before `until` (epoch ms); turns false when it passes. */
export function useBefore(until: number): boolean {
  const [before, setBefore] = useState(false);
  useEffect(() => {
    const left = until - Date.now();
    setBefore(left > 0);
    if (left <= 0) return;
    const t = setTimeout(() => setBefore(false), left);
    return () => clearTimeout(t);
  }, [until]);
  return before;
}
