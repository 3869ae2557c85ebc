// What the message box is doing, above it: editing a message ("Editing message" and the
// original) or answering one (who and what is answered, or the quote), with a close button that
// ends it. One look for both: an accent bar at the start, the icon, two lines cut to fit.
import type { ReactNode } from 'react';

import { CloseIcon } from '../../shared/icons';

interface Props {
  icon: ReactNode;
  heading: ReactNode;
  text: string;
  /** The text in italics (a quote). */
  italic?: boolean;
  closeLabel: string;
  closeTitle: string;
  onClose: () => void;
  testId: string;
  textTestId: string;
  /** A name for the whole banner, which then is a group (an answer's). */
  label?: string;
}

export function ComposerBanner({ icon, heading, text, italic = false, closeLabel, closeTitle, onClose, testId, textTestId, label }: Props) {
  return (
    <div
      className="mb-2 flex items-center gap-3 rounded-xl border-s-4 border-accent bg-panel-2 py-1 ps-3 pe-1"
      data-testid={testId}
      {...(label ? { role: 'group', 'aria-label': label } : {})}
    >
      {icon}
      <div className="min-w-0 flex-1">
        <p className="truncate text-xs font-semibold text-accent">{heading}</p>
        <p className={`truncate text-sm text-muted ${italic ? 'italic' : ''}`} dir="auto" data-testid={textTestId}>
          {text}
        </p>
      </div>
      <button
        type="button"
        onClick={onClose}
        aria-label={closeLabel}
        title={closeTitle}
        className="inline-flex size-10 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
      >
        <CloseIcon size={18} />
      </button>
    </div>
  );
}
