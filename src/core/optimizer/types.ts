/** The shapes every optimizer strategy's decision shares (its meta is in ./strategy-meta.ts). */
import type { StrategyId, StrategyParams } from './catalogue';
import type { OptimizerInput } from './input';
import type { StrategyMeta } from './strategy-meta';

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
export interface Strategy<Id extends StrategyId = StrategyId> extends StrategyMeta<Id, StrategyParams[Id]> {
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
  /** Whether it applies to this page on this device, and why. */
  assess(input: OptimizerInput): Assessment;
  /** The params its applier needs for this page. */
  params(input: OptimizerInput): StrategyParams[Id];
}
