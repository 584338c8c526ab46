import browser from 'webextension-polyfill';

/**
 * The sites whose Cookie, Set-Cookie, Authorization and other secret headers are stored as
 * DevTools saw them. Off for every site unless the user switches it on in the panel for that
 * origin; otherwise those headers are stored with the value REDACTED.
 */
const KEY = 'keepSecretHeadersOrigins';

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

async function origins(): Promise<string[]> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : [];
}

/** True when the user chose to keep the secret headers of `url`'s origin. */
export async function keepsSecretHeaders(url: string): Promise<boolean> {
  const origin = originOf(url);
  return origin !== null && (await origins()).includes(origin);
}

/** Switches keeping on or off for `url`'s origin; returns the origin and the setting now stored. */
export async function setKeepSecretHeaders(url: string, keep: boolean): Promise<{ origin: string; keep: boolean }> {
  const origin = originOf(url);
  if (origin === null) throw new Error(`"${url}" has no origin to keep headers for; open a page of the site first.`);
  const rest = (await origins()).filter((o) => o !== origin);
  await browser.storage.local.set({ [KEY]: keep ? [...rest, origin] : rest });
  return { origin, keep };
}
