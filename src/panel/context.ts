import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PanelBridge } from './bridge';
import type { CaptureState, CaptureStore } from './capture/store';

export interface PanelContextValue {
  store: CaptureStore;
  bridge: PanelBridge;
}

export const PanelContext = createContext<PanelContextValue | null>(null);

export function usePanel(): PanelContextValue {
  const value = useContext(PanelContext);
  if (!value) throw new Error('usePanel outside <PanelContext.Provider>');
  return value;
}

export function useCapture<T>(selector: (state: CaptureState) => T): T {
  return useStore(usePanel().store, selector);
}
