import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PanelBridge } from './bridge';
import type { CaptureState, CaptureStore } from './capture/store';
import type { SimulatorStore } from './simulate/store';

export interface PanelContextValue {
  store: CaptureStore;
  bridge: PanelBridge;
  /** The Simulate view's state, one per panel so a run survives switching views. */
  simulator: SimulatorStore;
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
