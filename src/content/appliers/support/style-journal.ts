interface StyleEntry {
  /** The style attribute before the first change (null: absent). */
  originalAttribute: string | null;
  /** Each property's value and priority before the first change ('' value: unset). */
  originalProperties: Map<string, { value: string; priority: string }>;
  /** The style attribute right after the journal's last change. */
  written: string | null;
}

/**
 * Sets inline style properties and restores them exactly: when the page did not touch the
 * element's style since, the original style attribute text is put back verbatim (or removed
 * when there was none); otherwise only the properties the journal set get their old values.
 * Elements are held weakly: removed elements can be collected.
 */
export class StyleJournal {
  private readonly entries = new WeakMap<HTMLElement, StyleEntry>();
  private refs: WeakRef<HTMLElement>[] = [];

  /** Sets an inline style property, remembering the previous state. */
  set(element: HTMLElement, property: string, value: string, priority = ''): void {
    let entry = this.entries.get(element);
    if (!entry) {
      entry = { originalAttribute: element.getAttribute('style'), originalProperties: new Map(), written: null };
      this.entries.set(element, entry);
      this.refs.push(new WeakRef(element));
    }
    if (!entry.originalProperties.has(property)) {
      entry.originalProperties.set(property, { value: element.style.getPropertyValue(property), priority: element.style.getPropertyPriority(property) });
    }
    element.style.setProperty(property, value, priority);
    entry.written = element.getAttribute('style');
  }

  /** Whether the journal changed element's style. */
  has(element: HTMLElement): boolean {
    return this.entries.has(element);
  }

  /** Elements whose style the journal changed. */
  elements(): HTMLElement[] {
    const alive = [...new Set(this.refs.map((ref) => ref.deref()))].filter(
      (element): element is HTMLElement => element !== undefined && this.entries.has(element),
    );
    this.refs = alive.map((element) => new WeakRef(element));
    return alive;
  }

  /** Restores one element's style and forgets it. */
  restoreElement(element: HTMLElement): void {
    const entry = this.entries.get(element);
    if (!entry) return;
    this.entries.delete(element);
    restoreEntry(element, entry);
  }

  /** Restores every element's style and forgets them. */
  restore(): void {
    for (const element of this.elements().reverse()) this.restoreElement(element);
    this.refs = [];
  }
}

function restoreEntry(element: HTMLElement, entry: StyleEntry): void {
  if (element.getAttribute('style') === entry.written) {
    if (entry.originalAttribute === null) element.removeAttribute('style');
    else element.setAttribute('style', entry.originalAttribute);
    return;
  }
  for (const [property, { value, priority }] of entry.originalProperties) {
    if (value === '') element.style.removeProperty(property);
    else element.style.setProperty(property, value, priority);
  }
}
