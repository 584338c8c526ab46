import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import type { PanelBridge } from './bridge';
import type { CaptureState, CaptureStore, ShownData } from './capture/store';
import type { SimulatorStore } from './simulate/store';
import type { Database } from '../storage/db';

export interface PanelContextValue {
  store: CaptureStore;
  bridge: PanelBridge;
  /** The Simulate view's state, one per panel so a run survives switching views. */
  simulator: SimulatorStore;
  /** The extension's database, one connection per panel page (exports and imports read it directly). */
  database: () => Promise<Database>;
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

/** The shown session's data, as one snapshot per store revision. */
export interface CaptureData extends ShownData {
  revision: number;
}

/**
 * The shown session's data. The store's arrays grow in place, so selecting them alone would not
 * re-render: this returns a new snapshot object on every revision, which components can use as
 * a memo dependency (`useMemo(..., [data])`).
 */
export function useCaptureData(): CaptureData {
  const { store } = usePanel();
  const revision = useStore(store, (s) => s.revision);
  const session = useStore(store, (s) => s.session);
  return useMemo(() => {
    const { views, samples, requests } = store.getState();
    return { revision, session, views, samples, requests };
  }, [store, revision, session]);
}
