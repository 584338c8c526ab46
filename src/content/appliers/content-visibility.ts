import type { ContentVisibilityParams } from '../../core/optimizer/strategies/content-visibility/meta';
import type { Applier, ApplierContext } from './types';
import { debounced, onTreeChange, whenIdle, whenParsed } from './support/dom';
import { StyleJournal } from './support/style-journal';
import { applyScoped } from './support/undo';

/** Elements that hold long lists of content. */
export const SECTION_SELECTOR = 'tbody, ul, ol, section, article, [role="list"], [role="feed"], [role="rowgroup"]';

/** Sections holding these are skipped: overlays would be clipped by the paint containment content-visibility brings. */
const OVERLAY_SELECTOR = 'dialog, [role="dialog"], [role="menu"], [role="listbox"], [popover]';

/** Quiet time after DOM changes before looking for new long sections, ms. */
const RESCAN_DELAY_MS = 1000;

/**
 * Finds long sections outside the viewport (lists, table bodies, sections, articles with many
 * children or a large height) once the HTML is parsed and again when the page adds content, and
 * sets content-visibility: auto with contain-intrinsic-size: auto <measured width>px auto
 * <measured height>px on them, so the browser skips their rendering until they come near the
 * viewport without the scrollbar jumping. Revert restores each element's previous inline style.
 */
export const contentVisibilityApplier: Applier<'content-visibility'> = {
  id: 'content-visibility',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const journal = new StyleJournal();
      undo.push(() => journal.restore());
      const scan = () => skipOffscreenSections(ctx, journal);
      whenParsed(ctx, scan);
      const rescan = debounced(ctx, () => whenIdle(ctx, scan), RESCAN_DELAY_MS);
      undo.push(onTreeChange(ctx, rescan));
    }),
};

function skipOffscreenSections(ctx: ApplierContext<'content-visibility'>, journal: StyleJournal): void {
  for (const { element, rect } of findLongOffscreenSections(ctx.doc, ctx.win, ctx.params, journal)) {
    journal.set(element, 'content-visibility', 'auto');
    journal.set(element, 'contain-intrinsic-size', `auto ${Math.round(rect.width)}px auto ${Math.round(rect.height)}px`);
  }
}

/** A long section outside the viewport and its measured box. */
export interface OffscreenSection {
  element: HTMLElement;
  rect: DOMRect;
}

/**
 * Long sections outside the viewport, outermost only, that the journal has not touched yet.
 * A <tbody> stands for its <table>: content-visibility does not apply to internal table boxes
 * (CSS Containment 2, "size containment ... has no effect on internal table boxes").
 * All layout reads happen here, before any write.
 */
export function findLongOffscreenSections(doc: Document, win: Window, params: ContentVisibilityParams, journal: StyleJournal): OffscreenSection[] {
  const children = new Map<HTMLElement, number>();
  for (const candidate of doc.querySelectorAll<HTMLElement>(SECTION_SELECTOR)) {
    const target = sectionTarget(candidate);
    if (target) children.set(target, Math.max(children.get(target) ?? 0, candidate.childElementCount));
  }
  const touched = journal.elements();
  const found: OffscreenSection[] = [];
  for (const [element, childCount] of children) {
    if (journal.has(element) || touched.some((other) => other.contains(element))) continue;
    const rect = element.getBoundingClientRect();
    const long = childCount >= params.minChildren || rect.height >= params.minHeightPx || isOneOfManySections(element, rect, params);
    if (long && isOffscreen(rect, win, params.marginPx) && !isSkippedAlready(element, win) && !element.querySelector(OVERLAY_SELECTOR)) {
      found.push({ element, rect });
    }
  }
  return found.filter(({ element }) => !found.some((other) => other.element !== element && other.element.contains(element)));
}

/**
 * A page of many sibling sections (a report of 60 cards) is long as a whole even when each
 * section is short: each one far enough below the fold is skipped on its own.
 */
function isOneOfManySections(element: HTMLElement, rect: DOMRect, params: ContentVisibilityParams): boolean {
  const parent = element.parentElement;
  if (!parent || rect.height < 100) return false;
  let siblings = 0;
  for (const child of parent.children) if (child.localName === element.localName) siblings++;
  return siblings >= Math.max(5, Math.floor(params.minChildren / 2));
}

function sectionTarget(candidate: HTMLElement): HTMLElement | null {
  if (candidate.localName !== 'tbody') return candidate;
  return candidate.closest('table');
}

function isOffscreen(rect: DOMRect, win: Window, marginPx: number): boolean {
  return rect.height > 0 && (rect.top > win.innerHeight + marginPx || rect.bottom < -marginPx);
}

function isSkippedAlready(element: HTMLElement, win: Window): boolean {
  const inline = element.style.getPropertyValue('content-visibility');
  const computed = win.getComputedStyle(element).getPropertyValue('content-visibility');
  return (inline !== '' && inline !== 'visible') || computed === 'auto' || computed === 'hidden';
}
