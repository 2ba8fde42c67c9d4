import { FlowError } from '../model/errors.ts';
import { DEFAULT_FORMAT } from '../model/fields.ts';
import { PARTITION_LAYOUTS, type LayoutName } from './athena-layouts.ts';
import { HIVE_TYPES, fieldsNamed, sqlColumnName } from './sql-names.ts';

export interface DdlOptions {
  readonly bucket: string;
  readonly prefix?: string;
  readonly table?: string;
  readonly format?: 'text' | 'parquet';
  /** Field names in log order (text: the column order matters); default: the v2 format. */
  readonly fields?: readonly string[];
  readonly layout?: LayoutName;
  /** Enumerated regions/accounts; without them the partition is `injected` (must be filtered). */
  readonly regions?: readonly string[];
  readonly accounts?: readonly string[];
  /** First partition date, `yyyy-mm-dd` (default 2021-01-01). */
  readonly since?: string;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SAFE_RE = /^[A-Za-z0-9_.\-/=]*$/;
const LIST_RE = /^[A-Za-z0-9-]+$/;
const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function check(ok: boolean, what: string): void {
  if (!ok) {
    throw new FlowError('FLOW_USAGE', what);
  }
}

function projection(column: string, values: readonly string[] | undefined): string[] {
  if (!values || values.length === 0) {
    return [`'projection.${column}.type' = 'injected'`];
  }
  check(
    values.every((v) => LIST_RE.test(v)),
    `invalid value in the ${column} list`,
  );
  return [
    `'projection.${column}.type' = 'enum'`,
    `'projection.${column}.values' = '${values.join(',')}'`,
  ];
}

function location(o: DdlOptions): string {
  check(BUCKET_RE.test(o.bucket), `'${o.bucket}' is not a valid S3 bucket name`);
  const prefix = (o.prefix ?? '').replace(/^\/+|\/+$/g, '');
  check(SAFE_RE.test(prefix), `prefix '${prefix}' has characters not allowed here`);
  return `s3://${o.bucket}/${prefix ? `${prefix}/` : ''}AWSLogs/`;
}

function storage(format: 'text' | 'parquet'): string[] {
  return format === 'parquet'
    ? ['STORED AS PARQUET']
    : ["ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '", 'STORED AS TEXTFILE'];
}

/**
 * `CREATE EXTERNAL TABLE` for a flow-log bucket: columns from the field table (underscore
 * names, Hive types), text (space-delimited, header skipped) or Parquet, and partition
 * projection over account, region and day/hour for the daily, hourly or Hive layout.
 */
export function buildAthenaDdl(o: DdlOptions): string {
  const format = o.format ?? 'text';
  const layout = PARTITION_LAYOUTS[o.layout ?? 'daily'];
  const table = o.table ?? 'vpc_flow_logs';
  check(TABLE_RE.test(table), `'${table}' is not a valid table name`);
  const since = o.since ?? '2021-01-01';
  check(/^\d{4}-\d{2}-\d{2}$/.test(since), '--since must be yyyy-mm-dd');
  const base = location(o);
  const columns = fieldsNamed(o.fields ?? DEFAULT_FORMAT).map(
    (f) => `  \`${sqlColumnName(f.name)}\` ${HIVE_TYPES[f.type]}`,
  );
  const props = [
    ...(format === 'text' ? [`'skip.header.line.count' = '1'`] : []),
    `'projection.enabled' = 'true'`,
    ...projection('aws_account_id', o.accounts),
    ...projection('aws_region', o.regions),
    `'projection.${layout.column}.type' = 'date'`,
    `'projection.${layout.column}.format' = '${layout.format.replace(/'/g, "\\'")}'`,
    `'projection.${layout.column}.range' = '${layout.value(Date.parse(`${since}T00:00:00Z`) / 1000)},NOW'`,
    `'projection.${layout.column}.interval' = '1'`,
    `'projection.${layout.column}.interval.unit' = '${layout.unit}'`,
    `'storage.location.template' = '${base}${layout.template}'`,
  ];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${table}\` (`,
    columns.join(',\n'),
    ')',
    `PARTITIONED BY (\`aws_account_id\` string, \`aws_region\` string, \`${layout.column}\` string)`,
    ...storage(format),
    `LOCATION '${base}'`,
    'TBLPROPERTIES (',
    props.map((p) => `  ${p}`).join(',\n'),
    ');',
    '',
  ].join('\n');
}
