/**
 * The shapes every optimizer strategy shares. One strategy per file in ./strategies, its id
 * taken from the file name; each file exports its strategy and the type of its params.
 */
import type { OptimizerInput } from './input';
import type { LazyLoadImagesParams } from './strategies/lazy-load-images';
import type { PrioritizeLcpImageParams } from './strategies/prioritize-lcp-image';
import type { ContentVisibilityParams } from './strategies/content-visibility';
import type { AsyncImageDecodingParams } from './strategies/async-image-decoding';
import type { ReduceMotionParams } from './strategies/reduce-motion';
import type { PreconnectHotOriginsParams } from './strategies/preconnect-hot-origins';
import type { PauseOffscreenMediaParams } from './strategies/pause-offscreen-media';
import type { PrefetchNextPagesParams } from './strategies/prefetch-next-pages';
import type { CacheRepeatedApiCallsParams } from './strategies/cache-repeated-api-calls';

/** The params of each strategy, computed by the plan and passed to its applier. */
export interface StrategyParams {
  'lazy-load-images': LazyLoadImagesParams;
  'prioritize-lcp-image': PrioritizeLcpImageParams;
  'content-visibility': ContentVisibilityParams;
  'async-image-decoding': AsyncImageDecodingParams;
  'reduce-motion': ReduceMotionParams;
  'preconnect-hot-origins': PreconnectHotOriginsParams;
  'pause-offscreen-media': PauseOffscreenMediaParams;
  'prefetch-next-pages': PrefetchNextPagesParams;
  'cache-repeated-api-calls': CacheRepeatedApiCallsParams;
}

/** A strategy's id: the name of its file in ./strategies. */
export type StrategyId = keyof StrategyParams;

/** A metric of a page load that a before/after proof compares (all: lower is better). */
export type ProofMetric = 'LCP' | 'FCP' | 'CLS' | 'INP' | 'loafMs' | 'bytes' | 'requests' | 'renderMs';

/** How much a recommendation is expected to help this page on this device. */
export type Impact = 'high' | 'medium' | 'low';

/** A strategy's verdict for one page on one device. */
export type Assessment =
  | {
      applies: true;
      /** One line in the user's words, with the numbers that led to it. */
      reason: string;
      impact: Impact;
      /** Switch it on without asking (e.g. the OS asks for reduced motion). */
      auto: boolean;
    }
  | {
      applies: false;
      /** One line saying why not (or what is missing to decide). */
      reason: string;
    };

/** One optimization: what it changes, when it applies, how it is undone, what it should move. */
export interface Strategy<Id extends StrategyId = StrategyId> {
  id: Id;
  /** Name of its switch in the panel (tests find the switch by this prefix). */
  title: string;
  /** What it changes on the page, one sentence. */
  changes: string;
  /** How its applier undoes it, one sentence. */
  revert: string;
  /** Metrics it is expected to move (the proof shows these first). */
  expectedMetrics: readonly ProofMetric[];
  /** Can be switched on and off on a live page without a reload, and without breaking it. */
  liveSafe: boolean;
  /** When the effect shows: on the page as it is now, or only from the next load on. */
  takesEffect: 'now' | 'next-load';
  /** The content script must start it at document_start to get its full effect on a load. */
  runAt: 'document_start' | 'document_idle';
  /** Params the applier uses when no plan computed any (e.g. switched on by hand). */
  defaultParams: StrategyParams[Id];
  /** Whether it applies to this page on this device, and why. */
  assess(input: OptimizerInput): Assessment;
  /** The params its applier needs for this page. */
  params(input: OptimizerInput): StrategyParams[Id];
}
