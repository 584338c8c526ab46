/**
 * What the optimizer's plan is computed from, read from the page on the background's request
 * (COLLECT_FACTS): the environment, DOM facts and the displayed images. Answered by the capture
 * content script on every page, so a plan can be recommended before any strategy is on.
 */
import type { DisplayedImage, DomFacts } from '../core/optimizer/input';
import type { OptimizerEnvironment } from '../core/optimizer/environment';
import type { PageFacts } from '../shared/protocol-optimizer';
import { optimizerSeam } from './optimizer-seam';

export function pageFacts(): PageFacts {
  const applied = optimizerSeam()?.applied() ?? { active: [], errors: [] };
  return { url: location.href, environment: environment(), dom: domFacts(), images: displayedImages(), ...applied };
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
