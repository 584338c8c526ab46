/**
 * The cache capability in the service worker: answers the page-world response-cache client
 * (relayed by the content script), stores responses, invalidates on mutations and logouts,
 * predicts and hands out prefetches, and serves the panel's Cache view.
 *
 * Trust: the partition (origin and identity) is decided here, never taken from the page. The
 * origin is the sender tab's; the identity hashes the cookies the browser itself holds for the
 * request URL (read with the cookies API, HttpOnly ones included) and the Authorization header
 * the page-world wrapper saw on the request. That header is the page's own claim: a page that
 * lies about it can only reach entries it could have fetched with that header anyway. A store is
 * accepted only with a one-time token from a lookup of the same tab, bound to the partition and
 * key decided here; if the cookies changed between lookup and store (the response set one, or
 * someone logged in or out), nothing is stored.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { decideRequest, responseStorability, isLogoutRequest, type ResponseCacheRule, type ResponseCacheSettings } from '../core/cache/rules';
import { identityMaterial, partitionNamespace, partitionOrigin } from '../core/cache/partition';
import { normalizeHeaders, varyMatches, varySignature } from '../core/cache/http-semantics';
import { resourceInvalidations, resourceTags } from '../core/cache/invalidation';
import { WriteFence, type FenceMark } from '../core/cache/write-fence';
import { capturedApiSequence, RequestPredictor, type CapturedRequest, type PredictorSnapshot } from '../core/cache/predictor';
import { PageRequests } from '../core/cache/page-requests';
import { endpointName } from '../core/sessions/routes';
import { defaultPattern } from '../core/optimizer/patterns';
import { OPTIMIZER_SETTINGS_KEY, optimizationsFor } from '../shared/optimizer-settings';
import { RC_BACKGROUND, RC_HOT_DROP, RC_WARM_MAX_CHARS, RC_WARM_MAX_ENTRIES, parseRcPayload, parseRcRelayContext, type RcBackgroundLookupReply, type RcBackgroundStoreReply, type RcWarmEntry, type RcLookup, type RcMutation, type RcPrefetch, type RcRelayContext, type RcStore, type WireBody } from '../shared/response-cache-protocol';
import { readResponseCacheSettings, responseCacheSettingsFor, RESPONSE_CACHE_SETTINGS_KEY } from '../shared/response-cache-settings';
import type { CacheEntryView, CacheRequests, CacheView } from '../shared/protocol-cache';
import { checkResponseCacheSettings } from '../core/cache/rules';
import { waitAtMost } from '../shared/wait-at-most';
import { CacheStore } from '../storage/cache-store';
import { openCacheDatabase } from '../storage/cache-db';
import type { BackgroundContext, HandlerMap } from './handlers';
import { loadOptimizerSettings } from './optimizer-host';

/** The optimizer strategy that switches the response cache on for a page. */
export const RESPONSE_CACHE_STRATEGY = 'cache-repeated-api-calls';

const TOKEN_TTL_MS = 60_000;
const MAX_TOKENS = 2_000;
const MAX_PREFETCHES = 2;
const OVERLAPPED_WRITE = 'a write to the same resource overlapped the read (its data may be from before the write)';

/** What a lookup decided, redeemed by the store that follows it. */
interface TokenBinding {
  tabId: number;
  /** The page that asked (its settings govern the store). */
  pageUrl: string;
  namespace: string;
  identityHash: string;
  key: string;
  method: string;
  url: string;
  rule: ResponseCacheRule;
  requestHeaders: Record<string, string>;
  prefetch: boolean;
  /** The writes seen when the read was let through: one of its resource after it voids the store. */
  mark: FenceMark;
  expires: number;
}

/** What the stored extra data of a response entry holds. */
interface ResponseExtra {
  method: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  url: string;
  vary: Record<string, string>;
  text: boolean;
}

/**
 * The identities one tab's lookups resolved to, by cookie scope (URL without query), Authorization
 * header and identity cookie. Valid for one document and one document.cookie string (as the
 * content script read them); dropped on any cookie change the browser reports for the origin's
 * host, on a new page load of the tab, and on any write or logout the tab makes.
 */
interface TabIdentities {
  origin: string;
  doc: string;
  cookie: string;
  byScope: Map<string, Promise<string>>;
}

/** storage.session key of the tabs that may hold hot copies (a restarted worker must still reach them). */
const HOT_TABS_KEY = 'responseCacheHotTabs';

/** How long a mutation's acknowledgement waits for the tabs to drop their hot tiers, ms (the page waits at most 400 ms). */
const HOT_DROP_WAIT_MS = 250;

/** Everything the response cache needs per page: on or off, and its settings. */
interface PageCacheSettings {
  on: boolean;
  settings: ResponseCacheSettings;
  repeated: ReadonlySet<string>;
}

