/**
 * The shape of a DOM applier: one per optimizer strategy, in a file named after the strategy id.
 * An applier changes the page as its strategy says and returns a function that undoes exactly
 * that. It never throws into the page: the registry contains errors from apply and revert, and
 * appliers report errors from their own callbacks through `report`.
 */
import type { StrategyId, StrategyParams } from '../../core/optimizer/catalogue';

/** Undoes everything an applier did. Safe to call more than once. */
export type Revert = () => void;

/** What an applier works with. */
export interface ApplierContext<Id extends StrategyId = StrategyId> {
  doc: Document;
  win: Window;
  params: StrategyParams[Id];
  /** Aborted when the strategy is reverted: listeners registered with it go away. */
  signal: AbortSignal;
  /** Reports an error caught in the applier's callbacks (observers, events, timers). */
  report(error: unknown): void;
}

/** Applies one strategy to a document. */
export interface Applier<Id extends StrategyId = StrategyId> {
  id: Id;
  apply(ctx: ApplierContext<Id>): Revert;
}
