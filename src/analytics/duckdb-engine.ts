import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIGINT,
  DuckDBInstance,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { FlowError } from '../model/errors.ts';
import { FIELDS, type FieldSpec } from '../model/fields.ts';
import { createIngestStats } from '../model/ingest-stats.ts';
import { readFlows, type ReadOptions } from '../sources/read-flows.ts';
import type { LogObject, Source } from '../sources/source.ts';
import { ParquetSink } from './parquet-sink.ts';
import type { BuiltQuery, QueryParam } from './query-builder.ts';
import { SQL_TYPES, col, sqlColumnName } from './sql-names.ts';

/** One result row: numbers for numeric columns, strings, `null`. */
export type Row = Record<string, string | number | null>;

/** What the query commands need from an engine (DuckDB here, Athena in `athena-engine.ts`). */
export interface QueryEngine {
  run(q: Pick<BuiltQuery, 'sql' | 'params'>): Promise<Row[]>;
  close(): Promise<void>;
}

const TYPES = { varchar: VARCHAR, bigint: BIGINT } as const;

function bind(params: readonly QueryParam[]): [DuckDBValue[], DuckDBType[]] {
  return [
    params.map((p) => (p.type === 'bigint' ? BigInt(p.value) : p.value)),
    params.map((p) => TYPES[p.type]),
  ];
}

function plain(v: unknown): string | number | null {
  if (v === null || v === undefined) {
    return null;
  }
  if (typeof v === 'bigint') {
    return Number(v);
  }
  return typeof v === 'number' || typeof v === 'string' ? v : String(v);
}

/** The `flows` view's expression for one field, given the columns the files have. */
function viewColumn(f: FieldSpec, present: ReadonlyMap<string, string>): string {
  const name = sqlColumnName(f.name);
  const type = present.get(name);
  if (type === undefined) {
    return `CAST(NULL AS ${SQL_TYPES[f.type]}) AS ${col(f.name)}`;
  }
  if (f.name.endsWith('account-id') && type !== 'VARCHAR') {
    return `lpad(CAST(${col(f.name)} AS VARCHAR), 12, '0') AS ${col(f.name)}`;
  }
  return `CAST(${col(f.name)} AS ${SQL_TYPES[f.type]}) AS ${col(f.name)}`;
}

const RAW = `read_parquet(getvariable('flowlens_files'), union_by_name = true, hive_partitioning = false)`;

/**
 * DuckDB over local Parquet (read in place) and any other source (streamed through the shared
 * parser into temporary Parquet files). Exposes a `flows` view with one column per field of the
 * field table (underscore spelling), holding flow records only (log-status OK or absent).
 * No DuckDB extension is loaded: S3 objects arrive through our own sources.
 */
export class DuckDbEngine implements QueryEngine {
  private tempDir: string | undefined;

  private constructor(
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async create(): Promise<DuckDbEngine> {
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    return new DuckDbEngine(db, await db.connect());
  }

  /**
   * Makes `flows` cover these sources. Local `.parquet` files are read in place unless a window
   * applies; everything else goes through `readFlows` (window, validation) into temp Parquet.
   */
  async load(sources: readonly Source[], opts: ReadOptions = {}): Promise<void> {
    const direct: string[] = [];
    const streamed: LogObject[] = [];
    const stats = opts.stats ?? createIngestStats();
    for (const s of sources) {
      for await (const o of s.objects({ stats })) {
        if (s.kind === 'file' && o.envelope === 'parquet' && !opts.window) {
          direct.push(o.name);
        } else {
          streamed.push(o);
        }
      }
    }
    const files = [...direct, ...(await this.stream(streamed, opts))];
    await this.attach(files);
  }

  private async stream(objects: readonly LogObject[], opts: ReadOptions): Promise<string[]> {
    if (objects.length === 0) {
      return [];
    }
    this.tempDir ??= await mkdtemp(join(tmpdir(), 'flowlens-duckdb-'));
    const dir = this.tempDir;
    const sink = new ParquetSink((n) => join(dir, `part-${n}.parquet`));
    const listed: Source = {
      kind: 'list',
      uri: 'objects',
      async *objects() {
        yield* objects;
      },
    };
    for await (const batch of readFlows([listed], opts)) {
      for (const r of batch) {
        sink.add(r);
      }
    }
    sink.close();
    return sink.files;
  }

  /** Points the `flows` view at these Parquet files (an empty view when there are none). */
  async attach(files: readonly string[]): Promise<void> {
    if (files.length === 0) {
      const cols = FIELDS.map((f) => `CAST(NULL AS ${SQL_TYPES[f.type]}) AS ${col(f.name)}`);
      await this.conn.run(`CREATE OR REPLACE VIEW flows AS SELECT ${cols.join(', ')} WHERE false`);
      return;
    }
    await this.conn.run(
      'SET VARIABLE flowlens_files = $1',
      [listValue([...files])],
      [LIST(VARCHAR)],
    );
    const described = await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${RAW}`);
    const present = new Map(
      described.getRowObjectsJS().map((r) => [String(r.column_name), String(r.column_type)]),
    );
    const cols = FIELDS.map((f) => viewColumn(f, present)).join(',\n  ');
    const status = present.has('log_status')
      ? ` WHERE "log_status" IS NULL OR upper("log_status") = 'OK'`
      : '';
    await this.conn.run(`CREATE OR REPLACE VIEW flows AS SELECT\n  ${cols}\nFROM ${RAW}${status}`);
  }

  async run(q: Pick<BuiltQuery, 'sql' | 'params'>): Promise<Row[]> {
    const [values, types] = bind(q.params);
    try {
      const reader = await this.conn.runAndReadAll(q.sql, values, types);
      return reader.getRowObjectsJS().map((r) => {
        const out: Row = {};
        for (const [k, v] of Object.entries(r)) {
          out[k] = plain(v);
        }
        return out;
      });
    } catch (e) {
      throw new FlowError('FLOW_QUERY_FAILED', `DuckDB: ${(e as Error).message}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.db.closeSync();
    if (this.tempDir) {
      await rm(this.tempDir, { recursive: true, force: true });
    }
  }
}
