/**
 * The page-world half of "Cache repeated API calls". While the strategy is on, same-origin
 * fetch and XMLHttpRequest calls that a rule covers ask the background (through the content
 * script) whether to answer from the cache; everything else, and any failure or a slow answer,
 * goes to the network exactly as without the extension. Hits are built with the stored status,
 * status text, headers and body. Nothing here may throw into the page.
 */
import { waitAtMost } from '../shared/wait-at-most';
import { RC_CONTENT_EVENT, RC_CONTENT_SOURCE, RC_HOT_ANSWER_EVENT, RC_HOT_PROBE_EVENT, RC_PAGE_EVENT, RC_PAGE_SOURCE, RC_PROTOCOL, type RcContentMessage, type RcLookupReply, type RcPageRule, type RcPrefetch, type WireBody } from '../shared/response-cache-protocol';

/** A lookup answered later than this goes to the network (a sleeping worker must not slow the page); the settings may change it. */
const DEFAULT_LOOKUP_TIMEOUT_MS = 400;
const MAX_BODY_CHARS = 8 * 1024 * 1024;

type Fetch = typeof fetch;
type LookupResult = { reply: RcLookupReply; prefetch: RcPrefetch[] };

interface Described {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** The request has a body the client cannot read (it is never looked up). */
  opaqueBody: boolean;
}

