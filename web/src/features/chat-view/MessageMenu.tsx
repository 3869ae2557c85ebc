// The menu of one message (WAI-ARIA menu pattern): opened by a right click, a long press, the
// message's "more" button, or Enter / Space / the context-menu key / Shift+F10 on the focused
// message. It opens where it was asked for, inside the window; focus goes to its first item;
// arrow keys, Home and End move; Enter runs an item; Escape or Tab closes it and gives focus back
// to the message; a press outside or scrolling the list closes it. Drawn on document.body so no
// scroller or transform clips it. A message that takes reactions has the quick reactions at the
// top (menu items too, in a row of their own: up and down treat the row as one stop, left and
// right move along it), with "more" for the full picker (the 'react' action); focus still
// starts on the first action.
import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

import type { ViewMessage } from '../../client/types';
import type { MenuAction, MessageAction } from './message-actions';
import { useReactionSlots } from './reaction-slots';

const MARGIN = 8;

export interface MenuPlace {
  x: number;
  y: number;
}

interface Props {
  label: string;
  actions: readonly MenuAction[];
  at: MenuPlace;
  onPick: (action: MessageAction) => void;
  /** `restoreFocus`: give focus back to the message (closed from the keyboard or by a pick). */
  onClose: (restoreFocus: boolean) => void;
  /** The message, when the user can react to it: the quick reactions show at the top. */
  react?: ViewMessage;
}

export function MessageMenu({ label, actions, at, onPick, onClose, react }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const reactions = useReactionSlots();
  const QuickReactions = react && reactions ? reactions.slots.QuickReactions : null;

  // Place it inside the window (flipped above or to the left when there is no room), then focus
  // its first item.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    let x = at.x;
    let y = at.y;
    if (x + width > vw - MARGIN) x = Math.max(MARGIN, Math.min(at.x - width, vw - MARGIN - width));
    if (y + height > vh - MARGIN) y = Math.max(MARGIN, Math.min(at.y - height, vh - MARGIN - height));
    el.style.left = `${x}px`;
    el.style.top = `${y}px`;
    el.style.visibility = 'visible';
    (el.querySelector<HTMLElement>('[role="menuitem"]:not([data-reaction])') ?? el.querySelector<HTMLElement>('[role="menuitem"]'))?.focus();
  }, [at]);

  // A press anywhere else, or the window changing size, closes it.
  useLayoutEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    const onResize = () => onClose(false);
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const row = all.filter((el) => el.hasAttribute('data-reaction'));
    // Up and down go from stop to stop: the reactions' row (its first item) and each action.
    const stops = [...(row[0] ? [row[0]] : []), ...all.filter((el) => !el.hasAttribute('data-reaction'))];
    const active = document.activeElement as HTMLElement;
    const inRow = row.indexOf(active);
    const i = inRow >= 0 ? 0 : stops.indexOf(active);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowDown') next = stops[(i + 1) % stops.length];
    else if (e.key === 'ArrowUp') next = stops[(i - 1 + stops.length) % stops.length];
    else if (e.key === 'ArrowRight' && inRow >= 0) next = row[(inRow + 1) % row.length];
    else if (e.key === 'ArrowLeft' && inRow >= 0) next = row[(inRow - 1 + row.length) % row.length];
    else if (e.key === 'Home') next = stops[0];
    else if (e.key === 'End') next = stops[stops.length - 1];
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
      return;
    }
    if (!next) return;
    e.preventDefault();
    next.focus();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={{ left: at.x, top: at.y, visibility: 'hidden' }}
      className="fixed z-50 min-w-48 overflow-hidden rounded-xl border border-line bg-panel py-1 text-fg shadow-lg"
      data-testid="message-menu"
    >
      {QuickReactions && react && reactions && (
        <QuickReactions
          chatId={reactions.chatId}
          message={react}
          onDone={() => onClose(true)}
          onMore={() => {
            onClose(false);
            onPick('react');
          }}
        />
      )}
      {actions.map(({ action, label: text, Icon }) => (
        <button
          key={action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={() => {
            onClose(true);
            onPick(action);
          }}
          className="flex min-h-11 w-full items-center gap-3 px-4 text-start text-[15px] outline-none hover:bg-hover focus:bg-hover md:min-h-9 md:text-sm"
        >
          <Icon size={18} className="text-muted" />
          {text}
        </button>
      ))}
    </div>,
    document.body,
  );
}
