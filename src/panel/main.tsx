import { createRoot } from 'react-dom/client';
import { App } from './App';
import { alertsStoreFor } from './alerts/store';
import { PanelBridge } from './bridge';
import { PanelContext } from './context';
import { databaseHandle } from '../storage/db';
import { createCaptureStore } from './capture/store';
import { prepareShownRequests } from './network/request-tables';
import { createSimulatorStore } from './simulate/store';
import { applyTheme } from './theme';

/** The inspected tab: DevTools gives it; the page opened as a tab takes ?tabId=N. */
function inspectedTabId(): number | null {
  const fromDevtools = globalThis.chrome?.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  return Number.isInteger(fromQuery) && fromQuery > 0 ? fromQuery : null;
}

applyTheme();
const root = createRoot(document.getElementById('root')!);
const tabId = inspectedTabId();
if (tabId === null) {
  root.render(
    <p className="empty">
      No tab to inspect. Open DevTools on a page and choose the “Admin Performance” panel, or open this page with <code>?tabId=N</code>.
    </p>,
  );
} else {
  const store = createCaptureStore(tabId);
  const rehydrate = () =>
    bridge.request('subscribe', { tabId }).then(
      ({ data, status }) => {
        store.getState().hydrate(data, status);
        store.getState().setError(null);
      },
      (error: Error) => store.getState().setError(error.message),
    );
  const bridge = new PanelBridge(
    (msg) => (msg.type === 'alerts' ? void alertsStoreFor(bridge, tabId).getState().refresh() : store.getState().receive(msg)),
    () => {
      void rehydrate();
      void alertsStoreFor(bridge, tabId).getState().refresh();
    },
  );
  let gapTimer: ReturnType<typeof setTimeout> | null = null;
  store.setState({
    onGap: () => {
      gapTimer ??= setTimeout(() => {
        gapTimer = null;
        void rehydrate();
      }, 200);
    },
  });
  const simulator = createSimulatorStore(bridge, tabId);
  prepareShownRequests(store);
  bridge.connect();
  void rehydrate();
  root.render(
    <PanelContext.Provider value={{ store, bridge, simulator, database: databaseHandle() }}>
      <App />
    </PanelContext.Provider>,
  );
}
