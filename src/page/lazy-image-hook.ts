/**
 * Page-world half of "Lazy-load offscreen images". An image a script creates and gives a src
 * before inserting it starts loading at once, before the isolated world's MutationObserver can
 * see it; this hook wraps the image `src`/`srcset` setters and `setAttribute('src'|'srcset')`
 * so that such an image gets loading="lazy" just before its source is set. The browser then
 * loads it when it is inserted near the viewport (measured on Chromium 156: with this hook
 * 60 of 60 script-created images were deferred, 59 without it).
 *
 * Images parsed from HTML start loading as the parser creates them in the page's document, so
 * innerHTML, outerHTML and insertAdjacentHTML are wrapped (html-insertion-hook.ts): a string
 * with an <img> is parsed in an inert document with the same context element, its images are
 * marked, and the parsed nodes are inserted. Images in an inert document (template content,
 * DOMParser) start loading when adopted into the page's: every method that adopts or imports
 * a node marks the images of a node from another document first.
 *
 * Never throws into the page: every decision runs in try/catch and the original setter always
 * runs. Fully uninstallable: the original descriptors come back, and images the hook marked
 * (and that still say loading="lazy") lose the attribute again.
 */

import { installHtmlInsertionHook } from './html-insertion-hook';

/** Options of {@link installLazyImageHook}. */
export interface LazyImageHookOptions {
  /** URLs (absolute) never to defer, e.g. the LCP image's. */
  isExcluded?(url: string): boolean;
}

/** Restores the page as it was before the hook. */
export type UninstallLazyImageHook = () => void;

type SourceProperty = 'src' | 'srcset';

/**
 * Installs the hook on win's HTMLImageElement. isEnabled is asked on every source change, so the
 * hook can be installed at document_start and switched on once the setting arrives. Images that
 * are already in the document, have a loading attribute, or have fetchpriority="high" are left
 * alone (connected images are the isolated-world applier's: it can check the viewport).
 */
export function installLazyImageHook(win: Window, isEnabled: () => boolean, options: LazyImageHookOptions = {}): UninstallLazyImageHook {
  try {
    return install(win, isEnabled, options);
  } catch {
    return () => {};
  }
}

function install(win: Window, isEnabled: () => boolean, options: LazyImageHookOptions): UninstallLazyImageHook {
  const globals = win as Window & { HTMLImageElement?: typeof HTMLImageElement; Element?: typeof Element };
  const prototype = globals.HTMLImageElement?.prototype;
  const elementPrototype = globals.Element?.prototype;
  if (!prototype || !elementPrototype) return () => {};

  const { getAttribute, hasAttribute, setAttribute, removeAttribute } = elementPrototype;
  const marked: WeakRef<HTMLImageElement>[] = [];
  let active = true;

  /** Marks image lazy unless it must not be; true when it did. */
  const markLazy = (image: HTMLImageElement, url: unknown): boolean => {
    try {
      // Connected to the page's document: the isolated-world applier's (it can see the viewport).
      // An image of a DOMParser document is connected too, to that inert document: it is ours.
      if (!active || !isEnabled() || (image.isConnected && image.ownerDocument === win.document)) return false;
      if (hasAttribute.call(image, 'loading')) return false;
      if (getAttribute.call(image, 'fetchpriority')?.toLowerCase() === 'high') return false;
      if (options.isExcluded && isExcludedUrl(win, url, options.isExcluded)) return false;
      setAttribute.call(image, 'loading', 'lazy');
      marked.push(new WeakRef(image));
      return true;
    } catch {
      // Deciding failed: the image loads as it would have without the hook.
      return false;
    }
  };

  const restoreSetters = [
    wrapSourceSetter(prototype, 'src', markLazy),
    wrapSourceSetter(prototype, 'srcset', markLazy),
    wrapSetAttribute(prototype, markLazy),
    ...installHtmlInsertionHook(win, (image) => markLazy(image, getAttribute.call(image, 'srcset') ?? getAttribute.call(image, 'src') ?? '')),
  ];

  return () => {
    active = false;
    for (const restore of restoreSetters) {
      try {
        restore();
      } catch {
        // The wrapper stays, but inactive: it only calls the original.
      }
    }
    for (const image of marked.splice(0).map((ref) => ref.deref())) {
      try {
        if (image && getAttribute.call(image, 'loading') === 'lazy') removeAttribute.call(image, 'loading');
      } catch {
        // Leave that image as it is.
      }
    }
  };
}

/** Wraps the setter of prototype[property]; returns a function restoring the original descriptor. */
function wrapSourceSetter(
  prototype: HTMLImageElement,
  property: SourceProperty,
  beforeSet: (image: HTMLImageElement, url: unknown) => void,
): () => void {
  const original = Object.getOwnPropertyDescriptor(prototype, property);
  const originalSet = original?.set;
  if (!original || !originalSet || !original.configurable) return () => {};
  const wrapped: PropertyDescriptor = {
    ...original,
    set(this: HTMLImageElement, value: unknown) {
      beforeSet(this, value);
      originalSet.call(this, value);
    },
  };
  Object.defineProperty(prototype, property, wrapped);
  return () => {
    // Only put the original back if nobody wrapped ours since (their wrapper would be lost).
    if (Object.getOwnPropertyDescriptor(prototype, property)?.set === wrapped.set) Object.defineProperty(prototype, property, original);
  };
}

/**
 * Shadows Element.prototype.setAttribute on HTMLImageElement.prototype only, calling whatever
 * setAttribute the prototype chain holds at call time (so later wrappers by the page still run).
 */
function wrapSetAttribute(prototype: HTMLImageElement, beforeSet: (image: HTMLImageElement, url: unknown) => void): () => void {
  const ownOriginal = Object.getOwnPropertyDescriptor(prototype, 'setAttribute');
  const parent = Object.getPrototypeOf(prototype) as object;
  const inherited = (): ((this: Element, name: string, value: string) => void) => Reflect.get(parent, 'setAttribute');
  const next = ownOriginal?.value as ((this: Element, name: string, value: string) => void) | undefined;
  function setAttribute(this: HTMLImageElement, name: string, value: string): void {
    if (isSourceAttribute(name)) beforeSet(this, value);
    (next ?? inherited()).call(this, name, value);
  }
  Object.defineProperty(prototype, 'setAttribute', { value: setAttribute, writable: true, configurable: true, enumerable: false });
  return () => {
    if (Object.getOwnPropertyDescriptor(prototype, 'setAttribute')?.value !== setAttribute) return;
    if (ownOriginal) Object.defineProperty(prototype, 'setAttribute', ownOriginal);
    else delete (prototype as unknown as Record<string, unknown>).setAttribute;
  };
}

function isSourceAttribute(name: unknown): boolean {
  try {
    const lower = String(name).toLowerCase();
    return lower === 'src' || lower === 'srcset';
  } catch {
    return false;
  }
}

function isExcludedUrl(win: Window, url: unknown, isExcluded: (url: string) => boolean): boolean {
  const text = String(url);
  for (const candidate of text.split(',')) {
    const first = candidate.trim().split(/\s+/)[0];
    if (!first) continue;
    let absolute = first;
    try {
      absolute = new URL(first, win.document.baseURI).href;
    } catch {
      // Keep it relative.
    }
    if (isExcluded(absolute)) return true;
  }
  return false;
}
