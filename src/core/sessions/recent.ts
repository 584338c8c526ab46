/**
 * Remembers a string function's latest results. Exports compute the same thing per request
 * (its route template, whether its URL parses) and an app calls the same URLs again and again;
 * bounded, so a session of unique URLs cannot grow it without end.
 */
export function rememberRecent<T>(compute: (key: string) => T, limit = 4096): (key: string) => T {
  const recent = new Map<string, T>();
  return (key) => {
    const known = recent.get(key);
    if (known !== undefined || recent.has(key)) return known as T;
    const value = compute(key);
    if (recent.size >= limit) recent.clear();
    recent.set(key, value);
    return value;
  };
}
