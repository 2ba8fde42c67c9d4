import { FlowError } from '../model/errors.ts';
import { FIELDS, fieldSpec, type FieldSpec, type FieldType } from '../model/fields.ts';

/** SQL spelling of a field: `account-id` → `account_id` (as in AWS's Parquet and Athena). */
export function sqlColumnName(field: string): string {
  return field.replace(/-/g, '_');
}

/** A quoted column identifier, only for fields of the field table (never user text). */
export function col(field: string): string {
  if (!fieldSpec(field)) {
    throw new FlowError('FLOW_USAGE', `'${field}' is not a flow-log field`);
  }
  return `"${sqlColumnName(field)}"`;
}

/** Engine-neutral SQL types for the field table's types (DuckDB and Trino both accept them). */
export const SQL_TYPES = {
  int: 'INTEGER',
  long: 'BIGINT',
  string: 'VARCHAR',
} as const satisfies Record<FieldType, string>;

/** Hive DDL types (Athena `CREATE EXTERNAL TABLE`). */
export const HIVE_TYPES = {
  int: 'int',
  long: 'bigint',
  string: 'string',
} as const satisfies Record<FieldType, string>;

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Validates a table name (`flows`, `db.table`): letters, digits and `_` only. */
export function tableName(name: string): string {
  if (!TABLE_RE.test(name)) {
    throw new FlowError('FLOW_USAGE', `'${name}' is not a valid table name ([db.]name, A-Z 0-9 _)`);
  }
  return name
    .split('.')
    .map((p) => `"${p}"`)
    .join('.');
}

/** The field specs for a list of canonical names (unknown names are usage errors). */
export function fieldsNamed(names: readonly string[]): FieldSpec[] {
  return names.map((n) => {
    const s = fieldSpec(n);
    if (!s) {
      throw new FlowError('FLOW_USAGE', `'${n}' is not a flow-log field`);
    }
    return s;
  });
}

export { FIELDS };
