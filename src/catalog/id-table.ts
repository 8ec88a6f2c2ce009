/**
 * Ids read from a text, interned by their characters: each distinct id becomes one string and
 * one slot number, found again from its characters without slicing a new string or hashing one
 * through a Map. A catalog names a few services many times (a platform service has thousands
 * of dependents), so its references share the strings of their services, and checking that a
 * reference names a service costs a hash of a few characters and one comparison. Pure.
 */

/** FNV-1a over the characters of t[j, e). */
function hashOf(t: string, j: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = j; k < e; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193);
  return h | 0;
}

const EMPTY = new Int32Array(0);

export class IdTable {
  /** Open addressing: slot + 1 per bucket, 0 when empty. */
  private buckets: Int32Array = EMPTY;
  private hashes: Int32Array = EMPTY;
  readonly names: string[] = [];

  constructor(private readonly t: string) {
    // Written a second time here, so that V8 does not take them for constants: growing them
    // would then discard every optimised function that read them (see Ints in hot-read-deps.ts).
    this.buckets = new Int32Array(1 << 12);
    this.hashes = new Int32Array(1 << 11);
  }

  get size(): number {
    return this.names.length;
  }

  /** The slot of the id written at t[j, e), made on first sight. */
  slot(j: number, e: number): number {
    const t = this.t;
    const h = hashOf(t, j, e);
    const mask = this.buckets.length - 1;
    const len = e - j;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const s = this.buckets[b]! - 1;
      if (s < 0) return this.add(b, h, t.slice(j, e));
      if (this.hashes[s] !== h) continue;
      const name = this.names[s]!;
      if (name.length !== len) continue;
      let k = 0;
      while (k < len && name.charCodeAt(k) === t.charCodeAt(j + k)) k++;
      if (k === len) return s;
    }
  }

  private add(bucket: number, h: number, name: string): number {
    const s = this.names.length;
    this.names.push(name);
    if (s === this.hashes.length) {
      const grown = new Int32Array(s * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[s] = h;
    this.buckets[bucket] = s + 1;
    if ((s + 1) * 2 > this.buckets.length) this.rehash();
    return s;
  }

  /** Doubles the buckets, keeping the load under one half. */
  private rehash(): void {
    const buckets = new Int32Array(this.buckets.length * 2);
    const mask = buckets.length - 1;
    for (let s = 0; s < this.names.length; s++) {
      let b = this.hashes[s]! & mask;
      while (buckets[b] !== 0) b = (b + 1) & mask;
      buckets[b] = s + 1;
    }
    this.buckets = buckets;
  }
}
