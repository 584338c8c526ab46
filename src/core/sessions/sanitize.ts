/**
 * Removes what must not leave the machine by accident when a session is shared: cookies,
 * credentials, the values of secret-looking parameters, and secrets recognised by their shape
 * (./secret-shapes.ts), in every string of every record except identifiers.
 * Exports are sanitized unless the user asks for a full export.
 */
import type { AlertRecord, AutomaticActionRecord, MetricSample, RequestRecord, Session, SessionData, View } from '../model';
import { REDACTED, redactSecretShapes } from './secret-shapes';
import type { SessionExportInput, Source } from './types';

/** What the sanitizer removed, per kind, so the export dialog can say so. */
export interface RemovedCounts {
  /** Cookie, Cookie2, Set-Cookie and Set-Cookie2 headers. */
  cookieHeaders: number;
  /** Authorization, Proxy-Authorization and key-, token-, session- or assertion-like headers. */
  authHeaders: number;
  /** Parameters (in URLs, JSON, key=value text) with a secret-looking name whose value became "REDACTED". */
  secretParams: number;
  /** user:password@ parts of URLs. */
  urlCredentials: number;
  /** Secrets recognised by their shape wherever they were: JWTs, provider tokens, webhook keys, Bearer credentials, random keys. */
  secretTokens: number;
}

export { REDACTED };

/** Parameter names that carry a secret wherever they appear in the name (case-insensitive). */
export const SECRET_NAME =
  /token|key|secret|passw(or)?d|passphrase|session|sessid|auth|signature|code|credential|jwt|ticket|hmac|nonce|assertion|saml|bearer|private|otp|pwd/i;
/** Short names that are secrets only as a whole word of the name (sid, but not "side" or "inside"). */
const SECRET_WORDS = new Set(['sid', 'pass', 'pin', 'sig', 'sas', 'mfa', 'totp', 'hotp', 'sso', 'cred', 'creds', 'pw', 'tfa']);
const SECRET_HEADER =
  /authorization|token|key|secret|passw(or)?d|session|sessid|auth|signature|credential|csrf|xsrf|jwt|assertion|oidc|appcheck|ticket|nonce|otp|hmac|saml|private|bearer/i;
const COOKIE_HEADER = /^(cookie2?|set-cookie2?)$/i;

/**
 * `name=value` after the start, a URL delimiter, a space or punctuation: `?token=…`,
 * `desc="… token=…"`, `a, token=…`. The value ends at a delimiter.
 */
