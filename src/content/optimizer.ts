/**
 * Applies the optimizer strategies switched on for this page, from document_start. Toggles come
 * from storage.local (no round trip to the service worker); switching one on or off in the
 * panel applies or fully reverts it live; an SPA navigation to a URL with other toggles does
 * the same. Each applier runs isolated: an error is contained and reported, never thrown.
 */
import browser from 'webextension-polyfill';
import type { DisplayedImage, DomFacts } from '../core/optimizer/input';
import type { OptimizerEnvironment } from '../core/optimizer/environment';
import type { StrategyId, StrategyParams } from '../core/optimizer/catalogue';
import { optimizationsFor, OPTIMIZER_SETTINGS_KEY, readOptimizerSettings, type OptimizerSettings } from '../shared/optimizer-settings';
import { COLLECT_FACTS, CONTENT_SOURCE, PAGE_PROTOCOL, type LazyImagesCommand } from '../shared/page-protocol';
import type { PageFacts } from '../shared/protocol-optimizer';
import { applyStrategies, type AppliedStrategies } from './appliers/registry';

export class PageOptimizer {
  private settings: OptimizerSettings = { toggles: {}, params: {} };
  private readonly applied: AppliedStrategies;
  private paramsKey = new Map<StrategyId, string>();

  constructor() {
    this.applied = applyStrategies([], {
      doc: document,
      win: window,
      report: (id, error) => console.debug(`[Admin Performance] the "${id}" optimization failed and was contained:`, error),
    });
  }

  async start(): Promise<void> {
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes[OPTIMIZER_SETTINGS_KEY]) {
        this.settings = readOptimizerSettings(changes[OPTIMIZER_SETTINGS_KEY].newValue);
        this.sync();
      }
    });
    browser.runtime.onMessage.addListener((msg: unknown) => {
      if ((msg as { type?: string })?.type === COLLECT_FACTS) return Promise.resolve(this.facts());
      return undefined;
    });
    const stored = await browser.storage.local.get(OPTIMIZER_SETTINGS_KEY);
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
    window.postMessage(command, location.origin === 'null' ? '*' : location.origin);
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
