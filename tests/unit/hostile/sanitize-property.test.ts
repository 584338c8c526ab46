/**
 * Property tests of the sanitizer against generated secrets of every kind an attacker found
 * leaking (issue 11), each placed in every string field a session can carry: no default
 * export (JSON, CSV, HAR, trace, report) may contain it. And ordinary URLs keep their query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionData } from '../../../src/core/model';
import { EXPORT_FORMATS, startExport } from '../../../src/core/sessions/export/registry';
import { createSanitizer, isSecretHeaderName, sanitizeSessionData } from '../../../src/core/sessions/sanitize';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect } from '../sessions/helpers';

/** A generated secret: the text to place, the part of it that must not survive, and whether it needs a name. */
interface Secret {
  embed: string;
  secret: string;
  /** Named secrets (`sid=…`) are placed as parameters; shaped ones anywhere. */
  named: boolean;
}

const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength: min, maxLength: max }).map((list) => list.join(''));
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const shaped = (secret: string): Secret => ({ embed: secret, secret, named: false });

const jwt = fc
  .record({
    alg: fc.constantFrom('HS256', 'RS256', 'ES256', 'none'),
    sub: chars(B62, 1, 20),
    iat: fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }),
    sig: chars(B64URL, 0, 86),
  })
  .map(({ alg, sub, iat, sig }) => shaped(`${base64url(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url(JSON.stringify({ sub, iat }))}.${sig}`));

/** Provider token formats, each with a generated body. */
const provider = fc.oneof(
  chars(B62, 36, 40).map((body) => `ghp_${body}`),
  chars(B62, 36, 40).map((body) => `gho_${body}`),
  chars(`${B62}_`, 60, 82).map((body) => `github_pat_${body}`),
  fc.tuple(fc.constantFrom('xoxb', 'xoxp', 'xoxa', 'xoxs'), chars('0123456789', 10, 13), chars(B62, 24, 32)).map(([p, n, b]) => `${p}-${n}-${b}`),
  fc.tuple(fc.constantFrom('sk_live_', 'pk_live_', 'rk_live_', 'sk_test_'), chars(B62, 24, 99)).map(([p, b]) => p + b),
  fc.tuple(fc.constantFrom('AKIA', 'ASIA'), chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 16, 16)).map(([p, b]) => p + b),
  chars(`${B62}-_`, 35, 35).map((body) => `AIza${body}`),
  chars(`${B62}-_`, 20, 20).map((body) => `glpat-${body}`),
  chars(B62, 36, 36).map((body) => `npm_${body}`),
  fc.tuple(chars(`${B62}-_`, 22, 22), chars(`${B62}-_`, 43, 43)).map(([a, b]) => `SG.${a}.${b}`),
).map(shaped);

/** Signatures of presigned URLs: S3, GCS, Azure SAS. */
const presigned = fc.oneof(
  chars(HEX, 64, 64).map((sig) => ({ embed: `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${sig}`, secret: sig, named: true })),
  chars(HEX, 64, 512).map((sig) => ({ embed: `X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${sig}`, secret: sig, named: true })),
  chars(B62, 43, 43).map((sig) => ({ embed: `sv=2022-11-02&sp=r&sig=${sig}%3D`, secret: sig, named: true })),
);

/** Secret-looking parameter names from the issue, plain, in other casings and double-encoded. */
const SECRET_PARAM_NAMES = ['sid', 'pwd', 'pass', 'otp', 'ticket', 'hmac', 'nonce', 'token', 'access_token', 'api_key', 'session', 'password', 'client_secret', 'code', 'signature', 'jwt', 'auth'];
const doubleEncode = (name: string) => name.replace(/^./, (c) => `%25${c.charCodeAt(0).toString(16)}`);
const named = fc
  .tuple(fc.constantFrom(...SECRET_PARAM_NAMES), fc.constantFrom('plain', 'upper', 'double-encoded'), chars(B62, 8, 30))
  .map(([name, form, value]) => {
    const spelled = form === 'upper' ? name.toUpperCase() : form === 'double-encoded' ? doubleEncode(name) : name;
    return { embed: `${spelled}=${value}`, secret: value, named: true };
  });

