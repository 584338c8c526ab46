/**
 * The host permission pattern for a page or origin: scheme and host, any port, any path.
 * Chrome grants and checks host access per host; a pattern with a port would not match it.
 */
export function originPattern(urlOrOrigin: string): string {
  const u = new URL(urlOrOrigin);
  return `${u.protocol}//${u.hostname}/*`;
}
