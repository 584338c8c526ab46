// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prefetchableLink, prefetchNextPagesApplier } from '../../../../src/content/appliers/prefetch-next-pages';
import { abortAllContexts, contextFor, element, flush, resetDocument, snapshot } from './dom-fixtures';

// happy-dom's document is at http://localhost:3000/
const params = { likelyUrls: [], idleLinks: 2, maxPrefetches: 3, hoverDelayMs: 10 };
const prefetched = () => [...document.querySelectorAll('link[rel="prefetch"]')].map((link) => link.getAttribute('href'));

function hover(target: Element) {
  target.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
}

describe('prefetch-next-pages applier', () => {
  beforeEach(() =>
    resetDocument(`
      <nav>
        <a id="users" href="/users/42#tab"><span>Alice</span></a>
        <a id="orders" href="/orders">Orders</a>
        <a id="reports" href="/reports">Reports</a>
        <a id="settings" href="/settings">Settings</a>
        <a id="logout" href="/logout">Log out</a>
        <a id="delete" href="/users/42/delete">Delete</a>
        <a id="method" href="/users/42" data-method="delete">Delete</a>
        <a id="other" href="https://elsewhere.example.com/">Elsewhere</a>
        <a id="blank" href="/help" target="_blank">Help</a>
        <a id="download" href="/report.csv" download>CSV</a>
        <a id="self" href="/#top">Top</a>
      </nav>`),
  );
  afterEach(abortAllContexts);

  it('prefetches a same-origin link the pointer rests on', async () => {
    prefetchNextPagesApplier.apply(contextFor<'prefetch-next-pages'>(params).ctx);
    hover(document.querySelector('#users span')!);
    expect(prefetched()).toEqual([]);
    await flush(30);
    expect(prefetched()).toEqual(['http://localhost:3000/users/42']);
  });

  it('does not prefetch when the pointer leaves before the delay', async () => {
    prefetchNextPagesApplier.apply(contextFor<'prefetch-next-pages'>({ ...params, hoverDelayMs: 50 }).ctx);
    const link = document.getElementById('orders')!;
    hover(link);
    link.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body }));
    await flush(80);
    expect(prefetched()).toEqual([]);
  });

  it('prefetches a focused link at once', () => {
    prefetchNextPagesApplier.apply(contextFor<'prefetch-next-pages'>(params).ctx);
    document.getElementById('orders')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(prefetched()).toEqual(['http://localhost:3000/orders']);
  });

  it('never prefetches other origins, new windows, downloads, actions or this page', () => {
    const doc = document;
    for (const id of ['logout', 'delete', 'method', 'other', 'blank', 'download', 'self']) {
      expect(prefetchableLink(doc.getElementById(id)!, doc), id).toBeNull();
    }
    expect(prefetchableLink(element('<a href="javascript:void 0">x</a>'), doc)).toBeNull();
    expect(prefetchableLink(doc.getElementById('reports')!, doc)?.href).toBe('http://localhost:3000/reports');
  });

  it('stops at maxPrefetches', () => {
    prefetchNextPagesApplier.apply(contextFor<'prefetch-next-pages'>({ ...params, maxPrefetches: 2 }).ctx);
    for (const id of ['users', 'orders', 'reports', 'settings']) document.getElementById(id)!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(prefetched()).toHaveLength(2);
  });

  it('prefetches the likely next pages when idle, same-origin only', async () => {
    prefetchNextPagesApplier.apply(
      contextFor<'prefetch-next-pages'>({ ...params, likelyUrls: ['http://localhost:3000/orders', 'https://evil.example.com/x', '/reports'], idleLinks: 3 }).ctx,
    );
    await flush(300);
    expect(prefetched()).toEqual(['http://localhost:3000/orders', 'http://localhost:3000/reports']);
  });

  it('removes its links and stops listening on revert', async () => {
    const before = snapshot();
    const revert = prefetchNextPagesApplier.apply(contextFor<'prefetch-next-pages'>(params).ctx);
    document.getElementById('orders')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    hover(document.getElementById('reports')!);
    revert();
    await flush(30);
    document.getElementById('settings')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(snapshot()).toEqual(before);
  });
});
