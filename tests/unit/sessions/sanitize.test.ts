import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, startExport } from '../../../src/core/sessions/export/registry';
import { createSanitizer, describeRemoved, isSecretParamName, REDACTED, sanitizeSessionData } from '../../../src/core/sessions/sanitize';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession, SECRET_VALUES } from '../../fixtures/sessions/secrets';
import { collect, EXPORTED_AT } from './helpers';

async function exportAll(id: (typeof EXPORT_FORMATS)[number]['id'], sanitize: boolean) {
  const { files, sanitizer } = startExport(id, exportInputFrom(createSecretSession()), { sanitize, now: EXPORTED_AT });
  const texts = await Promise.all(files.map((file) => collect(file.chunks)));
  return { text: texts.join('\n'), removed: sanitizer.removed };
}

describe('sanitized exports', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format.id}: no secret survives, and the counts say what went`, async () => {
      const { text, removed } = await exportAll(format.id, true);
      const leaked = SECRET_VALUES.filter((secret) => text.includes(secret));
      expect(leaked).toEqual([]);
      expect(Object.values(removed).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });

    it(`${format.id}: a full export keeps what it shows`, async () => {
      const { text, removed } = await exportAll(format.id, false);
      expect(text).toContain('querytokenSECRET666');
      expect(Object.values(removed).every((n) => n === 0)).toBe(true);
    });
  }

  it('JSON: a full export keeps every secret', async () => {
    const { text } = await exportAll('json', false);
    expect(SECRET_VALUES.filter((secret) => !text.includes(secret))).toEqual([]);
  });
});

describe('sanitizer', () => {
  it('removes cookie and credential headers, redacts secret parameters everywhere, and counts', () => {
    const { data, removed } = sanitizeSessionData(createSecretSession());
    expect(removed).toEqual({ cookieHeaders: 3, authHeaders: 12, secretParams: 28, urlCredentials: 1, secretTokens: 9 });
    expect(describeRemoved(removed)).toBe('3 cookie headers, 12 authorization headers, 28 secret URL parameters, 1 URL credential, 9 secret-looking tokens');
    const [me, exported, users] = data.requests;
    expect(me?.url).toBe('https://admin.example.test/api/me?token=REDACTED&fields=name,email');
    expect(me?.requestHeaders).toEqual([
      { name: 'Referer', value: 'https://admin.example.test/admin?Password=REDACTED' },
      { name: 'X-Trace-Context', value: 'Bearer REDACTED' },
      { name: 'Accept', value: 'application/json' },
    ]);
    expect(me?.responseHeaders).toEqual([{ name: 'Content-Type', value: 'application/json' }]);
    expect(me?.serverTiming[0]?.description).toBe('q?password=REDACTED');
    expect(exported?.url).toBe(
      'https://REDACTED@admin.example.test/api/export?sig=REDACTED&signature=REDACTED&redirect=https%3A%2F%2Fsso.example.test%2Fcb%3Fcode%3DREDACTED%26x%3D1',
    );
    expect(users?.url).toBe('https://admin.example.test/api/users?SessionID=REDACTED&page=2');
    expect(data.session.url).toBe('https://admin.example.test/?session_id=REDACTED');
    expect(data.views[0]?.url).toBe('https://admin.example.test/login/callback?code=REDACTED&state=ok#access_token=REDACTED');
    expect(data.views[1]?.url).toBe('https://admin.example.test/admin/users?Api_Key=REDACTED&page=2');
    expect(data.alerts[0]?.message).toBe('Slow request https://admin.example.test/api/me?access_token=REDACTED took 3,000 ms');
  });

  it('is idempotent and leaves data without secrets untouched', () => {
    const once = sanitizeSessionData(createSecretSession()).data;
    const twice = sanitizeSessionData(once);
    expect(twice.data).toEqual(once);
    expect(twice.removed).toEqual({ cookieHeaders: 0, authHeaders: 0, secretParams: 0, urlCredentials: 0, secretTokens: 0 });
    const text = createSanitizer().text;
    for (const clean of ['https://a.test/p?page=2&sort=name#top', 'plain text, a=b', 'mailto:someone@example.test', '']) {
      expect(text(clean)).toBe(clean);
    }
  });

  it('treats names containing token, key, secret, password, session, auth, signature or code as secret', () => {
    for (const name of ['token', 'access_token', 'API_KEY', 'apikey', 'client_secret', 'Password', 'PHPSESSID', 'sessionId', 'auth', 'oauth_signature', 'code', 'X-Amz-Credential', 'id%5Ftoken']) {
      expect(isSecretParamName(name), name).toBe(true);
    }
    for (const name of ['page', 'sort', 'q', 'id', 'lang', 'state']) expect(isSecretParamName(name), name).toBe(false);
    expect(createSanitizer().text('?a=1&token=&b=2')).toBe('?a=1&token=&b=2');
    expect(createSanitizer().text(`?token=${REDACTED}`)).toBe(`?token=${REDACTED}`);
  });
});
