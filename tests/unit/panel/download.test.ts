// @vitest-environment happy-dom
/**
 * Saving a Blob as a download from the panel page: a hidden <a download> clicked once, removed
 * at once, its blob: URL revoked only after the browser had time to read the Blob.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveBlob } from '../../../src/panel/download';
import { download } from '../../../src/panel/simulate/export';

describe('saveBlob', () => {
  const clicked: { href: string; download: string; hidden: boolean | string; rel: string; inDocument: boolean }[] = [];
  let created: Blob[];
  let revoked: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    clicked.length = 0;
    created = [];
    revoked = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return `blob:panel/${created.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, hidden: this.hidden, rel: this.rel, inDocument: document.body.contains(this) });
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('clicks a hidden download link to the Blob once, then takes the link away', () => {
    const blob = new Blob(['a,b\r\n'], { type: 'text/csv' });
    saveBlob(blob, 'report, "final".csv');
    expect(created).toEqual([blob]);
    expect(clicked).toEqual([{ href: 'blob:panel/1', download: 'report, "final".csv', hidden: true, rel: 'noopener', inDocument: true }]);
    expect(document.querySelectorAll('a').length).toBe(0);
  });

  it('revokes the Blob URL after a minute, not before', () => {
    saveBlob(new Blob(['x']), 'x.txt');
    vi.advanceTimersByTime(59_999);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(revoked).toEqual(['blob:panel/1']);
  });

  it('saves simulation text with its type (the Simulate view’s download)', async () => {
    download('{"a":1}', 'simulation-admin.json', 'application/json');
    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('application/json');
    expect(await created[0]!.text()).toBe('{"a":1}');
    expect(clicked[0]!.download).toBe('simulation-admin.json');
  });
});
