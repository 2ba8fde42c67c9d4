import { FlowError } from '../model/errors.ts';
import type { TimeWindow } from '../model/flow-record.ts';
import type { PartitionLayout } from './athena-layouts.ts';
import { col, tableName } from './sql-names.ts';

/** A bound value: the SQL only ever holds `?` placeholders for these. */
export type QueryParam =
  | { readonly type: 'varchar'; readonly value: string }
  | { readonly type: 'bigint'; readonly value: number };

/** SQL plus its parameters, in placeholder order; accepted by DuckDB and Athena (Trino). */
export interface BuiltQuery {
  readonly kind: QueryKind;
  readonly sql: string;
  readonly params: readonly QueryParam[];
}

export type QueryKind = 'digest' | 'graph' | 'links' | 'top-talkers';

/** What every query filters on. */
export interface QueryScope {
  /** Table to query: `flows` locally, `db.table` in Athena. */
  readonly table?: string;
  /** Records whose (normalised) start lies in `[start, stop)`. */
  readonly window?: TimeWindow;
  readonly accounts?: readonly string[];
  /**
   * Athena tables from `flowlens athena ddl`: also filter the partition columns
   * (`aws_account_id`, the day/hour column) so partition projection prunes.
   */
  readonly partitions?: PartitionLayout;
}

/** flow-optics' three link queries, with its `status='REJECT'` bug fixed to `action`. */
export type LinksMode =
  | { readonly mode: 'inspect'; readonly ip: string }
  | { readonly mode: 'rejects'; readonly ip: string }
  | { readonly mode: 'correlate'; readonly ips: readonly string[] };

export type TalkerKey = 'src' | 'dst' | 'pair';

/** Above this a timestamp is in milliseconds (same threshold as the line parser). */
const MS_THRESHOLD = 100000000000;
const HIGH_PORT = 1023;

const str = (value: string): QueryParam => ({ type: 'varchar', value });
const int = (value: number): QueryParam => ({ type: 'bigint', value });

/** Unix seconds of a time column, normalising millisecond values as the parser does. */
function seconds(field: 'start' | 'end'): string {
  const c = col(field);
  return `CASE WHEN ${c} > ${MS_THRESHOLD} THEN CAST(floor(${c} / 1000.0) AS BIGINT) ELSE ${c} END`;
}

const text = (field: string): string => `CAST(${col(field)} AS VARCHAR)`;

/** Accumulates WHERE conditions and their parameters in placeholder order. */
class Where {
  readonly conds: string[] = [];
  readonly params: QueryParam[] = [];

  add(cond: string, ...params: QueryParam[]): this {
    this.conds.push(cond);
    this.params.push(...params);
    return this;
  }

  placeholders(n: number): string {
    return Array.from({ length: n }, () => '?').join(', ');
  }

  sql(): string {
    return this.conds.length === 0 ? '' : ` WHERE ${this.conds.join(' AND ')}`;
  }
}

/** The scope every query shares: OK records (as the streaming core), window, accounts. */
function scoped(scope: QueryScope): Where {
  const w = new Where();
  w.add(`(${col('log-status')} IS NULL OR upper(${col('log-status')}) = 'OK')`);
  if (scope.window) {
    const s = seconds('start');
    w.add(`${s} >= ? AND ${s} < ?`, int(scope.window.start), int(scope.window.stop));
  }
  if (scope.accounts && scope.accounts.length > 0) {
    const ph = w.placeholders(scope.accounts.length);
    w.add(`${col('account-id')} IN (${ph})`, ...scope.accounts.map(str));
  }
  if (scope.partitions) {
    partitionFilter(w, scope, scope.partitions);
  }
  return w;
}

/** Partition predicates (partition columns are not fields, so they are named here). */
function partitionFilter(w: Where, scope: QueryScope, layout: PartitionLayout): void {
  if (scope.window) {
    const last = Math.min(scope.window.stop - 1, 253402300799);
    const c = `"${layout.column}"`;
    w.add(
      `${c} >= ? AND ${c} <= ?`,
      str(layout.value(scope.window.start)),
      str(layout.value(last)),
    );
  }
  if (scope.accounts && scope.accounts.length > 0) {
    const ph = w.placeholders(scope.accounts.length);
    w.add(`"aws_account_id" IN (${ph})`, ...scope.accounts.map(str));
  }
}

function from(scope: QueryScope): string {
  return tableName(scope.table ?? 'flows');
}

/** digesterd's port rule in SQL: the larger port becomes 0 (srcport on a tie); `-` stays. */
function normalisedPort(which: 'srcport' | 'dstport'): string {
  const sp = col('srcport');
  const dp = col('dstport');
  const keep = which === 'srcport' ? `${sp} < ${dp}` : `${sp} >= ${dp}`;
  return `CASE WHEN ${sp} IS NULL OR ${dp} IS NULL THEN coalesce(${text(which)}, '-') WHEN ${keep} THEN ${text(which)} ELSE '0' END`;
}

