import type { AsnInfo, EnrichStep } from './enricher.ts';

/** Port: which autonomous system announces an address. `null` when unknown. */
export interface AsnLookup {
  lookup(ip: string): AsnInfo | null;
}

/** Enrichment step adding `asn` to public addresses only. */
export function lookupAsn(asn: AsnLookup): EnrichStep {
  return (ip, scope) => {
    if (scope !== 'public') {
      return undefined;
    }
    const found = asn.lookup(ip);
    return found === null ? undefined : { asn: found };
  };
}
