import { readUint32 } from '../model/ip.ts';
import type { IpAddress } from '../model/ip.ts';

/**
 * Sorted, non-overlapping address ranges with a value each, searched by binary search over
 * typed arrays: IPv4 as uint32, IPv6 as four big-endian uint32 words per address.
 */
export interface IpRangeTable<T> {
  find(ip: IpAddress): T | null;
  readonly size: number;
}

export interface IpRangeTableBuilder<T> {
  addV4(start: number, end: number, value: T): void;
  addV6(start: Uint8Array, end: Uint8Array, value: T): void;
  build(): IpRangeTable<T>;
}

interface Family {
  starts: number[];
  ends: number[];
  values: number[];
}

/** Collects ranges in any order; `build()` sorts them by start. Overlaps are not merged. */
export function createIpRangeTableBuilder<T>(): IpRangeTableBuilder<T> {
  const values: T[] = [];
  const v4: Family = { starts: [], ends: [], values: [] };
  const v6: Family = { starts: [], ends: [], values: [] };
  const push = (fam: Family, start: number[], end: number[], value: T) => {
    fam.starts.push(...start);
    fam.ends.push(...end);
    fam.values.push(values.push(value) - 1);
  };
  return {
    addV4: (start, end, value) => push(v4, [start], [end], value),
    addV6: (start, end, value) => push(v6, words(start), words(end), value),
    build: () => buildTable(values, compact(v4, 1), compact(v6, 4)),
  };
}

function words(bytes: Uint8Array): number[] {
  return [readUint32(bytes, 0), readUint32(bytes, 4), readUint32(bytes, 8), readUint32(bytes, 12)];
}

interface Packed {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly values: Uint32Array;
  readonly stride: number;
}

/** Sorts one family by start and packs it into typed arrays. */
function compact(fam: Family, stride: number): Packed {
  const n = fam.values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => compareAt(fam.starts, a * stride, fam.starts, b * stride, stride));
  const starts = new Uint32Array(n * stride);
  const ends = new Uint32Array(n * stride);
  const values = new Uint32Array(n);
  order.forEach((from, to) => {
    for (let w = 0; w < stride; w++) {
      starts[to * stride + w] = fam.starts[from * stride + w] ?? 0;
      ends[to * stride + w] = fam.ends[from * stride + w] ?? 0;
    }
    values[to] = fam.values[from] ?? 0;
  });
  return { starts, ends, values, stride };
}

function compareAt(
  a: ArrayLike<number>,
  ai: number,
  b: ArrayLike<number>,
  bi: number,
  stride: number,
): number {
  for (let w = 0; w < stride; w++) {
    const d = (a[ai + w] ?? 0) - (b[bi + w] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** Index of the last range whose start is <= key, or -1. */
function lastStartAtOrBefore(p: Packed, key: ArrayLike<number>): number {
  let lo = 0;
  let hi = p.values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(p.starts, mid * p.stride, key, 0, p.stride) <= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function buildTable<T>(values: readonly T[], v4: Packed, v6: Packed): IpRangeTable<T> {
  const search = (p: Packed, key: ArrayLike<number>): T | null => {
    const i = lastStartAtOrBefore(p, key);
    if (i < 0 || compareAt(key, 0, p.ends, i * p.stride, p.stride) > 0) {
      return null;
    }
    return values[p.values[i] ?? 0] ?? null;
  };
  return {
    size: v4.values.length + v6.values.length,
    find: (ip) => (ip.family === 4 ? search(v4, [ip.value]) : search(v6, words(ip.bytes))),
  };
}
