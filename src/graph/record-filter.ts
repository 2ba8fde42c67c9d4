import type { FlowRecord } from '../model/flow-record.ts';
import { FlowError } from '../model/errors.ts';
import type { GraphOptions } from './graph-options.ts';
import { endpointAddress } from './endpoint-resolver.ts';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip-address.ts';

export type RecordPredicate = (record: FlowRecord) => boolean;

/** A set of IPs and CIDRs; `has(address)` is true for a listed IP or an address inside a CIDR. */
export interface AddressSet {
  has(address: string | null | undefined): boolean;
}

/** Parses `IP` / `CIDR` items; a bad item is a usage error naming the flag. */
export function createAddressSet(items: readonly string[], flag = '--ip/--cidr'): AddressSet {
  const cidrs: Cidr[] = items.map((item) => {
    const c = parseCidr(item);
    if (!c) {
      throw new FlowError('FLOW_USAGE', `${flag}: '${item}' is not an IP address or CIDR`);
    }
    return c;
  });
  return {
    has(address) {
      const ip = address ? parseIp(address) : null;
      return ip !== null && cidrs.some((c) => cidrContains(c, ip));
    },
  };
}

function focusPredicate(options: GraphOptions): RecordPredicate | null {
  if (!options.focus || options.focus.length === 0) {
    return null;
  }
  const set = createAddressSet(options.focus);
  const endpoints = options.endpoints ?? 'addr';
  return (r) =>
    set.has(endpointAddress(r, 'src', endpoints)) || set.has(endpointAddress(r, 'dst', endpoints));
}

function listPredicate(
  values: readonly number[] | undefined,
  pick: (r: FlowRecord) => (number | null | undefined)[],
): RecordPredicate | null {
  if (!values || values.length === 0) {
    return null;
  }
  const set = new Set(values);
  return (r) => pick(r).some((v) => v != null && set.has(v));
}

/** Record-level filters (`--action`, `--protocol`, `--port`, `--ip/--cidr`, links), ANDed. */
export function createRecordFilter(options: GraphOptions): RecordPredicate {
  const action = options.action;
  const predicates = [
    action ? (r: FlowRecord) => r.action?.toUpperCase() === action : null,
    listPredicate(options.protocols, (r) => [r.protocol]),
    listPredicate(options.portFilter, (r) => [r.srcport, r.dstport]),
    focusPredicate(options),
    options.recordFilter ?? null,
  ].filter((p): p is RecordPredicate => p !== null);
  return (r) => predicates.every((p) => p(r));
}
