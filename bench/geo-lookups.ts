/**
 * Enrichment lookup throughput: classification only, the uncached path (DB-IP City Lite mmdb +
 * ASN table + AWS snapshot) and the LRU-cached path. Prints lookups per second; asserts nothing.
 *
 *   node --import tsx bench/geo-lookups.ts [--uncached N] [--cached N] [--working-set N]
 */
import { parseArgs } from 'node:util';
import { classifyIp } from '../src/enrich/classify-ip.ts';
import { composeEnrichers } from '../src/enrich/enricher.ts';
import type { Enricher } from '../src/enrich/enricher.ts';
import { cacheEnricher } from '../src/enrich/cache-enricher.ts';
import { geolocate } from '../src/enrich/geolocate.ts';
import { lookupAsn } from '../src/enrich/lookup-asn.ts';
import { createAwsRangeLookup, identifyAws } from '../src/enrich/aws-ranges.ts';
import { openDbipGeoLookup } from '../src/enrich/geo-lookup-dbip.ts';
import { openCsvAsnLookup } from '../src/enrich/asn-lookup-csv.ts';
import { readAwsRangesSnapshot } from '../src/enrich/aws-ranges-snapshot.ts';
import { formatIPv4 } from '../src/model/ip.ts';

const { values } = parseArgs({
  options: {
    uncached: { type: 'string', default: '300000' },
    cached: { type: 'string', default: '5000000' },
    'working-set': { type: 'string', default: '10000' },
  },
});

/** Deterministic xorshift32 so runs compare. */
function addresses(n: number, seed = 0x9e3779b9): string[] {
  let x = seed >>> 0;
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return formatIPv4(x >>> 0);
  });
}

function rate(label: string, enrich: (ip: string) => unknown, ips: string[], total: number): void {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    sink += enrich(ips[i % ips.length] as string) === null ? 1 : 0;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = Math.round(total / seconds);
  console.log(
    `${label.padEnd(34)} ${perSecond.toLocaleString('en-US').padStart(12)} lookups/s  (${total} in ${seconds.toFixed(2)} s)${sink ? '' : ''}`,
  );
}

const loadStart = Date.now();
const [geo, asn, aws] = await Promise.all([
  openDbipGeoLookup({ ipv6Path: false }),
  openCsvAsnLookup({ ipv6Path: false }),
  readAwsRangesSnapshot(),
]);
console.log(
  `loaded DB-IP City Lite (IPv4), ASN table (${asn.size} ranges), AWS snapshot (${aws.prefixes.length} prefixes) in ${Date.now() - loadStart} ms`,
);

const uncached: Enricher = composeEnrichers(
  classifyIp,
  identifyAws(createAwsRangeLookup(aws)),
  lookupAsn(asn),
  geolocate(geo),
);
const cached = cacheEnricher(uncached, { capacity: Number(values['working-set']) * 2 });

const distinct = addresses(Number(values.uncached));
const workingSet = addresses(Number(values['working-set']), 12345);
workingSet.forEach((ip) => cached(ip)); // warm

rate('classify only', classifyIp, distinct, distinct.length);
rate('uncached (classify+aws+asn+geo)', uncached, distinct, distinct.length);
rate(`cached (working set ${workingSet.length})`, cached, workingSet, Number(values.cached));
console.log(`cache: ${cached.stats.hits} hits, ${cached.stats.misses} misses`);
