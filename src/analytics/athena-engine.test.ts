/**
 * No AWS account exists where flowlens is developed, so these tests run the Athena engine
 * against a local STAND-IN of the Athena JSON API (x-amz-json-1.1 over node:http), not against
 * Amazon Athena. The stand-in speaks StartQueryExecution / GetQueryExecution / GetQueryResults,
 * records every request, binds `ExecutionParameters` literals to the `?` placeholders and runs
 * the query on DuckDB over generated data, so results can be compared with the streaming core.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { digestSources } from '../aggregate/digest-sources.ts';
import { createFileSource } from '../sources/file/file-source.ts';
import { AthenaEngine } from './athena-engine.ts';
import { DuckDbEngine, type Row } from './duckdb-engine.ts';
import { buildDigestQuery, buildLinksQuery, type QueryParam } from './query-builder.ts';
import { digestFromRows } from './query-results.ts';
import { syntheticFlowLines } from './synthetic-flows.ts';

interface Call {
  target: string;
  body: Record<string, unknown>;
}

type Outcome = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

let dir = '';
let textPath = '';
let duck: DuckDbEngine;
let server: Server;
let endpoint = '';
const calls: Call[] = [];
let outcome: Outcome = 'SUCCEEDED';
const PAGE = 50;
const executions = new Map<string, { rows: Row[]; polls: number; outcome: Outcome }>();

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

async function start(body: Record<string, unknown>) {
  const params = ((body.ExecutionParameters as string[] | undefined) ?? []).map(fromLiteral);
  const rows = await duck.run({ sql: String(body.QueryString), params });
  const id = `q-${executions.size + 1}`;
  executions.set(id, { rows, polls: 0, outcome });
  return { QueryExecutionId: id };
}

function status(body: Record<string, unknown>) {
  const e = executions.get(String(body.QueryExecutionId))!;
  e.polls++;
  const State = e.polls === 1 ? 'QUEUED' : e.polls === 2 ? 'RUNNING' : e.outcome;
  const reason = State === 'FAILED' ? 'SYNTAX_ERROR: stand-in failure' : undefined;
  return {
    QueryExecution: { Status: { State, ...(reason ? { StateChangeReason: reason } : {}) } },
  };
}

function results(body: Record<string, unknown>) {
  const e = executions.get(String(body.QueryExecutionId))!;
  const from = body.NextToken ? Number(body.NextToken) : 0;
  const names = Object.keys(e.rows[0] ?? {});
  const type = (n: string) => (typeof e.rows[0]?.[n] === 'number' ? 'bigint' : 'varchar');
  const data = (r: Row) => ({
    Data: names.map((n) => (r[n] === null ? {} : { VarCharValue: String(r[n]) })),
  });
  const header = from === 0 ? [{ Data: names.map((n) => ({ VarCharValue: n })) }] : [];
  const page = e.rows.slice(from, from + PAGE);
  return {
    ResultSet: {
      Rows: [...header, ...page.map(data)],
      ResultSetMetadata: { ColumnInfo: names.map((n) => ({ Name: n, Type: type(n) })) },
    },
    ...(from + PAGE < e.rows.length ? { NextToken: String(from + PAGE) } : {}),
  };
}

const HANDLERS: Record<string, (b: Record<string, unknown>) => unknown> = {
  'AmazonAthena.StartQueryExecution': start,
  'AmazonAthena.GetQueryExecution': status,
  'AmazonAthena.GetQueryResults': results,
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flowlens-athena-'));
  textPath = join(dir, 'flows.log');
  await writeFile(textPath, [...syntheticFlowLines({ records: 3000, hosts: 6 })].join('\n'));
  duck = await DuckDbEngine.create();
  await duck.load([createFileSource(textPath)]);
  server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target']);
    const body = await readBody(req);
    calls.push({ target, body });
    try {
      const out = await HANDLERS[target]!(body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
    } catch (e) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InvalidRequestException', Message: String(e) }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  await duck.close();
  await rm(dir, { recursive: true, force: true });
});

function engine(): AthenaEngine {
  const client = new AthenaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'stand-in', secretAccessKey: 'stand-in' },
  });
  return new AthenaEngine({
    client,
    database: 'vpclogs',
    workgroup: 'primary',
    outputLocation: 's3://results-bucket/flowlens/',
    pollMs: 1,
  });
}

test('should start, poll and page a digest whose result equals the streaming core', async () => {
  calls.length = 0;
  outcome = 'SUCCEEDED';
  const window = { start: 1_767_230_000, stop: 1_767_330_000 };
  const rows = await engine().run(buildDigestQuery({ window }));
  const expected = await digestSources([createFileSource(textPath)], { window });
  assert.deepEqual(digestFromRows(rows), expected.digest);
  const targets = calls.map((c) => c.target.replace('AmazonAthena.', ''));
  const pages = Math.ceil(rows.length / PAGE);
  assert.ok(pages > 1);
  assert.deepEqual(targets, [
    'StartQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    'GetQueryExecution',
    ...Array.from({ length: pages }, () => 'GetQueryResults'),
  ]);
  const startCall = calls[0]!.body;
  assert.deepEqual(startCall.QueryExecutionContext, { Database: 'vpclogs' });
  assert.equal(startCall.WorkGroup, 'primary');
  assert.deepEqual(startCall.ResultConfiguration, {
    OutputLocation: 's3://results-bucket/flowlens/',
  });
  assert.deepEqual(startCall.ExecutionParameters, [String(window.start), String(window.stop)]);
});

test('should send an injection attempt in an IP as one bound parameter', async () => {
  calls.length = 0;
  outcome = 'SUCCEEDED';
  const evil = "10.0.1.3' OR '1'='1";
  const rows = await engine().run(buildLinksQuery({ mode: 'inspect', ip: evil }));
  assert.deepEqual(rows, []);
  const sent = calls[0]!.body;
  assert.ok(!String(sent.QueryString).includes('10.0.1.3'));
  assert.deepEqual(sent.ExecutionParameters, [
    "'10.0.1.3'' OR ''1''=''1'",
    "'10.0.1.3'' OR ''1''=''1'",
  ]);
});

test('should turn FAILED and CANCELLED into typed errors', async () => {
  outcome = 'FAILED';
  await assert.rejects(engine().run(buildDigestQuery()), { code: 'FLOW_QUERY_FAILED' });
  outcome = 'CANCELLED';
  await assert.rejects(engine().run(buildDigestQuery()), { code: 'FLOW_QUERY_CANCELLED' });
  outcome = 'SUCCEEDED';
});
