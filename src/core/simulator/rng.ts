/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/),
 * seeded through splitmix32. 32-bit integer arithmetic only, so a seed gives the same stream,
 * bit for bit, on every JavaScript engine.
 */

const UINT32_TO_UNIT = 1 / 4294967296;
const TWO_TO_24 = 16777216;

/**
 * Tables of the ziggurat method for the standard exponential (Marsaglia & Tsang, "The Ziggurat
 * Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), 256 layers. Each draw
 * uses the low 8 bits of a 32-bit word for the layer and the high 24 bits for the position, so
 * layer and value are independent; 98.9 % of draws need no logarithm or exponential.
 */
const ZIGGURAT_R = 7.69711747013104972;
const ZIGGURAT_AREA = 3.949659822581572e-3;
const zigguratK = new Float64Array(256);
const zigguratW = new Float64Array(256);
const zigguratF = new Float64Array(256);
(function buildZiggurat(): void {
  let d = ZIGGURAT_R;
  let t = d;
  const q = ZIGGURAT_AREA / Math.exp(-d);
  zigguratK[0] = (d / q) * TWO_TO_24;
  zigguratK[1] = 0;
  zigguratW[0] = q / TWO_TO_24;
  zigguratW[255] = d / TWO_TO_24;
  zigguratF[0] = 1;
  zigguratF[255] = Math.exp(-d);
  for (let i = 254; i >= 1; i--) {
    d = -Math.log(ZIGGURAT_AREA / d + Math.exp(-d));
    zigguratK[i + 1] = (d / t) * TWO_TO_24;
    t = d;
    zigguratF[i] = Math.exp(-d);
    zigguratW[i] = d / TWO_TO_24;
  }
})();

/** splitmix32: spreads a 32-bit seed into well-mixed state words. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** FNV-1a over a string: lets a user give a word as a seed. */
export function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A deterministic random stream. `stream` separates independent streams from one seed. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | string, stream = 0) {
    let x = (hashSeed(seed) ^ Math.imul(stream + 1, 0x632be5ab)) >>> 0;
    this.s0 = x = splitmix32(x);
    this.s1 = x = splitmix32(x);
    this.s2 = x = splitmix32(x);
    this.s3 = splitmix32(x);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() * UINT32_TO_UNIT;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given mean (ziggurat method). */
  exponential(mean: number): number {
    const word = this.nextUint32();
    const layer = word & 255;
    const position = word >>> 8;
    if (position < zigguratK[layer]!) return mean * position * zigguratW[layer]!;
    return mean * this.exponentialSlow(layer, position);
  }

  /** The ziggurat's rare cases: the tail beyond R, and points near a layer's curved edge. */
  private exponentialSlow(startLayer: number, startPosition: number): number {
    let layer = startLayer;
    let position = startPosition;
    for (;;) {
      if (layer === 0) return ZIGGURAT_R - Math.log(1 - this.next());
      const x = position * zigguratW[layer]!;
      if (zigguratF[layer]! + this.next() * (zigguratF[layer - 1]! - zigguratF[layer]!) < Math.exp(-x)) return x;
      const word = this.nextUint32();
      layer = word & 255;
      position = word >>> 8;
      if (position < zigguratK[layer]!) return position * zigguratW[layer]!;
    }
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
