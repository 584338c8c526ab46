/**
 * Applies the optimizer strategies switched on for this page, from document_start (this runs in
 * the optimizer content script, injected only where a strategy is on: optimizer-main.ts). Toggles come
 * from storage.local (no round trip to the service worker); switching one on or off in the
 * panel applies or fully reverts it live; an SPA navigation to a URL with other toggles does
 * the same. Each applier runs isolated: an error is contained and reported, never thrown.
 */
import type { StrategyId, StrategyParams } from '../core/optimizer/catalogue';
import { optimizationsFor, OPTIMIZER_SETTINGS_KEY, readOptimizerSettings, type OptimizerSettings } from '../shared/optimizer-settings';
import { CONTENT_SOURCE, PAGE_PROTOCOL, type LazyImagesCommand } from '../shared/page-protocol';
import type { PageFacts } from '../shared/protocol-optimizer';
import { applyStrategies, type AppliedStrategies } from './appliers/registry';
import { extensionApi } from './extension-api';

export class PageOptimizer {
  private settings: OptimizerSettings = { toggles: {}, params: {} };
  private readonly strategies: AppliedStrategies;
  private paramsKey = new Map<StrategyId, string>();

  /** `tellPage` sends a command to the page-world script over the private channel (PageBridge). */
  constructor(private readonly tellPage: (command: LazyImagesCommand) => void) {
    this.strategies = applyStrategies([], {
      doc: document,
      win: window,
      report: (id, error) => console.debug(`[Admin Performance] the "${id}" optimization failed and was contained:`, error),
    });
  }

  async start(): Promise<void> {
    const api = extensionApi();
    if (!api) return;
    api.storage.onChanged.addListener((changes, area) => {
      const change = changes[OPTIMIZER_SETTINGS_KEY];
      if (area === 'local' && change) {
        this.settings = readOptimizerSettings(change.newValue);
        this.sync();
      }
    });
    const stored = await api.storage.local.get(OPTIMIZER_SETTINGS_KEY);
    this.settings = readOptimizerSettings(stored[OPTIMIZER_SETTINGS_KEY]);
    this.sync();
  }

  /** Brings the applied strategies in line with the toggles for the current URL. */
  sync(url = location.href): void {
    const { strategies, params } = optimizationsFor(this.settings, url);
    const wanted = new Set(strategies);
    for (const id of this.strategies.active()) {
      const changed = this.paramsKey.get(id) !== JSON.stringify(params[id] ?? null);
      if (!wanted.has(id) || changed) this.strategies.revert(id);
    }
    for (const id of strategies) {
      if (this.strategies.active().includes(id)) continue;
      const p = params[id] as StrategyParams[typeof id] | undefined;
      if (this.strategies.apply(id, p)) this.paramsKey.set(id, JSON.stringify(p ?? null));
    }
    this.tellPageWorld(wanted.has('lazy-load-images'), params['lazy-load-images']?.lcpUrl ?? null);
  }

  private tellPageWorld(enabled: boolean, lcpUrl: string | null): void {
    const command: LazyImagesCommand = { source: CONTENT_SOURCE, v: PAGE_PROTOCOL, type: 'lazy-images', enabled, exclude: lcpUrl ? [lcpUrl] : [] };
    this.tellPage(command);
  }

  /** The strategies on now and the errors contained (for the background's COLLECT_FACTS, answered by capture). */
  applied(): Pick<PageFacts, 'active' | 'errors'> {
    return {
      active: this.strategies.active(),
      errors: this.strategies.errors.slice(-100).map((e) => ({ strategyId: e.strategyId, phase: e.phase, message: String((e.error as Error)?.message ?? e.error).slice(0, 1000) })),
    };
  }
}
