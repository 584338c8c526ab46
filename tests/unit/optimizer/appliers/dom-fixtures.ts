/** Helpers for the happy-dom tests of the appliers. */
import type { StrategyId, StrategyParams } from '../../../../src/core/optimizer/catalogue';
import type { ApplierContext } from '../../../../src/content/appliers/types';

const controllers: AbortController[] = [];

/** Aborts every context made by {@link contextFor}, so no observer outlives its test. */
export function abortAllContexts(): void {
  for (const controller of controllers.splice(0)) controller.abort();
}

/** An applier context on the test document, collecting reported errors. */
export function contextFor<Id extends StrategyId>(params: StrategyParams[Id], overrides: Partial<ApplierContext<Id>> = {}) {
  const controller = new AbortController();
  controllers.push(controller);
  const errors: unknown[] = [];
  const ctx: ApplierContext<Id> = {
    doc: document,
    win: window,
    params,
    signal: controller.signal,
    report: (error) => errors.push(error),
    ...overrides,
  };
  return { ctx, errors, controller };
}

/** Lets MutationObserver callbacks and zero-delay timers run. */
export async function flush(ms = 0): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Everything an applier may change: the markup (attributes and inline styles) and adopted sheets. */
export function snapshot(doc: Document = document): { html: string; sheets: number } {
  return { html: doc.documentElement.outerHTML, sheets: doc.adoptedStyleSheets.length };
}

/** Starts from a fresh document body and head. */
export function resetDocument(body = '', head = ''): void {
  document.head.innerHTML = head;
  document.body.innerHTML = body;
  document.adoptedStyleSheets = [];
}

/** Gives element a layout box (happy-dom has no layout): top and height in CSS px. */
export function placeAt(element: Element, top: number, height = 100, width = 800): void {
  const rect = { top, bottom: top + height, left: 0, right: width, width, height, x: 0, y: top, toJSON: () => ({}) };
  Object.defineProperty(element, 'getBoundingClientRect', { value: () => rect, configurable: true });
}

/** Makes an image report that it has (or has not) finished loading. */
export function setComplete(image: HTMLImageElement, complete: boolean): void {
  Object.defineProperty(image, 'complete', { value: complete, configurable: true });
}

/** Parses one element from HTML. */
export function element<T extends Element = HTMLElement>(html: string): T {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild as T;
}
