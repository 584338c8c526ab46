import { describe, expect, it } from 'vitest';
import { exportReport } from '../../../src/core/sessions/export/report';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, EXPORTED_AT, smallSession } from './helpers';

async function report(data = smallSession(), sanitize = true) {
  return collect(exportReport(exportInputFrom(data), { sanitize, now: EXPORTED_AT }));
}

describe('HTML report', () => {
  it('is one self-contained page: no script, nothing fetched, printable', async () => {
    const html = await report();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).toContain('@media print');
    expect(html).toMatch(/<svg class="chart"[^>]*>[\s\S]*<polyline points="[\d., ]+" class="heap"\/>/);
  });

  it('summarizes vitals, views, requests, long frames and alerts', async () => {
    const data = smallSession();
    const html = await report(data);
    for (const heading of ['Core Web Vitals', 'Totals', 'Views', 'JS heap', 'Long animation frames', 'Slowest requests', 'Largest requests', 'Alerts']) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toMatch(/<th scope="row">LCP<small>Largest Contentful Paint<\/small><\/th>\s*<td class="num"><span class="badge (good|needs-improvement|poor)">/);
    const slowest = [...data.requests].sort((a, b) => b.duration - a.duration)[0]!;
    expect(html).toContain(slowest.url.replace(/&/g, '&#38;'));
    expect(html).toContain(`${data.requests.length.toLocaleString('en-US')}</div>`);
    expect(html).toContain(data.alerts[0]!.message.replace(/&/g, '&#38;'));
  });

  it('escapes whatever the page put in URLs and messages', async () => {
    const data = smallSession();
    data.views[0] = { ...data.views[0]!, url: 'https://x.test/<script>alert(1)</script>' };
    data.alerts[0] = { ...data.alerts[0]!, message: '"><img src=x onerror=alert(1)>' };
    const html = await report(data);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('says what was sanitized, or warns about a full export', async () => {
    expect(await report()).toMatch(/Sanitized: removed (nothing|\d+ .*)\./);
    expect(await report(smallSession(), false)).toContain('Full export: not sanitized');
  });

  it('renders a session without samples or requests', async () => {
    const data = { ...smallSession(), samples: [], requests: [], alerts: [] };
    const html = await report(data);
    expect(html).toContain('not measured');
    expect(html).toContain('No requests.');
    expect(html).toContain('No alerts.');
  });
});