/** `Bearer <credential>`, and JSON-style `"access_token":"…"`, wherever they are. */
const bearer = chars(B64URL, 16, 64).map((credential) => ({ embed: `Bearer ${credential}`, secret: credential, named: false }));
const jsonStyle = fc
  .tuple(fc.constantFrom('access_token', 'refresh_token', 'id_token', 'apiKey', 'password', 'session'), chars(B62, 8, 40))
  .map(([name, value]) => ({ embed: `{"${name}":"${value}","ok":true}`, secret: value, named: false }));

/** Webhook URLs whose path is the credential. */
const webhook = fc.oneof(
  fc.tuple(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 9, 11), chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 9, 11), chars(B62, 24, 24)).map(([t, b, key]) => ({
    embed: `https://hooks.slack.com/services/${t}/${b}/${key}`,
    secret: key,
    named: false,
  })),
  fc.tuple(chars('0123456789', 17, 19), chars(B64URL, 60, 68)).map(([id, key]) => ({ embed: `https://discord.com/api/webhooks/${id}/${key}`, secret: key, named: false })),
);

/** Characters drawn by a seeded PRNG (mulberry32): keys are random, as real ones are, and shrink by seed. */
function randomChars(alphabet: string, length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += alphabet[(((t ^ (t >>> 14)) >>> 0) / 4294967296) * alphabet.length | 0];
  }
  return out;
}

/** A long random key with nothing around it to name it (a path segment, a selector part, a title). */
const randomKey = fc
  .tuple(fc.constantFrom(B62, B64URL, UPPER_DIGITS, HEX), fc.integer({ min: 32, max: 64 }), fc.integer())
  .map(([alphabet, length, seed]) => shaped(randomChars(alphabet, length, seed)));

const KINDS: [string, fc.Arbitrary<Secret>][] = [
  ['JWT', jwt],
  ['provider token', provider],
  ['presigned URL signature', presigned],
  ['secret-named parameter', named],
  ['Bearer credential', bearer],
  ['JSON-style secret', jsonStyle],
  ['webhook URL', webhook],
  ['random key', randomKey],
];

/** Places secret number i in a URL, as a path part or a parameter. */
function inUrl({ embed, named: isNamed }: Secret): string {
  return isNamed ? `https://admin.example.test/app/list?page=2&${embed}#top` : `https://admin.example.test/app/${embed.startsWith('http') ? 'go?to=' + embed : embed}/edit?page=2`;
}
function inText({ embed, named: isNamed }: Secret): string {
  return isNamed ? `opened ${inUrl({ embed, secret: '', named: isNamed })} again` : `note ${embed} end`;
}
function inSelector({ embed, named: isNamed }: Secret): string {
  if (isNamed) return `div[data-${embed}] > img`;
  return /^[A-Za-z0-9_.-]+$/.test(embed) ? `#token-${embed} img` : `img[alt="${embed.replace(/"/g, "'")}"]`;
}

/** A session with one generated secret in each string field (11 fields). */
function sessionWith(secrets: Secret[]): SessionData {
  const at = (i: number) => secrets[i % secrets.length]!;
  const t0 = Date.UTC(2025, 0, 15, 10);
  return {
    session: { id: 's', tabId: 1, name: inText(at(0)), url: inUrl(at(1)), title: inText(at(2)), startTime: t0, endTime: t0 + 10_000, origin: 'captured', counts: { views: 1, samples: 2, requests: 1, alerts: 1 }, bytes: 1 },
    views: [{ id: 'v', sessionId: 's', url: inUrl(at(3)), startTime: t0, kind: 'hard', navigationType: 'navigate', strategies: [] }],
    samples: [
      { kind: 'vital', t: t0 + 1, viewId: 'v', name: 'LCP', value: 900, delta: 900, rating: 'good', metricId: 'm', navigationType: 'navigate', attribution: { element: inSelector(at(4)), url: inUrl(at(5)) } },
      {
        kind: 'loaf',
        t: t0 + 2,
        viewId: 'v',
        source: 'long-animation-frame',
        duration: 80,
        blockingDuration: 30,
        renderStart: null,
        styleAndLayoutStart: null,
        scripts: [{ sourceURL: inUrl(at(6)), invoker: inText(at(7)), invokerType: 'event-listener', duration: 60, forcedStyleAndLayoutDuration: 0 }],
      },
    ],
    requests: [
      {
        kind: 'request',
        viewId: 'v',
        t: t0 + 3,
        url: inUrl(at(8)),
        initiatorType: 'fetch',
        duration: 20,
        phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 15, download: 2 },
        transferSize: 10,
        encodedBodySize: 10,
        decodedBodySize: 10,
        status: 200,
        serverTiming: [{ name: /^[A-Za-z0-9_.-]+$/.test(at(9).embed) ? at(9).embed : 'db', duration: 1, description: inText(at(9)) }],
        renderBlocking: '',
        cached: false,
        protocol: 'h2',
        method: 'GET',
        mimeType: 'application/json',
        requestHeaders: [{ name: 'X-Debug', value: inText(at(10)) }],
        responseHeaders: [{ name: 'Link', value: `<${inUrl(at(0))}>; rel=preload` }],
      },
    ],
    alerts: [{ kind: 'alert', id: 'a', viewId: 'v', t: t0 + 4, ruleId: 'r', metric: 'm', value: 1, threshold: 0, severity: 'warning', message: inText(at(1)) }],
  };
}

