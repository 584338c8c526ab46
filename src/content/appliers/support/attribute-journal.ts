interface AttributeEntry {
  element: WeakRef<Element>;
  name: string;
  /** The value before the first change (null: absent). */
  original: string | null;
  /** The value the journal left (null: removed). */
  written: string | null;
}

/**
 * Changes attributes and remembers their original values, so restore() puts back exactly what
 * was there (removing attributes that were absent). An attribute the page changed again since
 * is left as the page set it. Elements are held weakly: removed elements can be collected.
 */
export class AttributeJournal {
  private readonly entries: AttributeEntry[] = [];
  private readonly byElement = new WeakMap<Element, Map<string, AttributeEntry>>();

  /** Sets an attribute, remembering its original value. */
  set(element: Element, name: string, value: string): void {
    this.record(element, name, value);
    element.setAttribute(name, value);
  }

  /** Removes an attribute, remembering its original value (restored as the element's last attribute). */
  remove(element: Element, name: string): void {
    if (!element.hasAttribute(name)) return;
    this.record(element, name, null);
    element.removeAttribute(name);
  }

  /** Whether the journal changed this attribute of element. */
  has(element: Element, name: string): boolean {
    return this.byElement.get(element)?.has(name) ?? false;
  }

  /** Elements changed so far, still alive. */
  get size(): number {
    return this.entries.length;
  }

  /** Puts back every original value, last change first, and forgets them. */
  restore(): void {
    for (const entry of this.entries.splice(0).reverse()) {
      const element = entry.element.deref();
      if (!element || element.getAttribute(entry.name) !== entry.written) continue;
      if (entry.original === null) element.removeAttribute(entry.name);
      else element.setAttribute(entry.name, entry.original);
      this.byElement.get(element)?.delete(entry.name);
    }
  }

  private record(element: Element, name: string, written: string | null): void {
    let attributes = this.byElement.get(element);
    if (!attributes) this.byElement.set(element, (attributes = new Map()));
    const existing = attributes.get(name);
    if (existing) {
      existing.written = written;
      return;
    }
    const entry = { element: new WeakRef(element), name, original: element.getAttribute(name), written };
    attributes.set(name, entry);
    this.entries.push(entry);
    if (this.entries.length % 1000 === 0) this.dropCollected();
  }

  private dropCollected(): void {
    const alive = this.entries.filter((entry) => entry.element.deref() !== undefined);
    this.entries.splice(0, this.entries.length, ...alive);
  }
}
