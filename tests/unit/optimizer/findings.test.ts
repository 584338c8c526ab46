import { describe, expect, it } from 'vitest';
import { findingsFor, wastedImageBytes } from '../../../src/core/optimizer/findings';
import { input, inputOn, PAGE } from './fixtures';

describe('findings', () => {
  it('names the largest scripts', () => {
    const [finding] = findingsFor(input({ largestScripts: [{ url: `${PAGE}/app.js`, bytes: 900_000, durationMs: 300 }, { url: `${PAGE}/vendor.js`, bytes: 300_000, durationMs: 200 }] }));
    expect(finding).toMatchObject({ id: 'largest-scripts', severity: 'high' });
    expect(finding!.detail).toBe('2 scripts weigh 1.1 MiB; the largest, app.js, is 879 KiB: split it or load parts on demand');
  });

  it('names render-blocking resources', () => {
    const [finding] = findingsFor(input({ renderBlocking: [{ url: `${PAGE}/site.css`, bytes: 40_000, durationMs: 420 }] }));
    expect(finding).toMatchObject({ id: 'render-blocking', severity: 'medium' });
    expect(finding!.detail).toMatch(/1 resource blocks the first paint, the slowest \(site.css\) for 420 ms/);
  });

  it('finds images larger than their display size at the device pixel ratio', () => {
    const big = { url: 'https://cdn.example.com/photo.jpg', naturalWidth: 4000, naturalHeight: 3000, displayWidth: 400, displayHeight: 300, bytes: 2_000_000 };
    const fitting = { url: 'https://cdn.example.com/icon.png', naturalWidth: 64, naturalHeight: 64, displayWidth: 32, displayHeight: 32, bytes: 3000 };
    expect(wastedImageBytes(big, 2)).toBeCloseTo(2_000_000 * (1 - (800 * 600) / (4000 * 3000)));
    expect(wastedImageBytes(fitting, 2)).toBe(0);
    const [finding] = findingsFor(inputOn({ devicePixelRatio: 2 }, { images: [big, fitting] }));
    expect(finding).toMatchObject({ id: 'oversized-images', severity: 'high' });
    expect(finding!.detail).toMatch(/^1 image is larger than shown \(1.8 MiB could be saved; photo.jpg is 4000×3000 shown at 400×300\)/);
    expect(finding!.items).toHaveLength(1);
  });

  it('skips the oversized-images finding when the content script collected no images', () => {
    expect(findingsFor(input()).map((f) => f.id)).not.toContain('oversized-images');
  });

  it('names main-thread hogs, uncompressed text and eager HTML images', () => {
    const ids = findingsFor(
      input({
        mainThreadScripts: [{ url: `${PAGE}/grid.js`, ms: 640 }],
        uncompressed: [{ url: `${PAGE}/data.json`, bytes: 80_000, durationMs: 100 }],
        imageRequests: { html: { count: 20, bytes: 900_000 }, script: { count: 0, bytes: 0 }, unknown: { count: 0, bytes: 0 } },
      }),
    ).map((f) => f.id);
    expect(ids).toEqual(['main-thread-scripts', 'html-images-not-lazy', 'uncompressed-text']);
  });

  it('finds nothing on a clean page', () => {
    expect(findingsFor(input())).toEqual([]);
  });
});
