import { Fragment, useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { formatBytes, formatCount, formatDuration } from '../../core/metrics/format';
import type { Session } from '../../core/model';
import type { SessionList } from '../../shared/protocol-sessions';
import { useCapture } from '../context';
import { useSessions, useSessionsStore } from './context';
import { ExportPanel } from './ExportPanel';
import { formatDateTime, originLabel } from './format';

const COLUMNS = 10;

function sessionDuration(session: Session, recording: boolean): string {
  if (session.endTime !== null) return formatDuration(session.endTime - session.startTime);
  if (recording) return `${formatDuration(Date.now() - session.startTime)} so far`;
  return 'not ended';
}

/** The stored sessions, newest first, each with open, export, rename and delete. */
export function SessionTable({ list }: { list: SessionList }) {
  const actions = useSessionsStore().getState();
  const tabId = useCapture((s) => s.tabId);
  const pinnedId = useCapture((s) => s.pinned?.id ?? null);
  const liveId = useCapture((s) => (s.pinned ? s.liveAside?.session?.id : s.session?.id) ?? null);
  const busy = useSessions((s) => s.busy);
  const renaming = useSessions((s) => s.renaming);
  const confirmDelete = useSessions((s) => s.confirmDelete);
  const highlight = useSessions((s) => s.highlight);
  const exportFor = useSessions((s) => s.exportFor);

  // Closing a rename, a delete confirmation or an export puts focus back on the button that opened it.
  const table = useRef<HTMLTableElement>(null);
  const returnFocus = useRef<string | null>(null);
  useEffect(() => {
    if (!returnFocus.current) return;
    table.current?.querySelector<HTMLElement>(`[data-focus="${returnFocus.current}"]`)?.focus();
    returnFocus.current = null;
  });
  const closing = (key: string, close: () => void) => {
    returnFocus.current = key;
    close();
  };
  const escapeCloses = (key: string, close: () => void) => (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    closing(key, close);
  };

  const rename = (event: FormEvent) => {
    event.preventDefault();
    returnFocus.current = `rename:${renaming?.id}`;
    void actions.rename();
  };

  return (
    <table className="data sessions-table" ref={table}>
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
                        onChange={(e) => actions.setRenaming({ id: session.id, name: e.target.value })}
                        onKeyDown={escapeCloses(`rename:${session.id}`, () => actions.setRenaming(null))}
                      />
                      <button type="submit" disabled={busy !== null}>
                        Save
                      </button>
                      <button type="button" onClick={() => closing(`rename:${session.id}`, () => actions.setRenaming(null))}>
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
                    onClick={() => void actions.open(session)}
                  >
                    {session.id === liveId ? 'Live' : 'Open'}
                  </button>
                  <button
                    type="button"
                    data-focus={`export:${session.id}`}
                    aria-label={`Export ${session.name}…`}
                    aria-expanded={exportFor === session.id}
                    onClick={() => actions.toggleExport(session.id)}
                    onKeyDown={exportFor === session.id ? escapeCloses(`export:${session.id}`, () => actions.closeExport()) : undefined}
                  >
                    Export…
                  </button>
                  <button type="button" data-focus={`rename:${session.id}`} aria-label={`Rename ${session.name}`} disabled={busy !== null} onClick={() => actions.setRenaming({ id: session.id, name: session.name })}>
                    Rename
                  </button>
                  <button type="button" data-focus={`delete:${session.id}`} aria-label={`Delete ${session.name}`} disabled={busy !== null || isRecording} title={isRecording ? 'Stop recording before deleting this session.' : undefined} onClick={() => actions.setConfirmDelete(session.id)}>
                    Delete
                  </button>
                </td>
              </tr>
              {confirmDelete === session.id && (
                <tr className="confirm">
                  <td colSpan={COLUMNS}>
                    <div role="group" aria-label="Confirm delete" className="confirm-delete" onKeyDown={escapeCloses(`delete:${session.id}`, () => actions.setConfirmDelete(null))}>
                      Delete “{session.name}” and its {formatCount(session.counts.requests)} requests, {formatCount(session.counts.samples)} samples and{' '}
                      {formatCount(session.counts.alerts)} alerts from this browser? This cannot be undone; export it first to keep a copy.{' '}
                      <button type="button" className="danger" disabled={busy !== null} onClick={() => void actions.remove(session)}>
                        Delete permanently
                      </button>{' '}
                      {/* Focus starts on the safe choice; Escape is the same as Keep it. */}
                      <button type="button" autoFocus onClick={() => closing(`delete:${session.id}`, () => actions.setConfirmDelete(null))}>
                        Keep it
                      </button>
                    </div>
                  </td>
                </tr>
              )}
              {exportFor === session.id && (
                <tr className="export-row">
                  <td colSpan={COLUMNS}>
                    <ExportPanel session={session} onClosed={() => (returnFocus.current = `export:${session.id}`)} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
