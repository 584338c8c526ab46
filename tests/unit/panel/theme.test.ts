// @vitest-environment happy-dom
/**
 * The panel's theme: ?theme= first, then DevTools' theme (Chrome's themeName and
 * setThemeChangeHandler, Firefox's themeName and onThemeChanged), then the system's colour scheme.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, onThemeChange, themeFromDevtools, themeFromQuery } from '../../../src/panel/theme';

const g = globalThis as Record<string, unknown>;
const root = () => document.documentElement;
const shown = () => [root().dataset.theme, root().dataset.themeSource, root().style.colorScheme];

function fakeScheme(dark: boolean) {
  const listeners: ((e: { matches: boolean }) => void)[] = [];
  vi.stubGlobal('matchMedia', () => ({ matches: dark, addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l) }));
  return (nowDark: boolean) => listeners.forEach((l) => l({ matches: nowDark }));
}

describe('panel theme', () => {
  beforeEach(() => {
    history.replaceState(null, '', '/src/panel/index.html?tabId=3');
    delete root().dataset.theme;
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete g.chrome;
    delete g.browser;
  });

  it('reads DevTools theme names of both browsers', () => {
    expect(['default', 'light', 'firebug', 'dark', ''].map(themeFromDevtools)).toEqual(['light', 'light', 'light', 'dark', 'light']);
    expect(['?theme=dark', '?tabId=1&theme=light', '?theme=blue', ''].map(themeFromQuery)).toEqual(['dark', 'light', null, null]);
  });

  it('follows Chrome DevTools and its theme changes (setThemeChangeHandler)', () => {
    fakeScheme(false);
    let handler: ((name: string) => void) | undefined;
    g.chrome = { devtools: { panels: { themeName: 'dark', setThemeChangeHandler: (h: (name: string) => void) => (handler = h) } } };
    applyTheme();
    expect(shown()).toEqual(['dark', 'devtools', 'dark']);
    handler!('default');
    expect(shown()).toEqual(['light', 'devtools', 'light']);
  });

  it('follows Firefox DevTools and its theme changes (onThemeChanged)', () => {
    fakeScheme(true);
    const listeners: ((name: string) => void)[] = [];
    g.browser = { devtools: { panels: { themeName: 'light', onThemeChanged: { addListener: (l: (name: string) => void) => listeners.push(l) } } } };
    applyTheme();
    expect(shown()).toEqual(['light', 'devtools', 'light']);
    listeners.forEach((l) => l('dark'));
    expect(shown()).toEqual(['dark', 'devtools', 'dark']);
  });

  it('follows the system scheme when opened as a tab, live, and tells listeners of changes only', () => {
    const change = fakeScheme(true);
    g.chrome = { runtime: {} };
    const heard: string[] = [];
    const stop = onThemeChange((theme) => heard.push(theme));
    applyTheme();
    expect(shown()).toEqual(['dark', 'system', 'dark']);
    change(false);
    change(false);
    expect(shown()).toEqual(['light', 'system', 'light']);
    stop();
    change(true);
    expect(heard).toEqual(['light']);
  });

  it('takes ?theme= over DevTools and the system', () => {
    fakeScheme(false);
    g.chrome = { devtools: { panels: { themeName: 'default' } } };
    history.replaceState(null, '', '/src/panel/index.html?tabId=3&theme=dark');
    applyTheme();
    expect(shown()).toEqual(['dark', 'query', 'dark']);
  });
});
