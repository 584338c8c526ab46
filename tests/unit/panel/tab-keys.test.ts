/** The tab list's keys (WAI-ARIA tabs pattern): Left/Right wrap around, Home/End, others ignored. */
import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from '../../../src/panel/tab-keys';

describe('tabKeyTarget', () => {
  it('moves, wraps and jumps', () => {
    expect(tabKeyTarget('ArrowRight', 0, 6)).toBe(1);
    expect(tabKeyTarget('ArrowRight', 5, 6)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 6)).toBe(5);
    expect(tabKeyTarget('ArrowLeft', 3, 6)).toBe(2);
    expect(tabKeyTarget('Home', 4, 6)).toBe(0);
    expect(tabKeyTarget('End', 1, 6)).toBe(5);
    expect(tabKeyTarget('ArrowDown', 1, 6)).toBeNull();
    expect(tabKeyTarget('Enter', 1, 6)).toBeNull();
  });
});
