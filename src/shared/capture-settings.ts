/**
 * The capture settings the user chooses in the panel, kept in storage.local (they outlive the
 * browser session). Read by the background, which tells each content script whether to collect.
 */
export const CAPTURE_ONLY_WITH_DEVTOOLS_KEY = 'captureOnlyWithDevTools';

/** The stored "capture only while DevTools is open" switch; anything but `true` is off (the default). */
export function readCaptureOnlyWithDevTools(raw: unknown): boolean {
  return raw === true;
}
