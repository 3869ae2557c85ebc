// The frame of the pages Parley's emails link to (/verify-email, /unsubscribe): a page of its
// own whether the person is signed in or not (the link may be opened on any device), with
// Parley's mark, one card whose heading is the page's, and a link that opens Parley (the chats
// when signed in, else the sign-in page). The heading takes focus when what it says changes,
// so a screen reader reads the outcome.
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';

import { navigate, routePath } from '../../app/router';
import { ChatBubblesIcon } from '../../shared/icons';

/** The look of the pages' buttons and links. */
export const BUTTON = 'inline-flex h-11 w-full items-center justify-center rounded-xl px-4 text-sm font-medium';
export const PRIMARY = `${BUTTON} bg-accent text-on-accent hover:bg-accent-strong disabled:opacity-60`;
export const SECONDARY = `${BUTTON} text-accent hover:bg-hover`;

/** A real link to Parley (new tab, copy address), followed in place. */
export function OpenParley({ label, primary = false }: { label: string; primary?: boolean }) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate({ name: 'home' });
  };
  return (
    <a href={routePath({ name: 'home' })} onClick={follow} className={primary ? PRIMARY : SECONDARY} data-testid="open-parley">
      {label}
    </a>
  );
}

interface FrameProps {
  title: string;
  /** Changes when what the page says changes: the heading takes focus then. */
  state: string;
  /** A round badge above the heading (an icon). */
  badge?: ReactNode;
  testId: string;
  children: ReactNode;
}

export function EmailLinkFrame({ title, state, badge, testId, children }: FrameProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(state);
  useEffect(() => {
    // The first heading is where the page starts; a later state is news.
    if (shown.current === state) return;
    shown.current = state;
    heading.current?.focus();
  }, [state]);

  return (
    <main className="flex min-h-full items-center justify-center bg-app px-4 py-10" data-testid={testId} data-state={state}>
      <div className="flex w-full max-w-[420px] flex-col items-center gap-6">
        <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span className="inline-flex size-10 items-center justify-center rounded-xl bg-accent text-on-accent shadow-soft">
            <ChatBubblesIcon size={22} />
          </span>
          Parley
        </span>
        <section
          aria-labelledby={`${testId}-title`}
          className="flex w-full flex-col items-center gap-3 rounded-2xl border border-line bg-panel px-5 py-6 text-center shadow-soft sm:px-6"
        >
          {badge}
          <h1 id={`${testId}-title`} ref={heading} tabIndex={-1} className="text-xl font-semibold outline-none">
            {title}
          </h1>
          {children}
        </section>
      </div>
    </main>
  );
}
