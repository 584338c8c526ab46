import { useState } from 'react';
import browser from 'webextension-polyfill';
import { formatBytes } from '../../core/metrics/format';
import { originPattern } from '../../shared/origin-pattern';
import { OpenAlertCount } from '../alerts/Alerts';
import { useCapture, usePanel } from '../context';

export function Header() {
  const { bridge, store } = usePanel();
  const status = useCapture((s) => s.status);
  const session = useCapture((s) => s.session);
  const error = useCapture((s) => s.error);
  const tabId = useCapture((s) => s.tabId);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      store.getState().setError(null);
    } catch (e) {
      store.getState().setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const toggleRecording = () =>
    run(async () => {
      const next = await bridge.request('setRecording', { tabId, recording: !status?.recording });
      store.setState({ status: next });
    });

  const enableSite = () =>
    run(async () => {
      if (!status?.origin) throw new Error('This tab has no web page to capture.');
      const granted = await browser.permissions.request({ origins: [originPattern(status.origin)] });
      if (!granted) throw new Error(`Access to ${status.origin} was not granted, so nothing is captured there.`);
      store.setState({ status: await bridge.request('enableSite', { tabId, origin: status.origin }) });
    });

  const retention = status?.retention;
  return (
    <header className="header">
      <h1 className="brand">Admin Performance</h1>
      <button type="button" onClick={toggleRecording} disabled={busy || !status} aria-pressed={Boolean(status?.recording)}>
        {status?.recording ? '■ Stop recording' : '● Start recording'}
      </button>
      <span className="session-name" title={session?.url}>
        {session ? session.name : 'No session yet: load or reload a page in this tab.'}
      </span>
      {status && !status.hostAccess && status.origin?.startsWith('http') && (
        <button type="button" onClick={enableSite} disabled={busy}>
          Enable capture on {status.origin}
        </button>
      )}
      <OpenAlertCount />
      <span className="spacer" />
      {status && (
        <span className="health" title="Messages failing validation are dropped and counted; duplicates are resent batches dropped after a worker restart.">
          rejected {status.rejectedMessages} · duplicates {status.duplicateBatches} · dropped {status.droppedItems}
        </span>
      )}
      {retention && (
        <span className="retention" title={`Oldest sessions are evicted beyond ${retention.maxSessions} sessions or ${formatBytes(retention.maxBytes)}.`}>
          Storage: {retention.sessions}/{retention.maxSessions} sessions, {formatBytes(retention.bytes)} of {formatBytes(retention.maxBytes)}
          {retention.evicted ? `, ${retention.evicted} evicted` : ''}
        </span>
      )}
      {status?.sessionCap && (
        <p role="status" className="warning">
          This session reached its own cap of {formatBytes(status.sessionCap.maxBytes)}: it keeps storing views and vitals, but {status.sessionCap.notStored} requests, long frames and memory samples were not stored (so other sessions are not evicted for it). Stop recording and start a new session to capture everything again.
        </p>
      )}
      {(error || status?.error) && (
        <p role="alert" className="error">
          {error ?? status?.error}
        </p>
      )}
    </header>
  );
}
