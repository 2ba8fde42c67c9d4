import { FIELDS, canonicalFieldName, type FieldSpec } from '../model/fields.ts';
import { ADDRESS_KEYS, LIMITS } from '../sources/decode/flow-line-parser.ts';

/** A column of a Parquet file as DuckDB describes it (`DESCRIBE`): name and DuckDB type. */
export interface RawColumn {
  readonly name: string;
  readonly type: string;
}

/** Verdicts that are not skips: a flow record, or a coverage record (counted, not parsed). */
export const FLOW_VERDICT = 'flow';
export const COVERAGE_VERDICTS = { nodata: 'nodata', skipdata: 'skipdata' } as const;

/**
 * Control characters that make the text parser skip a line as `binary_junk` (whitespace inside
 * a Parquet string is percent-encoded by `parquet-lines.ts`, so it is not junk).
 */
const JUNK_RE = String.raw`[\x00-\x08\x0e-\x1f\x7f]`;
const DIGITS_RE = '[0-9]{1,20}';
const V4 = String.raw`(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}`;
const H = '[0-9A-Fa-f]{1,4}';
/** IPv6 without `::`: eight groups, or six and a dotted-quad tail. */
const V6_FULL = `(${H}:){7}${H}|(${H}:){6}${V4}`;
/** IPv6 with one `::`; the group count (at most 7, a dotted quad counting 2) is checked apart. */
const V6_COMPRESSED = `(${H}(:${H})*)?::((${H}:)*(${H}|${V4}))?`;
/** Longest address text the parser accepts. */
const MAX_ADDRESS_CHARS = 45;

const INTEGER_TYPE = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;
const FRACTIONAL_TYPE = /^(FLOAT|DOUBLE|DECIMAL\b.*)$/;
/** JavaScript prints numbers from 1e21 in exponent form and the parser reads at most 20 digits. */
const MAX_DIGITS_VALUE = '1e20';

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A column as the text parser sees its token: text, with `''` and `-` meaning absent. */
function asText(c: RawColumn): string {
  return c.type === 'VARCHAR' ? q(c.name) : `CAST(${q(c.name)} AS VARCHAR)`;
}

function present(c: RawColumn): string {
  return `nullif(nullif(${asText(c)}, ''), '-') IS NOT NULL`;
}

/** The parser's case-insensitive ASCII word match (byte length rules out Unicode case folds). */
function isWord(c: RawColumn, word: string): string {
  const t = asText(c);
  return `(upper(${t}) = ${str(word)} AND strlen(${t}) = ${word.length})`;
}

type Check = readonly [condition: string, reason: string];

/** Not a non-negative integer of at most 20 digits (`bad_number`), or above the field's maximum. */
function numericChecks(c: RawColumn, max: number, over: string): Check[] {
  const col = q(c.name);
  const limit = (value: string): Check[] =>
    Number.isFinite(max) ? [[`${value} > ${max}`, over]] : [];
  if (INTEGER_TYPE.test(c.type)) {
    return [[`${col} < 0`, 'bad_number'], ...limit(col)];
  }
  if (FRACTIONAL_TYPE.test(c.type)) {
    const d = `CAST(${col} AS DOUBLE)`;
    return [
      [
        `(isnan(${d}) OR ${d} < 0 OR ${d} <> floor(${d}) OR ${d} >= ${MAX_DIGITS_VALUE})`,
        'bad_number',
      ],
      ...limit(d),
    ];
  }
  const t = asText(c);
  return [
    [`(${present(c)} AND NOT regexp_full_match(${t}, '${DIGITS_RE}'))`, 'bad_number'],
    ...limit(`TRY_CAST(${t} AS DOUBLE)`),
  ];
}

/** SQL that is true when a column holds text the parser would not take as an address. */
export function badAddressSql(c: RawColumn): string {
  const t = asText(c);
  const groups = `(length(regexp_extract_all(${t}, '[^:]+')) + CASE WHEN contains(${t}, '.') THEN 1 ELSE 0 END)`;
  const v6 = `(regexp_full_match(${t}, '${V6_FULL}') OR (regexp_full_match(${t}, '${V6_COMPRESSED}') AND ${groups} <= 7))`;
  const valid = `CASE WHEN contains(${t}, ':') THEN strlen(${t}) <= ${MAX_ADDRESS_CHARS} AND ${v6} ELSE regexp_full_match(${t}, '${V4}') END`;
  return `(${present(c)} AND NOT (${valid}))`;
}