export class CacheHost {
  readonly store = new CacheStore(() => openCacheDatabase());
  private readonly tokens = new Map<string, TokenBinding>();
  private readonly callCounts = new Map<string, number>();
  private readonly predictors = new Map<string, RequestPredictor>();
  private readonly lastRequest = new Map<number, { method: string; url: string }>();
  /** The partition each tab's last lookup used (what a logout from that tab clears). */
  private readonly lastNamespace = new Map<number, string>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Settings per page URL, dropped whenever the stored toggles or rules change. */
  private readonly settingsByPage = new Map<string, Promise<PageCacheSettings>>();
  private restored: Promise<void> | null = null;
  private readonly identities = new Map<number, TabIdentities>();
  /** The last captured API request of each tab (the sequence continues across batches). */
  private readonly lastCaptured = new Map<number, { origin: string; request: { method: string; url: string } }>();
  /** Tabs whose content script may hold hot copies, with their origin. */
  private readonly hotTabs = new Map<number, string>();
  private hotTabsRestored: Promise<void> | null = null;
  /**
   * Stores being written, by partition and key. A response reaches the page before its store
   * reaches the worker, so the page's next request for it can arrive while the store is still
   * being checked and written: its lookup waits for that store (bounded) instead of missing.
   */
  private readonly storesInFlight = new Map<string, Promise<unknown>>();
  /** Writes recorded as they arrive: a read they overlapped is not stored (it may hold the data from before). */
  private readonly fence = new WriteFence(TOKEN_TTL_MS);
  /** Invalidations being done, by origin: a lookup waits for them (bounded) rather than read what they drop. */
  private readonly writesInFlight = new Map<string, Set<Promise<unknown>>>();
  /** The cacheable requests each page made: a new load of it gets their fresh answers ahead (warm start). */
  private pageRequests = new PageRequests();

