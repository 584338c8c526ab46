/** Panel -> background requests of the optimizer capability, and their replies. */
import * as v from 'valibot';
import type { OptimizerEnvironment } from '../core/optimizer/environment';
import type { DisplayedImage, DomFacts } from '../core/optimizer/input';
import type { OptimizerPlan } from '../core/optimizer/plan';
import type { Proof } from '../core/optimizer/proof';
import type { StrategyId } from '../core/optimizer/catalogue';

/** The page's environment and DOM facts, collected by the content script on request. */
export interface PageFacts {
  url: string;
  environment: OptimizerEnvironment;
  dom: DomFacts;
  images: DisplayedImage[];
  /** Strategies the content script has on now, and errors its appliers contained. */
  active: StrategyId[];
  errors: { strategyId: string; phase: string; message: string }[];
}

export { COLLECT_FACTS } from './page-protocol';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const size = v.pipe(v.number(), v.finite(), v.minValue(0));
/** The content script's reply crosses a boundary too: validated before use. */
export const PageFactsSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(8192)),
  environment: v.object({
    effectiveType: v.nullable(v.pipe(v.string(), v.maxLength(16))),
    saveData: v.boolean(),
    deviceMemory: v.nullable(size),
    hardwareConcurrency: v.nullable(size),
    prefersReducedMotion: v.boolean(),
    devicePixelRatio: v.optional(size),
  }),
  dom: v.object({ runningAnimations: v.optional(count), videos: v.optional(count), playingVideos: v.optional(count), sameOriginLinks: v.optional(count) }),
  images: v.pipe(
    v.array(v.object({ url: v.pipe(v.string(), v.maxLength(8192)), naturalWidth: size, naturalHeight: size, displayWidth: size, displayHeight: size, bytes: size })),
    v.maxLength(500),
  ),
  active: v.array(v.string()),
  errors: v.pipe(v.array(v.object({ strategyId: v.string(), phase: v.string(), message: v.pipe(v.string(), v.maxLength(1000)) })), v.maxLength(100)),
});

export interface StrategyState {
  id: StrategyId;
  title: string;
  changes: string;
  on: boolean;
  liveSafe: boolean;
  takesEffect: 'now' | 'next-load';
}

export interface OptimizerView {
  url: string;
  pattern: string;
  plan: OptimizerPlan;
  /** The plan came from the cache engine (same input, strategy catalogue and params as an earlier analysis). */
  planCached: boolean;
  strategies: StrategyState[];
  facts: PageFacts | null;
  /** Before/after of the strategies switched on together, and of each strategy. */
  proofs: { plan: Proof | null; perStrategy: Proof[] };
  /** Hard page loads of this pattern recorded so far. */
  loads: number;
}

export interface OptimizerRequests {
  optimizerView: { tabId: number; pattern?: string };
  setStrategies: { tabId: number; pattern: string; strategies: StrategyId[] };
  runAbTest: { tabId: number; pattern: string; strategies: StrategyId[]; loads: number; settleMs?: number };
  cancelAbTest: { tabId: number };
}

export interface OptimizerReplies {
  optimizerView: OptimizerView;
  setStrategies: OptimizerView;
  runAbTest: OptimizerView;
  cancelAbTest: { cancelled: boolean };
}
