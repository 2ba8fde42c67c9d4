/**
 * TEST SUPPORT: a local STAND-IN of the Amazon Athena JSON API, not Athena. No AWS account
 * exists where flowlens is developed, so the Athena engine and `--engine athena` are tested
 * against this `node:http` server speaking x-amz-json-1.1 (StartQueryExecution,
 * GetQueryExecution, GetQueryResults). It records every request, binds `ExecutionParameters`
 * literals to the `?` placeholders and runs the SQL on a DuckDB engine (the "table"), reports
 * QUEUED, RUNNING, then the configured final state, and pages results.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueryEngine, Row } from './duckdb-engine.ts';
import type { QueryParam } from './query-builder.ts';

export interface StandInCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

export type StandInOutcome = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface AthenaStandIn {
  readonly endpoint: string;
  readonly calls: StandInCall[];
  /** Final state of the next executions. */
  outcome: StandInOutcome;
  close(): Promise<void>;
}

/** Rows per GetQueryResults page. */
export const STAND_IN_PAGE = 50;

/** Athena binds each parameter as one literal: a quoted string ('' = ') or a number. */
function fromLiteral(lit: string): QueryParam {
  const m = /^'((?:[^']|'')*)'$/s.exec(lit);
  if (m) {
    return { type: 'varchar', value: m[1]!.replace(/''/g, "'") };
  }
  if (/^-?\d+$/.test(lit)) {
    return { type: 'bigint', value: Number(lit) };
  }
  throw new Error(`InvalidRequestException: parameter is not a literal: ${lit}`);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let s = '';
  for await (const c of req) {
    s += c;
  }
  return JSON.parse(s) as Record<string, unknown>;
}

interface Execution {
  rows: Row[];
  polls: number;
  outcome: StandInOutcome;
}

function status(e: Execution) {
  e.polls++;
  const State = e.polls === 1 ? 'QUEUED' : e.polls === 2 ? 'RUNNING' : e.outcome;
  const reason = State === 'FAILED' ? 'SYNTAX_ERROR: stand-in failure' : undefined;
  return {
    QueryExecution: { Status: { State, ...(reason ? { StateChangeReason: reason } : {}) } },
  };
}

function results(e: Execution, nextToken: unknown) {
  const from = nextToken ? Number(nextToken) : 0;
  const names = Object.keys(e.rows[0] ?? {});
  const type = (n: string) => (typeof e.rows[0]?.[n] === 'number' ? 'bigint' : 'varchar');
  const data = (r: Row) => ({
    Data: names.map((n) => (r[n] === null ? {} : { VarCharValue: String(r[n]) })),
  });
  const header = from === 0 ? [{ Data: names.map((n) => ({ VarCharValue: n })) }] : [];
  const page = e.rows.slice(from, from + STAND_IN_PAGE);
  return {
    ResultSet: {
      Rows: [...header, ...page.map(data)],
      ResultSetMetadata: { ColumnInfo: names.map((n) => ({ Name: n, Type: type(n) })) },
    },
    ...(from + STAND_IN_PAGE < e.rows.length ? { NextToken: String(from + STAND_IN_PAGE) } : {}),
  };
}

/** Starts the stand-in on a free local port; `table` answers the queries. */
export async function startAthenaStandIn(table: QueryEngine): Promise<AthenaStandIn> {
  const executions = new Map<string, Execution>();
  const calls: StandInCall[] = [];
  const state: { outcome: StandInOutcome } = { outcome: 'SUCCEEDED' };
  const execution = (b: Record<string, unknown>) => executions.get(String(b.QueryExecutionId))!;
  const handlers: Record<string, (b: Record<string, unknown>) => unknown> = {
    'AmazonAthena.StartQueryExecution': async (b) => {
      const params = ((b.ExecutionParameters as string[] | undefined) ?? []).map(fromLiteral);
      const rows = await table.run({ sql: String(b.QueryString), params });
      const id = `q-${executions.size + 1}`;
      executions.set(id, { rows, polls: 0, outcome: state.outcome });
      return { QueryExecutionId: id };
    },
    'AmazonAthena.GetQueryExecution': (b) => status(execution(b)),
    'AmazonAthena.GetQueryResults': (b) => results(execution(b), b.NextToken),
  };
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target']);
    const body = await readBody(req);
    calls.push({ target, body });
    try {
      const out = await handlers[target]!(body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
    } catch (e) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InvalidRequestException', Message: String(e) }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    get outcome() {
      return state.outcome;
    },
    set outcome(o: StandInOutcome) {
      state.outcome = o;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
