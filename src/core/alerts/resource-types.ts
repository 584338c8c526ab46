/**
 * Resource types as Lighthouse budgets name them (document, script, stylesheet, image, font,
 * media, other, plus the aggregates third-party and total), derived from what Resource Timing
 * and DevTools tell about a request.
 */
import type { RequestRecord } from '../model';

/** A resource type of a budget; 'third-party' and 'total' are aggregates. */
export type ResourceType = 'document' | 'script' | 'stylesheet' | 'image' | 'font' | 'media' | 'other' | 'third-party' | 'total';

/** Every resource type, in the order Lighthouse lists them. */
export const RESOURCE_TYPES: readonly ResourceType[] = ['total', 'document', 'script', 'stylesheet', 'image', 'font', 'media', 'other', 'third-party'];

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}

const EXTENSION_TYPES: readonly [RegExp, Exclude<ResourceType, 'third-party' | 'total'>][] = [
  [/\.(m?js|cjs)$/i, 'script'],
  [/\.css$/i, 'stylesheet'],
  [/\.(png|jpe?g|gif|webp|avif|svg|ico|bmp)$/i, 'image'],
  [/\.(woff2?|ttf|otf|eot)$/i, 'font'],
  [/\.(mp4|webm|ogg|mp3|wav|m4a|m3u8|mpd)$/i, 'media'],
  [/\.html?$/i, 'document'],
];

/** The own type of a request (never an aggregate). */
export function resourceTypeOf(request: RequestRecord): Exclude<ResourceType, 'third-party' | 'total'> {
  const mime = (request.mimeType ?? '').toLowerCase();
  if (request.initiatorType === 'navigation' || request.initiatorType === 'iframe' || request.initiatorType === 'frame' || mime === 'text/html') return 'document';
  if (request.initiatorType === 'script' || /javascript|ecmascript/.test(mime)) return 'script';
  if (request.initiatorType === 'css' && /\.css(\?|#|$)/i.test(request.url)) return 'stylesheet';
  if (mime === 'text/css') return 'stylesheet';
  if (request.initiatorType === 'img' || request.initiatorType === 'image' || mime.startsWith('image/')) return 'image';
  if (request.initiatorType === 'video' || request.initiatorType === 'audio' || /^(video|audio)\//.test(mime)) return 'media';
  if (mime.startsWith('font/') || mime.includes('font')) return 'font';
  const path = request.url.split(/[?#]/, 1)[0] ?? '';
  for (const [pattern, type] of EXTENSION_TYPES) if (pattern.test(path)) return type;
  return 'other';
}

/** Whether a request counts under a budget's resource type for a page of pageOrigin. */
export function requestHasType(request: RequestRecord, type: ResourceType, pageOrigin: string): boolean {
  if (type === 'total') return true;
  if (type === 'third-party') return isThirdParty(request.url, pageOrigin);
  return resourceTypeOf(request) === type;
}

/**
 * Third party: a host outside the page's site (the last two labels of the host name, or the
 * whole host for IP addresses and localhost). A rough stand-in for the registrable domain
 * without shipping the public suffix list.
 */
export function isThirdParty(url: string, pageOrigin: string): boolean {
  const host = hostOf(url);
  const pageHost = hostOf(pageOrigin);
  if (host === null || pageHost === null) return false;
  return siteOf(host) !== siteOf(pageHost);
}

function hostOf(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  return match ? match[1]!.toLowerCase() : null;
}

function siteOf(host: string): string {
  if (/^\d+(\.\d+){3}$/.test(host) || host.startsWith('[') || !host.includes('.')) return host;
  return host.split('.').slice(-2).join('.');
}
