import { LINK_MODES, linkGraphOptions, type LinkMode } from '../../graph/links.ts';
import {
  parseAction,
  parseGrouping,
  parsePort,
  parseProtocol,
  parseWeight,
  type EndpointLookup,
  type GraphOptions,
} from '../../graph/graph-options.ts';
import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';
import { parseJobTime } from '../../jobs/job-time.ts';

/** Reads one query value (Hono's `c.req.query`). */
export type QueryGet = (name: string) => string | undefined;

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function count(get: QueryGet, name: string): number {
  const v = get(name);
  if (v === undefined || v === '') {
    return 0;
  }
  if (!/^\d{1,12}$/.test(v)) {
    throw new FlowError('FLOW_USAGE', `${name} must be a non-negative integer`);
  }
  return Number(v);
}

/**
 * The window of an explore query: `start`/`stop` (RFC 3339), or `hours` (the last N hours up to
 * `now`), or none (all data). `prefix` reads `previous_start` style names for diffs.
 */
export function windowFromQuery(get: QueryGet, now: number, prefix = ''): TimeWindow | undefined {
  const start = get(`${prefix}start`);
  const stop = get(`${prefix}stop`);
  if (start || stop) {
    const w = {
      start: parseJobTime(start ?? '', `${prefix}start`).seconds,
      stop: parseJobTime(stop ?? '', `${prefix}stop`).seconds,
    };
    if (w.start >= w.stop) {
      throw new FlowError('FLOW_USAGE', `${prefix}start should be before ${prefix}stop`);
    }
    return w;
  }
  const hours = count(get, `${prefix}hours`);
  const nowS = Math.floor(now / 1000);
  return hours > 0 ? { start: nowS - hours * 3600, stop: nowS + 60 } : undefined;
}

/** The lookups `asn`/`country` grouping need, built from the enricher. */
export interface ExploreLookups {
  readonly asn: EndpointLookup;
  readonly country: EndpointLookup;
}

/** Graph options from the dashboard's query (the same names as the `flowlens graph` flags). */
export function graphOptionsFromQuery(get: QueryGet, lookups?: ExploreLookups): GraphOptions {
  const group = get('group');
  const weight = get('weight');
  const action = get('action');
  return {
    ...(group ? { grouping: parseGrouping(group) } : {}),
    ...(weight ? { weight: parseWeight(weight) } : {}),
    ...(action ? { action: parseAction(action) } : {}),
    ...(lookups ? { lookups } : {}),
    minCount: count(get, 'min-count'),
    top: count(get, 'top'),
    protocols: list(get('protocol')).map(parseProtocol),
    portFilter: list(get('port')).map(parsePort),
    focus: list(get('focus')),
  };
}

/** Graph options for the links view: `mode`, `ips`, optional `cidr`. */
export function linkOptionsFromQuery(get: QueryGet): GraphOptions {
  const mode = get('mode') ?? 'correlate';
  if (!(LINK_MODES as readonly string[]).includes(mode)) {
    throw new FlowError('FLOW_USAGE', `mode must be one of ${LINK_MODES.join(', ')}`);
  }
  const cidr = get('cidr');
  return linkGraphOptions({
    mode: mode as LinkMode,
    ips: list(get('ips')),
    ...(cidr ? { cidr } : {}),
  });
}

/** `days=N`: from UTC midnight N days ago until now (flow-optics' window, fixed). */
export function daysWindow(get: QueryGet, now: number): TimeWindow | undefined {
  const days = count(get, 'days');
  if (days === 0) {
    return windowFromQuery(get, now);
  }
  const midnight = Math.floor(now / 86_400_000) * 86_400;
  return { start: midnight - days * 86_400, stop: Math.floor(now / 1000) + 60 };
}
