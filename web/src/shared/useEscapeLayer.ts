// Esc closes what is on top. Panels and pages that Esc closes (the thread panel, the message
// search, the settings page, selecting messages…) each register a layer while they are open;
// an Esc that nothing else took closes the layer opened last. What has its own Esc goes first:
// a modal dialog (the browser's cancel), a menu, a field's list, the message box's reply or
// edit: each handles it and stops it or marks it handled (preventDefault), and the layers
// leave it alone. One listener on the document serves every layer.
import { useEffect, useRef } from 'react';

import { leaveAlone, matchesShortcut, shortcut } from './shortcuts';

interface Layer {
  close: { current: () => void };
}

const layers: Layer[] = [];

function onKey(e: KeyboardEvent) {
  if (!matchesShortcut(e, 'close') || leaveAlone(e, shortcut('close'))) return;
  const top = layers[layers.length - 1];
  if (!top) return;
  e.preventDefault();
  top.close.current();
}

/** While `open`, Esc closes this layer when it is the one on top (the latest opened). */
export function useEscapeLayer(close: () => void, open = true): void {
  const ref = useRef(close);
  ref.current = close;
  useEffect(() => {
    if (!open) return;
    const layer: Layer = { close: ref };
    layers.push(layer);
    if (layers.length === 1) document.addEventListener('keydown', onKey);
    return () => {
      const i = layers.indexOf(layer);
      if (i >= 0) layers.splice(i, 1);
      if (layers.length === 0) document.removeEventListener('keydown', onKey);
    };
  }, [open]);
}
