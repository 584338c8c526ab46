import { createStore } from 'zustand/vanilla';
import type { MetricSample, RequestRecord, Session, SessionData, View } from '../../core/model';
import type { BackgroundPanelMessage, CaptureStatus } from '../../shared/protocol';

/**
 * What the panel shows for the inspected tab. The arrays grow in place (a session can hold
 * 100,000 samples) and `revision` changes on every change, which is what components select.
 */
export interface CaptureState {
  tabId: number;
  status: CaptureStatus | null;
  session: Session | null;
  views: View[];
  samples: MetricSample[];
  requests: RequestRecord[];
  revision: number;
  /** Epoch ms when the last data arrived (for the live indicator). */
  lastUpdate: number;
  error: string | null;
  /** Long tasks the background reports progress for, by task name. */
  progress: Record<string, { fraction: number; message: string }>;
  hydrate(data: SessionData | null, status: CaptureStatus): void;
  receive(msg: BackgroundPanelMessage): void;
  setError(error: string | null): void;
  /** Called when an append does not follow what the panel holds: reload from storage. */
  onGap?: () => void;
}

export type CaptureStore = ReturnType<typeof createCaptureStore>;

export function createCaptureStore(tabId: number) {
  return createStore<CaptureState>()((set, get) => ({
    tabId,
    status: null,
    session: null,
    views: [],
    samples: [],
    requests: [],
    revision: 0,
    lastUpdate: 0,
    error: null,
    progress: {},
    hydrate(data, status) {
      set({
        status,
        session: data?.session ?? null,
        views: data ? [...data.views] : [],
        samples: data ? [...data.samples] : [],
        requests: data ? [...data.requests] : [],
        revision: get().revision + 1,
        lastUpdate: Date.now(),
      });
    },
    receive(msg) {
      const state = get();
      switch (msg.type) {
        case 'append': {
          if (!state.session || msg.sessionId !== state.session.id) return get().onGap?.();
          // Commits are serialized per session, so totals tell whether this batch is already
          // included (it raced with the initial load), fits, or a batch was missed.
          const have = state.samples.length + state.requests.length + state.views.length;
          const after = msg.counts.samples + msg.counts.requests + msg.counts.views;
          const size = msg.samples.length + msg.requests.length + msg.views.length;
          if (have >= after) return;
          if (have !== after - size) return get().onGap?.();
          state.views.push(...msg.views);
          for (const s of msg.samples) state.samples.push(s);
          for (const r of msg.requests) state.requests.push(r);
          set({ revision: state.revision + 1, lastUpdate: Date.now() });
          return;
        }
        case 'session':
          set({ session: msg.data.session, views: [...msg.data.views], samples: [...msg.data.samples], requests: [...msg.data.requests], revision: state.revision + 1 });
          return;
        case 'status':
          set({ status: msg.status });
          return;
        case 'progress':
          set({ progress: { ...state.progress, [msg.task]: { fraction: msg.fraction, message: msg.message } } });
          return;
        case 'reply':
          return;
      }
    },
    setError(error) {
      set({ error });
    },
  }));
}
