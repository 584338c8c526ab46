/** "Showing stored session X — back to live": above every view while a stored session is pinned. */
import { useStore } from 'zustand';
import type { CaptureStore } from '../capture/store';
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
