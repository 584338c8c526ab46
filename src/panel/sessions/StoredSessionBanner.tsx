/**
 * "Showing stored session X — back to live": above every view while a stored session is
 * pinned. It has its own small React root next to the panel's (created the first time a
 * session is opened), so it stays on screen whichever view is selected.
 */
import { createRoot } from 'react-dom/client';
import { useStore } from 'zustand';
import type { CaptureStore } from '../store/capture';
import { formatDateTime, originLabel } from './format';

export function StoredSessionBanner({ store }: { store: CaptureStore }) {
  const pinned = useStore(store, (s) => s.pinned);
  const live = useStore(store, (s) => s.liveAside?.session ?? null);
  if (!pinned) return null;
  return (
    <div className="stored-banner" role="status" aria-label="Stored session shown">
      <span>
        Showing stored session <strong>{pinned.name}</strong> ({originLabel(pinned)}, started {formatDateTime(pinned.startTime)}) in every view —{' '}
      </span>
      <button type="button" onClick={() => store.getState().showLive()}>
        Back to live
      </button>
      <span className="muted">{live ? ` (live session of this tab: ${live.name})` : ' (this tab has no live session yet)'}</span>
    </div>
  );
}

const mounted = new WeakSet<CaptureStore>();

/** Mounts the banner once per store, just before the panel's root element. */
export function ensureStoredSessionBanner(store: CaptureStore): void {
  if (mounted.has(store)) return;
  const root = document.getElementById('root');
  if (!root?.parentElement) return;
  const host = document.createElement('div');
  host.id = 'stored-session-banner';
  root.parentElement.insertBefore(host, root);
  createRoot(host).render(<StoredSessionBanner store={store} />);
  mounted.add(store);
}
