// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentVisibilityApplier } from '../../../../src/content/appliers/content-visibility';
import { abortAllContexts, contextFor, flush, placeAt, resetDocument, snapshot } from './dom-fixtures';

const params = { minChildren: 20, minHeightPx: 1500, marginPx: 200 };
const items = (n: number) => Array.from({ length: n }, (_, i) => `<li>${i}</li>`).join('');
const rows = (n: number) => Array.from({ length: n }, (_, i) => `<tr><td>${i}</td></tr>`).join('');

describe('content-visibility applier', () => {
  beforeEach(() => {
    resetDocument(`
      <ul id="visible">${items(30)}</ul>
      <section id="far" style="color: red;border:1px solid">
        <h2>Archive</h2><ul id="nested">${items(40)}</ul>
      </section>
      <table id="table"><tbody id="body">${rows(50)}</tbody></table>
      <ol id="short">${items(3)}</ol>
      <section id="dialogs"><div role="dialog">Edit</div>${items(30)}</section>
      <article id="tall"><p>long text</p></article>`);
    placeAt(document.getElementById('visible')!, 100, 600);
    placeAt(document.getElementById('far')!, 3000, 2000, 700);
    placeAt(document.getElementById('nested')!, 3100, 1800);
    placeAt(document.getElementById('table')!, 5200, 1500);
    placeAt(document.getElementById('body')!, 5230, 1470);
    placeAt(document.getElementById('short')!, 7000, 60);
    placeAt(document.getElementById('dialogs')!, 8000, 900);
    placeAt(document.getElementById('tall')!, 9000, 2400);
  });
  afterEach(abortAllContexts);

  const style = (id: string) => document.getElementById(id)!.getAttribute('style');

  it('skips rendering of long offscreen sections, with their measured size', () => {
    contentVisibilityApplier.apply(contextFor<'content-visibility'>(params).ctx);
    expect(style('far')).toBe('color: red; border: 1px solid; content-visibility: auto; contain-intrinsic-size: auto 700px auto 2000px;');
    expect(style('table')).toMatch(/content-visibility: auto; contain-intrinsic-size: auto 800px auto 1500px/);
    expect(style('tall')).toMatch(/content-visibility: auto/); // few children but tall
    expect(style('body')).toBeNull(); // tbody is an internal table box: its table is styled instead
    expect(style('nested')).toBeNull(); // inside a styled section
    expect(style('visible')).toBeNull(); // in the viewport
    expect(style('short')).toBeNull(); // neither long nor tall
    expect(style('dialogs')).toBeNull(); // would clip its dialog
  });

  it('restores every inline style exactly', () => {
    const before = snapshot();
    const revert = contentVisibilityApplier.apply(contextFor<'content-visibility'>(params).ctx);
    expect(snapshot()).not.toEqual(before);
    revert();
    expect(snapshot()).toEqual(before);
  });

  it('restores only its own properties when the page changed the style since', () => {
    const revert = contentVisibilityApplier.apply(contextFor<'content-visibility'>(params).ctx);
    document.getElementById('far')!.style.setProperty('background', 'blue');
    revert();
    const far = document.getElementById('far')!.style;
    expect([far.getPropertyValue('content-visibility'), far.getPropertyValue('contain-intrinsic-size')]).toEqual(['', '']);
    expect([far.getPropertyValue('color'), far.getPropertyValue('background')]).toEqual(['red', 'blue']);
  });

  it('finds long sections the page adds later', async () => {
    contentVisibilityApplier.apply(contextFor<'content-visibility'>(params).ctx);
    const added = document.createElement('ul');
    added.innerHTML = items(25);
    placeAt(added, 12_000, 1000);
    document.body.append(added);
    await flush(1400);
    expect(added.getAttribute('style')).toMatch(/content-visibility: auto/);
  });
});
