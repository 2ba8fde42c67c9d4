import type { AwsInfo, EnrichStep } from './enricher.ts';
import { ipv4Mask, parseCidr, parseIp, unmapIp } from '../model/ip.ts';
import type { IpAddress } from '../model/ip.ts';

/** The compact form of AWS's ip-ranges.json that flowlens vendors in data/aws-ip-ranges.json. */
export interface AwsRangesSnapshot {
  /** Where the data came from and its terms. */
  readonly source: string;
  /** AWS's `syncToken` (publication time in epoch seconds), or `null` with no data. */
  readonly syncToken: string | null;
  /** AWS's `createDate` (`YYYY-MM-DD-hh-mm-ss`), or `null`. */
  readonly createDate: string | null;
  /** `[prefix, service, region]`, IPv4 and IPv6 together, in AWS's order. */
  readonly prefixes: readonly (readonly [prefix: string, service: string, region: string])[];
}

/** Port: who at AWS owns an address. `null` when no published prefix contains it. */
export interface AwsLookup {
  lookup(ip: string): AwsInfo | null;
}

/** The catch-all service name: every AWS prefix is also listed under it. */
const GENERIC_SERVICE = 'AMAZON';

type Level = { readonly prefix: number; readonly entries: Map<string | number, AwsInfo> };

function keyOf(ip: IpAddress, prefix: number): string | number {
  if (ip.family === 4) {
    return (ip.value & ipv4Mask(prefix)) >>> 0;
  }
  let key = '';
  for (let k = 0; k < 16; k++) {
    const bits = Math.max(0, Math.min(8, prefix - k * 8));
    key += String.fromCharCode((ip.bytes[k] ?? 0) & ((0xff << (8 - bits)) & 0xff));
  }
  return key;
}

/** Indexes prefixes by (family, length); for a duplicate prefix a specific service wins. */
function index(snapshot: AwsRangesSnapshot): { v4: Level[]; v6: Level[] } {
  const levels = { v4: new Map<number, Level>(), v6: new Map<number, Level>() };
  for (const [prefix, service, region] of snapshot.prefixes) {
    const cidr = parseCidr(prefix);
    if (cidr === null) {
      continue;
    }
    const fam = cidr.family === 4 ? levels.v4 : levels.v6;
    const level = fam.get(cidr.prefix) ?? { prefix: cidr.prefix, entries: new Map() };
    fam.set(cidr.prefix, level);
    const base: IpAddress =
      cidr.family === 4 ? { family: 4, value: cidr.base } : { family: 6, bytes: cidr.bytes };
    const key = keyOf(base, cidr.prefix);
    const existing = level.entries.get(key);
    if (existing === undefined || existing.service === GENERIC_SERVICE) {
      level.entries.set(key, { service, region, prefix });
    }
  }
  const sorted = (m: Map<number, Level>) => [...m.values()].sort((a, b) => b.prefix - a.prefix);
  return { v4: sorted(levels.v4), v6: sorted(levels.v6) };
}

/**
 * Longest-prefix match over the snapshot, preferring a specific service: the longest
 * matching non-AMAZON prefix wins; the longest AMAZON prefix is the fallback.
 */
export function createAwsRangeLookup(snapshot: AwsRangesSnapshot): AwsLookup & { size: number } {
  const { v4, v6 } = index(snapshot);
  return {
    size: snapshot.prefixes.length,
    lookup(ip) {
      const parsed = parseIp(ip);
      if (parsed === null) {
        return null;
      }
      const addr = unmapIp(parsed);
      let generic: AwsInfo | null = null;
      for (const level of addr.family === 4 ? v4 : v6) {
        const hit = level.entries.get(keyOf(addr, level.prefix));
        if (hit !== undefined && hit.service !== GENERIC_SERVICE) {
          return hit;
        }
        generic ??= hit ?? null;
      }
      return generic;
    },
  };
}

/** Enrichment step adding `aws` to public addresses inside a published AWS prefix. */
export function identifyAws(aws: AwsLookup): EnrichStep {
  return (ip, scope) => {
    if (scope !== 'public') {
      return undefined;
    }
    const found = aws.lookup(ip);
    return found === null ? undefined : { aws: found };
  };
}
