/**
 * The response cache's hot tier, in the content script: fresh hits the background already
 * decided, answered again without a round trip to the service worker. A copy is held only for
 * the exact request (method, URL, body, every header the page set, so Vary and Authorization are
 * part of it), only while fresh, and only under the document.cookie it was looked up with: any
 * change of that cookie string drops the whole tier. The background drops it too (cookie changes
 * seen by the browser, HttpOnly ones included; writes and logouts in any tab of the origin; Clear
 * and Bump version), and so does every write or logout this page makes.
 */
import type { RcLookup, RcLookupReply } from '../shared/response-cache-protocol';

type Hit = Extract<RcLookupReply, { kind: 'hit' }>;

interface Held {
  reply: Hit;
  until: number;
  cookie: string;
  chars: number;
}

const MAX_ENTRIES = 200;
const MAX_CHARS = 4 * 1024 * 1024;

/** Fresh hits held by the content script, dropped on any sign the identity or the data changed. */
export class HotTier {
  private readonly held = new Map<string, Held>();
  private chars = 0;
  /** Bumped by every drop: a reply to a lookup sent before a drop is never held. */
  private gen = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.held.size;
  }

  /** The held hit for this exact request, if fresh and looked up under the same cookie string. */
  get(key: string, cookie: string): Hit | null {
    const held = this.held.get(key);
    if (!held) return null;
    if (held.cookie !== cookie) {
      this.dropAll();
      return null;
    }
    if (this.now() >= held.until) {
      this.remove(key);
      return null;
    }
    return held.reply;
  }

  /** Holds a fresh hit for ttlMs, unless a drop happened since its lookup was sent (generation). */
  put(key: string, reply: Hit, cookie: string, ttlMs: number, generation: number): void {
    if (generation !== this.gen || reply.stale || ttlMs <= 0) return;
    const chars = 'text' in reply.body ? reply.body.text.length : reply.body.base64.length;
    if (chars > MAX_CHARS / 4) return;
    this.remove(key);
    this.held.set(key, { reply, until: this.now() + ttlMs, cookie, chars });
    this.chars += chars;
    for (const oldest of this.held.keys()) {
      if (this.held.size <= MAX_ENTRIES && this.chars <= MAX_CHARS) break;
      this.remove(oldest);
    }
  }

  dropAll(): void {
    this.held.clear();
    this.chars = 0;
    this.gen++;
  }

  private remove(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    this.chars -= held.chars;
  }
}

/** The hot tier's key: the whole request as the page made it. */
export function hotKey(request: Pick<RcLookup, 'method' | 'url' | 'headers' | 'body'>): string {
  const headers = Object.keys(request.headers)
    .sort()
    .map((name) => `${name}:${request.headers[name]}`);
  return JSON.stringify([request.method, request.url, request.body, headers]);
}

/** A short hash of the cookie string (the background only compares it). */
export function cookieDigest(cookie: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < cookie.length; i++) {
    h ^= cookie.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${cookie.length.toString(36)}-${(h >>> 0).toString(36)}`;
}
