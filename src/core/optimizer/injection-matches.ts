/**
 * Where the optimizer's scripts are injected: the content-script match patterns covering every
 * optimizer URL pattern (src/core/optimizer/patterns.ts) with a strategy on. A match pattern
 * cannot say what an optimizer pattern says, so it covers more (the scheme and host, any port,
 * any path); the optimizer script itself then applies only what the URL's pattern asks for.
 * Pages elsewhere get no optimizer script at all.
 */

/** Toggles as stored: URL pattern -> strategy ids switched on. */
export type ToggledPatterns = Readonly<Record<string, readonly string[]>>;

// A literal scheme and host before any wildcard, then a port, a path or the end.
const LITERAL_HOST = /^(https?):\/\/([^/?#*:@]+)(?::\d+)?(?:[/?#]|$)/i;
const LITERAL_SCHEME = /^(https?):\/\//i;

/** The match pattern of one optimizer URL pattern (broader where the host has a wildcard). */
export function matchPatternFor(pattern: string): string {
  const host = LITERAL_HOST.exec(pattern);
  if (host) return `${host[1]!.toLowerCase()}://${host[2]!.toLowerCase()}/*`;
  const scheme = LITERAL_SCHEME.exec(pattern);
  return scheme ? `${scheme[1]!.toLowerCase()}://*/*` : '*://*/*';
}

/** The match patterns for the optimizer scripts, sorted and without duplicates; empty when no strategy is on anywhere. */
export function optimizerScriptMatches(toggles: ToggledPatterns): string[] {
  const out = new Set<string>();
  for (const [pattern, strategies] of Object.entries(toggles)) if (strategies.length) out.add(matchPatternFor(pattern));
  return [...out].sort();
}

/** The strategy whose page-world hook must be on from document_start, before any setting can be read. */
export const AT_START_STRATEGY = 'lazy-load-images';

/**
 * Where the optimizer's page-world script is told, at document_start, that "Lazy-load offscreen
 * images" is on for some page of the site (`atStart`), and where it is not (`plain`). A page's
 * script renders its images before the content script has read the toggles; with the hint the
 * hook marks them from the start and keeps or undoes the marks once the toggles arrive.
 */
export function pageScriptMatches(toggles: ToggledPatterns): { atStart: string[]; plain: string[] } {
  const atStart = new Set<string>();
  for (const [pattern, strategies] of Object.entries(toggles)) if (strategies.includes(AT_START_STRATEGY)) atStart.add(matchPatternFor(pattern));
  return { atStart: [...atStart].sort(), plain: optimizerScriptMatches(toggles).filter((m) => !atStart.has(m)) };
}
