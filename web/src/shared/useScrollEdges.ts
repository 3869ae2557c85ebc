// Which ends of a row that scrolls sideways hide some of it: the start (scrolled away from it)
// and the end (more to scroll to), in the text's direction (right to left too, where scrollLeft
// counts down from 0). Read again as the row scrolls, when it or one of its children changes
// size (ResizeObserver, else the window's resize), and when `key` changes (children added or
// taken away). The row shows the hint (a fade at the hidden end, say); what it hides stays in
// the document for keyboards and screen readers.
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ScrollEdges {
  /** Something is hidden before the start. */
  start: boolean;
  /** Something is hidden past the end. */
  end: boolean;
}

/** Within a pixel counts as at the edge (sizes and scroll positions are fractional). */
const SLACK = 1;

/** The edges of `el` that hide some of its content. */
export function scrollEdges(el: Pick<HTMLElement, 'scrollWidth' | 'clientWidth' | 'scrollLeft'>): ScrollEdges {
  const room = el.scrollWidth - el.clientWidth;
  if (room <= SLACK) return { start: false, end: false };
  const at = Math.abs(el.scrollLeft);
  return { start: at > SLACK, end: at < room - SLACK };
}

export function useScrollEdges(ref: RefObject<HTMLElement | null>, key?: unknown): ScrollEdges {
  const [edges, setEdges] = useState<ScrollEdges>({ start: false, end: false });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const now = scrollEdges(el);
      setEdges((was) => (was.start === now.start && was.end === now.end ? was : now));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    if (typeof ResizeObserver !== 'function') {
      window.addEventListener('resize', measure);
      return () => {
        el.removeEventListener('scroll', measure);
        window.removeEventListener('resize', measure);
      };
    }
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => {
      el.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref, key]);
  return edges;
}
