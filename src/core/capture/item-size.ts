/**
 * A cheap size of a captured item for the delivery queue's byte bounds, without serialising it.
 *
 * Counts what JSON.stringify would write, from the item's shape: every string as its length
 * plus quotes, every number as its digits, every key with its quotes and colon, one separator
 * per member. It walks the object once and allocates nothing, where JSON.stringify builds the
 * whole string. It can only fall short of the JSON length through escapes (a quote, backslash
 * or control character takes 2-6 characters in JSON): the bounds are about memory, where a
 * string's size is its length, so that is the measure wanted.
 */
export function estimateJsonSize(value: unknown): number {
  return sizeOf(value, 0);
}

/** Objects nested deeper than this are counted as their JSON (captured items are 3-4 deep). */
const MAX_DEPTH = 16;

function sizeOf(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return numberLength(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      break;
    default:
      // undefined, functions and symbols are left out of JSON; bigint throws there.
      return 0;
  }
  if (value === null) return 4;
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value)?.length ?? 0;
  if (Array.isArray(value)) {
    let size = 2 + Math.max(0, value.length - 1);
    for (const member of value) size += member === undefined || typeof member === 'function' ? 4 : sizeOf(member, depth + 1);
    return size;
  }
  let size = 2;
  let members = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    size += key.length + 3 + sizeOf(member, depth + 1);
    members++;
  }
  return size + Math.max(0, members - 1);
}

/** Characters of a number in JSON: exact for integers, an upper bound (24) for the rest. */
function numberLength(n: number): number {
  if (!Number.isFinite(n)) return 4; // null
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    let digits = n < 0 ? 2 : 1;
    for (let rest = Math.abs(n); rest >= 10; rest = Math.floor(rest / 10)) digits++;
    return digits;
  }
  return 24;
}
