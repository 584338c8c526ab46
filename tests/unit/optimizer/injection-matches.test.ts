import { describe, expect, it } from 'vitest';
import { matchPatternFor, optimizerScriptMatches, pageScriptMatches } from '../../../src/core/optimizer/injection-matches';
import { matchesPattern } from '../../../src/core/optimizer/patterns';

/** Whether a content-script match pattern (scheme://host/*, any port) covers url. */
function matchCovers(match: string, url: string): boolean {
  const [, scheme, host] = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(match)!;
  const u = new URL(url);
  return (scheme === '*' || `${scheme}:` === u.protocol) && (host === '*' || host === u.hostname);
}

describe('optimizerScriptMatches', () => {
  it('is empty when no strategy is on anywhere', () => {
    expect(optimizerScriptMatches({})).toEqual([]);
    expect(optimizerScriptMatches({ 'https://admin.example.com/*': [] })).toEqual([]);
  });

  it('covers each toggled pattern by its scheme and host, any port, once', () => {
    expect(
      optimizerScriptMatches({
        'http://127.0.0.1:5178/users/*': ['lazy-load-images'],
        'http://127.0.0.1:5178/': ['reduce-motion'],
        'https://Admin.Example.com/reports?x=*': ['content-visibility'],
        'https://other.example.com/*': [],
      }),
    ).toEqual(['http://127.0.0.1/*', 'https://admin.example.com/*']);
  });

  it('falls back to any host where the host has a wildcard, and to any scheme where the scheme has one', () => {
    expect(matchPatternFor('https://*.example.com/*')).toBe('https://*/*');
    expect(matchPatternFor('https://example.com*')).toBe('https://*/*');
    expect(matchPatternFor('http://example.com:*/a')).toBe('http://*/*');
    expect(matchPatternFor('http*://example.com/')).toBe('*://*/*');
  });

  it('never leaves out a URL that an optimizer pattern matches', () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1:5178/*', 'http://127.0.0.1:5178/users/7?tab=a'],
      ['https://*.example.com/*', 'https://a.b.example.com/x'],
      ['https://example.com*', 'https://example.com.evil.test/'],
      ['https://example.com/', 'https://example.com/'],
      ['http*://example.com/*', 'https://example.com/a'],
    ];
    for (const [pattern, url] of cases) {
      expect(matchesPattern(url, pattern), `${pattern} matches ${url}`).toBe(true);
      expect(matchCovers(matchPatternFor(pattern), url), `${matchPatternFor(pattern)} covers ${url}`).toBe(true);
    }
  });
});

describe('pageScriptMatches', () => {
  it('puts the sites with lazy-loading on for some page in atStart, the others in plain, never both', () => {
    expect(pageScriptMatches({})).toEqual({ atStart: [], plain: [] });
    expect(
      pageScriptMatches({
        'https://admin.example.com/users/*': ['lazy-load-images'],
        'https://admin.example.com/*': ['reduce-motion'],
        'http://127.0.0.1:5173/*': ['cache-repeated-api-calls'],
        'https://other.example.com/*': [],
      }),
    ).toEqual({ atStart: ['https://admin.example.com/*'], plain: ['http://127.0.0.1/*'] });
    expect(pageScriptMatches({ 'https://*.example.com/*': ['lazy-load-images', 'reduce-motion'] })).toEqual({ atStart: ['https://*/*'], plain: [] });
  });
});
