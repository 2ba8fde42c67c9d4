import type { EnrichStep, GeoInfo } from './enricher.ts';

/** Port: where an address is. Implementations return `null` when they do not know. */
export interface GeoLookup {
  lookup(ip: string): GeoInfo | null;
}

/** Enrichment step adding `geo` to public addresses only; private ranges get none. */
export function geolocate(geo: GeoLookup): EnrichStep {
  return (ip, scope) => {
    if (scope !== 'public') {
      return undefined;
    }
    const found = geo.lookup(ip);
    return found === null ? undefined : { geo: found };
  };
}
