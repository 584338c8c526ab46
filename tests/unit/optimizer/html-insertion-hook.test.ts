// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { installLazyImageHook } from '../../../src/page/lazy-image-hook';

const lazyOf = (root: ParentNode) => [...root.querySelectorAll('img')].map((i) => i.getAttribute('loading'));
const html = '<div class="card"><img src="/p1.png" alt="1"><img loading="eager" src="/p2.png"><img fetchpriority="high" src="/p3.png"></div>';
const expected = ['lazy', 'eager', null];

describe('the lazy-image hook on images inserted as HTML (page world)', () => {
  let uninstall: (() => void) | null = null;
  afterEach(() => {
    uninstall?.();
    uninstall = null;
    document.body.replaceChildren();
  });
  const install = () => {
    uninstall = installLazyImageHook(window, () => true);
  };

  it('marks the images of innerHTML, outerHTML and insertAdjacentHTML before they enter the document', () => {
    install();
    const host = document.createElement('section');
    document.body.append(host);
    host.innerHTML = html;
    expect(lazyOf(host)).toEqual(expected);
    expect(host.querySelector('.card')?.getAttribute('class')).toBe('card');

    const target = document.createElement('p');
    host.append(target);
    target.outerHTML = '<figure><img src="/o.png"></figure>';
    expect(host.querySelector('figure img')?.getAttribute('loading')).toBe('lazy');
    expect(host.querySelector('p')).toBeNull();

    const anchor = document.createElement('div');
    anchor.id = 'anchor';
    anchor.innerHTML = '<span>kept</span>';
    host.append(anchor);
    for (const position of ['beforebegin', 'afterbegin', 'beforeend', 'afterend'] as const) {
      anchor.insertAdjacentHTML(position, `<img class="${position}" src="/${position}.png">`);
    }
    expect(lazyOf(host).slice(-4)).toEqual(['lazy', 'lazy', 'lazy', 'lazy']);
    expect([...host.querySelectorAll('[class$="begin"], [class$="end"]')].map((e) => e.className)).toEqual(['beforebegin', 'afterbegin', 'beforeend', 'afterend']);
    expect(anchor.querySelector('span')?.textContent).toBe('kept');
    expect(anchor.firstElementChild?.className).toBe('afterbegin');
  });

  it('parses under the same context element (a table body keeps its rows)', () => {
    install();
    const table = document.createElement('table');
    const body = document.createElement('tbody');
    table.append(body);
    document.body.append(table);
    body.innerHTML = '<tr><td><img src="/t.png"></td></tr>';
    expect(body.firstElementChild?.localName).toBe('tr');
    expect(lazyOf(body)).toEqual(['lazy']);
  });

  it('marks images of nodes from an inert document as they join the page (importNode, cloneNode + append, DOMParser nodes)', () => {
    install();
    // A template's content lives in an inert document in a browser (happy-dom keeps it in the
    // page's; the e2e test covers real templates): a fragment of an inert document stands in.
    const inert = document.implementation.createHTMLDocument('');
    const box = inert.createElement('div');
    box.innerHTML = html;
    const fragment = inert.createDocumentFragment();
    fragment.append(...box.childNodes);
    document.body.append(document.importNode(fragment, true));
    expect(lazyOf(document.body)).toEqual(expected);
    document.body.replaceChildren();
    document.body.appendChild(fragment.cloneNode(true));
    expect(lazyOf(document.body)).toEqual(expected);

    const adopted = document.adoptNode(inert.createElement('img'));
    expect(adopted.hasAttribute('loading')).toBe(false); // no source: nothing to defer
    // A DOMParser document's images are connected, to that inert document: still marked.
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
    document.body.replaceChildren();
    document.body.append(...parsed.body.childNodes);
    expect(lazyOf(document.body)).toEqual(expected);
    // adoptNode: happy-dom's does not go through Document.prototype; the e2e test covers it.
  });

  it('leaves strings without images and same-document nodes on the original path', () => {
    install();
    const host = document.createElement('div');
    host.innerHTML = '<b>text only</b>';
    expect(host.innerHTML).toBe('<b>text only</b>');
    const own = document.createElement('img');
    own.setAttribute('alt', 'no source');
    document.body.append(own);
    expect(own.hasAttribute('loading')).toBe(false);
  });

  it('reverts fully: original methods and descriptors back, marks removed', () => {
    const before = {
      inner: Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML'),
      outer: Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML'),
      adjacent: Element.prototype.insertAdjacentHTML,
      append: Node.prototype.appendChild,
      importNode: Document.prototype.importNode,
      fragmentAppend: DocumentFragment.prototype.append,
    };
    install();
    expect(Element.prototype.insertAdjacentHTML).not.toBe(before.adjacent);
    const host = document.createElement('div');
    document.body.append(host);
    host.innerHTML = '<img src="/r.png">';
    uninstall!();
    uninstall = null;
    expect(host.querySelector('img')?.hasAttribute('loading')).toBe(false);
    expect(Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')).toEqual(before.inner);
    expect(Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML')).toEqual(before.outer);
    expect(Element.prototype.insertAdjacentHTML).toBe(before.adjacent);
    expect(Node.prototype.appendChild).toBe(before.append);
    expect(Document.prototype.importNode).toBe(before.importNode);
    expect(DocumentFragment.prototype.append).toBe(before.fragmentAppend);
    host.innerHTML = '<img src="/s.png">';
    expect(host.querySelector('img')?.hasAttribute('loading')).toBe(false);
  });
});