/** The known field a raw column holds (Parquet spells `account_id`, the table `account-id`). */
function fieldOf(c: RawColumn): FieldSpec | undefined {
  const name = canonicalFieldName(c.name);
  return FIELDS.find((f) => f.name === name);
}

/**
 * A SQL `CASE` giving, for one row of a Parquet file read in place, what the streaming parser
 * would make of it: `'flow'`, `'nodata'`/`'skipdata'` (coverage), or the skip reason
 * (`binary_junk`, `bad_log_status`, `bad_number`, `bad_port`, `bad_protocol`, `bad_address`,
 * `bad_action`), checked in the parser's order: control characters, log-status, numeric fields
 * in column order, addresses, action. Built only from the field table and the parser's limits.
 */
export function rowVerdictSql(columns: readonly RawColumn[]): string {
  const checks: Check[] = [];
  const texts = columns.filter((c) => c.type === 'VARCHAR');
  if (texts.length > 0) {
    const any = texts.map((c) => `regexp_matches(${q(c.name)}, '${JUNK_RE}')`).join(' OR ');
    checks.push([`(${any})`, 'binary_junk']);
  }
  const byField = new Map(columns.flatMap((c) => (fieldOf(c) ? [[fieldOf(c)!.key, c]] : [])));
  const status = byField.get('logStatus');
  if (status) {
    checks.push([isWord(status, 'NODATA'), COVERAGE_VERDICTS.nodata]);
    checks.push([isWord(status, 'SKIPDATA'), COVERAGE_VERDICTS.skipdata]);
    checks.push([`NOT coalesce(${isWord(status, 'OK')}, false)`, 'bad_log_status']);
  }
  for (const c of columns) {
    const f = fieldOf(c);
    if (f && f.type !== 'string') {
      const limit = LIMITS.find(([k]) => k === f.key);
      checks.push(
        ...numericChecks(c, limit ? limit[1] : Infinity, limit ? limit[2] : 'bad_number'),
      );
    }
  }
  for (const key of ADDRESS_KEYS) {
    const c = byField.get(key);
    if (c) {
      checks.push([badAddressSql(c), 'bad_address']);
    }
  }
  const action = byField.get('action');
  if (action) {
    const ok = `${isWord(action, 'ACCEPT')} OR ${isWord(action, 'REJECT')}`;
    checks.push([`(${present(action)} AND NOT (${ok}))`, 'bad_action']);
  }
  const whens = checks.map(([cond, reason]) => `WHEN ${cond} THEN ${str(reason)}`);
  return whens.length === 0
    ? str(FLOW_VERDICT)
    : `CASE ${whens.join('\n  ')}\n  ELSE ${str(FLOW_VERDICT)} END`;
}

/** Unix seconds of a raw time column, milliseconds normalised as the parser does. */
function secondsOf(c: RawColumn | undefined): string {
  if (!c) {
    return 'CAST(NULL AS BIGINT)';
  }
  const v = `TRY_CAST(${asText(c)} AS BIGINT)`;
  return `CASE WHEN ${v} > 100000000000 THEN CAST(floor(${v} / 1000.0) AS BIGINT) ELSE ${v} END`;
}

function textOf(c: RawColumn | undefined): string {
  return c ? `nullif(nullif(${asText(c)}, ''), '-')` : 'CAST(NULL AS VARCHAR)';
}

/**
 * Counts of {@link rowVerdictSql} over `source` (a FROM item), with coverage records grouped by
 * interface (interface-id, else resource-id, else `-`) and their start/end span, as the
 * streaming core reports them. Columns: `verdict, eni, n, first_start, last_end`.
 */
export function verdictSummarySql(columns: readonly RawColumn[], source: string): string {
  const byField = new Map(columns.flatMap((c) => (fieldOf(c) ? [[fieldOf(c)!.key, c]] : [])));
  const eni = `coalesce(${textOf(byField.get('interfaceId'))}, ${textOf(byField.get('resourceId'))}, '-')`;
  const coverage = Object.values(COVERAGE_VERDICTS).map(str).join(', ');
  return `SELECT verdict, CASE WHEN verdict IN (${coverage}) THEN eni END AS eni, count(*) AS n,
  min(first_start) AS first_start, max(last_end) AS last_end
FROM (SELECT ${rowVerdictSql(columns)} AS verdict, ${eni} AS eni,
  ${secondsOf(byField.get('start'))} AS first_start, ${secondsOf(byField.get('end'))} AS last_end
  FROM ${source})
GROUP BY 1, 2`;
}