  /** Listens for the content scripts' relayed messages. Call once, synchronously at worker start. */
  listen(): void {
    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
      const type = (message as { type?: unknown } | null)?.type;
      if (!isRelayedType(type)) return undefined;
      return this.answer(message as { type: string; payload: unknown; context?: unknown }, sender);
    });
    browser.tabs.onRemoved.addListener((tabId) => {
      this.lastRequest.delete(tabId);
      this.lastNamespace.delete(tabId);
      this.lastCaptured.delete(tabId);
      this.identities.delete(tabId);
      if (this.hotTabs.delete(tabId)) this.saveHotTabs();
    });
    // A new page load: its identity is computed afresh (its content script starts with no hot tier).
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.status !== 'loading') return;
      this.identities.delete(tabId);
      if (this.hotTabs.delete(tabId)) this.saveHotTabs();
    });
    // Any cookie change the browser makes for a host (a response's Set-Cookie, document.cookie, another
    // tab, the user): that host's tabs recompute their identity and drop what their content script holds.
    browser.cookies?.onChanged.addListener(({ cookie }) => {
      const domain = cookie.domain.replace(/^\./, '').toLowerCase();
      const affected = (origin: string) => {
        const host = new URL(origin).hostname.toLowerCase();
        return host === domain || host.endsWith(`.${domain}`);
      };
      for (const [tabId, identities] of this.identities) if (affected(identities.origin)) this.identities.delete(tabId);
      void this.dropHot((origin) => affected(origin));
    });
    // A restarted worker still reaches the tabs that hold hot copies.
    void this.restoreHotTabs();
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && (changes[OPTIMIZER_SETTINGS_KEY] || changes[RESPONSE_CACHE_SETTINGS_KEY])) {
        this.settingsByPage.clear();
        void this.dropHot(() => true);
      }
    });
  }

  /** A content script's relay port (RC_PORT): the same messages as runtime.sendMessage, answered by id, in order. */
  accept(port: Runtime.Port): void {
    const sender = port.sender;
    port.onMessage.addListener((raw: unknown) => {
      const { id, message } = (raw ?? {}) as { id?: unknown; message?: { type?: unknown; payload?: unknown; context?: unknown } };
      if (typeof id !== 'number' || !sender || typeof message?.type !== 'string') return;
      const type = message.type;
      const answered = isRelayedType(type) ? this.answer(message as { type: string; payload: unknown; context?: unknown }, sender) : Promise.resolve(null);
      void answered.then((answer) => {
        try {
          port.postMessage({ id, answer });
        } catch {
          /* the page went away */
        }
      });
    });
  }

  /** Handles one relayed message; a failure is counted and answered as "go to the network". */
  private answer(message: { type: string; payload: unknown; context?: unknown }, sender: Runtime.MessageSender): Promise<unknown> {
    return this.handle(message, sender).catch((error: unknown) => {
      this.store.policy.metrics.error(`response cache: ${String((error as Error)?.message ?? error)}`);
      return message.type === RC_BACKGROUND.lookup ? ({ reply: { kind: 'network' }, prefetch: [] } satisfies RcBackgroundLookupReply) : null;
    });
  }

  private async handle(message: { type: string; payload: unknown; context?: unknown }, sender: Runtime.MessageSender): Promise<unknown> {
    const tabId = sender.tab?.id;
    const pageUrl = sender.tab?.url ?? sender.url;
    if (tabId === undefined || sender.frameId !== 0 || !pageUrl || typeof message.payload !== 'object' || message.payload === null) return null;
    if (message.type === RC_BACKGROUND.warm) {
      const context = parseRcRelayContext(message.context);
      return { entries: context ? await this.warm(tabId, pageUrl, context) : [] };
    }
    const payload = parseRcPayload(message.payload as Record<string, unknown>);
    if (!payload) {
      this.store.policy.metrics.error('a malformed response-cache message was dropped');
      return message.type === RC_BACKGROUND.lookup ? { reply: { kind: 'network' }, prefetch: [] } : null;
    }
    const origin = new URL(pageUrl).origin;
    if (payload.type === 'rc-lookup') {
      // Without the content script's context (document id, cookie digest) nothing is trusted to be unchanged.
      const context = parseRcRelayContext(message.context) ?? { doc: `unknown ${Math.random()}`, cookie: '', sentAt: Number.NaN };
      if (Number.isFinite(context.sentAt)) measure('rc-lookup:inbound', context.sentAt - performance.timeOrigin, performance.now());
      return message.type === RC_BACKGROUND.hotHit ? this.hotHit(tabId, pageUrl, origin, payload, context) : this.lookup(tabId, pageUrl, origin, payload, context);
    }
    if (message.type !== RC_BACKGROUND.store && message.type !== RC_BACKGROUND.mutation) return null;
    if (payload.type === 'rc-store') return this.storeResponse(tabId, payload);
    return this.mutation(tabId, pageUrl, origin, payload);
  }

  // ---- lookups ------------------------------------------------------------------------------------

  private async lookup(tabId: number, pageUrl: string, origin: string, request: RcLookup, context: RcRelayContext): Promise<RcBackgroundLookupReply> {
    const network: RcBackgroundLookupReply = { reply: { kind: 'network' }, prefetch: [] };
    if (new URL(request.url).origin !== origin) return network;
    // Settings come from memory after the first lookup; the identity from the tab's identity
    // cache, recomputed from the browser's cookie jar whenever anything may have changed it.
    const t0 = performance.now();
    const page = await this.pageSettings(pageUrl);
    if (!page.on) return network;
    const t1 = measure('rc-lookup:settings', t0);
    const [identityHash] = await Promise.all([this.tabIdentity(tabId, origin, context, request.url, request.headers, page.settings.identityCookie), this.restoreState()]);
    const t2 = measure('rc-lookup:identity', t1);
    const namespace = partitionNamespace(origin, identityHash);
    this.lastNamespace.set(tabId, namespace);
    const count = this.countCall(namespace, request, page);
    const prefetch = this.predictAndPrefetch(tabId, pageUrl, origin, namespace, identityHash, request, page, count);
    this.scheduleSave();

    const decision = decideRequest({ method: request.method, url: request.url, body: request.body, headers: request.headers }, origin, page.settings, count);
    if (decision.action !== 'cache') return { reply: { kind: 'network' }, prefetch: await prefetch };
    this.pageRequests.record(pageUrl, request);
    const t3 = measure('rc-lookup:decide', t2);
    await Promise.all([this.storeLanded(namespace, decision.key, page.settings.lookupTimeoutMs / 2), this.writesLanded(origin, page.settings.lookupTimeoutMs / 2)]);
    const item = await this.store.get(namespace, decision.key);
    const t4 = measure('rc-lookup:store', t3);
    const extra = item ? readExtra(item.extra) : null;
    if (item && extra && varyMatches(extra.vary, request.headers)) {
      const body = wireBody(item.body, extra);
      measure('rc-lookup:encode', t4);
      measure('rc-lookup:hit', t0);
      const revalidateToken = item.state === 'stale' ? this.issue({ tabId, pageUrl, namespace, identityHash, key: decision.key, method: request.method, url: request.url, rule: decision.rule, requestHeaders: request.headers, prefetch: false }) : null;
      const reply: RcBackgroundLookupReply = { reply: { kind: 'hit', status: extra.status, statusText: extra.statusText, headers: extra.headers, body, url: extra.url, stale: item.state === 'stale', revalidateToken }, prefetch: await prefetch };
      const freshForMs = item.meta.freshUntil - Date.now();
      if (item.state === 'fresh' && freshForMs > 0) {
        await this.holdHot(tabId, origin);
        reply.hotMs = freshForMs;
      }
      return reply;
    }
    const token = this.issue({ tabId, pageUrl, namespace, identityHash, key: decision.key, method: request.method, url: request.url, rule: decision.rule, requestHeaders: request.headers, prefetch: false });
    return { reply: { kind: 'store', token }, prefetch: await prefetch };
  }

  /** Counts a call of the request's endpoint in the partition; returns the partition's call counts as rules read them. */
  private countCall(namespace: string, request: RcLookup, page: PageCacheSettings): (endpoint: string) => number {
    const countKey = `${namespace} ${endpointName(request.url, request.method)}`;
    this.callCounts.set(countKey, (this.callCounts.get(countKey) ?? 0) + 1);
    return this.callCount(namespace, page);
  }

  /** How often each endpoint was called in the partition (at least twice for those the page's history calls repeated). */
  private callCount(namespace: string, page: PageCacheSettings): (endpoint: string) => number {
    return (e) => {
      const n = this.callCounts.get(`${namespace} ${e}`) ?? 0;
      return page.repeated.has(e) ? Math.max(2, n) : n;
    };
  }

  /** A hit the tab's content script answered from its hot tier: counted, and the sequence learnt. */
  private async hotHit(tabId: number, pageUrl: string, origin: string, request: RcLookup, context: RcRelayContext): Promise<RcBackgroundLookupReply> {
    const none: RcBackgroundLookupReply = { reply: { kind: 'network' }, prefetch: [] };
    if (new URL(request.url).origin !== origin) return none;
    const page = await this.pageSettings(pageUrl);
    if (!page.on) return none;
    const [identityHash] = await Promise.all([this.tabIdentity(tabId, origin, context, request.url, request.headers, page.settings.identityCookie), this.restoreState()]);
    const namespace = partitionNamespace(origin, identityHash);
    const count = this.countCall(namespace, request, page);
    const prefetch = await this.predictAndPrefetch(tabId, pageUrl, origin, namespace, identityHash, request, page, count);
    this.scheduleSave();
    const decision = decideRequest({ method: request.method, url: request.url, body: request.body, headers: request.headers }, origin, page.settings, count);
    if (decision.action === 'cache') this.store.countHeldHit(namespace, decision.key);
    return { reply: { kind: 'network' }, prefetch };
  }

  /**
   * A new document of a page (its content script just started): the fresh answers to the
   * cacheable requests the page made before, decided exactly as lookups would be (this tab's
   * identity now, the page's rules now, Vary), for its content script to hold. Nothing is counted
   * until the page uses one (then as a hit, like any hot-tier hit).
   */
  private async warm(tabId: number, pageUrl: string, context: RcRelayContext): Promise<RcWarmEntry[]> {
    const origin = new URL(pageUrl).origin;
    const page = await this.pageSettings(pageUrl);
    if (!page.on) return [];
    await this.restoreState();
    const entries: RcWarmEntry[] = [];
    let chars = 0;
    for (const request of this.pageRequests.requestsFor(pageUrl)) {
      if (entries.length >= RC_WARM_MAX_ENTRIES || new URL(request.url).origin !== origin) continue;
      const identityHash = await this.tabIdentity(tabId, origin, context, request.url, request.headers, page.settings.identityCookie);
      const namespace = partitionNamespace(origin, identityHash);
      const count = this.callCount(namespace, page);
      const decision = decideRequest(request, origin, page.settings, count);
      if (decision.action !== 'cache') continue;
      const item = await this.store.readFresh(namespace, decision.key);
      const extra = item ? readExtra(item.extra) : null;
      if (!item || !extra || !varyMatches(extra.vary, request.headers)) continue;
      const hotMs = item.meta.freshUntil - Date.now();
      const body = wireBody(item.body, extra);
      chars += 'text' in body ? body.text.length : body.base64.length;
      if (hotMs <= 0 || chars > RC_WARM_MAX_CHARS) break;
      entries.push({ request, hit: { kind: 'hit', status: extra.status, statusText: extra.statusText, headers: extra.headers, body, url: extra.url, stale: false, revalidateToken: null }, hotMs });
    }
    if (entries.length > 0) await this.holdHot(tabId, origin);
    return entries;
  }

  /**
   * Learns the page's request sequences from what capture stored, while the strategy is off for
   * the page (while on, its lookups teach the predictor), so prefetching is useful from the first
   * load after switching it on.
   */
  async learnFromCapture(tabId: number, pageUrl: string, items: readonly CapturedRequest[]): Promise<void> {
    let origin: string;
    try {
      origin = new URL(pageUrl).origin;
    } catch {
      return;
    }
    const sequence = capturedApiSequence(items, origin);
    if (sequence.length === 0) return;
    const page = await this.pageSettings(pageUrl);
    if (page.on) return;
    await this.restoreState();
    const predictor = this.predictorFor(origin);
    const previous = this.lastCaptured.get(tabId);
    predictor.observeSequence(previous && previous.origin === origin ? [previous.request, ...sequence] : sequence);
    this.lastCaptured.set(tabId, { origin, request: sequence.at(-1)! });
    this.scheduleSave();
  }

  private async predictAndPrefetch(tabId: number, pageUrl: string, origin: string, namespace: string, identityHash: string, request: RcLookup, page: PageCacheSettings, count: (endpoint: string) => number): Promise<RcPrefetch[]> {
    const predictor = this.predictorFor(origin);
    const previous = this.lastRequest.get(tabId);
    const current = { method: request.method, url: request.url };
    if (previous && (previous.method !== current.method || previous.url !== current.url)) predictor.observe(previous, current);
    this.lastRequest.set(tabId, current);
    const out: RcPrefetch[] = [];
    for (const prediction of predictor.predict(current, page.settings.prefetchThreshold)) {
      if (out.length >= MAX_PREFETCHES || prediction.method !== 'GET') continue;
      const headers = { accept: 'application/json' };
      const decision = decideRequest({ method: 'GET', url: prediction.url, body: null, headers }, origin, page.settings, count);
      if (decision.action !== 'cache' || !decision.rule.prefetch) continue;
      const cached = this.store.policy.peek(namespace, decision.key);
      if (cached && cached.freshUntil > Date.now()) continue;
      out.push({ url: prediction.url, token: this.issue({ tabId, pageUrl, namespace, identityHash, key: decision.key, method: 'GET', url: prediction.url, rule: decision.rule, requestHeaders: headers, prefetch: true }) });
    }
    return out;
  }

  // ---- stores -------------------------------------------------------------------------------------

  /** Redeems a lookup's token; registered as in flight before its first await (the message's arrival order is the page's). */
  private storeResponse(tabId: number, response: RcStore): Promise<RcBackgroundStoreReply> {
    const binding = this.tokens.get(response.token);
    this.tokens.delete(response.token);
    if (!binding || binding.tabId !== tabId || binding.expires < Date.now()) return Promise.resolve({ stored: false, reason: 'unknown or expired token' });
    const slot = `${binding.namespace}\n${binding.key}`;
    const work = this.writeResponse(tabId, binding, response);
    this.storesInFlight.set(slot, work);
    const settle = () => {
      if (this.storesInFlight.get(slot) === work) this.storesInFlight.delete(slot);
    };
    work.then(settle, settle);
    return work;
  }

  /** Waits, at most waitMs, for the invalidations of the origin's writes that are being done. */
  private async writesLanded(origin: string, waitMs: number): Promise<void> {
    const writes = this.writesInFlight.get(origin);
    if (writes && writes.size > 0) await waitAtMost(Promise.all(writes), waitMs);
  }

  /** Waits, at most waitMs, for a store of this partition and key that is being written. */
  private async storeLanded(namespace: string, key: string, waitMs: number): Promise<void> {
    const work = this.storesInFlight.get(`${namespace}\n${key}`);
    if (work) await waitAtMost(work, waitMs);
  }

  private async writeResponse(tabId: number, binding: TokenBinding, response: RcStore): Promise<RcBackgroundStoreReply> {
    // Read from the cookie jar itself, never from the tab's identity cache.
    const identityNow = await this.computeIdentity(binding.url, binding.requestHeaders, (await this.pageSettings(binding.pageUrl)).settings.identityCookie);
    const cookiesChanged = identityNow !== binding.identityHash;
    if (cookiesChanged) this.identities.delete(tabId);
    const headers = normalizeHeaders(response.headers);
    const verdict = responseStorability(binding.rule, response.status, headers, cookiesChanged);
    if (!verdict.store) return { stored: false, reason: verdict.reason };
    const origin = new URL(binding.pageUrl).origin;
    if (this.fence.overlapped(origin, binding.url, binding.mark)) return { stored: false, reason: OVERLAPPED_WRITE };
    const text = 'text' in response.body;
    const bytes = text ? new TextEncoder().encode((response.body as { text: string }).text) : fromBase64((response.body as { base64: string }).base64);
    const extra: ResponseExtra = { method: binding.method, status: response.status, statusText: response.statusText, headers: response.headers, url: response.url, vary: varySignature(verdict.vary, binding.requestHeaders), text };
    const result = await this.store.put(binding.namespace, binding.key, bytes, {
      ttlMs: binding.rule.ttlMs,
      staleMs: binding.rule.staleMs,
      costMs: response.costMs,
      prefetched: binding.prefetch,
      tags: resourceTags(binding.url),
      label: `${binding.method} ${binding.url}`,
      extra,
    });
    if (!result.stored) return { stored: false, reason: result.reason };
    if (this.fence.overlapped(origin, binding.url, binding.mark)) {
      // A write arrived while this was written; its invalidation may have run before the put landed.
      await this.store.invalidateTags(binding.namespace, resourceTags(binding.url).slice(0, 1));
      return { stored: false, reason: OVERLAPPED_WRITE };
    }
    // The tab's content script holds what it just stored (for this exact request, or a prefetch for
    // the request the page client makes for it): the next hit costs no round trip.
    const freshForMs = result.meta.freshUntil - Date.now();
    if (freshForMs <= 0) return { stored: true };
    await this.holdHot(tabId, origin);
    return { stored: true, hotMs: freshForMs };
  }

  /** Remembers that the tab's content script may hold hot copies (so every drop reaches it). */
  private async holdHot(tabId: number, origin: string): Promise<void> {
    await this.restoreHotTabs();
    if (this.hotTabs.get(tabId) === origin) return;
    this.hotTabs.set(tabId, origin);
    this.saveHotTabs();
  }

  // ---- mutations and logouts ------------------------------------------------------------------------

  private mutation(tabId: number, pageUrl: string, origin: string, mutation: RcMutation): Promise<{ invalidated: number }> {
    // Any write or logout (a login is a POST too) may change who the origin's tabs are (they share
    // the cookie jar): their next lookups read it.
    this.identities.delete(tabId);
    for (const [other, identities] of this.identities) if (identities.origin === origin) this.identities.delete(other);
    if (new URL(mutation.url).origin !== origin) return Promise.resolve({ invalidated: 0 });
    // Recorded on arrival, before any await: a store that reaches the worker after this is judged by it.
    this.fence.recordWrite(origin, mutation.url, Date.now());
    const work = this.invalidate(tabId, pageUrl, origin, mutation);
    let writes = this.writesInFlight.get(origin);
    if (!writes) this.writesInFlight.set(origin, (writes = new Set()));
    writes.add(work);
    const settle = () => {
      writes.delete(work);
      if (writes.size === 0 && this.writesInFlight.get(origin) === writes) this.writesInFlight.delete(origin);
    };
    work.then(settle, settle);
    return work;
  }

  private async invalidate(tabId: number, pageUrl: string, origin: string, mutation: RcMutation): Promise<{ invalidated: number }> {
    const page = await this.pageSettings(pageUrl);
    if (!page.on) return { invalidated: 0 };
    await this.store.ready();
    let invalidated = 0;
    if (isLogoutRequest(mutation.url, page.settings)) {
      // The cookies read now may already be the logged-out ones (the response cleared them before
      // this message was handled), so the partition this tab last used is cleared too.
      const identityHash = await this.computeIdentity(mutation.url, mutation.headers, page.settings.identityCookie);
      const namespaces = new Set([partitionNamespace(origin, identityHash), this.lastNamespace.get(tabId)].filter((n): n is string => n !== undefined && partitionOrigin(n) === origin));
      for (const namespace of namespaces) invalidated += await this.store.clearNamespace(namespace);
    } else {
      // A change is seen by every login of the origin: invalidate the resource in all its partitions.
      const tags = resourceInvalidations(mutation.url);
      for (const namespace of this.store.policy.namespaces()) {
        if (partitionOrigin(namespace) === origin) invalidated += await this.store.invalidateTags(namespace, tags);
      }
    }
    // Other tabs of the origin hold copies too: the acknowledgement waits (bounded) until they dropped them.
    await this.dropHot((o) => o === origin, mutation.id !== null ? HOT_DROP_WAIT_MS : 0);
    return { invalidated };
  }

  /** Tells the content scripts of matching tabs to drop their hot tiers; waits up to waitMs for them. */
  private async dropHot(matches: (origin: string) => boolean, waitMs = 0): Promise<void> {
    await this.restoreHotTabs();
    const sends: Promise<unknown>[] = [];
    for (const [tabId, origin] of this.hotTabs) {
      if (!matches(origin)) continue;
      this.hotTabs.delete(tabId);
      sends.push(browser.tabs.sendMessage(tabId, { type: RC_HOT_DROP }, { frameId: 0 }).catch(() => null));
    }
    if (sends.length > 0) this.saveHotTabs();
    if (sends.length === 0 || waitMs <= 0) return;
    await waitAtMost(Promise.all(sends), waitMs);
  }

  // ---- identity, settings, state ---------------------------------------------------------------------

  /** The tabs that may hold hot copies, as a previous run of the worker left them. */
  private restoreHotTabs(): Promise<void> {
    this.hotTabsRestored ??= (async () => {
      try {
        const stored = (await browser.storage.session.get(HOT_TABS_KEY))[HOT_TABS_KEY] as Record<string, unknown> | undefined;
        for (const [tab, origin] of Object.entries(stored ?? {})) if (Number.isInteger(Number(tab)) && typeof origin === 'string' && !this.hotTabs.has(Number(tab))) this.hotTabs.set(Number(tab), origin);
      } catch {
        /* no session storage: only this run's tabs are known */
      }
    })();
    return this.hotTabsRestored;
  }

  private saveHotTabs(): void {
    void browser.storage.session?.set({ [HOT_TABS_KEY]: Object.fromEntries(this.hotTabs) }).catch(() => {});
  }

  /** The tab's identity for a request, from its identity cache or, when anything may have changed, the cookie jar. */
  private tabIdentity(tabId: number, origin: string, context: RcRelayContext, url: string, headers: Record<string, string>, identityCookie: string | null): Promise<string> {
    let identities = this.identities.get(tabId);
    if (!identities || identities.origin !== origin || identities.doc !== context.doc || identities.cookie !== context.cookie) {
      identities = { origin, doc: context.doc, cookie: context.cookie, byScope: new Map() };
      this.identities.set(tabId, identities);
    }
    const parsed = new URL(url);
    const scope = `${parsed.origin}${parsed.pathname}\n${headers['authorization'] ?? ''}\n${identityCookie ?? ''}`;
    let identity = identities.byScope.get(scope);
    if (!identity) {
      if (identities.byScope.size >= 500) identities.byScope.clear();
      const map = identities.byScope;
      identity = this.computeIdentity(url, headers, identityCookie);
      identity.catch(() => map.delete(scope));
      map.set(scope, identity);
    }
    return identity;
  }

  /** The identity hash of a request, from the cookies the browser holds for its URL and its Authorization header. */
  private async computeIdentity(url: string, headers: Record<string, string>, identityCookie: string | null): Promise<string> {
    let cookies: { name: string; value: string }[] = [];
    try {
      cookies = (await browser.cookies.getAll({ url })).map((c) => ({ name: c.name, value: c.value }));
    } catch {
      // Without the cookies API nothing can tell logins apart: a fixed marker keeps such entries
      // out of every identified partition, and the page's visible cookies still split them.
      cookies = [{ name: '\u0000no-cookie-access', value: '' }];
    }
    const material = identityMaterial({ authorization: headers['authorization'] ?? null, cookies, identityCookie });
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  private pageSettings(pageUrl: string): Promise<PageCacheSettings> {
    let settings = this.settingsByPage.get(pageUrl);
    if (!settings) {
      settings = this.readPageSettings(pageUrl);
      settings.catch(() => this.settingsByPage.delete(pageUrl));
      if (this.settingsByPage.size > 200) this.settingsByPage.clear();
      this.settingsByPage.set(pageUrl, settings);
    }
    return settings;
  }

  private async readPageSettings(pageUrl: string): Promise<PageCacheSettings> {
    const [optimizer, stored] = await Promise.all([loadOptimizerSettings(), browser.storage.local.get(RESPONSE_CACHE_SETTINGS_KEY)]);
    const applied = optimizationsFor(optimizer, pageUrl);
    const on = (applied.strategies as string[]).includes(RESPONSE_CACHE_STRATEGY);
    const params = (applied.params as Record<string, { repeatedEndpoints?: unknown } | undefined>)[RESPONSE_CACHE_STRATEGY];
    const repeated = new Set(Array.isArray(params?.repeatedEndpoints) ? params.repeatedEndpoints.filter((e): e is string => typeof e === 'string') : []);
    const { settings } = responseCacheSettingsFor(readResponseCacheSettings(stored[RESPONSE_CACHE_SETTINGS_KEY]), pageUrl);
    return { on, settings, repeated };
  }

  private issue(binding: Omit<TokenBinding, 'expires' | 'mark'>): string {
    const now = Date.now();
    if (this.tokens.size >= MAX_TOKENS) {
      for (const [token, b] of this.tokens) if (b.expires < now || this.tokens.size >= MAX_TOKENS) this.tokens.delete(token);
    }
    const token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.tokens.set(token, { ...binding, mark: this.fence.mark(), expires: now + TOKEN_TTL_MS });
    return token;
  }

  private predictorFor(origin: string): RequestPredictor {
    let predictor = this.predictors.get(origin);
    if (!predictor) this.predictors.set(origin, (predictor = new RequestPredictor()));
    return predictor;
  }

  /** Call counts and predictors survive worker restarts (stored beside the cache). */
  private restoreState(): Promise<void> {
    this.restored ??= (async () => {
      await this.store.ready();
      const state = (await this.store.readState('response-cache')) as { counts?: Record<string, number>; predictors?: Record<string, PredictorSnapshot>; pages?: unknown } | undefined;
      const restored = new PageRequests(undefined, state?.pages);
      // What this run recorded before the state was read is newer: it goes on top.
      for (const [page, requests] of Object.entries(this.pageRequests.snapshot())) for (const request of requests) restored.record(page, request);
      this.pageRequests = restored;
      for (const [key, n] of Object.entries(state?.counts ?? {})) if (Number.isInteger(n) && n > 0 && !this.callCounts.has(key)) this.callCounts.set(key, n);
      for (const [origin, snapshot] of Object.entries(state?.predictors ?? {})) if (!this.predictors.has(origin)) this.predictors.set(origin, new RequestPredictor({}, snapshot));
    })();
    return this.restored;
  }

  private scheduleSave(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      const counts = Object.fromEntries([...this.callCounts].slice(-5000));
      const predictors = Object.fromEntries([...this.predictors].map(([origin, p]) => [origin, p.snapshot()]));
      void this.store.writeState('response-cache', { counts, predictors, pages: this.pageRequests.snapshot() });
      void this.store.flush();
    }, 1000);
  }

  // ---- the Cache view -------------------------------------------------------------------------------

  async view(tabId: number): Promise<CacheView> {
    await this.store.ready();
    const tab = await browser.tabs.get(tabId);
    const url = tab.url ?? '';
    let origin = '';
    try {
      origin = new URL(url).origin;
    } catch {
      origin = '';
    }
    const page = await this.pageSettings(url);
    const stored = await browser.storage.local.get(RESPONSE_CACHE_SETTINGS_KEY);
    const { pattern } = responseCacheSettingsFor(readResponseCacheSettings(stored[RESPONSE_CACHE_SETTINGS_KEY]), url);
    const now = Date.now();
    const entries: CacheEntryView[] = [];
    for (const entry of this.store.entries()) {
      if (partitionOrigin(entry.namespace) !== origin) continue;
      const space = entry.label.indexOf(' ');
      entries.push({
        id: entry.id,
        method: space > 0 ? entry.label.slice(0, space) : '',
        url: space > 0 ? entry.label.slice(space + 1) : entry.label,
        storedBytes: entry.bytes,
        rawBytes: entry.rawBytes,
        compressed: entry.compressed,
        ageMs: now - entry.storedAt,
        freshForMs: entry.freshUntil - now,
        ttlMs: entry.freshUntil - entry.storedAt,
        hits: entry.hits,
        prefetched: entry.prefetched,
        identity: entry.namespace.slice(entry.namespace.lastIndexOf('|') + 1, entry.namespace.lastIndexOf('|') + 9),
      });
      if (entries.length >= 500) break;
    }
    const metrics = this.store.metrics();
    return {
      url,
      origin,
      strategyOn: page.on,
      rulesPattern: pattern,
      suggestedPattern: defaultPattern(url),
      settings: page.settings,
      health: this.store.health(),
      counters: metrics.counters,
      series: metrics.series,
      limits: this.store.policy.limits,
      entries,
      totalEntries: this.store.policy.entryCount,
      totalBytes: this.store.policy.bytes,
      disabled: this.store.policy.disabled,
      lastError: metrics.lastError,
    };
  }

  handlers(): HandlerMap<keyof CacheRequests> {
    return {
      cacheView: ({ tabId }) => this.view(tabId),
      cacheClear: async ({ tabId, scope }) => {
        await this.dropHot(() => true);
        if (scope === 'all') {
          await this.store.clearAll();
        } else {
          const origin = (await this.view(tabId)).origin;
          for (const namespace of this.store.policy.namespaces()) if (partitionOrigin(namespace) === origin) await this.store.clearNamespace(namespace);
        }
        return this.view(tabId);
      },
      cacheBumpVersion: async ({ tabId }) => {
        const { origin } = await this.view(tabId);
        await this.dropHot((o) => o === origin);
        for (const namespace of this.store.policy.namespaces()) if (partitionOrigin(namespace) === origin) await this.store.bumpVersion(namespace);
        return this.view(tabId);
      },
      cacheSetRules: async ({ tabId, pattern, settings }) => {
        if (typeof pattern !== 'string' || pattern.trim() === '') throw new Error('pattern: expected the URL pattern of the pages these rules are for');
        const checked = checkResponseCacheSettings(settings);
        const stored = await browser.storage.local.get(RESPONSE_CACHE_SETTINGS_KEY);
        const all = readResponseCacheSettings(stored[RESPONSE_CACHE_SETTINGS_KEY]);
        all[pattern.trim()] = checked;
        await browser.storage.local.set({ [RESPONSE_CACHE_SETTINGS_KEY]: all });
        return this.view(tabId);
      },
    };
  }
}

