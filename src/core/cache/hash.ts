/**
 * Stable hashing for cache keys: the same inputs give the same key in every run and context.
 * 128 bits (four mixed 32-bit lanes) so that distinct request bodies or memoized inputs do not
 * collide in practice; not a cryptographic hash (identities are hashed with SHA-256 where the
 * platform provides it).
 */

/** A 32-hex-character hash of a string. */
export function hashString(text: string): string {
  let h1 = 0x6a09e667 ^ text.length;
  let h2 = 0xbb67ae85 ^ text.length;
  let h3 = 0x3c6ef372 ^ text.length;
  let h4 = 0xa54ff53a ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}

/** A hash of bytes (request bodies that are not text). */
export function hashBytes(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return hashString(`b:${text}`);
}

/**
 * JSON with object keys sorted at every depth, so `{a:1,b:2}` and `{b:2,a:1}` are one key.
 * Refuses what JSON would silently change (functions, symbols, NaN, cycles), naming the path.
 */
export function stableStringify(value: unknown): string {
  return stringifyAt(value, '$', new Set());
}

/** The stable hash of any JSON-like value. */
export function stableHash(value: unknown): string {
  return hashString(stableStringify(value));
}

function stringifyAt(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: cannot hash the number ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object': {
      if (seen.has(value)) throw new TypeError(`${path}: cannot hash a value that contains itself`);
      seen.add(value);
      try {
        if (Array.isArray(value)) return `[${value.map((item, i) => stringifyAt(item, `${path}[${i}]`, seen)).join(',')}]`;
        if (value instanceof Date) return `date:${value.toISOString()}`;
        if (value instanceof Uint8Array) return `bytes:${hashBytes(value)}`;
        if (value instanceof Map) {
          const pairs = [...value.entries()].map(([k, v]) => `${stringifyAt(k, `${path}.key`, seen)}:${stringifyAt(v, `${path}.value`, seen)}`).sort();
          return `map{${pairs.join(',')}}`;
        }
        if (value instanceof Set) return `set[${[...value].map((item) => stringifyAt(item, `${path}.item`, seen)).sort().join(',')}]`;
        const keys = Object.keys(value).sort();
        const record = value as Record<string, unknown>;
        return `{${keys.filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${stringifyAt(record[key], `${path}.${key}`, seen)}`).join(',')}}`;
      } finally {
        seen.delete(value);
      }
    }
    default:
      throw new TypeError(`${path}: cannot hash a ${typeof value}`);
  }
}
