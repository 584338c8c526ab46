import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatBytes } from '../../core/metrics/format';
import { Messages } from '../components/Messages';
import { useCapture, usePanel } from '../context';
import { Compare } from './Compare';
import { SessionsContext } from './context';
import { ImportSession } from './ImportSession';
import { OtlpSending } from './OtlpSending';
import { SessionTable } from './SessionTable';
import { createSessionsStore } from './store';

/** Every stored session: record, open, rename, delete, export, import and compare them. */
export function Sessions() {
  const { bridge, store: capture, database } = usePanel();
  const [store] = useState(() => createSessionsStore(bridge, capture, database));
  const tabId = useCapture((s) => s.tabId);
  const status = useCapture((s) => s.status);
  const list = useStore(store, (s) => s.list);
  const error = useStore(store, (s) => s.error);
  const notice = useStore(store, (s) => s.notice);
  const busy = useStore(store, (s) => s.busy);
  const { refresh, toggleRecording } = store.getState();

  const recordingAny = Boolean(list?.recording.length);
  useEffect(() => {
    void refresh();
  }, [refresh, status?.sessionId, status?.recording]);
  // A recording session's counts grow: keep the list current while this view is open.
  useEffect(() => {
    if (!recordingAny) return;
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [recordingAny, refresh]);

  const usage = list?.usage;
  const evicted = status?.retention.evicted ?? 0;
  const recording = Boolean(status?.recording);

  return (
    <SessionsContext.Provider value={store}>
      <div className="sessions">
        <section className="sessions-toolbar" aria-label="Recording and storage">
          <button type="button" onClick={() => void toggleRecording()} disabled={busy !== null || !status} aria-pressed={recording}>
            {recording ? '■ Stop recording this tab' : '● Start recording this tab'}
          </button>
          <span className="muted">{recording ? `Tab ${tabId} is being recorded.` : `Tab ${tabId} is not being recorded.`}</span>
          {usage && (
            <span className="storage">
              <label>
                Storage used{' '}
                <meter min={0} max={usage.maxBytes} value={usage.bytes} high={usage.maxBytes * 0.8} aria-label="Storage used" />
              </label>{' '}
              {formatBytes(usage.bytes)} of {formatBytes(usage.maxBytes)}, {usage.sessions} of {usage.maxSessions} sessions
              {evicted ? `; ${evicted} evicted so far` : ''}. <span className="muted">Beyond either limit the oldest sessions are removed (never one being recorded).</span>
            </span>
          )}
        </section>

        <ImportSession />

        <Messages error={error} notice={notice} />
        {busy?.startsWith('open:') && <p className="muted">Reading the session…</p>}

        {!list ? (
          <p className="muted">Reading the stored sessions…</p>
        ) : list.sessions.length === 0 ? (
          <p className="empty">No stored sessions yet. Start recording and load a page in this tab, or import a session file.</p>
        ) : (
          <SessionTable list={list} />
        )}

        {list && list.sessions.length > 0 && <Compare sessions={list.sessions} />}

        <OtlpSending />
      </div>
    </SessionsContext.Provider>
  );
}
