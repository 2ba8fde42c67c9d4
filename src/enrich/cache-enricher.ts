import type { Enricher, IpInfo } from './enricher.ts';

export interface CacheEnricherOptions {
  /** Most addresses kept; the least recently used one is dropped first. */
  readonly capacity: number;
}

/** An Enricher with a bounded LRU cache in front, plus counters for the CLI's stats. */
export interface CachedEnricher extends Enricher {
  readonly stats: { hits: number; misses: number; readonly size: () => number };
}

/**
 * Caches `enricher` results by address string. A `Map` keeps insertion order, so a hit is
 * re-inserted to mark it recent and eviction removes the first key.
 */
export function cacheEnricher(enricher: Enricher, options: CacheEnricherOptions): CachedEnricher {
  const capacity = Math.max(1, Math.floor(options.capacity));
  const entries = new Map<string, IpInfo>();
  const stats = { hits: 0, misses: 0, size: () => entries.size };
  const cached = (ip: string): IpInfo => {
    const hit = entries.get(ip);
    if (hit !== undefined) {
      stats.hits++;
      entries.delete(ip);
      entries.set(ip, hit);
      return hit;
    }
    stats.misses++;
    const info = enricher(ip);
    if (entries.size >= capacity) {
      entries.delete(entries.keys().next().value as string);
    }
    entries.set(ip, info);
    return info;
  };
  return Object.assign(cached, { stats });
}
