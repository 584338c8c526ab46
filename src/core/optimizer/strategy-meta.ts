/**
 * What a strategy declares in its strategies/<id>/meta.ts, beside its decision logic: its id and
 * the params its applier uses when no plan computed any. Tiny and free of decision code, so the
 * content script injected into every page can import every strategy's meta.
 */

/** A strategy's id and default params; Params is the type of what its applier receives. */
export interface StrategyMeta<Id extends string, Params> {
  readonly id: Id;
  /** Params the applier uses when no plan computed any (e.g. switched on by hand). */
  readonly defaultParams: Params;
}
