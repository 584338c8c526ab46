import { describe, expect, it } from 'vitest';
import { checkResponseCacheSettings, defaultResponseCacheSettings, defaultRule } from '../../../../src/core/cache/rules';
import { fieldOfError, formFromSettings, moveRule, newRuleForm, settingsFromForm } from '../../../../src/panel/cache/rules-form';

const twoRules = () => ({
  ...defaultResponseCacheSettings(),
  rules: [
    { ...defaultRule(), urlPattern: '/api/recommendations', methods: ['GET', 'POST'], postEndpoints: ['/api/recommendations'], ttlMs: 120_000, staleMs: 30_000 },
    defaultRule(),
  ],
  lookupTimeoutMs: 800,
});

describe('the Cache view rule form', () => {
  it('round-trips every rule, in order, and the page-wide settings', () => {
    const settings = twoRules();
    const form = formFromSettings(settings, 'http://127.0.0.1/*');
    expect(form.rules).toHaveLength(2);
    expect(form.rules[0]).toMatchObject({ urlPattern: '/api/recommendations', methods: 'GET, POST', ttlSeconds: '120', staleSeconds: '30', postEndpoints: '/api/recommendations' });
    expect(form.lookupTimeoutMs).toBe('800');
    expect(checkResponseCacheSettings(settingsFromForm(form))).toEqual(settings);
  });

  it('adds a rule with the default rule’s values, moves and removes rules', () => {
    const form = formFromSettings(twoRules(), '*');
    const added = [...form.rules, { ...newRuleForm(), urlPattern: '/api/lookups/*', ttlSeconds: '600' }];
    const saved = settingsFromForm({ ...form, rules: added });
    expect(saved.rules.map((r) => r.urlPattern)).toEqual(['/api/recommendations', '/*', '/api/lookups/*']);
    expect(saved.rules[2]).toEqual({ ...defaultRule(), urlPattern: '/api/lookups/*', ttlMs: 600_000 });
    expect(moveRule(added, 2, -1).map((r) => r.urlPattern)).toEqual(['/api/recommendations', '/api/lookups/*', '/*']);
    expect(moveRule(added, 0, -1).map((r) => r.urlPattern)).toEqual(['/api/recommendations', '/*', '/api/lookups/*']);
    expect(moveRule(added, 2, 1)).toEqual(added);
  });

  it('leaves checking to the background and finds the field its error names, in any rule', () => {
    const form = formFromSettings(twoRules(), '*');
    form.rules[1]!.ttlSeconds = '';
    const parsed = settingsFromForm(form);
    expect(parsed.rules[1]!.ttlMs).toBeNaN();
    let message = '';
    try {
      checkResponseCacheSettings(parsed);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/rules\[1\]\.ttlMs/);
    expect(fieldOfError(message)).toBe('rules.1.ttlSeconds');
    expect(fieldOfError('responseCache.rules[3].urlPattern: expected …')).toBe('rules.3.urlPattern');
    expect(fieldOfError('responseCache.lookupTimeoutMs: expected whole milliseconds')).toBe('lookupTimeoutMs');
    expect(fieldOfError('responseCache.logoutPattern: expected a path pattern')).toBe('logoutPattern');
    expect(fieldOfError('something else')).toBeNull();
  });
});
