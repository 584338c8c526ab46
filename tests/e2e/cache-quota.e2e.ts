/**
 * A really full disk under the response cache: Chromium's profile on a small tmpfs, the rest of
 * it filled, then the cache fed until the browser refuses to store. Needs permission to mount
 * (root here and in CI); without it the tests are skipped and say why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openPanel, startDemo, storedCounts, tabIdOf, type DemoServer, type ExtensionBrowser } from './harness';

const TMPFS_MB = 160;
const mountPoint = mkdtempSync(join(tmpdir(), 'ap-quota-'));
let mountProblem: string | null = null;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', mountPoint], { stdio: 'pipe' });
} catch (error) {
  mountProblem = String((error as { stderr?: Buffer }).stderr ?? error).trim() || 'mount failed';
  rmSync(mountPoint, { recursive: true, force: true });
  console.warn(`cache-quota.e2e.ts SKIPPED: a ${TMPFS_MB} MB tmpfs for Chromium's profile could not be mounted (${mountProblem}); run as root (or with CAP_SYS_ADMIN) to test a full disk.`);
}

describe.skipIf(mountProblem !== null)('the response cache on a full disk (Chromium profile on a tmpfs)', () => {
  let demo: DemoServer;
  let ext: ExtensionBrowser;
  const filler = join(mountPoint, 'filler');
  const freeBytes = () => {
    const s = statfsSync(mountPoint);
    return s.bavail * s.bsize;
  };

  beforeAll(async () => {
    demo = await startDemo({ latencyScale: 0.1 });
    ext = await launchWithExtension({ userDataDir: join(mountPoint, 'profile') });
  }, 60_000);

  afterAll(async () => {
    await ext?.close();
    await demo?.close();
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } finally {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('on a really full disk it evicts or turns itself off with a visible warning, never fails a request and loses no recording', async () => {
    const worker = await ext.worker();
    await worker.evaluate(async (origin) => {
      await chrome.storage.local.set({
        optimizer: { toggles: { [`${origin}/*`]: ['cache-repeated-api-calls'] }, params: {} },
        responseCache: { [`${origin}/*`]: { rules: [{ urlPattern: '/api/*', methods: ['GET'], ttlMs: 600_000, staleMs: 0, postEndpoints: [], repeatedOnly: false, jsonOnly: true, overrides: {}, prefetch: false }], logoutPattern: '*/logout', identityCookie: null, prefetchThreshold: 0.6, lookupTimeoutMs: 5000 } },
      });
    }, demo.url);
    const page = await ext.context.newPage();
    await page.goto(`${demo.url}/stress/blank`);
    await page.waitForSelector('body[data-ready="stress-blank"]');
    const tabId = await tabIdOf(ext, page);
    const fetchBig = (i: number) =>
      page.evaluate(async (i) => {
        const response = await fetch(`/api/users?page=1&size=500&fill=${i}`, { headers: { Accept: 'application/json' } });
        const body = (await response.json()) as { items: unknown[] };
        return { status: response.status, items: body.items.length };
      }, i);
    for (let i = 0; i < 5; i++) expect(await fetchBig(i)).toEqual({ status: 200, items: 500 });
    const panel = await openPanel(ext, tabId, 'cache');
    await panel.getByTestId('cache-errors').waitFor();
    await expect.poll(async () => (await storedCounts(panel, tabId))?.counts.requests ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
    const recordedBefore = (await storedCounts(panel, tabId))!.counts.requests;

    // Leave about 1 MB of the disk free.
    const fill = Math.max(0, freeBytes() - 1024 * 1024);
    writeFileSync(filler, Buffer.alloc(fill));
    expect(freeBytes()).toBeLessThan(2 * 1024 * 1024);

    // Feed the cache far past what fits: every request still answers, correctly.
    let quotaSeen = false;
    for (let i = 5; i < 400 && !quotaSeen; i++) {
      expect(await fetchBig(i)).toEqual({ status: 200, items: 500 });
      if (i % 10 === 0) quotaSeen = /QuotaExceededError|storage is (nearly )?full/i.test(await panel.getByTestId('cache-last-error').innerText());
    }
    await expect.poll(() => panel.getByTestId('cache-last-error').innerText(), { timeout: 20_000 }).toMatch(/QuotaExceededError|storage is (nearly )?full/i);
    // Either it evicted and carries on, or it turned itself off and says so.
    const disabled = await panel.getByRole('alert').filter({ hasText: 'The cache turned itself off' }).count();
    const evictions = Number(await panel.getByTestId('cache-evictions').innerText());
    console.log(`full disk: last error "${await panel.getByTestId('cache-last-error').innerText()}", ${evictions} evictions, ${await panel.getByTestId('cache-errors').innerText()} errors, turned off: ${disabled > 0}`);
    expect(disabled > 0 || evictions > 0).toBe(true);
    for (let i = 0; i < 10; i++) expect(await fetchBig(i)).toEqual({ status: 200, items: 500 });

    // The disk frees up: the recording made before is all there.
    rmSync(filler, { force: true });
    const counts = await storedCounts(panel, tabId);
    expect(counts?.counts.requests ?? 0).toBeGreaterThanOrEqual(recordedBefore);
    await panel.close();
    await page.close();
  }, 240_000);
});
