import type { FlowRecord } from '../model/flow-record.ts';
import { FlowError } from '../model/errors.ts';
import type { GraphOptions, Grouping } from './graph-options.ts';
import { formatCidr, parseIp } from './ip-address.ts';
import { createPseudonymizer, type Pseudonymizer } from './pseudonymize.ts';

export type NodeKind = 'ip' | 'cidr' | 'alias' | 'service' | 'asn' | 'country' | 'name';

/** A node as an endpoint resolves to it: `key` is unique, `kind` says what it names. */
export interface NodeRef {
  readonly key: string;
  readonly kind: NodeKind;
}

export type Side = 'src' | 'dst';

/** Resolves one side of a record to its node, or `null` when the record has no address there. */
export type EndpointResolver = (record: FlowRecord, side: Side) => NodeRef | null;

const ADDRESS_FIELDS = {
  addr: { src: ['srcaddr'], dst: ['dstaddr'] },
  pkt: { src: ['pktSrcaddr', 'srcaddr'], dst: ['pktDstaddr', 'dstaddr'] },
} as const;

const SERVICE_FIELDS = { src: 'pktSrcAwsService', dst: 'pktDstAwsService' } as const;

/** The address of one side: `--endpoints pkt` prefers pkt-*addr and falls back to *addr. */
export function endpointAddress(
  record: FlowRecord,
  side: Side,
  endpoints: 'addr' | 'pkt' = 'addr',
): string | null {
  for (const field of ADDRESS_FIELDS[endpoints][side]) {
    const v = record[field];
    if (v != null && v !== '') {
      return v;
    }
  }
  return null;
}

function addressNode(address: string, grouping: Grouping, pseudo?: Pseudonymizer): NodeRef {
  const shown = pseudo ? pseudo(address) : address;
  const ip = parseIp(shown);
  if (!ip) {
    return { key: shown, kind: 'name' };
  }
  if (grouping.kind !== 'cidr') {
    return { key: shown, kind: 'ip' };
  }
  const prefix = ip.version === 4 ? grouping.v4 : grouping.v6;
  const bits = ip.version === 4 ? 32 : 128;
  const host = BigInt(bits - prefix);
  const network = (ip.value >> host) << host;
  return { key: formatCidr({ version: ip.version, network, prefix }), kind: 'cidr' };
}

function groupLookup(options: GraphOptions): ((address: string) => NodeRef | null) | null {
  const kind = options.grouping?.kind;
  if (kind !== 'asn' && kind !== 'country') {
    return null;
  }
  const lookup = options.lookups?.[kind];
  if (!lookup) {
    throw new FlowError('FLOW_USAGE', `--group ${kind} needs an ${kind} lookup (geo/ASN enricher)`);
  }
  return (address) => {
    const name = lookup(address);
    return name ? { key: name, kind } : null;
  };
}

/**
 * Builds the endpoint → node function once from the options: alias first (longest prefix),
 * then AWS service (`--group service`), then the ASN/country lookup, then IP or CIDR grouping
 * of the (optionally pseudonymised) address.
 */
export function createEndpointResolver(options: GraphOptions): EndpointResolver {
  const grouping = options.grouping ?? { kind: 'ip' };
  const pseudo = options.pseudonymizeKey ? createPseudonymizer(options.pseudonymizeKey) : undefined;
  const lookup = groupLookup(options);
  const aliases = options.aliases;
  const endpoints = options.endpoints ?? 'addr';
  return (record, side) => {
    const address = endpointAddress(record, side, endpoints);
    if (address === null) {
      return null;
    }
    const alias = aliases?.lookup(address);
    if (alias !== undefined) {
      return { key: alias, kind: 'alias' };
    }
    const service = grouping.kind === 'service' ? record[SERVICE_FIELDS[side]] : null;
    if (service) {
      return { key: service, kind: 'service' };
    }
    return lookup?.(address) ?? addressNode(address, grouping, pseudo);
  };
}
