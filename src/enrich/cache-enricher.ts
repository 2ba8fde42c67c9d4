import type { Enricher, IpInfo } from './enricher.ts';

export interface CacheEnricherOptions {
  /** Most addresses kept; the least recently used ones are dropped first. */
  readonly capacity: number;
}

/** An Enricher with a bounded cache in front, plus counters for the CLI's stats. */
export interface CachedEnricher extends Enricher {
  readonly stats: { hits: number; misses: number; readonly size: () => number };
}

/**
 * Caches `enricher` results by address string, in two generations of at most `capacity / 2`
 * addresses each: new answers go into the young generation; when it is full it becomes the old
 * one and the previous old generation is dropped. A hit in the young generation is a single
 * lookup (no reordering, unlike a strict LRU's delete-and-reinsert); a hit in the old one moves
 * the address back into the young one. So an address used within the last `capacity / 2`
 * insertions is never dropped, and at most `capacity` addresses are held (2 when `capacity` is
 * below 2).
 */
export function cacheEnricher(enricher: Enricher, options: CacheEnricherOptions): CachedEnricher {
  const half = Math.max(1, Math.floor(options.capacity / 2));
  let young = new Map<string, IpInfo>();
  let old = new Map<string, IpInfo>();
  const stats = { hits: 0, misses: 0, size: () => young.size + old.size };
  const keep = (ip: string, info: IpInfo) => {
    if (young.size >= half) {
      old = young;
      young = new Map();
    }
    young.set(ip, info);
  };
  const cached = (ip: string): IpInfo => {
    let info = young.get(ip);
    if (info !== undefined) {
      stats.hits++;
      return info;
    }
    info = old.get(ip);
    if (info !== undefined) {
      stats.hits++;
      old.delete(ip);
    } else {
      stats.misses++;
      info = enricher(ip);
    }
    keep(ip, info);
    return info;
  };
  return Object.assign(cached, { stats });
}
