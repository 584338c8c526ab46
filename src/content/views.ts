import type { BrowserSupport } from '../core/metrics/browser-support';
import type { ViewStart } from '../shared/protocol';
import { toEpoch } from './clock';

/**
 * The views of this document: the hard load, then one per SPA soft navigation. Samples are
 * assigned to the view that was current at the time they happened (their performance time).
 */
export class ViewTracker {
  private readonly starts: { perfTime: number; id: string; url: string }[] = [];
  private counter = 0;

  constructor(
    private readonly pageId: string,
    private readonly emit: (view: ViewStart) => void,
  ) {}

  /** The document's own load; `support` says what this browser exposes (sent once per load). */
  startHard(navigationType: string, support?: BrowserSupport): void {
    this.begin(0, location.href, 'hard', navigationType, support);
  }

  startSoft(url: string, navigationType: string): void {
    const current = this.starts[this.starts.length - 1];
    if (current && sameDocumentView(current.url, url)) return;
    this.begin(performance.now(), url, 'soft', navigationType);
  }

  /** The id of the view current at a performance timestamp. */
  viewAt(perfTime: number): string {
    for (let i = this.starts.length - 1; i >= 0; i--) {
      const start = this.starts[i]!;
      if (perfTime >= start.perfTime) return start.id;
    }
    return this.starts[0]?.id ?? `${this.pageId}:0`;
  }

  current(): string {
    return this.starts[this.starts.length - 1]?.id ?? `${this.pageId}:0`;
  }

  private begin(perfTime: number, url: string, viewKind: 'hard' | 'soft', navigationType: string, support?: BrowserSupport): void {
    const id = `${this.pageId}:${this.counter++}`;
    this.starts.push({ perfTime, id, url });
    if (this.starts.length > 1000) this.starts.splice(1, 1);
    this.emit({ kind: 'view', id, url: url.slice(0, 8192), startTime: toEpoch(perfTime), viewKind, navigationType, ...(support ? { support } : {}) });
  }
}

/** A navigation that changes only the hash or nothing at all is not a new view. */
function sameDocumentView(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname && x.search === y.search;
  } catch {
    return a === b;
  }
}
