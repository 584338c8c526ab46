import { createStore } from 'zustand/vanilla';
import type { MetricSample, RequestRecord, Session, SessionData, View } from '../../core/model';
import type { BackgroundPanelMessage, CaptureStatus } from '../../shared/protocol';

/** One session's data as the views show it. */
export interface ShownData {
  session: Session | null;
  views: View[];
  samples: MetricSample[];
  requests: RequestRecord[];
}

/**
 * What the panel shows for the inspected tab. The arrays grow in place (a session can hold
 * 100,000 samples) and `revision` changes on every change; components read the arrays through
 * `useCaptureData` (context.ts), which hides that.
 * Normally that is the tab's live session; `showSession` pins a stored (or imported) session
 * instead, in every view, until `showLive`. Live data keeps arriving meanwhile, aside.
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
  /** The stored session shown instead of the live one, or null when showing live. */
  pinned: Session | null;
  /** The live session's data, kept up to date aside while a stored session is pinned. */
  liveAside: ShownData | null;
  /** Shows a stored session in every view (the live one keeps recording aside). */
  showSession(data: SessionData): void;
  /** Back to the tab's live session. */
  showLive(): void;
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
    pinned: null,
    liveAside: null,
    hydrate(data, status) {
      const live: ShownData = {
        session: data?.session ?? null,
        views: data ? [...data.views] : [],
        samples: data ? [...data.samples] : [],
        requests: data ? [...data.requests] : [],
      };
      if (get().pinned) set({ status, liveAside: live, lastUpdate: Date.now() });
      else set({ status, ...live, revision: get().revision + 1, lastUpdate: Date.now() });
    },
    receive(msg) {
      const state = get();
      switch (msg.type) {
        case 'append': {
          // While a stored session is pinned, live data goes to the live session aside.
          const live: ShownData = state.pinned && state.liveAside ? state.liveAside : state;
          if (!live.session || msg.sessionId !== live.session.id) return get().onGap?.();
          // Commits are serialized per session, so totals tell whether this batch is already
          // included (it raced with the initial load), fits, or a batch was missed.
          const have = live.samples.length + live.requests.length + live.views.length;
          const after = msg.counts.samples + msg.counts.requests + msg.counts.views;
          const size = msg.samples.length + msg.requests.length + msg.views.length;
          if (have >= after) return;
          if (have !== after - size) return get().onGap?.();
          live.views.push(...msg.views);
          for (const s of msg.samples) live.samples.push(s);
          for (const r of msg.requests) live.requests.push(r);
          if (state.pinned) set({ lastUpdate: Date.now() });
          else set({ revision: state.revision + 1, lastUpdate: Date.now() });
          return;
        }
        case 'session': {
          const live: ShownData = { session: msg.data.session, views: [...msg.data.views], samples: [...msg.data.samples], requests: [...msg.data.requests] };
          if (state.pinned) set({ liveAside: live });
          else set({ ...live, revision: state.revision + 1 });
          return;
        }
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
    showSession(data) {
      const state = get();
      const liveAside: ShownData = state.pinned && state.liveAside ? state.liveAside : { session: state.session, views: state.views, samples: state.samples, requests: state.requests };
      set({
        pinned: data.session,
        liveAside,
        session: data.session,
        views: [...data.views],
        samples: [...data.samples],
        requests: [...data.requests],
        revision: state.revision + 1,
      });
    },
    showLive() {
      const state = get();
      if (!state.pinned) return;
      const live = state.liveAside ?? { session: null, views: [], samples: [], requests: [] };
      set({ pinned: null, liveAside: null, ...live, revision: state.revision + 1, lastUpdate: Date.now() });
    },
  }));
}
