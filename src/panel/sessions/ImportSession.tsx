import { formatBytes } from '../../core/metrics/format';
import { Messages } from '../components/Messages';
import { useSessions, useSessionsStore } from './context';
import { MAX_IMPORT_BYTES } from './import-file';

const PHASES = { reading: '', storing: ', storing the last records', cancelling: ', cancelling (removing what was stored)' } as const;

const percent = (bytes: number, total: number) => (total > 0 ? Math.floor((100 * bytes) / total) : 100);

/** The file input that imports a JSON export or a HAR as a new session. */
export function ImportSession() {
  const store = useSessionsStore();
  const { progress, error, done } = useSessions((s) => s.importing);

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
            if (file) void store.getState().importFile(file);
          }}
        />
      </label>{' '}
      <span className="muted">A session JSON exported here, or a HAR file (from here or saved from Chrome's Network panel), up to {formatBytes(MAX_IMPORT_BYTES)}.</span>
      {progress && (
        <p className="progress-line">
          <progress
            aria-label="Import progress"
            aria-valuetext={`${formatBytes(progress.bytes)} of ${formatBytes(progress.total)} read`}
            max={Math.max(1, progress.total)}
            value={Math.min(progress.bytes, Math.max(1, progress.total))}
          />{' '}
          <span className="muted" data-testid="import-progress">
            {progress.file}: {formatBytes(progress.bytes)} of {formatBytes(progress.total)} read ({percent(progress.bytes, progress.total)} %){PHASES[progress.phase]}
          </span>{' '}
          <button type="button" disabled={progress.phase === 'cancelling'} onClick={() => void store.getState().cancelImport()}>
            Cancel import
          </button>
        </p>
      )}
      <Messages error={error} notice={done} />
    </section>
  );
}
