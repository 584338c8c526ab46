/**
 * Which reads a write overlapped. A read that was in flight while a write of the same resource
 * started or ended may carry the data from before the write; storing it after the write's
 * invalidation would serve that old data to every read that follows. Each lookup that hands out
 * a store token takes a mark; each write records its start and its end (when they arrive, before
 * any work); a store whose read a write overlapped since its mark is refused.
 */
import { resourceInvalidations, resourceTags } from './invalidation';

interface WriteRecord {
  seq: number;
  origin: string;
  tags: ReadonlySet<string>;
  at: number;
}

/** A position in the sequence of writes, taken when a read is let through to the network. */
export type FenceMark = number;

/** Records writes per origin and tells whether one overlapped a read since its mark. */
export class WriteFence {
  private seq = 0;
  /** Writes up to this one were forgotten for room, not age: a read marked before it is refused. */
  private forgottenFor = 0;
  private readonly writes: WriteRecord[] = [];

  /**
   * @param keepMs how long a write is remembered (the longest a read's store may take to arrive).
   * @param maxWrites how many are remembered at most; a read older than the oldest kept is refused.
   */
  constructor(
    private readonly keepMs: number,
    private readonly maxWrites = 10_000,
  ) {}

  /** The mark a read takes when it is sent to the network. */
  mark(): FenceMark {
    return this.seq;
  }

  /** A write of `url` (on the page's origin) started or ended at `now` (ms). */
  recordWrite(origin: string, url: string, now: number): void {
    this.forget(now);
    this.writes.push({ seq: ++this.seq, origin, tags: new Set(resourceInvalidations(url)), at: now });
  }

  /** Whether a write of the origin that invalidates `url` was recorded after `mark`. */
  overlapped(origin: string, url: string, mark: FenceMark): boolean {
    if (mark >= this.seq) return false;
    if (mark < this.forgottenFor) return true;
    const tags = resourceTags(url);
    for (let i = this.writes.length - 1; i >= 0; i--) {
      const write = this.writes[i]!;
      if (write.seq <= mark) break;
      if (write.origin === origin && tags.some((tag) => write.tags.has(tag))) return true;
    }
    return false;
  }

  /** How many writes are remembered (bounded by keepMs). */
  get size(): number {
    return this.writes.length;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.writes.length && now - this.writes[drop]!.at > this.keepMs) drop++;
    if (this.writes.length - drop >= this.maxWrites) {
      const extra = this.writes.length - drop - this.maxWrites + 1;
      drop += extra;
      this.forgottenFor = this.writes[drop - 1]!.seq;
    }
    if (drop > 0) this.writes.splice(0, drop);
  }
}
