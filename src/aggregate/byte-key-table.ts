/**
 * An open-addressing hash table keyed by short byte strings, with two summed counters per key.
 * It lets the digest aggregate millions of lines without creating a string per line: keys are
 * assembled into a scratch buffer, hashed (FNV-1a) and compared byte-wise against an arena;
 * strings are made once per distinct key, at the end.
 */
export class ByteKeyTable {
  /** Scratch space where the caller assembles the next key ({@link reserve} grows it). */
  scratch = new Uint8Array(1024);
  private slots: Int32Array;
  private hashes: Int32Array;
  private arena: Uint8Array;
  private arenaUsed = 0;
  private keyStart: Int32Array;
  private keyLen: Int32Array;
  private sumA: Float64Array;
  private sumB: Float64Array;
  private count = 0;

  constructor(initialKeys = 1024) {
    const cap = Math.max(16, initialKeys);
    this.slots = new Int32Array(nextPow2(cap * 2)).fill(-1);
    this.hashes = new Int32Array(cap);
    this.keyStart = new Int32Array(cap);
    this.keyLen = new Int32Array(cap);
    this.sumA = new Float64Array(cap);
    this.sumB = new Float64Array(cap);
    this.arena = new Uint8Array(cap * 64);
  }

  /** Makes sure the scratch buffer holds at least `n` bytes. */
  reserve(n: number): Uint8Array {
    if (n > this.scratch.length) {
      this.scratch = new Uint8Array(nextPow2(n));
    }
    return this.scratch;
  }

  get size(): number {
    return this.count;
  }

  /** Adds `a` and `b` to the key held in `scratch[0, len)`. */
  add(len: number, a: number, b: number): void {
    const s = this.scratch;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < len; i++) {
      h = Math.imul(h ^ s[i]!, 0x01000193);
    }
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const g = this.slots[slot]!;
      if (g < 0) {
        break;
      }
      if (this.hashes[g] === h && this.sameKey(g, len)) {
        this.sumA[g]! += a;
        this.sumB[g]! += b;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.insert(slot, h, len, a, b);
  }

  private sameKey(g: number, len: number): boolean {
    if (this.keyLen[g] !== len) {
      return false;
    }
    const { arena, scratch } = this;
    const start = this.keyStart[g]!;
    for (let i = 0; i < len; i++) {
      if (arena[start + i] !== scratch[i]) {
        return false;
      }
    }
    return true;
  }

  private insert(slot: number, h: number, len: number, a: number, b: number): void {
    const g = this.count++;
    if (g === this.hashes.length) {
      this.growGroups();
    }
    if (this.arenaUsed + len > this.arena.length) {
      this.arena = grow(this.arena, Math.max(this.arena.length * 2, this.arenaUsed + len));
    }
    this.arena.set(this.scratch.subarray(0, len), this.arenaUsed);
    this.keyStart[g] = this.arenaUsed;
    this.keyLen[g] = len;
    this.arenaUsed += len;
    this.hashes[g] = h;
    this.sumA[g] = a;
    this.sumB[g] = b;
    this.slots[slot] = g;
    if (this.count * 2 > this.slots.length) {
      this.rehash();
    }
  }

  private growGroups(): void {
    const n = this.hashes.length * 2;
    this.hashes = grow(this.hashes, n);
    this.keyStart = grow(this.keyStart, n);
    this.keyLen = grow(this.keyLen, n);
    this.sumA = grow(this.sumA, n);
    this.sumB = grow(this.sumB, n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let g = 0; g < this.count; g++) {
      let slot = this.hashes[g]! & mask;
      while (slots[slot]! >= 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = g;
    }
    this.slots = slots;
  }

  /** Every key (decoded as UTF-8) with its two sums, in insertion order. */
  *entries(): Generator<[key: string, a: number, b: number]> {
    const arena = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength);
    for (let g = 0; g < this.count; g++) {
      const s = this.keyStart[g]!;
      yield [arena.toString('utf8', s, s + this.keyLen[g]!), this.sumA[g]!, this.sumB[g]!];
    }
  }
}

function nextPow2(n: number): number {
  let p = 16;
  while (p < n) {
    p *= 2;
  }
  return p;
}

type Typed = Int32Array | Float64Array | Uint8Array;
function grow<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
