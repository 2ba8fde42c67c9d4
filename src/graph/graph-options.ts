import { FlowError } from '../model/errors.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import type { AliasTable } from './alias-table.ts';

/** How endpoints become nodes. `asn`/`country` need a lookup from the enricher (see below). */
export type Grouping =
  | { readonly kind: 'ip' }
  | { readonly kind: 'cidr'; readonly v4: number; readonly v6: number }
  | { readonly kind: 'service' }
  | { readonly kind: 'asn' }
  | { readonly kind: 'country' };

export type Weight = 'flows' | 'packets' | 'bytes';
export const WEIGHTS = ['flows', 'packets', 'bytes'] as const satisfies readonly Weight[];

/**
 * Maps an address to a group name (an AS number/name, a country code); `undefined` when unknown,
 * in which case the address falls back to IP grouping. Owned here, implemented by `src/enrich/`.
 */
export type EndpointLookup = (address: string) => string | null | undefined;

/** How edges treat ports (`--ports`). */
export type PortMode = 'keep' | 'service' | 'ignore';

export interface GraphOptions {
  /** @default { kind: 'ip' } */
  readonly grouping?: Grouping;
  /** Names for addresses/CIDRs; applied before grouping, never pseudonymised. */
  readonly aliases?: AliasTable;
  /** `pkt` uses pkt-srcaddr/pkt-dstaddr when present. @default 'addr' */
  readonly endpoints?: 'addr' | 'pkt';
  /** Merge A→B and B→A. @default false */
  readonly undirected?: boolean;
  /**
   * `service`: the larger port of each flow (the client's ephemeral one) becomes 0, as in a
   * digest; `ignore`: edges do not split by port. @default 'keep'
   */
  readonly ports?: PortMode;
  /** Keyed prefix-preserving pseudonyms for every non-aliased address. */
  readonly pseudonymizeKey?: string;
  /** Keep edges whose weight is ≥ this. @default 0 */
  readonly minCount?: number;
  /** Keep the K heaviest edges (0 = all). @default 0 */
  readonly top?: number;
  /** @default 'flows' */
  readonly weight?: Weight;
  readonly action?: 'ACCEPT' | 'REJECT';
  readonly protocols?: readonly number[];
  /** Keep records whose source or destination port is one of these. */
  readonly portFilter?: readonly number[];
  /** Focus: keep records with an endpoint equal to one of these IPs or inside these CIDRs. */
  readonly focus?: readonly string[];
  /** Lookups for `asn` / `country` grouping. */
  readonly lookups?: { readonly asn?: EndpointLookup; readonly country?: EndpointLookup };
  /** Extra record predicate (used by `links`). */
  readonly recordFilter?: (record: FlowRecord) => boolean;
  /** Optional graph name, kept in the graph attributes. */
  readonly name?: string;
}

const PROTOCOL_NAMES: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  sctp: 132,
};

function usage(message: string): FlowError {
  return new FlowError('FLOW_USAGE', message);
}

function prefixLength(text: string | undefined, max: number, flag: string): number {
  if (text === undefined || !/^\d{1,3}$/.test(text) || Number(text) > max) {
    throw usage(`--group ${flag}: prefix must be 0..${max}`);
  }
  return Number(text);
}

const SIMPLE_GROUPINGS = {
  ip: { kind: 'ip' },
  service: { kind: 'service' },
  asn: { kind: 'asn' },
  country: { kind: 'country' },
} as const;

/** `ip`, `service`, `asn`, `country`, `cidr:N` (IPv4 /N, IPv6 /64) or `cidr:N,M` (IPv6 /M). */
export function parseGrouping(text: string): Grouping {
  const simple = (SIMPLE_GROUPINGS as Record<string, Grouping>)[text];
  if (simple) {
    return simple;
  }
  const m = /^cidr:([^,]*)(?:,(.*))?$/.exec(text);
  if (!m) {
    throw usage(`--group must be ip, cidr:N[,M], service, asn or country; got '${text}'`);
  }
  return {
    kind: 'cidr',
    v4: prefixLength(m[1], 32, text),
    v6: m[2] === undefined ? 64 : prefixLength(m[2], 128, text),
  };
}

export function formatGrouping(g: Grouping): string {
  return g.kind === 'cidr' ? `cidr:${g.v4},${g.v6}` : g.kind;
}

/** `tcp`, `udp`, `icmp`… or a number 0..255. */
export function parseProtocol(text: string): number {
  const named = PROTOCOL_NAMES[text.toLowerCase()];
  if (named !== undefined) {
    return named;
  }
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) {
    throw usage(`--protocol must be a name (${Object.keys(PROTOCOL_NAMES).join(', ')}) or 0..255`);
  }
  return Number(text);
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw usage(`--port must be 0..65535, got '${text}'`);
  }
  return Number(text);
}

export function parseWeight(text: string): Weight {
  if (!(WEIGHTS as readonly string[]).includes(text)) {
    throw usage(`--weight must be one of ${WEIGHTS.join(', ')}, got '${text}'`);
  }
  return text as Weight;
}

export function parseAction(text: string): 'ACCEPT' | 'REJECT' {
  const up = text.toUpperCase();
  if (up !== 'ACCEPT' && up !== 'REJECT') {
    throw usage(`--action must be accept or reject, got '${text}'`);
  }
  return up;
}