/** The digest (vpcflow-digesterd semantics): one row per v2 key, global start/end per row. */
export function buildDigestQuery(scope: QueryScope = {}): BuiltQuery {
  const w = scoped(scope);
  const sql = `SELECT coalesce(${col('account-id')}, '-') AS account_id,
  coalesce(${col('interface-id')}, '-') AS interface_id,
  coalesce(${col('srcaddr')}, '-') AS srcaddr, coalesce(${col('dstaddr')}, '-') AS dstaddr,
  ${normalisedPort('srcport')} AS srcport, ${normalisedPort('dstport')} AS dstport,
  coalesce(${text('protocol')}, '-') AS protocol, coalesce(${col('action')}, '-') AS action,
  coalesce(${col('log-status')}, 'OK') AS log_status,
  sum(coalesce(${col('packets')}, 0)) AS packets, sum(coalesce(${col('bytes')}, 0)) AS bytes,
  min(min(${seconds('start')})) OVER () AS first_start, max(max(${seconds('end')})) OVER () AS last_end
FROM ${from(scope)}${w.sql()}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
  return { kind: 'digest', sql, params: w.params };
}

/** Graph edges (the graph core's defaults: by IP, ports kept, directed). */
export function buildGraphQuery(scope: QueryScope = {}): BuiltQuery {
  const w = scoped(scope).add(`${col('srcaddr')} IS NOT NULL AND ${col('dstaddr')} IS NOT NULL`);
  const sql = `SELECT ${col('srcaddr')} AS source, ${col('dstaddr')} AS target,
  ${col('account-id')} AS account, ${col('interface-id')} AS eni,
  ${col('srcport')} AS src_port, ${col('dstport')} AS dst_port, ${col('protocol')} AS protocol,
  upper(${col('action')}) AS action, count(*) AS flows,
  sum(coalesce(${col('packets')}, 0)) AS packets, sum(coalesce(${col('bytes')}, 0)) AS bytes,
  min(${seconds('start')}) AS first_start, max(${seconds('end')}) AS last_end
FROM ${from(scope)}${w.sql()}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
  return { kind: 'graph', sql, params: w.params };
}

function linksFilter(w: Where, links: LinksMode): void {
  const src = col('srcaddr');
  const dst = col('dstaddr');
  if (links.mode === 'correlate') {
    if (links.ips.length === 0) {
      throw new FlowError('FLOW_USAGE', 'correlate needs at least one IP');
    }
    const ph = w.placeholders(links.ips.length);
    w.add(`${src} IN (${ph}) AND ${dst} IN (${ph})`, ...links.ips.map(str), ...links.ips.map(str));
    return;
  }
  if (links.mode === 'rejects') {
    w.add(`upper(${col('action')}) = 'REJECT'`);
  }
  w.add(`(${src} = ? OR ${dst} = ?)`, str(links.ip), str(links.ip));
}

/**
 * flow-optics' links: (source, target, label) where the label is the source port below 1023
 * or `HP`; source port 0 (ICMP) and unknown ports are dropped.
 */
export function buildLinksQuery(links: LinksMode, scope: QueryScope = {}): BuiltQuery {
  const w = scoped(scope);
  linksFilter(w, links);
  w.add(`${col('srcport')} IS NOT NULL AND ${col('srcport')} <> 0`);
  const sp = col('srcport');
  const sql = `SELECT ${col('srcaddr')} AS source, ${col('dstaddr')} AS target,
  CASE WHEN ${sp} < ${HIGH_PORT} THEN ${text('srcport')} ELSE 'HP' END AS label,
  count(*) AS flows, sum(coalesce(${col('bytes')}, 0)) AS bytes,
  sum(CASE WHEN upper(${col('action')}) = 'REJECT' THEN 1 ELSE 0 END) AS rejected
FROM ${from(scope)}${w.sql()}
GROUP BY 1, 2, 3`;
  return { kind: 'links', sql, params: w.params };
}

const TALKER_KEYS = {
  src: ['srcaddr'],
  dst: ['dstaddr'],
  pair: ['srcaddr', 'dstaddr'],
} as const satisfies Record<TalkerKey, readonly string[]>;

/** The `limit` heaviest talkers by bytes (ties by address), over OK records. */
export function buildTopTalkersQuery(
  by: TalkerKey,
  limit: number,
  scope: QueryScope = {},
): BuiltQuery {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new FlowError('FLOW_USAGE', `--limit must be a positive integer, got ${limit}`);
  }
  const keys = TALKER_KEYS[by].map((f) => col(f));
  const w = scoped(scope);
  for (const k of keys) {
    w.add(`${k} IS NOT NULL`);
  }
  const names = keys.map((k, i) => `${k} AS ${i === 0 ? 'address' : 'peer'}`).join(', ');
  const groups = keys.map((_, i) => String(i + 1)).join(', ');
  const sql = `SELECT ${names}, sum(coalesce(${col('bytes')}, 0)) AS bytes,
  sum(coalesce(${col('packets')}, 0)) AS packets, count(*) AS flows
FROM ${from(scope)}${w.sql()}
GROUP BY ${groups}
ORDER BY ${keys.length + 1} DESC, ${groups}
LIMIT ${limit}`;
  return { kind: 'top-talkers', sql, params: w.params };
}
