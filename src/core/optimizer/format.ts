/** Short human-readable numbers for reason and finding texts. */

/** 1234567 → "1.2 MB", 2048 → "2 KB", 300 → "300 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${trimmed(bytes / 1_000_000)} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${Math.round(bytes)} B`;
}

/** 850 → "850 ms", 1234 → "1.2 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${trimmed(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

/** 5400 → "5,400". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** "https://cdn.example.com/img/hero.jpg?v=2" → "hero.jpg"; an origin stays its host. */
export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const file = parsed.pathname.split('/').filter(Boolean).pop();
    return file ? decodeURIComponent(file) : parsed.host;
  } catch {
    return url;
  }
}

/** "https://cdn.example.com" → "cdn.example.com". */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "a", "a and b", "a, b and c", "a, b, c and 2 more". */
export function listWords(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** n and a noun, plural when n ≠ 1: plural(3, 'image') → "3 images". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`;
}

function trimmed(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** "https://admin.example.com/users/42?tab=1" → "/users/42?tab=1". */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
