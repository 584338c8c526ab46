/**
 * The shape of a capture collector: one per metric source, in a file named after its id. Every
 * collector starts the same way and stops when the context's signal aborts; what it measures
 * it pushes as capture items, each assigned to its view.
 */
import type { AnimationFrameLike } from '../../core/capture/vital-attribution';
import type { CaptureItem } from '../../shared/protocol';
import type { ViewTracker } from '../views';
import type { MethodHints } from '../method-hints';

/** What every collector starts with. */
export interface CollectorContext {
  /** The document's views: assigns each sample to the view it happened in. */
  views: ViewTracker;
  /** Queues one item for delivery to the background. */
  push(item: CaptureItem): void;
  /** Methods of fetch/XHR calls seen by the page-world hook. */
  methods: MethodHints;
  /** Aborted to stop the collector: observers, listeners and timers go away. */
  signal: AbortSignal;
  /** The latest long animation frames, oldest first: kept by the long-frames collector, read by the vitals collector's INP attribution. */
  frames: AnimationFrameLike[];
}

/** One source of capture items. */
export interface Collector {
  /** The name of its file in src/content/collectors. */
  id: string;
  /**
   * Start when the page is idle (at most a second later) rather than at document_start: for
   * a collector whose source is buffered by the browser or sampled, so it loses nothing by
   * waiting and keeps its start-up off the page's loading path.
   */
  atIdle?: boolean;
  start(ctx: CollectorContext): void;
}
