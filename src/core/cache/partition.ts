/**
 * Identities never mix: every response-cache entry lives in a partition of one origin and one
 * identity. The identity is a hash of what authenticates the request (its Authorization header
 * and its cookies, or only the cookie the user names); the caller hashes the material this
 * module builds (SHA-256 where the platform has it) so no secret is stored.
 */

/** One cookie the browser sends with a request. */
export interface CookiePair {
  name: string;
  value: string;
}

/** What identifies the person behind a request. */
export interface IdentityInput {
  /** The Authorization header the request carries, if any. */
  authorization: string | null;
  /** The cookies the browser sends to the request's URL. */
  cookies: readonly CookiePair[];
  /** Only this cookie identifies the user (e.g. `sessionid`), when set. */
  identityCookie: string | null;
}

/**
 * The text to hash for an identity: the same login gives the same text whatever the cookie
 * order; no authorization and no cookies is the anonymous identity.
 */
export function identityMaterial(input: IdentityInput): string {
  const cookies = input.identityCookie ? input.cookies.filter((cookie) => cookie.name === input.identityCookie) : input.cookies;
  const sorted = [...cookies].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const parts = [`authorization=${input.authorization ?? ''}`, ...sorted.map((cookie) => `cookie:${cookie.name}=${cookie.value}`)];
  return parts.join('\n');
}

/** Whether an identity carries nothing (no Authorization, no identifying cookie). */
export function isAnonymous(input: IdentityInput): boolean {
  const cookies = input.identityCookie ? input.cookies.filter((cookie) => cookie.name === input.identityCookie) : input.cookies;
  return !input.authorization && cookies.length === 0;
}

/** The cache namespace of one origin and one identity hash. */
export function partitionNamespace(origin: string, identityHash: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(origin)) throw new RangeError(`origin must be a scheme and host, e.g. https://admin.example (got ${JSON.stringify(origin)})`);
  if (!/^[0-9a-f]{16,}$/.test(identityHash)) throw new RangeError('identityHash must be a hexadecimal hash of at least 16 characters');
  return `response|${origin.toLowerCase()}|${identityHash}`;
}

/** The origin a partition namespace belongs to, or null when it is not one. */
export function partitionOrigin(namespace: string): string | null {
  const match = /^response\|([^|]+)\|[0-9a-f]+$/.exec(namespace);
  return match ? match[1]! : null;
}
