/**
 * Messages between the page-world script (src/page) and the content script, over a private
 * MessageChannel handed over at document_start, before any page script runs (see
 * PAGE_CHANNEL_EVENT): a page script can neither read nor forge them. Hints stay hints all the
 * same (validated, and DevTools' method wins over them).
 */
export const PAGE_SOURCE = 'admin-performance/page';

/**
 * The handover of the private channel, both at document_start: the content script dispatches
 * this event (cancelable) carrying the channel's port; the page-world script takes the port and
 * cancels the event, so the content script knows it was taken. Whichever of the two scripts runs
 * second triggers it: the page-world script dispatches PAGE_READY_EVENT after listening. Once
 * the port is taken, both ignore every later event of either kind (a page script's).
 */
export const PAGE_CHANNEL_EVENT = 'admin-performance/channel';
export const PAGE_READY_EVENT = 'admin-performance/page-ready';
/**
 * The same handover for the optimizer's own channel (content optimizer script to page-world
 * optimizer script, both injected only where a strategy is on; see src/background/optimizer-scripts.ts).
 */
export const OPTIMIZER_CHANNEL_EVENT = 'admin-performance/optimizer-channel';
export const OPTIMIZER_READY_EVENT = 'admin-performance/optimizer-ready';
export const PAGE_PROTOCOL = 1;
/** At most this many hints travel in one batch (the page world splits longer runs). */
export const MAX_HINTS_PER_BATCH = 500;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface PageRequestHint {
  source: typeof PAGE_SOURCE;
  v: typeof PAGE_PROTOCOL;
  type: 'request';
  url: string;
  method: (typeof METHODS)[number];
}

/**
 * Validates a hint exactly (written by hand, not with valibot, to keep the script injected
 * into every page small): known keys only, a URL string of 1-8192 characters, a known method.
 */
export function parsePageRequestHint(data: unknown): PageRequestHint | null {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return null;
  const d = data as Record<string, unknown>;
  const keys = Object.keys(d);
  if (keys.length !== 5 || !['source', 'v', 'type', 'url', 'method'].every((k) => keys.includes(k))) return null;
  if (d.source !== PAGE_SOURCE || d.v !== PAGE_PROTOCOL || d.type !== 'request') return null;
  if (typeof d.url !== 'string' || d.url.length < 1 || d.url.length > 8192) return null;
  if (!(METHODS as readonly unknown[]).includes(d.method)) return null;
  return { source: PAGE_SOURCE, v: PAGE_PROTOCOL, type: 'request', url: d.url, method: d.method as PageRequestHint['method'] };
}

/** The hints of one task, sent as one message: `[url, method]` pairs. */
export interface PageRequestHints {
  source: typeof PAGE_SOURCE;
  v: typeof PAGE_PROTOCOL;
  type: 'requests';
  hints: [string, string][];
}

/**
 * Validates a batch of hints exactly (known keys only, at most MAX_HINTS_PER_BATCH pairs); each
 * pair is checked as a single hint would be, and an invalid one is dropped and counted. Null
 * when the message itself is malformed.
 */
export function parsePageRequestHints(data: unknown): { hints: PageRequestHint[]; invalid: number } | null {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return null;
  const d = data as Record<string, unknown>;
  const keys = Object.keys(d);
  if (keys.length !== 4 || !['source', 'v', 'type', 'hints'].every((k) => keys.includes(k))) return null;
  if (d.source !== PAGE_SOURCE || d.v !== PAGE_PROTOCOL || d.type !== 'requests') return null;
  if (!Array.isArray(d.hints) || d.hints.length < 1 || d.hints.length > MAX_HINTS_PER_BATCH) return null;
  const hints: PageRequestHint[] = [];
  let invalid = 0;
  for (const pair of d.hints as unknown[]) {
    const hint = Array.isArray(pair) && pair.length === 2 ? parsePageRequestHint({ source: PAGE_SOURCE, v: PAGE_PROTOCOL, type: 'request', url: pair[0], method: pair[1] }) : null;
    if (hint) hints.push(hint);
    else invalid++;
  }
  return { hints, invalid };
}

/** Background -> content script (runtime message): reply with the page's environment and DOM facts. */
export const COLLECT_FACTS = 'admin-performance/collect-facts';

/** True when a window message claims to come from our page script (validated separately). */
export function claimsPageSource(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === PAGE_SOURCE;
}

/** Content script -> page world: switch the page-world half of "Lazy-load offscreen images". */
export const CONTENT_SOURCE = 'admin-performance/content';

export interface LazyImagesCommand {
  source: typeof CONTENT_SOURCE;
  v: typeof PAGE_PROTOCOL;
  type: 'lazy-images';
  enabled: boolean;
  /** Absolute URLs never to defer (the LCP image). */
  exclude: string[];
}

export function isLazyImagesCommand(data: unknown): data is LazyImagesCommand {
  const d = data as Partial<LazyImagesCommand> | null;
  return (
    typeof d === 'object' && d !== null && d.source === CONTENT_SOURCE && d.v === PAGE_PROTOCOL && d.type === 'lazy-images' &&
    typeof d.enabled === 'boolean' && Array.isArray(d.exclude) && d.exclude.length <= 20 && d.exclude.every((u) => typeof u === 'string')
  );
}

/**
 * Set on window (non-enumerable) and dispatched by src/page/lazy-images-at-start.ts, which is
 * injected before the optimizer's page-world script on sites where "Lazy-load offscreen images"
 * is on for some page: the hook starts marking at once, before the toggles arrive.
 */
export const LAZY_AT_START_FLAG = '__adminPerformanceLazyAtStart';
export const LAZY_AT_START_EVENT = 'admin-performance:lazy-images-at-start';
