/**
 * Removes what must not leave the machine by accident when a session is shared: cookies,
 * credentials, and the values of secret-looking URL parameters, wherever a URL can appear.
 * Exports are sanitized unless the user asks for a full export.
 */
import type { AlertRecord, Attribution, AutomaticActionRecord, MetricSample, RequestRecord, Session, SessionData, View } from '../model';

/** What the sanitizer removed, per kind, so the export dialog can say so. */
export interface RemovedCounts {
  /** Cookie and Set-Cookie headers. */
  cookieHeaders: number;
  /** Authorization, Proxy-Authorization and key-, token- or session-like headers. */
  authHeaders: number;
  /** URL parameters with a secret-looking name whose value became "REDACTED". */
  secretParams: number;
  /** user:password@ parts of URLs. */
  urlCredentials: number;
}

export const REDACTED = 'REDACTED';

/** Parameter and header names that look like they carry a secret (case-insensitive, substring). */
export const SECRET_NAME = /token|key|secret|passw(or)?d|session|sessid|auth|signature|code|credential|jwt/i;
const SECRET_HEADER = /authorization|token|api[-_]?key|secret|passw(or)?d|session|sessid|auth|signature|credential|csrf|xsrf/i;
const COOKIE_HEADER = /^(cookie|set-cookie2?)$/i;

/** `?name=value`, `&name=value`, `#name=value`, `;name=value`, or a bare `name=value` query string. */
const PARAM = /(^|[?&#;])([^=&#?;\s"'<>]+)=([^&#;\s"'<>]*)/g;
/** The same inside a percent-encoded URL nested in another parameter: `%3Fcode%3Dvalue`. */
const ENCODED_PARAM = /(%3F|%26|%23)([\w.\-~%]+?)%3D((?:(?!%26|%23)[^&#;\s"'<>])*)/gi;
const CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s"'<>]+)@/gi;

export interface Sanitizer {
  /** False for the pass-through used by a full export. */
  readonly active: boolean;
  /** Running counts; final once every stream of the export has been read. */
  readonly removed: Readonly<RemovedCounts>;
  session(session: Session): Session;
  view(view: View): View;
  sample(sample: MetricSample): MetricSample;
  request(request: RequestRecord): RequestRecord;
  alert(alert: AlertRecord): AlertRecord;
  action(action: AutomaticActionRecord): AutomaticActionRecord;
  /** Any text that may contain URLs (a URL, a message, a header value). */
  text(value: string): string;
}

export function emptyRemovedCounts(): RemovedCounts {
  return { cookieHeaders: 0, authHeaders: 0, secretParams: 0, urlCredentials: 0 };
}

export function isSecretParamName(name: string): boolean {
  return SECRET_NAME.test(safeDecode(name));
}

/** A sanitizer with its own counts; use one per export. */
export function createSanitizer(): Sanitizer {
  const removed = emptyRemovedCounts();

  const text = (value: string): string => {
    if (!value.includes('=') && !value.includes('@') && !/%3D/i.test(value)) return value;
    return value
      .replace(CREDENTIALS, (match, scheme: string, userinfo: string) => {
        if (userinfo === REDACTED) return match;
        removed.urlCredentials++;
        return `${scheme}${REDACTED}@`;
      })
      .replace(PARAM, (match, lead: string, name: string, paramValue: string) => {
        if (!paramValue || paramValue === REDACTED || !isSecretParamName(name)) return match;
        removed.secretParams++;
        return `${lead}${name}=${REDACTED}`;
      })
      .replace(ENCODED_PARAM, (match, lead: string, name: string, paramValue: string) => {
        if (!paramValue || paramValue === REDACTED || !isSecretParamName(name)) return match;
        removed.secretParams++;
        return `${lead}${name}%3D${REDACTED}`;
      });
  };

  const headers = (list: { name: string; value: string }[] | undefined) => {
    if (!list) return undefined;
    const kept: { name: string; value: string }[] = [];
    for (const header of list) {
      if (COOKIE_HEADER.test(header.name)) removed.cookieHeaders++;
      else if (SECRET_HEADER.test(header.name)) removed.authHeaders++;
      else kept.push({ name: header.name, value: text(header.value) });
    }
    return kept;
  };

  const attribution = (value: Attribution): Attribution => {
    const out: Attribution = {};
    for (const [key, item] of Object.entries(value)) out[key] = typeof item === 'string' ? text(item) : item;
    return out;
  };

  return {
    active: true,
    removed,
    text,
    session: (session) => ({ ...session, url: text(session.url), name: text(session.name), title: text(session.title) }),
    view: (view) => ({ ...view, url: text(view.url) }),
    alert: (alert) => ({ ...alert, message: text(alert.message), ...(alert.url !== undefined ? { url: text(alert.url) } : {}), ...(alert.pageKey !== undefined ? { pageKey: text(alert.pageKey) } : {}) }),
    action: (action) => ({ ...action, reason: text(action.reason), pattern: text(action.pattern), alertId: text(action.alertId) }),
    sample(sample) {
      if (sample.kind === 'vital') return { ...sample, attribution: attribution(sample.attribution) };
      if (sample.kind === 'loaf') {
        return {
          ...sample,
          scripts: sample.scripts.map((script) => ({ ...script, sourceURL: text(script.sourceURL), invoker: text(script.invoker) })),
        };
      }
      return sample;
    },
    request(request) {
      const clean: RequestRecord = {
        ...request,
        url: text(request.url),
        serverTiming: request.serverTiming.map((entry) => ({ ...entry, description: text(entry.description) })),
      };
      if (request.requestHeaders) clean.requestHeaders = headers(request.requestHeaders);
      if (request.responseHeaders) clean.responseHeaders = headers(request.responseHeaders);
      return clean;
    },
  };
}

const PASS_THROUGH: Sanitizer = {
  active: false,
  removed: Object.freeze(emptyRemovedCounts()),
  text: (value) => value,
  session: (session) => session,
  view: (view) => view,
  sample: (sample) => sample,
  request: (request) => request,
  alert: (alert) => alert,
  action: (action) => action,
};

/** The sanitizer an exporter should use for these options. */
export function resolveSanitizer(options: { sanitize?: boolean; sanitizer?: Sanitizer }): Sanitizer {
  if (options.sanitize === false) return PASS_THROUGH;
  return options.sanitizer ?? createSanitizer();
}

/** Sanitizes a whole loaded session (for previews and tests; exporters sanitize as they stream). */
export function sanitizeSessionData(data: SessionData): { data: SessionData; removed: RemovedCounts } {
  const sanitizer = createSanitizer();
  const clean: SessionData = {
    session: sanitizer.session(data.session),
    views: data.views.map(sanitizer.view),
    samples: data.samples.map(sanitizer.sample),
    requests: data.requests.map(sanitizer.request),
    alerts: data.alerts.map(sanitizer.alert),
    ...(data.actions ? { actions: data.actions.map(sanitizer.action) } : {}),
  };
  return { data: clean, removed: { ...sanitizer.removed } };
}

/** "2 cookie headers, 1 authorization header, 5 secret parameters" — or "nothing". */
export function describeRemoved(removed: Readonly<RemovedCounts>): string {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(removed.cookieHeaders, 'cookie header', 'cookie headers');
  add(removed.authHeaders, 'authorization header', 'authorization headers');
  add(removed.secretParams, 'secret URL parameter', 'secret URL parameters');
  add(removed.urlCredentials, 'URL credential', 'URL credentials');
  return parts.length ? parts.join(', ') : 'nothing';
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