/** The client, created once by the page-world script; inert until the content script enables it. */
export class ResponseCacheClient {
  private enabled = false;
  private rules: RcPageRule[] = [];
  private lookupTimeoutMs = DEFAULT_LOOKUP_TIMEOUT_MS;
  private logout: RegExp | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: LookupResult | null) => void>();
  private readonly prefetching = new Set<string>();
  /**
   * Responses whose body is still being read for their store, by request. The page may ask for the
   * same request again before that store is sent: its lookup waits for it (bounded), so the worker
   * hears the store first and the lookup finds what it wrote.
   */
  private readonly storing = new Map<string, Promise<void>>();

  constructor(private readonly win: Window, private readonly originalFetch: Fetch) {
    win.addEventListener('message', (event: MessageEvent) => {
      try {
        if (event.source === win) this.onMessage(event.data as RcContentMessage);
      } catch {
        /* never disturb the page */
      }
    });
    win.addEventListener(RC_CONTENT_EVENT, (event: Event) => {
      try {
        const detail = (event as CustomEvent).detail;
        if (typeof detail === 'string') this.onMessage(JSON.parse(detail) as RcContentMessage);
      } catch {
        /* never disturb the page */
      }
    });
  }

  get active(): boolean {
    return this.enabled;
  }

  /** fetch() while enabled: the cache's answer, or the network's. */
  async fetch(thisArg: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const network = () => this.originalFetch.call(thisArg, input, init);
    let request: Described | null = null;
    let signal: AbortSignal | null | undefined;
    try {
      const isRequest = input instanceof Request;
      const cacheMode = init?.cache ?? (isRequest ? input.cache : 'default');
      signal = init?.signal ?? (isRequest ? input.signal : undefined);
      if (cacheMode === 'no-store' || cacheMode === 'reload' || cacheMode === 'no-cache' || signal?.aborted) return network();
      request = describeFetch(input, init, this.win.location.href);
    } catch {
      return network();
    }
    if (!request || new URL(request.url).origin !== this.win.location.origin) return network();
    if (this.isMutation(request)) return this.mutate(request, network);
    if (request.opaqueBody || !this.covered(request)) return network();

    const result = await this.lookup(request);
    if (!result || signal?.aborted) return network();
    this.schedulePrefetch(result.prefetch);
    const { reply } = result;
    if (reply.kind === 'hit') {
      try {
        const response = buildResponse(reply, request.url);
        if (reply.stale && reply.revalidateToken) this.revalidate(request, reply.revalidateToken);
        return response;
      } catch {
        return network();
      }
    }
    const started = performance.now();
    const response = await network();
    if (reply.kind === 'store') this.storeLater(response, reply.token, started, request);
    return response;
  }

  /** Wraps XMLHttpRequest so that covered GETs can be answered from the cache too. */
  wrapXhr(proto: XMLHttpRequest): void {
    installXhrCache(proto, this);
  }

  // ---- shared with the XHR wrapper -----------------------------------------------------------

  isMutation(request: Pick<Described, 'method' | 'url'>): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !(request.method === 'POST' && this.coveredPost(request.url))) return true;
    return this.isLogout(request.url);
  }

  notifyMutation(request: Described, phase: 'start' | 'end'): void {
    this.post({ type: 'rc-mutation', id: null, method: request.method, url: request.url, headers: request.headers, phase });
  }

  /** Tells the background a mutation finished and waits (bounded) until its invalidation is done. */
  mutationDone(request: Described): Promise<void> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve();
      }, this.lookupTimeoutMs);
      this.pending.set(id, () => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve();
      });
      if (!this.post({ type: 'rc-mutation', id, method: request.method, url: request.url, headers: request.headers, phase: 'end' })) {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve();
      }
    });
  }

  covered(request: Pick<Described, 'method' | 'url'>): boolean {
    return this.rules.some((rule) => rule.methods.includes(request.method) && matches(request.url, rule.urlPattern, this.win.location.origin) && (request.method !== 'POST' || rule.postEndpoints.some((p) => matches(request.url, p, this.win.location.origin))));
  }

  lookup(request: Described): Promise<LookupResult | null> {
    const held = this.probeHotTier(request);
    if (held) return Promise.resolve({ reply: held, prefetch: [] });
    const storing = this.storing.get(storeSlot(request.method, request.url, request.body));
    if (!storing) return this.ask(request);
    return waitAtMost(storing, this.lookupTimeoutMs / 2).then(() => this.ask(request));
  }

  private ask(request: Described): Promise<LookupResult | null> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, this.lookupTimeoutMs);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(result);
      });
      if (!this.post({ type: 'rc-lookup', id, method: request.method, url: request.url, headers: request.headers, body: request.body })) {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(null);
      }
    });
  }

  /**
   * Asks the content script's hot tier synchronously (a DOM event runs the other world's listener
   * before dispatchEvent returns): a held fresh hit costs no task hop and no worker round trip.
   */
  private probeHotTier(request: Described): Extract<RcLookupReply, { kind: 'hit' }> | null {
    let answer: unknown = null;
    const onAnswer = (event: Event) => {
      answer = (event as CustomEvent).detail;
    };
    try {
      this.win.addEventListener(RC_HOT_ANSWER_EVENT, onAnswer);
      const detail = JSON.stringify({ source: RC_PAGE_SOURCE, v: RC_PROTOCOL, type: 'rc-lookup', id: 0, method: request.method, url: request.url, headers: request.headers, body: request.body });
      this.win.dispatchEvent(new CustomEvent(RC_HOT_PROBE_EVENT, { detail }));
    } catch {
      return null;
    } finally {
      this.win.removeEventListener(RC_HOT_ANSWER_EVENT, onAnswer);
    }
    if (typeof answer !== 'string') return null;
    try {
      const hit = JSON.parse(answer) as RcLookupReply;
      return hit.kind === 'hit' ? hit : null;
    } catch {
      return null;
    }
  }

  store(token: string, status: number, statusText: string, headers: [string, string][], body: WireBody, costMs: number, url: string): void {
    this.post({ type: 'rc-store', token, status, statusText, headers, body, costMs, url });
  }

  schedulePrefetch(prefetch: RcPrefetch[]): void {
    for (const item of prefetch) {
      if (this.prefetching.has(item.url)) continue;
      this.prefetching.add(item.url);
      const run = () => {
        const started = performance.now();
        this.originalFetch
          .call(this.win, item.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then((response) => this.storeLater(response, item.token, started))
          .catch(() => {})
          .finally(() => this.prefetching.delete(item.url));
      };
      const idle = (this.win as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
      if (typeof idle === 'function') idle.call(this.win, run, { timeout: 2000 });
      else setTimeout(run, 50);
    }
  }

  // ---- internals ---------------------------------------------------------------------------------

  /**
   * A write: invalidated when it starts, and again when it is answered (a read racing it may have
   * stored the old data); the page gets the response once the second invalidation is done, so a
   * read it makes next never sees what the write changed.
   */
  private async mutate(request: Described, network: () => Promise<Response>): Promise<Response> {
    this.notifyMutation(request, 'start');
    try {
      return await network();
    } finally {
      await this.mutationDone(request);
    }
  }

  private coveredPost(url: string): boolean {
    return this.rules.some((rule) => rule.methods.includes('POST') && rule.postEndpoints.some((p) => matches(url, p, this.win.location.origin)));
  }

  private isLogout(url: string): boolean {
    try {
      return this.logout !== null && this.logout.test(new URL(url).pathname);
    } catch {
      return false;
    }
  }

  private revalidate(request: Described, token: string): void {
    const started = performance.now();
    this.originalFetch
      .call(this.win, request.url, { method: request.method, headers: request.headers, body: request.body ?? undefined, credentials: 'same-origin' })
      .then((response) => this.storeLater(response, token, started, request))
      .catch(() => {});
  }

  /** Stores a copy of the response once its body is read; `request` (when the page made it) waits for that in its next lookup. */
  private storeLater(response: Response, token: string, started: number, request?: Pick<Described, 'method' | 'url' | 'body'>): void {
    try {
      if (response.type === 'opaque' || response.bodyUsed || response.status < 200) return;
      const length = Number(response.headers.get('content-length') ?? '0');
      if (length > MAX_BODY_CHARS) return;
      const copy = response.clone();
      const stored = readBody(copy)
        .then((body) => {
          if (!body) return;
          this.store(token, copy.status, copy.statusText, [...copy.headers], body, performance.now() - started, copy.url || this.win.location.href);
        })
        .catch(() => {});
      if (!request) return;
      const slot = storeSlot(request.method, request.url, request.body);
      this.storing.set(slot, stored);
      void stored.then(() => {
        if (this.storing.get(slot) === stored) this.storing.delete(slot);
      });
    } catch {
      /* the page keeps its response; the cache just does not learn it */
    }
  }

  private post(payload: Record<string, unknown>): boolean {
    try {
      this.win.dispatchEvent(new CustomEvent(RC_PAGE_EVENT, { detail: JSON.stringify({ source: RC_PAGE_SOURCE, v: RC_PROTOCOL, ...payload }) }));
      return true;
    } catch {
      return false;
    }
  }

  private onMessage(data: RcContentMessage): void {
    if (typeof data !== 'object' || data === null || data.source !== RC_CONTENT_SOURCE || data.v !== RC_PROTOCOL) return;
    if (data.type === 'rc-config') {
      this.enabled = data.enabled === true;
      this.rules = Array.isArray(data.rules) ? data.rules : [];
      this.logout = patternRegExp(typeof data.logoutPattern === 'string' ? data.logoutPattern : '');
      if (typeof data.lookupTimeoutMs === 'number' && data.lookupTimeoutMs >= 50 && data.lookupTimeoutMs <= 10_000) this.lookupTimeoutMs = data.lookupTimeoutMs;
    } else if (data.type === 'rc-reply') {
      this.pending.get(data.id)?.({ reply: data.reply, prefetch: Array.isArray(data.prefetch) ? data.prefetch : [] });
    } else if (data.type === 'rc-prefetch' && this.enabled && Array.isArray(data.prefetch)) {
      this.schedulePrefetch(data.prefetch);
    }
  }
}

/** Which of the page's requests a store answers (headers aside: a Vary mismatch only waits a little for nothing). */
function storeSlot(method: string, url: string, body: string | null): string {
  return `${method} ${url}\n${body ?? ''}`;
}

function describeFetch(input: RequestInfo | URL, init: RequestInit | undefined, base: string): Described | null {
  const isRequest = input instanceof Request;
  const method = String(init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
  const url = new URL(isRequest ? input.url : String(input), base).href;
  const headers: Record<string, string> = {};
  new Headers(init?.headers ?? (isRequest ? input.headers : undefined)).forEach((value, name) => {
    headers[name] = value;
  });
  const rawBody = init?.body;
  let body: string | null = null;
  let opaqueBody = false;
  if (typeof rawBody === 'string') body = rawBody;
  else if (rawBody instanceof URLSearchParams) body = rawBody.toString();
  else if (rawBody !== undefined && rawBody !== null) opaqueBody = true;
  else if (isRequest && input.body !== null) opaqueBody = true;
  return { method, url, headers, body, opaqueBody };
}

function buildResponse(hit: Extract<RcLookupReply, { kind: 'hit' }>, requestUrl: string): Response {
  const nullBody = hit.status === 204 || hit.status === 205 || hit.status === 304;
  const response = new Response(nullBody ? null : decodeBody(hit.body), { status: hit.status, statusText: hit.statusText, headers: hit.headers });
  // A constructed Response has url "" and type "default"; the page's own would not.
  Object.defineProperties(response, {
    url: { value: hit.url, configurable: true },
    type: { value: 'basic', configurable: true },
    redirected: { value: hit.url !== requestUrl, configurable: true },
  });
  return response;
}

function decodeBody(body: WireBody): string | Uint8Array<ArrayBuffer> {
  if ('text' in body) return body.text;
  const binary = atob(body.base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|javascript|x-www-form-urlencoded))/i;

async function readBody(response: Response): Promise<WireBody | null> {
  if (TEXTUAL.test(response.headers.get('content-type') ?? 'text/plain')) {
    const text = await response.text();
    return text.length <= MAX_BODY_CHARS ? { text } : null;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length * 1.4 > MAX_BODY_CHARS) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { base64: btoa(binary) };
}

function patternRegExp(pattern: string): RegExp | null {
  if (!pattern) return null;
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

const patternCache = new Map<string, RegExp | null>();

/** The same rule-pattern semantics as the core (path patterns mean the page's origin); query ignored. */
function matches(url: string, pattern: string, origin: string): boolean {
  let regExp = patternCache.get(pattern);
  if (regExp === undefined) {
    regExp = patternRegExp(pattern);
    patternCache.set(pattern, regExp);
  }
  if (!regExp) return false;
  const parsed = new URL(url);
  const subject = pattern.startsWith('/') ? parsed.pathname : parsed.origin + parsed.pathname;
  return parsed.origin === origin && regExp.test(subject);
}

// ---- XMLHttpRequest ----------------------------------------------------------------------------

interface XhrState {
  method: string;
  url: string;
  async: boolean;
  headers: Record<string, string>;
  /** Waiting for the cache's answer: abort() must wait too. */
  waiting: boolean;
  abortedWhileWaiting: boolean;
  overridden: boolean;
}

const OVERRIDDEN = ['readyState', 'status', 'statusText', 'responseURL', 'responseText', 'response', 'getResponseHeader', 'getAllResponseHeaders'] as const;

function installXhrCache(proto: XMLHttpRequest, client: ResponseCacheClient): void {
  const states = new WeakMap<XMLHttpRequest, XhrState>();
  const open = proto.open;
  const setRequestHeader = proto.setRequestHeader;
  const send = proto.send;
  const abort = proto.abort;

  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    try {
      const previous = states.get(this);
      if (previous?.overridden) for (const name of OVERRIDDEN) delete (this as unknown as Record<string, unknown>)[name];
      states.set(this, { method: String(method).toUpperCase(), url: new URL(String(url), location.href).href, async: rest.length === 0 || rest[0] !== false, headers: {}, waiting: false, abortedWhileWaiting: false, overridden: false });
    } catch {
      states.delete(this);
    }
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof proto.open;

  proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const state = states.get(this);
    if (state) {
      const key = String(name).toLowerCase();
      state.headers[key] = key in state.headers ? `${state.headers[key]}, ${value}` : String(value);
    }
    return setRequestHeader.call(this, name, value);
  };

  proto.abort = function (this: XMLHttpRequest) {
    const state = states.get(this);
    if (state?.waiting) {
      state.abortedWhileWaiting = true;
      return;
    }
    return abort.call(this);
  };

  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const state = states.get(this);
    const xhr = this;
    const nativeSend = () => send.call(xhr, body as XMLHttpRequestBodyInit | null | undefined);
    if (!client.active || !state || !state.async) return nativeSend();
    let request: Described;
    try {
      if (new URL(state.url).origin !== location.origin) return nativeSend();
      const textBody = typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : null;
      request = { method: state.method, url: state.url, headers: state.headers, body: textBody, opaqueBody: body != null && textBody === null };
      if (client.isMutation(request)) {
        client.notifyMutation(request, 'start');
        holdCompletion(xhr, () => client.mutationDone(request));
        return nativeSend();
      }
      if (request.opaqueBody || !client.covered(request) || (xhr.responseType !== '' && xhr.responseType !== 'text' && xhr.responseType !== 'json')) return nativeSend();
    } catch {
      return nativeSend();
    }
    state.waiting = true;
    void client.lookup(request).then((result) => {
      state.waiting = false;
      try {
        if (state.abortedWhileWaiting) {
          nativeSend();
          abort.call(xhr);
          return;
        }
        if (!result) return nativeSend();
        client.schedulePrefetch(result.prefetch);
        const { reply } = result;
        if (reply.kind === 'hit' && 'text' in reply.body) {
          answerXhr(xhr, reply, reply.body.text);
          state.overridden = true;
          return;
        }
        if (reply.kind === 'store' && xhr.responseType !== 'json') {
          const started = performance.now();
          // At readyState 4, in the capture phase: the store is sent before the page's own handlers
          // run, so a request the page makes from them is looked up after it.
          const onDone = () => {
            if (xhr.readyState !== 4) return;
            xhr.removeEventListener('readystatechange', onDone, true);
            try {
              if (xhr.status < 200) return; // failed or aborted: nothing to learn
              const headers = parseHeaderBlock(xhr.getAllResponseHeaders());
              client.store(reply.token, xhr.status, xhr.statusText, headers, { text: xhr.responseText }, performance.now() - started, xhr.responseURL || state.url);
            } catch {
              /* not learnt */
            }
          };
          xhr.addEventListener('readystatechange', onDone, true);
        }
        nativeSend();
      } catch {
        try {
          nativeSend();
        } catch {
          /* the request was already sent */
        }
      }
    });
  };
}

const COMPLETION_EVENTS = ['readystatechange', 'load', 'error', 'abort', 'timeout', 'loadend'] as const;

/**
 * Like fetch, a write's XMLHttpRequest reaches the page only after the second invalidation: its
 * completion events (readyState 4, load/error/abort/timeout, loadend) are held by capturing
 * listeners (at the target they run before the page's own) until `done` settles, then dispatched
 * again in their order.
 */
function holdCompletion(xhr: XMLHttpRequest, done: () => Promise<void>): void {
  const held: Event[] = [];
  let releasing = false;
  let waiting = false;
  const hold = (event: Event) => {
    if (releasing || (event.type === 'readystatechange' && xhr.readyState !== 4)) return;
    event.stopImmediatePropagation();
    held.push(event);
    if (waiting) return;
    waiting = true;
    void done()
      .catch(() => {})
      .then(() => {
        releasing = true;
        for (const type of COMPLETION_EVENTS) xhr.removeEventListener(type, hold, true);
        for (const event of held) {
          const progress = event as ProgressEvent;
          xhr.dispatchEvent(event.type === 'readystatechange' ? new Event('readystatechange') : new ProgressEvent(event.type, { lengthComputable: progress.lengthComputable, loaded: progress.loaded, total: progress.total }));
        }
      });
  };
  for (const type of COMPLETION_EVENTS) xhr.addEventListener(type, hold, true);
}

function answerXhr(xhr: XMLHttpRequest, hit: Extract<RcLookupReply, { kind: 'hit' }>, text: string): void {
  const lower = hit.headers.map(([name, value]) => [name.toLowerCase(), value] as const);
  const response = xhr.responseType === 'json' ? safeJson(text) : text;
  const define = (name: string, value: unknown) => Object.defineProperty(xhr, name, { value, configurable: true });
  define('readyState', 4);
  define('status', hit.status);
  define('statusText', hit.statusText);
  define('responseURL', hit.url);
  define('responseText', text);
  define('response', response);
  define('getResponseHeader', (name: string) => {
    const found = lower.filter(([n]) => n === String(name).toLowerCase()).map(([, v]) => v);
    return found.length > 0 ? found.join(', ') : null;
  });
  define('getAllResponseHeaders', () => lower.map(([n, v]) => `${n}: ${v}\r\n`).join(''));
  // Asynchronously, as a network answer would arrive.
  setTimeout(() => {
    xhr.dispatchEvent(new Event('readystatechange'));
    const size = text.length;
    for (const type of ['load', 'loadend']) xhr.dispatchEvent(new ProgressEvent(type, { lengthComputable: true, loaded: size, total: size }));
  }, 0);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseHeaderBlock(block: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of block.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}
