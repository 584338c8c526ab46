// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { installLazyImageHook } from '../../../src/page/lazy-image-hook';

const proto = HTMLImageElement.prototype;
const descriptors = () => ({
  src: Object.getOwnPropertyDescriptor(proto, 'src'),
  srcset: Object.getOwnPropertyDescriptor(proto, 'srcset'),
  setAttribute: Object.getOwnPropertyDescriptor(proto, 'setAttribute'),
});

describe('installLazyImageHook (page world)', () => {
  let uninstall: (() => void) | null = null;
  afterEach(() => {
    uninstall?.();
    uninstall = null;
  });

  it('makes an image lazy before a script gives it a src', () => {
    uninstall = installLazyImageHook(window, () => true);
    const image = document.createElement('img');
    image.src = '/a.png';
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('src')).toBe('/a.png');
    const viaAttribute = new Image();
    viaAttribute.setAttribute('SRC', '/b.png');
    expect(viaAttribute.getAttribute('loading')).toBe('lazy');
    const viaSrcset = document.createElement('img');
    viaSrcset.srcset = '/c.png 1x';
    expect(viaSrcset.getAttribute('loading')).toBe('lazy');
    const other = document.createElement('img');
    other.setAttribute('alt', 'x');
    expect(other.hasAttribute('loading')).toBe(false);
  });

  it('leaves explicit loading, fetchpriority=high, connected and excluded images alone', () => {
    uninstall = installLazyImageHook(window, () => true, { isExcluded: (url) => url === 'http://localhost:3000/hero.jpg' });
    const eager = document.createElement('img');
    eager.loading = 'eager';
    eager.src = '/a.png';
    const high = document.createElement('img');
    high.setAttribute('fetchpriority', 'high');
    high.src = '/b.png';
    const connected = document.createElement('img');
    document.body.append(connected);
    connected.src = '/c.png';
    const hero = document.createElement('img');
    hero.src = '/hero.jpg';
    expect([eager.getAttribute('loading'), high.getAttribute('loading'), connected.getAttribute('loading'), hero.getAttribute('loading')]).toEqual([
      'eager',
      null,
      null,
      null,
    ]);
    connected.remove();
  });

  it('does nothing while disabled', () => {
    let enabled = false;
    uninstall = installLazyImageHook(window, () => enabled);
    const before = document.createElement('img');
    before.src = '/a.png';
    enabled = true;
    const after = document.createElement('img');
    after.src = '/b.png';
    expect([before.hasAttribute('loading'), after.getAttribute('loading')]).toEqual([false, 'lazy']);
  });

  it('never throws into the page and still sets the src', () => {
    uninstall = installLazyImageHook(window, () => {
      throw new Error('settings broken');
    });
    const image = document.createElement('img');
    expect(() => (image.src = '/a.png')).not.toThrow();
    expect(image.getAttribute('src')).toBe('/a.png');
    expect(image.hasAttribute('loading')).toBe(false);
  });

  it('uninstalls fully: original descriptors back, marked images not lazy any more', () => {
    const original = descriptors();
    uninstall = installLazyImageHook(window, () => true);
    expect(descriptors()).not.toEqual(original);
    const image = document.createElement('img');
    image.src = '/a.png';
    uninstall();
    uninstall = null;
    expect(descriptors()).toEqual(original);
    expect(image.hasAttribute('loading')).toBe(false);
    const later = document.createElement('img');
    later.src = '/b.png';
    expect(later.hasAttribute('loading')).toBe(false);
  });

  it('keeps working as a pass-through when the page wrapped the setter after it', () => {
    const pristine = Object.getOwnPropertyDescriptor(proto, 'src')!;
    uninstall = installLazyImageHook(window, () => true);
    const ours = Object.getOwnPropertyDescriptor(proto, 'src')!;
    const seen: string[] = [];
    Object.defineProperty(proto, 'src', {
      ...ours,
      set(value: string) {
        seen.push(value);
        ours.set!.call(this, value);
      },
    });
    uninstall();
    uninstall = null;
    const image = document.createElement('img');
    image.src = '/x.png';
    expect(seen).toEqual(['/x.png']);
    expect(image.getAttribute('src')).toBe('/x.png');
    expect(image.hasAttribute('loading')).toBe(false); // inactive
    Object.defineProperty(proto, 'src', pristine);
  });

  it('returns a no-op where there is no HTMLImageElement', () => {
    expect(() => installLazyImageHook({} as Window, () => true)()).not.toThrow();
  });
});
