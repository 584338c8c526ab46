import { useEffect } from 'react';
import { formatCount } from '../../core/metrics/format';
import type { Session } from '../../core/model';
import { describeRemoved, EXPORT_FORMATS } from '../../core/sessions/index';
import { Messages } from '../components/Messages';
import { useSessions, useSessionsStore } from './context';
import { FORMAT_NAMES } from './format';
import { SendSessionOtlp } from './OtlpSending';

const SANITIZED_KINDS =
  'Cookie and Set-Cookie headers, Authorization and other token, key, session or CSRF headers, the values of secret-looking URL parameters (token, key, password, session, code, signature…) and user:password@ in URLs';

/** The inline export dialog of one session: sanitized by default, one button per format. */
export function ExportPanel({ session, onClosed }: { session: Session; /** Called before the panel closes itself (Close, Escape). */ onClosed?: () => void }) {
  const store = useSessionsStore();
  const { full, preview, running, result, error } = useSessions((s) => s.exporting);
  const actions = store.getState();

  // getState() is a new object after every change: effects depend on the store, which is stable.
  useEffect(() => store.getState().previewExport(session.id), [store, session.id, session.counts.requests]);
  useEffect(() => () => store.getState().cancelExport(), [store]);

  const previewText =
    preview === 'counting'
      ? 'Counting what will be removed…'
      : preview === 'too-big'
        ? 'This session is large: what was removed is reported once the export is written.'
        : preview === 'failed'
          ? 'What was removed is reported once the export is written.'
          : `In this session that is: ${describeRemoved(preview)} (counted for the JSON export; formats that leave data out remove at most this).`;

  const close = () => {
    onClosed?.();
    actions.closeExport();
  };

  return (
    <section
      className="card export-panel"
      aria-label={`Export ${session.name}`}
      onKeyDown={(e) => {
        // Escape closes it, except while an export runs (Cancel export stops that).
        if (e.key !== 'Escape' || running !== null) return;
        e.preventDefault();
        close();
      }}
    >
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
        <input type="checkbox" checked={full} disabled={running !== null} onChange={(e) => actions.setFullExport(e.target.checked)} /> Include cookies, authorization headers and tokens (full export)
      </label>
      <ul className="formats">
        {EXPORT_FORMATS.map((format) => (
          <li key={format.id}>
            <button type="button" disabled={running !== null} onClick={() => void actions.runExport(session, format.id)} title={format.title}>
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
          <button type="button" onClick={() => actions.cancelExport()}>
            Cancel export
          </button>
        </p>
      )}
      {/* A run clears both and sets one, so they never show together. */}
      <Messages error={error} notice={result} />
      <SendSessionOtlp sessionId={session.id} />
      <button type="button" onClick={close} disabled={running !== null}>
        Close export
      </button>
    </section>
  );
}