async function defaultExports(data: SessionData): Promise<string[]> {
  const texts: string[] = [];
  for (const format of EXPORT_FORMATS) {
    const { files } = startExport(format.id, exportInputFrom(data), { now: 0 });
    for (const file of files) texts.push(await collect(file.chunks));
  }
  return texts;
}

describe('generated secrets never survive a default export', () => {
  for (const [kind, arbitrary] of KINDS) {
    it(`${kind}, in every field, in every format`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbitrary, { minLength: 11, maxLength: 11 }), async (secrets) => {
          const texts = await defaultExports(sessionWith(secrets));
          for (const { secret } of secrets) {
            // The whole secret, and any 12 characters from its middle.
            const middle = secret.slice(Math.max(0, Math.floor(secret.length / 2) - 6), Math.floor(secret.length / 2) + 6);
            for (const text of texts) {
              expect(text.includes(secret), secret).toBe(false);
              if (middle.length >= 12) expect(text.includes(middle), secret).toBe(false);
            }
          }
        }),
        { numRuns: 25, seed: 11 },
      );
    });
  }
});

describe('ordinary URLs and text are kept', () => {
  const word = fc.constantFrom('users', 'orders', 'reports', 'settings', 'dashboard', 'invoices', 'audit-log', 'products', 'admin', 'api', 'v2', 'search', 'export');
  const id = fc.oneof(
    fc.integer({ min: 1, max: 99_999_999 }).map(String),
    fc.uuid(),
    chars(HEX, 24, 24), // a MongoDB ObjectId
    chars(HEX, 7, 12), // a short commit hash
  );
  const param = fc.tuple(
    fc.constantFrom('page', 'sort', 'q', 'id', 'lang', 'state', 'filter', 'limit', 'offset', 'view', 'tab', 'order', 'from', 'to', 'status', 'fields'),
    fc.oneof(word, id, fc.constantFrom('name,email', 'desc', '2025-01-15', 'true', 'en-GB', 'a%20b')),
  );
  const url = fc
    .tuple(fc.array(fc.oneof(word, id), { minLength: 1, maxLength: 5 }), fc.array(param, { maxLength: 5 }), fc.option(word, { nil: undefined }))
    .map(([path, query, hash]) => `https://admin.example.test/${path.join('/')}${query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}${hash ? `#${hash}` : ''}`);

  it('keeps every ordinary URL exactly', () => {
    fc.assert(
      fc.property(url, (value) => {
        expect(createSanitizer().text(value)).toBe(value);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('keeps identifiers, selectors and script names that merely look technical', () => {
    const text = createSanitizer().text;
    for (const value of [
      'div.grid-row:nth-child(20) > td.invoiceLineItemsTableBody',
      'https://admin.example.test/static/js/chunk-vendors-3f9a8b7c.js',
      'https://admin.example.test/static/app.8f14e45fceea167a.js',
      'Window.requestAnimationFrame',
      'getUserPreferencesForDashboardWidget',
      'https://admin.example.test/api/users/550e8400-e29b-41d4-a716-446655440000',
      'https://admin.example.test/api/reports/a640ed9fdd9dec169a363aef',
      'Basic information about the account',
      'Token expired at 10:30; sign in again',
      'db;dur=53;desc="Query users"',
    ]) {
      expect(text(value)).toBe(value);
    }
  });
});

describe('attacker reproductions (issue 11, item 1)', () => {
  const text = (value: string) => createSanitizer().text(value);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';

  it('redacts a JWT in a URL path, a selector and any header', () => {
    expect(text(`https://a.test/reset/${jwt}`)).toBe('https://a.test/reset/REDACTED');
    expect(text(`#token-${jwt} > img`)).toBe('#token-REDACTED > img');
    expect(sanitizeSessionData(sessionWith([shaped(jwt)])).data.requests[0]?.requestHeaders).toEqual([{ name: 'X-Debug', value: 'note REDACTED end' }]);
    expect(text(`Bearer ${jwt}`)).toBe('Bearer REDACTED');
  });

  it('redacts an Azure SAS sig= as well as token=', () => {
    expect(text('https://x.blob.core.windows.net/c/f?sv=2022&sig=abcDEF123%2Bxyz%3D&token=t1')).toBe('https://x.blob.core.windows.net/c/f?sv=2022&sig=REDACTED&token=REDACTED');
  });

  it('redacts token= inside a Server-Timing description, after a space or a comma', () => {
    expect(text('cache hit token=abc123')).toBe('cache hit token=REDACTED');
    expect(text('a=1, token=abc123')).toBe('a=1, token=REDACTED');
  });

  it('redacts sid, pwd, pass, otp, ticket, hmac and nonce, and double-encoded names', () => {
    expect(text('?sid=1a&pwd=2b&pass=3c&otp=4d&ticket=5e&hmac=6f&nonce=7g&side=left&passenger=9')).toBe(
      '?sid=REDACTED&pwd=REDACTED&pass=REDACTED&otp=REDACTED&ticket=REDACTED&hmac=REDACTED&nonce=REDACTED&side=left&passenger=9',
    );
    expect(text('?%2574oken=abc&%252574oken=def')).toBe('?%2574oken=REDACTED&%252574oken=REDACTED');
  });

  it('redacts JSON-style "access_token":"…"', () => {
    expect(text('{"access_token":"abc.def","expires_in":3600}')).toBe('{"access_token":"REDACTED","expires_in":3600}');
    expect(text("{'refresh_token': 'r1'}")).toBe("{'refresh_token': 'REDACTED'}");
  });

  it('redacts the secret path of Slack and Discord webhook URLs', () => {
    expect(text('https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX')).toBe('https://hooks.slack.com/services/REDACTED');
    expect(text('https://discord.com/api/webhooks/1234/abcdefGHIJ')).toBe('https://discord.com/api/webhooks/REDACTED');
  });

  it('drops every secret header name the issue lists', () => {
    for (const name of ['X-Access-Key', 'Ocp-Apim-Subscription-Key', 'X-Functions-Key', 'X-Goog-Iap-Jwt-Assertion', 'Cf-Access-Jwt-Assertion', 'X-Amzn-Oidc-Data', 'X-Firebase-AppCheck', 'Cookie2']) {
      const data = sessionWith([shaped('x')]);
      data.requests[0]!.requestHeaders = [{ name, value: 'opaque-value' }];
      expect(sanitizeSessionData(data).data.requests[0]?.requestHeaders, name).toEqual([]);
    }
    for (const name of ['Accept', 'Content-Type', 'Cache-Control', 'X-Request-Id', 'Keep-Alive']) expect(isSecretHeaderName(name), name).toBe(false);
  });

  it('redacts a Server-Timing name that is a secret', () => {
    const data = sessionWith([shaped('ghp_0123456789abcdefghijABCDEFGHIJ012345')]);
    expect(sanitizeSessionData(data).data.requests[0]?.serverTiming[0]?.name).toBe('REDACTED');
  });

  it('keeps the query after a ;jsessionid= path parameter', () => {
    expect(text('https://a.test/x;jsessionid=J123?a=1&page=2')).toBe('https://a.test/x;jsessionid=REDACTED?a=1&page=2');
    expect(text('https://a.test/x;jsessionid=J123/more?token=t')).toBe('https://a.test/x;jsessionid=REDACTED/more?token=REDACTED');
  });
});
