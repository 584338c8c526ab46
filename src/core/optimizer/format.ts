/**
 * Words for reason and finding texts: URLs, lists, plurals. Numbers with units are written by
 * ../metrics/format.ts in its 'short' style.
 */
import { formatCount } from '../metrics/format';

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

/** "https://admin.example.com/users/42?tab=1" → "/users/42?tab=1". */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
