/**
 * The response cache's rules per page, kept in storage.local (like the optimizer's toggles) so
 * the content script reads them at document_start. A page without rules of its own gets the
 * default rule. Whether the cache is on at all is the optimizer toggle of its strategy.
 */
import { checkResponseCacheSettings, defaultResponseCacheSettings, type ResponseCacheSettings } from '../core/cache/rules';
import { bestMatchingPattern } from '../core/optimizer/patterns';

export { RESPONSE_CACHE_SETTINGS_KEY } from './response-cache-page-rules';

/** URL pattern -> the response cache's settings for it. */
export type ResponseCacheSettingsByPattern = Record<string, ResponseCacheSettings>;

/** Stored settings, each pattern's checked; a malformed one is dropped (the page falls back to the default). */
export function readResponseCacheSettings(raw: unknown): ResponseCacheSettingsByPattern {
  const out: ResponseCacheSettingsByPattern = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [pattern, settings] of Object.entries(raw)) {
    try {
      out[pattern] = checkResponseCacheSettings(settings);
    } catch {
      /* dropped: the default applies */
    }
  }
  return out;
}

/** The settings governing url, and the pattern they are stored under (null: the default). */
export function responseCacheSettingsFor(all: ResponseCacheSettingsByPattern, url: string): { pattern: string | null; settings: ResponseCacheSettings } {
  const pattern = bestMatchingPattern(url, Object.keys(all));
  return pattern ? { pattern, settings: all[pattern]! } : { pattern: null, settings: defaultResponseCacheSettings() };
}
