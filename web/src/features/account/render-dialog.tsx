// For the account dialogs' component tests (happy-dom): a dialog rendered with a store in an
// element of its own, and the few ways the tests look at it and act on it. Not a test itself;
// each test file sets IS_REACT_ACT_ENVIRONMENT and runs the cleanups it is given after each test.
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import { StoreProvider } from '../../app/store-context';
import type { ChatStore } from '../../client/store';

/** Renders `dialog` with `store`; its unmounting goes into `cleanups`. */
export async function renderDialog(store: ChatStore, dialog: ReactNode, cleanups: (() => void)[]) {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(<StoreProvider store={store}>{dialog}</StoreProvider>);
  });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  /** Waits (rendering what comes meanwhile) until `cond` holds. */
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  return { el, q, wait, click };
}
