import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AwsRangesSnapshot } from './aws-ranges.ts';
import { FlowError } from '../model/errors.ts';
import { formatCidr, parseCidr } from '../model/ip.ts';

/** Where AWS publishes its ranges. */
export const AWS_IP_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';

/** The vendored snapshot, `data/aws-ip-ranges.json` at the repository root. */
export const DEFAULT_AWS_SNAPSHOT_PATH = fileURLToPath(
  new URL('../../data/aws-ip-ranges.json', import.meta.url),
);

const SOURCE = `AWS IP address ranges, ${AWS_IP_RANGES_URL} (published by Amazon Web Services); compacted by flowlens update-data`;

const invalid = (what: string) => new FlowError('FLOW_DATA_INVALID', `ip-ranges.json: ${what}`);

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(`${what} must be a non-empty string`);
  }
  return value;
}

function rows(list: unknown, field: string): [string, string, string][] {
  if (!Array.isArray(list)) {
    throw invalid(`'${field === 'ip_prefix' ? 'prefixes' : 'ipv6_prefixes'}' must be an array`);
  }
  return list.map((entry: Record<string, unknown>, i) => {
    const cidr = parseCidr(text(entry?.[field], `${field} #${i}`));
    if (cidr === null) {
      throw invalid(`${field} #${i} is not a CIDR: ${String(entry[field])}`);
    }
    return [
      formatCidr(cidr),
      text(entry.service, `service #${i}`),
      text(entry.region, `region #${i}`),
    ];
  });
}

/**
 * Compacts AWS's ip-ranges.json (as parsed JSON) to a snapshot: prefixes with service and
 * region, exact duplicates dropped, `network_border_group` left out. Throws
 * FLOW_DATA_INVALID for anything that is not that format.
 */
export function snapshotFromIpRanges(json: unknown): AwsRangesSnapshot {
  if (typeof json !== 'object' || json === null) {
    throw invalid('not a JSON object');
  }
  const doc = json as Record<string, unknown>;
  const all = [...rows(doc.prefixes, 'ip_prefix'), ...rows(doc.ipv6_prefixes ?? [], 'ipv6_prefix')];
  const seen = new Set<string>();
  const prefixes = all.filter((row) => {
    const key = row.join(' ');
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return {
    source: SOURCE,
    syncToken: text(String(doc.syncToken ?? ''), 'syncToken'),
    createDate: text(doc.createDate, 'createDate'),
    prefixes,
  };
}

/** Serialises a snapshot with one prefix per line, so data updates diff readably. */
export function formatSnapshot(snapshot: AwsRangesSnapshot): string {
  const head = JSON.stringify({ ...snapshot, prefixes: [] }, null, 2).replace(/\[\]\n}$/, '');
  const body = snapshot.prefixes.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  return `${head}[${body === '' ? '' : `\n${body}\n  `}]\n}\n`;
}

/** Reads and checks a snapshot file. */
export async function readAwsRangesSnapshot(
  path: string = DEFAULT_AWS_SNAPSHOT_PATH,
): Promise<AwsRangesSnapshot> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    throw new FlowError('FLOW_DATA_NOT_FOUND', `cannot read AWS ranges snapshot ${path}`, {
      cause: e,
    });
  }
  try {
    const doc = JSON.parse(raw) as AwsRangesSnapshot;
    if (
      !Array.isArray(doc.prefixes) ||
      !doc.prefixes.every((p) => Array.isArray(p) && p.length === 3)
    ) {
      throw new Error('prefixes must be [prefix, service, region] triples');
    }
    return doc;
  } catch (e) {
    throw new FlowError('FLOW_DATA_INVALID', `bad AWS ranges snapshot ${path}`, { cause: e });
  }
}

/** Writes the snapshot atomically (temp file + rename). */
export async function writeAwsRangesSnapshot(
  path: string,
  snapshot: AwsRangesSnapshot,
): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, formatSnapshot(snapshot), 'utf8');
    await rename(temp, path);
  } catch (e) {
    throw new FlowError('FLOW_STORAGE', `cannot write AWS ranges snapshot ${path}`, { cause: e });
  }
}

export interface FetchAwsIpRangesOptions {
  readonly url?: string;
  readonly timeoutMs?: number;
}

/** Downloads ip-ranges.json and compacts it. Network and HTTP failures are FLOW_DATA_FETCH. */
export async function fetchAwsIpRanges(
  options: FetchAwsIpRangesOptions = {},
): Promise<AwsRangesSnapshot> {
  const url = options.url ?? AWS_IP_RANGES_URL;
  let body: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText}`);
    }
    body = await response.text();
  } catch (e) {
    throw new FlowError('FLOW_DATA_FETCH', `cannot download ${url}: ${describe(e)}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new FlowError('FLOW_DATA_INVALID', `ip-ranges.json from ${url} is not JSON`, {
      cause: e,
    });
  }
  return snapshotFromIpRanges(json);
}

/** `fetch failed (ECONNREFUSED)`-style text from undici's nested causes. */
function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const detail = err.cause?.code ?? err.cause?.message;
  return detail ? `${err.message} (${detail})` : String(err?.message ?? e);
}
