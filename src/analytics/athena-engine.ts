import type { AthenaClient, ColumnInfo, GetQueryResultsOutput } from '@aws-sdk/client-athena';
import { FlowError } from '../model/errors.ts';
import type { Row, QueryEngine } from './duckdb-engine.ts';
import type { BuiltQuery, QueryParam } from './query-builder.ts';

export interface AthenaEngineOptions {
  readonly database: string;
  readonly workgroup?: string;
  /** `s3://bucket/prefix/` for results (optional when the workgroup sets one). */
  readonly outputLocation?: string;
  readonly catalog?: string;
  /** Tests and custom endpoints; otherwise a client for `region` is created. */
  readonly client?: AthenaClient;
  readonly region?: string;
  readonly endpoint?: string;
  /** Poll interval and overall time limit. */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

const NUMERIC = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'double',
  'float',
  'real',
  'decimal',
]);

/**
 * One parameter as Athena's `ExecutionParameters` expects it: each entry is one literal that
 * Athena binds to one `?`; the query text never contains the value. Strings are quoted with
 * `'` doubled inside; numbers must be safe integers.
 */
export function athenaParameter(p: QueryParam): string {
  if (p.type === 'bigint') {
    if (!Number.isSafeInteger(p.value)) {
      throw new FlowError('FLOW_USAGE', `not an integer parameter: ${p.value}`);
    }
    return String(p.value);
  }
  return `'${p.value.replace(/'/g, "''")}'`;
}

function convert(v: string | undefined, info: ColumnInfo | undefined): string | number | null {
  if (v === undefined) {
    return null;
  }
  return NUMERIC.has((info?.Type ?? '').toLowerCase()) ? Number(v) : v;
}

function rowsOf(page: GetQueryResultsOutput, skipHeader: boolean): Row[] {
  const cols = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
  const rows = page.ResultSet?.Rows ?? [];
  return rows.slice(skipHeader ? 1 : 0).map((r) => {
    const out: Row = {};
    (r.Data ?? []).forEach((d, i) => {
      const info = cols[i];
      out[info?.Name ?? `_${i}`] = convert(d.VarCharValue, info);
    });
    return out;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs builder queries in Amazon Athena: StartQueryExecution (parameters bound through
 * `ExecutionParameters`), polls GetQueryExecution until a final state, pages GetQueryResults.
 * FAILED and CANCELLED become `FLOW_QUERY_FAILED` / `FLOW_QUERY_CANCELLED` with Athena's reason.
 */
export class AthenaEngine implements QueryEngine {
  // The SDK loads on first use, so commands that never query Athena start faster.
  private readonly sdk = import('@aws-sdk/client-athena');
  private made: AthenaClient | undefined;

  constructor(private readonly o: AthenaEngineOptions) {
    this.made = o.client;
  }

  private async client(): Promise<AthenaClient> {
    const { AthenaClient } = await this.sdk;
    this.made ??= new AthenaClient({
      ...(this.o.region ? { region: this.o.region } : {}),
      ...(this.o.endpoint ? { endpoint: this.o.endpoint } : {}),
    });
    return this.made;
  }

  async run(q: Pick<BuiltQuery, 'sql' | 'params'>): Promise<Row[]> {
    const id = await this.start(q);
    await this.wait(id);
    return this.results(id);
  }

  private async start(q: Pick<BuiltQuery, 'sql' | 'params'>): Promise<string> {
    const o = this.o;
    const { StartQueryExecutionCommand } = await this.sdk;
    const out = await (
      await this.client()
    ).send(
      new StartQueryExecutionCommand({
        QueryString: q.sql,
        QueryExecutionContext: {
          Database: o.database,
          ...(o.catalog ? { Catalog: o.catalog } : {}),
        },
        ...(o.workgroup ? { WorkGroup: o.workgroup } : {}),
        ...(o.outputLocation ? { ResultConfiguration: { OutputLocation: o.outputLocation } } : {}),
        ...(q.params.length > 0 ? { ExecutionParameters: q.params.map(athenaParameter) } : {}),
      }),
    );
    if (!out.QueryExecutionId) {
      throw new FlowError('FLOW_QUERY_FAILED', 'Athena returned no query execution id');
    }
    return out.QueryExecutionId;
  }

  private async wait(id: string): Promise<void> {
    const deadline = Date.now() + (this.o.timeoutMs ?? 30 * 60_000);
    const { GetQueryExecutionCommand } = await this.sdk;
    const client = await this.client();
    for (;;) {
      const out = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const status = out.QueryExecution?.Status;
      const reason =
        status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? 'no reason given';
      if (status?.State === 'SUCCEEDED') {
        return;
      }
      if (status?.State === 'FAILED') {
        throw new FlowError('FLOW_QUERY_FAILED', `Athena query ${id} failed: ${reason}`);
      }
      if (status?.State === 'CANCELLED') {
        throw new FlowError('FLOW_QUERY_CANCELLED', `Athena query ${id} was cancelled: ${reason}`);
      }
      if (Date.now() > deadline) {
        throw new FlowError('FLOW_QUERY_FAILED', `Athena query ${id} did not finish in time`);
      }
      await sleep(this.o.pollMs ?? 1000);
    }
  }

  private async results(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    let token: string | undefined;
    let first = true;
    const { GetQueryResultsCommand } = await this.sdk;
    const client = await this.client();
    do {
      const page = await client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      rows.push(...rowsOf(page, first));
      first = false;
      token = page.NextToken;
    } while (token);
    return rows;
  }

  async close(): Promise<void> {
    this.made?.destroy();
  }
}
