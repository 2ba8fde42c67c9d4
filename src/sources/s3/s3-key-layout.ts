import { FlowError } from '../../model/errors.ts';
import type { TimeWindow } from '../../model/flow-record.ts';

/**
 * The S3 key layouts VPC Flow Logs write, as data:
 *
 * - classic: `AWSLogs/[o-xxxx/]<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]<file>`
 * - hive:    `AWSLogs/[o-xxxx/]aws-account-id=<id>/aws-service=vpcflowlogs/aws-region=<r>/
 *             year=YYYY/month=MM/day=DD/[hour=HH/]<file>`
 *
 * `<file>` is `<account>_vpcflowlogs_<region>_<flow-log-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`
 * (or `.log.parquet`). Everything here is pure: no I/O.
 */
export type KeyStyle = 'classic' | 'hive';

/** The folder that starts a flow-log layout under the bucket prefix. */
export const LAYOUT_ROOT = 'AWSLogs/';

/**
 * Margins around the window, in seconds, applied to the timestamp in file names. A file stamped
 * T holds records whose `end` lies in [T, T+5 min); a record's `start` is at most one
 * aggregation interval (≤ 10 min) plus up to 60 s of capture delay before its `end`. So a file
 * may hold starts in [T − 11 min, T + 5 min). Files are needed when that range meets the
 * window [start, stop): T > start − 5 min and T < stop + 11 min. We double the lead and round
 * the trail up for delivery jitter: stamps in [start − 10 min, stop + 15 min] are read.
 */
export const STAMP_LEAD_SECONDS = 10 * 60;
export const STAMP_TRAIL_SECONDS = 15 * 60;

/** Per-style path segments, each a pattern for parsing and a function for building. */
interface StyleSpec {
  readonly account: RegExp;
  readonly accountSegment: (id: string) => string;
  /** Between the account segment and the region segments. */
  readonly service: string;
  readonly region: RegExp;
  readonly regionSegment: (r: string) => string;
  /** year, month, day, hour segments (each ending in `/`). */
  readonly dateParts: readonly RegExp[];
  readonly datePart: readonly ((n: number) => string)[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const STYLES: Readonly<Record<KeyStyle, StyleSpec>> = {
  classic: {
    account: /^(\d{12})\/$/,
    accountSegment: (id) => `${id}/`,
    service: 'vpcflowlogs/',
    region: /^([a-z0-9-]+)\/$/,
    regionSegment: (r) => `${r}/`,
    dateParts: [/^(\d{4})\/$/, /^(\d{2})\/$/, /^(\d{2})\/$/, /^(\d{2})\/$/],
    datePart: [
      (n) => `${pad(n, 4)}/`,
      (n) => `${pad(n)}/`,
      (n) => `${pad(n)}/`,
      (n) => `${pad(n)}/`,
    ],
  },
  hive: {
    account: /^aws-account-id=(\d{12})\/$/,
    accountSegment: (id) => `aws-account-id=${id}/`,
    service: 'aws-service=vpcflowlogs/',
    region: /^aws-region=([a-z0-9-]+)\/$/,
    regionSegment: (r) => `aws-region=${r}/`,
    dateParts: [/^year=(\d{4})\/$/, /^month=(\d{2})\/$/, /^day=(\d{2})\/$/, /^hour=(\d{2})\/$/],
    datePart: [
      (n) => `year=${pad(n, 4)}/`,
      (n) => `month=${pad(n)}/`,
      (n) => `day=${pad(n)}/`,
      (n) => `hour=${pad(n)}/`,
    ],
  },
};

/** An organisation segment (`o-xxxx/`) some tools accept right after `AWSLogs/`. */
export const ORG_SEGMENT = /^o-[a-z0-9]+\/$/;

const KEY_PATTERNS: readonly (readonly [KeyStyle, RegExp])[] = [
  [
    'classic',
    /^AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/vpcflowlogs\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?([^/]+)$/,
  ],
  [
    'hive',
    /^AWSLogs\/(?:o-[a-z0-9]+\/)?aws-account-id=(\d{12})\/aws-service=vpcflowlogs\/aws-region=([a-z0-9-]+)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/(?:hour=(\d{2})\/)?([^/]+)$/,
  ],
];

const FILE_NAME =
  /^([^_/]+)_vpcflowlogs_([^_/]+)_([^_/]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^_./]+\.[^/]*$/;

/** Unix seconds of a UTC date, or NaN when a part is out of range (no rollover). */
export function utcSeconds(y: number, mo: number, d = 1, h = 0, mi = 0): number {
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const t = new Date(ms);
  const ok =
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi;
  return ok ? ms / 1000 : NaN;
}

/** The `YYYYMMDDTHHmmZ` stamp of a flow-log file name as Unix seconds; `null` if not one. */
export function fileStamp(name: string): number | null {
  const m = FILE_NAME.exec(name);
  if (!m) {
    return null;
  }
  const [y, mo, d, h, mi] = m.slice(4, 9).map(Number) as [number, number, number, number, number];
  const t = utcSeconds(y, mo, d, h, mi);
  return Number.isNaN(t) ? null : t;
}

export interface LayoutKey {
  readonly style: KeyStyle;
  readonly account: string;
  readonly region: string;
  /** The file-name timestamp, Unix seconds. */
  readonly stamp: number;
}

/** Parses a key relative to the layout root (it starts with `AWSLogs/`); `null` if outside. */
export function parseLayoutKey(relativeKey: string): LayoutKey | null {
  for (const [style, re] of KEY_PATTERNS) {
    const m = re.exec(relativeKey);
    if (m) {
      const stamp = fileStamp(m[7] ?? '');
      return stamp === null ? null : { style, account: m[1]!, region: m[2]!, stamp };
    }
  }
  return null;
}

/** The inclusive range of file-name stamps a window needs (see the margins above). */
export interface StampRange {
  readonly from: number;
  readonly to: number;
}

export function stampRange(window: TimeWindow): StampRange {
  return { from: window.start - STAMP_LEAD_SECONDS, to: window.stop + STAMP_TRAIL_SECONDS };
}

/** `s3://bucket/prefix` → bucket and prefix (no leading `/`; kept as typed otherwise). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/?#]+)\/?(.*)$/i.exec(uri);
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1]!)) {
    throw new FlowError('FLOW_USAGE', `'${uri}' is not an s3://bucket[/prefix] URL`);
  }
  return { bucket: m[1]!, prefix: m[2]!.replace(/^\/+/, '') };
}

/**
 * Where the layout starts for a user prefix: the part before an `AWSLogs` segment if the prefix
 * reaches into the layout, else the prefix itself as a folder (`logs` → `logs/`).
 */
export function layoutRootOf(prefix: string): string {
  const m = /(^|\/)AWSLogs(\/|$)/.exec(prefix);
  if (m) {
    return prefix.slice(0, m.index + m[1]!.length);
  }
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** True when listing `prefix` can reach keys under the user's `scope` (and vice versa). */
export function overlaps(prefix: string, scope: string): boolean {
  return prefix.startsWith(scope) || scope.startsWith(prefix);
}

/** The more specific of two overlapping prefixes. */
export function narrower(prefix: string, scope: string): string {
  return prefix.length >= scope.length ? prefix : scope;
}