let measures = 0;

/**
 * Records one phase of a lookup as a User Timing measure in the worker's own timeline (read by
 * `npm run bench:cache`; nothing else reads it), bounded so it never grows without limit.
 */
function measure(name: string, start: number, end = performance.now()): number {
  try {
    if (++measures > 4000) {
      performance.clearMeasures();
      measures = 0;
    }
    performance.measure(name, { start, end });
  } catch {
    /* instrumentation only */
  }
  return end;
}

function readExtra(value: unknown): ResponseExtra | null {
  const e = value as Partial<ResponseExtra> | null;
  if (typeof e !== 'object' || e === null || !Number.isInteger(e.status) || typeof e.statusText !== 'string' || !Array.isArray(e.headers) || typeof e.url !== 'string' || typeof e.vary !== 'object' || e.vary === null || typeof e.text !== 'boolean') return null;
  return e as ResponseExtra;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The Cache view's requests. */
export function cacheHandlers(context: BackgroundContext): HandlerMap<keyof CacheRequests> {
  return context.cache.handlers();
}

/** The messages the content scripts relay to this host. */
function isRelayedType(type: unknown): boolean {
  return type === RC_BACKGROUND.lookup || type === RC_BACKGROUND.store || type === RC_BACKGROUND.mutation || type === RC_BACKGROUND.hotHit || type === RC_BACKGROUND.warm;
}

/** A stored body as it travels to the content script: text when it was text, else base64. */
function wireBody(body: Uint8Array<ArrayBuffer>, extra: ResponseExtra): WireBody {
  return extra.text ? { text: new TextDecoder().decode(body) } : { base64: toBase64(body) };
}
