// A modal dialog on the native <dialog>: focus stays inside, Esc and a click on the backdrop
// close it, and focus goes back to what had it when the dialog opened. The title names it;
// the body is the caller's; the control with data-autofocus, if any, has focus first.
import { useEffect, useId, useRef, type ReactNode } from 'react';

import { CloseIcon } from './icons';
import { useT } from '../i18n';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** data-testid of the <dialog>. */
  testId?: string;
  /** role="alertdialog": a question that needs an answer (a confirmation). */
  alert?: boolean;
  /** The element that describes the dialog (an alert dialog's question). */
  describedBy?: string;
  /** Wider than a form (a table to read, such as the keyboard shortcuts). */
  wide?: boolean;
}

export function Modal({ title, onClose, children, testId, alert, describedBy, wide = false }: ModalProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    // showModal focuses the first control (Close); a dialog may name a better one.
    d?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      d?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // a click on the backdrop
      }}
      className={`m-auto ${wide ? 'w-[min(40rem,calc(100vw-1.5rem))]' : 'w-[min(26rem,calc(100vw-1.5rem))]'} rounded-2xl border border-line bg-panel p-0 text-fg shadow-2xl`}
    >
      <header className="flex items-center justify-between gap-3 border-b border-line py-2 pe-2 ps-5">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={t('common.close')}
          className="inline-flex size-10 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
        >
          <CloseIcon size={18} />
        </button>
      </header>
      {children}
    </dialog>
  );
}
