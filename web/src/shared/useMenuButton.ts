// A menu button's behaviour (WAI-ARIA menu button pattern), shared by the app's menus: open
// state, the button and menu refs, focus on the first item (or the one `initial` picks) when it
// opens, a press outside closes it; in the menu, arrow keys, Home and End move between the
// items (wrapping), Escape closes it and gives focus back to the button, Tab closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export function useMenuButton(initial?: (items: HTMLElement[]) => HTMLElement | undefined) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const initialRef = useRef(initial);
  initialRef.current = initial;

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    const list = items();
    (initialRef.current?.(list) ?? list[0])?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function close(refocus = true) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function onMenuKey(e: KeyboardEvent) {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => {
      e.preventDefault();
      list[(i + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') close(false);
  }

  return { open, setOpen, buttonRef, menuRef, menuId, close, onMenuKey };
}
