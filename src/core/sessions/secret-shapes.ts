/**
 * Secrets recognised by their shape rather than by the name they are stored under: JWTs,
 * the token formats of the big providers, webhook URLs whose path is the credential,
 * `Bearer …` credentials, and long random-looking tokens. The sanitizer runs these over every
 * string it exports, so a secret in a path, a selector, a title or a Server-Timing name is
 * caught as surely as one in `?token=`.
 */

/** What replaces a secret. */
export const REDACTED = 'REDACTED';

/** A JWT (or JWE): base64url header `{"…` (eyJ), then 2–4 more dot-separated parts. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]{4,}){1,4}(?:\.[A-Za-z0-9_-]*)?/g;

/**
 * Token formats published by their providers, each anchored so it is not the tail of a word.
 * GitHub, Slack, Stripe, AWS access key ids, Google API keys and OAuth tokens, GitLab, npm,
 * SendGrid, OpenAI/Anthropic, Shopify, PyPI, Mailgun, Square, Twilio API keys, Heroku.
 */
const PROVIDER_TOKEN = new RegExp(
  '(?<![A-Za-z0-9])(?:' +
    [
      'gh[pousr]_[A-Za-z0-9]{16,}',
      'github_pat_[A-Za-z0-9_]{16,}',
      'xox[abposre]-[A-Za-z0-9-]{8,}',
      'xapp-[A-Za-z0-9-]{8,}',
      '(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}',
      'whsec_[A-Za-z0-9]{16,}',
      '(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}',
      'AIza[0-9A-Za-z_-]{30,}',
      'ya29\\.[0-9A-Za-z_-]{16,}',
      'gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent)-[A-Za-z0-9_-]{16,}',
      'npm_[A-Za-z0-9]{30,}',
      'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}',
      'sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}',
      'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}',
      'pypi-[A-Za-z0-9_-]{32,}',
      'key-[0-9a-f]{32}',
      'sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}',
      'SK[0-9a-f]{32}',
      'HRKU-[A-Za-z0-9_-]{20,}',
    ].join('|') +
    ')',
  'g',
);

/**
 * Webhook URLs whose path is the secret: everything after the fixed prefix is replaced.
 * Slack, Discord, Microsoft Teams (Office 365 connectors), Zapier, Telegram bots, IFTTT, Mattermost-style `/hooks/<key>`.
 */
const WEBHOOK = new RegExp(
  '(' +
    [
      'hooks\\.slack\\.com/(?:services|workflows|triggers)/',
      '(?:discord(?:app)?\\.com|canary\\.discord\\.com|ptb\\.discord\\.com)/api/(?:v\\d+/)?webhooks/',
      '[a-z0-9.-]*\\.webhook\\.office\\.com/webhookb2/',
      'outlook\\.office(?:365)?\\.com/webhook/',
      'hooks\\.zapier\\.com/hooks/catch/',
      'api\\.telegram\\.org/(?:file/)?bot',
      'maker\\.ifttt\\.com/trigger/[^/?#\\s]+/with/key/',
      '/hooks/(?=[A-Za-z0-9]{16,})',
    ].join('|') +
    ')([^?#\\s"\'<>]+)',
  'gi',
);

/** `Bearer <token>` (any scheme that carries a credential), whatever header or text it sits in. */
const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Token|Negotiate|NTLM|Hawk|AWS4-HMAC-SHA256|MAC)(\s+)([A-Za-z0-9._~+/=:,-]{8,}=*)/gi;

/** A canonical UUID: an identifier, not a secret (admin URLs are full of them). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Hex shorter than 32 digits is an identifier (a MongoDB ObjectId has 24, a short commit hash
 * 7–12); hex keys (Twilio, Datadog, legacy GitHub) have 32 or 40.
 */
function isHexIdentifier(text: string): boolean {
  return text.length < 32 && /^[0-9a-f]+$/i.test(text);
}

/** Runs of token characters long enough to hold a key. */
const TOKEN_RUN = /[A-Za-z0-9_~+-]{20,}/g;
/** Letters and digits a random run must hold to count as a key. */
const MIN_RANDOM_LENGTH = 20;
/** Word-like segments: "User", "HTML", "performance", "2024". */
const SEGMENT = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g;

/**
 * True when a part of a token (no separators) reads as random. Split into pieces at case and
 * digit boundaries, identifiers and slugs ("invoiceLineItems", "OAuth2Flow") are mostly
 * words: pieces of three or more letters with vowels and no long consonant cluster. Random
 * text is mostly not.
 */
function partLooksRandom(part: string): boolean {
  const segments = part.match(SEGMENT);
  if (!segments) return false;
  let wordChars = 0;
  let letters = 0;
  for (const segment of segments) {
    if (/^[0-9]/.test(segment)) continue;
    letters += segment.length;
    if (isWordLike(segment)) wordChars += segment.length;
  }
  // A plain number (an id, a timestamp) is not a key.
  if (letters === 0) return false;
  if (wordChars < 0.5 * part.length || part.length / segments.length < 3) return true;
  // Letters and digits interleaved again and again (base32 keys): "ISO8601" or "Panel12" switch once or twice.
  const switches = part.match(/[A-Za-z](?=[0-9])|[0-9](?=[A-Za-z])/g)?.length ?? 0;
  return part.length >= 16 && switches >= Math.max(4, part.length / 8);
}

