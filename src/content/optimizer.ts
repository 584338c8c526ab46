/**
 * Applies the optimizer strategies switched on for this page, from document_start. Toggles come
 * from storage.local (no round trip to the service worker); switching one on or off in the
 * panel applies or fully reverts it live; an SPA navigation to a URL with other toggles does
 * the same. Each applier runs isolated: an error is contained and reported, never thrown.
 */
import type { DisplayedImage, DomFacts } from '../core/optimizer/input';
import type { OptimizerEnvironment } from '../core/optimizer/environment';
import type { StrategyId, StrategyParams } from '../core/optimizer/catalogue';
import { optimizationsFor, OPTIMIZER_SETTINGS_KEY, readOptimizerSettings, type OptimizerSettings } from '../shared/optimizer-settings';
import { COLLECT_FACTS, CONTENT_SOURCE, PAGE_PROTOCOL, type LazyImagesCommand } from '../shared/page-protocol';
import type { PageFacts } from '../shared/protocol-optimizer';
import { applyStrategies, type AppliedStrategies } from './appliers/registry';
import { extensionApi } from './extension-api';

export class PageOptimizer {
  private settings: OptimizerSettings = { toggles: {}, params: {} };
  private readonly applied: AppliedStrategies;
  private paramsKey = new Map<StrategyId, string>();

  /** `tellPage` sends a command to the page-world script over the private channel (PageBridge). */
  constructor(private readonly tellPage: (command: LazyImagesCommand) => void) {
    this.applied = applyStrategies([], {
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
    api.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
      if ((msg as { type?: string } | null)?.type !== COLLECT_FACTS) return undefined;
      sendResponse(this.facts());
      return undefined;
    });
    const stored = await api.storage.local.get(OPTIMIZER_SETTINGS_KEY);
    this.settings = readOptimizerSettings(stored[OPTIMIZER_SETTINGS_KEY]);
    this.sync();
  }

  /** Brings the applied strategies in line with the toggles for the current URL. */
  sync(url = location.href): void {
    const { strategies, params } = optimizationsFor(this.settings, url);
    const wanted = new Set(strategies);
    for (const id of this.applied.active()) {
      const changed = this.paramsKey.get(id) !== JSON.stringify(params[id] ?? null);
      if (!wanted.has(id) || changed) this.applied.revert(id);
    }
    for (const id of strategies) {
      if (this.applied.active().includes(id)) continue;
      const p = params[id] as StrategyParams[typeof id] | undefined;
      if (this.applied.apply(id, p)) this.paramsKey.set(id, JSON.stringify(p ?? null));
    }
    this.tellPageWorld(wanted.has('lazy-load-images'), params['lazy-load-images']?.lcpUrl ?? null);
  }

  private tellPageWorld(enabled: boolean, lcpUrl: string | null): void {
    const command: LazyImagesCommand = { source: CONTENT_SOURCE, v: PAGE_PROTOCOL, type: 'lazy-images', enabled, exclude: lcpUrl ? [lcpUrl] : [] };
    this.tellPage(command);
  }

  facts(): PageFacts {
    return {
      url: location.href,
      environment: environment(),
      dom: domFacts(),
      images: displayedImages(),
      active: this.applied.active(),
      errors: this.applied.errors.slice(-100).map((e) => ({ strategyId: e.strategyId, phase: e.phase, message: String((e.error as Error)?.message ?? e.error).slice(0, 1000) })),
    };
  }
}

function environment(): OptimizerEnvironment {
  const nav = navigator as Navigator & { connection?: { effectiveType?: string; saveData?: boolean }; deviceMemory?: number };
  return {
    effectiveType: nav.connection?.effectiveType ?? null,
    saveData: Boolean(nav.connection?.saveData),
    deviceMemory: nav.deviceMemory ?? null,
    hardwareConcurrency: nav.hardwareConcurrency ?? null,
    prefersReducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
    devicePixelRatio: devicePixelRatio,
  };
}

function domFacts(): DomFacts {
  const videos = [...document.querySelectorAll('video')];
  let sameOriginLinks = 0;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href]')) if (a.origin === location.origin) sameOriginLinks++;
  return {
    runningAnimations: typeof document.getAnimations === 'function' ? document.getAnimations().filter((a) => a.playState === 'running').length : 0,
    videos: videos.length,
    playingVideos: videos.filter((v) => !v.paused).length,
    sameOriginLinks,
  };
}

function displayedImages(): DisplayedImage[] {
  const bytes = new Map<string, number>();
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) bytes.set(e.name, e.encodedBodySize);
  const out: DisplayedImage[] = [];
  for (const img of document.images) {
    if (!img.complete || !img.naturalWidth || !img.currentSrc) continue;
    const rect = img.getBoundingClientRect();
    out.push({ url: img.currentSrc.slice(0, 8192), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, displayWidth: rect.width, displayHeight: rect.height, bytes: bytes.get(img.currentSrc) ?? 0 });
    if (out.length >= 500) break;
  }
  return out;
}
