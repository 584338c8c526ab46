/**
 * The HTML entry points of the lazy-image hook (see lazy-image-hook.ts). An <img> parsed from
 * a string by innerHTML, outerHTML or insertAdjacentHTML starts loading as the parser creates
 * it in the page's document, before any observer could mark it; one in an inert document
 * (a template's content, a DOMParser document) starts loading when it is adopted or imported
 * into the page's. So:
 * - a string with "<img" is parsed in an inert document under an element like the real
 *   context element, its images are marked, and the parsed nodes are inserted as the original
 *   would have (scripts stay inert: the fragment parser marked them already started);
 * - a node from another document that is inserted, adopted or imported has its images marked
 *   first (importNode becomes cloneNode in the node's own document, then adoptNode).
 * Anything unexpected (a TrustedHTML value, an unusual context, an error) takes the original
 * path unchanged. Every wrapper is removed again by the returned restore functions.
 */

/** Marks one image lazy if it may be deferred; true when it did. */
type Mark = (image: HTMLImageElement) => boolean;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Context elements whose content the parser does not read as markup. */
const NOT_MARKUP = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext', 'template']);

/** Installs every wrapper on win; returns their restore functions. */
export function installHtmlInsertionHook(win: Window, mark: Mark): (() => void)[] {
  const doc = win.document;
  const g = win as unknown as { Node?: typeof Node; Element?: typeof Element; DocumentFragment?: typeof DocumentFragment; Document?: typeof Document; HTMLImageElement?: typeof HTMLImageElement };
  const elementProto = g.Element?.prototype as Element | undefined;
  const nodeProto = g.Node?.prototype as Node | undefined;
  const fragmentProto = g.DocumentFragment?.prototype as DocumentFragment | undefined;
  const documentProto = g.Document?.prototype as Document | undefined;
  const Image = g.HTMLImageElement;
  if (!elementProto || !nodeProto || !fragmentProto || !documentProto || !Image) return [];

  const innerHTML = Object.getOwnPropertyDescriptor(elementProto, 'innerHTML');
  const elementQuery = elementProto.querySelectorAll;
  const fragmentQuery = fragmentProto.querySelectorAll;
  const { insertBefore } = nodeProto;
  const { replaceChildren, replaceWith } = elementProto;
  const { adoptNode } = documentProto;
  const cloneNode = nodeProto.cloneNode;
  let inertDocument: Document | null = null;

  /** Marks the images of node, if it comes from another document than the page's. */
  const markForeign = (node: unknown) => {
    try {
      if (!(node instanceof g.Node!) || (node as Node).ownerDocument === doc) return;
      if (node instanceof Image) {
        mark(node);
        return;
      }
      const query = (node as Node).nodeType === 1 ? elementQuery : (node as Node).nodeType === 11 ? fragmentQuery : null;
      if (query) for (const image of query.call(node as Element, 'img')) if (image instanceof Image) mark(image);
    } catch {
      // Leave it to load as it would have.
    }
  };

  /** html parsed under an element like context, images marked; null: take the original path. */
  const parseMarked = (context: unknown, html: unknown): DocumentFragment | null => {
    try {
      if (typeof html !== 'string' || !/<img/i.test(html) || !innerHTML?.set) return null;
      if (!(context instanceof g.Element!) || (context as Element).ownerDocument !== doc) return null;
      const { namespaceURI, localName } = context as Element;
      if (namespaceURI !== HTML_NS || NOT_MARKUP.has(localName)) return null;
      inertDocument ??= doc.implementation.createHTMLDocument('');
      const box = inertDocument.createElement(localName);
      innerHTML.set.call(box, html);
      const images = elementQuery.call(box, 'img');
      if (images.length === 0) return null;
      for (const image of images) if (image instanceof Image) mark(image);
      const range = inertDocument.createRange();
      range.selectNodeContents(box);
      return range.extractContents();
    } catch {
      return null;
    }
  };

  const restores: (() => void)[] = [];
  const wrap = (proto: object, name: string, make: (original: AnyFunction) => AnyFunction) => restores.push(wrapMethod(proto, name, make));

  if (innerHTML?.set && innerHTML.configurable) {
    const setInner = innerHTML.set;
    const wrapped: PropertyDescriptor = {
      ...innerHTML,
      set(this: Element, value: unknown) {
        const parsed = parseMarked(this, value);
        if (parsed) replaceChildren.call(this, parsed);
        else setInner.call(this, value);
      },
    };
    Object.defineProperty(elementProto, 'innerHTML', wrapped);
    restores.push(() => restoreAccessor(elementProto, 'innerHTML', wrapped, innerHTML));
  }
  const outerHTML = Object.getOwnPropertyDescriptor(elementProto, 'outerHTML');
  if (outerHTML?.set && outerHTML.configurable) {
    const setOuter = outerHTML.set;
    const wrapped: PropertyDescriptor = {
      ...outerHTML,
      set(this: Element, value: unknown) {
        const parent = this.parentNode;
        const parsed = parent && parent.nodeType === 1 ? parseMarked(parent, value) : null;
        if (parsed) replaceWith.call(this, parsed);
        else setOuter.call(this, value);
      },
    };
    Object.defineProperty(elementProto, 'outerHTML', wrapped);
    restores.push(() => restoreAccessor(elementProto, 'outerHTML', wrapped, outerHTML));
  }
  wrap(elementProto, 'insertAdjacentHTML', (original) =>
    function insertAdjacentHTML(this: unknown, position: unknown, html: unknown) {
      const self = this as Element;
      const where = typeof position === 'string' ? position.toLowerCase() : '';
      const outside = where === 'beforebegin' || where === 'afterend';
      const inside = where === 'afterbegin' || where === 'beforeend';
      const parent = outside ? self.parentNode : null;
      const parsed = inside ? parseMarked(self, html) : parent && parent.nodeType === 1 ? parseMarked(parent, html) : null;
      if (!parsed) return original.call(this, position, html);
      if (where === 'beforebegin') insertBefore.call(parent, parsed, self);
      else if (where === 'afterend') insertBefore.call(parent, parsed, self.nextSibling);
      else insertBefore.call(self, parsed, where === 'afterbegin' ? self.firstChild : null);
      return undefined;
    } as AnyFunction,
  );

  // Adoption points: a foreign node's images are marked before it joins the page's document.
  const inPage = (self: unknown) => {
    try {
      return self === doc || (self instanceof g.Node! && (self as Node).ownerDocument === doc);
    } catch {
      return false;
    }
  };
  const marksArgs = (from: number) => (original: AnyFunction) =>
    function (this: unknown, ...args: unknown[]) {
      if (inPage(this)) for (let i = from; i < args.length; i++) markForeign(args[i]);
      return original.apply(this, args);
    } as AnyFunction;
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) wrap(nodeProto, name, marksArgs(0));
  for (const name of ['append', 'prepend', 'replaceChildren', 'before', 'after', 'replaceWith']) wrap(elementProto, name, marksArgs(0));
  for (const name of ['append', 'prepend', 'replaceChildren']) wrap(fragmentProto, name, marksArgs(0));
  wrap(elementProto, 'insertAdjacentElement', marksArgs(1));
  wrap(documentProto, 'adoptNode', marksArgs(0));
  wrap(documentProto, 'importNode', (original) =>
    function importNode(this: unknown, node: unknown, deep?: unknown) {
      let clone: Node | null = null;
      try {
        if (this === doc && node instanceof g.Node! && (node as Node).ownerDocument !== doc && (node as Node).nodeType !== 9) {
          clone = cloneNode.call(node as Node, Boolean(deep));
          markForeign(clone);
        }
      } catch {
        clone = null;
      }
      return clone ? adoptNode.call(doc, clone) : original.call(this, node, deep);
    } as AnyFunction,
  );
  return restores;
}

/** Replaces proto[name] (a method) with make(original); returns a function restoring it. */
function wrapMethod(proto: object, name: string, make: (original: AnyFunction) => AnyFunction): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  const original = descriptor?.value as AnyFunction | undefined;
  if (!descriptor || typeof original !== 'function' || !descriptor.configurable) return () => {};
  const wrapped = make(original);
  Object.defineProperty(wrapped, 'name', { value: name });
  Object.defineProperty(proto, name, { ...descriptor, value: wrapped });
  return () => {
    // Only put the original back if nobody wrapped ours since (their wrapper would be lost).
    if (Object.getOwnPropertyDescriptor(proto, name)?.value === wrapped) Object.defineProperty(proto, name, descriptor);
  };
}

function restoreAccessor(proto: object, name: string, wrapped: PropertyDescriptor, original: PropertyDescriptor): void {
  if (Object.getOwnPropertyDescriptor(proto, name)?.set === wrapped.set) Object.defineProperty(proto, name, original);
}