/** The most frequent letter pairs of English text and code identifiers (about a fifth of all pairs). */
const COMMON_BIGRAMS = new Set(
  (
    'th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ' +
    'ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut ss so rs un ' +
    'lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ' +
    'ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu ' +
    'rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ' +
    'ml tm dom xh'
  ).split(' '),
);

/**
 * "Observer", "html", "Dashboard": a piece a person wrote rather than a generator — most of
 * its letter pairs are common in English, or it is a short acronym.
 */
function isWordLike(segment: string): boolean {
  if (segment.length < 3) return false;
  if (/^[A-Z]+$/.test(segment) && segment.length <= 4) return true;
  const lower = segment.toLowerCase();
  let common = 0;
  for (let i = 0; i + 1 < lower.length; i++) if (COMMON_BIGRAMS.has(lower.slice(i, i + 2))) common++;
  return common >= 0.6 * (lower.length - 1);
}

/**
 * The random-looking stretches of a run of token characters, split at the separators - _ ~ +
 * into parts: a long part is random or not by partLooksRandom; a short one (base64url keys
 * contain - and _ anywhere) joins the random parts around it unless it is a word. Each
 * stretch holding a random part and at least MIN_RANDOM_LENGTH characters, as [start, end).
 */
export function randomStretches(run: string): [number, number][] {
  if (UUID.test(run)) return [];
  // Without a real word among its parts, the run is judged whole: a base64url key has - and _ anywhere.
  const parts = run.split(/[_~+-]/);
  if (!parts.some((part) => part.length >= 5 && /^[A-Z]?[a-z]+$/.test(part) && isWordLike(part))) {
    const body = parts.join('');
    const trimmed = run.replace(/^[_~+-]+|[_~+-]+$/g, '');
    const from = run.indexOf(trimmed);
    return trimmed.length >= MIN_RANDOM_LENGTH && partLooksRandom(body) && !isHexIdentifier(body) ? [[from, from + trimmed.length]] : [];
  }
  const stretches: [number, number][] = [];
  let start = -1;
  let end = -1;
  let hasRandom = false;
  const close = () => {
    if (start >= 0 && hasRandom && end - start >= MIN_RANDOM_LENGTH && !isHexIdentifier(run.slice(start, end))) stretches.push([start, end]);
    start = -1;
    hasRandom = false;
  };
  let offset = 0;
  for (const part of run.split(/([_~+-])/)) {
    const isSeparator = part.length === 1 && /[_~+-]/.test(part);
    if (!isSeparator && part.length > 0) {
      const kind = part.length >= 8 ? (partLooksRandom(part) ? 'random' : 'word') : /^[A-Za-z]+$/.test(part) && isWordLike(part) ? 'word' : 'neutral';
      if (kind === 'word') close();
      else {
        if (start < 0) start = offset;
        end = offset + part.length;
        if (kind === 'random') hasRandom = true;
      }
    }
    offset += part.length;
  }
  close();
  return stretches;
}

/** True when the whole of `token` reads as a random key. */
export function looksRandom(token: string): boolean {
  const stretches = randomStretches(token);
  return stretches.length === 1 && stretches[0]?.[0] === 0 && stretches[0][1] >= token.replace(/[_~+-]+$/, '').length;
}

/**
 * Replaces every secret recognised by its shape in `value`, calling `count` once per secret.
 * Text that holds none is returned unchanged (the same string).
 */
export function redactSecretShapes(value: string, count: () => void): string {
  if (value.length < 8) return value;
  let out = value;
  if (out.includes('eyJ')) {
    out = out.replace(JWT, () => {
      count();
      return REDACTED;
    });
  }
  out = out.replace(WEBHOOK, (match, prefix: string, secret: string) => {
    if (secret === REDACTED) return match;
    count();
    return `${prefix}${REDACTED}`;
  });
  out = out.replace(PROVIDER_TOKEN, () => {
    count();
    return REDACTED;
  });
  out = out.replace(AUTH_SCHEME, (match, scheme: string, space: string, credential: string) => {
    if (credential === REDACTED) return match;
    // "Basic information", "Token expired": words, not credentials.
    if (!/[0-9+/=_.~-]/.test(credential) && !/^(Bearer|Negotiate|NTLM)$/i.test(scheme)) return match;
    count();
    return `${scheme}${space}${REDACTED}`;
  });
  out = out.replace(TOKEN_RUN, (run) => {
    const stretches = randomStretches(run);
    if (stretches.length === 0) return run;
    let kept = '';
    let from = 0;
    for (const [start, end] of stretches) {
      count();
      kept += `${run.slice(from, start)}${REDACTED}`;
      from = end;
    }
    return kept + run.slice(from);
  });
  return out;
}
