// Zooming and panning a picture in the viewer, and swiping between pictures: the wheel zooms
// around the pointer, a double click toggles 2.5× there, two fingers pinch, one finger (or the
// mouse) pans a zoomed picture and, at 1×, swipes to the next or previous one. Pointer events
// only, so mouse, pen and touch behave alike.
import { useCallback, useRef, useState, type PointerEvent, type WheelEvent, type MouseEvent } from 'react';

export interface Zoom {
  scale: number;
  x: number;
  y: number;
}

const MIN = 1;
const MAX = 6;
const SWIPE_PX = 60;
const ONE: Zoom = { scale: 1, x: 0, y: 0 };

function clamp(z: Zoom): Zoom {
  const scale = Math.min(MAX, Math.max(MIN, z.scale));
  return scale === 1 ? ONE : { scale, x: z.x, y: z.y };
}

/** `z` scaled by `factor` keeping the point (px, py) (relative to the stage's centre) where it is. */
function zoomAt(z: Zoom, factor: number, px: number, py: number): Zoom {
  const scale = Math.min(MAX, Math.max(MIN, z.scale * factor));
  const k = scale / z.scale;
  return clamp({ scale, x: px - (px - z.x) * k, y: py - (py - z.y) * k });
}

export function useZoom(onSwipe: (direction: 1 | -1) => void) {
  const [zoom, setZoom] = useState<Zoom>(ONE);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ startX: number; startY: number; startZoom: Zoom; pinch?: number } | null>(null);

  const centre = (el: Element, clientX: number, clientY: number) => {
    const r = el.getBoundingClientRect();
    return { px: clientX - (r.left + r.width / 2), py: clientY - (r.top + r.height / 2) };
  };

  const reset = useCallback(() => setZoom(ONE), []);
  const zoomIn = useCallback(() => setZoom((z) => zoomAt(z, 1.5, 0, 0)), []);
  const zoomOut = useCallback(() => setZoom((z) => zoomAt(z, 1 / 1.5, 0, 0)), []);

  const onWheel = (e: WheelEvent<HTMLElement>) => {
    const { px, py } = centre(e.currentTarget, e.clientX, e.clientY);
    setZoom((z) => zoomAt(z, Math.exp(-e.deltaY * 0.0025), px, py));
  };

  const onDoubleClick = (e: MouseEvent<HTMLElement>) => {
    const { px, py } = centre(e.currentTarget, e.clientX, e.clientY);
    setZoom((z) => (z.scale > 1 ? ONE : zoomAt(z, 2.5, px, py)));
  };

  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const pts = [...pointers.current.values()];
    const [a, b] = pts;
    gesture.current = {
      startX: e.clientX,
      startY: e.clientY,
      startZoom: zoom,
      ...(a && b ? { pinch: Math.hypot(a.x - b.x, a.y - b.y) } : {}),
    };
  };

  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    if (!pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    if (!g) return;
    const [a, b] = [...pointers.current.values()];
    if (a && b && g.pinch) {
      const { px, py } = centre(e.currentTarget, (a.x + b.x) / 2, (a.y + b.y) / 2);
      const factor = Math.hypot(a.x - b.x, a.y - b.y) / g.pinch;
      setZoom(zoomAt(g.startZoom, factor, px, py));
    } else if (g.startZoom.scale > 1) {
      setZoom({ ...g.startZoom, x: g.startZoom.x + e.clientX - g.startX, y: g.startZoom.y + e.clientY - g.startY });
    }
  };

  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    const g = gesture.current;
    pointers.current.delete(e.pointerId);
    if (pointers.current.size > 0) return;
    gesture.current = null;
    if (!g || g.pinch || g.startZoom.scale > 1) return;
    const dx = e.clientX - g.startX;
    const dy = e.clientY - g.startY;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy) * 1.5) onSwipe(dx < 0 ? 1 : -1);
  };

  return {
    zoom,
    reset,
    zoomIn,
    zoomOut,
    handlers: { onWheel, onDoubleClick, onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp },
  };
}
