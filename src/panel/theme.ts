/** Follows the DevTools theme when inside DevTools, the system scheme when opened as a tab. */
export function applyTheme(): void {
  const devtoolsTheme = globalThis.chrome?.devtools?.panels?.themeName;
  const dark = devtoolsTheme ? devtoolsTheme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  if (!devtoolsTheme) {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
      document.documentElement.dataset.theme = e.matches ? 'dark' : 'light';
    });
  }
}
