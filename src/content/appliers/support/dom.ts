/** Small DOM helpers the appliers share. They take the document and window explicitly. */
import type { ApplierContext, Revert } from '../types';

/** The parts of an applier context the helpers need. */
export type DomContext = Pick<ApplierContext, 'doc' | 'win' | 'signal' | 'report'>;

/** Constructors the appliers take from the page's window (not the global scope), so tests can pass any window. */
export interface WindowConstructors {
  MutationObserver: typeof MutationObserver;
  IntersectionObserver?: typeof IntersectionObserver;
  CSSStyleSheet?: typeof CSSStyleSheet;
}

/** The window with the constructors the appliers use. */
export function globalsOf(win: Window): Window & WindowConstructors {
  return win as unknown as Window & WindowConstructors;
}

/** Where to insert <link>s: <head>, or the root element at document_start before <head> exists. */
export function insertionParent(doc: Document): Element | null {
  return doc.head ?? doc.documentElement;
}

/** Options of {@link observeElements}. */
export interface ObserveElementsOptions {
  /** Elements of interest. */
  selector: string;
  /** Also report elements of interest when one of these attributes changes. */
  attributeFilter?: string[];
  /** Called with the matching elements added (or changed) since the last call. */
  onElements(elements: Element[]): void;
}

/**
 * Watches the whole document (from document_start on) for added elements matching selector,
 * including the descendants of added subtrees. Errors in onElements are reported. Returns a
 * function that stops watching (also stopped when ctx.signal aborts).
 */
export function observeElements(ctx: DomContext, options: ObserveElementsOptions): Revert {
  const { MutationObserver } = globalsOf(ctx.win);
  const observer = new MutationObserver((records) => {
    try {
      const elements = matchingElements(records, options.selector);
      if (elements.length > 0) options.onElements(elements);
    } catch (error) {
      ctx.report(error);
    }
  });
  observer.observe(ctx.doc, {
    childList: true,
    subtree: true,
    ...(options.attributeFilter ? { attributes: true, attributeFilter: options.attributeFilter } : {}),
  });
  const stop = () => observer.disconnect();
  ctx.signal.addEventListener('abort', stop, { once: true });
  return stop;
}

function matchingElements(records: readonly MutationRecord[], selector: string): Element[] {
  const found = new Set<Element>();
  for (const record of records) {
    if (record.type === 'attributes') {
      if (isElement(record.target) && record.target.matches(selector)) found.add(record.target);
      continue;
    }
    for (const node of record.addedNodes) {
      if (!isElement(node)) continue;
      if (node.matches(selector)) found.add(node);
      if (node.firstElementChild) for (const child of node.querySelectorAll(selector)) found.add(child);
    }
  }
  return [...found];
}

/** Whether node is an element (works across realms, unlike instanceof). */
export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === 1;
}

/** Where an element is relative to the viewport; 'unknown' when it has no layout box yet. */
export type ViewportPosition = 'inside' | 'outside' | 'unknown';

/** Position of element's box against the viewport grown by marginPx on every side. Reads layout. */
export function viewportPosition(element: Element, win: Window, marginPx = 0): ViewportPosition {
  if (!element.isConnected) return 'unknown';
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0 && rect.top === 0 && rect.left === 0) return 'unknown';
  const outside =
    rect.bottom < -marginPx || rect.top > win.innerHeight + marginPx || rect.right < -marginPx || rect.left > win.innerWidth + marginPx;
  return outside ? 'outside' : 'inside';
}

/** Runs fn once the initial HTML is parsed (at once if it already is). */
export function whenParsed(ctx: DomContext, fn: () => void): void {
  if (ctx.doc.readyState !== 'loading') fn();
  else ctx.doc.addEventListener('DOMContentLoaded', guardedOnce(ctx, fn), { once: true, signal: ctx.signal });
}

/** Runs fn after the window's load event (at once if it already fired). */
export function whenLoaded(ctx: DomContext, fn: () => void): void {
  if (ctx.doc.readyState === 'complete') fn();
  else ctx.win.addEventListener('load', guardedOnce(ctx, fn), { once: true, signal: ctx.signal });
}

/** Runs fn when the main thread is idle (or after timeoutMs at the latest); cancelled on abort. */
export function whenIdle(ctx: DomContext, fn: () => void, timeoutMs = 2000): void {
  const run = guardedOnce(ctx, fn);
  const win = ctx.win as Window & { requestIdleCallback?: typeof requestIdleCallback; cancelIdleCallback?: typeof cancelIdleCallback };
  if (typeof win.requestIdleCallback === 'function') {
    const handle = win.requestIdleCallback(run, { timeout: timeoutMs });
    ctx.signal.addEventListener('abort', () => win.cancelIdleCallback?.(handle), { once: true });
  } else {
    const handle = ctx.win.setTimeout(run, Math.min(timeoutMs, 200));
    ctx.signal.addEventListener('abort', () => ctx.win.clearTimeout(handle), { once: true });
  }
}

/** fn, delayed until delayMs passed without another call; cancelled on abort. */
export function debounced(ctx: DomContext, fn: () => void, delayMs: number): () => void {
  let handle: ReturnType<Window['setTimeout']> | undefined;
  const run = guardedOnce(ctx, fn);
  ctx.signal.addEventListener('abort', () => ctx.win.clearTimeout(handle), { once: true });
  return () => {
    if (ctx.signal.aborted) return;
    ctx.win.clearTimeout(handle);
    handle = ctx.win.setTimeout(run, delayMs);
  };
}

function guardedOnce(ctx: DomContext, fn: () => void): () => void {
  return () => {
    if (ctx.signal.aborted) return;
    try {
      fn();
    } catch (error) {
      ctx.report(error);
    }
  };
}

/** The absolute URL of href against the document, or null when it does not parse. */
export function absoluteUrl(href: string, doc: Document): URL | null {
  try {
    return new URL(href, doc.baseURI);
  } catch {
    return null;
  }
}

/** Calls fn with the parent for <link>s, waiting for the root element if it does not exist yet. */
export function withInsertionParent(ctx: DomContext, fn: (parent: Element) => void): void {
  const parent = insertionParent(ctx.doc);
  if (parent) {
    fn(parent);
    return;
  }
  const stop = observeElements(ctx, {
    selector: 'html, head',
    onElements: () => {
      const found = insertionParent(ctx.doc);
      if (!found) return;
      stop();
      fn(found);
    },
  });
}

/** Calls fn after any change to the document's tree (childList, subtree). Returns a stop function. */
export function onTreeChange(ctx: DomContext, fn: () => void): Revert {
  const { MutationObserver } = globalsOf(ctx.win);
  const observer = new MutationObserver(() => {
    try {
      fn();
    } catch (error) {
      ctx.report(error);
    }
  });
  observer.observe(ctx.doc, { childList: true, subtree: true });
  const stop = () => observer.disconnect();
  ctx.signal.addEventListener('abort', stop, { once: true });
  return stop;
}
