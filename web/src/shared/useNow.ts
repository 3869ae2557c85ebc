import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for relative times ("5 min ago"). */
export function useNow(intervalMs = 30000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
