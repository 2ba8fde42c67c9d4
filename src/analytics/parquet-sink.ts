import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';
import { FIELDS, type FieldSpec } from '../model/fields.ts';
import type { FlowRecord } from '../model/flow-record.ts';
import { sqlColumnName } from './sql-names.ts';

/** Rows per row group: a sink never buffers more than this many records. */
export const DEFAULT_ROW_GROUP_ROWS = 65536;

const PARQUET_TYPES = {
  int: { type: 'INT32' },
  long: { type: 'INT64' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
} as const satisfies Record<FieldSpec['type'], Partial<SchemaElement>>;

/** The known fields a record carries, in field-table order (its layout's fields). */
export function fieldsOf(rec: FlowRecord): FieldSpec[] {
  return FIELDS.filter((f) => f.key in rec);
}

function schemaFor(fields: readonly FieldSpec[]): SchemaElement[] {
  return [
    { name: 'schema', num_children: fields.length },
    ...fields.map((f) => ({
      name: sqlColumnName(f.name),
      repetition_type: 'OPTIONAL' as const,
      ...PARQUET_TYPES[f.type],
    })),
  ];
}

/**
 * Writes flow records to Parquet with AWS's column names (underscores) and types (INT32,
 * INT64, UTF8; nulls for `-`). Records are buffered up to one row group, then encoded and
 * appended, so memory is bounded by the row-group size. A record with a field the current file
 * lacks closes it and starts the next part (`pathFor(n)`), whose columns are the union.
 */
export class ParquetSink {
  private fields: FieldSpec[] = [];
  private keys = new Set<string>();
  private columns: unknown[][] = [];
  private writer: ParquetWriter | undefined;
  private part = 0;
  private rows = 0;
  readonly files: string[] = [];

  constructor(
    private readonly pathFor: (part: number) => string,
    private readonly rowGroupRows = DEFAULT_ROW_GROUP_ROWS,
  ) {}

  /** Records buffered and not yet encoded. */
  get buffered(): number {
    return this.rows;
  }

  add(rec: FlowRecord): void {
    if (!this.writer || !this.fits(rec)) {
      this.roll(rec);
    }
    const r = rec as Record<string, unknown>;
    for (let i = 0; i < this.fields.length; i++) {
      const f = this.fields[i]!;
      const v = r[f.key];
      this.columns[i]!.push(v == null ? null : f.type === 'long' ? BigInt(v as number) : v);
    }
    if (++this.rows >= this.rowGroupRows) {
      this.flush();
    }
  }

  /** Encodes the buffered records as one row group. */
  flush(): void {
    if (!this.writer || this.rows === 0) {
      return;
    }
    const columnData = this.fields.map((f, i) => ({
      name: sqlColumnName(f.name),
      data: this.columns[i]!,
    }));
    void this.writer.write({ columnData, rowGroupSize: this.rows });
    this.columns = this.fields.map(() => []);
    this.rows = 0;
  }

  close(): void {
    this.flush();
    if (this.writer) {
      void this.writer.finish();
      this.writer = undefined;
    }
  }

  private fits(rec: FlowRecord): boolean {
    for (const k in rec) {
      if (k !== 'extra' && !this.keys.has(k)) {
        return false;
      }
    }
    return true;
  }

  private roll(rec: FlowRecord): void {
    const keys = new Set([...this.fields, ...fieldsOf(rec)].map((f) => f.key));
    this.close();
    this.fields = FIELDS.filter((f) => keys.has(f.key));
    this.keys = new Set(this.fields.map((f) => f.key));
    this.columns = this.fields.map(() => []);
    const path = this.pathFor(this.part++);
    this.files.push(path);
    this.writer = new ParquetWriter({ writer: fileWriter(path), schema: schemaFor(this.fields) });
  }
}
