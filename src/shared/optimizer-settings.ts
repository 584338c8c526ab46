/**
 * Per-page optimizer toggles, kept in storage.local so the content script reads them at
 * document_start without waking the service worker.
 */
import { bestMatchingPattern } from '../core/optimizer/patterns';
import { isStrategyId, type StrategyId, type StrategyParams } from '../core/optimizer/catalogue';

export const OPTIMIZER_SETTINGS_KEY = 'optimizer';

export interface OptimizerSettings {
  /** URL pattern -> strategies switched on for it. */
  toggles: Record<string, StrategyId[]>;
  /** URL pattern -> the params the plan computed for its strategies. */
  params: Record<string, Partial<StrategyParams>>;
}

export const EMPTY_OPTIMIZER_SETTINGS: OptimizerSettings = { toggles: {}, params: {} };

/** Settings read from storage, with anything malformed dropped. */
export function readOptimizerSettings(raw: unknown): OptimizerSettings {
  if (typeof raw !== 'object' || raw === null) return { toggles: {}, params: {} };
  const r = raw as Partial<OptimizerSettings>;
  const toggles: OptimizerSettings['toggles'] = {};
  for (const [pattern, ids] of Object.entries(r.toggles ?? {})) {
    if (Array.isArray(ids)) toggles[pattern] = ids.filter(isStrategyId);
  }
  const params = typeof r.params === 'object' && r.params !== null ? r.params : {};
  return { toggles, params };
}

/** The pattern that governs a URL, its strategies and their params. */
export function optimizationsFor(settings: OptimizerSettings, url: string): { pattern: string | null; strategies: StrategyId[]; params: Partial<StrategyParams> } {
  const pattern = bestMatchingPattern(url, Object.keys(settings.toggles));
  if (!pattern) return { pattern: null, strategies: [], params: {} };
  return { pattern, strategies: settings.toggles[pattern] ?? [], params: settings.params[pattern] ?? {} };
}
