// For the settings' component tests (happy-dom): a component rendered with a store in an
// element of its own, and a click that renders what follows. Not a test itself; each test file
// sets IS_REACT_ACT_ENVIRONMENT and runs the cleanups it is given after each test.
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import { StoreProvider } from '../../app/store-context';
import type { ChatStore } from '../../client/store';

export async function render(store: ChatStore, node: ReactNode, cleanups: (() => void)[]) {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(<StoreProvider store={store}>{node}</StoreProvider>);
  });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  return { el, q, click };
}
