import { formatBytes } from '../../core/metrics/format';
import { Messages } from '../components/Messages';
import { useSessions, useSessionsStore } from './context';
import { MAX_IMPORT_BYTES } from './import-file';

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
          <progress aria-label="Import progress" max={1} value={progress.fraction} />{' '}
          <span className="muted">
            {progress.file}: {progress.phase} ({Math.round(progress.fraction * 100)} %)
          </span>
        </p>
      )}
      <Messages error={error} notice={done} />
    </section>
  );
}
