import { useState } from 'react';
import { useCapture, usePanel } from '../context';

/**
 * Says plainly what capture records without DevTools, and the switch to capture only while a
 * DevTools window (this panel, or its page as a tab) is open on the tab.
 */
export function DevToolsOnlyChoice() {
  const { bridge, store } = usePanel();
  const status = useCapture((s) => s.status);
  const tabId = useCapture((s) => s.tabId);
  const [error, setError] = useState<string | null>(null);
  if (!status) return null;
  const change = (on: boolean) => {
    setError(null);
    bridge.request('setOnlyWithDevTools', { tabId, on }).then(
      (next) => store.setState({ status: next }),
      (e: unknown) => setError(`The setting was not changed: ${String((e as Error).message ?? e)}. Try again.`),
    );
  };
  return (
    <section className="devtools-only" aria-label="When capture runs">
      <p>
        {status.onlyWithDevTools
          ? 'Capture runs only in tabs with DevTools (this panel) open: a page loaded with DevTools closed stores nothing, and opening DevTools starts capture from then on.'
          : 'Capture on localhost, 127.0.0.1 and the sites you enabled records full page and request URLs (with their query strings), timings and vitals on every page load, even when DevTools is closed. It stays in this browser.'}
      </p>
      <label>
        <input type="checkbox" checked={status.onlyWithDevTools} onChange={(e) => change(e.target.checked)} /> Capture only while DevTools is open (every tab)
      </label>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
