/**
 * The Alerts view's state: the background's AlertsView for the inspected tab, refreshed when
 * the background says the alerts changed (and after every request that changes them). One
 * store per panel bridge, so the header's open count and the view read the same thing.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertsView } from '../../shared/protocol-alerts';
import type { PanelBridge } from '../bridge';

export interface AlertsState {
  view: AlertsView | null;
  error: string | null;
  refresh(): Promise<void>;
  /** Shows a view returned by a request that changed something. */
  show(view: AlertsView): void;
}

export type AlertsStore = StoreApi<AlertsState>;

const stores = new WeakMap<PanelBridge, AlertsStore>();

export function alertsStoreFor(bridge: PanelBridge, tabId: number): AlertsStore {
  let store = stores.get(bridge);
  if (!store) {
    let generation = 0;
    store = createStore<AlertsState>()((set) => ({
      view: null,
      error: null,
      async refresh() {
        const mine = ++generation;
        try {
          const view = await bridge.request('alertsView', { tabId });
          if (mine === generation) set({ view, error: null });
        } catch (error) {
          if (mine === generation) set({ error: (error as Error).message });
        }
      },
      show(view) {
        generation++;
        set({ view, error: null });
      },
    }));
    stores.set(bridge, store);
  }
  return store;
}
