// A long press with a finger (or pen): held still for LONG_PRESS_MS, it calls back with where
// it was pressed. Moving more than a few pixels (scrolling) or lifting the finger earlier cancels
// it. The click that follows a long press is swallowed, so the press does not also tap a link.
import { useCallback, useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

export const LONG_PRESS_MS = 450;
const SLOP_PX = 10;

export function useLongPress(onLongPress: (x: number, y: number) => void, enabled = true) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const fired = useRef(false);

  const cancel = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    start.current = null;
  }, []);

  useEffect(() => cancel, [cancel]);

  const onPointerDown = useCallback(
    (e: PointerEvent) => {
      fired.current = false;
      if (!enabled || e.pointerType === 'mouse' || !e.isPrimary) return;
      cancel();
      const { clientX: x, clientY: y } = e;
      start.current = { x, y };
      timer.current = setTimeout(() => {
        timer.current = null;
        fired.current = true;
        onLongPress(x, y);
      }, LONG_PRESS_MS);
    },
    [enabled, onLongPress, cancel],
  );

  const onPointerMove = useCallback(
    (e: PointerEvent) => {
      const s = start.current;
      if (s && Math.hypot(e.clientX - s.x, e.clientY - s.y) > SLOP_PX) cancel();
    },
    [cancel],
  );

  /** Swallows the click that ends a long press. */
  const onClickCapture = useCallback((e: MouseEvent) => {
    if (!fired.current) return;
    fired.current = false;
    e.preventDefault();
    e.stopPropagation();
  }, []);

  return { onPointerDown, onPointerMove, onPointerUp: cancel, onPointerCancel: cancel, onClickCapture };
}
