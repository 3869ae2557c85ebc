// Where a picker opens: a modal <dialog> (focus stays inside, Esc or a press outside closes it,
// focus goes back to `returnFocus` or to what had it). From 768 px it is a panel beside the
// element it belongs to (below it, or above when there is no room, inside the window); on a
// narrow screen a sheet across the bottom, full width, with a title and a close button.
import { useT } from '../../i18n';
import { useEffect, useId, useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';

import { CloseIcon } from '../../shared/icons';

const MARGIN = 8;
const WIDE = '(min-width: 768px)';

function subscribeWide(onChange: () => void): () => void {
  const mq = window.matchMedia?.(WIDE);
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

/** Whether the window is wide enough for a panel (else a sheet). */
export function useWide(): boolean {
  return useSyncExternalStore(subscribeWide, () => window.matchMedia?.(WIDE).matches ?? true);
}

interface Props {
  title: string;
  onClose: () => void;
  /** What it belongs to (a message, a button): the panel opens beside it. */
  anchor: () => Element | null;
  /** Where focus goes when it closes (default: what had it when it opened). */
  returnFocus?: () => HTMLElement | null;
  /** Instead of moving focus back: what to do once it has closed. */
  afterClose?: () => void;
  testId?: string;
  children: ReactNode;
}

export function PickerSurface({ title, onClose, anchor, returnFocus, afterClose, testId, children }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const wide = useWide();
  // Read once: the callers' functions may be new each render.
  const anchorRef = useRef(anchor);
  const returnRef = useRef(returnFocus);
  const afterRef = useRef(afterClose);

  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const after = afterRef.current;
    const returnTo = returnRef.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      if (after) {
        after();
        return;
      }
      const back = returnTo?.() ?? opener;
      if (back?.isConnected) back.focus();
    };
  }, []);

  // A panel beside its element, inside the window; it follows the picker's size as it loads.
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d || !wide) return;
    const place = () => {
      const a = anchorRef.current()?.getBoundingClientRect();
      const { width, height } = d.getBoundingClientRect();
      const vw = document.documentElement.clientWidth;
      const vh = document.documentElement.clientHeight;
      let x = a ? a.left : (vw - width) / 2;
      let y = a ? a.bottom + MARGIN : (vh - height) / 2;
      if (a && y + height > vh - MARGIN) y = a.top - MARGIN - height;
      x = Math.min(Math.max(MARGIN, x), vw - MARGIN - width);
      y = Math.min(Math.max(MARGIN, y), vh - MARGIN - height);
      d.style.left = `${x}px`;
      d.style.top = `${y}px`;
    };
    place();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(place);
    ro.observe(d);
    return () => ro.disconnect();
  }, [wide]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // a press outside: on the backdrop
      }}
      className={
        wide
          ? 'fixed inset-auto m-0 max-h-[calc(100dvh-1rem)] overflow-hidden rounded-2xl border border-line bg-panel p-0 text-fg shadow-2xl backdrop:bg-transparent backdrop:[backdrop-filter:none]'
          : 'fixed inset-x-0 top-auto bottom-0 m-0 max-h-[85dvh] w-full max-w-none overflow-hidden rounded-t-2xl border-t border-line bg-panel p-0 pb-[env(safe-area-inset-bottom)] text-fg shadow-2xl backdrop:bg-black/40'
      }
    >
      <header className={`flex items-center justify-between gap-3 ps-4 pe-1 ${wide ? 'sr-only' : 'border-b border-line py-1'}`}>
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {!wide && (
          <button
            type="button"
            onClick={onClose}
            aria-label={t('common.close')}
            className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
          >
            <CloseIcon size={18} />
          </button>
        )}
      </header>
      {children}
    </dialog>
  );
}