const PARAM = /(^|[?&#\s,(\[{|/=])([^=&#?;\s"'<>,()[\]{}|/]+)=(?!=)([^&#;\s"'<>,]*)/g;
/** A path parameter: `/x;jsessionid=J?a=1` — its value ends at `?`, `/` or the next `;`. */
const PATH_PARAM = /(;)([^=&#?;\s"'<>/]+)=([^&#;?/\s"'<>]*)/g;
/** `name="value"` and `name='value'`. */
const QUOTED_PARAM = /(^|[?&#;\s,(\[{|])([^=&#?;\s"'<>,()[\]{}|]+)=(["'])((?:(?!\3)[^\\]|\\.)*)\3/g;
/** JSON-style `"access_token": "value"` (also single quotes, and unquoted values `token: abc`). */
const JSON_PAIR = /(["'])([^"'\\:]{1,100})\1(\s*:\s*)(["'])((?:(?!\4)[^\\]|\\.)*)\4/g;
const COLON_PAIR = /(^|[\s,;{(])([A-Za-z][\w.-]{0,60})(\s*:\s*)([^\s"',;})]{4,})/g;
/** The same inside a percent-encoded URL nested in another parameter: `%3Fcode%3Dvalue`. */
const ENCODED_PARAM = /(%3F|%26|%23|%3B)([\w.\-~%]+?)%3D((?:(?!%26|%23|%3B)[^&#;\s"'<>])*)/gi;
const CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s"'<>]+)@/gi;

/** Keys of records that are identifiers or enumerations, never free text: left as they are. */
const NOT_TEXT = new Set(['kind', 'id', 'viewId', 'sessionId', 'metricId', 'origin', 'rating', 'initiatorType', 'severity', 'ruleId', 'source', 'invokerType', 'navigationType', 'protocol', 'renderBlocking', 'alertId', 'strategyId', 'status']);

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
  /** Any text that may contain URLs or secrets (a URL, a message, a header value, a selector). */
  text(value: string): string;
  /** Adds the counts of another sanitizer that cleaned part of the same export (in a worker). */
  add(counts: Readonly<RemovedCounts>): void;
}

export function emptyRemovedCounts(): RemovedCounts {
  return { cookieHeaders: 0, authHeaders: 0, secretParams: 0, urlCredentials: 0, secretTokens: 0 };
}

/** Decodes percent-encoding up to three times: `%2574oken` is `token` sent through two encoders. */
function decodeName(name: string): string {
  let decoded = name;
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    const next = safeDecode(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  return decoded;
}

export function isSecretParamName(name: string): boolean {
  const decoded = decodeName(name);
  if (SECRET_NAME.test(decoded)) return true;
  // Words of the name: snake, kebab, dotted and camelCase parts.
  const words = decoded.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/** True for a header whose value is a credential as a whole (it is dropped from a sanitized export). */
export function isSecretHeaderName(name: string): boolean {
  const decoded = decodeName(name);
  return SECRET_HEADER.test(decoded) || isSecretParamName(decoded);
}

export function isCookieHeaderName(name: string): boolean {
  return COOKIE_HEADER.test(name.trim());
}

/** A sanitizer with its own counts; use one per export. */
export function createSanitizer(): Sanitizer {
  const removed = emptyRemovedCounts();
  const countToken = () => {
    removed.secretTokens++;
  };
  const redactParam = (match: string, lead: string, name: string, paramValue: string, rebuild: (value: string) => string) => {
    if (!paramValue || paramValue === REDACTED || !isSecretParamName(name)) return match;
    removed.secretParams++;
    return lead + rebuild(REDACTED);
  };

  const text = (value: string): string => {
    if (value.length < 3) return value;
    // Shapes first: `Authorization: Basic <key>` must lose the key, not only the word after the colon.
    let out = redactSecretShapes(value, countToken);
    if (out.includes('@')) {
      out = out.replace(CREDENTIALS, (match, scheme: string, userinfo: string) => {
        if (userinfo === REDACTED) return match;
        removed.urlCredentials++;
        return `${scheme}${REDACTED}@`;
      });
    }
    if (out.includes('=')) {
      out = out
        .replace(QUOTED_PARAM, (match, lead: string, name: string, quote: string, paramValue: string) =>
          redactParam(match, lead, name, paramValue, (v) => `${name}=${quote}${v}${quote}`),
        )
        .replace(PATH_PARAM, (match, lead: string, name: string, paramValue: string) => redactParam(match, lead, name, paramValue, (v) => `${name}=${v}`))
        .replace(PARAM, (match, lead: string, name: string, paramValue: string) => redactParam(match, lead, name, paramValue, (v) => `${name}=${v}`));
    }
    if (out.includes(':')) {
      out = out
        .replace(JSON_PAIR, (match, q1: string, name: string, colon: string, q2: string, paramValue: string) =>
          redactParam(match, '', name, paramValue, (v) => `${q1}${name}${q1}${colon}${q2}${v}${q2}`),
        )
        .replace(COLON_PAIR, (match, lead: string, name: string, colon: string, paramValue: string) => {
          // "https://…" and "12:30" are not name: value pairs.
          if (paramValue.startsWith('//')) return match;
          return redactParam(match, lead, name, paramValue, (v) => `${name}${colon}${v}`);
        });
    }
    if (out.includes('%')) {
      out = out.replace(ENCODED_PARAM, (match, lead: string, name: string, paramValue: string) =>
        redactParam(match, lead, name, paramValue, (v) => `${name}%3D${v}`),
      );
    }
    return out;
  };

  const headers = (list: { name: string; value: string }[]) => {
    const kept: { name: string; value: string }[] = [];
    for (const header of list) {
      if (isCookieHeaderName(header.name)) removed.cookieHeaders++;
      else if (isSecretHeaderName(header.name)) removed.authHeaders++;
      else kept.push({ name: text(header.name), value: text(header.value) });
    }
    return kept;
  };

  /** Every string anywhere in a record, except identifiers and enumerations; headers by name. */
  const deep = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== undefined && NOT_TEXT.has(key) ? value : text(value);
    if (Array.isArray(value)) {
      if (key === 'requestHeaders' || key === 'responseHeaders') return headers(value as { name: string; value: string }[]);
      return value.map((item) => deep(item));
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) out[name] = deep(item, name);
      return out;
    }
    return value;
  };

  return {
    active: true,
    removed,
    text,
    add(counts) {
      for (const key of Object.keys(removed) as (keyof RemovedCounts)[]) removed[key] += counts[key];
    },
    session: (session) => deep(session) as Session,
    view: (view) => deep(view) as View,
    alert: (alert) => deep(alert) as AlertRecord,
    action: (action) => deep(action) as AutomaticActionRecord,
    sample: (sample) => (sample.kind === 'memory' ? sample : (deep(sample) as MetricSample)),
    request: (request) => deep(request) as RequestRecord,
  };
}

const PASS_THROUGH: Sanitizer = {
  active: false,
  removed: Object.freeze(emptyRemovedCounts()),
  text: (value) => value,
  // A full export removes nothing, wherever its parts were written.
  add: () => {},
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

/**
 * The export input with every record already sanitized, and the sanitizer counting it. Every
 * exporter starts with this, so no field of any format can bypass the sanitizer: the
 * exporters only ever see sanitized records.
 */
export function sanitizeExportInput(input: SessionExportInput, options: { sanitize?: boolean; sanitizer?: Sanitizer }): { input: SessionExportInput; sanitizer: Sanitizer } {
  const sanitizer = resolveSanitizer(options);
  if (!sanitizer.active) return { input, sanitizer };
  return {
    sanitizer,
    input: {
      session: sanitizer.session(input.session),
      views: input.views.map(sanitizer.view),
      samples: sanitizedSource(input.samples, sanitizer.sample),
      requests: sanitizedSource(input.requests, sanitizer.request),
      alerts: sanitizedSource(input.alerts, sanitizer.alert),
      actions: sanitizedSource(input.actions ?? [], sanitizer.action),
    },
  };
}

/** A source read through `map` as it is read (lazily: streams stay streams, one pass). */
export function sanitizedSource<T>(source: Source<T>, map: (item: T) => T): Source<T> {
  if (Symbol.iterator in source) {
    const items = source;
    return {
      *[Symbol.iterator]() {
        for (const item of items) yield map(item);
      },
    };
  }
  const items = source;
  return {
    async *[Symbol.asyncIterator]() {
      for await (const item of items) yield map(item);
    },
  };
}

/** Sanitizes a whole loaded session (for previews and tests). */
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
  add(removed.secretTokens ?? 0, 'secret-looking token', 'secret-looking tokens');
  return parts.length ? parts.join(', ') : 'nothing';
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
