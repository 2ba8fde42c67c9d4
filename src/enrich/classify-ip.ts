import type { IpScope } from './enricher.ts';
import { ipv4FromMapped, ipv4Mask, ipv6PrefixMatches, parseCidr, parseIp } from '../model/ip.ts';
import type { IpAddress } from '../model/ip.ts';

/**
 * Special-purpose address blocks (IANA IPv4/IPv6 special-purpose registries, RFC 6890 and
 * successors). The most specific matching block wins; an IPv4 address in no block is public,
 * an IPv6 address in no block is reserved (only 2000::/3 is allocated global unicast).
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is classified as the IPv4 address it carries.
 */
export const SPECIAL_BLOCKS: readonly (readonly [cidr: string, scope: IpScope])[] = [
  ['0.0.0.0/8', 'reserved'], // "this network", RFC 791
  ['0.0.0.0/32', 'unspecified'],
  ['10.0.0.0/8', 'private'], // RFC 1918
  ['100.64.0.0/10', 'cgnat'], // RFC 6598 shared address space
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // RFC 3927
  ['172.16.0.0/12', 'private'], // RFC 1918
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments, RFC 6890
  ['192.0.2.0/24', 'documentation'], // TEST-NET-1, RFC 5737
  ['192.168.0.0/16', 'private'], // RFC 1918
  ['198.18.0.0/15', 'benchmark'], // RFC 2544
  ['198.51.100.0/24', 'documentation'], // TEST-NET-2
  ['203.0.113.0/24', 'documentation'], // TEST-NET-3
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // RFC 1112 class E
  ['255.255.255.255/32', 'broadcast'], // RFC 919
  ['2000::/3', 'public'], // global unicast
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'], // local-use IPv4/IPv6 translation, RFC 8215
  ['100::/64', 'reserved'], // discard-only, RFC 6666
  ['2001:2::/48', 'benchmark'], // RFC 5180
  ['2001:db8::/32', 'documentation'], // RFC 3849
  ['3fff::/20', 'documentation'], // RFC 9637
  ['fc00::/7', 'ula'], // unique local, RFC 4193
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'reserved'], // deprecated site-local, RFC 3879
  ['ff00::/8', 'multicast'],
];

interface V4Row {
  readonly base: number;
  readonly mask: number;
  readonly scope: IpScope;
}
interface V6Row {
  readonly bytes: Uint8Array;
  readonly prefix: number;
  readonly scope: IpScope;
}

/** Compiles a block table, most specific first, so the first hit is the answer. */
function compile(table: typeof SPECIAL_BLOCKS): { v4: V4Row[]; v6: V6Row[] } {
  const v4: (V4Row & { prefix: number })[] = [];
  const v6: V6Row[] = [];
  for (const [text, scope] of table) {
    const cidr = parseCidr(text);
    if (cidr?.family === 4) {
      v4.push({ base: cidr.base, mask: ipv4Mask(cidr.prefix), prefix: cidr.prefix, scope });
    } else if (cidr?.family === 6) {
      v6.push({ bytes: cidr.bytes, prefix: cidr.prefix, scope });
    }
  }
  v4.sort((a, b) => b.prefix - a.prefix);
  v6.sort((a, b) => b.prefix - a.prefix);
  return { v4, v6 };
}

const ROWS = compile(SPECIAL_BLOCKS);

/** Scope of a uint32 IPv4 address. */
export function classifyIPv4(value: number): IpScope {
  for (const row of ROWS.v4) {
    if ((value & row.mask) >>> 0 === row.base) {
      return row.scope;
    }
  }
  return 'public';
}

/** Scope of a 16-byte IPv6 address. */
export function classifyIPv6(bytes: Uint8Array): IpScope {
  const mapped = ipv4FromMapped(bytes);
  if (mapped !== null) {
    return classifyIPv4(mapped);
  }
  for (const row of ROWS.v6) {
    if (ipv6PrefixMatches(row.bytes, row.prefix, bytes)) {
      return row.scope;
    }
  }
  return 'reserved';
}

/** Scope of a parsed address. */
export function classifyAddress(ip: IpAddress): IpScope {
  return ip.family === 4 ? classifyIPv4(ip.value) : classifyIPv6(ip.bytes);
}

/** Scope of an address given as text; `'invalid'` when it does not parse. */
export function classifyIp(ip: string): IpScope {
  const parsed = parseIp(ip);
  return parsed === null ? 'invalid' : classifyAddress(parsed);
}
