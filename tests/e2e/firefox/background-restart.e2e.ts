import { describe, expect, it } from 'vitest';
import { storedSession, waitFor } from '../harness';
import { evaluator, textOf, useDemoAndFirefox } from './harness';

const BURSTS = 4;
const PER_BURST = 40;
const TOTAL = BURSTS * PER_BURST;
/** Firefox unloads an idle event page after this long (default 30 s); a test sets it low. */
const IDLE_TIMEOUT_MS = 1000;

describe('Firefox: the background event page unloaded mid-session', () => {
  // Firefox's own idle unloading, shortened (pref extensions.background.idle.timeout, in ms):
  // the same path as a real user's idle background, not a simulated one.
  const env = useDemoAndFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });

  it('loses no batch and stores none twice', async () => {
    const page = await env.ff.newPage();
    await page.goto(`${env.demo.url}/stress/blank`);
    const tabId = await env.ff.tabIdOf(page);
    const boots = new Set<number>();
    // Bursts of numbered requests (one every 40 ms), each followed by a pause of three idle
    // timeouts in which Firefox unloads the background; the next burst's first batch has to
    // wake it again (runtime.connect). The boot time is read right after each burst, while the
    // background is busy anyway: a new value means it was unloaded and started again.
    for (let burst = 0; burst < BURSTS; burst++) {
      await page.evaluate(async (from: number, count: number) => {
        for (let i = from; i < from + count; i++) {
          await fetch(`/api/ping?i=${i}`).then((r) => r.text());
          await new Promise((r) => setTimeout(r, 40));
        }
      }, burst * PER_BURST, PER_BURST);
      boots.add(await env.ff.backgroundBootTime());
      await new Promise((r) => setTimeout(r, 3 * IDLE_TIMEOUT_MS));
    }
    console.log(`Firefox background page: ${boots.size} different boot times after ${BURSTS} bursts`);
    expect(boots.size, 'the background was unloaded and woken by the page at least twice').toBeGreaterThanOrEqual(3);

    const data = await waitFor('every numbered request stored', async () => {
      const d = await storedSession(evaluator(env.ff.tool), tabId);
      return (d?.requests.filter((r) => r.url.includes('/api/ping?i=')).length ?? 0) >= TOTAL ? d : null;
    });
    const numbers = data.requests.filter((r) => r.url.includes('/api/ping?i=')).map((r) => Number(new URL(r.url).searchParams.get('i')));
    expect(numbers.length).toBe(TOTAL);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    // One session and one hard view survived the restarts.
    expect(data.views.filter((v) => v.kind === 'hard')).toHaveLength(1);
    // A panel opened now (on a background started by the page's last batches) shows them all.
    const panel = await env.ff.openPanel(tabId);
    const requestsCard = () => textOf(panel, '[role="group"][aria-label="Requests"] .value').then((t) => Number(t.replace(/,/g, '')));
    await expect.poll(requestsCard, { timeout: 15_000 }).toBe(data.requests.length);
    await page.close();
  });
});
