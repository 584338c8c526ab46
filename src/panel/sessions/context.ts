import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SessionsState, SessionsStore } from './store';

/** The Sessions view's store, provided by the view to its list, export and import parts. */
export const SessionsContext = createContext<SessionsStore | null>(null);

export function useSessionsStore(): SessionsStore {
  const store = useContext(SessionsContext);
  if (!store) throw new Error('useSessionsStore outside <SessionsContext.Provider>');
  return store;
}

export function useSessions<T>(selector: (state: SessionsState) => T): T {
  return useStore(useSessionsStore(), selector);
}
