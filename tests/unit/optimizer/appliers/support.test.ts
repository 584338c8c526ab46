// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { AttributeJournal } from '../../../../src/content/appliers/support/attribute-journal';
import { StyleJournal } from '../../../../src/content/appliers/support/style-journal';
import { applyWithUndo, guarded, UndoStack } from '../../../../src/content/appliers/support/undo';
import { element } from './dom-fixtures';

describe('AttributeJournal', () => {
  it('restores original values and removes attributes that were absent', () => {
    const image = element('<img src="/a.png" decoding="sync">');
    const original = image.outerHTML;
    const journal = new AttributeJournal();
    journal.set(image, 'loading', 'lazy');
    journal.set(image, 'decoding', 'async');
    journal.set(image, 'decoding', 'auto'); // the first original is kept
    expect(journal.has(image, 'decoding')).toBe(true);
    journal.restore();
    expect(image.outerHTML).toBe(original);
    expect(journal.has(image, 'decoding')).toBe(false);
  });

  it('leaves an attribute the page changed again', () => {
    const image = element('<img src="/a.png">');
    const journal = new AttributeJournal();
    journal.set(image, 'loading', 'lazy');
    image.setAttribute('loading', 'eager');
    journal.restore();
    expect(image.getAttribute('loading')).toBe('eager');
  });

  it('puts back an attribute it removed', () => {
    const image = element('<img loading="lazy" src="/a.png">');
    const journal = new AttributeJournal();
    journal.remove(image, 'loading');
    expect(image.hasAttribute('loading')).toBe(false);
    journal.restore();
    expect(image.getAttribute('loading')).toBe('lazy');
  });
});

describe('StyleJournal', () => {
  it('restores the style attribute text verbatim, or removes it when there was none', () => {
    const styled = element('<div style="color:red;  margin : 0"></div>');
    const bare = element('<div></div>');
    const journal = new StyleJournal();
    journal.set(styled, 'content-visibility', 'auto');
    journal.set(styled, 'color', 'blue', 'important');
    journal.set(bare, 'animation-play-state', 'paused');
    expect(journal.elements()).toEqual([styled, bare]);
    journal.restore();
    expect(styled.outerHTML).toBe('<div style="color:red;  margin : 0"></div>');
    expect(bare.outerHTML).toBe('<div></div>');
    expect(journal.elements()).toEqual([]);
  });

  it('restores single elements, and only its own properties when the page changed the style', () => {
    const box = element('<div style="color: red"></div>');
    const journal = new StyleJournal();
    journal.set(box, 'color', 'blue');
    box.style.setProperty('margin', '4px');
    journal.restoreElement(box);
    expect(box.style.getPropertyValue('color')).toBe('red');
    expect(box.style.getPropertyValue('margin')).toBe('4px');
    expect(journal.has(box)).toBe(false);
  });
});

describe('undo helpers', () => {
  it('runs undo steps last first, all of them even when one throws', () => {
    const order: string[] = [];
    const undo = new UndoStack();
    undo.push(() => order.push('first'));
    undo.push(() => {
      throw new Error('second failed');
    });
    undo.push(() => order.push('third'));
    expect(() => undo.run()).toThrow('second failed');
    expect(order).toEqual(['third', 'first']);
    expect(() => undo.run()).not.toThrow();
  });

  it('undoes a half-applied body before rethrowing its error', () => {
    const step = vi.fn();
    expect(() =>
      applyWithUndo((undo) => {
        undo.push(step);
        throw new Error('half way');
      }),
    ).toThrow('half way');
    expect(step).toHaveBeenCalledTimes(1);
  });

  it('reports errors of guarded callbacks', () => {
    const report = vi.fn();
    guarded(report, () => {
      throw new Error('cb');
    })();
    expect(report).toHaveBeenCalledWith(new Error('cb'));
  });
});
