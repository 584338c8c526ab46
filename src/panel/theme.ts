/** The panel's two colour schemes, set as <html data-theme> (panel.css holds the variables). */
export type PanelTheme = 'light' | 'dark';

/** Where the panel's theme came from (shown as <html data-theme-source>, read by tests). */
export type ThemeSource = 'query' | 'devtools' | 'system';

/** The part of devtools.panels the theme needs: Chrome and Firefox expose different halves. */
interface DevtoolsThemeApi {
  /** Chrome: 'default' or 'dark'; Firefox: 'light', 'dark' or 'firebug'. */
  themeName?: string;
  /** Firefox (and its chrome alias). */
  onThemeChanged?: { addListener(listener: (themeName: string) => void): void };
  /** Chrome 99+: one handler per page, no event object. */
  setThemeChangeHandler?: (handler?: (themeName: string) => void) => void;
}

/** DevTools' theme name as the panel's: only 'dark' is dark ('default', 'light', 'firebug' are light). */
export function themeFromDevtools(name: string): PanelTheme {
  return name === 'dark' ? 'dark' : 'light';
}

/** `?theme=light|dark` forces a theme (tests, screenshots); anything else is ignored. */
export function themeFromQuery(search: string): PanelTheme | null {
  const value = new URLSearchParams(search).get('theme');
  return value === 'light' || value === 'dark' ? value : null;
}

function devtoolsThemeApi(): DevtoolsThemeApi | undefined {
  const g = globalThis as { browser?: { devtools?: { panels?: DevtoolsThemeApi } }; chrome?: { devtools?: { panels?: DevtoolsThemeApi } } };
  const panels = g.browser?.devtools?.panels ?? g.chrome?.devtools?.panels;
  return typeof panels?.themeName === 'string' ? panels : undefined;
}

const listeners = new Set<(theme: PanelTheme) => void>();

/** Calls `listener` after each theme change (canvas charts redraw: CSS does not reach them); returns the unsubscribe. */
export function onThemeChange(listener: (theme: PanelTheme) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setTheme(theme: PanelTheme, source: ThemeSource): void {
  const root = document.documentElement;
  const changed = root.dataset.theme !== undefined && root.dataset.theme !== theme;
  root.dataset.theme = theme;
  root.dataset.themeSource = source;
  // Native controls (scrollbars, checkboxes, selects, the file input) follow the same scheme.
  root.style.colorScheme = theme;
  if (changed) for (const listener of listeners) listener(theme);
}

/**
 * Follows DevTools' theme inside DevTools, live when it changes (Firefox: onThemeChanged;
 * Chrome: setThemeChangeHandler), and the system's colour scheme when the panel is opened as a
 * tab. `?theme=` overrides both.
 */
export function applyTheme(): void {
  const forced = themeFromQuery(location.search);
  if (forced) return setTheme(forced, 'query');
  const devtools = devtoolsThemeApi();
  if (devtools) {
    setTheme(themeFromDevtools(devtools.themeName!), 'devtools');
    const follow = (name: string) => setTheme(themeFromDevtools(name), 'devtools');
    if (devtools.onThemeChanged) devtools.onThemeChanged.addListener(follow);
    else devtools.setThemeChangeHandler?.(follow);
    return;
  }
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  setTheme(scheme.matches ? 'dark' : 'light', 'system');
  scheme.addEventListener('change', (e) => setTheme(e.matches ? 'dark' : 'light', 'system'));
}
