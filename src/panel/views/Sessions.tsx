import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { formatBytes, formatCount, formatDuration, formatMs } from '../../core/metrics/format';
import type { Session } from '../../core/model';
import { describeRemoved, EXPORT_FORMATS, ImportError, type ExportFormatId, type RemovedCounts } from '../../core/sessions/index';
import type { SessionList } from '../../shared/protocol-sessions';
import { useCapture, usePanel } from '../context';
import { saveBlob } from '../sessions/download';
import { exportStoredSession } from '../sessions/export-file';
import { formatDateTime, originLabel } from '../sessions/format';
import { importSessionFile, MAX_IMPORT_BYTES } from '../sessions/import-file';
import { previewRemovals } from '../sessions/removal-preview';
import { loadStoredSession, panelDatabase } from '../sessions/stored-session';
import { Compare } from './Compare';
import { Messages } from '../components/Messages';

/** The name of each format on its button (the registry's titles are longer). */
const FORMAT_NAMES: Record<ExportFormatId, string> = {
  json: 'JSON',
  csv: 'CSV (zip)',
  har: 'HAR',
  trace: 'Trace',
  report: 'Report (HTML)',
  otlp: 'OTLP (zip)',
};

const SANITIZED_KINDS =
  'Cookie and Set-Cookie headers, Authorization and other token, key, session or CSRF headers, the values of secret-looking URL parameters (token, key, password, session, code, signature…) and user:password@ in URLs';

const COLUMNS = 10;

