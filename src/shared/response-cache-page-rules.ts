/**
 * What the content script tells the page-world client about the rules: only their patterns and
 * methods, so requests no rule covers never wait for a round trip. Read leniently and without the
 * rule checker (kept out of the script injected into every page): the background checks the
 * rules and decides every request itself.
 */
import { bestMatchingPattern } from '../core/optimizer/patterns';
import type { RcPageRule } from './response-cache-protocol';

export const RESPONSE_CACHE_SETTINGS_KEY = 'responseCache';

/** What the page-world client is told: the rule patterns, the logout pattern, how long to wait for an answer. */
export interface PageRules {
  rules: RcPageRule[];
  logoutPattern: string;
  lookupTimeoutMs: number;
}

/** The wait when the settings give none (the core's DEFAULT_LOOKUP_TIMEOUT_MS; the checker is kept out of this script). */
const DEFAULT_LOOKUP_TIMEOUT_MS = 400;

const DEFAULT_PAGE_RULES: PageRules = { rules: [{ urlPattern: '/*', methods: ['GET'], postEndpoints: [] }], logoutPattern: '*/logout', lookupTimeoutMs: DEFAULT_LOOKUP_TIMEOUT_MS };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The rule patterns governing url, from the stored settings (the default rule when none match or they are malformed). */
export function pageRulesFor(stored: unknown, url: string): PageRules {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_PAGE_RULES;
  const all = stored as Record<string, unknown>;
  const pattern = bestMatchingPattern(url, Object.keys(all));
  const settings = pattern ? (all[pattern] as { rules?: unknown; logoutPattern?: unknown; lookupTimeoutMs?: unknown } | null) : null;
  if (!settings || !Array.isArray(settings.rules) || typeof settings.logoutPattern !== 'string') return DEFAULT_PAGE_RULES;
  const rules = settings.rules
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && typeof (r as { urlPattern?: unknown }).urlPattern === 'string')
    .map((r) => ({ urlPattern: r.urlPattern as string, methods: strings(r.methods).map((m) => m.toUpperCase()), postEndpoints: strings(r.postEndpoints) }));
  const wait = settings.lookupTimeoutMs;
  const lookupTimeoutMs = typeof wait === 'number' && wait >= 50 && wait <= 10_000 ? wait : DEFAULT_LOOKUP_TIMEOUT_MS;
  return { rules, logoutPattern: settings.logoutPattern, lookupTimeoutMs };
}
