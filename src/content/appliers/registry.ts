/**
 * One applier per optimizer strategy, and the runner that applies them in isolation: each gets
 * its own AbortSignal, an error in one (in apply, in its callbacks or in revert) is contained,
 * recorded and reported, and never stops the others or reaches the page.
 */
import { DEFAULT_PARAMS, type StrategyId, type StrategyParams } from '../../core/optimizer/catalogue';
import { asyncImageDecodingApplier } from './async-image-decoding';
import { cacheRepeatedApiCallsApplier } from './cache-repeated-api-calls';
import { contentVisibilityApplier } from './content-visibility';
import { lazyLoadImagesApplier } from './lazy-load-images';
import { pauseOffscreenMediaApplier } from './pause-offscreen-media';
import { preconnectHotOriginsApplier } from './preconnect-hot-origins';
import { prefetchNextPagesApplier } from './prefetch-next-pages';
import { prioritizeLcpImageApplier } from './prioritize-lcp-image';
import { reduceMotionApplier } from './reduce-motion';
import type { Applier, Revert } from './types';

/** Each applier under its strategy's id. */
export type ApplierRegistry = { readonly [Id in StrategyId]: Applier<Id> };

export const APPLIERS: ApplierRegistry = {
  'lazy-load-images': lazyLoadImagesApplier,
  'prioritize-lcp-image': prioritizeLcpImageApplier,
  'content-visibility': contentVisibilityApplier,
  'async-image-decoding': asyncImageDecodingApplier,
  'reduce-motion': reduceMotionApplier,
  'preconnect-hot-origins': preconnectHotOriginsApplier,
  'pause-offscreen-media': pauseOffscreenMediaApplier,
  'prefetch-next-pages': prefetchNextPagesApplier,
  'cache-repeated-api-calls': cacheRepeatedApiCallsApplier,
};

/** An error contained while applying, running or reverting a strategy. */
export interface StrategyError {
  strategyId: StrategyId;
  phase: 'apply' | 'callback' | 'revert';
  error: unknown;
}

/** What {@link applyStrategies} needs. */
export interface ApplyStrategiesContext {
  doc: Document;
  win: Window;
  /** Params per strategy (from the plan); a strategy without uses its default params. */
  params?: Partial<StrategyParams>;
  /** Called for every contained error (e.g. to count it and tell the background). */
  report(strategyId: StrategyId, error: unknown): void;
  /** Aborting it reverts every strategy. */
  signal?: AbortSignal;
}

/** The strategies applied to a document, to add to or revert live. */
export interface AppliedStrategies {
  /** Applies one more strategy (false when it is already on, unknown, or failed to apply). */
  apply<Id extends StrategyId>(id: Id, params?: StrategyParams[Id]): boolean;
  /** Reverts one strategy fully (no-op when it is not on). */
  revert(id: StrategyId): void;
  /** Reverts every strategy, last applied first. */
  revertAll(): void;
  /** The strategies on now, in the order they were applied. */
  active(): StrategyId[];
  /** Every error contained so far. */
  readonly errors: readonly StrategyError[];
}

/** Applies the strategies ids to ctx.doc, each isolated from the others and from the page. */
export function applyStrategies(ids: readonly StrategyId[], ctx: ApplyStrategiesContext): AppliedStrategies {
  const running = new Map<StrategyId, { controller: AbortController; revert: Revert }>();
  const errors: StrategyError[] = [];

  const fail = (strategyId: StrategyId, phase: StrategyError['phase'], error: unknown) => {
    errors.push({ strategyId, phase, error });
    try {
      ctx.report(strategyId, error);
    } catch {
      // A failing reporter must not break the page either.
    }
  };

  const apply = <Id extends StrategyId>(id: Id, params?: StrategyParams[Id]): boolean => {
    if (running.has(id) || ctx.signal?.aborted || !Object.hasOwn(APPLIERS, id)) return false;
    const applier: Applier<Id> = APPLIERS[id];
    const controller = new AbortController();
    try {
      const revert = applier.apply({
        doc: ctx.doc,
        win: ctx.win,
        params: params ?? ctx.params?.[id] ?? DEFAULT_PARAMS[id],
        signal: controller.signal,
        report: (error) => fail(id, 'callback', error),
      });
      running.set(id, { controller, revert });
      return true;
    } catch (error) {
      controller.abort();
      fail(id, 'apply', error);
      return false;
    }
  };

  const revert = (id: StrategyId) => {
    const entry = running.get(id);
    if (!entry) return;
    running.delete(id);
    entry.controller.abort();
    try {
      entry.revert();
    } catch (error) {
      fail(id, 'revert', error);
    }
  };

  const revertAll = () => [...running.keys()].reverse().forEach(revert);

  ctx.signal?.addEventListener('abort', revertAll, { once: true });
  for (const id of ids) apply(id);
  return { apply, revert, revertAll, active: () => [...running.keys()], errors };
}