/** Every stored session: record, open, rename, delete, export, import and compare them. */
export function Sessions() {
  const { bridge, store } = usePanel();
  const tabId = useCapture((s) => s.tabId);
  const status = useCapture((s) => s.status);
  const pinnedId = useCapture((s) => s.pinned?.id ?? null);
  const liveId = useCapture((s) => (s.pinned ? s.liveAside?.session?.id : s.session?.id) ?? null);
  const [list, setList] = useState<SessionList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [exportFor, setExportFor] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const next = await bridge.request('sessionList', {});
      if (mine === generation.current) setList(next);
    } catch (e) {
      if (mine === generation.current) setError(`Could not list the stored sessions: ${(e as Error).message}`);
    }
  }, [bridge]);

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

  const act = async (name: string, work: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const toggleRecording = () =>
    act('recording', async () => {
      const next = await bridge.request('setRecording', { tabId, recording: !status?.recording });
      store.setState({ status: next });
      await refresh();
    });

  const open = (session: Session) =>
    act(`open:${session.id}`, async () => {
      if (session.id === liveId) {
        store.getState().showLive();
      } else {
        const data = await loadStoredSession(await panelDatabase(), session.id);
        store.getState().showSession(data);
      }
      // Show it where its vitals are (every other view shows it too).
      document.getElementById('tab-overview')?.click();
    });

  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!renaming) return;
    const { id, name } = renaming;
    void act(`rename:${id}`, async () => {
      const renamed = await bridge.request('renameSession', { sessionId: id, name });
      setRenaming(null);
      setNotice(`Renamed to “${renamed.name}”.`);
      const state = store.getState();
      if (state.pinned?.id === id) store.setState({ pinned: renamed, session: renamed });
      else if (state.session?.id === id) store.setState({ session: renamed });
      if (state.liveAside?.session?.id === id) store.setState({ liveAside: { ...state.liveAside, session: renamed } });
      await refresh();
    });
  };

  const remove = (session: Session) =>
    act(`delete:${session.id}`, async () => {
      const next = await bridge.request('deleteSession', { sessionId: session.id });
      setList(next);
      setConfirmDelete(null);
      if (exportFor === session.id) setExportFor(null);
      setNotice(`Deleted “${session.name}”.`);
      const state = store.getState();
      if (state.pinned?.id === session.id) state.showLive();
      if (session.id === liveId) {
        // The tab's live session is gone: show what the tab has now.
        const { data, status: fresh } = await bridge.request('subscribe', { tabId });
        store.getState().hydrate(data, fresh);
      }
    });

  const imported = async (session: Session, evicted: number) => {
    setHighlight(session.id);
    await refresh();
    if (evicted) setNotice(`To stay within the storage limit, the ${evicted} oldest session(s) were removed.`);
  };

  const usage = list?.usage;
  const evicted = status?.retention.evicted ?? 0;
  const recording = Boolean(status?.recording);

  return (
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

      <ImportSession onImported={imported} />

      <Messages error={error} notice={notice} />
      {busy?.startsWith('open:') && <p className="muted">Reading the session…</p>}

      {!list ? (
        <p className="muted">Reading the stored sessions…</p>
      ) : list.sessions.length === 0 ? (
        <p className="empty">No stored sessions yet. Start recording and load a page in this tab, or import a session file.</p>
      ) : (
        <table className="data sessions-table">
          <caption>
            Stored sessions ({list.sessions.length}), newest first: this tab's, earlier tabs' and imported ones
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Views</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Alerts</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.sessions.map((session) => {
              const isRecording = list.recording.includes(session.id);
              const shown = pinnedId ? pinnedId === session.id : liveId === session.id;
              return (
                <Fragment key={session.id}>
                  <tr data-session-id={session.id} className={[shown ? 'shown' : '', highlight === session.id ? 'highlight' : ''].join(' ')} aria-current={shown ? 'true' : undefined}>
                    <th scope="row" className="name">
                      {renaming?.id === session.id ? (
                        <form onSubmit={rename} className="rename">
                          <input
                            aria-label={`New name for ${session.name}`}
                            value={renaming.name}
                            maxLength={200}
                            autoFocus
                            onChange={(e) => setRenaming({ id: session.id, name: e.target.value })}
                            onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                          />
                          <button type="submit" disabled={busy !== null}>
                            Save
                          </button>
                          <button type="button" onClick={() => setRenaming(null)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <>
                          <span className="session-title">{session.name}</span>
                          {session.tabId === tabId && <span className="badge">this tab</span>}
                          {isRecording && <span className="badge recording">● recording</span>}
                          {shown && <span className="badge">shown</span>}
                        </>
                      )}
                    </th>
                    <td className="url" title={session.url}>
                      {session.url || '—'}
                    </td>
                    <td>{formatDateTime(session.startTime)}</td>
                    <td className="num">{sessionDuration(session, isRecording)}</td>
                    <td className="num">{formatCount(session.counts.views)}</td>
                    <td className="num">{formatCount(session.counts.requests)}</td>
                    <td className="num">{formatCount(session.counts.alerts)}</td>
                    <td className="num">{formatBytes(session.bytes)}</td>
                    <td>{session.origin === 'captured' ? `captured (tab ${session.tabId})` : originLabel(session)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        aria-label={`${session.id === liveId ? 'Live' : 'Open'} ${session.name}`}
                        title={session.id === liveId ? "This tab's live session: shown unless a stored session is open" : 'Show this session in every view'}
                        disabled={busy !== null || pinnedId === session.id || (!pinnedId && liveId === session.id)}
                        onClick={() => void open(session)}
                      >
                        {session.id === liveId ? 'Live' : 'Open'}
                      </button>
                      <button type="button" aria-label={`Export ${session.name}…`} aria-expanded={exportFor === session.id} onClick={() => setExportFor(exportFor === session.id ? null : session.id)}>
                        Export…
                      </button>
                      <button type="button" aria-label={`Rename ${session.name}`} disabled={busy !== null} onClick={() => setRenaming({ id: session.id, name: session.name })}>
                        Rename
                      </button>
                      <button type="button" aria-label={`Delete ${session.name}`} disabled={busy !== null || isRecording} title={isRecording ? 'Stop recording before deleting this session.' : undefined} onClick={() => setConfirmDelete(session.id)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                  {confirmDelete === session.id && (
                    <tr className="confirm">
                      <td colSpan={COLUMNS}>
                        <div role="group" aria-label="Confirm delete" className="confirm-delete">
                          Delete “{session.name}” and its {formatCount(session.counts.requests)} requests, {formatCount(session.counts.samples)} samples and{' '}
                          {formatCount(session.counts.alerts)} alerts from this browser? This cannot be undone; export it first to keep a copy.{' '}
                          <button type="button" className="danger" disabled={busy !== null} onClick={() => void remove(session)}>
                            Delete permanently
                          </button>{' '}
                          <button type="button" onClick={() => setConfirmDelete(null)}>
                            Keep it
                          </button>
                        </div>
                      </td>
                    </tr>
                  )}
                  {exportFor === session.id && (
                    <tr className="export-row">
                      <td colSpan={COLUMNS}>
                        <ExportPanel session={session} onClose={() => setExportFor(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}

      {list && list.sessions.length > 0 && <Compare sessions={list.sessions} />}
    </div>
  );
}

/** A message as a sentence: ends with a full stop unless it already ends a sentence. */
function sentence(message: string): string {
  const text = message.trim();
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function sessionDuration(session: Session, recording: boolean): string {
  if (session.endTime !== null) return formatDuration(session.endTime - session.startTime);
  if (recording) return `${formatDuration(Date.now() - session.startTime)} so far`;
  return 'not ended';
}

/** The inline export dialog of one session: sanitized by default, one button per format. */
function ExportPanel({ session, onClose }: { session: Session; onClose: () => void }) {
  const [full, setFull] = useState(false);
  const [preview, setPreview] = useState<RemovedCounts | 'counting' | 'too-big' | 'failed'>('counting');
  const [running, setRunning] = useState<{ name: string; read: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const previewing = useRef<AbortController | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    previewing.current = abort;
    void panelDatabase()
      .then((db) => previewRemovals(db, session.id, abort.signal))
      .then(
        (counts) => !abort.signal.aborted && setPreview(counts ?? 'too-big'),
        () => !abort.signal.aborted && setPreview('failed'),
      );
    return () => abort.abort();
  }, [session.id, session.counts.requests]);
  useEffect(() => () => controller.current?.abort(), []);

  const run = async (formatId: ExportFormatId) => {
    const name = FORMAT_NAMES[formatId];
    // The export counts removals itself: a preview still counting would only slow it down.
    if (preview === 'counting') {
      previewing.current?.abort();
      setPreview('failed');
    }
    const abort = new AbortController();
    controller.current = abort;
    setRunning({ name, read: 0, total: 0 });
    setResult(null);
    setError(null);
    try {
      const exported = await exportStoredSession(await panelDatabase(), session.id, {
        formatId,
        sanitize: !full,
        signal: abort.signal,
        onProgress: ({ read, total }) => setRunning({ name, read, total }),
      });
      saveBlob(exported.blob, exported.filename);
      setResult(
        `Saved ${exported.filename} (${formatBytes(exported.blob.size)}, written in ${formatMs(exported.ms)}). ` +
          (exported.removed
            ? `Removed: ${describeRemoved(exported.removed)}.`
            : 'Full export: nothing was removed, so the file holds any cookies, authorization headers and tokens the session captured.'),
      );
    } catch (e) {
      const err = e as Error;
      setError(err.name === 'AbortError' ? 'Export cancelled; no file was saved.' : `The ${name} export failed: ${sentence(err.message)} Nothing was saved; try again, or try another format.`);
    } finally {
      controller.current = null;
      setRunning(null);
    }
  };

  const previewText =
    preview === 'counting'
      ? 'Counting what will be removed…'
      : preview === 'too-big'
        ? 'This session is large: what was removed is reported once the export is written.'
        : preview === 'failed'
          ? 'What was removed is reported once the export is written.'
          : `In this session that is: ${describeRemoved(preview)} (counted for the JSON export; formats that leave data out remove at most this).`;

  return (
    <section className="card export-panel" aria-label={`Export ${session.name}`}>
      <h3>Export “{session.name}”</h3>
      {full ? (
        <p className="warning">
          Full export: nothing is removed. The file can hold cookies, authorization headers and tokens that let whoever has it act as you on this site: keep it to yourself.
        </p>
      ) : (
        <p>
          Sanitized: {SANITIZED_KINDS} are removed. {previewText}
        </p>
      )}
      <label className="full-export">
        <input type="checkbox" checked={full} disabled={running !== null} onChange={(e) => setFull(e.target.checked)} /> Include cookies, authorization headers and tokens (full export)
      </label>
      <ul className="formats">
        {EXPORT_FORMATS.map((format) => (
          <li key={format.id}>
            <button type="button" disabled={running !== null} onClick={() => void run(format.id)} title={format.title}>
              Export {FORMAT_NAMES[format.id]}
            </button>{' '}
            <span className="muted">{format.description}</span>
          </li>
        ))}
      </ul>
      {running && (
        <p className="progress-line">
          <progress aria-label={`${running.name} export progress`} max={Math.max(1, running.total)} value={Math.min(running.read, Math.max(1, running.total))} />{' '}
          <span className="muted">
            {running.name}: {formatCount(running.read)} of {formatCount(running.total)} records read
          </span>{' '}
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel export
          </button>
        </p>
      )}
      {result && (
        <p role="status" className="notice">
          {result}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" onClick={onClose} disabled={running !== null}>
        Close export
      </button>
    </section>
  );
}

/** The file input that imports a JSON export or a HAR as a new session. */
function ImportSession({ onImported }: { onImported: (session: Session, evicted: number) => Promise<void> }) {
  const { bridge } = usePanel();
  const [progress, setProgress] = useState<{ file: string; fraction: number; phase: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setError(null);
    setDone(null);
    setProgress({ file: file.name, fraction: 0, phase: 'reading' });
    let stored = false;
    try {
      const db = await panelDatabase();
      const { format, data } = await importSessionFile(db, file, {
        onProgress: (fraction) => setProgress({ file: file.name, fraction, phase: fraction < 1 ? 'reading' : 'checking and storing' }),
      });
      stored = true;
      const after = await bridge.request('sessionImported', { sessionId: data.session.id });
      setDone(
        `Imported “${file.name}” (${format === 'har' ? 'HAR' : 'session JSON'}, ${formatBytes(file.size)}) as “${data.session.name}”: ` +
          `${formatCount(data.requests.length)} requests, ${formatCount(data.samples.length)} samples, ${formatCount(data.views.length)} views.`,
      );
      await onImported(data.session, after.evicted.length);
    } catch (e) {
      const err = e as Error;
      if (stored) setError(`“${file.name}” was imported, but the list could not be refreshed: ${sentence(err.message)} Reopen this view to see it.`);
      else if (err instanceof ImportError) setError(`Could not import “${file.name}”: ${sentence(err.message)} Nothing was stored.`);
      else setError(`Could not store “${file.name}”: ${sentence(err.message)} Nothing was stored (the session is written in one transaction); free some space by deleting old sessions and try again.`);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="import" aria-label="Import a session">
      <label>
        Import session{' '}
        <input
          type="file"
          accept=".json,.har,application/json"
          aria-label="Import session"
          disabled={progress !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </label>{' '}
      <span className="muted">A session JSON exported here, or a HAR file (from here or saved from Chrome's Network panel), up to {formatBytes(MAX_IMPORT_BYTES)}.</span>
      {progress && (
        <p className="progress-line">
          <progress aria-label="Import progress" max={1} value={progress.fraction} />{' '}
          <span className="muted">
            {progress.file}: {progress.phase} ({Math.round(progress.fraction * 100)} %)
          </span>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
    </section>
  );
}
