import type { FlowRecord } from '../model/flow-record.ts';
import { FlowError } from '../model/errors.ts';
import type { GraphOptions } from './graph-options.ts';
import { createAddressSet } from './record-filter.ts';

/** flow-optics' three questions, fixed: `rejects` filters on the action, not the log status. */
export const LINK_MODES = ['inspect', 'rejects', 'correlate'] as const;
export type LinkMode = (typeof LINK_MODES)[number];

export interface LinkQuery {
  readonly mode: LinkMode;
  /** One IP for inspect/rejects; two or more for correlate. */
  readonly ips: readonly string[];
  /** inspect/rejects: keep only links whose other end is the IP or inside this CIDR. */
  readonly cidr?: string;
}

function check(q: LinkQuery): void {
  const wanted = q.mode === 'correlate' ? 'at least two IPs' : 'exactly one IP';
  const ok = q.mode === 'correlate' ? q.ips.length >= 2 : q.ips.length === 1;
  if (!ok) {
    throw new FlowError('FLOW_USAGE', `links ${q.mode} needs ${wanted}`);
  }
  if (q.mode === 'correlate' && q.cidr !== undefined) {
    throw new FlowError('FLOW_USAGE', 'links correlate takes no --cidr');
  }
}

/** The record predicate for a link query (addresses compared as parsed IPs). */
export function linkPredicate(q: LinkQuery): (r: FlowRecord) => boolean {
  check(q);
  const ips = createAddressSet(
    q.ips.map((ip) => (ip.includes('/') ? '' : ip)),
    'links IP',
  );
  if (q.mode === 'correlate') {
    return (r) => ips.has(r.srcaddr) && ips.has(r.dstaddr);
  }
  const scope = q.cidr === undefined ? null : createAddressSet([q.cidr], '--cidr');
  const inScope = (a: string | null | undefined) => !scope || ips.has(a) || scope.has(a);
  const touches = (r: FlowRecord) => ips.has(r.srcaddr) || ips.has(r.dstaddr);
  const rejected = (r: FlowRecord) => q.mode !== 'rejects' || r.action?.toUpperCase() === 'REJECT';
  return (r) => touches(r) && rejected(r) && inScope(r.srcaddr) && inScope(r.dstaddr);
}

/** Graph options for a link query: plain IP nodes, directed, ports kept (for the HP labels). */
export function linkGraphOptions(q: LinkQuery, base: GraphOptions = {}): GraphOptions {
  return { ...base, recordFilter: linkPredicate(q), name: `links ${q.mode} ${q.ips.join(',')}` };
}
