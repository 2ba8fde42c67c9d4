import { classifyIp } from './classify-ip.ts';
import { composeEnrichers } from './enricher.ts';
import type { EnrichStep } from './enricher.ts';
import { cacheEnricher } from './cache-enricher.ts';
import type { CachedEnricher } from './cache-enricher.ts';
import { geolocate } from './geolocate.ts';
import { lookupAsn } from './lookup-asn.ts';
import { createAwsRangeLookup, identifyAws } from './aws-ranges.ts';
import { openDbipGeoLookup } from './geo-lookup-dbip.ts';
import type { DbipGeoLookupOptions } from './geo-lookup-dbip.ts';
import { openCsvAsnLookup } from './asn-lookup-csv.ts';
import type { CsvAsnLookupOptions } from './asn-lookup-csv.ts';
import { readAwsRangesSnapshot } from './aws-ranges-snapshot.ts';

export interface OpenEnricherOptions {
  /** DB-IP City Lite mmdb paths (a newer database can be given here); `false` disables. */
  readonly geo?: DbipGeoLookupOptions | false;
  /** ASN CSV table paths; `false` disables. */
  readonly asn?: CsvAsnLookupOptions | false;
  /** AWS ranges snapshot path (default data/aws-ip-ranges.json); `false` disables. */
  readonly aws?: { readonly snapshotPath?: string } | false;
  /** LRU capacity in addresses. @default 100000 */
  readonly cacheSize?: number;
}

/**
 * The composition root: opens the shipped offline databases and returns a cached Enricher
 * (classification, then AWS ownership, ASN and geolocation for public addresses).
 */
export async function openEnricher(options: OpenEnricherOptions = {}): Promise<CachedEnricher> {
  const [geo, asn, aws] = await Promise.all([
    options.geo === false ? null : openDbipGeoLookup(options.geo),
    options.asn === false ? null : openCsvAsnLookup(options.asn),
    options.aws === false ? null : readAwsRangesSnapshot(options.aws?.snapshotPath),
  ]);
  const steps: EnrichStep[] = [];
  if (aws !== null) {
    steps.push(identifyAws(createAwsRangeLookup(aws)));
  }
  if (asn !== null) {
    steps.push(lookupAsn(asn));
  }
  if (geo !== null) {
    steps.push(geolocate(geo));
  }
  return cacheEnricher(composeEnrichers(classifyIp, ...steps), {
    capacity: options.cacheSize ?? 100_000,
  });
}
