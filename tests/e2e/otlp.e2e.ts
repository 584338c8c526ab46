/**
 * OTLP sending in the product: off by default; turned on in the Sessions view with a local
 * OTLP/HTTP receiver (a tiny node server on 127.0.0.1 recording POSTs to /v1/traces and
 * /v1/metrics); a session that ends is sent from the background, retried after a 503 with
 * Retry-After, and the bodies decode with the official OpenTelemetry serializers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtlpMetricsRequest, OtlpTracesRequest } from '../../src/core/sessions/export/otlp';
import { officialMetrics, officialTraces } from '../unit/sessions/otlp-official';
import { openPanel, storedSession, tabIdOf, useDemoAndExtension, waitFor } from './harness';

interface Received {
  path: string;
  contentType: string;
  body: string;
  status: number;
}

/** An OTLP/HTTP receiver: answers the first traces POST with 503 (Retry-After: 1), then 200. */
async function startReceiver() {
  const received: Received[] = [];
  let refusedOnce = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let status = 200;
      if (req.url === '/v1/traces' && !refusedOnce) {
        refusedOnce = true;
        status = 503;
      }
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body, status });
      res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 503 ? { 'Retry-After': '1' } : {}) });
      res.end(status === 200 ? '{}' : '{"message":"busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('sending sessions to an OTLP/HTTP endpoint', () => {
  const env = useDemoAndExtension();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('is off by default, and once on delivers each ended session (retrying a 503) in the official OTLP shape', async () => {
    // A session that ends while sending is off is never sent.
    const before = await env.ext.context.newPage();
    await before.goto(`${env.demo.url}/users`);
    await before.waitForSelector('body[data-ready="users"]');
    const beforeTab = await tabIdOf(env.ext, before);
    const worker = await env.ext.worker();
    const offSession = await waitFor('the first session stored', () => storedSession(worker, beforeTab));
    await before.close();

    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.url}/`);
    await page.waitForSelector('body[data-ready="dashboard"]');
    const tabId = await tabIdOf(env.ext, page);
    const panel = await openPanel(env.ext, tabId, 'sessions');
    const section = panel.getByRole('region', { name: 'Send sessions to OpenTelemetry' });
    const checkbox = section.getByRole('checkbox', { name: 'Send finished sessions to this endpoint' });
    await expect.poll(() => checkbox.isChecked()).toBe(false);
    await expect.poll(() => section.getByRole('textbox', { name: /OTLP\/HTTP endpoint/ }).inputValue()).toBe('http://localhost:4318');

    // A bad endpoint is named and sending stays off.
    await section.getByRole('textbox', { name: /OTLP\/HTTP endpoint/ }).fill('localhost:4318');
    await checkbox.click();
    await expect.poll(() => section.getByRole('alert').textContent()).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(await checkbox.isChecked()).toBe(false);

    await section.getByRole('textbox', { name: /OTLP\/HTTP endpoint/ }).fill(`${receiver.url}/`);
    await checkbox.click();
    await expect.poll(() => section.getByRole('status').first().textContent()).toContain(`Finished sessions are sent to ${receiver.url}`);
    expect(await checkbox.isChecked()).toBe(true);

    await page.waitForTimeout(1500);
    const stored = await waitFor('the session stored', () => storedSession(worker, tabId));
    await panel.getByRole('button', { name: 'Stop recording this tab' }).click();

    const delivered = await waitFor(
      'traces and metrics delivered',
      async () => {
        const ok = receiver.received.filter((r) => r.status === 200);
        return ok.some((r) => r.path === '/v1/traces') && ok.some((r) => r.path === '/v1/metrics') ? ok : null;
      },
      30_000,
    );
    // The first traces POST got 503 with Retry-After and was sent again.
    expect(receiver.received[0]).toMatchObject({ path: '/v1/traces', status: 503 });
    for (const request of receiver.received) expect(request.contentType).toBe('application/json');

    const final = (await storedSession(worker, tabId))!;
    const traces = delivered.filter((r) => r.path === '/v1/traces').map((r) => JSON.parse(r.body) as OtlpTracesRequest);
    const spans = traces.flatMap((t) => t.resourceSpans[0]!.scopeSpans[0]!.spans);
    expect(spans.length).toBe(final.views.length + final.requests.length);
    expect(spans.length).toBeGreaterThan(stored.requests.length / 2);
    for (const payload of traces) expect(officialTraces(payload)).toEqual(payload);
    const metrics = JSON.parse(delivered.find((r) => r.path === '/v1/metrics')!.body) as OtlpMetricsRequest;
    expect(officialMetrics(metrics)).toEqual(metrics);
    expect(metrics.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => m.name)).toContain('web_vitals.lcp');

    // Only the session that ended while sending was on went out.
    const sessionIds = new Set(
      [...traces.map((t) => t.resourceSpans[0]!.resource), metrics.resourceMetrics[0]!.resource].map(
        (resource) => resource.attributes.find((kv) => kv.key === 'session.id')!.value,
      ).map((value) => (value as { stringValue: string }).stringValue),
    );
    expect([...sessionIds]).toEqual([final.session.id]);
    expect(sessionIds.has(offSession.session.id)).toBe(false);
    await expect.poll(() => section.getByRole('status').last().textContent()).toMatch(/1 sent · 0 failed/);
    await panel.close();
    await page.close();
  });
});
