/**
 * Findings: problems no switch can fix from the browser, listed with the recommendations so the
 * page's authors know what to change (largest scripts, render-blocking resources, oversized
 * images, main-thread hogs, uncompressed text, initial-HTML images that should be lazy).
 */
import { formatBytes, formatMs } from '../metrics/format';
import { plural, shortUrl } from './format';
import type { DisplayedImage, OptimizerInput } from './input';
import type { Impact } from './types';

/** Which kind of finding. */
export type FindingId =
  | 'largest-scripts'
  | 'render-blocking'
  | 'oversized-images'
  | 'main-thread-scripts'
  | 'uncompressed-text'
  | 'html-images-not-lazy';

/** One measured item behind a finding. */
export interface FindingItem {
  url: string;
  value: number;
  unit: 'bytes' | 'ms';
}

/** Something the page's authors can fix, with its evidence. */
export interface Finding {
  id: FindingId;
  title: string;
  /** One line: what was measured and what to do. */
  detail: string;
  severity: Impact;
  items: FindingItem[];
}

/** All findings for the page, most severe first. */
export function findingsFor(input: OptimizerInput): Finding[] {
  const findings = [
    largestScripts(input),
    renderBlocking(input),
    oversizedImages(input),
    mainThreadScripts(input),
    uncompressedText(input),
    htmlImagesNotLazy(input),
  ].filter((finding): finding is Finding => finding !== null);
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The verb form for a count: agree(1, 'is', 'are') → 'is'. */
function agree(count: number, singular: string, pluralForm: string): string {
  return count === 1 ? singular : pluralForm;
}

const SEVERITY_ORDER: Record<Impact, number> = { high: 0, medium: 1, low: 2 };

function largestScripts(input: OptimizerInput): Finding | null {
  const scripts = input.largestScripts.filter((script) => script.bytes >= 50_000).slice(0, 5);
  const largest = scripts[0];
  if (!largest) return null;
  const total = scripts.reduce((sum, script) => sum + script.bytes, 0);
  return {
    id: 'largest-scripts',
    title: 'Largest scripts',
    detail: `${plural(scripts.length, 'script')} ${agree(scripts.length, 'weighs', 'weigh')} ${formatBytes(total, 'short')}; the largest, ${shortUrl(largest.url)}, is ${formatBytes(largest.bytes, 'short')}: split it or load parts on demand`,
    severity: total >= 1_000_000 ? 'high' : total >= 300_000 ? 'medium' : 'low',
    items: scripts.map((script) => ({ url: script.url, value: script.bytes, unit: 'bytes' })),
  };
}

function renderBlocking(input: OptimizerInput): Finding | null {
  const resources = input.renderBlocking;
  const slowest = resources[0];
  if (!slowest) return null;
  return {
    id: 'render-blocking',
    title: 'Render-blocking resources',
    detail: `${plural(resources.length, 'resource')} ${agree(resources.length, 'blocks', 'block')} the first paint, the slowest (${shortUrl(slowest.url)}) for ${formatMs(slowest.durationMs, 'short')}: inline the critical CSS, defer or async the scripts`,
    severity: slowest.durationMs >= 500 ? 'high' : slowest.durationMs >= 150 ? 'medium' : 'low',
    items: resources.map((resource) => ({ url: resource.url, value: resource.durationMs, unit: 'ms' })),
  };
}

/** Bytes an image wastes beyond what its display size needs at this pixel ratio (as Lighthouse estimates). */
export function wastedImageBytes(image: DisplayedImage, devicePixelRatio: number): number {
  const natural = image.naturalWidth * image.naturalHeight;
  const needed = image.displayWidth * devicePixelRatio * (image.displayHeight * devicePixelRatio);
  if (natural <= 0 || needed <= 0 || needed >= natural || image.bytes <= 0) return 0;
  return image.bytes * (1 - needed / natural);
}

function oversizedImages(input: OptimizerInput): Finding | null {
  const ratio = input.environment.devicePixelRatio ?? 2;
  const wasteful = (input.images ?? [])
    .map((image) => ({ image, wasted: wastedImageBytes(image, ratio) }))
    .filter(({ wasted }) => wasted >= 4_096)
    .sort((a, b) => b.wasted - a.wasted);
  const worst = wasteful[0];
  if (!worst) return null;
  const total = wasteful.reduce((sum, entry) => sum + entry.wasted, 0);
  const { image } = worst;
  return {
    id: 'oversized-images',
    title: 'Oversized images',
    detail: `${plural(wasteful.length, 'image')} ${agree(wasteful.length, 'is', 'are')} larger than shown (${formatBytes(total, 'short')} could be saved; ${shortUrl(image.url)} is ${image.naturalWidth}×${image.naturalHeight} shown at ${Math.round(image.displayWidth)}×${Math.round(image.displayHeight)}): serve them at their display size`,
    severity: total >= 500_000 ? 'high' : total >= 100_000 ? 'medium' : 'low',
    items: wasteful.slice(0, 10).map((entry) => ({ url: entry.image.url, value: Math.round(entry.wasted), unit: 'bytes' })),
  };
}

function mainThreadScripts(input: OptimizerInput): Finding | null {
  const scripts = input.mainThreadScripts.filter((script) => script.ms >= 100).slice(0, 5);
  const worst = scripts[0];
  if (!worst) return null;
  return {
    id: 'main-thread-scripts',
    title: 'Scripts that block the main thread',
    detail: `${shortUrl(worst.url)} runs ${formatMs(worst.ms, 'short')} per load inside long frames: break its work up or move it off the main thread`,
    severity: worst.ms >= 500 ? 'high' : worst.ms >= 200 ? 'medium' : 'low',
    items: scripts.map((script) => ({ url: script.url, value: script.ms, unit: 'ms' })),
  };
}

function uncompressedText(input: OptimizerInput): Finding | null {
  const resources = input.uncompressed;
  if (resources.length === 0) return null;
  const total = resources.reduce((sum, resource) => sum + resource.bytes, 0);
  return {
    id: 'uncompressed-text',
    title: 'Uncompressed text responses',
    detail: `${plural(resources.length, 'text response')} (${formatBytes(total, 'short')}) ${agree(resources.length, 'is', 'are')} sent without compression: enable gzip or Brotli on the server`,
    severity: total >= 500_000 ? 'high' : total >= 100_000 ? 'medium' : 'low',
    items: resources.map((resource) => ({ url: resource.url, value: resource.bytes, unit: 'bytes' })),
  };
}

function htmlImagesNotLazy(input: OptimizerInput): Finding | null {
  const { count, bytes } = input.imageRequests.html;
  if (count < 5 || bytes < 100_000) return null;
  return {
    id: 'html-images-not-lazy',
    title: 'Images in the HTML load eagerly',
    detail: `${plural(count, 'image')} in the page's HTML (${formatBytes(bytes, 'short')}) ${agree(count, 'is', 'are')} requested at load, before an extension can defer them: add loading="lazy" to the offscreen ones in the HTML`,
    severity: bytes >= 1_000_000 ? 'high' : bytes >= 300_000 ? 'medium' : 'low',
    items: [],
  };
}
