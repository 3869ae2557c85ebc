// Hands the ChatStore to components, and lets them read slices of its state with
// useSyncExternalStore. A selector must return a part of the state (stable between changes),
// not a new object; derive with useMemo in the component.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';

import type { ChatState, ChatStore } from '../client/store';

const StoreContext = createContext<ChatStore | null>(null);

export function StoreProvider({ store, children }: { store: ChatStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useChatStore(): ChatStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useChatStore outside StoreProvider');
  return store;
}

export function useChatState<T>(select: (s: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
