import { mkdtemp, open, rm, stat } from 'node:fs/promises';
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
import { countSkip, createIngestStats, type IngestStats } from '../model/ingest-stats.ts';
import { readFlows, type ReadOptions } from '../sources/read-flows.ts';
import type { LogObject, Source } from '../sources/source.ts';
import { ParquetSink } from './parquet-sink.ts';
import type { BuiltQuery, QueryParam } from './query-builder.ts';
import {
  COVERAGE_VERDICTS,
  FLOW_VERDICT,
  rowVerdictSql,
  verdictSummarySql,
  type RawColumn,
} from './row-verdict-sql.ts';
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
  const c = col(f.name);
  if (type === undefined) {
    return `CAST(NULL AS ${SQL_TYPES[f.type]}) AS ${c}`;
  }
  if (f.type !== 'string') {
    return `TRY_CAST(${c} AS ${SQL_TYPES[f.type]}) AS ${c}`;
  }
  if (f.name.endsWith('account-id') && type !== 'VARCHAR') {
    return `lpad(CAST(${c} AS VARCHAR), 12, '0') AS ${c}`;
  }
  // As the text path: an empty string or `-` is absent.
  return `nullif(nullif(CAST(${c} AS VARCHAR), ''), '-') AS ${c}`;
}

const readParquet = (variable: string): string =>
  `read_parquet(getvariable('${variable}'), union_by_name = true, hive_partitioning = false)`;
const RAW = readParquet('flowlens_files');
const DIRECT = readParquet('flowlens_direct');
const VERDICT = 'flowlens_verdict';
/** Smallest well-formed Parquet file: magic, footer length, magic. */
const MIN_PARQUET_BYTES = 12;

/** Cheap shape check: `PAR1` at both ends. Anything else goes through the streaming reader. */
async function looksLikeParquet(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
    const { size } = await fh.stat();
    if (size < MIN_PARQUET_BYTES) {
      return false;
    }
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.read(tail, 0, 4, size - 4);
    return head.toString('latin1') === 'PAR1' && tail.toString('latin1') === 'PAR1';
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

function addSummary(stats: IngestStats, rows: readonly Row[]): void {
  for (const r of rows) {
    const verdict = String(r.verdict);
    const n = Number(r.n);
    stats.records += n;
    if (verdict === FLOW_VERDICT) {
      stats.kept += n;
    } else if (verdict === COVERAGE_VERDICTS.nodata || verdict === COVERAGE_VERDICTS.skipdata) {
      stats[verdict] += n;
      const eni = String(r.eni);
      const c = (stats.coverage[eni] ??= { nodata: 0, skipdata: 0, start: Infinity, end: 0 });
      c[verdict] += n;
      c.start = Math.min(c.start, r.first_start === null ? Infinity : Number(r.first_start));
      c.end = Math.max(c.end, r.last_end === null ? 0 : Number(r.last_end));
    } else {
      countSkip(stats, verdict, n);
    }
  }
}

/**
 * DuckDB over local Parquet (read in place) and any other source (streamed through the shared
 * parser into temporary Parquet files). Exposes a `flows` view with one column per field of the
 * field table (underscore spelling), holding flow records only (log-status OK or absent).
 * No DuckDB extension is loaded: S3 objects arrive through our own sources.
 */
export class DuckDbEngine implements QueryEngine {
  private tempDir: string | undefined;
  private direct: string[] = [];
  private readonly streamed: IngestStats = createIngestStats();
  private summary: IngestStats | undefined;

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
   * applies, and their rows face the parser's validity rules in SQL (`row-verdict-sql.ts`);
   * everything else goes through `readFlows` (window, validation) into temp Parquet.
   */
  async load(sources: readonly Source[], opts: ReadOptions = {}): Promise<void> {
    const direct: string[] = [];
    const streamed: LogObject[] = [];
    for (const s of sources) {
      for await (const o of s.objects({ stats: this.streamed })) {
        const inPlace = s.kind === 'file' && o.envelope === 'parquet' && !opts.window;
        if (inPlace && (await looksLikeParquet(o.name))) {
          direct.push(o.name);
        } else {
          streamed.push(o);
        }
      }
    }
    this.direct = direct;
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
    for await (const batch of readFlows([listed], { ...opts, stats: this.streamed })) {
      for (const r of batch) {
        sink.add(r);
      }
    }
    sink.close();
    return sink.files;
  }

  private async setFiles(variable: string, files: readonly string[]): Promise<void> {
    await this.conn.run(`SET VARIABLE ${variable} = $1`, [listValue([...files])], [LIST(VARCHAR)]);
  }

  private async describe(from: string): Promise<RawColumn[]> {
    const described = await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
    return described
      .getRowObjectsJS()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /**
   * Points the `flows` view at these Parquet files (an empty view when there are none): flow
   * rows only, i.e. rows the streaming parser would keep (see {@link rowVerdictSql}).
   */
  async attach(files: readonly string[]): Promise<void> {
    if (files.length === 0) {
      const cols = FIELDS.map((f) => `CAST(NULL AS ${SQL_TYPES[f.type]}) AS ${col(f.name)}`);
      await this.conn.run(`CREATE OR REPLACE VIEW flows AS SELECT ${cols.join(', ')} WHERE false`);
      return;
    }
    await this.setFiles('flowlens_files', files);
    const raw = await this.describe(RAW);
    const present = new Map(raw.map((c) => [c.name, c.type]));
    const cols = FIELDS.map((f) => viewColumn(f, present)).join(',\n  ');
    await this.conn.run(
      `CREATE OR REPLACE VIEW flows AS SELECT\n  ${cols}\nFROM (SELECT *, ${rowVerdictSql(raw)} AS ${VERDICT} FROM ${RAW})\nWHERE ${VERDICT} = '${FLOW_VERDICT}'`,
    );
  }

  /**
   * What reading found, as the streaming core reports it: the streamed objects' statistics plus,
   * for Parquet read in place, records, kept, skips by reason and NODATA/SKIPDATA coverage
   * (one counting scan, done on first call).
   */
  async ingestStats(): Promise<IngestStats> {
    if (this.summary) {
      return this.summary;
    }
    const stats = structuredClone(this.streamed);
    stats.objects += this.direct.length;
    for (const f of this.direct) {
      const { size } = await stat(f);
      stats.bytesIn += size;
      stats.bytesDecoded += size;
    }
    if (this.direct.length > 0) {
      await this.setFiles('flowlens_direct', this.direct);
      const raw = await this.describe(DIRECT);
      addSummary(stats, await this.run({ sql: verdictSummarySql(raw, DIRECT), params: [] }));
    }
    return (this.summary = stats);
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
