import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bestMatchingPattern,
  defaultPattern,
  isValidPattern,
  matchesPattern,
  strategiesForUrl,
  suggestPatterns,
} from '../../../src/core/optimizer/patterns';

describe('URL patterns', () => {
  it('defaults to origin + path', () => {
    expect(defaultPattern('https://admin.example.com/users?page=2#top')).toBe('https://admin.example.com/users');
    expect(defaultPattern('https://admin.example.com')).toBe('https://admin.example.com/');
    expect(defaultPattern('http://localhost:5173/a/b/')).toBe('http://localhost:5173/a/b/');
  });

  it('matches a page by its default pattern whatever its query and fragment', () => {
    expect(matchesPattern('https://admin.example.com/users?page=2#x', 'https://admin.example.com/users')).toBe(true);
    expect(matchesPattern('https://admin.example.com/users/1', 'https://admin.example.com/users')).toBe(false);
    expect(matchesPattern('https://admin.example.com/users', 'http://admin.example.com/users')).toBe(false);
  });

  it('supports * wildcards anywhere', () => {
    expect(matchesPattern('https://admin.example.com/users/42/edit', 'https://admin.example.com/users/*')).toBe(true);
    expect(matchesPattern('https://admin.example.com/users/42/edit', 'https://admin.example.com/users/*/edit')).toBe(true);
    expect(matchesPattern('https://admin.example.com/users/42/view', 'https://admin.example.com/users/*/edit')).toBe(false);
    expect(matchesPattern('https://eu.admin.example.com/x', 'https://*.example.com/*')).toBe(true);
    expect(matchesPattern('https://admin.example.com/users', 'https://admin.example.com/users*')).toBe(true);
  });

  it('treats regular-expression characters literally', () => {
    expect(matchesPattern('https://a.example.com/a+b', 'https://a.example.com/a+b')).toBe(true);
    expect(matchesPattern('https://aXexample.com/', 'https://a.example.com/')).toBe(false);
  });

  it('compares the query only when the pattern has one', () => {
    expect(matchesPattern('https://a.example.com/list?tab=2', 'https://a.example.com/list?tab=*')).toBe(true);
    expect(matchesPattern('https://a.example.com/list?tab=2', 'https://a.example.com/list?view=*')).toBe(false);
  });

  it('compares scheme and host case-insensitively', () => {
    expect(matchesPattern('https://admin.example.com/Users', 'HTTPS://Admin.Example.com/Users')).toBe(true);
    expect(matchesPattern('https://admin.example.com/Users', 'https://admin.example.com/users')).toBe(false);
  });

  it('picks the most specific matching pattern', () => {
    const patterns = ['https://admin.example.com/*', 'https://admin.example.com/users/*', 'https://admin.example.com/users/42', 'https://other.example.com/*'];
    expect(bestMatchingPattern('https://admin.example.com/users/42', patterns)).toBe('https://admin.example.com/users/42');
    expect(bestMatchingPattern('https://admin.example.com/users/7', patterns)).toBe('https://admin.example.com/users/*');
    expect(bestMatchingPattern('https://admin.example.com/orders', patterns)).toBe('https://admin.example.com/*');
    expect(bestMatchingPattern('https://elsewhere.test/', patterns)).toBeNull();
  });

  it('gives the strategies of the most specific pattern', () => {
    const toggles = { 'https://admin.example.com/*': ['reduce-motion'], 'https://admin.example.com/users': ['lazy-load-images'] };
    expect(strategiesForUrl('https://admin.example.com/users?x=1', toggles)).toEqual(['lazy-load-images']);
    expect(strategiesForUrl('https://admin.example.com/orders', toggles)).toEqual(['reduce-motion']);
    expect(strategiesForUrl('https://else.test/', toggles)).toEqual([]);
  });

  it('suggests patterns from narrow to broad, wildcarding ids', () => {
    expect(suggestPatterns('https://admin.example.com/users/42/edit?x=1')).toEqual([
      'https://admin.example.com/users/42/edit',
      'https://admin.example.com/users/*/edit',
      'https://admin.example.com/users/42/*',
      'https://admin.example.com/*',
    ]);
  });

  it('validates patterns', () => {
    expect(isValidPattern('https://*.example.com/*')).toBe(true);
    expect(isValidPattern('not a url')).toBe(false);
    expect(isValidPattern('')).toBe(false);
  });

  it('always matches a URL with its own default pattern and suggestions', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect(matchesPattern(url, defaultPattern(url))).toBe(true);
        for (const pattern of suggestPatterns(url)) expect(matchesPattern(url, pattern)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
