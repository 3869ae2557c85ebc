// @vitest-environment happy-dom
// Esc closes the layer opened last, then the one under it; what handled Esc itself (a menu, the
// message box's reply), an open dialog, a composition or a modifier leave the layers alone.
import { act, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { useEscapeLayer } from './useEscapeLayer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  document.body.replaceChildren();
});

function Layer({ name, closed }: { name: string; closed: string[] }) {
  const [open, setOpen] = useState(true);
  useEscapeLayer(() => {
    closed.push(name);
    setOpen(false);
  }, open);
  return open ? <p>{name}</p> : null;
}

async function mount(children: ReactNode) {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => act(() => root.unmount()));
  await act(async () => root.render(children));
  return el;
}

const esc = (target: EventTarget = document.body, init: KeyboardEventInit = {}) =>
  act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true, ...init }));
  });

it('closes the layer on top, then the one under it', async () => {
  const closed: string[] = [];
  await mount(
    <>
      <Layer name="thread" closed={closed} />
      <Layer name="search" closed={closed} />
    </>,
  );
  await esc();
  expect(closed).toEqual(['search']);
  await esc();
  expect(closed).toEqual(['search', 'thread']);
  await esc();
  expect(closed).toEqual(['search', 'thread']);
});

it('leaves an Esc already handled, one in an open dialog, with a modifier or in a composition', async () => {
  const closed: string[] = [];
  const el = await mount(<Layer name="panel" closed={closed} />);
  const handled = document.createElement('textarea');
  handled.addEventListener('keydown', (e) => e.preventDefault());
  el.append(handled);
  await esc(handled);
  await esc(document.body, { shiftKey: true });
  await esc(document.body, { isComposing: true });
  const dialog = document.createElement('dialog');
  dialog.setAttribute('open', '');
  document.body.append(dialog);
  await esc(dialog);
  expect(closed).toEqual([]);
  dialog.remove();
  // In a field, Esc still closes the panel.
  const box = document.createElement('input');
  el.append(box);
  await esc(box);
  expect(closed).toEqual(['panel']);
});
