/**
 * How the capture content script reaches the optimizer content script when both run in a page.
 * They share the extension's isolated world (invisible to the page) but are separate bundles,
 * so the optimizer publishes this object on the isolated world's global; capture finds it there
 * (absent where no strategy is on: then nothing is applied).
 */
import type { PageFacts } from '../shared/protocol-optimizer';

/** What the optimizer offers capture. */
export interface OptimizerSeam {
  /** Brings the applied strategies in line with the toggles for url (after an SPA navigation). */
  sync(url: string): void;
  /** The strategies on now and the errors contained. */
  applied(): Pick<PageFacts, 'active' | 'errors'>;
}

const KEY = '__adminPerformanceOptimizer';

export function publishOptimizerSeam(seam: OptimizerSeam): void {
  Object.defineProperty(globalThis, KEY, { value: seam, enumerable: false });
}

export function optimizerSeam(): OptimizerSeam | null {
  return ((globalThis as Record<string, unknown>)[KEY] as OptimizerSeam | undefined) ?? null;
}

